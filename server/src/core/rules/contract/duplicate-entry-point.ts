import type { ContractDecl } from '../../facts';
import { rule } from '../rule';

export default rule({
  id: 'duplicate-entry-point',
  // Two steps sharing a script is a design, not a defect; what it costs is checks, which the message says.
  severity: 'information',
  configurable: true,
  appliesTo: 'contract',
  fix: 'none',
  summary: 'Two contracts of the same format claim one script; it is checked against one of them.',
  subject: 'contract',
  check(ctx, { contract: c, scripts }) {
    // Each component is checked against its program on its own: sharing one is no loss.
    if (!c.entryPoint || !scripts.length || c.component) return;
    const claimants = ctx.project.contractsOf(scripts[0]);
    for (const o of claimants) {
      if (o.id === c.id || o.format !== c.format || o.component) continue;
      const related = [{ location: { file: o.file, range: o.entryPoint?.range ?? o.nameRange }, message: 'the other contract' }];
      const checkedAgainst = claimants[0];
      const differs = interfaceDifference(c, o);
      if (!differs) {
        // Two steps running one script on purpose (a training step and the tuning step that wraps it).
        ctx.report(
          'duplicate-entry-point',
          c.entryPoint.range,
          `${ctx.contractLabel(o)} also claims ${ctx.show(scripts[0])} and declares the same channels, env vars and arguments; the script is checked against ${ctx.contractLabel(checkedAgainst)}.`,
          { entity: c.entryPoint.value, related },
        );
        continue;
      }
      ctx.report(
        'duplicate-entry-point',
        c.entryPoint.range,
        `${ctx.contractLabel(o)} also claims ${ctx.show(scripts[0])}, and the two differ in ${differs}; the script is checked against ${ctx.contractLabel(checkedAgainst)} only, so what only the other declares is not checked.`,
        { entity: c.entryPoint.value, related },
      );
    }
  },
});

/** What two contracts declare differently, in words; undefined when they declare the same interface. */
function interfaceDifference(a: ContractDecl, b: ContractDecl): string | undefined {
  const parts: [string, (c: ContractDecl) => string[]][] = [
    ['inputs', (c) => c.inputs.map((x) => `${x.name}=${x.path ?? ''}`)],
    ['outputs', (c) => c.outputs.map((x) => `${x.name}=${x.path ?? ''}`)],
    ['required env vars', (c) => c.requiredEnv.map((x) => x.name)],
    ['optional env vars', (c) => c.optionalEnv.map((x) => x.name)],
    ['arguments', (c) => c.arguments.map((x) => x.name)],
  ];
  const differing = parts.filter(([, of]) => of(a).sort().join('\n') !== of(b).sort().join('\n')).map(([what]) => what);
  return differing.length ? differing.join(', ') : undefined;
}
