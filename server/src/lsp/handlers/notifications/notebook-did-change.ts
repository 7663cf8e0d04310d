import type { DidChangeNotebookDocumentParams } from 'vscode-languageserver/node';
import { applyNotebookChange } from '../../notebooks';
import type { Session } from '../../session';

/** notebookDocument/didChange: cells added, removed, moved or edited; only the sources whose text changed are analysed again. */
export function notebookDidChange(s: Session, p: DidChangeNotebookDocumentParams): void {
  const where = s.locate(p.notebookDocument.uri);
  const nb = where && s.notebooks.get(where.file);
  if (!where || !nb) return;
  if (p.notebookDocument.version < nb.version) return;
  const before = new Set(nb.cells.map((c) => c.uri));
  const closed = applyNotebookChange(nb, p.notebookDocument.version, p.change);
  for (const c of nb.cells) s.cellDocs.set(c.uri, nb);
  for (const uri of before) {
    if (nb.cells.some((c) => c.uri === uri)) continue;
    s.cellDocs.delete(uri);
    // A cell that is gone keeps no diagnostics.
    if (nb.published.delete(uri) || closed.includes(uri)) void s.connection.sendDiagnostics({ uri, diagnostics: [] });
  }
  if (where.folder.indexed) s.publish(s.updateNotebook(where.folder, nb));
}
