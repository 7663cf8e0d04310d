import type { DidOpenNotebookDocumentParams } from 'vscode-languageserver/node';
import { openNotebook } from '../../notebooks';
import type { Session } from '../../session';
import { forgetNotebook } from './notebook-did-close';

/** notebookDocument/didOpen: the notebook's cells replace what its file on disk says, until it closes. */
export function notebookDidOpen(s: Session, p: DidOpenNotebookDocumentParams): void {
  const where = s.locate(p.notebookDocument.uri);
  if (!where) return;
  const previous = s.notebooks.get(where.file);
  if (previous) forgetNotebook(s, previous);
  const nb = openNotebook(p.notebookDocument.uri, where.file, p.notebookDocument.version, p.notebookDocument.cells, p.cellTextDocuments);
  s.notebooks.set(where.file, nb);
  for (const c of nb.cells) s.cellDocs.set(c.uri, nb);
  // Diagnostics published on the closed notebook's file move to its cells.
  s.unpublish(where.file, nb.uri);
  if (where.folder.indexed) s.publish(s.updateNotebook(where.folder, nb));
}
