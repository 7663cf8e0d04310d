import type { ChannelDecl, ContractDecl } from '../../facts';
import { rule } from '../rule';

export default rule({
  id: 'contract-drift',
  severity: 'warning',
  configurable: true,
  appliesTo: 'contract',
  fix: 'none',
  summary: 'A Python contract and a .step.yaml contract for the same script disagree.',
  subject: 'contract',
  check(ctx, { contract: c, scripts }) {
    // Drift is reported once, on the Python side.
    if (!c.entryPoint || !scripts.length || c.format !== 'python' || c.component) return;
    for (const o of ctx.project.contractsOf(scripts[0])) {
      if (o.id === c.id || o.format === c.format || o.component) continue;
      for (const diff of drift(c, o)) {
        ctx.report('contract-drift', diff.range, `${diff.message} (${ctx.contractLabel(o)}).`, {
          entity: diff.entity,
          related: [{ location: { file: o.file, range: diff.otherRange ?? o.nameRange }, message: 'the .step.yaml contract' }],
        });
      }
    }
  },
});

interface Drift {
  message: string;
  /** The channel or env var that drifted (the baseline's key). */
  entity: string;
  range: ContractDecl['nameRange'];
  otherRange?: ContractDecl['nameRange'];
}

function drift(py: ContractDecl, yaml: ContractDecl): Drift[] {
  const out: Drift[] = [];
  const compare = (mine: ChannelDecl[], theirs: ChannelDecl[], what: string) => {
    const other = new Map(theirs.map((ch) => [ch.name, ch]));
    for (const ch of mine) {
      const t = other.get(ch.name);
      if (!t) out.push({ message: `${what} "${ch.name}" is declared here but not in the .step.yaml contract`, range: ch.nameRange, entity: ch.name });
      else if (ch.path !== undefined && t.path !== undefined && ch.path.replace(/\/+$/, '') !== t.path.replace(/\/+$/, '')) {
        out.push({
          message: `${what} "${ch.name}" is at "${ch.path}" here but at "${t.path}" in the .step.yaml contract`,
          range: ch.pathRange ?? ch.nameRange,
          otherRange: t.pathRange,
          entity: ch.name,
        });
      }
    }
    const mineNames = new Set(mine.map((c) => c.name));
    for (const t of theirs)
      if (!mineNames.has(t.name))
        out.push({
          message: `${what} "${t.name}" is declared in the .step.yaml contract but not here`,
          range: py.nameRange,
          otherRange: t.nameRange,
          entity: t.name,
        });
  };
  compare(py.inputs, yaml.inputs, 'Input');
  compare(py.outputs, yaml.outputs, 'Output');
  const env = (c: ContractDecl) =>
    new Map([...c.requiredEnv.map((e) => [e.name, 'required'] as const), ...c.optionalEnv.map((e) => [e.name, 'optional'] as const)]);
  const a = env(py);
  const b = env(yaml);
  for (const [name, kind] of a) {
    const k = b.get(name);
    const range = [...py.requiredEnv, ...py.optionalEnv].find((e) => e.name === name)!.range;
    if (!k) out.push({ message: `Env var ${name} is ${kind} here but not declared in the .step.yaml contract`, range, entity: name });
    else if (k !== kind) out.push({ message: `Env var ${name} is ${kind} here but ${k} in the .step.yaml contract`, range, entity: name });
  }
  for (const [name, kind] of b)
    if (!a.has(name)) out.push({ message: `Env var ${name} is ${kind} in the .step.yaml contract but not declared here`, range: py.nameRange, entity: name });
  return out;
}
