import { rule } from '../rule';
import type { specOutputs } from './channels';

export default rule({
  id: 'alias-collision',
  severity: 'warning',
  configurable: true,
  appliesTo: 'spec',
  fix: 'none',
  summary: "An output alias equal, ignoring case, to its own or another output's logical name or alias in the same spec.",
  subject: 'spec',
  check(ctx, { spec }) {
    // Per variant (or the base spec): the outputs as the framework sees them together.
    const groups = new Map<string, ReturnType<typeof specOutputs>>();
    const base = spec.outputs.map((channel) => ({ channel }));
    groups.set('', base);
    for (const v of spec.variants ?? [])
      if (v.restated.output.length)
        groups.set(
          v.name,
          v.outputs.map((channel) => ({ channel, variant: v.name })),
        );
    const reported = new Set<string>();
    for (const [variant, outputs] of groups) {
      for (const { channel: out } of outputs) {
        const restated = !variant || spec.variants?.find((v) => v.name === variant)?.restated.output.includes(out.name);
        if (!restated) continue;
        for (const alias of out.aliases ?? []) {
          const a = alias.value.toLowerCase();
          const key = `${alias.range.start.line}:${alias.range.start.character}`;
          if (reported.has(key)) continue;
          let clash: string | undefined;
          // The same alias twice in one output is dropped by the framework's alias validation: no finding.
          if (out.name.toLowerCase() === a) clash = `its own logical name "${out.name}"`;
          else {
            for (const { channel: other } of outputs) {
              if (other === out) continue;
              if (other.name.toLowerCase() === a) clash = `the logical name of output "${other.name}"`;
              // Between two aliases, the later one is the collision (as the framework's validation reports it).
              else if ((other.aliases ?? []).some((b) => b.value.toLowerCase() === a && rangeBefore(b.range, alias.range)))
                clash = `an alias of output "${other.name}"`;
              if (clash) break;
            }
          }
          if (!clash) continue;
          reported.add(key);
          const own = clash.startsWith('its own');
          ctx.report(
            'alias-collision',
            alias.range,
            `Alias "${alias.value}" of output "${out.name}"${variant ? ` (variant ${variant})` : ''} equals ${clash}, ignoring case: ${
              own
                ? 'it adds nothing the resolver uses, but a framework that validates aliases (OutputSpec rejects an alias equal to its logical name) refuses to load the spec'
                : 'a dependency of that name matches two outputs equally, and a framework that validates aliases across outputs (StepSpecification does, ignoring case) refuses to load the spec'
            }.`,
            // Harmless to the resolver itself: information, unless it makes two outputs answer to one name.
            { severity: own ? 'information' : 'warning' },
          );
        }
      }
    }
  },
});

function rangeBefore(a: { start: { line: number; character: number } }, b: { start: { line: number; character: number } }): boolean {
  return a.start.line < b.start.line || (a.start.line === b.start.line && a.start.character < b.start.character);
}
