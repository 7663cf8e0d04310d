import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic } from 'vscode-languageserver/node';
import {
  formatBaseline,
  generatedContractFor,
  lineStarts,
  parseBaseline,
  positionAt,
  settleSafeFixes,
  sourceFormatOf,
  suppressionEdit,
  type Finding,
  type Fix,
  type Range,
} from '../../../core';
import { readBaseline } from '../../../host/baseline-file';
import { hasNameOutside } from '../../../host/files';
import { diagnosticMessage, fixAction, toWorkspaceEdit } from '../../convert';
import type { Folder } from '../../folders';
import type { Session } from '../../session';
import { FIX_ALL_KIND } from '../commands';
import { inFolder } from '../in-folder';

const sameRange = (a: Range, b: Range) =>
  a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;

export function codeAction(s: Session, p: CodeActionParams): CodeAction[] {
  if (s.cellDocs.has(p.textDocument.uri)) return cellActions(s, p);
  return inFolder(s, p.textDocument.uri, [] as CodeAction[], (folder, file) => {
    const actions: CodeAction[] = [];
    const only = p.context.only;
    const wants = (kind: string) => !only || only.some((k) => kind === k || kind.startsWith(k + '.'));
    // The fixes come from the server's own findings, never from the request: a client's
    // diagnostic `data` is input like any other, and could name any file.
    // A file a notebook writes is edited in its cell, not here.
    if (folder.project.files.get(file)?.notebook) return actions;
    const findings = s.findingsFor(file);
    const versionOf = (f: string) => s.versionOf(f);
    const targetOf = (e: Parameters<typeof s.targetOf>[0]) => s.targetOf(e);
    if (wants(CodeActionKind.QuickFix)) {
      for (const d of p.context.diagnostics) {
        if (d.source !== 'script-contracts') continue;
        const finding = findings.find((f) => f.rule === d.code && diagnosticMessage(f) === d.message && sameRange(f.range, d.range));
        if (!finding) continue; // a stale diagnostic: the next publish replaces it
        for (const fix of finding.fixes)
          if (s.fixIsCurrent(fix)) actions.push(fixAction({ ...fix, edits: s.oneNamePerFile(fix.edits) }, d, versionOf, targetOf));
        const suppress = suppressAction(s, file, d, finding);
        if (suppress) actions.push(suppress);
        const unaccept = removeFromBaseline(s, folder, d, finding);
        if (unaccept) actions.push(unaccept);
      }
    }
    if (wants(FIX_ALL_KIND) || wants(CodeActionKind.SourceFixAll)) {
      const { plan } = settleSafeFixes(
        findings,
        (f) => s.readText(f),
        (f) => (folder.project.files.get(f)?.config ?? folder.project.rootConfig).config,
        (fix) => s.fixIsCurrent(fix),
      );
      const edits = s.oneNamePerFile(plan.fixes.flatMap((f) => f.edits));
      if (edits.length)
        actions.push({ title: 'Fix all safe Script Contracts problems', kind: FIX_ALL_KIND, edit: toWorkspaceEdit({ edits }, versionOf, targetOf) });
    }
    if (
      wants(CodeActionKind.Refactor) &&
      file.endsWith('.py') &&
      !folder.project.contractsOf(file).length &&
      !folder.project.declarations().declarationFiles.has(file)
    ) {
      const gen = generatedContract(s, folder, file);
      if (gen) actions.push({ title: 'Generate contract for this script', kind: CodeActionKind.Refactor, edit: toWorkspaceEdit(gen, versionOf) });
    }
    return actions;
  });
}

/**
 * Code actions in a notebook cell: the fixes of the cell's findings, a
 * suppression comment on the finding's line of the cell, and fix-all over the
 * notebook's findings; every edit lands in the cell document it falls in.
 */
function cellActions(s: Session, p: CodeActionParams): CodeAction[] {
  const notebook = s.cellDocs.get(p.textDocument.uri)!;
  const folder = s.folderOf(notebook.file);
  if (!folder?.indexed || !s.settingsOf(folder).enable) return [];
  const actions: CodeAction[] = [];
  const only = p.context.only;
  const wants = (kind: string) => !only || only.some((k) => kind === k || kind.startsWith(k + '.'));
  const versionOf = (f: string) => s.versionOf(f);
  const targetOf = (e: Parameters<typeof s.targetOf>[0]) => s.targetOf(e);
  if (wants(CodeActionKind.QuickFix)) {
    const findings = s.cellFindings(p.textDocument.uri);
    for (const d of p.context.diagnostics) {
      if (d.source !== 'script-contracts') continue;
      const finding = findings.find((f) => f.rule === d.code && diagnosticMessage(f) === d.message && f.cell && sameRange(f.cell.range, d.range));
      if (!finding) continue;
      for (const fix of finding.fixes) if (s.fixIsCurrent(fix)) actions.push(fixAction(fix, d, versionOf, targetOf));
      const text = s.readText(finding.file);
      if (text !== undefined && finding.rule !== 'parse-error' && finding.rule !== 'unused-suppression') {
        const format = finding.file.endsWith('.step.yaml') || finding.file.endsWith('.step.yml') ? 'yaml' : 'python';
        const edit = suppressionEdit(text, format, finding.range.start.line, finding.rule);
        const cell = folder.project.cellOf(finding.file, edit.range);
        if (cell && cell.cell === finding.cell?.cell)
          actions.push({
            title: `Suppress ${finding.rule} on this line`,
            kind: CodeActionKind.QuickFix,
            diagnostics: [d],
            edit: toWorkspaceEdit({ edits: [{ file: finding.file, ...edit, cell }] }, versionOf, targetOf),
          });
      }
    }
  }
  if (wants(FIX_ALL_KIND) || wants(CodeActionKind.SourceFixAll)) {
    const { plan } = settleSafeFixes(
      s.notebookFindings(notebook.file),
      (f) => s.readText(f),
      (f) => (folder.project.files.get(f)?.config ?? folder.project.rootConfig).config,
      (fix) => s.fixIsCurrent(fix),
    );
    const edits = plan.fixes.flatMap((f) => f.edits);
    if (edits.length)
      actions.push({ title: 'Fix all safe Script Contracts problems', kind: FIX_ALL_KIND, edit: toWorkspaceEdit({ edits }, versionOf, targetOf) });
  }
  return actions;
}

function suppressAction(s: Session, file: string, d: Diagnostic, finding: Finding): CodeAction | undefined {
  const text = s.readText(file);
  if (text === undefined) return undefined;
  const format = sourceFormatOf(file);
  if (!format) return undefined;
  const edit = suppressionEdit(text, format, finding.range.start.line, finding.rule);
  return {
    title: `Suppress ${finding.rule} on this line`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [d],
    edit: toWorkspaceEdit({ edits: [{ file, ...edit }] }, (f) => s.versionOf(f)),
  };
}

/**
 * For a finding the baseline accepts: an edit of the baseline file with one
 * fewer finding of its key, so it is reported again. Only for a baseline file
 * inside the folder (by its real path), not a link and with no other name; its
 * current text (the editor's, when it is open) is what the edit replaces.
 */
function removeFromBaseline(s: Session, folder: Folder, d: Diagnostic, finding: Finding): CodeAction | undefined {
  const file = folder.baselineFile;
  const accepted = folder.baseline;
  if (!finding.baselined || !file || !accepted || folder.canonical(file) !== file || hasNameOutside(file, [])) return undefined;
  const open = s.docs.get(file);
  const read = open ? { text: open.text, ...parseBaseline(open.text) } : readBaseline(file, { noFollow: true });
  if (!('baseline' in read)) return undefined;
  const rel = accepted.relOf(finding.file);
  const entity = finding.entity ?? '';
  if (!read.baseline.count(rel, finding.rule, entity)) return undefined;
  const text = read.text;
  const edit = {
    file,
    range: { start: { line: 0, character: 0 }, end: positionAt(lineStarts(text), text.length) },
    newText: formatBaseline(read.baseline.withoutOne(rel, finding.rule, entity)),
  };
  return {
    title: 'Remove from the baseline',
    kind: CodeActionKind.QuickFix,
    diagnostics: [d],
    edit: toWorkspaceEdit({ edits: [edit] }, (f) => s.versionOf(f)),
  };
}

/** The missing-contract fix and the Generate Contract command share this: a new file beside the other contracts, never over an existing one. */
export function generatedContract(s: Session, folder: Folder, file: string): Pick<Fix, 'edits' | 'createFiles'> | undefined {
  const generated = generatedContractFor(folder.project, file);
  if (!generated) return undefined;
  const fix = { edits: [], createFiles: [generated] };
  return s.fixIsCurrent(fix) ? fix : undefined;
}
