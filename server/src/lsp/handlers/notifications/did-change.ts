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
  if (s.settingsOf(where.folder).run === 'onSave') {
    // Analysed as typed (completion, hover and quick fixes follow the text), shown when saved: what the
    // client has until then is what it was shown before this run of unsaved changes.
    if (!s.held.has(doc.file)) s.held.set(doc.file, s.reportFor(doc.file));
    const affected = s.updateOpen(where.folder, doc);
    s.diagnostics.invalidate(affected);
    const pending = s.pendingOnSave.get(doc.file) ?? new Set<string>();
    for (const f of affected) pending.add(f);
    s.pendingOnSave.set(doc.file, pending);
    return;
  }
  s.publish(s.updateOpen(where.folder, doc), doc.file);
}
