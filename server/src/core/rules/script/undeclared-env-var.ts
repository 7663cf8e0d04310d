import type { ContractDecl, EnvRead } from '../../facts';
import type { Fix, Severity } from '../../model';
import { readCopes } from '../../project';
import type { RuleContext } from '../context';
import { insertEntry, pyString } from '../edits';
import { matchesAnyName } from '../paths';
import { basename } from '../../paths';
import { rule } from '../rule';
import { declaredShare, declaringContracts, infrastructure, isPlaceholderDefault, producerFor } from './env-infrastructure';
import { bridgedKeys, claimingContract, pyDefault, yamlScalar } from './shared';

/**
 * What a distributed-training launcher (torchrun, MPI) sets in every worker's environment: a training step with
 * `distribution=` runs its script under one, so these are set whatever the step's own environment says.
 */
const LAUNCHER_ENV =
  /^(LOCAL_RANK|RANK|GROUP_RANK|ROLE_RANK|LOCAL_WORLD_SIZE|WORLD_SIZE|ROLE_WORLD_SIZE|MASTER_ADDR|MASTER_PORT|TORCHELASTIC_\w+|OMPI_COMM_WORLD_\w+|PMI_\w+)$/;

export default rule({
  id: 'undeclared-env-var',
  severity: 'warning',
  configurable: true,
  appliesTo: 'script',
  fix: 'unsafe',
  summary: 'The script reads an environment variable the contract does not declare (warning when it cannot run without it).',
  subject: 'script',
  check(ctx, { script, contract }) {
    const declared = new Set([...contract.requiredEnv.map((e) => e.name), ...contract.optionalEnv.map((e) => e.name)]);
    const bridged = bridgedKeys(script);
    const reported = new Set<string>();
    for (const read of script.envReads) {
      if (declared.has(read.name) || matchesAnyName(read.name, ctx.config.envIgnore)) continue;
      if (contract.sdk?.distributed && LAUNCHER_ENV.test(read.name)) continue;
      // A bridge read of a key the entry block puts into the bridge was already reported at that os.environ read.
      if (read.via === 'bridge' && bridged.has(read.name)) continue;
      const firstForVar = !reported.has(read.name);
      reported.add(read.name);
      const infra = infrastructure(ctx.project, read.name);
      if (infra) {
        // Once per workspace: at the first read in the first script (claimed by a contract) that reads it.
        // Once per workspace: in the first reader whose claiming contract does not declare it.
        const reporter = infra.find((f) => {
          const c = ctx.project.contractsOf(f)[0];
          return c && ![...c.requiredEnv, ...c.optionalEnv].some((e) => e.name === read.name);
        });
        if (firstForVar && reporter === ctx.file) reportInfrastructure(ctx, read, infra);
        continue;
      }
      const others = (declaringContracts(ctx.project).get(read.name) ?? []).filter((c) => c.id !== contract.id);
      const placeholder = isPlaceholderDefault(read.defaultText);
      const copes = readCopes(read);
      // The other scripts that read it mostly have it declared: this contract's omission is the odd one out.
      const share = others.length ? declaredShare(ctx.project, read.name) : undefined;
      // ...and one of them is a step of the same family (script names sharing at least half their words):
      // a generic name such as BATCH_SIZE declared by an unrelated step says nothing about this one.
      const siblingsDeclare =
        !!share && share.readers.length > 1 && share.declaring * 2 >= share.readers.length - 1 && others.some((c) => sameFamily(c.entryPoint?.value, ctx.file));
      // Its value only fills an env bridge key that nothing in the script reads: dead, whatever it holds.
      const dead =
        read.fillsBridgeKey !== undefined &&
        !script.envReads.some((r) => r.via === 'bridge' && r.name === read.fillsBridgeKey) &&
        script.envReads.some((r) => r.via === 'bridge');
      // Workspace code that builds job environments (a config's get_environment_variables) sets it.
      const producer = producerFor(ctx, read.name);
      // A pipeline step whose environment is computed (or whose processor the checker cannot see) may set it.
      const envOpen = !!contract.sdk?.envOpen;
      const needed = !dead && !producer && !envOpen && !read.uncalledFunction && (!copes || placeholder || siblingsDeclare);
      const severity: Severity = needed ? 'warning' : 'information';
      const fixes = firstForVar ? declareFixes(ctx, read, contract) : [];
      let message: string;
      if (envOpen && !producer && !dead && !read.uncalledFunction)
        message = `Environment variable ${read.name} is not among the variables ${ctx.contractLabel(contract)} sets, but the step's environment is not all static (a computed env, or a processor the checker cannot see), so it may be set there.`;
      else if (producer)
        message = `Environment variable ${read.name} is not declared by ${ctx.contractLabel(contract)}, but ${ctx.show(producer)} puts it into a job environment; if that is how this step gets it, declare it so the contract says so.`;
      else if (read.uncalledFunction)
        message = `Environment variable ${read.name} is not declared by ${ctx.contractLabel(contract)}, but it is read inside ${read.uncalledFunction}(), which nothing in this script calls: the job never reads it.`;
      else if (dead)
        message = `Environment variable ${read.name} is not declared by ${ctx.contractLabel(contract)}, but its value only fills environ_vars["${read.fillsBridgeKey}"], which the script never reads.`;
      else if (others.length && (!copes || siblingsDeclare))
        message = `Environment variable ${read.name} is declared by ${ctx.contractLabel(others[0])} but not by ${ctx.contractLabel(contract)}, which claims this script: ${copes ? `unless something outside the contract sets it, the script always uses its default (${read.defaultText ?? 'a computed value'})` : 'the read fails (or gives None) unless something outside the contract sets it'}.`;
      else if (placeholder)
        message = `Environment variable ${read.name} is read with the placeholder default ${read.defaultText}, and ${ctx.contractLabel(contract)} does not declare it: unless something outside the contract sets it, the script runs with the placeholder.`;
      else if (needed)
        message = `Environment variable ${read.name} is read with no default, but ${ctx.contractLabel(contract)} declares it neither required nor optional: the read fails (or gives None) unless something outside the contract sets it.`;
      else
        message = `Environment variable ${read.name} is not declared by ${ctx.contractLabel(contract)}; the script falls back to its default (${read.defaultText ?? 'a computed value'}) unless something outside the contract sets it.`;
      ctx.report('undeclared-env-var', read.range, message, { entity: read.name, related: claimingContract(contract), fixes, severity });
    }
  },
});

function reportInfrastructure(ctx: RuleContext, read: EnvRead, readers: string[]): void {
  const shown = readers
    .slice(0, 3)
    .map((f) => ctx.show(f))
    .join(', ');
  const more = readers.length > 3 ? ` and ${readers.length - 3} more` : '';
  ctx.report(
    'undeclared-env-var',
    read.range,
    `Environment variable ${read.name} is read with a default by ${readers.length} scripts (${shown}${more}) and declared by no contract: treated as infrastructure, not a step setting; reported once here. Add it to env-ignore to say so, or declare it where a step needs it.`,
    { entity: read.name, severity: 'information' },
  );
}

function declareFixes(ctx: RuleContext, read: EnvRead, contract: ContractDecl): Fix[] {
  const fixes: Fix[] = [];
  const optAnchor = contract.anchors.optionalEnv;
  const reqAnchor = contract.anchors.requiredEnv;
  if (optAnchor) {
    // Only a literal default can be copied into the contract; a name or an expression means nothing there.
    const literal = read.defaultText !== undefined && /^(['"]).*\1$|^-?\d+(\.\d+)?$|^(True|False|None)$/s.test(read.defaultText);
    const def = literal ? read.defaultText! : '""';
    const value = optAnchor.style === 'yaml-map' ? yamlScalar(def) : pyDefault(def);
    fixes.push({
      title: `Declare ${read.name} as an optional env var (default ${value}) in ${ctx.show(contract.file)}`,
      safe: false,
      edits: [insertEntry(contract.file, optAnchor, read.name, value)],
    });
  }
  if (reqAnchor)
    fixes.push({
      title: `Declare ${read.name} as a required env var in ${ctx.show(contract.file)}`,
      safe: false,
      edits: [insertEntry(contract.file, reqAnchor, undefined, pyString(read.name))],
    });
  return fixes;
}

/** Do two script names share at least half of their words (`bedrock_batch_processing` / `bedrock_processing`)? */
function sameFamily(entryPoint: string | undefined, file: string): boolean {
  if (!entryPoint) return false;
  const words = (p: string) =>
    new Set(
      basename(p)
        .replace(/\.py$/, '')
        .toLowerCase()
        .split(/[_\-.]+/)
        .filter(Boolean),
    );
  const a = words(entryPoint);
  const b = words(file);
  const shared = [...a].filter((w) => b.has(w)).length;
  return shared * 2 >= new Set([...a, ...b]).size;
}
