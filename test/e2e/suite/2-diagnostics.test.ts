// Diagnostics against the oracle in examples/seed-pipeline/README.md ("Expected findings"; lines are 1-based).
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { describe, diagnostic, open, ruleOf, runningClient, sleep, ws } from './helpers';

const S = vscode.DiagnosticSeverity;

suite('diagnostics', () => {
  suiteSetup(async () => {
    await runningClient();
  });

  test('tabular_preprocess.py: the four planted findings, with rule ids as codes', async () => {
    const uri = ws('scripts/tabular_preprocess.py');
    await open('scripts/tabular_preprocess.py');
    const expected: [number, string, vscode.DiagnosticSeverity][] = [
      [40, 'hardcoded-path', S.Warning],
      [55, 'unbridged-env-var', S.Error],
      [58, 'undeclared-channel', S.Error],
      [59, 'unwired-channel', S.Error],
    ];
    for (const [line, rule, severity] of expected) {
      const d = await diagnostic(uri, rule, line);
      assert.strictEqual(d.severity, severity, `${rule} severity`);
      assert.ok(d.message.length > 0);
    }
    const hp = await diagnostic(uri, 'hardcoded-path', 40);
    const text = (await vscode.workspace.openTextDocument(uri)).getText(hp.range);
    assert.ok(text.includes('/opt/ml/processing/input/data'), `hardcoded-path range covers the path, got ${JSON.stringify(text)}`);
  });

  test('tabular_preprocess.py: nothing else (docstring path, SM_* env var, METADATA wiring)', async () => {
    const uri = ws('scripts/tabular_preprocess.py');
    await diagnostic(uri, 'unwired-channel', 59);
    await sleep(500); // let a late publish land before checking for absence
    const diags = vscode.languages.getDiagnostics(uri).filter((d) => ruleOf(d) !== 'unused-suppression');
    assert.strictEqual(diags.length, 4, `expected exactly the 4 planted findings, got ${describe(diags)}`);
    assert.ok(!diags.some((d) => d.range.start.line === 30), 'no finding for the container path in the docstring (line 31)');
    assert.ok(!diags.some((d) => d.range.start.line === 51), 'no finding for SM_CURRENT_HOST (line 52)');
  });

  test('related information: contract-drift points at the YAML contract', async () => {
    const uri = ws('contracts/risk_table_mapping_contract.py');
    await open('contracts/risk_table_mapping_contract.py');
    const d = await diagnostic(uri, 'contract-drift', 13);
    assert.ok(
      d.relatedInformation?.some((r) => r.location.uri.path.endsWith('interfaces/risk_table_mapping.step.yaml')),
      `related information should name the .step.yaml, got ${JSON.stringify(d.relatedInformation?.map((r) => r.location.uri.path))}`,
    );
  });

  test('workspace diagnostics: findings in files that were never opened', async () => {
    // scriptContracts.workspaceDiagnostics defaults to true
    const uri = ws('specs/packaging_spec.py');
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()), 'the file must not be open');
    const d = await diagnostic(uri, 'unknown-keyword', 29, 45000);
    assert.strictEqual(d.severity, S.Warning);
    await diagnostic(ws('contracts/xgboost_train_contract.py'), 'missing-script', 10);
  });
});
