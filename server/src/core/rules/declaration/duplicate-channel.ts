import { rule } from '../rule';

export default rule({
  id: 'duplicate-channel',
  severity: 'error',
  configurable: true,
  appliesTo: 'contract/spec',
  fix: 'none',
  summary: 'One logical name declared twice in one mapping; the later one silently wins.',
  subject: 'declaration',
  check(ctx, { duplicates }) {
    for (const d of duplicates) {
      ctx.report('duplicate-channel', d.range, `"${d.name}" is declared twice in ${d.mapping}; the later declaration silently replaces the earlier one.`, {
        related: [{ location: { file: ctx.file, range: d.firstRange }, message: 'first declared here' }],
        entity: d.name,
      });
    }
  },
});
