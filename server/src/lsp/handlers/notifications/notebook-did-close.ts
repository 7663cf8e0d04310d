import type { DidCloseNotebookDocumentParams } from 'vscode-languageserver/node';
import type { OpenNotebook } from '../../notebooks';
import type { Session } from '../../session';

/** Forgets an open notebook and clears its cells' diagnostics. */
export function forgetNotebook(s: Session, nb: OpenNotebook): void {
  s.notebooks.delete(nb.file);
  for (const c of nb.cells) s.cellDocs.delete(c.uri);
  for (const uri of nb.published) void s.connection.sendDiagnostics({ uri, diagnostics: [] });
  nb.published.clear();
}

/** notebookDocument/didClose: the file on disk decides again (the saved notebook, or nothing). */
export function notebookDidClose(s: Session, p: DidCloseNotebookDocumentParams): void {
  const where = s.locate(p.notebookDocument.uri);
  const nb = where && s.notebooks.get(where.file);
  if (!where || !nb) return;
  forgetNotebook(s, nb);
  if (!where.folder.indexed) return;
  s.publish(where.folder.updateFromDisk(where.file));
}
