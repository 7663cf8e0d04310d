import { rule } from '../rule';

export default rule({
  id: 'parse-error',
  severity: 'error',
  configurable: false,
  appliesTo: 'any',
  fix: 'none',
  summary: 'A step interface, notebook or configuration file that cannot be read.',
  subject: 'file',
  check(ctx, { entry }) {
    const broken = entry.notebook?.error;
    if (broken && entry.notebook?.notebook === entry.file) ctx.report('parse-error', broken.range, `cannot read this notebook: ${broken.message}`);
    if (entry.facts?.format !== 'yaml') return;
    for (const p of entry.facts.problems) ctx.report('parse-error', p.range, `cannot read this step interface: ${p.message}`);
  },
});
