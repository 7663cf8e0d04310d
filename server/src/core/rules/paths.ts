// Container path comparisons: by equality and parent/child, never by substring.
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

/** Shell-style glob on names: `*` matches any run of characters, `?` one. */
export function globMatch(name: string, glob: string): boolean {
  if (!glob.includes('*') && !glob.includes('?')) return name === glob;
  const re = new RegExp('^' + glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$');
  return re.test(name);
}
