import type { Folder } from '../folders';
import type { Session } from '../session';

/** Run `fn` for a document inside an indexed, enabled workspace folder; else answer `fallback`. */
export function inFolder<R>(s: Session, uri: string, fallback: R, fn: (folder: Folder, file: string) => R): R {
  const where = s.locate(uri);
  if (!where?.folder.indexed || !s.settingsOf(where.folder).enable) return fallback;
  return fn(where.folder, where.file);
}
