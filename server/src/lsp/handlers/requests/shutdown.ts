import type { Session } from '../../session';

export function shutdown(s: Session): void {
  s.shuttingDown = true;
  for (const f of s.folders) s.unwatchDisk(f);
  // Workspace pulls held open are answered now (with nothing).
  s.diagnostics.moved();
  for (const doc of [...s.docs.values()]) s.closeDocument(doc);
}
