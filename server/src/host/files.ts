// Every read of a workspace file goes through here. A repository is untrusted
// input: a name can be a FIFO (an open would block forever), a link to
// /dev/zero (a read would never end) or a sparse file of gigabytes. So a file
// is opened without blocking, checked on the open descriptor (no window between
// check and read), refused unless it is a regular file, and read only up to a
// bound that is checked before a byte is read.
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync } from 'node:fs';

export type ReadFailure = 'missing' | 'denied' | 'not-regular' | 'link' | 'too-large' | 'folder' | 'other';

export type ReadResult = { bytes: Uint8Array; size: number; mtimeMs: number } | { failure: ReadFailure; message: string; size?: number };

const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;
const O_NONBLOCK = constants.O_NONBLOCK ?? 0;

/**
 * Read a regular file of at most `maxBytes` bytes. With `noFollow`, a path that
 * is a symbolic link is refused (workspace files are named by their real paths,
 * so a link there appeared after the listing).
 */
export function readRegularFile(path: string, maxBytes: number, options: { noFollow?: boolean } = {}): ReadResult {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | O_NONBLOCK | (options.noFollow ? O_NOFOLLOW : 0));
  } catch (e) {
    return failure(e as NodeJS.ErrnoException);
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) return { failure: 'folder', message: 'is a folder, not a file' };
    if (!st.isFile()) return { failure: 'not-regular', message: 'not a regular file (a FIFO, socket or device)' };
    if (st.size > maxBytes) return { failure: 'too-large', message: `${st.size} bytes is over the limit of ${maxBytes}`, size: st.size };
    // The size from fstat bounds the read even if the file grows meanwhile.
    const bytes = Buffer.allocUnsafe(st.size);
    let read = 0;
    while (read < st.size) {
      const n = readSync(fd, bytes, read, st.size - read, null);
      if (n === 0) break;
      read += n;
    }
    return { bytes: read === st.size ? bytes : bytes.subarray(0, read), size: st.size, mtimeMs: st.mtimeMs };
  } catch (e) {
    return failure(e as NodeJS.ErrnoException);
  } finally {
    closeSync(fd);
  }
}

function failure(e: NodeJS.ErrnoException): Extract<ReadResult, { failure: ReadFailure }> {
  switch (e.code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return { failure: 'missing', message: 'no such file' };
    case 'EACCES':
    case 'EPERM':
      return { failure: 'denied', message: 'permission denied' };
    case 'ELOOP':
      return { failure: 'link', message: 'is a symbolic link' };
    case 'EISDIR':
      return { failure: 'folder', message: 'is a folder, not a file' };
    case 'ENXIO':
      return { failure: 'not-regular', message: 'not a regular file (a FIFO, socket or device)' };
    default:
      return { failure: 'other', message: e.message };
  }
}

/** Text of a small regular file (configuration, .gitignore), or undefined when it cannot be read as one. */
export function readSmallTextFile(path: string, maxBytes = 1024 * 1024): { text?: string; failure?: ReadFailure; message?: string } {
  const r = readRegularFile(path, maxBytes);
  if ('failure' in r) return { failure: r.failure, message: r.message };
  return { text: new TextDecoder('utf-8').decode(r.bytes) };
}

/**
 * Files that are other names (hard links) of a file listed before them, mapped
 * to that first name. Edits to one name change every name, so an edit must be
 * applied through one of them only.
 */
export function hardLinkAliases(files: Iterable<string>): Map<string, string> {
  const first = new Map<string, string>();
  const aliases = new Map<string, string>();
  for (const f of files) {
    let id: string;
    try {
      const st = lstatSync(f);
      if (st.nlink < 2) continue;
      id = `${st.dev}:${st.ino}`;
    } catch {
      continue;
    }
    const seen = first.get(id);
    if (seen) aliases.set(f, seen);
    else first.set(id, f);
  }
  return aliases;
}

/**
 * Does this file have a name (a hard link) that is not one of `names`? Writing
 * it would then change a file outside the workspace. Costs a stat of every name
 * only for a file that has several links.
 */
export function hasNameOutside(file: string, names: Iterable<string>): boolean {
  let st: ReturnType<typeof lstatSync>;
  try {
    st = lstatSync(file);
  } catch {
    return false;
  }
  if (st.nlink < 2) return false;
  let inside = 0;
  for (const n of names) {
    try {
      const o = lstatSync(n);
      if (o.ino === st.ino && o.dev === st.dev) inside++;
    } catch {
      // gone
    }
  }
  return inside < st.nlink;
}
