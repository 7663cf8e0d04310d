import type { Fix } from '../../model';
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
  check(ctx, { script, contract }) {
    const declared = new Set(contract.arguments.map((a) => a.name));
    const anchor = contract.anchors.arguments;
    for (const flag of script.argFlags) {
      const name = flag.flag.replace(/^-+/, '').replace(/_/g, '-');
      if (declared.has(name)) continue;
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
