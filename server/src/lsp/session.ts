// The language server's state, shared by every handler (handlers/): workspace
// folders, open documents, settings, what the client can do and what has been
// published. Handlers are small functions of (session, params); everything
// they have in common lives here.
import { basename } from 'node:path';
import {
  type Connection,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  type FileEvent,
  MessageType,
  ShowMessageNotification,
} from 'vscode-languageserver/node';
import {
  type CellLocation,
  type Declarations,
  DEFAULT_BASELINE_FILE,
  fromCell,
  matchBaseline,
  type Finding,
  type Fix,
  type Position,
  type Range,
  type TextEdit,
} from '../core';
import { contentDigest } from '../host/cache';
import { hardLinkAliases, hasNameOutside, readRegularFile } from '../host/files';
import { type DiskChange, WorkspaceWatcher } from '../host/watch';
import { fileOfUri, pathToUri, toDiagnostic, type EditTarget } from './convert';
import { DiagnosticCache, type Report } from './diagnostics';
import { TreeBudget, type OpenDocument } from './documents';
import { type Folder, folderFor } from './folders';
import { coreCells, type OpenNotebook } from './notebooks';
import { DEFAULT_SETTINGS, overlay, SECTION, type Settings } from './settings';
import { lstatSync } from 'node:fs';
import type { Diagnostic } from 'vscode-languageserver/node';

export type { Settings } from './settings';

/** What the client said it can do, read once at initialize. */
export interface ClientCaps {
  pull: boolean;
  progress: boolean;
  watchRegistration: boolean;
  workspaceFolderEvents: boolean;
  configuration: boolean;
  /** window/showDocument: the client opens a document the server names. */
  showDocument: boolean;
}

export type ServerState = 'indexing' | 'ready' | 'error';

export class Session {
  readonly folders: Folder[] = [];
  /** Open documents by canonical path. */
  readonly docs = new Map<string, OpenDocument>();
  /** Open notebooks by canonical path, and by the URI of each of their cells. */
  readonly notebooks = new Map<string, OpenNotebook>();
  readonly cellDocs = new Map<string, OpenNotebook>();
  readonly trees = new TreeBudget();
  caps: ClientCaps = { pull: false, progress: false, watchRegistration: false, workspaceFolderEvents: false, configuration: false, showDocument: false };
  /** Editor settings from initializationOptions (over the defaults)... */
  initialSettings: Settings = DEFAULT_SETTINGS;
  /** ...then those pushed by workspace/didChangeConfiguration (the client's whole section, each time)... */
  pushedSettings: Record<string, unknown> | undefined;
  /** ...then per folder, those pulled by workspace/configuration. */
  readonly folderSettings = new Map<Folder, Settings>();
  /** Files whose last published diagnostics were not empty. */
  readonly published = new Set<string>();
  /** Every file's findings, checked once per change (see diagnostics.ts). */
  readonly diagnostics = new DiagnosticCache(
    (file) => this.check(file),
    // A baseline read again (Folder.loadBaseline) makes every report of its folder out of date.
    (file) => this.folderOf(file)?.baseline,
    // Related places in a notebook's cells are shown in those cells.
    (f) => this.diagnosticOf(f),
  );
  /**
   * run = onSave: the report of an open document as it was before its unsaved
   * changes, which document pulls answer until it is saved...
   */
  readonly held = new Map<string, Report>();
  /** ...and, pushing, the files its unsaved changes may have touched, published when it is saved. */
  readonly pendingOnSave = new Map<string, Set<string>>();
  /** Open documents whose last document pull had findings: once closed, a workspace report tells the client what is left (workspace-diagnostic.ts). */
  readonly pulledWhileOpen = new Set<string>();
  lastCheckMs = 0;
  /** After `shutdown` every request but `exit` is an error (LSP specification). */
  shuttingDown = false;
  /** Watched-file changes that arrived while their folder was being indexed, replayed when it is done. */
  readonly pendingChanges = new Map<Folder, FileEvent[]>();
  private readonly warned = new Set<string>();
  /** File names watched besides the static globs (a baseline named in the configuration). */
  private readonly watchedNames = new Set<string>();
  /** Called after each folder's index is built (the server replays pendingChanges there). */
  afterIndex: (folder: Folder) => void = () => undefined;
  /** True when the server watches the folders itself (the client registers no file watchers). */
  watchesDisk = false;
  /** Called with what the server's own watchers saw change on disk (the server hands it to didChangeWatchedFiles). */
  onDiskChanges: (changes: FileEvent[]) => void = () => undefined;

  constructor(readonly connection: Connection) {}

  log(msg: string): void {
    this.connection.console.log(msg);
  }

  /**
   * Tell the user once. Always the `window/showMessage` notification: vscode-languageserver's
   * showWarningMessage sends `window/showMessageRequest`, which a client may answer with a
   * blocking prompt (Neovim 0.7's inputlist()), and a message with no actions needs no answer.
   */
  warnOnce(key: string, msg: string): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.notify(MessageType.Warning, msg);
  }

  /** A message for the user that asks nothing back (see warnOnce). */
  notify(type: MessageType, message: string): void {
    void this.connection.sendNotification(ShowMessageNotification.type, { type, message });
  }

  /** Watch a folder on disk ourselves (see host/watch.ts), when the client cannot. */
  watchDisk(folder: Folder): void {
    if (!this.watchesDisk || folder.watcher || this.shuttingDown) return;
    const toEvents = (changes: DiskChange[]): FileEvent[] =>
      changes.map((c) => ({ uri: pathToUri(c.path), type: c.kind === 'deleted' ? FileChangeType.Deleted : FileChangeType.Changed }));
    folder.watcher = new WorkspaceWatcher(folder.workspace, (changes) => this.onDiskChanges(toEvents(changes)), { log: (m) => this.log(m) });
    const baseline = folder.baselineFile ? basename(folder.baselineFile) : undefined;
    if (baseline && baseline !== DEFAULT_BASELINE_FILE) folder.watcher.extraNames.add(baseline);
    folder.watcher.start();
    this.log(`watching ${folder.root} for changes on disk (${folder.watcher.watchedFolders || 'all'} folders)`);
  }

  unwatchDisk(folder: Folder): void {
    folder.watcher?.close();
    folder.watcher = undefined;
  }

  /** Settings every folder starts from: initializationOptions, then pushed settings. */
  get defaults(): Settings {
    return overlay(this.initialSettings, this.pushedSettings);
  }

  settingsOf(folder: Folder | undefined): Settings {
    return (folder && this.folderSettings.get(folder)) ?? this.defaults;
  }

  /** Pull each folder's settings when the client answers workspace/configuration; else every folder has the defaults. */
  async loadSettings(): Promise<void> {
    if (!this.caps.configuration) {
      this.folderSettings.clear();
      return;
    }
    const items = this.folders.map((f) => ({ scopeUri: pathToUri(f.root), section: SECTION }));
    const answers = await this.connection.workspace.getConfiguration(items).catch(() => undefined);
    const base = this.defaults;
    this.folders.forEach((f, i) => {
      const c = answers?.[i];
      this.folderSettings.set(f, overlay(base, typeof c === 'object' && c !== null && !Array.isArray(c) ? (c as Record<string, unknown>) : undefined));
    });
  }

  /**
   * The folder and canonical path of a URI, when it names a local file inside
   * a workspace folder once links, `..` and `.` are resolved; otherwise
   * undefined, and the request is not about a file we may read or edit.
   */
  locate(uri: string): { folder: Folder; file: string } | undefined {
    const path = fileOfUri(uri);
    if (path === undefined) return undefined;
    const byDepth = [...this.folders].sort((a, b) => b.root.length - a.root.length);
    for (const folder of byDepth) {
      const file = folder.canonical(path);
      if (file !== undefined) return { folder, file };
    }
    return undefined;
  }

  /** The folder holding a canonical path (project files and open documents are named canonically). */
  folderOf(file: string): Folder | undefined {
    return folderFor(this.folders, file);
  }

  /** A file's current text: the editor's buffer when open, else the file on disk read as a bounded regular file. */
  readText(file: string): string | undefined {
    const part = this.folderOf(file)?.project?.files.get(file)?.notebook;
    // A notebook's sources are made from its cells: the open notebook's, never the .ipynb JSON or a file on disk.
    if (part) return this.notebooks.has(part.notebook) ? this.folderOf(file)?.sourceText(file) : undefined;
    const doc = this.docs.get(file);
    if (doc) return doc.text;
    const max = this.folderOf(file)?.project?.files.get(file)?.config.config.maxFileSize ?? 2 * 1024 * 1024;
    const r = readRegularFile(file, max, { noFollow: true });
    if ('failure' in r) return undefined;
    const text = new TextDecoder('utf-8').decode(r.bytes);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  }

  versionOf(file: string): number | null {
    return this.docs.get(file)?.version ?? null;
  }

  /** A file's findings as of the last change (checked at most once per change), those the folder's baseline accepts marked `baselined` (shown as hints). */
  findingsFor(file: string): Finding[] {
    return this.diagnostics.get(file).report.findings;
  }

  /** What a client is shown for a file: its current report, or while run = onSave holds it, the one from before the unsaved changes. */
  reportFor(file: string): Report {
    return this.held.get(file) ?? this.diagnostics.get(file).report;
  }

  private check(file: string): Finding[] {
    const folder = this.folderOf(file);
    if (!folder?.indexed || !this.settingsOf(folder).enable) return [];
    const findings = folder.project.check(file);
    // Baseline keys name one file each, so matching one file's findings is matching the workspace's.
    const accepted = folder.baseline;
    return accepted && findings.length ? matchBaseline(findings, accepted.baseline, accepted.relOf).findings : findings;
  }

  /**
   * May this fix be offered? Every file it edits or creates must be inside a
   * workspace folder by its real path; a file it creates must not exist (a
   * create never edits an existing file, least of all through a link); and a
   * closed file it edits must still hold the bytes it was analysed from (else it
   * is re-read and the fix is not offered at stale positions).
   */
  fixIsCurrent(fix: Pick<Fix, 'edits' | 'createFiles'>): boolean {
    for (const e of fix.edits) {
      const folder = this.folderOf(e.file);
      const part = folder?.project?.files.get(e.file)?.notebook;
      if (part) {
        // An edit in a notebook's cells goes to the open notebook's cell documents; a closed notebook's JSON is not edited.
        if (!this.notebooks.has(part.notebook) || !e.cell) return false;
        continue;
      }
      if (!folder || folder.canonical(e.file) !== e.file) return false;
      if (hasNameOutside(e.file, folder.project.files.keys())) return false;
      if (!this.docs.has(e.file) && !this.unchangedOnDisk(folder, e.file)) return false;
    }
    for (const c of fix.createFiles ?? []) {
      const folder = this.folderOf(c.file);
      if (!folder || folder.canonical(c.file) !== c.file || exists(c.file)) return false;
    }
    return true;
  }

  /** Edits through one name per file: an edit to another name (a hard link) of a file already edited would land twice. */
  oneNamePerFile(edits: TextEdit[]): TextEdit[] {
    const aliases = hardLinkAliases(new Set(edits.map((e) => e.file)));
    return aliases.size ? edits.filter((e) => !aliases.has(e.file)) : edits;
  }

  private unchangedOnDisk(folder: Folder, file: string): boolean {
    const entry = folder.project?.files.get(file);
    if (!entry?.digest) return false;
    const r = readRegularFile(file, entry.config.config.maxFileSize, { noFollow: true });
    if (!('failure' in r) && contentDigest(r.bytes) === entry.digest) return true;
    // Changed behind our back (no watcher told us): take the new content now.
    this.publish(folder.updateFromDisk(file));
    return false;
  }

  /** Scripts some contract claims, counted again only when the declarations or the file list changed (10x: 1,000 contracts). */
  private scriptCount(f: Folder, d: Declarations): number {
    const known = this.scriptCounts.get(d);
    if (known?.files === f.project.files.size) return known.scripts;
    const scripts = new Set(d.contracts.flatMap((c) => f.project.scriptsOf(c))).size;
    this.scriptCounts.set(d, { files: f.project.files.size, scripts });
    return scripts;
  }
  private readonly scriptCounts = new WeakMap<Declarations, { files: number; scripts: number }>();
  /** The findings count of the last status sent (a workspace pull sends one only when it moved). */
  lastStatusFindings = -1;

  sendStatus(state: ServerState): void {
    let contracts = 0,
      specs = 0,
      scripts = 0,
      files = 0,
      findings = 0;
    const configErrors: string[] = [];
    for (const f of this.folders) {
      if (!f.indexed) continue;
      const d = f.project.declarations();
      contracts += d.contracts.length;
      specs += d.specs.length;
      scripts += this.scriptCount(f, d);
      files += f.project.files.size;
      // From the reports the diagnostics use: a file is checked here only if nothing has asked for it since it changed, and then not again for them.
      if (state === 'ready') for (const file of f.project.files.keys()) findings += this.openFindings(file);
      for (const e of f.project.files.values())
        for (const err of e.config.errors) if (err.file === e.file) configErrors.push(`${err.file}: ${err.key ? err.key + ': ' : ''}${err.message}`);
    }
    if (state === 'ready') this.lastStatusFindings = findings;
    void this.connection.sendNotification('scriptContracts/status', {
      state,
      contracts,
      specs,
      scripts,
      files,
      findings,
      lastCheckMs: this.lastCheckMs,
      lastCheckAt: new Date().toISOString(),
      configErrors,
    });
  }

  /**
   * The project changed for these files: their reports are checked again, and
   * shown. Pushing, each is published; pulling, the workspace pull held open
   * wakes (diagnostics.ts), and open documents are pulled again, except
   * `edited`, the one being typed in (its client pulls it after each change).
   */
  publish(files: Iterable<string>, edited?: string): void {
    const list = [...files];
    this.diagnostics.invalidate(list);
    if (this.caps.pull) {
      // An open notebook's cells are pulled one by one: a change to any file made from it may show in another cell.
      const inOpenNotebook = (f: string) => {
        const part = this.folderOf(f)?.project?.files.get(f)?.notebook;
        return !!part && this.notebooks.has(part.notebook);
      };
      if (list.some((f) => (f !== edited && this.docs.has(f)) || inOpenNotebook(f)))
        void this.connection.languages.diagnostics.refresh().catch(() => undefined);
      return;
    }
    const t0 = performance.now();
    const notebooks = new Set<string>();
    for (const file of list) {
      const part = this.folderOf(file)?.project?.files.get(file)?.notebook;
      if (part) {
        notebooks.add(part.notebook);
        continue;
      }
      const open = this.docs.get(file);
      if (!open && !this.settingsOf(this.folderOf(file)).workspaceDiagnostics) {
        if (this.published.delete(file)) void this.connection.sendDiagnostics({ uri: pathToUri(file), diagnostics: [] });
        continue;
      }
      const diagnostics = this.diagnostics.get(file).report.items;
      // Closed clean files need no message; an open document gets one per version, even when clean.
      if (!diagnostics.length && !this.published.has(file) && !open) continue;
      if (diagnostics.length) this.published.add(file);
      else this.published.delete(file);
      void this.connection.sendDiagnostics({ uri: open?.uri ?? pathToUri(file), version: open?.version, diagnostics });
    }
    for (const nb of notebooks) this.publishNotebook(nb);
    this.lastCheckMs = performance.now() - t0;
  }

  /** The findings of every file made from a notebook (its code cells and the files it writes), each once. */
  notebookFindings(notebook: string): Finding[] {
    const folder = this.folderOf(notebook);
    if (!folder?.indexed) return [];
    return folder.project.filesOfNotebook(notebook).flatMap((f) => this.findingsFor(f));
  }

  /**
   * Diagnostics of a notebook. Open: per cell document, at the cell's own
   * positions (a finding not in a cell, a parse error, on the notebook's URI).
   * Closed: on the .ipynb file's URI at their place in its text, the message
   * saying which cell.
   */
  notebookDiagnostics(notebook: string): Map<string, Diagnostic[]> {
    const open = this.notebooks.get(notebook);
    const out = new Map<string, Diagnostic[]>();
    const add = (uri: string, d: Diagnostic) => out.set(uri, [...(out.get(uri) ?? []), d]);
    // Every Python cell gets its (possibly empty) list: an edited cell hears that it is clean now.
    if (open) for (const c of open.cells) if (c.kind === 2 && /^python/i.test(c.languageId)) out.set(c.uri, []);
    const nbUri = open?.uri ?? pathToUri(notebook);
    for (const f of this.notebookFindings(notebook)) {
      if (!f.cell) {
        add(nbUri, this.diagnosticOf(f));
        continue;
      }
      const cellUri = open?.cells[f.cell.cell]?.uri;
      if (cellUri) add(cellUri, this.diagnosticOf(f));
      else if (!open) {
        const d = this.diagnosticOf(f);
        add(nbUri, { ...d, range: f.cell.inFile ?? f.cell.range, message: `cell ${f.cell.cell + 1}, line ${f.cell.range.start.line + 1}: ${d.message}` });
      }
    }
    return out;
  }

  private publishNotebook(notebook: string): void {
    const open = this.notebooks.get(notebook);
    const show = !!open || this.settingsOf(this.folderOf(notebook)).workspaceDiagnostics;
    const byUri = show ? this.notebookDiagnostics(notebook) : new Map<string, Diagnostic[]>();
    const nbUri = open?.uri ?? pathToUri(notebook);
    if (!byUri.has(nbUri)) byUri.set(nbUri, []);
    const published = open?.published ?? new Set<string>();
    for (const [uri, diagnostics] of byUri) {
      const had = uri === nbUri ? this.published.has(notebook) : published.has(uri);
      // An open cell gets one message per change, even when clean; a closed notebook only when something changed.
      if (!diagnostics.length && !had && (uri === nbUri || !open)) continue;
      if (uri === nbUri) {
        if (diagnostics.length) this.published.add(notebook);
        else this.published.delete(notebook);
      } else if (diagnostics.length) published.add(uri);
      else published.delete(uri);
      void this.connection.sendDiagnostics({ uri, diagnostics });
    }
  }

  /** A finding as a diagnostic where the editor shows it: a cell's range in its cell, related places in their cells. */
  diagnosticOf(f: Finding): Diagnostic {
    const d = toDiagnostic(f.cell ? { ...f, range: f.cell.range } : f, (l) => this.targetOf(l));
    return d;
  }

  /**
   * Where a place is for the editor: a file's URI and range, or, in a
   * notebook's cells, the open cell document's (with its version) or, when the
   * notebook is closed, the .ipynb file's.
   */
  targetOf(l: { file: string; range: Range; cell?: CellLocation }): EditTarget {
    if (!l.cell) return { uri: this.docs.get(l.file)?.uri ?? pathToUri(l.file), range: l.range, version: this.versionOf(l.file) };
    const open = this.notebooks.get(l.cell.notebook);
    const cell = open?.cells[l.cell.cell];
    if (cell) return { uri: cell.uri, range: l.cell.range, version: cell.version };
    return { uri: pathToUri(l.cell.notebook), range: l.cell.inFile ?? l.cell.range, version: null };
  }

  /**
   * A position in an open notebook's cell → the source it is in (the code
   * cells' Python, or the file a %%writefile cell writes) and the position
   * there; undefined for a cell no source holds (markdown, another language).
   */
  atCell(uri: string, p: Position): { folder: Folder; file: string; position: Position; notebook: OpenNotebook; cell: number } | undefined {
    const notebook = this.cellDocs.get(uri);
    if (!notebook) return undefined;
    const folder = this.folderOf(notebook.file);
    const cell = notebook.cells.findIndex((c) => c.uri === uri);
    if (!folder?.indexed || cell < 0 || !this.settingsOf(folder).enable) return undefined;
    for (const file of folder.project.filesOfNotebook(notebook.file)) {
      const part = folder.project.files.get(file)?.notebook;
      const position = part && fromCell(part.segments, cell, p);
      if (position) return { folder, file, position, notebook, cell };
    }
    return undefined;
  }

  /** The findings shown in one cell document. */
  cellFindings(uri: string): Finding[] {
    const notebook = this.cellDocs.get(uri);
    const cell = notebook?.cells.findIndex((c) => c.uri === uri) ?? -1;
    if (!notebook || cell < 0) return [];
    return this.notebookFindings(notebook.file).filter((f) => f.cell?.cell === cell);
  }

  /** Re-analyses an open notebook's cells; returns the files to re-check. */
  updateNotebook(folder: Folder, nb: OpenNotebook): Set<string> {
    return folder.updateNotebook(nb.file, coreCells(nb));
  }

  /** Clear the diagnostics of a file that is gone. */
  unpublish(file: string, uri = pathToUri(file)): void {
    this.diagnostics.invalidate([file]);
    if (this.published.delete(file)) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  /** Everything may have changed (an index, the settings): every report is checked again and shown, unsaved changes held by run = onSave included. */
  publishAll(): void {
    this.held.clear();
    this.pendingOnSave.clear();
    this.diagnostics.invalidateAll();
    const files = new Set<string>(this.published);
    for (const f of this.folders) if (f.indexed) for (const file of f.project.files.keys()) files.add(file);
    this.publish(files);
    this.sendStatus('ready');
  }

  async indexFolder(folder: Folder): Promise<void> {
    const token = this.caps.progress ? await this.connection.window.createWorkDoneProgress().catch(() => undefined) : undefined;
    token?.begin('Script Contracts', 0, `indexing ${basename(folder.root)}`, false);
    this.sendStatus('indexing');
    try {
      const r = await folder
        .index((done, total) => token?.report(total ? Math.round((done / total) * 100) : 0, `${done}/${total} files`))
        .catch((e) => {
          folder.failed = !folder.indexed;
          throw e;
        });
      folder.failed = false;
      this.log(`indexed ${folder.root}: ${r.files} files in ${Math.round(r.ms)} ms`);
      this.reportBaseline(folder);
      this.watchBaseline(folder);
      // Open documents win over disk.
      for (const nb of this.notebooks.values()) if (folder.holds(nb.file)) this.updateNotebook(folder, nb);
      for (const doc of this.docs.values()) if (folder.holds(doc.file)) this.updateOpen(folder, doc);
      for (const e of folder.project.files.values()) {
        for (const err of e.config.errors)
          if (err.file === e.file)
            this.warnOnce(
              `config:${err.file}:${err.key}`,
              `Script Contracts: configuration error in ${err.file}: ${err.key ? err.key + ': ' : ''}${err.message}`,
            );
      }
    } finally {
      token?.done();
      // Files may have come and gone with the new index: no report from before it stands.
      this.diagnostics.invalidateAll();
    }
    this.afterIndex(folder);
  }

  /** How many of a file's findings the baseline does not accept (what the status and Check Workspace count). */
  openFindings(file: string): number {
    return this.findingsFor(file).filter((f) => !f.baselined).length;
  }

  /** Says in the log what the folder's baseline holds, and warns once when it cannot be read. */
  reportBaseline(folder: Folder): void {
    if (folder.baseline) this.log(`baseline ${folder.baselineFile}: ${folder.baseline.baseline.size} accepted findings`);
    const problem = folder.baselineProblem;
    if (!problem) return;
    this.log(problem);
    if (folder.baselineFile) this.warnOnce(`baseline:${problem}`, `Script Contracts: ${problem}`);
  }

  /** A baseline the configuration names otherwise than the default is watched by its name too. */
  watchBaseline(folder: Folder): void {
    const name = folder.baselineFile ? basename(folder.baselineFile) : undefined;
    // The server's own watch (a client without watchers) reports it by its name too.
    if (name && name !== DEFAULT_BASELINE_FILE) folder.watcher?.extraNames.add(name);
    if (!name || name === DEFAULT_BASELINE_FILE || !this.caps.watchRegistration || this.watchedNames.has(name)) return;
    this.watchedNames.add(name);
    void this.connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: `**/${name}` }] }).catch(() => undefined);
  }

  /** Re-analyse an open document, within the tree budget; returns the files to re-check. */
  updateOpen(folder: Folder, doc: OpenDocument): Set<string> {
    const affected = folder.updateOpen(doc);
    this.trees.keep(doc);
    return affected;
  }

  closeDocument(doc: OpenDocument): void {
    this.held.delete(doc.file);
    this.pendingOnSave.delete(doc.file);
    this.trees.forget(doc);
    doc.tree?.delete();
    doc.tree = undefined;
    this.docs.delete(doc.file);
  }
}

function exists(file: string): boolean {
  try {
    lstatSync(file);
    return true;
  } catch {
    return false;
  }
}
