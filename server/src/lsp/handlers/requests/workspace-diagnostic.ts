import { DocumentDiagnosticReportKind, type WorkspaceDiagnosticReport, type WorkspaceDocumentDiagnosticReport } from 'vscode-languageserver/node';
import { pathToUri, toDiagnostic } from '../../convert';
import type { Session } from '../../session';

export function workspaceDiagnostic(s: Session): WorkspaceDiagnosticReport {
  const items: WorkspaceDocumentDiagnosticReport[] = [];
  for (const f of s.folders) {
    if (!f.indexed || !s.settingsOf(f).workspaceDiagnostics) continue;
    for (const file of f.project.files.keys()) {
      if (s.docs.has(file)) continue; // open documents are reported by document pulls
      const diagnostics = s.findingsFor(file).map(toDiagnostic);
      if (diagnostics.length) items.push({ kind: DocumentDiagnosticReportKind.Full, uri: pathToUri(file), version: null, items: diagnostics });
    }
  }
  s.sendStatus('ready');
  return { items };
}
