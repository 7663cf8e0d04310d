import type { DidChangeTextDocumentParams } from 'vscode-languageserver/node';
import { applyChanges, type ContentChange } from '../../documents';
import type { Session } from '../../session';

export function didChange(s: Session, p: DidChangeTextDocumentParams): void {
  const where = s.locate(p.textDocument.uri);
  const doc = where && s.docs.get(where.file);
  if (!where || !doc) return;
  // Out-of-order versions are ignored rather than applied to the wrong text.
  if (p.textDocument.version !== null && p.textDocument.version < doc.version) return;
  applyChanges(doc, p.contentChanges as ContentChange[]);
  doc.version = p.textDocument.version ?? doc.version + 1;
  if (!where.folder.indexed) return;
  s.publish(s.updateOpen(where.folder, doc), doc.file);
}
