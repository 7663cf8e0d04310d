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
      // A script that starts another program (subprocess, exec) may hand the channel to code not in this file.
      const severity: Severity = optional || s.delegates ? 'information' : 'warning';
      const consequence = s.delegates
        ? `; it starts another program, which may read it`
        : optional
          ? ''
          : ch.direction === 'input'
            ? '; the step needs this data, and the script ignores it'
            : '; the step uploads this location, and the script writes nothing there';
      ctx.report(
        'unused-channel',
        ch.nameRange,
        `${!ch.required ? 'Optional' : 'Required'} ${ch.direction} "${ch.name}"${ch.required && optional ? ' (optional in its spec)' : ''} is never read, wired or used by path in ${scriptName}${consequence}.`,
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
