import { pipelineGraph, type GraphEdge } from '../../graph/pipeline';
import type { RelatedInformation } from '../../model';
import { rule } from '../rule';
import { listText, specDependencies } from './channels';

/** How many producers a message names before it says "and N more". */
const SHOWN = 3;

export default rule({
  id: 'ambiguous-dependency',
  severity: 'information',
  configurable: true,
  appliesTo: 'spec',
  fix: 'none',
  summary: 'A dependency two or more outputs of one producer satisfy equally, or dependencies of one step only the same output can feed.',
  subject: 'spec',
  check(ctx, { spec }) {
    const graph = pipelineGraph(ctx.project);
    for (const { channel: dep, variant } of specDependencies(spec)) {
      const r = graph.resolutionOf(spec.id, dep.name, variant);
      if (!r) continue;
      const label = (id: string) => graph.stepsById.get(id)?.label ?? id;
      const related: RelatedInformation[] = [];
      const parts: string[] = [];
      // Outputs of one producer the files do not decide between, and outputs that tie exactly.
      const byProducer = new Map<string, GraphEdge[]>();
      for (const e of r.edges) if (e.state === 'ambiguous' || e.tie) byProducer.set(e.from, [...(byProducer.get(e.from) ?? []), e]);
      const undecided: string[] = [];
      const ties: string[] = [];
      for (const [from, edges] of byProducer) {
        const step = graph.stepsById.get(from)!;
        if (edges[0].tie) ties.push(`${label(from)}'s ${listText([edges[0].output, ...edges[0].rivals])} (the first declared, ${edges[0].output}, is taken)`);
        else undecided.push(`${label(from)}'s ${listText(edges.map((e) => e.output))}`);
        related.push({ location: { file: step.spec.file, range: step.spec.nameRange }, message: `producer ${label(from)}` });
      }
      const more = (list: string[]) =>
        list.length > SHOWN ? `${list.slice(0, SHOWN).join('; ')}; and ${list.length - SHOWN} more producers` : list.join('; ');
      if (ties.length) parts.push(`it scores exactly the same against ${more(ties)}`);
      if (undecided.length)
        parts.push(
          `nothing the files fix decides between ${more(undecided)}: only the framework's fuzzy name similarity does (the names differ once normalised and no alias matches)`,
        );
      for (const c of r.contested) {
        parts.push(
          `${c.with.map((d) => `"${d.name}"`).join(', ')} ${c.with.length === 1 ? 'is' : 'are'} fed only by the same output, ${label(c.from)}.${c.output}: the framework binds it to one of them (two-way unique binding) or to every one`,
        );
        for (const d of c.with) related.push({ location: { file: spec.file, range: d.nameRange }, message: `also fed only by ${label(c.from)}.${c.output}` });
      }
      if (!parts.length) continue;
      ctx.report(
        'ambiguous-dependency',
        dep.nameRange,
        `Dependency "${dep.name}"${variant ? ` (variant ${variant})` : ''} is ambiguous: ${parts.join('; ')}.`,
        { related, entity: variant ? `${variant}.${dep.name}` : dep.name },
      );
    }
  },
});
