import type { ChannelDecl } from '../../facts';
import type { Range } from '../../model';
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
      // Names and aliases by their lower-case text, once per group: a spec may declare very many outputs.
      const byName = new Map<string, ChannelDecl[]>();
      const byAlias = new Map<string, { out: ChannelDecl; range: Range }[]>();
      for (const { channel } of outputs) {
        const n = channel.name.toLowerCase();
        byName.set(n, [...(byName.get(n) ?? []), channel]);
        for (const b of channel.aliases ?? []) {
          const k = b.value.toLowerCase();
          byAlias.set(k, [...(byAlias.get(k) ?? []), { out: channel, range: b.range }]);
        }
      }
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
            const named = byName.get(a)?.find((o) => o !== out);
            // Between two aliases, the later one is the collision (as the framework's validation reports it).
            const aliased = byAlias.get(a)?.find((x) => x.out !== out && rangeBefore(x.range, alias.range));
            if (named) clash = `the logical name of output "${named.name}"`;
            else if (aliased) clash = `an alias of output "${aliased.out.name}"`;
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
            { severity: own ? 'information' : 'warning', entity: alias.value },
          );
        }
      }
    }
  },
});

function rangeBefore(a: { start: { line: number; character: number } }, b: { start: { line: number; character: number } }): boolean {
  return a.start.line < b.start.line || (a.start.line === b.start.line && a.start.character < b.start.character);
}
