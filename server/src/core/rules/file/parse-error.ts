import { rule } from '../rule';

export default rule({
  id: 'parse-error',
  severity: 'error',
  configurable: false,
  appliesTo: 'any',
  fix: 'none',
  summary: 'A step interface or configuration file that cannot be read.',
  subject: 'file',
  check(ctx, { entry }) {
    if (entry.facts?.format !== 'yaml') return;
    for (const p of entry.facts.problems) ctx.report('parse-error', p.range, `cannot read this step interface: ${p.message}`);
  },
});
