import type { Fix } from '../../model';
import { insertEntry, pyString } from '../edits';
import { matchesAnyName } from '../paths';
import { rule } from '../rule';
import { claimingContract, pyDefault, yamlScalar } from './shared';

export default rule({
  id: 'undeclared-env-var',
  severity: 'warning',
  configurable: true,
  appliesTo: 'script',
  fix: 'unsafe',
  summary: 'The script reads an environment variable the contract does not declare.',
  subject: 'script',
  check(ctx, { script, contract }) {
    const declared = new Set([...contract.requiredEnv.map((e) => e.name), ...contract.optionalEnv.map((e) => e.name)]);
    const bridged = new Set(script.bridgeLiterals.flatMap((b) => b.keys.map((k) => k.key)));
    const reported = new Set<string>();
    for (const read of script.envReads) {
      if (declared.has(read.name) || matchesAnyName(read.name, ctx.config.envIgnore)) continue;
      // A bridge read of a key the bridge literal sets was already reported at the literal's os.environ read.
      if (read.via === 'bridge' && bridged.has(read.name)) continue;
      const fixes: Fix[] = [];
      const optAnchor = contract.anchors.optionalEnv;
      const reqAnchor = contract.anchors.requiredEnv;
      const firstForVar = !reported.has(read.name);
      reported.add(read.name);
      if (firstForVar && optAnchor) {
        const def = read.defaultText ?? '""';
        const value = optAnchor.style === 'yaml-map' ? yamlScalar(def) : pyDefault(def);
        fixes.push({
          title: `Declare ${read.name} as an optional env var (default ${value}) in ${ctx.show(contract.file)}`,
          safe: false,
          edits: [insertEntry(contract.file, optAnchor, read.name, value)],
        });
      }
      if (firstForVar && reqAnchor)
        fixes.push({
          title: `Declare ${read.name} as a required env var in ${ctx.show(contract.file)}`,
          safe: false,
          edits: [insertEntry(contract.file, reqAnchor, undefined, pyString(read.name))],
        });
      ctx.report(
        'undeclared-env-var',
        read.range,
        `Environment variable ${read.name} is read here but ${ctx.contractLabel(contract)} declares it neither required nor optional, so the step will not set it.`,
        {
          related: claimingContract(contract),
          fixes,
          entity: read.name,
        },
      );
    }
  },
});
