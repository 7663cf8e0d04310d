// Completion, hover, definition, rename and quick fix on examples/seed-pipeline/scripts/tabular_preprocess.py,
// whose contract (contracts/tabular_preprocess_contract.py) declares DATA, METADATA, SIGNATURE -> processed_data.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { completionLabels, diagnostic, hoverText, inString, open, revert, ruleOf, runningClient, until, ws } from './helpers';

const SCRIPT = 'scripts/tabular_preprocess.py';
const CONTRACT = 'contracts/tabular_preprocess_contract.py';

suite('language features', () => {
  let doc: vscode.TextDocument;
  suiteSetup(async () => {
    await runningClient();
    doc = (await open(SCRIPT)).document;
    await diagnostic(doc.uri, 'hardcoded-path', 40);
  });
  suiteTeardown(async () => {
    await revert(ws(SCRIPT));
  });

  test('completion inside input_paths[" offers the contract\'s input names', async () => {
    const editor = await open(SCRIPT);
    // a new line at the top of main()'s body (after line 57: df = combine_shards(input_paths["DATA"]))
    const line = 57;
    const typed = '    probe = input_paths["';
    await editor.edit((b) => b.insert(new vscode.Position(line, 0), `${typed}\n`));
    const pos = new vscode.Position(line, typed.length);
    const labels = await until(
      'completion items DATA, METADATA, SIGNATURE',
      async () => {
        const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, pos, '"');
        const l = completionLabels(list);
        return ['DATA', 'METADATA', 'SIGNATURE'].every((n) => l.includes(n)) ? l : undefined;
      },
      15000,
    );
    assert.ok(!labels.includes('processed_data'), `output names are not offered for input_paths: ${labels.join(', ')}`);
    await revert(doc.uri);
  });

  test('completion inside output_paths[""] offers the output names', async () => {
    const pos = inString(doc, 70, 'processed_data');
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, pos);
    const labels = completionLabels(list);
    assert.ok(labels.includes('processed_data'), `got ${labels.join(', ')}`);
  });

  test('hover over a logical name shows its container path', async () => {
    const pos = inString(doc, 57, 'DATA', 2);
    const text = await until(
      'a hover naming /opt/ml/processing/input/data',
      async () => {
        const t = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos));
        return t.includes('/opt/ml/processing/input/data') ? t : undefined;
      },
      10000,
    );
    assert.ok(text.length > 0);
  });

  test('go to definition on a logical name lands in the contract', async () => {
    const pos = inString(doc, 57, 'DATA', 2);
    const locs = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', doc.uri, pos);
    const targets = (locs ?? []).map((l) => ('targetUri' in l ? { uri: l.targetUri, range: l.targetSelectionRange ?? l.targetRange } : l));
    const inContract = targets.find((t) => t.uri.path.endsWith(CONTRACT));
    assert.ok(inContract, `definition targets: ${targets.map((t) => t.uri.path).join(', ') || '(none)'}`);
    const contract = await vscode.workspace.openTextDocument(inContract.uri);
    assert.ok(
      contract.lineAt(inContract.range.start.line).text.includes('"DATA"'),
      `lands on the DATA entry, got line ${inContract.range.start.line + 1}: ${contract.lineAt(inContract.range.start.line).text}`,
    );
  });

  test('rename of a logical name edits the contract and the script', async () => {
    const pos = inString(doc, 57, 'DATA', 2);
    const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', doc.uri, pos, 'RAW_DATA');
    assert.ok(edit, 'no rename edit');
    const files = edit.entries().map(([uri]) => uri.path);
    assert.ok(
      files.some((f) => f.endsWith(CONTRACT)),
      `edits: ${files.join(', ')}`,
    );
    const scriptEdits = edit.get(doc.uri);
    assert.ok(
      scriptEdits.length >= 2,
      `the script reads DATA (line 57) and wires it (line 97): ${JSON.stringify(scriptEdits.map((e) => e.range.start.line + 1))}`,
    );
    assert.ok(scriptEdits.every((e) => e.newText.includes('RAW_DATA')));
  });

  test('quick fix for hardcoded-path replaces the path with the channel and the finding goes away', async () => {
    const d = await diagnostic(doc.uri, 'hardcoded-path', 40);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      doc.uri,
      d.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const fixes = (actions ?? []).filter((a) => a.diagnostics?.some((x) => ruleOf(x) === 'hardcoded-path') || /input_paths|DATA/.test(a.title));
    assert.ok(fixes.length > 0, `quick fixes offered: ${(actions ?? []).map((a) => a.title).join(' | ') || '(none)'}`);
    const fix = fixes.find((a) => a.isPreferred) ?? fixes[0];
    if (fix.edit) assert.ok(await vscode.workspace.applyEdit(fix.edit), 'applyEdit failed');
    if (fix.command) await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));
    assert.ok(doc.lineAt(39).text.includes('input_paths["DATA"]'), `line 40 is now: ${doc.lineAt(39).text}`);
    await until(
      'the hardcoded-path finding on line 40 to disappear',
      () => !vscode.languages.getDiagnostics(doc.uri).some((x) => ruleOf(x) === 'hardcoded-path' && x.range.start.line === 39),
      15000,
    );
    await revert(doc.uri);
    await diagnostic(doc.uri, 'hardcoded-path', 40); // back after the revert
  });

  test('quick fix for undeclared-channel renames "metadata" to the declared METADATA', async () => {
    const d = await diagnostic(doc.uri, 'undeclared-channel', 58);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      doc.uri,
      d.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const fix = (actions ?? []).find((a) => a.edit && a.title.includes('METADATA'));
    assert.ok(fix?.edit, `quick fixes offered: ${(actions ?? []).map((a) => a.title).join(' | ') || '(none)'}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.ok(doc.lineAt(57).text.includes('input_paths.get("METADATA")'), doc.lineAt(57).text);
    await until(
      'the undeclared-channel finding to disappear',
      () => !vscode.languages.getDiagnostics(doc.uri).some((x) => ruleOf(x) === 'undeclared-channel'),
      15000,
    );
    await revert(doc.uri);
  });

  test("a contract's code lens peeks its script (the server's lens command, mapped to editor.action.showReferences)", async () => {
    const contract = ws(CONTRACT);
    await vscode.workspace.openTextDocument(contract);
    const lens = await until(
      'a code lens naming the script',
      async () => {
        const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', contract);
        return (lenses ?? []).find((l) => l.command?.title.startsWith('script: tabular_preprocess.py'));
      },
      15000,
    );
    assert.strictEqual(lens.command?.command, 'editor.action.showReferences');
    const [uri, , locations] = lens.command?.arguments ?? [];
    assert.ok(uri instanceof vscode.Uri && uri.path.endsWith(CONTRACT), String(uri));
    assert.ok(Array.isArray(locations) && locations[0] instanceof vscode.Location && locations[0].uri.path.endsWith(SCRIPT), JSON.stringify(locations));
  });
});
