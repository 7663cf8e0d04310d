import type { RelatedInformation } from '../../model';
import { rule } from '../rule';
import { bridges, envReadsOf, inputRequirements, tolerantChannelRead, tolerantEnvRead } from './presence';

export default rule({
  id: 'required-but-defaulted',
  severity: 'information',
  configurable: true,
  appliesTo: 'contract',
  fix: 'none',
  summary: 'A required env var or input every read of which in the script has a default or a guard.',
  subject: 'contract',
  check(ctx, { contract: c, script }) {
    if (!script) return;
    const s = script.facts.script;
    const scriptName = ctx.show(script.file);
    for (const e of c.requiredEnv) {
      const reads = envReadsOf(s, e.name);
      // A bridge subscript of a key the entry block bridges reads what that block read (its own read is in `reads`).
      const considered = reads.filter((r) => !(r.via === 'bridge' && r.form === 'subscript' && bridges(s, e.name)));
      const values = considered.filter((r) => r.form !== 'in');
      if (!values.length || !considered.every(tolerantEnvRead)) continue;
      const withDefault = values.find((r) => r.form === 'get' && r.hasDefault);
      const related: RelatedInformation[] = values.slice(0, 5).map((r) => ({
        location: { file: script.file, range: r.range },
        message: r.form === 'get' && r.hasDefault ? `read with default ${r.defaultText ?? '(an expression)'}` : 'read under a test of the variable',
      }));
      ctx.report(
        'required-but-defaulted',
        e.range,
        // No counts or lines in the message: the related locations carry them, and the message stays the same when reads are added.
        `Required env var ${e.name} is read in ${scriptName} only with a default or under a test${
          withDefault ? ` (default ${withDefault.defaultText ?? 'an expression'})` : ''
        }: the script runs without it. Declare it optional${withDefault?.defaultText ? ` with that default` : ''}, or drop the script's default if the step must set it.`,
        { related, entity: e.name },
      );
    }
    const specs = ctx.project.declarations().specsByContract.get(c.id) ?? [];
    const requirement = inputRequirements(c, specs);
    // Reads by key, once: a contract may declare very many inputs.
    const readsByKey = new Map<string, typeof s.channelReads>();
    for (const r of s.channelReads) if (r.direction === 'input') readsByKey.set(r.key, [...(readsByKey.get(r.key) ?? []), r]);
    for (const ch of c.inputs) {
      if (requirement.get(ch.name) !== 'required') continue;
      const reads = (readsByKey.get(ch.name) ?? []).filter((r) => !r.fallbackOf);
      const values = reads.filter((r) => r.via !== 'in');
      if (!values.length || !reads.every(tolerantChannelRead)) continue;
      ctx.report(
        'required-but-defaulted',
        ch.nameRange,
        `Required input "${ch.name}" is read in ${scriptName} only with a default or under a test: the script runs without it. Declare it optional (required: false), or drop the fallback if the step must have it.`,
        {
          entity: ch.name,
          related: values
            .slice(0, 5)
            .map((r) => ({ location: { file: script.file, range: r.keyRange }, message: r.via === 'get' ? 'read with a default' : 'read under a test' })),
        },
      );
    }
  },
});
