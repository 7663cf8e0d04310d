import { closest } from '../../suggest';
import type { Fix } from '../../model';
import { pyString, replace } from '../edits';
import { rule } from '../rule';
import { claimingContract } from './shared';

export default rule({
  id: 'undeclared-wiring',
  severity: 'error',
  configurable: true,
  appliesTo: 'script',
  fix: 'unsafe',
  summary: 'The entry block wires a logical name the contract does not declare.',
  subject: 'script',
  check(ctx, { script, contract, declared }) {
    for (const w of script.wiring) {
      if (declared[w.direction].has(w.key)) continue;
      const names = [...declared[w.direction].keys()];
      const near = closest(w.key, names);
      const fixes: Fix[] =
        near && w.keyQuote ? [{ title: `Change to "${near}"`, safe: false, edits: [replace(ctx.file, w.keyRange, pyString(near, w.keyQuote))] }] : [];
      // A key the logic reads only when present (or not at all) cannot make the script fail or miss data.
      const reads = script.channelReads.filter((r) => r.context === 'logic' && r.direction === w.direction && r.key === w.key);
      const relied = reads.some((r) => !r.guarded && !(r.via === 'in' && !r.absentTest) && r.fallbackOf === undefined);
      if (!relied) {
        ctx.report(
          'undeclared-wiring',
          w.keyRange,
          `The entry block wires "${w.key}", which ${ctx.contractLabel(contract)} does not declare as an ${w.direction}${near ? ` (did you mean "${near}"?)` : ''}; the script ${reads.length ? 'reads it only when present' : 'never reads it'}, so nothing depends on it.`,
          { related: claimingContract(contract), fixes, entity: w.key, severity: 'information' },
        );
        continue;
      }
      ctx.report(
        'undeclared-wiring',
        w.keyRange,
        `The entry block wires "${w.key}", which ${ctx.contractLabel(contract)} does not declare as an ${w.direction}${near ? ` (did you mean "${near}"?)` : ''}; declared ${w.direction}s: ${names.join(', ') || 'none'}.`,
        {
          related: claimingContract(contract),
          fixes,
          entity: w.key,
        },
      );
    }
  },
});
