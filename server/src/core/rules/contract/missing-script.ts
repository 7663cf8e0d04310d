import { rule } from '../rule';

export default rule({
  id: 'missing-script',
  severity: 'warning',
  configurable: true,
  appliesTo: 'contract',
  fix: 'none',
  summary: 'The entry_point names a script that is not in the workspace.',
  subject: 'contract',
  check(ctx, { contract: c, scripts }) {
    if (c.entryPoint && scripts.length === 0) {
      ctx.report('missing-script', c.entryPoint.range, `entry_point "${c.entryPoint.value}" matches no file in the workspace; the step would fail to start.`, {
        entity: c.entryPoint.value,
      });
    }
  },
});
