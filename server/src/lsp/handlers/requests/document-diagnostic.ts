import { DocumentDiagnosticReportKind, type DocumentDiagnosticParams, type DocumentDiagnosticReport } from 'vscode-languageserver/node';
import { EMPTY_RESULT_ID } from '../../diagnostics';
import type { Session } from '../../session';

/** One document's report; `unchanged` when the client holds it already (its previousResultId). */
export function documentDiagnostic(s: Session, p: DocumentDiagnosticParams): DocumentDiagnosticReport {
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
