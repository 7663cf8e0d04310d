import type { EnvRead } from '../../facts';
import type { Severity } from '../../model';
import { rule } from '../rule';
import { bridges, emptyDefault, envReadsOf, inputRequirements } from './presence';

const TEST_TEXT = { falsy: 'is empty or unset', empty: 'is empty', none: 'is unset', missing: 'is unset' } as const;

export default rule({
  id: 'optional-but-required',
  severity: 'warning',
  configurable: true,
  appliesTo: 'contract',
  fix: 'none',
  summary: 'An optional env var or input without which the script raises or exits.',
  subject: 'contract',
  check(ctx, { contract: c, script }) {
    if (!script) return;
    const s = script.facts.script;
    const scriptName = ctx.show(script.file);
    const writes = new Set(s.envWrites ?? []);
    for (const e of c.optionalEnv) {
      if (writes.has(e.name)) continue;
      const reads = envReadsOf(s, e.name);
      // What the entry block's bridge literal passes on: its own read of the variable (a default there always applies).
      const bridgedWithDefault =
        bridges(s, e.name) && reads.some((r) => r.via !== 'bridge' && r.context === 'wiring' && r.form === 'get' && r.hasDefault && r.defaultText !== 'None');
      let found: { read: EnvRead; severity: Severity; why: string } | undefined;
      for (const r of reads) {
        let hit: { severity: Severity; why: string } | undefined;
        if (r.stops && !(r.via === 'bridge' && (!bridges(s, e.name) || bridgedWithDefault))) {
          // A stop on an empty value also stops on the declared default when that default is empty.
          const onDefault = (r.stops === 'falsy' || r.stops === 'empty') && emptyDefault(e.defaultText);
          hit = onDefault
            ? {
                severity: 'warning',
                why: `it stops when the value ${TEST_TEXT[r.stops]}, and the declared default is ${e.defaultText === undefined ? 'not given' : 'empty'}`,
              }
            : {
                severity: 'information',
                why: `it stops when the variable ${TEST_TEXT[r.stops]} (a step that always sets optional variables to their declared default never does)`,
              };
        } else if (r.via === 'environ' && r.form === 'subscript' && !r.guarded && !r.tolerated) {
          hit = {
            severity: 'information',
            why: 'os.environ[...] raises KeyError when the variable is unset (a step that always sets optional variables to their declared default never does)',
          };
        }
        // A pipeline step's env= sets the variable, always, to its value: only a stop on that (literal) value stops the job.
        if (hit && c.format === 'sdk' && (hit.severity !== 'warning' || e.defaultText === undefined)) hit = undefined;
        if (hit && (!found || (hit.severity === 'warning' && found.severity !== 'warning'))) found = { read: r, ...hit };
      }
      if (!found) continue;
      ctx.report(
        'optional-but-required',
        e.range,
        c.format === 'sdk'
          ? `${ctx.contractLabel(c)} sets ${e.name} to ${e.defaultText}, and ${scriptName} stops on that: ${found.why.replace('the declared default', 'the value the step sets')}.`
          : `Optional env var ${e.name}${e.defaultText !== undefined ? ` (default ${e.defaultText})` : ''} is required by ${scriptName}: ${found.why}. Declare it required, or give the script a default.`,
        {
          severity: found.severity,
          entity: e.name,
          related: [{ location: { file: script.file, range: found.read.range }, message: 'the script stops here without it' }],
        },
      );
    }
    const specs = ctx.project.declarations().specsByContract.get(c.id) ?? [];
    const requirement = inputRequirements(c, specs);
    // Reads by key, once: a contract may declare very many inputs.
    const readsByKey = new Map<string, typeof s.channelReads>();
    for (const r of s.channelReads) if (r.direction === 'input') readsByKey.set(r.key, [...(readsByKey.get(r.key) ?? []), r]);
    const wired = new Set(s.wiring.filter((w) => w.direction === 'input').map((w) => w.key));
    for (const ch of c.inputs) {
      if (requirement.get(ch.name) !== 'optional') continue;
      const stop = readsByKey.get(ch.name)?.find((r) => r.stops);
      if (!stop) continue;
      // The entry block wires it whatever the step received: the test never fails there.
      if (wired.has(ch.name)) continue;
      ctx.report(
        'optional-but-required',
        ch.nameRange,
        `Optional input "${ch.name}" is required by ${scriptName}: it stops when the input is absent. Declare it required, or let the script run without it.`,
        {
          severity: 'information',
          entity: ch.name,
          related: [{ location: { file: script.file, range: stop.keyRange }, message: 'the script stops here without it' }],
        },
      );
    }
  },
});
