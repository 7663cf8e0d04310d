// Open documents: the editor's text, its version, and (for Python) the syntax
// tree kept for incremental re-parsing. Trees live in tree-sitter's WebAssembly
// memory, which is finite and never shrinks: past it every later parse fails.
// So trees are kept for a bounded number and size of recently edited documents
// (TreeBudget); a document without one is re-parsed whole on its next edit.
import { lineStarts, offsetAt, type DocumentTree, type ParsedVersion } from '../core';

export interface OpenDocument {
  uri: string;
  /** The file's canonical path (host/workspace-paths.ts). */
  file: string;
  text: string;
  version: number;
  tree?: DocumentTree;
  /**
   * The last version of a contract or spec file that parsed, whose declarations
   * stand in while the text does not (core/stable-facts.ts).
   */
  lastParsed?: ParsedVersion;
}

export interface ContentChange {
  range?: { start: { line: number; character: number }; end: { line: number; character: number } };
  text: string;
}

/** Trees of at most this many documents are kept... */
export const MAX_KEPT_TREES = 32;
/** ...and of at most this many characters of text in all. */
export const MAX_KEPT_TREE_CHARS = 16 * 1024 * 1024;

/** Least recently edited documents lose their trees first. */
export class TreeBudget {
  private readonly order: OpenDocument[] = [];

  /** Record that `doc` now holds a tree; returns the documents whose trees were dropped to make room. */
  keep(doc: OpenDocument): OpenDocument[] {
    this.forget(doc);
    if (!doc.tree) return [];
    this.order.push(doc);
    const dropped: OpenDocument[] = [];
    let chars = this.order.reduce((n, d) => n + d.text.length, 0);
    while (this.order.length > 1 && (this.order.length > MAX_KEPT_TREES || chars > MAX_KEPT_TREE_CHARS)) {
      const old = this.order.shift()!;
      chars -= old.text.length;
      old.tree?.delete();
      old.tree = undefined;
      dropped.push(old);
    }
    return dropped;
  }

  forget(doc: OpenDocument): void {
    const i = this.order.indexOf(doc);
    if (i >= 0) this.order.splice(i, 1);
  }

  get size(): number {
    return this.order.length;
  }
}

/** Tree-sitter's own coordinates: rows count "\n" only (analyze.ts hands it text whose lone "\r"s are "\n"s, which have the same offsets). */
function treePoint(text: string, offset: number): { row: number; column: number } {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  // Lone "\r" is a line break for tree-sitter too once analyze.ts has made it "\n".
  for (let i = text.indexOf('\r', lineStart); i >= 0 && i < offset; i = text.indexOf('\r', i + 1)) {
    if (text[i + 1] !== '\n') {
      row++;
      lineStart = i + 1;
    }
  }
  return { row, column: offset - lineStart };
}

/**
 * Apply LSP content changes to a document, keeping its syntax tree in step for
 * an incremental re-parse. Positions follow the one line model (text-edits.ts):
 * a column past a line's end is that line's end.
 */
export function applyChanges(doc: OpenDocument, changes: ContentChange[]): void {
  for (const change of changes) {
    if (!change.range) {
      doc.text = change.text;
      doc.tree?.delete();
      doc.tree = undefined;
      continue;
    }
    const starts = lineStarts(doc.text);
    const startIndex = offsetAt(starts, doc.text, change.range.start);
    const oldEndIndex = Math.max(startIndex, offsetAt(starts, doc.text, change.range.end));
    const before = doc.text;
    doc.text = before.slice(0, startIndex) + change.text + before.slice(oldEndIndex);
    if (doc.tree) {
      const newEndIndex = startIndex + change.text.length;
      doc.tree.edit({
        startIndex,
        oldEndIndex,
        newEndIndex,
        startPosition: treePoint(before, startIndex),
        oldEndPosition: treePoint(before, oldEndIndex),
        newEndPosition: treePoint(doc.text, newEndIndex),
      });
    }
  }
}
