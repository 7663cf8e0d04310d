import type { Fix } from '../../model';
import { insertEntry, pyString } from '../edits';
import { rule } from '../rule';
import { producerFor } from './env-infrastructure';
import { bridgedKeys } from './shared';

/** A Python literal: a string, a number, True/False/None. */
const LITERAL = /^(['"]).*\1$|^-?\d+(\.\d+)?$|^(True|False|None)$/s;

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
    const declared = new Set([...contract.requiredEnv.map((e) => e.name), ...optional.keys()]);
    const bridged = bridgedKeys(script);
    const literal = script.bridgeLiterals[0];
    const fixed = new Set<string>();
    const logicReads = script.envReads.filter((r) => r.via === 'bridge' && r.context === 'logic' && !bridged.has(r.name));
    for (const read of logicReads) {
      const sameKey = logicReads.filter((r) => r.name === read.name);
      // The value the logic sees when the variable is unset must stay what it was: its own default. Reads
      // with different defaults (or a default that is not a literal) leave no single value to pass on.
      const defaults = new Set(sameKey.map((r) => (r.hasDefault ? (r.defaultText ?? '?') : '')));
      // Only a literal can be copied into the entry block: a name there may not exist.
      const ownDefault = read.hasDefault && read.defaultText !== undefined && LITERAL.test(read.defaultText) ? read.defaultText : undefined;
      // With no default of its own the read got None (or raised); passing os.environ.get(K) keeps None.
      const value = ownDefault !== undefined ? `os.environ.get(${pyString(read.name)}, ${ownDefault})` : `os.environ.get(${pyString(read.name)})`;
      const safe = script.importsOs && defaults.size === 1 && !defaults.has('?') && (ownDefault !== undefined || !read.hasDefault);
      const fixes: Fix[] = fixed.has(read.name)
        ? []
        : [
            {
              title: `Add "${read.name}": ${value} to ${literal.name}`,
              safe,
              edits: [insertEntry(ctx.file, { layout: literal.layout, style: 'python-dict' }, read.name, value)],
            },
          ];
      fixed.add(read.name);
      const related = [{ location: { file: ctx.file, range: literal.range }, message: `the ${literal.name} literal` }];
      const producer = declared.has(read.name) ? undefined : producerFor(ctx, read.name);
      if (producer) {
        ctx.report(
          'unbridged-env-var',
          read.range,
          `${ctx.show(producer)} puts ${read.name} into this step's environment, but the entry block's ${literal.name} never passes it on: this read ${read.hasDefault ? 'always gets its default' : 'finds nothing'}, whatever the step sets.`,
          { related, fixes, entity: read.name },
        );
      } else if (declared.has(read.name)) {
        ctx.report(
          'unbridged-env-var',
          read.range,
          `${ctx.contractLabel(contract)} declares ${read.name}, but the entry block's ${literal.name} never passes it on: this read ${read.hasDefault ? 'always gets its default' : 'finds nothing'}, whatever the step sets.`,
          { entity: read.name, related, fixes },
        );
      } else if (read.hasDefault) {
        ctx.report(
          'unbridged-env-var',
          read.range,
          `${literal.name} never gets "${read.name}" (the entry block's literal does not set it, and ${ctx.contractLabel(contract)} does not declare it): this read always gets its default.`,
          { entity: read.name, related, fixes, severity: 'information' },
        );
      } else {
        ctx.report(
          'unbridged-env-var',
          read.range,
          `${literal.name} never gets "${read.name}": the entry block's literal does not set it, so this read finds nothing.`,
          { entity: read.name, related, fixes },
        );
      }
    }
  },
});
