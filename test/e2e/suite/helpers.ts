import * as assert from 'node:assert';
import * as vscode from 'vscode';
import type { ScriptContractsApi } from '../../../client/src/extension';

export const EXTENSION_ID = 'script-contracts.script-contracts';

/** The example workspace (examples/seed-pipeline copied into the run's workspace folder). */
export function ws(rel: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, ...rel.split('/'));
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `fn` until it returns a truthy value; fails with `what` (and the last value) after `ms`. */
export async function until<T>(what: string, fn: () => T | undefined | Promise<T | undefined>, ms = 30000, every = 150): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
      last = v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      assert.fail(`timed out after ${ms} ms waiting for ${what}; last: ${last instanceof Error ? last.message : JSON.stringify(last)}`);
    }
    await sleep(every);
  }
}

export async function api(): Promise<ScriptContractsApi> {
  const ext = vscode.extensions.getExtension<ScriptContractsApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not installed`);
  const exported = await ext.activate();
  assert.ok(exported, 'activate() returned nothing');
  return exported;
}

let serverNeverRan = false;

/**
 * Waits until the language client runs (after activation or a restart). Once the server has failed to
 * come up, later calls give up after a few seconds so a broken server fails the run quickly.
 */
export async function runningClient(ms = 30000) {
  const a = await api();
  try {
    const c = await until(
      'the language client to run',
      () => (a.client?.isRunning() && a.client.serverProcess?.pid ? a.client : undefined),
      serverNeverRan ? 3000 : ms,
    );
    serverNeverRan = false;
    return c;
  } catch (e) {
    serverNeverRan = true;
    throw e;
  }
}

export const ruleOf = (d: vscode.Diagnostic): string => (typeof d.code === 'object' && d.code !== null ? String(d.code.value) : String(d.code ?? ''));

export function describe(diags: readonly vscode.Diagnostic[]): string {
  return (
    diags.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${ruleOf(d)} ${vscode.DiagnosticSeverity[d.severity]}`).join(', ') || '(none)'
  );
}

/** Waits for a diagnostic with this rule id that starts on `line1` (1-based, as in the example's README). */
export async function diagnostic(uri: vscode.Uri, rule: string, line1?: number, ms = 30000): Promise<vscode.Diagnostic> {
  return until(
    `${rule}${line1 ? ` on line ${line1}` : ''} in ${vscode.workspace.asRelativePath(uri)} (have: ${describe(vscode.languages.getDiagnostics(uri))})`,
    () => vscode.languages.getDiagnostics(uri).find((d) => ruleOf(d) === rule && (line1 === undefined || d.range.start.line === line1 - 1)),
    ms,
  );
}

export async function open(rel: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(ws(rel));
  return vscode.window.showTextDocument(doc, { preview: false });
}

/** Position just inside the string literal `"name"` on 1-based `line1` (first occurrence). */
export function inString(doc: vscode.TextDocument, line1: number, name: string, offset = 1): vscode.Position {
  const text = doc.lineAt(line1 - 1).text;
  const i = text.search(new RegExp(`["']${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']`));
  assert.ok(i >= 0, `"${name}" not found on line ${line1}: ${text}`);
  return new vscode.Position(line1 - 1, i + offset);
}

export function hoverText(hovers: vscode.Hover[] | undefined): string {
  return (hovers ?? [])
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : String(c)))
    .join('\n');
}

export function completionLabels(list: vscode.CompletionList | undefined): string[] {
  return (list?.items ?? []).map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
}

/** Reverts the active editor when it shows `uri` (drops test edits so later suites see the file as on disk). */
export async function revert(uri: vscode.Uri): Promise<void> {
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (!doc?.isDirty) return;
  await vscode.window.showTextDocument(doc, { preview: false });
  await vscode.commands.executeCommand('workbench.action.files.revert');
  await until(`${vscode.workspace.asRelativePath(uri)} to be reverted`, () => !doc.isDirty, 10000);
}
