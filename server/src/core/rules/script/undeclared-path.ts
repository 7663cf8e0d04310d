import type { ContractDecl, PathUse, ScriptFacts } from '../../facts';
import type { Direction, Fix } from '../../model';
import type { RuleContext } from '../context';
import { replace } from '../edits';
import { rule } from '../rule';
import { classifiedUses } from './path-classes';
import { accessorText, channelsOf, claimingContract, declareChannelEdit } from './shared';

export default rule({
  id: 'undeclared-path',
  severity: 'warning',
  configurable: true,
  appliesTo: 'script',
  fix: 'unsafe',
  summary: 'A container path that no declared channel covers.',
  subject: 'script',
  check(ctx, s) {
    for (const { use, cls } of classifiedUses(ctx, s)) if (cls.kind === 'undeclared') report(ctx, s.script, s.contract, use);
  },
});

function report(ctx: RuleContext, script: ScriptFacts, contract: ContractDecl, use: PathUse): void {
  const dir: Direction = /\/(output|model|checkpoints)(\/|$)/.test(use.path) ? 'output' : 'input';
  const segments = use.path.replace(/\/+$/, '').split('/');
  const rawName = segments[segments.length - 1].replace(/\.[A-Za-z0-9]+$/, '').replace(/[^A-Za-z0-9_]/g, '_') || 'channel';
  const existing = new Set(channelsOf(contract, dir).map((c) => c.name));
  let name = rawName;
  for (let i = 2; existing.has(name); i++) name = `${rawName}_${i}`;
  const fixes: Fix[] = [];
  const declare = declareChannelEdit(contract, dir, name, use.path.replace(/\/+$/, ''));
  if (declare) {
    const edits = [declare];
    if (use.context === 'logic' && use.form !== 'fstring' && !use.inPattern)
      edits.push(replace(ctx.file, use.range, accessorText(ctx, script, dir, name, undefined, use.fstringQuote)));
    fixes.push({ title: `Declare ${dir} channel "${name}" for ${use.path} in ${ctx.show(contract.file)}`, safe: false, edits });
  }
  ctx.report(
    'undeclared-path',
    use.range,
    `Container path "${use.path}" is not declared by ${ctx.contractLabel(contract)}: no channel covers it, so the step will not mount anything there.`,
    {
      related: claimingContract(contract),
      fixes,
      entity: use.path,
    },
  );
}
