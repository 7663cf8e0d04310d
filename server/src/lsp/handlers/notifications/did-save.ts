import { FileChangeType, type DidSaveTextDocumentParams } from 'vscode-languageserver/node';
import type { Session } from '../../session';
import { didChangeWatchedFiles } from './did-change-watched-files';

/**
 * A saved file is a change on disk the server hears of even from a client that
 * watches no files: a configuration file or .gitignore saved from the editor
 * re-indexes its folder, any other file is re-read unless its buffer is open
 * (the editor's text wins, and it is what was saved). With run = onSave, this
 * is when an open document's findings, and those its changes touched, are shown.
 */
export async function didSave(s: Session, p: DidSaveTextDocumentParams): Promise<void> {
  const where = s.locate(p.textDocument.uri);
  if (!where) return;
  const pending = s.pendingOnSave.get(where.file);
  if (s.held.delete(where.file) || pending) {
    s.pendingOnSave.delete(where.file);
    s.publish(pending ?? [where.file]);
  }
  await didChangeWatchedFiles(s, { changes: [{ uri: p.textDocument.uri, type: FileChangeType.Changed }] });
}
