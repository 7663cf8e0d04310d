// A Jupyter notebook in VS Code's notebook editor (examples/notebook, copied into the workspace as
// notebook/): the extension's selector includes notebook cells, the client synchronises the notebook
// (LSP notebookDocument/*), and the findings of examples/notebook/README.md land on their cells.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { completionLabels, describe, ruleOf, runningClient, until, ws } from './helpers';

const NOTEBOOK = 'notebook/pipeline.ipynb';

suite('notebooks', () => {
  let nb: vscode.NotebookDocument;
  suiteSetup(async () => {
    await runningClient();
    nb = await vscode.workspace.openNotebookDocument(ws(NOTEBOOK));
    await vscode.window.showNotebookDocument(nb);
  });
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  // The language client pulls a cell's diagnostics when the notebook editor shows the cell (it opens the
  // cell's text editor then), and the editor's commands need that editor too: a cell scrolled out of view
  // has neither, as for a user. So show the cell, and wait for its editor, first.
  const showCell = async (index: number) => {
    const uri = nb.cellAt(index).document.uri.toString();
    vscode.window.activeNotebookEditor?.revealRange(new vscode.NotebookRange(index, index + 1), vscode.NotebookEditorRevealType.AtTop);
    await until(`cell ${index + 1} shown`, () => vscode.window.visibleTextEditors.some((e) => e.document.uri.toString() === uri));
  };
  const cellDiagnostic = async (index: number, rule: string) => {
    await showCell(index);
    return until(`${rule} in cell ${index + 1} (have: ${describe(vscode.languages.getDiagnostics(nb.cellAt(index).document.uri))})`, () =>
      vscode.languages.getDiagnostics(nb.cellAt(index).document.uri).find((d) => ruleOf(d) === rule),
    );
  };

  test('the planted findings are on their cells, at the cell lines', async () => {
    assert.strictEqual(nb.notebookType, 'jupyter-notebook');
    const cases: [number, string, number][] = [
      [2, 'undeclared-channel', 10],
      [2, 'hardcoded-path', 11],
      [4, 'unused-channel', 7],
      [5, 'undeclared-env-var', 10],
      [5, 'path-mismatch', 18],
    ];
    for (const [cell, rule, line1] of cases) {
      const d = await cellDiagnostic(cell, rule);
      assert.strictEqual(d.range.start.line, line1 - 1, `${rule} in cell ${cell + 1}`);
    }
    const text = nb.cellAt(2).document.getText((await cellDiagnostic(2, 'undeclared-channel')).range);
    assert.strictEqual(text, '"metadata"');
  });

  test("completion in a %%writefile cell offers the contract's inputs", async () => {
    const doc = nb.cellAt(2).document;
    const line = doc
      .getText()
      .split('\n')
      .findIndex((l) => l.includes('input_paths["metadata"]'));
    const pos = new vscode.Position(line, doc.lineAt(line).text.indexOf('"metadata"') + 1);
    const labels = await until(
      'DATA and METADATA',
      async () => {
        const l = completionLabels(await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, pos, '"'));
        return l.includes('DATA') && l.includes('METADATA') ? l : undefined;
      },
      15000,
    );
    assert.ok(!labels.includes('processed_data'), labels.join(', '));
  });

  test('the path-mismatch quick fix edits its cell, and the finding goes away', async () => {
    const cell = nb.cellAt(5);
    const d = await cellDiagnostic(5, 'path-mismatch');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      cell.document.uri,
      d.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const fix = actions.find((a) => a.edit && !a.title.startsWith('Suppress'));
    assert.ok(fix?.edit, `a fix is offered: ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit), 'the edit applies');
    assert.ok(cell.document.getText().includes('"metrics": "/opt/ml/processing/output/metrics"'), cell.document.getText());
    await until('path-mismatch to go', () => !vscode.languages.getDiagnostics(cell.document.uri).some((x) => ruleOf(x) === 'path-mismatch'));
  });
});
