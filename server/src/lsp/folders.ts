// Per-workspace-folder state: the Project, its configuration resolver, and
// the open documents' texts and syntax trees. Updates return the files whose
// findings may have changed, so only those are re-checked.
import { basename, sep } from 'node:path';
import { analyzeText, fileKind } from '../core/analyze';
import type { FileFacts } from '../core/facts';
import type { Project } from '../core/project';
import type { Tree } from '../core/python/parser';
import { lineStarts, offsetAt } from '../core/text-edits';
import { entryFromDisk, isSelected, loadProject, type ConfigResolver } from '../host/loader';

export interface OpenDocument {
  uri: string;
  file: string;
  text: string;
  version: number;
  tree?: Tree;
}

export interface ContentChange {
  range?: { start: { line: number; character: number }; end: { line: number; character: number } };
  text: string;
}

export class Folder {
  project!: Project;
  resolver!: ConfigResolver;
  indexed = false;

  constructor(readonly root: string) {}

  contains(file: string): boolean {
    return file === this.root || file.startsWith(this.root + sep);
  }

  async index(onProgress?: (done: number, total: number) => void): Promise<{ files: number; ms: number }> {
    const loaded = await loadProject(this.root, { onProgress });
    this.project = loaded.project;
    this.resolver = loaded.resolver;
    this.indexed = true;
    return { files: loaded.stats.files, ms: loaded.stats.ms };
  }

  /** Re-analyse an open document's current text; returns the files to re-check. */
  updateOpen(doc: OpenDocument): Set<string> {
    const kind = fileKind(doc.file);
    if (kind !== 'python' && kind !== 'yaml') return new Set();
    const config = this.resolver.forFile(doc.file);
    if (!isSelected(doc.file, config, this.root) && !this.project.files.has(doc.file)) return new Set();
    const before = this.project.files.get(doc.file)?.facts;
    const previous = doc.tree;
    const result = analyzeText(doc.file, doc.text, config.config, { keepTree: kind === 'python', previousTree: previous });
    if (previous && previous !== result.tree) previous.delete();
    doc.tree = result.tree;
    this.project.setFile({ file: doc.file, facts: result.facts, skipped: result.skipped, config });
    return this.afterChange(doc.file, before);
  }

  /** A file changed on disk (and is not open): re-read it. */
  updateFromDisk(file: string): Set<string> {
    const before = this.project.files.get(file)?.facts;
    const config = this.resolver.forFile(file);
    if (!isSelected(file, config, this.root)) return this.remove(file);
    this.project.setFile(entryFromDisk(file, config, this.project.entryPointBases()));
    return this.afterChange(file, before);
  }

  remove(file: string): Set<string> {
    const before = this.project.files.get(file)?.facts;
    if (!before && !this.project.files.has(file)) return new Set();
    const affected = this.project.dependents(file, before);
    this.project.removeFile(file);
    affected.delete(file);
    return affected;
  }

  private afterChange(file: string, before: FileFacts | undefined): Set<string> {
    const stale = this.project.declarationsStale;
    const affected = this.project.dependents(file, before);
    if (stale) {
      // A new entry_point may name a file the cheap scan skipped: analyse it now.
      const bases = this.project.entryPointBases();
      for (const e of this.project.files.values()) {
        if (e.unparsed && bases.has(basename(e.file))) {
          this.project.setFile(entryFromDisk(e.file, e.config, bases));
          affected.add(e.file);
        }
      }
    }
    return affected;
  }
}

/** Apply LSP content changes to a document, keeping its syntax tree in step for an incremental re-parse. */
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
    doc.text = doc.text.slice(0, startIndex) + change.text + doc.text.slice(oldEndIndex);
    if (doc.tree) {
      const newEndIndex = startIndex + change.text.length;
      const inserted = change.text.split(/\r\n|\r|\n/);
      const startPosition = { row: change.range.start.line, column: startIndex - starts[Math.min(change.range.start.line, starts.length - 1)] };
      const oldEndPosition = { row: change.range.end.line, column: change.range.end.character };
      const newEndPosition = inserted.length === 1
        ? { row: startPosition.row, column: startPosition.column + change.text.length }
        : { row: startPosition.row + inserted.length - 1, column: inserted[inserted.length - 1].length };
      doc.tree.edit({ startIndex, oldEndIndex, newEndIndex, startPosition, oldEndPosition, newEndPosition });
    }
  }
}

export function folderFor(folders: Folder[], file: string): Folder | undefined {
  let best: Folder | undefined;
  for (const f of folders) if (f.contains(file) && (!best || f.root.length > best.root.length)) best = f;
  return best;
}

