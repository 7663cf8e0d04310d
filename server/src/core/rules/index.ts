// Runs every rule that applies to one file, then applies the file's
// suppression comments. Findings are always reported in the file being checked.
import type { Finding } from '../model';
import { withLineEnding } from '../text-edits';
import type { FileEntry, Project } from '../project';
import { checkContracts } from './contract-rules';
import { RuleContext } from './context';
import { checkMissingContract, checkScript } from './script-rules';
import { checkSpecs } from './spec-rules';

export function checkFile(project: Project, entry: FileEntry): Finding[] {
  const ctx = new RuleContext(project, entry);
  for (const e of entry.config.errors) {
    if (e.file !== entry.file) continue;
    const pos = e.position ?? { line: 0, character: 0 };
    ctx.report('config-error', { start: pos, end: { line: pos.line, character: pos.character + Math.max(1, e.key.split('.').pop()!.length) } }, e.key ? `${e.key}: ${e.message}` : e.message);
  }
  const facts = entry.facts;
  if (!facts) return ctx.findings;
  if (facts.format === 'yaml') {
    for (const p of facts.problems) ctx.report('parse-error', p.range, `cannot read this step interface: ${p.message}`);
  }
  const d = project.declarations();
  const contracts = d.contractsByFile.get(entry.file) ?? [];
  const specs = d.specsByFile.get(entry.file) ?? [];
  if (contracts.length) checkContracts(ctx, contracts);
  if (specs.length) checkSpecs(ctx, specs);
  if (facts.format === 'python' && !d.declarationFiles.has(entry.file)) {
    const claimedBy = project.contractsOf(entry.file);
    if (claimedBy.length) checkScript(ctx, facts, claimedBy[0]);
    else checkMissingContract(ctx, facts);
  }
  inTargetLineEndings(project, ctx.findings);
  return applySuppressions(ctx);
}

/** Lines a fix inserts take the line ending of the file they go into, so a CRLF file stays CRLF. */
function inTargetLineEndings(project: Project, findings: Finding[]): void {
  for (const f of findings) {
    for (const fix of f.fixes) {
      for (const e of fix.edits) {
        if (!e.newText.includes('\n')) continue;
        const eol = project.files.get(e.file)?.facts?.eol;
        if (eol) e.newText = withLineEnding(e.newText, eol);
      }
    }
  }
}

function applySuppressions(ctx: RuleContext): Finding[] {
  const facts = ctx.entry.facts;
  const suppressions = facts?.suppressions ?? [];
  if (!suppressions.length) return ctx.findings;
  const used = new Set<number>();
  const kept = ctx.findings.filter((f) => {
    const line = f.range.start.line;
    const i = suppressions.findIndex((s) => (s.fromLine ?? s.line) <= line && line <= s.line && (s.rules.length === 0 || s.rules.includes(f.rule)));
    if (i < 0) return true;
    used.add(i);
    return false;
  });
  const out = new RuleContext(ctx.project, ctx.entry);
  out.findings.push(...kept);
  suppressions.forEach((s, i) => {
    if (used.has(i)) return;
    out.report('unused-suppression', s.range, `This suppression comment suppresses nothing (${s.rules.join(', ') || 'all rules'}); remove it.`, {
      unnecessary: true,
      fixes: [{ title: 'Remove the unused suppression comment', safe: true, edits: [{ file: ctx.file, ...s.removal }] }],
    });
  });
  return out.findings;
}
