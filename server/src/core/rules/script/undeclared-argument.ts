import type { ArgFlag } from '../../facts';
import type { Fix } from '../../model';
import { matchOption, nearestOption } from '../arguments';
import { insertEntry, pyString } from '../edits';
import { rule } from '../rule';

export default rule({
  id: 'undeclared-argument',
  severity: 'information',
  configurable: true,
  appliesTo: 'script',
  fix: 'unsafe',
  summary: 'An argparse flag the contract does not declare.',
  subject: 'script',
  forComponents: true,
  check(ctx, { script, contract }) {
    const declared = new Set(contract.arguments.map((a) => a.name));
    const anchor = contract.anchors.arguments;
    // The options the passed flags reach as argparse reads them (abbreviations, `-n5`), and those a misspelt one meant.
    const reached = new Set<ArgFlag>();
    for (const a of contract.arguments) {
      if (a.passed === undefined) continue;
      const m = matchOption(a.passed, script);
      if (m.kind === 'exact' || m.kind === 'prefix' || m.kind === 'spelling') reached.add(m.arg);
      else if (m.kind === 'none') {
        const meant = nearestOption(a.passed, script);
        if (meant) reached.add(meant);
      }
    }
    for (const flag of script.argFlags) {
      if (flag.positional || reached.has(flag)) continue;
      const name = flag.flag.replace(/^-+/, '').replace(/_/g, '-');
      if (declared.has(name)) continue;
      // A component or a pipeline step writes what it passes: a flag it leaves out runs with its default.
      if (contract.component || contract.format === 'sdk') {
        // A required flag is required-argument-not-passed's; with parts of the command unknown it may be passed.
        if (flag.required || !contract.argumentsComplete || script.dynamicArguments) continue;
        ctx.report('undeclared-argument', flag.range, `Argument ${flag.flag} is not passed by ${ctx.contractLabel(contract)}; argparse uses its default.`, {
          entity: flag.flag,
        });
        continue;
      }
      const fixes: Fix[] = anchor
        ? [
            {
              title: `Declare argument "${name}" in ${ctx.show(contract.file)}`,
              safe: false,
              edits: [
                insertEntry(
                  contract.file,
                  anchor,
                  anchor.style === 'python-list' ? undefined : name,
                  anchor.style === 'yaml-map' ? `"--${name}"` : pyString(`--${name}`),
                ),
              ],
            },
          ]
        : [];
      ctx.report(
        'undeclared-argument',
        flag.range,
        `Argument ${flag.flag} is added to the parser but not declared in ${ctx.contractLabel(contract)}'s arguments: the contract does not say whether the step passes it.`,
        { fixes, entity: flag.flag },
      );
    }
  },
});
