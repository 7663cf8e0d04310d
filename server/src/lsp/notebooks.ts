// Open notebooks, as LSP notebook synchronisation describes them
// (notebookDocument/didOpen|didChange|didSave|didClose): the notebook's URI and
// version, and its cells in order, each a text document of its own
// (`vscode-notebook-cell:` URIs in VS Code) with a kind, a language and a text.
// The core sees them as NotebookCells (core/notebook.ts); this module keeps
// them in step with the editor.
import type { NotebookCell as LspCell, NotebookDocumentChangeEvent, TextDocumentItem } from 'vscode-languageserver/node';
import type { NotebookCell } from '../core';
import { applyChanges, type ContentChange } from './documents';

export interface OpenCell {
  /** The cell's text document URI. */
  uri: string;
  /** LSP NotebookCellKind: 1 markup, 2 code. */
  kind: number;
  languageId: string;
  text: string;
  version: number;
}

export interface OpenNotebook {
  uri: string;
  /** The .ipynb file's canonical path. */
  file: string;
  version: number;
  cells: OpenCell[];
  /** Cell URIs whose last published diagnostics were not empty. */
  published: Set<string>;
}

/** The notebook's cells as the core reads them: code cells in Python (another language is not a source). */
export function coreCells(nb: OpenNotebook): NotebookCell[] {
  return nb.cells.map((c) => ({ kind: c.kind === 2 && /^python/i.test(c.languageId) ? 'code' : 'markdown', source: c.text }));
}

/** A notebook as didOpen sends it. */
export function openNotebook(uri: string, file: string, version: number, cells: LspCell[], documents: TextDocumentItem[]): OpenNotebook {
  const docs = new Map(documents.map((d) => [d.uri, d]));
  return { uri, file, version, cells: cells.map((c) => cellOf(c, docs.get(c.document))), published: new Set() };
}

function cellOf(c: LspCell, doc: TextDocumentItem | undefined): OpenCell {
  return { uri: c.document, kind: c.kind, languageId: doc?.languageId ?? 'python', text: doc?.text ?? '', version: doc?.version ?? 0 };
}

/**
 * Applies a didChange: cells moved, added or removed (their text documents
 * opened and closed with them), cell kinds changed, and text edits (incremental
 * or whole, as for any text document). Returns the URIs of cells that left.
 */
export function applyNotebookChange(nb: OpenNotebook, version: number, change: NotebookDocumentChangeEvent): string[] {
  nb.version = version;
  const cells = change.cells;
  const closed: string[] = [];
  if (cells?.structure) {
    const { array, didOpen, didClose } = cells.structure;
    const docs = new Map((didOpen ?? []).map((d) => [d.uri, d]));
    const known = new Map(nb.cells.map((c) => [c.uri, c]));
    const added = (array.cells ?? []).map((c) => {
      const existing = known.get(c.document);
      // A moved cell is removed and added again: it keeps its text unless it is opened anew.
      return docs.has(c.document) || !existing ? cellOf(c, docs.get(c.document)) : { ...existing, kind: c.kind };
    });
    nb.cells.splice(array.start, array.deleteCount, ...added);
    const still = new Set(nb.cells.map((c) => c.uri));
    for (const d of didClose ?? []) if (!still.has(d.uri)) closed.push(d.uri);
  }
  for (const d of cells?.data ?? []) {
    const c = nb.cells.find((x) => x.uri === d.document);
    if (c) c.kind = d.kind;
  }
  for (const t of cells?.textContent ?? []) {
    const c = nb.cells.find((x) => x.uri === t.document.uri);
    if (!c || t.document.version < c.version) continue;
    const doc = { uri: c.uri, file: '', text: c.text, version: c.version };
    applyChanges(doc, t.changes as ContentChange[]);
    c.text = doc.text;
    c.version = t.document.version;
  }
  return closed;
}
