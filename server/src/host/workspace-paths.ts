// The one containment check. A file belongs to a workspace when its real path
// (every link resolved, `..` and `.` normalised) lies under the workspace's real
// root. Files are then named by that real path, re-rooted at the workspace root
// as the user gave it, so that one file reached through two names (a link, a
// `./` segment) is one file everywhere: in the walk, the caches, the findings,
// the fixes and the editor's documents.
import { lstatSync, realpathSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';

export class WorkspaceRoot {
  private constructor(
    /** The root as given, absolute and normalised (no trailing separator). */
    readonly root: string,
    /** The root with every link resolved. */
    readonly realRoot: string,
  ) {}

  static of(root: string): WorkspaceRoot {
    const abs = resolve(root);
    return new WorkspaceRoot(abs, realpathOrSelf(abs));
  }

  /**
   * The canonical name of an existing or future file, or undefined when the
   * path resolves outside the workspace. A file that does not exist yet is
   * resolved through its nearest existing folder.
   */
  canonical(path: string): string | undefined {
    const real = realPathOf(resolve(path));
    if (real === undefined) return undefined;
    if (real === this.realRoot) return this.root;
    if (!real.startsWith(this.realRoot === sep ? sep : this.realRoot + sep)) return undefined;
    return join(this.root, real.slice(this.realRoot.length));
  }

  /** Is this path (after resolving links) inside the workspace? */
  contains(path: string): boolean {
    return this.canonical(path) !== undefined;
  }
}

function realpathOrSelf(p: string): string {
  try {
    return realpathSync.native(p);
  } catch {
    return p;
  }
}

/** Real path of `p`, resolving through the nearest existing ancestor when `p` does not exist. */
function realPathOf(p: string): string | undefined {
  const missing: string[] = [];
  let cur = p;
  for (;;) {
    try {
      const real = realpathSync.native(cur);
      return missing.length ? join(real, ...missing.reverse()) : real;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // A dangling link or a loop cannot be resolved: it is not a place we may read or write.
      if (code !== 'ENOENT' || isLink(cur)) return undefined;
      const parent = dirname(cur);
      if (parent === cur) return undefined;
      missing.push(basename(cur));
      cur = parent;
    }
  }
}

function isLink(p: string): boolean {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}
