import type { Session } from '../../session';

export function shutdown(s: Session): void {
  s.shuttingDown = true;
  for (const f of s.folders) s.unwatchDisk(f);
  for (const doc of [...s.docs.values()]) s.closeDocument(doc);
}
