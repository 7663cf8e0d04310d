import type { Session } from '../../session';

export function shutdown(s: Session): void {
  s.shuttingDown = true;
  for (const doc of [...s.docs.values()]) s.closeDocument(doc);
}
