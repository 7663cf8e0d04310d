// workspace/diagnostic, the way the specification means it and ty, Roslyn and
// rust-analyzer answer it. The client sends back the result id of each
// document it holds; the answer names only what it lacks: a `full` report for
// each document whose findings changed (or that it has never been sent and has
// findings), an empty `full` one (without a result id, so that it stops asking)
// for each document it holds that is gone, and an `unchanged` one for each
// document checked again since and found the same. Documents it holds that were
// not touched are left out: it keeps what it has. When there is nothing to send
// the request is held open (long polling) until a change gives it something, or
// the client cancels it, or the server shuts down: VS Code's client sends the
// next pull two seconds after each answer, so answering "nothing changed" at
// once would have it re-check the workspace every two seconds forever. Checking
// goes through the session's report cache, so a pull with nothing changed
// checks no file. With a partialResultToken, a large answer goes out in chunks
// ($/progress), as the specification allows.
import {
  type CancellationToken,
  DocumentDiagnosticReportKind,
  type ResultProgressReporter,
  type WorkspaceDiagnosticParams,
  type WorkspaceDiagnosticReport,
  type WorkspaceDiagnosticReportPartialResult,
  type WorkspaceDocumentDiagnosticReport,
} from 'vscode-languageserver/node';
import { fileOfUri, pathToUri } from '../../convert';
import { resultIdOf } from '../../diagnostics';
import { type Folder, folderFor } from '../../folders';
import type { Session } from '../../session';

/** Reports per $/progress chunk when the client takes partial results. */
export const CHUNK = 500;

export async function workspaceDiagnostic(
  s: Session,
  p: WorkspaceDiagnosticParams,
  token?: CancellationToken,
  partial?: ResultProgressReporter<WorkspaceDiagnosticReportPartialResult>,
): Promise<WorkspaceDiagnosticReport> {
  // What the client holds, by canonical path (the URI it used is kept: a gone file is cleared under that name).
  // The ids mostly name files as this server reported them (canonical paths), found without a system call.
  const held = new Map<string, { uri: string; value: string }>();
  for (const r of p.previousResultIds ?? []) {
    const path = fileOfUri(r.uri);
    const file = path !== undefined && s.folderOf(path)?.project?.files.has(path) ? path : (s.locate(r.uri)?.file ?? path);
    if (file !== undefined) held.set(file, { uri: r.uri, value: r.value });
  }
  for (;;) {
    if (token?.isCancellationRequested || s.shuttingDown) return { items: [] };
    // Until every folder is indexed, any answer would be about part of the workspace (one that failed to index is left out).
    if (s.folders.every((f) => f.indexed || f.failed)) {
      const { changed, unchanged } = reportsFor(s, held);
      if (changed.length) {
        const items = [...changed, ...unchanged];
        // The status counts move with the findings (cheap: from the reports just made), for a client that shows them.
        if (totalFindings(s) !== s.lastStatusFindings) s.sendStatus('ready');
        if (!partial || items.length <= CHUNK) return { items };
        for (let i = 0; i < items.length; i += CHUNK) partial.report({ items: items.slice(i, i + CHUNK) });
        return { items: [] };
      }
    }
    await s.diagnostics.nextChange(token);
  }
}

function totalFindings(s: Session): number {
  let n = 0;
  // As the status counts them: the findings the baseline does not accept.
  for (const f of s.folders)
    if (f.indexed) for (const file of f.project.files.keys()) for (const finding of s.diagnostics.peek(file)?.findings ?? []) if (!finding.baselined) n++;
  return n;
}

function reportsFor(
  s: Session,
  held: Map<string, { uri: string; value: string }>,
): { changed: WorkspaceDocumentDiagnosticReport[]; unchanged: WorkspaceDocumentDiagnosticReport[] } {
  const changed: WorkspaceDocumentDiagnosticReport[] = [];
  const unchanged: WorkspaceDocumentDiagnosticReport[] = [];
  // Nested folders: a file is reported by the innermost folder that holds it, as everywhere else.
  const live = s.folders.filter((f) => f.indexed);
  const owns = (f: Folder, file: string) => live.length === 1 || folderFor(live, file) === f;
  const indexed = (file: string) => !!s.folderOf(file)?.project?.files.has(file);
  const clear = (file: string) =>
    changed.push({ kind: DocumentDiagnosticReportKind.Full, uri: held.get(file)?.uri ?? pathToUri(file), version: null, items: [] });
  for (const f of live) {
    const reported = s.settingsOf(f).workspaceDiagnostics;
    for (const file of f.project.files.keys()) {
      if (s.docs.has(file) || !owns(f, file)) continue; // open documents are reported by document pulls
      const before = held.get(file);
      if (!reported) {
        if (before) clear(file);
        continue;
      }
      const part = f.project.files.get(file)?.notebook;
      if (part) {
        // A closed notebook's findings go on its file; an open one's cells are pulled one by one, and a file a
        // notebook writes is shown in its cell: what the client holds for those from before is cleared.
        if (part.notebook !== file || s.notebooks.has(file)) {
          if (before) clear(file);
          continue;
        }
        const items = s.notebookDiagnostics(file).get(pathToUri(file)) ?? [];
        const resultId = resultIdOf(items);
        if (before?.value === resultId || (!before && !items.length)) continue;
        changed.push({ kind: DocumentDiagnosticReportKind.Full, uri: before?.uri ?? pathToUri(file), version: null, resultId, items });
        continue;
      }
      // Most files are unchanged: no object made for them (this loop runs over every file at every change).
      const known = s.diagnostics.peek(file);
      const report = known ?? s.diagnostics.get(file).report;
      const fresh = !known;
      // The client holds this id, unless it last showed the file as an open buffer (then it gets the report again).
      if (before?.value === report.resultId && !s.pulledWhileOpen.has(file)) {
        if (fresh) unchanged.push({ kind: DocumentDiagnosticReportKind.Unchanged, uri: before.uri, version: null, resultId: report.resultId });
        continue;
      }
      // Never sent and clean: the client has nothing to correct, unless it was last shown this file open (below).
      if (!before && !report.items.length && !s.pulledWhileOpen.has(file)) continue;
      changed.push({
        kind: DocumentDiagnosticReportKind.Full,
        uri: before?.uri ?? pathToUri(file),
        version: null,
        resultId: report.resultId,
        items: report.items,
      });
    }
  }
  // Held by the client and in no folder's index any more: deleted, excluded, or its folder removed.
  for (const file of held.keys()) if (!s.docs.has(file) && !indexed(file)) clear(file);
  // Pulled with findings while open, closed since, and no longer in any index (a buffer never saved).
  for (const file of s.pulledWhileOpen) {
    if (s.docs.has(file)) continue;
    s.pulledWhileOpen.delete(file);
    if (!indexed(file) && !held.has(file)) clear(file);
  }
  return { changed, unchanged };
}
