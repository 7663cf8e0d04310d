// Code lenses on spec dependencies: where the pipeline graph says each one is
// fed from ("← from TabularPreprocessing.processed_data"), or that nothing is.
import type { Location, Range } from '../model';
import type { Project } from '../project';
import { pipelineGraph } from '../graph/pipeline';

export interface DependencyLens {
  range: Range;
  title: string;
  /** The producer outputs it binds to, for "go to". */
  targets: Location[];
}

/** How many producers a lens names before "+N more". */
const SHOWN = 2;

export function dependencyLenses(project: Project, file: string): DependencyLens[] {
  const d = project.declarations();
  const specs = d.specsByFile.get(file);
  if (!specs?.length) return [];
  const graph = pipelineGraph(project);
  const out: DependencyLens[] = [];
  for (const spec of specs) {
    for (const dep of spec.dependencies) {
      const r = graph.resolutionOf(spec.id, dep.name);
      if (!r) continue;
      const label = (id: string) => graph.stepsById.get(id)?.label ?? id;
      const targets: Location[] = [];
      for (const e of r.edges) {
        const o = graph.stepsById.get(e.from)?.spec.outputs.find((x) => x.name === e.output);
        if (o) targets.push({ file: graph.stepsById.get(e.from)!.spec.file, range: o.nameRange });
      }
      const names = [...r.edges.map((e) => `${label(e.from)}.${e.output}${e.state === 'ambiguous' ? '?' : ''}`), ...r.externals.map((x) => `${x} (external)`)];
      let title: string;
      if (names.length) title = `← from ${names.slice(0, SHOWN).join(', ')}${names.length > SHOWN ? ` +${names.length - SHOWN} more` : ''}`;
      else if (r.state === 'unknown-sources') title = '← no producer: compatible_sources names no step of this workspace';
      else
        title = `← no producer${r.producers.length ? `: no output of ${r.producers.slice(0, SHOWN).map(label).join(', ')}${r.producers.length > SHOWN ? ', …' : ''} can feed it` : ''}`;
      out.push({ range: dep.nameRange, title, targets });
    }
  }
  return out;
}
