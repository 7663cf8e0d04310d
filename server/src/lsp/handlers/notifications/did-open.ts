import type { DidOpenTextDocumentParams } from 'vscode-languageserver/node';
import type { OpenDocument } from '../../documents';
import type { Session } from '../../session';

export function didOpen(s: Session, p: DidOpenTextDocumentParams): void {
  const where = s.locate(p.textDocument.uri);
  if (!where) return;
  // Opening a document that is already open replaces it: its old tree must go.
  const previous = s.docs.get(where.file);
  if (previous) s.closeDocument(previous);
  const doc: OpenDocument = { uri: p.textDocument.uri, file: where.file, text: p.textDocument.text, version: p.textDocument.version };
  s.docs.set(where.file, doc);
  if (where.folder.indexed) s.publish(s.updateOpen(where.folder, doc));
}
