import { rule } from '../rule';
import { bridgedKeys } from '../script/shared';

export default rule({
  id: 'unused-env-var',
  severity: 'warning',
  configurable: true,
  appliesTo: 'contract',
  fix: 'none',
  summary: 'A required environment variable the script never reads.',
  subject: 'contract',
  check(ctx, { contract: c, script }) {
    if (!script) return;
    const s = script.facts.script;
    const scriptName = ctx.show(script.file);
    const readEnv = new Set(s.envReads.map((e) => e.name));
    for (const k of bridgedKeys(s)) readEnv.add(k);
    for (const e of c.requiredEnv) {
      if (readEnv.has(e.name)) continue;
      if (s.delegates) {
        ctx.report(
          'unused-env-var',
          e.range,
          `Required env var ${e.name} is never read by ${scriptName}, which starts another program that inherits its environment and may read it.`,
          { unnecessary: true, severity: 'information' },
        );
        continue;
      }
      ctx.report('unused-env-var', e.range, `Required env var ${e.name} is never read by ${scriptName}; the step demands a value nothing uses.`, {
        unnecessary: true,
        entity: e.name,
      });
    }
    if (ctx.config.reportUnusedOptionalEnvVars) {
      for (const e of c.optionalEnv) {
        if (readEnv.has(e.name)) continue;
        ctx.report('unused-env-var', e.range, `Optional env var ${e.name} is never read by ${scriptName}.`, {
          unnecessary: true,
          severity: 'information',
          entity: e.name,
        });
      }
    }
  },
});
