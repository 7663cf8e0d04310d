import { closest } from '../../suggest';
import type { Fix } from '../../model';
import { conventionalPath } from '../paths';
import { pyString, replace } from '../edits';
import { rule } from '../rule';
import { claimingContract, declareChannelEdit } from './shared';

export default rule({
  id: 'undeclared-channel',
  severity: 'error',
  configurable: true,
  appliesTo: 'script',
  fix: 'unsafe',
  summary: 'Script logic reads a logical name the contract does not declare.',
  subject: 'script',
  check(ctx, { script, contract, declared }) {
    const wired = new Set(script.wiring.map((w) => `${w.direction}:${w.key}`));
    for (const read of script.channelReads) {
      const dir = read.direction;
      if (declared[dir].has(read.key)) continue;
      // In the entry block, a name the block wires itself is undeclared-wiring's; one it reads without
      // wiring (`main(input_paths["X"])`) fails like a read in logic.
      if (read.context !== 'logic' && wired.has(`${dir}:${read.key}`)) continue;
      const names = [...declared[dir].keys()];
      // A key read only as another key's fallback (`.get("a", d.get("b"))`) adds nothing to what the first
      // key's finding says: consulted only when that key is missing.
      const legacy = read.fallbackOf !== undefined;
      const primaryDeclared = legacy && declared[dir].has(read.fallbackOf!);
      const fixes: Fix[] = [];
      const near = closest(read.key, names);
      if (near && read.keyQuote)
        fixes.push({ title: `Change to "${near}"`, safe: false, edits: [replace(ctx.file, read.keyRange, pyString(near, read.keyQuote))] });
      const declare = declareChannelEdit(contract, dir, read.key, conventionalPath(dir, read.key, contract.training));
      if (declare) fixes.push({ title: `Declare ${dir} channel "${read.key}" in ${ctx.show(contract.file)}`, safe: false, edits: [declare] });
      const list = names.length ? names.join(', ') : 'none';
      // A membership test, or a read that only runs when the key is there, copes with the channel's absence.
      const copes = (read.via === 'in' && !read.absentTest) || !!read.guarded;
      const message = legacy
        ? primaryDeclared
          ? `"${read.key}" is only a legacy fallback for the declared ${dir} "${read.fallbackOf}"; ${ctx.contractLabel(contract)} does not declare it, so this fallback never applies.`
          : `"${read.key}" is read only when "${read.fallbackOf}" is missing, and ${ctx.contractLabel(contract)} declares neither; see the finding on "${read.fallbackOf}".`
        : copes
          ? `"${read.key}" is not an ${dir} channel of ${ctx.contractLabel(contract)}${near ? ` (did you mean "${near}"?)` : ''}; the code ${read.via === 'in' ? 'tests for it' : 'reads it only when present'}, so with this contract that branch never runs.`
          : `"${read.key}" is not an ${dir} channel of ${ctx.contractLabel(contract)}${near ? ` (did you mean "${near}"?)` : ''}; declared ${dir}s: ${list}.`;
      ctx.report('undeclared-channel', read.keyRange, message, {
        entity: read.key,
        related: claimingContract(contract),
        fixes,
        severity: legacy || copes ? 'information' : undefined,
      });
    }
  },
});
