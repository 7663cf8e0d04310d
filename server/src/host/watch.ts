// The language server's own watch on a workspace, for clients that cannot
// register file watchers (workspace/didChangeWatchedFiles without
// dynamicRegistration: Neovim 0.7, some others). It reports what changed on
// disk in batches; it never reads a file's contents, and never polls: with no
// change on disk it does nothing at all.
//
// Linux has no recursive watch in the kernel: Node 20 emulates `recursive`
// there by watching every file and folder of the tree, .git and node_modules
// included, after a synchronous stat of each. So on Linux (and anything that is
// not macOS or Windows) this watches one inotify handle per folder the
// workspace walk would enter (host/loader.ts: not SKIP_DIRS, not ignored by the
// root .gitignore, links only to folders inside), adding folders as they appear.
// macOS and Windows watch natively and recursively, and events under skipped
// folders are dropped.
import { type Dirent, type FSWatcher, lstatSync, readdirSync, realpathSync, type Stats, statSync, watch } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { fileKind } from '../core/analyze';
import { DEFAULT_BASELINE_FILE } from '../core/baseline';
import { isConfigFileName } from '../core/config';
import { gitignoreMatcher, SKIP_DIRS } from './loader';
import type { WorkspaceRoot } from './workspace-paths';

export interface DiskChange {
  /** A path under the workspace root as the walk names it (links to folders inside resolved). */
  path: string;
  /** `deleted` may name a folder: everything under it is gone. */
  kind: 'changed' | 'deleted';
}

export interface WatchOptions {
  /** Events are batched: the first one of a batch waits this long for the others (default 100 ms). */
  debounceMs?: number;
  /** At most this many folders are watched (one inotify handle each); past it the rest is not (default 8192). */
  maxFolders?: number;
  /** Watch the root natively and recursively (default: on macOS and Windows only). */
  recursive?: boolean;
  log?: (msg: string) => void;
}

/**
 * File names whose change matters to the analysis: every kind the workspace walk reads (host/loader.ts), so a
 * source added to the core is watched without a second list; the root .gitignore; the default baseline.
 */
export function isWatchedName(name: string): boolean {
  return fileKind(name) !== 'other' || isConfigFileName(name) || name === '.gitignore' || name === DEFAULT_BASELINE_FILE;
}

export class WorkspaceWatcher {
  /** More file names to report (a baseline the configuration names otherwise than the default). */
  readonly extraNames = new Set<string>();
  private readonly folders = new Map<string, FSWatcher>();
  private readonly realFolders = new Set<string>();
  private native: FSWatcher | undefined;
  private pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private closed = true;
  private ignored: ((rel: string, isDir: boolean) => boolean) | undefined;
  private warnedLimit = false;
  private readonly debounceMs: number;
  private readonly maxFolders: number;
  private readonly recursive: boolean;
  private readonly log: (msg: string) => void;

  constructor(
    private readonly ws: WorkspaceRoot,
    private readonly onChanges: (changes: DiskChange[]) => void,
    options: WatchOptions = {},
  ) {
    this.debounceMs = options.debounceMs ?? 100;
    this.maxFolders = options.maxFolders ?? 8192;
    this.recursive = options.recursive ?? (process.platform === 'darwin' || process.platform === 'win32');
    this.log = options.log ?? (() => undefined);
  }

  /** Folders watched one by one (0 in recursive mode). */
  get watchedFolders(): number {
    return this.folders.size;
  }

  start(): void {
    if (!this.closed) return;
    this.closed = false;
    this.ignored = gitignoreMatcher(this.ws.root);
    if (this.recursive) {
      try {
        this.native = watch(this.ws.root, { recursive: true, persistent: false }, (_event, name) => this.queue(this.ws.root, name));
        this.native.on('error', (e) => this.log(`watching ${this.ws.root} failed: ${e.message}`));
        return;
      } catch (e) {
        this.log(`recursive watch of ${this.ws.root} failed (${(e as Error).message}); watching folder by folder`);
      }
    }
    this.watchTree(this.ws.root, []);
  }

  /** Stop watching and drop any batch not yet reported. */
  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
    this.native?.close();
    this.native = undefined;
    for (const w of this.folders.values()) w.close();
    this.folders.clear();
    this.realFolders.clear();
  }

  /** Start over: the skip rules (.gitignore) may have changed. */
  restart(): void {
    this.close();
    this.start();
  }

  private relOf(path: string): string {
    return relative(this.ws.root, path).split(sep).join('/');
  }

  /** Would the workspace walk skip this path (a folder it does not enter, a file .gitignore names)? */
  private skipped(path: string, isDir: boolean): boolean {
    const rel = this.relOf(path);
    if (!rel || rel.startsWith('..')) return rel !== '';
    const parts = rel.split('/');
    for (let i = 0; i < parts.length; i++) {
      const dir = i < parts.length - 1 || isDir;
      if (dir && SKIP_DIRS.has(parts[i])) return true;
      if (this.ignored?.(parts.slice(0, i + 1).join('/'), dir)) return true;
    }
    return false;
  }

  /** Watch `top` and the folders below it that the walk would enter; files found on the way go to `found`. */
  private watchTree(top: string, found: string[]): void {
    const stack = [top];
    while (stack.length && !this.closed) {
      const dir = stack.pop()!;
      if (this.folders.has(dir)) continue;
      let real: string;
      try {
        real = realpathSync.native(dir);
      } catch {
        continue;
      }
      if (this.realFolders.has(real)) continue;
      if (this.folders.size >= this.maxFolders) {
        if (!this.warnedLimit) this.log(`watching only the first ${this.maxFolders} folders of ${this.ws.root}; changes in the others are not seen`);
        this.warnedLimit = true;
        return;
      }
      try {
        const w = watch(dir, { persistent: false }, (_event, name) => this.queue(dir, name));
        w.on('error', () => this.unwatch(dir));
        this.folders.set(dir, w);
        this.realFolders.add(real);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code !== 'ENOENT' && code !== 'ENOTDIR') this.log(`cannot watch ${dir}: ${code ?? (e as Error).message}`);
        continue;
      }
      let entries: Dirent[];
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const d of entries) {
        const full = join(dir, d.name);
        if (d.isDirectory()) {
          if (!this.skipped(full, true)) stack.push(full);
        } else if (d.isSymbolicLink()) {
          // Only links to folders inside, watched under their real name (as the walk names what they reach).
          const target = this.ws.canonical(full);
          if (target !== undefined && target !== full && isDirectory(target) && !this.skipped(target, true)) stack.push(target);
        } else if (d.isFile() && this.watches(d.name) && !this.skipped(full, false)) found.push(full);
      }
    }
  }

  private watches(name: string): boolean {
    return isWatchedName(name) || this.extraNames.has(name);
  }

  private unwatch(dir: string): void {
    const prefix = dir + sep;
    for (const [path, w] of this.folders) {
      if (path !== dir && !path.startsWith(prefix)) continue;
      w.close();
      this.folders.delete(path);
    }
    // Real names of what is left (rebuilt rather than tracked per folder: folders rarely go away).
    this.realFolders.clear();
    for (const path of this.folders.keys()) {
      try {
        this.realFolders.add(realpathSync.native(path));
      } catch {
        // gone too: its own error event removes it
      }
    }
  }

  private queue(dir: string, name: string | Buffer | null): void {
    if (this.closed) return;
    // No name: something changed in `dir` that the OS would not say; look at the folder again.
    this.pending.add(name ? join(dir, name.toString()) : dir);
    this.timer ??= setTimeout(() => this.flush(), this.debounceMs);
  }

  private flush(): void {
    this.timer = undefined;
    if (this.closed) return;
    const paths = [...this.pending];
    this.pending.clear();
    const changes = new Map<string, DiskChange['kind']>();
    for (const path of paths) {
      let st: Stats | undefined;
      try {
        st = lstatSync(path);
      } catch {
        st = undefined;
      }
      if (!st) {
        if (this.folders.has(path)) this.unwatch(path);
        if (!this.skipped(path, false)) changes.set(path, 'deleted');
        continue;
      }
      if (st.isDirectory()) {
        if (this.skipped(path, true)) continue;
        // A new folder (made, moved or checked out here): watch it and report what it already holds.
        const found: string[] = [];
        if (this.recursive)
          listTree(
            path,
            (p, isDir) => this.skipped(p, isDir),
            (n) => this.watches(n),
            found,
          );
        else this.watchTree(path, found);
        for (const f of found) changes.set(f, 'changed');
        continue;
      }
      if (st.isSymbolicLink()) {
        const target = this.ws.canonical(path);
        if (target !== undefined && isDirectory(target)) {
          const found: string[] = [];
          if (!this.skipped(target, true)) this.watchTree(target, found);
          for (const f of found) changes.set(f, 'changed');
          continue;
        }
      }
      if (this.watches(basename(path)) && !this.skipped(path, false)) changes.set(path, 'changed');
    }
    if (changes.size) this.onChanges([...changes].map(([path, kind]) => ({ path, kind })));
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The watched-name files under `top` (recursive mode: the OS watches the folders already). */
function listTree(top: string, skipped: (path: string, isDir: boolean) => boolean, watches: (name: string) => boolean, found: string[]): void {
  const stack = [top];
  while (stack.length) {
    const dir = stack.pop()!;
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const d of entries) {
      const full = join(dir, d.name);
      if (d.isDirectory()) {
        if (!skipped(full, true)) stack.push(full);
      } else if (d.isFile() && watches(d.name) && !skipped(full, false)) found.push(full);
    }
  }
}
