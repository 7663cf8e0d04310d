import type { WorkspaceFoldersChangeEvent } from 'vscode-languageserver/node';
import { fileOfUri } from '../../convert';
import { Folder } from '../../folders';
import type { Session } from '../../session';

export async function didChangeWorkspaceFolders(s: Session, e: WorkspaceFoldersChangeEvent): Promise<void> {
  for (const removed of e.removed) {
    const root = fileOfUri(removed.uri);
    const i = s.folders.findIndex((f) => root !== undefined && f.root === root);
    if (i < 0) continue;
    s.unwatchDisk(s.folders[i]);
    for (const file of s.folders[i].project?.files.keys() ?? []) s.unpublish(file);
    s.folderSettings.delete(s.folders[i]);
    s.folders.splice(i, 1);
  }
  for (const added of e.added) {
    const root = fileOfUri(added.uri);
    if (root === undefined) continue;
    const folder = new Folder(root);
    s.folders.push(folder);
    s.watchDisk(folder);
  }
  await s.loadSettings();
  for (const f of s.folders) if (!f.indexed) await s.indexFolder(f);
  s.publishAll();
}
