import { DidChangeWatchedFilesNotification } from 'vscode-languageserver/node';
import { DEFAULT_BASELINE_FILE } from '../../../core';
import type { Session } from '../../session';

export const WATCHED_GLOBS = [
  '**/*.py',
  '**/*.ipynb',
  '**/*.step.yaml',
  '**/*.step.yml',
  '**/pyproject.toml',
  '**/script-contracts.toml',
  `**/${DEFAULT_BASELINE_FILE}`,
];

export async function initialized(s: Session): Promise<void> {
  if (s.caps.watchRegistration) {
    void s.connection.client
      .register(DidChangeWatchedFilesNotification.type, { watchers: WATCHED_GLOBS.map((globPattern) => ({ globPattern })) })
      .catch((e) => {
        // Refused: nobody tells us of changes on disk, so watch ourselves.
        s.log(`the client refused the file watchers (${e?.message ?? e}); watching the workspace folders on disk instead`);
        s.watchesDisk = true;
        for (const f of s.folders) s.watchDisk(f);
      });
  } else {
    // Started before the first index, so that no change on disk is missed while it runs (pendingChanges replays them).
    s.watchesDisk = true;
    for (const f of s.folders) s.watchDisk(f);
  }
  await s.loadSettings();
  for (const f of s.folders) await s.indexFolder(f).catch((e) => s.log(`indexing ${f.root} failed: ${e?.stack ?? e}`));
  s.publishAll();
}
