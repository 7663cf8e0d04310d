import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic } from 'vscode-languageserver/node';
import { generatedContractFor, settleSafeFixes, suppressionEdit, type Finding, type Fix, type Range } from '../../../core';
import { fixAction, toWorkspaceEdit } from '../../convert';
import type { Folder } from '../../folders';
import type { Session } from '../../session';
import { FIX_ALL_KIND } from '../commands';
import { inFolder } from '../in-folder';

const sameRange = (a: Range, b: Range) =>
  a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;

export function codeAction(s: Session, p: CodeActionParams): CodeAction[] {
  return inFolder(s, p.textDocument.uri, [] as CodeAction[], (folder, file) => {
    const actions: CodeAction[] = [];
    const only = p.context.only;
    const wants = (kind: string) => !only || only.some((k) => kind === k || kind.startsWith(k + '.'));
    // The fixes come from the server's own findings, never from the request: a client's
    // diagnostic `data` is input like any other, and could name any file.
    const findings = folder.project.check(file);
    const versionOf = (f: string) => s.versionOf(f);
    if (wants(CodeActionKind.QuickFix)) {
      for (const d of p.context.diagnostics) {
        if (d.source !== 'script-contracts') continue;
        const finding = findings.find((f) => f.rule === d.code && f.message === d.message && sameRange(f.range, d.range));
        if (!finding) continue; // a stale diagnostic: the next publish replaces it
        for (const fix of finding.fixes) if (s.fixIsCurrent(fix)) actions.push(fixAction({ ...fix, edits: s.oneNamePerFile(fix.edits) }, d, versionOf));
        const suppress = suppressAction(s, file, d, finding);
        if (suppress) actions.push(suppress);
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
      if (edits.length) actions.push({ title: 'Fix all safe Script Contracts problems', kind: FIX_ALL_KIND, edit: toWorkspaceEdit({ edits }, versionOf) });
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

function suppressAction(s: Session, file: string, d: Diagnostic, finding: Finding): CodeAction | undefined {
  const text = s.readText(file);
  if (text === undefined) return undefined;
  const format = file.endsWith('.py') ? 'python' : file.endsWith('.step.yaml') || file.endsWith('.step.yml') ? 'yaml' : undefined;
  if (!format) return undefined;
  const edit = suppressionEdit(text, format, finding.range.start.line, finding.rule);
  return {
    title: `Suppress ${finding.rule} on this line`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [d],
    edit: toWorkspaceEdit({ edits: [{ file, ...edit }] }, (f) => s.versionOf(f)),
  };
}

/** The missing-contract fix and the Generate Contract command share this: a new file beside the other contracts, never over an existing one. */
export function generatedContract(s: Session, folder: Folder, file: string): Pick<Fix, 'edits' | 'createFiles'> | undefined {
  const generated = generatedContractFor(folder.project, file);
  if (!generated) return undefined;
  const fix = { edits: [], createFiles: [generated] };
  return s.fixIsCurrent(fix) ? fix : undefined;
}
