// Notebooks through LSP notebook synchronisation (notebookDocument/didOpen,
// didChange, didClose), driven against the real server on a copy of
// examples/notebook: diagnostics per cell document at cell positions, the
// closed notebook's on its file, completion and fixes mapped into cells,
// cells edited, added and removed, and pull diagnostics per cell.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { applyEdits } from '../../server/src/core/text-edits';
import { TestClient } from '../support/lsp-client';

const EXAMPLE = join(__dirname, '..', '..', '..', 'examples', 'notebook');
const uri = (f: string) => pathToFileURL(f).href;
const codes = (ds: { code: string }[] | undefined) => (ds ?? []).map((d) => d.code).sort();

interface Cell {
  uri: string;
  kind: number;
  languageId: string;
  text: string;
}

/** The notebook's cells as VS Code would send them: cell documents with `vscode-notebook-cell:` URIs. */
function cellsOf(notebook: string): Cell[] {
  const nb = JSON.parse(readFileSync(notebook, 'utf8')) as { cells: { cell_type: string; source: string[] }[] };
  return nb.cells.map((c, i) => ({
    uri: `vscode-notebook-cell:${notebook}#cell${i}`,
    kind: c.cell_type === 'code' ? 2 : 1,
    languageId: c.cell_type === 'code' ? 'python' : 'markdown',
    text: c.source.join(''),
  }));
}

function openParams(notebook: string, cells: Cell[]) {
  return {
    notebookDocument: { uri: uri(notebook), notebookType: 'jupyter-notebook', version: 1, cells: cells.map((c) => ({ kind: c.kind, document: c.uri })) },
    cellTextDocuments: cells.map((c) => ({ uri: c.uri, languageId: c.languageId, version: 1, text: c.text })),
  };
}

/** The position of `needle` in a text (its `nth` occurrence). */
function positionOf(text: string, needle: string, offset = 0): { line: number; character: number } {
  const i = text.indexOf(needle) + offset;
  assert.ok(i >= offset, `${needle} is in the text`);
  const before = text.slice(0, i).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

describe('notebooks over LSP (push diagnostics)', function () {
  this.timeout(30000);
  let ws: string;
  let notebook: string;
  let cells: Cell[];
  let client: TestClient;

  before(async () => {
    ws = mkdtempSync(join(tmpdir(), 'sc-lsp-nb-'));
    cpSync(EXAMPLE, ws, { recursive: true });
    notebook = join(ws, 'pipeline.ipynb');
    cells = cellsOf(notebook);
    client = new TestClient();
    const init = await client.initialize(ws);
    assert.deepEqual(init.capabilities.notebookDocumentSync, {
      notebookSelector: [{ notebook: 'jupyter-notebook', cells: [{ language: 'python' }] }],
      save: false,
    });
  });
  after(async () => {
    await client.stop();
    rmSync(ws, { recursive: true, force: true });
  });

  it('publishes a closed notebook on its file, at the place in its JSON text, naming the cell', async () => {
    const ds = await client.until('the closed notebook', () => client.diagnosticsOf(notebook)?.length === 5 && client.diagnosticsOf(notebook));
    const d = ds.find((x) => x.code === 'undeclared-channel')!;
    assert.match(d.message, /^cell 3, line 10: "metadata" is not an input channel/);
    const line = readFileSync(notebook, 'utf8').split('\n')[d.range.start.line];
    assert.equal(line.slice(d.range.start.character, d.range.end.character), '\\"metadata\\"');
  });

  it('on didOpen, publishes per cell document at the cell positions, and clears the file', async () => {
    await client.conn.sendNotification('notebookDocument/didOpen', openParams(notebook, cells));
    const c3 = await client.until('cell 3', () => client.published.get(cells[2].uri)?.diagnostics);
    assert.deepEqual(codes(c3), ['hardcoded-path', 'undeclared-channel']);
    const d = c3.find((x) => x.code === 'undeclared-channel')!;
    assert.deepEqual(d.range, { start: { line: 9, character: 53 }, end: { line: 9, character: 63 } });
    const c6 = await client.until('cell 6', () => client.published.get(cells[5].uri)?.diagnostics);
    assert.deepEqual(codes(c6), ['path-mismatch', 'undeclared-env-var']);
    const c5 = await client.until('cell 5', () => client.published.get(cells[4].uri)?.diagnostics);
    assert.deepEqual(codes(c5), ['unused-channel'], 'the contract declared in a code cell');
    await client.until('the file cleared', () => client.diagnosticsOf(notebook)?.length === 0);
    assert.equal(client.published.get(cells[0].uri), undefined, 'markdown cells get nothing');
  });

  it('completes logical names inside a cell, with the edit range in the cell', async () => {
    const at = positionOf(cells[2].text, 'input_paths["metadata"]', 'input_paths["'.length);
    const r = await client.request('textDocument/completion', { textDocument: { uri: cells[2].uri }, position: at });
    const labels = r.items.map((i: { label: string }) => i.label);
    assert.ok(labels.includes('METADATA') && labels.includes('DATA'), labels.join(','));
    const item = r.items.find((i: { label: string }) => i.label === 'METADATA');
    assert.equal(item.textEdit.range.start.line, at.line, 'the range is in the cell, not in the written file');
  });

  it('offers a fix whose edit lands in the cell document, with its version', async () => {
    const d = client.published.get(cells[5].uri)!.diagnostics.find((x) => x.code === 'path-mismatch')!;
    const actions = await client.request('textDocument/codeAction', { textDocument: { uri: cells[5].uri }, range: d.range, context: { diagnostics: [d] } });
    const fix = actions.find((a: { title: string; edit?: unknown }) => a.edit && !/Suppress/.test(a.title));
    assert.ok(fix, JSON.stringify(actions));
    const [change] = fix.edit.documentChanges;
    assert.equal(change.textDocument.uri, cells[5].uri);
    assert.equal(change.textDocument.version, 1);
    const fixed = applyEdits(cells[5].text, change.edits);
    assert.ok(fixed.includes('output_paths = {"metrics": "/opt/ml/processing/output/metrics"}'), fixed);
    const suppress = actions.find((a: { title: string }) => /Suppress path-mismatch/.test(a.title));
    assert.equal(suppress.edit.documentChanges[0].textDocument.uri, cells[5].uri);
    assert.match(
      applyEdits(cells[5].text, suppress.edit.documentChanges[0].edits),
      /"\/opt\/ml\/processing\/output\/eval"\} {2}# script-contracts: ignore\[path-mismatch\]/,
    );
  });

  it('re-checks a cell edited through didChange', async () => {
    const at = positionOf(cells[2].text, '"metadata"', 1);
    await client.conn.sendNotification('notebookDocument/didChange', {
      notebookDocument: { uri: uri(notebook), version: 2 },
      change: {
        cells: {
          textContent: [
            {
              document: { uri: cells[2].uri, version: 2 },
              changes: [{ range: { start: at, end: { line: at.line, character: at.character + 8 } }, text: 'METADATA' }],
            },
          ],
        },
      },
    });
    const c3 = await client.until('cell 3 without the channel finding', () => {
      const ds = client.published.get(cells[2].uri)?.diagnostics;
      return ds && !ds.some((x) => x.code === 'undeclared-channel') && ds;
    });
    assert.deepEqual(codes(c3), ['hardcoded-path']);
  });

  it('follows cells added and removed: diagnostics stay with their cell documents', async () => {
    const added = { uri: `vscode-notebook-cell:${notebook}#new`, kind: 1, languageId: 'markdown', text: '# first' };
    client.published.delete(cells[5].uri);
    await client.conn.sendNotification('notebookDocument/didChange', {
      notebookDocument: { uri: uri(notebook), version: 3 },
      change: {
        cells: {
          structure: {
            array: { start: 0, deleteCount: 0, cells: [{ kind: 1, document: added.uri }] },
            didOpen: [{ uri: added.uri, languageId: 'markdown', version: 1, text: added.text }],
          },
        },
      },
    });
    const c6 = await client.until('cell 6 again', () => client.published.get(cells[5].uri)?.diagnostics);
    assert.deepEqual(codes(c6), ['path-mismatch', 'undeclared-env-var'], 'the same cell document, one place further down');
    // Remove the evaluation script's cell (now at index 6): its contract in cell 5 names a script no file holds.
    await client.conn.sendNotification('notebookDocument/didChange', {
      notebookDocument: { uri: uri(notebook), version: 4 },
      change: { cells: { structure: { array: { start: 6, deleteCount: 1 }, didClose: [{ uri: cells[5].uri }] } } },
    });
    await client.until('the removed cell cleared', () => client.published.get(cells[5].uri)?.diagnostics.length === 0);
    const c5 = await client.until('the contract cell', () => {
      const ds = client.published.get(cells[4].uri)?.diagnostics;
      return ds?.some((x) => x.code === 'missing-script') && ds;
    });
    assert.deepEqual(codes(c5), ['missing-script']);
  });

  it('on didClose, the file on disk decides again', async () => {
    await client.conn.sendNotification('notebookDocument/didClose', {
      notebookDocument: { uri: uri(notebook) },
      cellTextDocuments: cells.map((c) => ({ uri: c.uri })),
    });
    await client.until('the cells cleared', () => client.published.get(cells[2].uri)?.diagnostics.length === 0);
    const ds = await client.until('the file again', () => client.diagnosticsOf(notebook)?.length === 5 && client.diagnosticsOf(notebook));
    assert.ok(
      ds.some((x) => x.code === 'undeclared-channel'),
      'the unsaved edit is gone with the editor',
    );
  });
});

describe('notebooks over LSP (pull diagnostics)', function () {
  this.timeout(30000);
  let ws: string;
  let client: TestClient;

  before(async () => {
    ws = mkdtempSync(join(tmpdir(), 'sc-lsp-nb-pull-'));
    cpSync(EXAMPLE, ws, { recursive: true });
    client = new TestClient();
    await client.initialize(ws, { textDocument: { diagnostic: { dynamicRegistration: false } } });
  });
  after(async () => {
    await client.stop();
    rmSync(ws, { recursive: true, force: true });
  });

  it('reports a closed notebook on its file, and once it is open answers a pull per cell and clears its file', async () => {
    const notebook = join(ws, 'pipeline.ipynb');
    const cells = cellsOf(notebook);
    const closed = await client.request('workspace/diagnostic', { previousResultIds: [] });
    const onFile = closed.items.find((i: { uri: string }) => i.uri === uri(notebook));
    assert.deepEqual(codes(onFile?.items), ['hardcoded-path', 'path-mismatch', 'undeclared-channel', 'undeclared-env-var', 'unused-channel']);
    assert.ok(onFile.resultId, 'with a result id, so that the client sends it back');
    await client.conn.sendNotification('notebookDocument/didOpen', openParams(notebook, cells));
    // Notifications and requests are handled in the order they arrive: the notebook is open for the pull.
    const pulled = await client.request('textDocument/diagnostic', { textDocument: { uri: cells[5].uri } });
    assert.deepEqual(codes(pulled.items), ['path-mismatch', 'undeclared-env-var']);
    const again = await client.request('textDocument/diagnostic', { textDocument: { uri: cells[5].uri }, previousResultId: pulled.resultId });
    assert.equal(again.kind, 'unchanged', 'a cell pulled again with nothing changed is unchanged');
    const open = await client.request('workspace/diagnostic', { previousResultIds: [{ uri: uri(notebook), value: onFile.resultId }] });
    const cleared = open.items.find((i: { uri: string }) => i.uri === uri(notebook));
    assert.deepEqual(cleared?.items, [], 'an open notebook is pulled per cell: what its file showed is cleared');
    assert.equal(cleared.resultId, undefined);
  });
});
