// Container path comparisons: by equality and parent/child, never by substring.
import { compileGlobs, type GlobMatcher } from '../glob';
import type { Direction } from '../model';

const trim = (p: string) => (p.length > 1 ? p.replace(/\/+$/, '') : p);

/** `path` equals `base` or lies under it. */
export function isUnder(path: string, base: string): boolean {
  const a = trim(path);
  const b = trim(base);
  return a === b || a.startsWith(b + '/');
}

/** `path` is equal to, under, or a parent of `declared`. */
export function covers(path: string, declared: string): boolean {
  return isUnder(path, declared) || isUnder(declared, path);
}

/** The conventional container path for a new channel. */
export function conventionalPath(dir: Direction, name: string, training: boolean): string {
  if (training) return dir === 'input' ? `/opt/ml/input/data/${name}` : `/opt/ml/output/data/${name}`;
  return dir === 'input' ? `/opt/ml/processing/input/${name}` : `/opt/ml/processing/output/${name}`;
}

const nameMatchers = new WeakMap<readonly string[], GlobMatcher>();

/** Does a name (an env var) match one of the globs (`*` any run of characters, `?` one)? Patterns were validated with the configuration. */
export function matchesAnyName(name: string, globs: readonly string[]): boolean {
  let m = nameMatchers.get(globs);
  if (!m) nameMatchers.set(globs, (m = compileGlobs(globs)));
  return m(name);
}
