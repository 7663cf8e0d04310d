import type { Severity } from '../../model';
import { channelIsUsed } from '../../usage';
import { rule } from '../rule';

const zero = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export default rule({
  id: 'unused-channel',
  severity: 'warning',
  configurable: true,
  appliesTo: 'contract',
  fix: 'none',
  summary: 'A declared channel the script never reads, wires or uses by path.',
  subject: 'contract',
  check(ctx, { contract: c, script }) {
    if (!script) return;
    const s = script.facts.script;
    const specs = ctx.project.declarations().specsByContract.get(c.id) ?? [];
    const optionalInSpecs = new Set(specs.flatMap((sp) => sp.dependencies.filter((d) => !d.required).map((d) => d.name)));
    const scriptName = ctx.show(script.file);
    for (const ch of [...c.inputs, ...c.outputs]) {
      if (channelIsUsed(s, ch)) continue;
      const optional = !ch.required || optionalInSpecs.has(ch.name);
      const severity: Severity = optional ? 'information' : 'warning';
      ctx.report(
        'unused-channel',
        ch.nameRange,
        `${optional ? 'Optional' : 'Required'} ${ch.direction} "${ch.name}" is never read, wired or used by path in ${scriptName}${optional ? '' : '; the step will wait for data the script ignores'}.`,
        {
          severity,
          unnecessary: true,
          entity: ch.name,
          related: [{ location: { file: script.file, range: s.entryFunction?.range ?? zero }, message: 'the script this contract claims' }],
        },
      );
    }
  },
});
