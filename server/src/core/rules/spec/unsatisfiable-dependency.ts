import { DEPENDENCY_TYPES, typeValue } from '../../graph/resolver';
import { pipelineGraph } from '../../graph/pipeline';
import type { RelatedInformation } from '../../model';
import { rule } from '../rule';
import { listText, specDependencies } from './channels';

/** The output types a dependency type accepts (the resolver's matrix): its own and, at 0.2, these. */
const ACCEPTS: Record<string, string[]> = {
  model_artifacts: ['model_artifacts'],
  processing_output: ['processing_output', 'training_data'],
  training_data: ['training_data', 'processing_output'],
  hyperparameters: ['hyperparameters', 'custom_property'],
  payload_samples: ['payload_samples', 'processing_output'],
  custom_property: ['custom_property'],
};

export default rule({
  id: 'unsatisfiable-dependency',
  severity: 'warning',
  configurable: true,
  appliesTo: 'spec',
  fix: 'none',
  summary: 'A dependency no output of the steps its compatible_sources name (or of any step, when the list is empty) can feed.',
  subject: 'spec',
  check(ctx, { spec }) {
    const graph = pipelineGraph(ctx.project);
    const external = new Set(ctx.config.externalStepTypes);
    for (const { channel: dep, variant } of specDependencies(spec)) {
      const r = graph.resolutionOf(spec.id, dep.name, variant);
      if (r?.state !== 'unsatisfiable') continue;
      if (dep.compatibleSources?.some((e) => external.has(e.value))) continue;
      const producers = r.producers.map((id) => graph.stepsById.get(id)!).filter(Boolean);
      const names = producers.map((p) => p.label);
      const t = typeValue(dep.type);
      const accepted = t && ACCEPTS[t] ? ACCEPTS[t] : t && !(DEPENDENCY_TYPES as readonly string[]).includes(t) ? [t] : undefined;
      const typed = accepted && producers.some((p) => p.spec.outputs.some((o) => accepted.includes(typeValue(o.type) ?? '')));
      const why =
        accepted && !typed
          ? `none has an output of type ${listText(accepted)}, the types a ${t} dependency accepts`
          : "no output of theirs can score above the resolver's 0.5 threshold";
      const related: RelatedInformation[] = producers.slice(0, 8).map((p) => ({
        location: { file: p.spec.file, range: p.spec.nameRange },
        message: `${p.label}: outputs ${p.spec.outputs.map((o) => `${o.name} (${o.type ?? 'type not given'})`).join(', ') || 'none'}`,
      }));
      const from = dep.compatibleSources?.length
        ? `the step${names.length === 1 ? '' : 's'} compatible_sources names (${listText(names)})`
        : 'any other step of the workspace';
      const unknown = r.unknown.length ? `; ${listText(r.unknown.map((u) => `"${u.value}"`))} name${r.unknown.length === 1 ? 's' : ''} no step here` : '';
      ctx.report(
        'unsatisfiable-dependency',
        dep.nameRange,
        `${dep.required ? 'Required' : 'Optional'} dependency "${dep.name}"${variant ? ` (variant ${variant})` : ''} cannot be fed by ${from}: ${why}${unknown}. ${
          dep.required ? 'The pipeline build fails to resolve it' : 'It is never bound'
        } unless another step feeds it.`,
        { severity: dep.required ? 'warning' : 'information', related, entity: variant ? `${variant}.${dep.name}` : dep.name },
      );
    }
  },
});
