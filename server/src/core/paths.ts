// File paths in the core, without the OS: the host hands the core absolute
// paths in its own form (`/a/b` or `C:\a\b`), and these helpers split and join
// them at either separator, so the core gives the same answers on every OS and
// never needs node:path. (Container paths inside scripts are always POSIX:
// rules/paths.ts.)

const SEPARATORS = /[\\/]/;

/** The separator a path uses: `\` when it has one and no `/`, else `/`. */
export function separatorOf(path: string): '/' | '\\' {
  return path.includes('\\') && !path.includes('/') ? '\\' : '/';
}

export function basename(path: string, suffix?: string): string {
  const parts = path.split(SEPARATORS);
  let base = parts[parts.length - 1] || parts[parts.length - 2] || '';
  if (suffix && base.endsWith(suffix) && base !== suffix) base = base.slice(0, -suffix.length);
  return base;
}

export function dirname(path: string): string {
  const trimmed = path.length > 1 ? path.replace(/[\\/]+$/, '') : path;
  const i = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  if (i < 0) return '.';
  if (i === 0) return trimmed[0];
  // `C:\x` → `C:\`
  if (i === 2 && /^[A-Za-z]:/.test(trimmed)) return trimmed.slice(0, 3);
  return trimmed.slice(0, i);
}

/** Join segments with the base path's separator, resolving `.` and `..` segments. */
export function join(base: string, ...parts: string[]): string {
  const sep = separatorOf(base);
  const segments = [base, ...parts].join(sep).split(SEPARATORS);
  const absolute = base.startsWith('/') || base.startsWith('\\');
  const out: string[] = [];
  segments.forEach((s, i) => {
    if (s === '' && i > 0) return;
    if (s === '.') return;
    if (s === '..' && out.length > (absolute ? 1 : 0) && out[out.length - 1] !== '..') out.pop();
    else out.push(s);
  });
  return out.join(sep) || (absolute ? sep : '.');
}

/** `file` relative to `root` when it lies under it, else `file` itself (for messages). */
export function relativeTo(root: string, file: string): string {
  if (file === root) return '';
  const sep = separatorOf(root);
  const prefix = root.endsWith(sep) ? root : root + sep;
  return file.startsWith(prefix) ? file.slice(prefix.length) : file;
}

/** Does `file` end with these `/`-separated segments, on a segment boundary? */
export function endsWithSegments(file: string, segments: string): boolean {
  const a = file.split(SEPARATORS);
  const b = segments.split('/').filter(Boolean);
  if (b.length > a.length) return false;
  return b.every((s, i) => a[a.length - b.length + i] === s) && b.length < a.length;
}

/** The path's segments (for comparing how close two files are). */
export function segmentsOf(path: string): string[] {
  return path.split(SEPARATORS);
}
