// Filesystem side of the analysis: finds the files of a workspace, resolves
// each one's configuration, reads and analyses them (through the facts cache),
// and fills a Project. Shared by the CLI and the language server; it knows
// nothing of the protocol.
import { existsSync, lstatSync, readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { analyzeText, BINARY, EMPTY_PYTHON, fileKind, isAnalysedKind, mayMatter, overSizeReason, unparsedFacts } from '../core/analyze';
import { notebookSources, type CellInfo, type NotebookCell, type NotebookProblem } from '../core/notebook';
import { defaultConfig, isConfigFileName, parseConfig, type Config, type LoadedConfig } from '../core/config';
import { compileGlobs, GlobError, type GlobMatcher } from '../core/glob';
import type { Notice } from '../core/model';
import { Project, type FileEntry } from '../core/project';
import { initPythonParser } from './python-parser';
import { contentDigest, FactsCache } from './cache';
import { readRegularFile, readSmallTextFile } from './files';
import { NOTEBOOK_SIZE_FACTOR, readNotebookText } from './notebook-file';
import { parseInWorkers, workersFor, type ParseJob, type ParseOutcome } from './parse-pool';
import { WorkspaceRoot } from './workspace-paths';

/** Folders never worth walking into, whatever the configuration says (the server's own watcher skips them too: host/watch.ts). */
export const SKIP_DIRS: ReadonlySet<string> = new Set([
  '.git',
  'node_modules',
  '.hg',
  '.svn',
  '__pycache__',
  '.venv',
  'venv',
  '.tox',
  '.mypy_cache',
  '.pytest_cache',
  '.script-contracts-cache',
]);
const MAX_FILES = 200_000;
/** SCRIPT_CONTRACTS_PARTIAL_PARSE=0 parses every file whole (to compare, or to rule the partial parse out). */
const PARTIAL_PARSING = process.env.SCRIPT_CONTRACTS_PARTIAL_PARSE !== '0';

export interface LoadOptions {
  /** Use and update the on-disk facts cache (default true). */
  cache?: boolean;
  /** An explicit configuration file for every file (`--config`). */
  configFile?: string;
  onProgress?: (done: number, total: number) => void;
  /** A scan of the same root made just before (see scanWorkspace), so the files are not listed twice. */
  scan?: WorkspaceScan;
  /**
   * Re-read every file whose facts come from the cache and compare its bytes
   * with the analysed ones (`--fix`: a file copied with its time kept, or
   * restored by a checkout to the same size and time, must not be edited at
   * stale positions).
   */
  verifyContent?: boolean;
}

type FileStat = { size: number; mtimeMs: number };

/** What a check of a workspace reads: the files it selects, their sizes and times, and their configuration. */
export interface WorkspaceScan {
  root: string;
  workspace: WorkspaceRoot;
  resolver: ConfigResolver;
  configFiles: string[];
  /** Files the configuration selects for analysis, sorted, named by their real paths (a link is not a name of its own). */
  selected: string[];
  /** lstat of each selected file; undefined when it disappeared after listing. */
  stats: Map<string, FileStat | undefined>;
  /** Every file listed, selected or not (a component's program may be one the configuration leaves out). */
  listed: string[];
  notices: Notice[];
}

export function lstatOrUndefined(file: string): FileStat | undefined {
  try {
    const st = lstatSync(file);
    return { size: st.size, mtimeMs: st.mtimeMs };
  } catch {
    return undefined;
  }
}

/**
 * The folder whose configuration files apply at most: the repository root (the
 * nearest folder at or above the workspace root holding `.git`), else the
 * workspace root itself. Configuration above it belongs to someone else (a
 * parent's `exclude = ["**"]` must not make a check see nothing).
 */
export function configBoundary(root: string): string {
  for (let dir = root; ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return dir;
    if (dirname(dir) === dir) return root;
  }
}

/** Lists and stats the workspace without reading any file's contents (configuration files aside). */
export function scanWorkspace(rootArg: string, options: { configFile?: string } = {}): WorkspaceScan {
  const workspace = WorkspaceRoot.of(rootArg);
  const root = workspace.root;
  const resolver = new ConfigResolver(options.configFile, configBoundary(root));
  const { files, configFiles, notices } = walk(workspace);
  const selected = files.filter((f) => isSelected(f, resolver.forFile(f), root));
  const stats = new Map(selected.map((f) => [f, lstatOrUndefined(f)]));
  if (files.length > 0 && selected.length === 0) {
    notices.push({
      file: root,
      message: `the configuration's include/exclude patterns select none of the ${files.length} Python and step files here`,
      level: 'warning',
    });
  }
  return { root, workspace, resolver, configFiles, selected, stats, notices, listed: files };
}

/** Finds the configuration for each folder by walking up to the boundary; remembers answers per folder. */
export class ConfigResolver {
  private readonly byDir = new Map<string, LoadedConfig>();
  private readonly fixed: LoadedConfig | undefined;

  /**
   * @param configFile an explicit configuration for every file (`--config`)
   * @param boundary the highest folder whose configuration files apply (see configBoundary); none above it is read
   */
  constructor(
    configFile?: string,
    private readonly boundary?: string,
  ) {
    if (configFile) this.fixed = loadExplicitConfig(configFile);
  }

  /** The explicit configuration (`--config`), if any: its problems fail the run. */
  get explicit(): LoadedConfig | undefined {
    return this.fixed;
  }

  forFile(file: string): LoadedConfig {
    return this.forDir(dirname(file));
  }

  forDir(dir: string): LoadedConfig {
    if (this.fixed) return this.fixed;
    const known = this.byDir.get(dir);
    if (known) return known;
    let found: LoadedConfig | undefined;
    for (const name of ['script-contracts.toml', 'pyproject.toml']) {
      const candidate = join(dir, name);
      const { text, failure, message } = readSmallTextFile(candidate);
      if (text === undefined) {
        // Our own file that cannot be read as a file is a configuration error; a pyproject.toml may not be ours.
        if (name === 'script-contracts.toml' && failure !== 'missing') {
          found = {
            file: candidate,
            config: defaultConfig().config,
            errors: [{ file: candidate, key: '', message: `cannot read this configuration file: ${message}` }],
            fingerprint: 'default',
          };
          break;
        }
        continue;
      }
      found = parseConfig(candidate, text);
      if (found) break;
    }
    const parent = dirname(dir);
    const atTop = parent === dir || dir === this.boundary || (this.boundary !== undefined && !isUnderOrSame(dir, this.boundary));
    const result = found ?? (atTop ? defaultConfig() : this.forDir(parent));
    this.byDir.set(dir, result);
    return result;
  }

  invalidate(): void {
    this.byDir.clear();
  }

  /** Every configuration file seen so far with errors. */
  errors(): LoadedConfig[] {
    return [...new Set(this.byDir.values())].filter((c) => c.errors.length);
  }
}

function isUnderOrSame(dir: string, base: string): boolean {
  return dir === base || dir.startsWith(base.endsWith(sep) ? base : base + sep);
}

/** `--config FILE`: read as any other configuration file, but every problem with it is the user's to hear about. */
function loadExplicitConfig(configFile: string): LoadedConfig {
  const { text, message } = readSmallTextFile(configFile);
  const fail = (msg: string, key = ''): LoadedConfig => ({
    file: configFile,
    config: defaultConfig().config,
    errors: [{ file: configFile, key, message: msg }],
    fingerprint: 'default',
  });
  if (text === undefined) return fail(`cannot read configuration file: ${message}`);
  return parseConfig(configFile, text) ?? fail('this pyproject.toml has no [tool.script-contracts] section', 'tool.script-contracts');
}

/** Compiled include/exclude globs per configuration. */
const matchers = new WeakMap<Config, { exclude?: GlobMatcher; include?: GlobMatcher }>();

/** Is this file selected by its configuration's include/exclude globs? */
export function isSelected(file: string, loaded: LoadedConfig, root: string): boolean {
  const base = loaded.file ? dirname(loaded.file) : root;
  const rel = relative(base, file).split(sep).join('/');
  const cfg = loaded.config;
  let m = matchers.get(cfg);
  if (!m) {
    // The configuration validated its patterns; the defaults are known to compile.
    m = {
      exclude: cfg.exclude.length ? compileGlobs(cfg.exclude) : undefined,
      include: cfg.include.length ? compileGlobs(cfg.include) : undefined,
    };
    matchers.set(cfg, m);
  }
  if (m.exclude?.(rel)) return false;
  if (m.include && !m.include(rel)) return false;
  return true;
}

export interface WalkResult {
  files: string[];
  configFiles: string[];
  notices: Notice[];
}

/**
 * The workspace root's .gitignore as a matcher (generated files, virtualenvs,
 * build output). Nested .gitignore files and negations are not read: a
 * conservative subset that only ever skips more of what git skips. A line this
 * matcher refuses (see glob.ts) is left out.
 */
export function gitignoreMatcher(root: string): ((rel: string, isDir: boolean) => boolean) | undefined {
  const { text } = readSmallTextFile(join(root, '.gitignore'));
  if (text === undefined) return undefined;
  const any: GlobMatcher[] = [];
  const dirsOnly: GlobMatcher[] = [];
  for (const raw of text.split(/\r\n|\r|\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith('!')) continue;
    const dirOnly = line.endsWith('/');
    const p = line.replace(/\/+$/, '');
    if (!p) continue;
    const glob = p.startsWith('/') || p.includes('/') ? p.replace(/^\//, '') : `**/${p}`;
    try {
      (dirOnly ? dirsOnly : any).push(compileGlobs([glob]));
    } catch (e) {
      if (!(e instanceof GlobError)) throw e;
    }
  }
  if (!any.length && !dirsOnly.length) return undefined;
  return (rel, isDir) => any.some((m) => m(rel)) || (isDir && dirsOnly.some((m) => m(rel)));
}

/**
 * Lists candidate files under the workspace without reading contents. Links
 * are followed only to targets inside the workspace, and what they reach is
 * named by its real path (WorkspaceRoot.canonical), so no file is listed twice.
 */
export function walk(workspace: WorkspaceRoot | string): WalkResult {
  const ws = typeof workspace === 'string' ? WorkspaceRoot.of(workspace) : workspace;
  const root = ws.root;
  const files = new Set<string>();
  const configFiles: string[] = [];
  const notices: Notice[] = [];
  try {
    statSync(root);
  } catch (e) {
    return { files: [], configFiles, notices: [{ file: root, message: `cannot open folder: ${(e as Error).message}`, level: 'error' }] };
  }
  const ignored = gitignoreMatcher(root);
  const stack = [root];
  // Real paths of every folder walked: a link back to any of them (a loop) is not walked again.
  const seenDirs = new Set<string>([ws.realRoot]);
  while (stack.length) {
    const dir = stack.pop()!;
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      notices.push({ file: dir, message: `skipped folder: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, level: 'warning' });
      continue;
    }
    for (const d of entries) {
      let full = join(dir, d.name);
      let isDir = d.isDirectory();
      let isFile = d.isFile();
      if (d.isSymbolicLink()) {
        // Follow a link only when it stays inside the workspace, and name what it reaches by its real path.
        const target = ws.canonical(full);
        if (target === undefined || target === full) continue;
        try {
          const st = statSync(target);
          isDir = st.isDirectory();
          isFile = st.isFile();
        } catch {
          continue;
        }
        full = target;
      }
      if (ignored?.(relative(root, full).split(sep).join('/'), isDir)) continue;
      if (isDir) {
        if (SKIP_DIRS.has(basename(full))) continue;
        let real: string;
        try {
          real = realpathSync.native(full);
        } catch {
          continue;
        }
        if (seenDirs.has(real)) continue;
        seenDirs.add(real);
        stack.push(full);
        continue;
      }
      if (!isFile) continue;
      if (isConfigFileName(basename(full)) && !d.isSymbolicLink()) configFiles.push(full);
      const kind = fileKind(full);
      if (isAnalysedKind(kind) || kind === 'notebook') files.add(full);
      if (files.size >= MAX_FILES) {
        notices.push({ file: root, message: `stopped listing after ${MAX_FILES} files`, level: 'warning' });
        return { files: [...files].sort(), configFiles, notices };
      }
    }
  }
  return { files: [...files].sort(), configFiles, notices };
}

/** Decode bytes as UTF-8 (without a BOM), refusing binary and malformed input with a reason. */
export function decode(bytes: Uint8Array, maxSize: number): { text?: string; skipped?: string } {
  if (bytes.length > maxSize) return { skipped: overSizeReason(bytes.length, maxSize) };
  if (bytes.includes(0)) return { skipped: BINARY };
  try {
    // The decoder drops a BOM: positions are the positions after it, as editors count them.
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { skipped: 'skipped: not valid UTF-8' };
  }
}

/** A workspace file's bytes, read as a regular file of at most maxSize bytes (files.ts); else why not, as a notice. */
export function readBytes(file: string, maxSize: number): { bytes?: Uint8Array; error?: string } {
  const r = readRegularFile(file, maxSize, { noFollow: true });
  if (!('failure' in r)) return { bytes: r.bytes };
  switch (r.failure) {
    case 'missing':
      return { error: 'skipped: file disappeared while reading' };
    case 'denied':
      return { error: 'skipped: permission denied' };
    case 'too-large':
      return { error: overSizeReason(r.size ?? 0, maxSize) };
    case 'link':
      return { error: 'skipped: the file became a symbolic link after it was listed' };
    default:
      return { error: `skipped: ${r.message}` };
  }
}

/** Analyses one file's text into a FileEntry (no parsing when the cheap scan rules it out). */
export function entryFromText(file: string, text: string, config: LoadedConfig, entryBases: ReadonlySet<string> | undefined, digest?: string): FileEntry {
  if (fileKind(file) === 'python' && !mayMatter(text, config.config, entryBases, basename(file))) {
    return { file, facts: unparsedFacts(text), unparsed: true, config, digest };
  }
  const r = analyzeText(file, text, config.config, { partial: PARTIAL_PARSING });
  if (r.unparsed) return { file, unparsed: true, config, digest };
  return { file, facts: r.facts, skipped: r.skipped, config, digest };
}

export function entryFromDisk(file: string, config: LoadedConfig, entryBases: ReadonlySet<string> | undefined): FileEntry {
  return entryAndDigestFromDisk(file, config, entryBases).entry;
}

/** entryFromDisk, plus the digest of the bytes it read (the facts cache's content key). */
export function entryAndDigestFromDisk(file: string, config: LoadedConfig, entryBases: ReadonlySet<string> | undefined): { entry: FileEntry; digest?: string } {
  const { bytes, error } = readBytes(file, config.config.maxFileSize);
  if (!bytes) return { entry: { file, skipped: error, config } };
  const digest = contentDigest(bytes);
  const { text, skipped } = decode(bytes, config.config.maxFileSize);
  if (text === undefined) return { entry: { file, skipped, config, digest }, digest };
  return { entry: entryFromText(file, text, config, entryBases, digest), digest };
}

/** A notebook's entries: its own (the code cells) and one per `%%writefile` target, with what could not be read. */
export interface NotebookEntries {
  own: FileEntry;
  sources: FileEntry[];
  problems: NotebookProblem[];
  /** The text each entry was analysed from (the cells' sources), by file. */
  texts?: Map<string, string>;
}

/**
 * The entries of a notebook's cells (read from disk, or sent by the editor).
 * Each source is analysed whole (never the cheap scan: it has no file on disk
 * to be read again from), with the configuration of the place it names.
 */
export function notebookEntries(
  file: string,
  cells: readonly NotebookCell[],
  info: CellInfo[] | undefined,
  language: string | undefined,
  configOf: (file: string) => LoadedConfig,
  root: string,
  digest?: string,
  reuse?: (file: string, text: string) => FileEntry | undefined,
): NotebookEntries {
  const config = configOf(file);
  const { sources, problems } = notebookSources(file, cells, { language, root });
  const texts = new Map<string, string>();
  let own: FileEntry = { file, facts: EMPTY_PYTHON, config, digest, notebook: { notebook: file, role: 'cells', segments: [], cells: info } };
  const out: FileEntry[] = [];
  for (const src of sources) {
    const cfg = src.role === 'cells' ? config : configOf(src.file);
    if (src.role === 'writefile' && !isSelected(src.file, cfg, root)) continue;
    texts.set(src.file, src.text);
    const known = reuse?.(src.file, src.text);
    // The same text gives the same facts: an unchanged source keeps them (its segments may have moved).
    const r = known && known.config === cfg ? { facts: known.facts, skipped: known.skipped } : analyzeText(src.file, src.text, cfg.config);
    const part = { notebook: file, role: src.role, segments: src.segments };
    if (src.role === 'cells') own = { ...own, facts: r.facts ?? EMPTY_PYTHON, skipped: r.skipped, notebook: { ...part, cells: info } };
    else out.push({ file: src.file, facts: r.facts, skipped: r.skipped, config: cfg, notebook: part });
  }
  return { own, sources: out, problems, texts };
}

/** A notebook read from disk: bounded at NOTEBOOK_SIZE_FACTOR × max-file-size, its cells' text at max-file-size. */
export function notebookFromDisk(file: string, configOf: (file: string) => LoadedConfig, root: string): NotebookEntries {
  const config = configOf(file);
  const max = config.config.maxFileSize;
  const { bytes, error } = readBytes(file, max * NOTEBOOK_SIZE_FACTOR);
  if (!bytes) return { own: { file, skipped: error, config }, sources: [], problems: [] };
  const digest = contentDigest(bytes);
  const { text, skipped } = decode(bytes, max * NOTEBOOK_SIZE_FACTOR);
  if (text === undefined) return { own: { file, skipped, config, digest }, sources: [], problems: [] };
  const read = readNotebookText(text, max);
  if ('message' in read) {
    return {
      own: { file, facts: EMPTY_PYTHON, config, digest, notebook: { notebook: file, role: 'cells', segments: [], error: read } },
      sources: [],
      problems: [],
    };
  }
  return notebookEntries(file, read.cells, read.info, read.language, configOf, root, digest);
}

/** Puts a notebook's entries into the project; returns the files whose entries changed (for a re-check) and notices. */
export function setNotebook(
  project: Project,
  nb: NotebookEntries,
  readFromDisk: (file: string) => FileEntry | undefined,
): { changed: string[]; notices: Notice[] } {
  const before = new Set(project.filesOfNotebook(nb.own.file));
  const change = project.setNotebook(nb.own, nb.sources);
  const notices: Notice[] = [];
  const changed = [nb.own.file, ...nb.sources.map((s) => s.file), ...before];
  // What the notebook no longer writes is the file on disk again, if there is one.
  for (const f of change.released) {
    const entry = readFromDisk(f);
    if (entry) project.setFile(entry);
  }
  for (const r of change.refused) notices.push({ file: nb.own.file, message: `cell ${r.cell + 1}: ${r.message}`, level: 'info' });
  for (const p of nb.problems) notices.push({ file: nb.own.file, message: `cell ${p.cell + 1}: ${p.message}`, level: 'info' });
  return { changed: [...new Set(changed)], notices };
}

export interface LoadedProject {
  project: Project;
  resolver: ConfigResolver;
  notices: Notice[];
  stats: { files: number; parsed: number; cached: number; ms: number };
}

/**
 * Notebooks, after the other files: a `%%writefile` cell replaces the file of
 * its path (Project.setNotebook), which is then not read (a notice says so).
 * Read in this thread, through the facts cache like any file.
 */
function loadNotebooks(project: Project, notebooks: string[], scan: WorkspaceScan, cache: FactsCache | undefined, notices: Notice[]): { cached: number } {
  const configOf = (f: string) => scan.resolver.forFile(f);
  const onDisk = new Set(scan.selected);
  let cached = 0;
  for (const file of notebooks) {
    const config = configOf(file);
    const st = scan.stats.get(file);
    if (!st) continue;
    let nb = cache?.getNotebook(file, st.size, st.mtimeMs, config.fingerprint, configOf);
    if (nb) cached++;
    else {
      nb = notebookFromDisk(file, configOf, scan.root);
      cache?.setNotebook(file, st.size, st.mtimeMs, config.fingerprint, nb);
    }
    const { notices: more } = setNotebook(project, nb, (f) => (onDisk.has(f) ? entryFromDisk(f, configOf(f), undefined) : undefined));
    notices.push(...more);
    for (const s of nb.sources) {
      const cell = s.notebook?.segments[0]?.cell ?? 0;
      if (onDisk.has(s.file) && project.files.get(s.file)?.notebook?.notebook === file)
        notices.push({
          file: s.file,
          message: `not read: cell ${cell + 1} of ${basename(file)} writes this file (%%writefile), and is checked instead`,
          level: 'info',
        });
    }
  }
  return { cached };
}

export async function loadProject(rootArg: string, options: LoadOptions = {}): Promise<LoadedProject> {
  const t0 = performance.now();
  // Started now, awaited before anything is parsed in this thread (and always
  // before returning: callers parse open documents afterwards).
  const parserReady = initPythonParser();
  const scan = options.scan ?? scanWorkspace(rootArg, options);
  const { root, resolver, configFiles, selected } = scan;
  const notices = [...scan.notices];
  const project = new Project(root, resolver.forDir(root));
  project.present = new Set(scan.listed);
  const cache = options.cache === false ? undefined : FactsCache.open(root);
  let parsed = 0;
  let cached = 0;

  // Configuration files are entries too, so their errors are reported on them.
  for (const f of configFiles) {
    const cfg = resolver.forDir(dirname(f));
    if (cfg.file === f) project.setFile({ file: f, config: cfg });
  }

  /**
   * Loads the files (cache, else read and analyse), in order. A cold load of
   * many files is spread over worker threads (parse-pool.ts); `onLoaded` gets
   * the running count of files loaded.
   */
  const loadAll = async (list: string[], bases: ReadonlySet<string> | undefined, onLoaded?: (n: number) => void): Promise<FileEntry[]> => {
    const entries: FileEntry[] = new Array(list.length);
    const misses: { index: number; st: { size: number; mtimeMs: number }; job: ParseJob }[] = [];
    for (let i = 0; i < list.length; i++) {
      const file = list[i];
      const config = resolver.forFile(file);
      const st = scan.stats.has(file) ? scan.stats.get(file) : lstatOrUndefined(file);
      if (!st) {
        entries[i] = { file, skipped: 'skipped: file disappeared while reading', config };
        continue;
      }
      let hit = cache?.get(file, st.size, st.mtimeMs, config.fingerprint);
      if (hit && options.verifyContent) {
        const { bytes } = readBytes(file, config.config.maxFileSize);
        if (!bytes || !hit.digest || contentDigest(bytes) !== hit.digest) hit = undefined;
      }
      if (!hit && cache?.mayRevalidate(file, st.size, config.fingerprint)) {
        // Same size, new time (a checkout): the same bytes need no new analysis.
        const { bytes } = readBytes(file, config.config.maxFileSize);
        if (bytes) hit = cache.revalidate(file, st.size, st.mtimeMs, config.fingerprint, contentDigest(bytes));
      }
      if (hit && !(hit.unparsed && bases?.has(basename(file)))) {
        cached++;
        entries[i] = { ...hit, file, config };
        continue;
      }
      misses.push({ index: i, st, job: { file, config, size: st.size } });
    }
    const settled = list.length - misses.length;
    let bytes = 0;
    for (const m of misses) bytes += m.job.size;
    const workers = workersFor(misses.length, bytes);
    let outcomes: ParseOutcome[] | undefined;
    if (workers > 0)
      outcomes = await parseInWorkers(
        misses.map((m) => m.job),
        bases,
        workers,
        (n) => onLoaded?.(settled + n),
      );
    await parserReady;
    misses.forEach((m, k) => {
      const { file, config } = m.job;
      const o = outcomes?.[k];
      let entry: FileEntry;
      let digest = o?.digest;
      if (!o || o.error !== undefined) ({ entry, digest } = entryAndDigestFromDisk(file, config, bases));
      else if (o.unparsed) entry = { file, facts: o.facts ?? (fileKind(file) === 'python' ? EMPTY_PYTHON : undefined), unparsed: true, config, digest };
      else entry = { file, facts: o.facts, skipped: o.skipped, config, digest };
      if (!entry.unparsed && !entry.skipped) parsed++;
      cache?.set(file, m.st.size, m.st.mtimeMs, config.fingerprint, entry, digest);
      entries[m.index] = entry;
      if (!outcomes) onLoaded?.(settled + k + 1);
    });
    return entries;
  };

  // Phase 1: everything the cheap scan finds interesting. Phase 2: scripts that
  // only became interesting because a contract names them.
  let reported = 0;
  const progress = (done: number) => {
    if (Math.floor(done / 200) > Math.floor(reported / 200)) options.onProgress?.(done - (done % 200), selected.length);
    reported = Math.max(reported, done);
  };
  const notebooks = selected.filter((f) => fileKind(f) === 'notebook');
  const others = notebooks.length ? selected.filter((f) => fileKind(f) !== 'notebook') : selected;
  for (const entry of await loadAll(others, undefined, progress)) project.setFile(entry);
  if (notebooks.length) {
    await parserReady;
    cached += loadNotebooks(project, notebooks, scan, cache, notices).cached;
  }
  const bases = project.entryPointBases();
  const late = others.filter((file) => project.files.get(file)?.unparsed && !project.files.get(file)?.notebook && bases.has(basename(file)));
  for (const entry of await loadAll(late, bases)) project.setFile(entry);
  await parserReady;
  // A configuration file that could not be read as one (a FIFO, a device link) is not listed by the walk; its error is still reported on it.
  for (const c of resolver.errors()) if (c.file && !project.files.has(c.file) && !resolver.explicit) project.setFile({ file: c.file, config: c });
  options.onProgress?.(selected.length, selected.length);
  for (const e of project.files.values()) if (e.skipped) notices.push({ file: e.file, message: e.skipped, level: 'info' });
  cache?.save();
  return { project, resolver, notices, stats: { files: selected.length, parsed, cached, ms: performance.now() - t0 } };
}
