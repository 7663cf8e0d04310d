import { DocumentDiagnosticReportKind, type DocumentDiagnosticParams, type DocumentDiagnosticReport } from 'vscode-languageserver/node';
import { toDiagnostic } from '../../convert';
import type { Session } from '../../session';

export function documentDiagnostic(s: Session, p: DocumentDiagnosticParams): DocumentDiagnosticReport {
  const where = s.locate(p.textDocument.uri);
  const t0 = performance.now();
  const items = where ? s.findingsFor(where.file).map(toDiagnostic) : [];
  s.lastCheckMs = performance.now() - t0;
  return { kind: DocumentDiagnosticReportKind.Full, items };
}
