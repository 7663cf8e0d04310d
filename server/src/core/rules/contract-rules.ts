// Rules reported in contract files: what the contract declares against the
// script it claims, the specs that link to it and other contracts.
import { closest } from '../config';
import type { ChannelDecl, ContractDecl, Duplicate, KeywordUse, PythonFacts } from '../facts';
import type { Fix, Severity } from '../model';
import type { RuleContext } from './context';
import { replace } from './edits';
import { isUnder } from './paths';

export function checkContracts(ctx: RuleContext, contracts: ContractDecl[]): void {
  for (const c of contracts) {
    checkDeclarationShape(ctx, c.duplicates, c.keywords);
    checkInvalidPaths(ctx, c);
    const scripts = ctx.project.scriptsOf(c);
    if (c.entryPoint && scripts.length === 0) {
      ctx.report('missing-script', c.entryPoint.range, `entry_point "${c.entryPoint.value}" matches no file in the workspace; the step would fail to start.`);
    }
    const script = scripts.map((f) => ctx.project.files.get(f)?.facts).find((f): f is PythonFacts => f?.format === 'python');
    // A script with syntax errors may hide uses; do not call its channels unused.
    if (script && !script.hasSyntaxErrors && scripts[0]) checkUnused(ctx, c, script, scripts[0]);
    checkSpecCoverage(ctx, c);
    checkOtherContracts(ctx, c, scripts);
  }
}

export function checkDeclarationShape(ctx: RuleContext, duplicates: Duplicate[], keywords: KeywordUse[]): void {
  for (const d of duplicates) {
    ctx.report('duplicate-channel', d.range, `"${d.name}" is declared twice in ${d.mapping}; the later declaration silently replaces the earlier one.`, {
      related: [{ location: { file: ctx.file, range: d.firstRange }, message: 'first declared here' }],
    });
  }
  for (const k of keywords) {
    const extra = ctx.config.extraKeywords[k.role] ?? [];
    if (k.accepted.includes(k.name) || extra.includes(k.name)) continue;
    const near = closest(k.name, [...k.accepted, ...extra]);
    const fixes: Fix[] = near ? [{ title: `Change to ${near}`, safe: false, edits: [replace(ctx.file, k.range, near)] }] : [];
    ctx.report('unknown-keyword', k.range, `${k.className} does not accept "${k.name}"${near ? ` (did you mean "${near}"?)` : ''}; the value is silently dropped.`, { fixes });
  }
}

function checkInvalidPaths(ctx: RuleContext, c: ContractDecl): void {
  const cfg = ctx.config;
  const check = (ch: ChannelDecl, allowed: string[], kind: string) => {
    if (ch.path === undefined || !ch.pathRange) return;
    if (allowed.some((p) => isUnder(ch.path!, p))) return;
    ctx.report('invalid-path', ch.pathRange, `${kind} "${ch.name}" is declared at "${ch.path}", outside the allowed prefixes (${allowed.join(', ')}); SageMaker will not mount it there.`);
  };
  for (const ch of c.inputs) check(ch, c.training ? cfg.allowedTrainingInputPrefixes : cfg.allowedInputPrefixes, c.training ? 'Training input' : 'Processing input');
  for (const ch of c.outputs) check(ch, c.training ? cfg.allowedTrainingOutputPrefixes : cfg.allowedOutputPrefixes, c.training ? 'Training output' : 'Processing output');
}

function checkUnused(ctx: RuleContext, c: ContractDecl, script: PythonFacts, scriptFile: string): void {
  const s = script.script;
  const specs = ctx.project.declarations().specsByContract.get(c.id) ?? [];
  const optionalInSpecs = new Set(specs.flatMap((sp) => sp.dependencies.filter((d) => !d.required).map((d) => d.name)));
  const scriptName = ctx.show(scriptFile);
  for (const ch of [...c.inputs, ...c.outputs]) {
    const read = s.channelReads.some((r) => r.direction === ch.direction && r.key === ch.name);
    const wired = s.wiring.some((w) => w.direction === ch.direction && w.key === ch.name);
    const byPath = ch.path !== undefined && s.pathUses.some((u) => isUnder(u.path, ch.path!) || isUnder(ch.path!, u.path));
    if (read || wired || byPath) continue;
    const optional = !ch.required || optionalInSpecs.has(ch.name);
    const severity: Severity = optional ? 'information' : 'warning';
    ctx.report('unused-channel', ch.nameRange, `${optional ? 'Optional' : 'Required'} ${ch.direction} "${ch.name}" is never read, wired or used by path in ${scriptName}${optional ? '' : '; the step will wait for data the script ignores'}.`, {
      severity,
      unnecessary: true,
      related: [{ location: { file: scriptFile, range: s.entryFunction?.range ?? zero }, message: 'the script this contract claims' }],
    });
  }
  const readEnv = new Set(s.envReads.map((e) => e.name));
  for (const b of s.bridgeLiterals) for (const k of b.keys) readEnv.add(k.key);
  for (const e of c.requiredEnv) {
    if (readEnv.has(e.name)) continue;
    ctx.report('unused-env-var', e.range, `Required env var ${e.name} is never read by ${scriptName}; the step demands a value nothing uses.`, { unnecessary: true });
  }
  if (ctx.config.reportUnusedOptionalEnvVars) {
    for (const e of c.optionalEnv) {
      if (readEnv.has(e.name)) continue;
      ctx.report('unused-env-var', e.range, `Optional env var ${e.name} is never read by ${scriptName}.`, { unnecessary: true, severity: 'information' });
    }
  }
  if (s.usesArgparse) {
    const flags = new Set(s.argFlags.map((f) => f.flag.replace(/^-+/, '').replace(/_/g, '-')));
    for (const a of c.arguments) {
      if (flags.has(a.name)) continue;
      ctx.report('unused-argument', a.range, `Argument "${a.name}" is declared but ${scriptName} never adds --${a.name} to its parser; passing it would make argparse exit with an error.`, { unnecessary: true });
    }
  }
}

const zero = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

function checkSpecCoverage(ctx: RuleContext, c: ContractDecl): void {
  const specs = ctx.project.declarations().specsByContract.get(c.id) ?? [];
  if (!specs.length) return;
  const deps = new Set(specs.flatMap((s) => s.dependencies.map((d) => d.name)));
  const outs = new Set(specs.flatMap((s) => s.outputs.map((o) => o.name)));
  const specNames = specs.map((s) => (s.format === 'yaml' ? ctx.show(s.file) : s.name)).join(', ');
  for (const ch of c.inputs) {
    if (deps.has(ch.name)) continue;
    ctx.report('contract-input-unspecified', ch.nameRange, `Input "${ch.name}" is not a dependency of any linked spec (${specNames}); no upstream step can connect to it.`, {
      related: specs.map((s) => ({ location: { file: s.file, range: s.nameRange }, message: `linked spec ${s.name}` })),
    });
  }
  for (const ch of c.outputs) {
    if (outs.has(ch.name)) continue;
    ctx.report('contract-output-unspecified', ch.nameRange, `Output "${ch.name}" is not an output of any linked spec (${specNames}); downstream steps cannot consume it.`, {
      related: specs.map((s) => ({ location: { file: s.file, range: s.nameRange }, message: `linked spec ${s.name}` })),
    });
  }
}

function checkOtherContracts(ctx: RuleContext, c: ContractDecl, scripts: string[]): void {
  if (!c.entryPoint || !scripts.length) return;
  const others = ctx.project.contractsOf(scripts[0]).filter((o) => o.id !== c.id);
  for (const o of others) {
    if (o.format === c.format) {
      ctx.report('duplicate-entry-point', c.entryPoint.range, `${ctx.contractLabel(o)} also claims ${ctx.show(scripts[0])}; the script is checked against the first one only.`, {
        related: [{ location: { file: o.file, range: o.entryPoint?.range ?? o.nameRange }, message: 'the other contract' }],
      });
      continue;
    }
    if (c.format !== 'python') continue; // drift is reported once, on the Python side
    for (const diff of drift(c, o)) {
      ctx.report('contract-drift', diff.range, `${diff.message} (${ctx.contractLabel(o)}).`, {
        related: [{ location: { file: o.file, range: diff.otherRange ?? o.nameRange }, message: 'the .step.yaml contract' }],
      });
    }
  }
}

interface Drift {
  message: string;
  range: ContractDecl['nameRange'];
  otherRange?: ContractDecl['nameRange'];
}

function drift(py: ContractDecl, yaml: ContractDecl): Drift[] {
  const out: Drift[] = [];
  const compare = (mine: ChannelDecl[], theirs: ChannelDecl[], what: string) => {
    const other = new Map(theirs.map((ch) => [ch.name, ch]));
    for (const ch of mine) {
      const t = other.get(ch.name);
      if (!t) out.push({ message: `${what} "${ch.name}" is declared here but not in the .step.yaml contract`, range: ch.nameRange });
      else if (ch.path !== undefined && t.path !== undefined && ch.path.replace(/\/+$/, '') !== t.path.replace(/\/+$/, '')) {
        out.push({ message: `${what} "${ch.name}" is at "${ch.path}" here but at "${t.path}" in the .step.yaml contract`, range: ch.pathRange ?? ch.nameRange, otherRange: t.pathRange });
      }
    }
    const mineNames = new Set(mine.map((c) => c.name));
    for (const t of theirs) if (!mineNames.has(t.name)) out.push({ message: `${what} "${t.name}" is declared in the .step.yaml contract but not here`, range: py.nameRange, otherRange: t.nameRange });
  };
  compare(py.inputs, yaml.inputs, 'Input');
  compare(py.outputs, yaml.outputs, 'Output');
  const env = (c: ContractDecl) => new Map([...c.requiredEnv.map((e) => [e.name, 'required'] as const), ...c.optionalEnv.map((e) => [e.name, 'optional'] as const)]);
  const a = env(py);
  const b = env(yaml);
  for (const [name, kind] of a) {
    const k = b.get(name);
    const range = [...py.requiredEnv, ...py.optionalEnv].find((e) => e.name === name)!.range;
    if (!k) out.push({ message: `Env var ${name} is ${kind} here but not declared in the .step.yaml contract`, range });
    else if (k !== kind) out.push({ message: `Env var ${name} is ${kind} here but ${k} in the .step.yaml contract`, range });
  }
  for (const [name, kind] of b) if (!a.has(name)) out.push({ message: `Env var ${name} is ${kind} in the .step.yaml contract but not declared here`, range: py.nameRange });
  return out;
}
