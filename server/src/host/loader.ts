// Filesystem side of the analysis: finds the files of a workspace, resolves
// each one's configuration, reads and analyses them (through the facts cache),
// and fills a Project. Shared by the CLI and the language server; it knows
// nothing of the protocol.
import { lstatSync, readdirSync, readFileSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import { analyzeText, decode, EMPTY_PYTHON, fileKind, mayMatter } from '../core/analyze';
import { defaultConfig, isConfigFileName, parseConfig, type Config, type LoadedConfig } from '../core/config';
import type { Notice } from '../core/model';
import { Project, type FileEntry } from '../core/project';
import { initPythonParser } from '../core/python/parser';
import { contentDigest, FactsCache } from './cache';
import { parseInWorkers, workersFor, type ParseJob, type ParseOutcome } from './parse-pool';

/** Folders never worth walking into, whatever the configuration says. */
const SKIP_DIRS = new Set(['.git', 'node_modules', '.hg', '.svn', '__pycache__', '.venv', 'venv', '.tox', '.mypy_cache', '.pytest_cache', '.script-contracts-cache']);
const MAX_FILES = 200_000;

export interface LoadOptions {
  /** Use and update the on-disk facts cache (default true). */
  cache?: boolean;
  /** An explicit configuration file for every file (`--config`). */
  configFile?: string;
  onProgress?: (done: number, total: number) => void;
  /** A scan of the same root made just before (see scanWorkspace), so the files are not listed twice. */
  scan?: WorkspaceScan;
}

type FileStat = { size: number; mtimeMs: number };

/** What a check of a workspace reads: the files it selects, their sizes and times, and their configuration. */
export interface WorkspaceScan {
  root: string;
  resolver: ConfigResolver;
  configFiles: string[];
  /** Files the configuration selects for analysis, sorted. */
  selected: string[];
  /** lstat of each selected file; undefined when it disappeared after listing. */
  stats: Map<string, FileStat | undefined>;
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

/** Lists and stats the workspace without reading any file's contents (configuration files aside). */
export function scanWorkspace(rootArg: string, options: { configFile?: string } = {}): WorkspaceScan {
  const root = resolve(rootArg);
  const resolver = new ConfigResolver(options.configFile);
  const { files, configFiles, notices } = walk(root);
  const selected = files.filter((f) => isSelected(f, resolver.forFile(f), root));
  const stats = new Map(selected.map((f) => [f, lstatOrUndefined(f)]));
  return { root, resolver, configFiles, selected, stats, notices };
}

/** Finds the configuration for each folder by walking up; remembers answers per folder. */
export class ConfigResolver {
  private readonly byDir = new Map<string, LoadedConfig>();
  private readonly fixed: LoadedConfig | undefined;

  constructor(configFile?: string) {
    if (configFile) {
      let text: string | undefined;
      try {
        text = readFileSync(configFile, 'utf8');
      } catch (e) {
        this.fixed = { file: configFile, config: defaultConfig().config, errors: [{ file: configFile, key: '', message: `cannot read configuration file: ${(e as Error).message}` }], fingerprint: 'default' };
      }
      if (text !== undefined) {
        this.fixed = parseConfig(configFile, text) ?? { file: configFile, config: defaultConfig().config, errors: [{ file: configFile, key: 'tool.script-contracts', message: 'this pyproject.toml has no [tool.script-contracts] section' }], fingerprint: 'default' };
      }
    }
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
      let text: string;
      try {
        text = readFileSync(candidate, 'utf8');
      } catch {
        continue;
      }
      found = parseConfig(candidate, text);
      if (found) break;
    }
    const parent = dirname(dir);
    const result = found ?? (parent === dir ? defaultConfig() : this.forDir(parent));
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

/** Compiled include/exclude globs per configuration (compiling them is most of the cost of a match). */
const matchers = new WeakMap<Config, { exclude?: (s: string) => boolean; include?: (s: string) => boolean }>();

/** Is this file selected by its configuration's include/exclude globs? */
export function isSelected(file: string, loaded: LoadedConfig, root: string): boolean {
  const base = loaded.file ? dirname(loaded.file) : root;
  const rel = relative(base, file).split(sep).join('/');
  const cfg = loaded.config;
  let m = matchers.get(cfg);
  if (!m) {
    m = {
      exclude: cfg.exclude.length ? picomatch(cfg.exclude, { dot: true }) : undefined,
      include: cfg.include.length ? picomatch(cfg.include, { dot: true }) : undefined,
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
 * conservative subset that only ever skips more of what git skips.
 */
function gitignoreMatcher(root: string): ((rel: string, isDir: boolean) => boolean) | undefined {
  let text: string;
  try {
    text = readFileSync(join(root, '.gitignore'), 'utf8');
  } catch {
    return undefined;
  }
  const any: string[] = [];
  const dirsOnly: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith('!')) continue;
    const dirOnly = line.endsWith('/');
    const p = line.replace(/\/+$/, '');
    if (!p) continue;
    const glob = p.startsWith('/') || p.includes('/') ? p.replace(/^\//, '') : `**/${p}`;
    (dirOnly ? dirsOnly : any).push(glob);
  }
  if (!any.length && !dirsOnly.length) return undefined;
  const matchAny = any.length ? picomatch(any, { dot: true }) : () => false;
  const matchDir = dirsOnly.length ? picomatch(dirsOnly, { dot: true }) : () => false;
  return (rel, isDir) => matchAny(rel) || (isDir && matchDir(rel));
}

/** Lists candidate files under root without following links out of it, and without reading contents. */
export function walk(root: string): WalkResult {
  const files: string[] = [];
  const configFiles: string[] = [];
  const notices: Notice[] = [];
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch (e) {
    return { files, configFiles, notices: [{ file: root, message: `cannot open folder: ${(e as Error).message}`, level: 'error' }] };
  }
  const ignored = gitignoreMatcher(root);
  const stack = [root];
  // Real paths of every folder walked: a link back to any of them (a loop) is not walked again.
  const seenDirs = new Set<string>([realRoot]);
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
      const full = join(dir, d.name);
      let isDir = d.isDirectory();
      let isFile = d.isFile();
      if (d.isSymbolicLink()) {
        // Follow a link only when it stays inside the workspace (and never twice: loops).
        let target: string;
        try {
          target = realpathSync(full);
        } catch {
          continue;
        }
        if (target !== realRoot && !target.startsWith(realRoot + sep)) continue;
        try {
          const st = statSync(full);
          isDir = st.isDirectory();
          isFile = st.isFile();
        } catch {
          continue;
        }
        if (isDir) {
          if (seenDirs.has(target)) continue;
          seenDirs.add(target);
        }
      }
      if (ignored && ignored(relative(root, full).split(sep).join('/'), isDir)) continue;
      if (isDir) {
        if (SKIP_DIRS.has(d.name)) continue;
        if (!d.isSymbolicLink()) {
          // A plain folder can still be reached again through a link elsewhere; remember its real path.
          let real: string;
          try {
            real = realpathSync(full);
          } catch {
            continue;
          }
          if (seenDirs.has(real)) continue;
          seenDirs.add(real);
        }
        stack.push(full);
        continue;
      }
      if (!isFile) continue;
      if (isConfigFileName(d.name)) configFiles.push(full);
      const kind = fileKind(full);
      if (kind === 'python' || kind === 'yaml') files.push(full);
      if (files.length >= MAX_FILES) {
        notices.push({ file: root, message: `stopped listing after ${MAX_FILES} files`, level: 'warning' });
        return { files, configFiles, notices };
      }
    }
  }
  files.sort();
  return { files, configFiles, notices };
}

function readBytes(file: string): { bytes?: Uint8Array; error?: string } {
  try {
    return { bytes: readFileSync(file) };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { error: code === 'ENOENT' ? 'skipped: file disappeared while reading' : code === 'EACCES' ? 'skipped: permission denied' : `skipped: ${(e as Error).message}` };
  }
}

/** Analyses one file's text into a FileEntry (no parsing when the cheap scan rules it out). */
export function entryFromText(file: string, text: string, config: LoadedConfig, entryBases: ReadonlySet<string> | undefined): FileEntry {
  if (fileKind(file) === 'python' && !mayMatter(text, config.config, entryBases, basename(file))) {
    return { file, facts: EMPTY_PYTHON, unparsed: true, config };
  }
  const r = analyzeText(file, text, config.config);
  return { file, facts: r.facts, skipped: r.skipped, config };
}

export function entryFromDisk(file: string, config: LoadedConfig, entryBases: ReadonlySet<string> | undefined): FileEntry {
  return entryAndDigestFromDisk(file, config, entryBases).entry;
}

/** entryFromDisk, plus the digest of the bytes it read (the facts cache's content key). */
export function entryAndDigestFromDisk(file: string, config: LoadedConfig, entryBases: ReadonlySet<string> | undefined): { entry: FileEntry; digest?: string } {
  const { bytes, error } = readBytes(file);
  if (!bytes) return { entry: { file, skipped: error, config } };
  const digest = contentDigest(bytes);
  const { text, skipped } = decode(bytes, config.config.maxFileSize);
  if (text === undefined) return { entry: { file, skipped, config }, digest };
  return { entry: entryFromText(file, text, config, entryBases), digest };
}

export interface LoadedProject {
  project: Project;
  resolver: ConfigResolver;
  notices: Notice[];
  stats: { files: number; parsed: number; cached: number; ms: number };
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
      if (!hit && cache?.mayRevalidate(file, st.size, config.fingerprint)) {
        // Same size, new time (a checkout): the same bytes need no new analysis.
        const { bytes } = readBytes(file);
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
    if (workers > 0) outcomes = await parseInWorkers(misses.map((m) => m.job), bases, workers, (n) => onLoaded?.(settled + n));
    await parserReady;
    misses.forEach((m, k) => {
      const { file, config } = m.job;
      const o = outcomes?.[k];
      let entry: FileEntry;
      let digest = o?.digest;
      if (!o || o.error !== undefined) ({ entry, digest } = entryAndDigestFromDisk(file, config, bases));
      else if (o.unparsed) entry = { file, facts: EMPTY_PYTHON, unparsed: true, config };
      else entry = { file, facts: o.facts, skipped: o.skipped, config };
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
  for (const entry of await loadAll(selected, undefined, progress)) project.setFile(entry);
  const bases = project.entryPointBases();
  const late = selected.filter((file) => project.files.get(file)?.unparsed && bases.has(basename(file)));
  for (const entry of await loadAll(late, bases)) project.setFile(entry);
  await parserReady;
  options.onProgress?.(selected.length, selected.length);
  for (const e of project.files.values()) if (e.skipped) notices.push({ file: e.file, message: e.skipped, level: 'info' });
  cache?.save();
  return { project, resolver, notices, stats: { files: selected.length, parsed, cached, ms: performance.now() - t0 } };
}
