// What sits at a position, in terms of the contract model: a logical name, an
// env var, a container path, an argparse flag, a spec channel or an
// entry_point. Hover, definition, references and rename all start here.
import type { ChannelDecl, ContractDecl, SpecDecl } from '../facts';
import { contains, type Direction, type Position, type Range } from '../model';
import type { Project } from '../project';
import { isUnder } from '../rules/paths';

export type Target =
  | { kind: 'channel'; direction: Direction; name: string; range: Range; contract?: ContractDecl; editable: boolean }
  | { kind: 'env'; name: string; range: Range; contract?: ContractDecl }
  | { kind: 'path'; path: string; range: Range; contract?: ContractDecl; channel?: ChannelDecl }
  | { kind: 'flag'; flag: string; range: Range; contract?: ContractDecl }
  | { kind: 'entryPoint'; value: string; range: Range; contract: ContractDecl }
  | { kind: 'stepType'; value: string; range: Range };

export function targetAt(project: Project, file: string, pos: Position): Target | undefined {
  const entry = project.files.get(file);
  const facts = entry?.facts;
  if (!facts) return undefined;
  const d = project.declarations();
  // Declarations first: contract and spec files.
  for (const c of d.contractsByFile.get(file) ?? []) {
    if (c.entryPoint && contains(c.entryPoint.range, pos)) return { kind: 'entryPoint', value: c.entryPoint.value, range: c.entryPoint.range, contract: c };
    for (const ch of [...c.inputs, ...c.outputs]) {
      if (contains(ch.nameRange, pos)) return { kind: 'channel', direction: ch.direction, name: ch.name, range: ch.nameRange, contract: c, editable: true };
      if (ch.pathRange && ch.path && contains(ch.pathRange, pos)) return { kind: 'path', path: ch.path, range: ch.pathRange, contract: c, channel: ch };
    }
    for (const r of c.component?.references ?? [])
      if (contains(r.range, pos)) return { kind: 'channel', direction: r.direction, name: r.name, range: r.nameRange, contract: c, editable: true };
    for (const e of [...c.requiredEnv, ...c.optionalEnv]) if (contains(e.range, pos)) return { kind: 'env', name: e.name, range: e.range, contract: c };
    for (const a of c.arguments) if (contains(a.range, pos)) return { kind: 'flag', flag: a.name, range: a.range, contract: c };
  }
  for (const s of d.specsByFile.get(file) ?? []) {
    const c = d.contractOfSpec.get(s.id);
    for (const ch of [...s.dependencies, ...s.outputs]) {
      if (contains(ch.nameRange, pos)) return { kind: 'channel', direction: ch.direction, name: ch.name, range: ch.nameRange, contract: c, editable: true };
      for (const src of ch.compatibleSources ?? []) if (contains(src.range, pos)) return { kind: 'stepType', value: src.value, range: src.range };
    }
    if (s.stepType && contains(s.stepType.range, pos)) return { kind: 'stepType', value: s.stepType.value, range: s.stepType.range };
  }
  if (facts.format !== 'python') return undefined;
  const contract = project.contractsOf(file)[0];
  const s = facts.script;
  for (const r of s.channelReads)
    if (contains(r.keyRange, pos)) return { kind: 'channel', direction: r.direction, name: r.key, range: r.keyRange, contract, editable: !!r.keyQuote };
  for (const w of s.wiring)
    if (contains(w.keyRange, pos)) return { kind: 'channel', direction: w.direction, name: w.key, range: w.keyRange, contract, editable: !!w.keyQuote };
  for (const e of s.envReads) if (contains(e.range, pos)) return { kind: 'env', name: e.name, range: e.range, contract };
  for (const b of s.bridgeLiterals) for (const k of b.keys) if (contains(k.range, pos)) return { kind: 'env', name: k.key, range: k.range, contract };
  for (const f of s.argFlags)
    if (!f.positional && contains(f.range, pos)) return { kind: 'flag', flag: f.flag.replace(/^-+/, '').replace(/_/g, '-'), range: f.range, contract };
  for (const u of s.pathUses) {
    if (!contains(u.range, pos)) continue;
    const channel = contract
      ? [...contract.inputs, ...contract.outputs].filter((ch) => ch.path && isUnder(u.path, ch.path)).sort((a, b) => b.path!.length - a.path!.length)[0]
      : undefined;
    return { kind: 'path', path: u.path, range: u.range, contract, channel };
  }
  for (const w of s.wiring) {
    if (w.pathRange && w.path && contains(w.pathRange, pos)) {
      const channel = contract ? (w.direction === 'input' ? contract.inputs : contract.outputs).find((c) => c.name === w.key) : undefined;
      return { kind: 'path', path: w.path, range: w.pathRange, contract, channel };
    }
  }
  return undefined;
}

export function channelOf(contract: ContractDecl | undefined, dir: Direction, name: string): ChannelDecl | undefined {
  if (!contract) return undefined;
  return (dir === 'input' ? contract.inputs : contract.outputs).find((c) => c.name === name);
}

export function specChannels(project: Project, contract: ContractDecl, dir: Direction, name: string): { spec: SpecDecl; channel: ChannelDecl }[] {
  const specs = project.declarations().specsByContract.get(contract.id) ?? [];
  return specs.flatMap((spec) => (dir === 'input' ? spec.dependencies : spec.outputs).filter((c) => c.name === name).map((channel) => ({ spec, channel })));
}
