import type { DidChangeConfigurationParams } from 'vscode-languageserver/node';
import type { Session } from '../../session';
import { sectionOf } from '../../settings';

/**
 * Settings changed. A client that pushes them (`settings.scriptContracts`, or our
 * keys at the top) is taken at its word, whether or not it also answers
 * workspace/configuration; a client that answers it is asked again per folder.
 */
export async function didChangeConfiguration(s: Session, p: DidChangeConfigurationParams): Promise<void> {
  const pushed = sectionOf(p?.settings);
  if (pushed) s.pushedSettings = pushed;
  await s.loadSettings();
  s.publishAll();
}
