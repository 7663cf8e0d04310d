// Per-workspace-folder state: the Project and its configuration resolver.
// Updates return the files whose findings may have changed, so only those are
// re-checked. Every file a folder holds is named by its canonical path
// (host/workspace-paths.ts), so containment and identity are one question.
import { basename } from 'node:path';
import {
  analyzeText,
  type Baseline,
  declaresSomething,
  fileKind,
  type FileEntry,
  type FileFacts,
  isAnalysedKind,
  type NotebookCell,
  type Project,
  withLastGoodDeclarations,
} from '../core';
import { baselineLocation, baselineNames, readBaseline } from '../host/baseline-file';
import { readRegularFile } from '../host/files';
import {
  entryFromDisk,
  isSelected,
  loadProject,
  notebookEntries,
  notebookFromDisk,
  setNotebook,
  type ConfigResolver,
  type NotebookEntries,
} from '../host/loader';
import type { WorkspaceWatcher } from '../host/watch';
import { WorkspaceRoot } from '../host/workspace-paths';
import type { OpenDocument } from './documents';

export class Folder {
  project!: Project;
  resolver!: ConfigResolver;
  indexed = false;
  /** Set when the first index failed (logged): workspace pulls do not wait for it. */
  failed = false;
  /** Set while `index` runs: changes on disk seen meanwhile are replayed when it ends. */
  indexing: Promise<unknown> | undefined;
  readonly workspace: WorkspaceRoot;
  /**
   * The baseline file the CLI would read here (the configuration's `baseline`
   * key, else the default name in the root), by its canonical path; undefined
   * when it lies outside the folder, which is then never read. Its findings are
   * shown as hints (Session.findingsFor).
   */
  baselineFile: string | undefined;
  /** Its accepted findings, when it exists and reads; `relOf` names a file as its entries do. */
  baseline: { baseline: Baseline; relOf: (file: string) => string } | undefined;
  /** Why the baseline file could not be read, for the log. */
  baselineProblem: string | undefined;
  /** Where the baseline is named to be, before links are resolved (a change there is a change of the baseline). */
  private baselineName: string | undefined;
  /** The server's own watch on the folder, when the client cannot register file watchers (Session.watchDisk). */
  watcher: WorkspaceWatcher | undefined;
  /** Per open notebook, the text each of its sources was analysed from (an unchanged source is not analysed again). */
  private readonly notebookTexts = new Map<string, Map<string, { text: string; entry: FileEntry }>>();

  constructor(root: string) {
    this.workspace = WorkspaceRoot.of(root);
  }

  get root(): string {
    return this.workspace.root;
  }

  /** The canonical name of a path inside this folder, or undefined when it resolves outside. */
  canonical(path: string): string | undefined {
    return this.workspace.canonical(path);
  }

  /** Is a canonical path inside this folder? (A prefix test: canonical paths are rooted at `root`.) */
  holds(file: string): boolean {
    return file === this.root || file.startsWith(this.root.endsWith('/') ? this.root : this.root + '/');
  }

  async index(onProgress?: (done: number, total: number) => void): Promise<{ files: number; ms: number }> {
    const run = loadProject(this.root, { onProgress });
    this.indexing = run;
    try {
      const loaded = await run;
      this.project = loaded.project;
      this.resolver = loaded.resolver;
      this.loadBaseline();
      this.indexed = true;
      return { files: loaded.stats.files, ms: loaded.stats.ms };
    } finally {
      this.indexing = undefined;
    }
  }

  /** (Re)reads the baseline file: after indexing (the configuration may name another) and when it changes on disk. */
  loadBaseline(): void {
    const location = baselineLocation(this.workspace, this.resolver.forDir(this.root));
    this.baselineName = location.file;
    this.baselineFile = this.canonical(location.file);
    this.baseline = undefined;
    this.baselineProblem = undefined;
    if (!this.baselineFile) {
      this.baselineProblem = `the baseline ${location.file} is outside the workspace folder: not read`;
      return;
    }
    const read = readBaseline(this.baselineFile, { noFollow: true });
    if ('error' in read) this.baselineProblem = `cannot read the baseline ${this.baselineFile}: ${read.error}`;
    else if ('baseline' in read) this.baseline = { baseline: read.baseline, relOf: baselineNames({ ...location, file: this.baselineFile }).relOf };
  }

  /** Is this canonical path the baseline file, or where it is named to be? */
  isBaseline(file: string): boolean {
    return file === this.baselineFile || file === this.baselineName;
  }

  /**
   * Re-analyse an open document's current text; returns the files to re-check.
   * `keepTree` says whether the document may hold a syntax tree (TreeBudget).
   */
  updateOpen(doc: OpenDocument, keepTree = true): Set<string> {
    const kind = fileKind(doc.file);
    if (!isAnalysedKind(kind)) return new Set();
    // A file a notebook writes (%%writefile) is checked in its cell, not as the file on disk.
    if (this.project.writtenByNotebook(doc.file)) return new Set();
    const config = this.resolver.forFile(doc.file);
    if (!isSelected(doc.file, config, this.root) && !this.project.files.has(doc.file)) return new Set();
    const before = this.project.files.get(doc.file)?.facts;
    const previous = doc.tree;
    const result = analyzeText(doc.file, doc.text, config.config, { keepTree: keepTree && kind === 'python', previousTree: previous });
    if (previous && previous !== result.tree) previous.delete();
    doc.tree = result.tree;
    let facts = result.facts;
    if (facts?.format === 'python') {
      if (!facts.hasSyntaxErrors) doc.lastParsed = declaresSomething(facts) ? { text: doc.text, facts } : undefined;
      else {
        // Opened already broken: the file on disk, if its facts (read at the index) parsed, is the last good version.
        if (!doc.lastParsed && before?.format === 'python' && !before.hasSyntaxErrors && declaresSomething(before)) {
          const disk = readRegularFile(doc.file, config.config.maxFileSize, { noFollow: true });
          if (!('failure' in disk)) doc.lastParsed = { text: new TextDecoder('utf-8').decode(disk.bytes).replace(/^\uFEFF/, ''), facts: before };
        }
        if (doc.lastParsed) facts = withLastGoodDeclarations(doc.lastParsed, doc.text, facts);
      }
    }
    this.project.setFile({ file: doc.file, facts, skipped: result.skipped, config });
    return this.afterChange(doc.file, before);
  }

  /** A file changed on disk (and is not open), or its buffer was closed: re-read it, or forget it when it is gone. */
  updateFromDisk(file: string): Set<string> {
    if (fileKind(file) === 'notebook') return this.notebookFromDisk(file);
    if (this.project.writtenByNotebook(file)) return new Set();
    const before = this.project.files.get(file)?.facts;
    const config = this.resolver.forFile(file);
    if (!isSelected(file, config, this.root)) return this.remove(file);
    const entry = entryFromDisk(file, config, this.project.entryPointBases());
    if (entry.skipped === 'skipped: file disappeared while reading') return this.remove(file);
    this.project.setFile(entry);
    return this.afterChange(file, before);
  }

  /** Every file under a folder that is gone (a deleted or moved folder), forgotten; returns the files to re-check. */
  removeUnder(dir: string, keep: (file: string) => boolean): { removed: string[]; affected: Set<string> } {
    const prefix = dir.endsWith('/') ? dir : dir + '/';
    const removed = [...this.project.files.keys()].filter((f) => f.startsWith(prefix) && !keep(f));
    const affected = new Set<string>();
    for (const f of removed) for (const a of this.remove(f)) affected.add(a);
    for (const f of removed) affected.delete(f);
    return { removed, affected };
  }

  /**
   * A notebook's cells, as the editor has them: its sources are made again,
   * and only a source whose text changed is analysed again (editing one cell
   * re-analyses the source that cell is in). Returns the files to re-check.
   */
  updateNotebook(file: string, cells: NotebookCell[]): Set<string> {
    const configOf = (f: string) => this.resolver.forFile(f);
    if (!isSelected(file, configOf(file), this.root) && !this.project.files.has(file)) return new Set();
    const last = this.notebookTexts.get(file);
    const nb = notebookEntries(file, cells, undefined, undefined, configOf, this.root, undefined, (f, text) => {
      const known = last?.get(f);
      return known?.text === text ? known.entry : undefined;
    });
    const entries = new Map([nb.own, ...nb.sources].map((e) => [e.file, e]));
    this.notebookTexts.set(file, new Map([...(nb.texts ?? [])].map(([f, text]) => [f, { text, entry: entries.get(f)! }])));
    return this.applyNotebook(nb);
  }

  /** The text a source made from an open notebook's cells was analysed from. */
  sourceText(file: string): string | undefined {
    const part = this.project.files.get(file)?.notebook;
    return part ? this.notebookTexts.get(part.notebook)?.get(file)?.text : undefined;
  }

  /** A notebook changed on disk, or its editor closed: read it again, or forget it when it is gone. */
  notebookFromDisk(file: string): Set<string> {
    const config = this.resolver.forFile(file);
    this.notebookTexts.delete(file);
    if (!isSelected(file, config, this.root)) return this.removeNotebook(file);
    const nb = notebookFromDisk(file, (f) => this.resolver.forFile(f), this.root);
    if (nb.own.skipped === 'skipped: file disappeared while reading') return this.removeNotebook(file);
    return this.applyNotebook(nb);
  }

  private applyNotebook(nb: NotebookEntries): Set<string> {
    const file = nb.own.file;
    const before = new Map(this.project.filesOfNotebook(file).map((f) => [f, this.project.files.get(f)?.facts]));
    const { changed } = setNotebook(this.project, nb, (f) => this.diskEntry(f));
    const affected = new Set<string>(changed);
    for (const f of changed) {
      const after = this.project.files.get(f)?.facts;
      if (before.has(f) && before.get(f) === after) continue;
      for (const d of this.project.dependents(f, before.get(f))) affected.add(d);
    }
    return affected;
  }

  removeNotebook(file: string): Set<string> {
    const files = this.project.filesOfNotebook(file);
    if (!files.length && !this.project.files.has(file)) return new Set();
    const before = new Map(files.map((f) => [f, this.project.files.get(f)?.facts]));
    const affected = new Set<string>();
    for (const f of files) for (const d of this.project.dependents(f, before.get(f))) affected.add(d);
    for (const f of this.project.removeNotebook(file)) {
      const entry = this.diskEntry(f);
      if (entry) this.project.setFile(entry);
      affected.add(f);
    }
    this.notebookTexts.delete(file);
    affected.delete(file);
    return affected;
  }

  /** The entry of a file on disk (a notebook no longer writes it), when it is there and selected. */
  private diskEntry(file: string): FileEntry | undefined {
    const config = this.resolver.forFile(file);
    if (!isSelected(file, config, this.root)) return undefined;
    const entry = entryFromDisk(file, config, this.project.entryPointBases());
    return entry.skipped === 'skipped: file disappeared while reading' ? undefined : entry;
  }

  remove(file: string): Set<string> {
    if (fileKind(file) === 'notebook') return this.removeNotebook(file);
    const before = this.project.files.get(file)?.facts;
    if (!before && !this.project.files.has(file)) return new Set();
    const affected = this.project.dependents(file, before);
    this.project.removeFile(file);
    // The removed file's own diagnostics are cleared by the caller; its contracts' may change (missing-script).
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

/** The innermost folder holding a canonical path. */
export function folderFor(folders: readonly Folder[], file: string): Folder | undefined {
  let best: Folder | undefined;
  for (const f of folders) if (f.holds(file) && (!best || f.root.length > best.root.length)) best = f;
  return best;
}
