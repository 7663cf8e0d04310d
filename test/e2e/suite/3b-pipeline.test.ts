// Script Contracts: Show Pipeline on examples/seed-pipeline: the view draws the server's graph,
// and draws it again after an edit that changes which output feeds which dependency.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { api, open, revert, runningClient, until, ws } from './helpers';

const SPEC = 'specs/packaging_spec.py';

suite('pipeline view', () => {
  suiteSetup(async () => {
    await runningClient();
  });
  suiteTeardown(async () => {
    await revert(ws(SPEC));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('Show Pipeline draws every step of the example and its edges', async () => {
    const shown = (await vscode.commands.executeCommand('scriptContracts.showPipeline')) as { steps: number; edges: number };
    assert.strictEqual(shown.steps, 6, JSON.stringify(shown));
    assert.strictEqual(shown.edges, 16, JSON.stringify(shown));
    const panelTab = vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.label === 'Pipeline');
    assert.ok(panelTab, 'a "Pipeline" tab is open');
  });

  test('the view follows an edit: an output retyped no longer feeds the dependency', async () => {
    const a = await api();
    const before = a.pipeline?.edges ?? 0;
    const editor = await open(SPEC);
    const text = editor.document.getText();
    const at = text.indexOf('output_type=DependencyType.MODEL_ARTIFACTS');
    assert.ok(at > 0);
    const start = editor.document.positionAt(at + 'output_type=DependencyType.'.length);
    await editor.edit((e) => e.replace(new vscode.Range(start, start.translate(0, 'MODEL_ARTIFACTS'.length)), 'PROCESSING_OUTPUT'));
    const after = await until('the view to draw the new graph', () => (a.pipeline && a.pipeline.edges < before ? a.pipeline : undefined), 30000);
    assert.strictEqual(after.edges, before - 1);
  });
});
