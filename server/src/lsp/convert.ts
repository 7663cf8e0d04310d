// Core types ↔ LSP types. The only place that knows both.
import { isAbsolute, resolve } from 'node:path';
import { URI } from 'vscode-uri';
import {
  type CodeAction,
  CodeActionKind,
  type Diagnostic,
  DiagnosticSeverity,
  DiagnosticTag,
  type CreateFile,
  type TextDocumentEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { Finding, Fix, Location as CoreLocation, Severity } from '../core';
import { ruleDocUrl } from '../host/docs';

/**
 * The local path a URI names, with `..` and `.` resolved (percent-encoded ones
 * too: the URI is decoded first); undefined for anything but a `file:` URI.
 * Whether the path is inside the workspace is a separate question
 * (Session.locate).
 */
export function fileOfUri(uri: string): string | undefined {
  let parsed: URI;
  try {
    parsed = URI.parse(uri, true);
  } catch {
    return undefined;
  }
  if (parsed.scheme !== 'file' || parsed.authority) return undefined;
  const path = parsed.fsPath;
  return path && isAbsolute(path) ? resolve(path) : undefined;
}

export const pathToUri = (file: string): string => URI.file(file).toString();

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** The message a diagnostic shows: a finding the baseline accepts says so first. */
export const diagnosticMessage = (f: Finding): string => (f.baselined ? `(baselined) ${f.message}` : f.message);

/** Where a place is for the editor (Session.targetOf): a document URI, the range there and the open document's version. */
export interface EditTarget {
  uri: string;
  range: CoreLocation['range'];
  version: number | null;
}

type Place = { file: string; range: CoreLocation['range']; cell?: CoreLocation['cell'] };

export function toDiagnostic(f: Finding, targetOf?: (l: Place) => EditTarget): Diagnostic {
  const href = ruleDocUrl(f.rule);
  return {
    range: f.range,
    // Accepted findings stay visible, at the level editors show without alarm (basedpyright does the same).
    severity: f.baselined ? DiagnosticSeverity.Hint : SEVERITY[f.severity],
    code: f.rule,
    codeDescription: href ? { href } : undefined,
    source: 'script-contracts',
    message: diagnosticMessage(f),
    relatedInformation: f.related.map((r) => ({ location: targetOf ? placeOf(targetOf(r.location)) : toLocation(r.location), message: r.message })),
    tags: f.tags?.includes('unnecessary') ? [DiagnosticTag.Unnecessary] : undefined,
    // No fixes in `data`: a code action takes them from the server's own findings (handlers/requests/code-action.ts).
  };
}

export function toLocation(l: CoreLocation) {
  return { uri: pathToUri(l.file), range: l.range };
}

const placeOf = (t: EditTarget) => ({ uri: t.uri, range: t.range });

/**
 * A workspace edit for a fix, with document versions for open documents so a
 * stale edit is rejected by the client instead of corrupting text.
 */
export function toWorkspaceEdit(
  fix: Pick<Fix, 'edits' | 'createFiles'>,
  versionOf: (file: string) => number | null,
  targetOf?: (e: Place) => EditTarget,
): WorkspaceEdit {
  const byFile = new Map<string, Fix['edits']>();
  for (const e of fix.edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  const changes: (TextDocumentEdit | CreateFile)[] = [];
  for (const c of fix.createFiles ?? []) {
    // Never `ignoreIfExists`: a create that finds a file (or a link) must fail, not edit what is there.
    changes.push({ kind: 'create', uri: pathToUri(c.file), options: { overwrite: false, ignoreIfExists: false } });
    changes.push({
      textDocument: { uri: pathToUri(c.file), version: null },
      edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: c.content }],
    });
  }
  for (const [file, edits] of byFile) {
    if (!targetOf || !edits.some((e) => e.cell)) {
      changes.push({ textDocument: { uri: pathToUri(file), version: versionOf(file) }, edits: edits.map((e) => ({ range: e.range, newText: e.newText })) });
      continue;
    }
    // Edits in a notebook's source go to the cell documents they fall in.
    const byUri = new Map<string, { version: number | null; edits: { range: CoreLocation['range']; newText: string }[] }>();
    for (const e of edits) {
      const t = targetOf(e);
      const entry = byUri.get(t.uri) ?? { version: t.version, edits: [] };
      entry.edits.push({ range: t.range, newText: e.newText });
      byUri.set(t.uri, entry);
    }
    for (const [uri, { version, edits: list }] of byUri) changes.push({ textDocument: { uri, version }, edits: list });
  }
  return { documentChanges: changes };
}

export function fixAction(
  fix: Fix,
  diagnostic: Diagnostic | undefined,
  versionOf: (file: string) => number | null,
  targetOf?: (e: Place) => EditTarget,
): CodeAction {
  return {
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: diagnostic ? [diagnostic] : undefined,
    isPreferred: fix.safe,
    edit: toWorkspaceEdit(fix, versionOf, targetOf),
  };
}
