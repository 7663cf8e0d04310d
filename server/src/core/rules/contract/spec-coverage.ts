// contract-input-unspecified and contract-output-unspecified: contract channels no linked spec names.
import type { ChannelDecl, ContractDecl, SpecDecl } from '../../facts';
import type { RuleContext } from '../context';

export function specCoverage(
  ctx: RuleContext,
  c: ContractDecl,
  which: 'input' | 'output',
  report: (ch: ChannelDecl, specs: SpecDecl[], specNames: string) => void,
): void {
  const specs = ctx.project.declarations().specsByContract.get(c.id) ?? [];
  if (!specs.length) return;
  const named = new Set(specs.flatMap((s) => (which === 'input' ? s.dependencies : s.outputs).map((d) => d.name)));
  const specNames = specs.map((s) => (s.format === 'yaml' ? ctx.show(s.file) : s.name)).join(', ');
  for (const ch of which === 'input' ? c.inputs : c.outputs) if (!named.has(ch.name)) report(ch, specs, specNames);
}

export const linkedSpecs = (specs: SpecDecl[]) => specs.map((s) => ({ location: { file: s.file, range: s.nameRange }, message: `linked spec ${s.name}` }));
