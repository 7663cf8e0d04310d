// Runs every rule that applies to one file, by subject, then applies the
// file's suppression comments. Findings are always reported in the file being
// checked.
import type { ChannelDecl, ContractDecl, PythonFacts } from '../facts';
import type { Finding } from '../model';
import type { FileEntry, Project } from '../project';
import { withLineEnding } from '../text-edits';
import { RuleContext } from './context';
import { modulesFor } from './registry';
import type { ContractSubject } from './rule';

export function checkFile(project: Project, entry: FileEntry): Finding[] {
  const ctx = new RuleContext(project, entry);
  for (const r of modulesFor('file')) r.check(ctx, { entry });
  const facts = entry.facts;
  if (!facts) return ctx.findings;
  const d = project.declarations();
  const contracts = d.contractsByFile.get(entry.file) ?? [];
  const specs = d.specsByFile.get(entry.file) ?? [];
  for (const c of contracts) {
    for (const r of modulesFor('declaration')) r.check(ctx, c);
    const subject = contractSubject(project, c);
    for (const r of modulesFor('contract')) r.check(ctx, subject);
  }
  for (const s of specs) {
    for (const r of modulesFor('declaration')) r.check(ctx, s);
    const subject = { spec: s, contract: d.contractOfSpec.get(s.id) };
    for (const r of modulesFor('spec')) r.check(ctx, subject);
  }
  if (facts.format === 'python' && !d.declarationFiles.has(entry.file)) {
    const claimedBy = project.contractsOf(entry.file);
    if (claimedBy.length) {
      const subject = scriptSubject(facts, claimedBy[0]);
      const component = !!subject.contract.component;
      for (const r of modulesFor('script')) if (!component || r.forComponents) r.check(ctx, subject);
    } else {
      for (const r of modulesFor('unclaimed-script')) r.check(ctx, { facts });
    }
  }
  inTargetLineEndings(project, ctx.findings);
  return applySuppressions(ctx);
}

function contractSubject(project: Project, contract: ContractDecl): ContractSubject {
  const scripts = project.scriptsOf(contract);
  // With an entry_point naming no file, the script named like the contract is the one checked (missing-script says so).
  const paired = scripts.length ? scripts : project.conventionalScriptsOf(contract);
  const file = paired.find((f) => project.files.get(f)?.facts?.format === 'python');
  const facts = file ? (project.files.get(file)!.facts as PythonFacts) : undefined;
  // A script with syntax errors may hide uses; do not call its channels unused.
  const script = file && facts && !facts.hasSyntaxErrors ? { file, facts } : undefined;
  return { contract, scripts, script };
}

function scriptSubject(facts: PythonFacts, contract: ContractDecl) {
  const byName = (list: ChannelDecl[]) => new Map(list.map((c) => [c.name, c]));
  return {
    facts,
    script: facts.script,
    contract,
    declared: { input: byName(contract.inputs), output: byName(contract.outputs) },
    withPaths: [...contract.inputs, ...contract.outputs].filter((c) => c.path !== undefined),
  };
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
  const suppressions = facts && facts.format !== 'dockerfile' ? facts.suppressions : [];
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
      entity: s.rules.join(', '),
      fixes: [{ title: 'Remove the unused suppression comment', safe: true, edits: [{ file: ctx.file, ...s.removal }] }],
    });
  });
  return out.findings;
}
