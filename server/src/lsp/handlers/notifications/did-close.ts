import type { DidCloseTextDocumentParams } from 'vscode-languageserver/node';
import type { Session } from '../../session';

export function didClose(s: Session, p: DidCloseTextDocumentParams): void {
  const where = s.locate(p.textDocument.uri);
  const doc = where && s.docs.get(where.file);
  if (!where || !doc) return;
  s.closeDocument(doc);
  if (!where.folder.indexed) return;
  // The disk decides again: the saved file, or nothing when the buffer was never saved.
  const affected = where.folder.updateFromDisk(where.file);
  if (!where.folder.project.files.has(where.file)) s.unpublish(where.file, p.textDocument.uri);
  s.publish(affected);
}
