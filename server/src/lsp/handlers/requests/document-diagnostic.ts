import { type Diagnostic, DocumentDiagnosticReportKind, type DocumentDiagnosticParams, type DocumentDiagnosticReport } from 'vscode-languageserver/node';
import { EMPTY_RESULT_ID, resultIdOf } from '../../diagnostics';
import type { Session } from '../../session';

/** One document's report; `unchanged` when the client holds it already (its previousResultId). */
export function documentDiagnostic(s: Session, p: DocumentDiagnosticParams): DocumentDiagnosticReport {
  const notebook = notebookItems(s, p.textDocument.uri);
  if (notebook) {
    const resultId = resultIdOf(notebook);
    if (p.previousResultId === resultId) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId };
    return { kind: DocumentDiagnosticReportKind.Full, resultId, items: notebook };
  }
  const where = s.locate(p.textDocument.uri);
  if (!where) {
    return p.previousResultId === EMPTY_RESULT_ID
      ? { kind: DocumentDiagnosticReportKind.Unchanged, resultId: EMPTY_RESULT_ID }
      : { kind: DocumentDiagnosticReportKind.Full, resultId: EMPTY_RESULT_ID, items: [] };
  }
  const checks = s.diagnostics.checkMs;
  const report = s.reportFor(where.file);
  if (s.diagnostics.checkMs !== checks) s.lastCheckMs = s.diagnostics.checkMs - checks;
  if (s.docs.has(where.file) && report.items.length) s.pulledWhileOpen.add(where.file);
  else s.pulledWhileOpen.delete(where.file);
  if (p.previousResultId === report.resultId) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId: report.resultId };
  return { kind: DocumentDiagnosticReportKind.Full, resultId: report.resultId, items: report.items };
}

/**
 * The diagnostics of a notebook's cell document, of a notebook's own file, or
 * (none) of a file a notebook writes, which are shown in that cell; undefined
 * for any other document.
 */
function notebookItems(s: Session, uri: string): Diagnostic[] | undefined {
  if (s.cellDocs.has(uri)) return s.cellFindings(uri).map((f) => s.diagnosticOf(f));
  const where = s.locate(uri);
  const part = where?.folder.indexed ? where.folder.project.files.get(where.file)?.notebook : undefined;
  if (!where || !part) return undefined;
  return part.notebook === where.file ? (s.notebookDiagnostics(where.file).get(uri) ?? []) : [];
}
