import { rule } from '../rule';

export default rule({
  id: 'duplicate-entry-point',
  severity: 'warning',
  configurable: true,
  appliesTo: 'contract',
  fix: 'none',
  summary: 'Two contracts of the same format claim one script.',
  subject: 'contract',
  check(ctx, { contract: c, scripts }) {
    if (!c.entryPoint || !scripts.length) return;
    for (const o of ctx.project.contractsOf(scripts[0])) {
      if (o.id === c.id || o.format !== c.format) continue;
      ctx.report(
        'duplicate-entry-point',
        c.entryPoint.range,
        `${ctx.contractLabel(o)} also claims ${ctx.show(scripts[0])}; the script is checked against the first one only.`,
        {
          related: [{ location: { file: o.file, range: o.entryPoint?.range ?? o.nameRange }, message: 'the other contract' }],
          entity: c.entryPoint.value,
        },
      );
    }
  },
});
