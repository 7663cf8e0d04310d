import type { Fix } from '../../model';
import { insertEntry, pyString } from '../edits';
import { rule } from '../rule';
import { pyDefault } from './shared';

export default rule({
  id: 'unbridged-env-var',
  severity: 'error',
  configurable: true,
  appliesTo: 'script',
  fix: 'mixed',
  summary: 'Script logic reads the env bridge dict for a key the entry block never sets.',
  subject: 'script',
  check(ctx, { script, contract }) {
    if (!script.bridgeLiterals.length) return;
    const optional = new Map(contract.optionalEnv.map((e) => [e.name, e]));
    const bridged = new Set(script.bridgeLiterals.flatMap((b) => b.keys.map((k) => k.key)));
    const literal = script.bridgeLiterals[0];
    const fixed = new Set<string>();
    for (const read of script.envReads) {
      if (read.via !== 'bridge' || read.context !== 'logic' || bridged.has(read.name)) continue;
      const def = optional.get(read.name)?.defaultText;
      const value = def !== undefined ? `os.environ.get(${pyString(read.name)}, ${pyDefault(def)})` : `os.environ.get(${pyString(read.name)})`;
      const fixes: Fix[] = fixed.has(read.name)
        ? []
        : [
            {
              title: `Add "${read.name}": ${value} to ${literal.name}`,
              safe: script.importsOs,
              edits: [insertEntry(ctx.file, { layout: literal.layout, style: 'python-dict' }, read.name, value)],
            },
          ];
      fixed.add(read.name);
      ctx.report(
        'unbridged-env-var',
        read.range,
        `${literal.name} never gets "${read.name}": the entry block's ${literal.name} literal does not set it, so this read finds nothing.`,
        {
          related: [{ location: { file: ctx.file, range: literal.range }, message: `the ${literal.name} literal` }],
          fixes,
          entity: read.name,
        },
      );
    }
  },
});
