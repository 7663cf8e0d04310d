import { basename, dirname } from 'node:path';
import { FileChangeType, type DidChangeWatchedFilesParams, type FileEvent } from 'vscode-languageserver/node';
import type { Folder } from '../../folders';
import type { Session } from '../../session';

export async function didChangeWatchedFiles(s: Session, p: DidChangeWatchedFilesParams): Promise<void> {
  const affected = new Set<string>();
  const reindex = new Set<Folder>();
  for (const change of p.changes) {
    const where = s.locate(change.uri);
    if (!where) continue;
    const { folder, file } = where;
    if (!folder.indexed || folder.indexing) {
      // The index being built may or may not have read this change: replay it once the index is done.
      const pending = s.pendingChanges.get(folder) ?? [];
      pending.push(change);
      s.pendingChanges.set(folder, pending);
      continue;
    }
    applyChange(s, folder, file, change, affected, reindex);
  }
  for (const folder of reindex) {
    // Before the index reads the disk, so that nothing changed meanwhile is missed; .gitignore may name other folders now.
    folder.watcher?.restart();
    await s.indexFolder(folder);
    for (const file of folder.project.files.keys()) affected.add(file);
  }
  s.publish(affected);
  s.sendStatus('ready');
}

function applyChange(s: Session, folder: Folder, file: string, change: FileEvent, affected: Set<string>, reindex: Set<Folder>): void {
  const name = basename(file);
  // The walk reads the root's .gitignore: a change there changes which files are in the workspace.
  if (name === 'pyproject.toml' || name === 'script-contracts.toml' || (name === '.gitignore' && dirname(file) === folder.root)) {
    reindex.add(folder);
    return;
  }
  if (folder.isBaseline(file)) {
    // Accepted findings changed (a commit, a `check --write-baseline`, "Remove from the baseline" saved): every file may show differently.
    folder.loadBaseline();
    s.reportBaseline(folder);
    for (const f of folder.project.files.keys()) affected.add(f);
    return;
  }
  if (s.docs.has(file) || s.notebooks.has(file)) return; // the editor's text wins
  if (change.type === FileChangeType.Deleted && !folder.project.files.has(file)) {
    // A folder that is gone (deleted, moved away): so is every file under it.
    const { removed, affected: under } = folder.removeUnder(file, (f) => s.docs.has(f) || s.notebooks.has(f) || folder.project.writtenByNotebook(f));
    for (const f of removed) s.unpublish(f);
    for (const f of under) affected.add(f);
    return;
  }
  const result = change.type === FileChangeType.Deleted ? folder.remove(file) : folder.updateFromDisk(file);
  for (const f of result) affected.add(f);
  if (!folder.project.files.has(file)) s.unpublish(file, change.uri);
  // A closed notebook changed: its findings (on its file) are published again.
  if (folder.project.files.get(file)?.notebook) affected.add(file);
}

/** Changes that arrived while `folder` was being indexed, applied now that it is (Session.afterIndex). */
export function replayPendingChanges(s: Session, folder: Folder): Promise<void> | undefined {
  const pending = s.pendingChanges.get(folder);
  if (!pending || !folder.indexed || folder.indexing) return undefined;
  s.pendingChanges.delete(folder);
  return didChangeWatchedFiles(s, { changes: pending });
}
