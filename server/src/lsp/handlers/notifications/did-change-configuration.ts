import type { Session } from '../../session';

export async function didChangeConfiguration(s: Session): Promise<void> {
  await s.loadSettings();
  s.publishAll();
}
