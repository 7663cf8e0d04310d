import type { Fix } from '../../model';
import { pipelineGraph } from '../../graph/pipeline';
import { JOB_TYPES, referredBase } from '../../graph/resolver';
import { replace, pyString } from '../edits';
import { rule } from '../rule';
import { rangeKey, specDependencies } from './channels';

export default rule({
  id: 'unknown-compatible-source',
  severity: 'warning',
  configurable: true,
  appliesTo: 'spec',
  fix: 'mixed',
  summary: 'A compatible_sources entry no spec in the workspace declares as its step type (nor a job-type variant of one).',
  subject: 'spec',
  check(ctx, { spec }) {
    const graph = pipelineGraph(ctx.project);
    const external = new Set([...ctx.project.rootConfig.config.externalStepTypes, ...ctx.config.externalStepTypes]);
    const registry = ctx.project.declarations().stepKinds;
    const seen = new Set<string>();
    for (const { channel: dep, variant } of specDependencies(spec)) {
      for (const entry of dep.compatibleSources ?? []) {
        const e = entry.value;
        if (seen.has(rangeKey(entry.range))) continue;
        seen.add(rangeKey(entry.range));
        if (graph.knownStepTypes.has(e) || external.has(e) || external.has(referredBase(e))) continue;
        // A declared step type one edit away (case aside) is taken for the entry meant.
        const near = graph.declaredStepTypesNear(e);
        // A job type spelled another way (`X-Training`, `XTraining`), or the legacy `XStep`: the step X.
        const spelled = new RegExp(`^(.+?)[-_]?(?:${JOB_TYPES.join('|')})$|^(.+)Step$`).exec(e);
        const base = spelled ? (spelled[1] ?? spelled[2]) : undefined;
        const candidates = [...near];
        if (base && graph.declaredStepTypes.includes(base) && !candidates.includes(base)) candidates.push(base);
        const safe = candidates.length === 1 && near.length === 1;
        const text = (t: string) => (spec.format === 'yaml' ? t : pyString(t));
        const fixes: Fix[] = candidates.map((t) => ({ title: `Change to "${t}"`, safe, edits: [replace(ctx.file, entry.range, text(t))] }));
        const row = registry.get(e);
        const where = variant ? ` (variant ${variant})` : '';
        const legacyStep = !!spelled?.[2] && base !== undefined && graph.declaredStepTypes.includes(base);
        // Near a declared step type it is a misspelling of that step; far from all, it may name a producer the checker cannot see.
        const severity = candidates.length ? 'warning' : 'information';
        ctx.report(
          'unknown-compatible-source',
          entry.range,
          `compatible_sources of "${dep.name}"${where} names "${e}", which no spec in the workspace declares as its step type, nor as a job-type variant of one${
            row ? ` (the step registry in ${ctx.show(row.file)} has a row for it, but the resolver only scores specs)` : ''
          }: ${
            legacyStep ? `only a resolver that strips a trailing "Step" counts ${base} as listed by it` : 'the resolver never counts a producer as listed by it'
          }${
            candidates.length ? ` (did you mean ${candidates.map((c) => `"${c}"`).join(' or ')}?)` : ''
          }.${candidates.length ? '' : ' If it is produced outside this workspace, add it to external-step-types.'}`,
          { fixes, severity, entity: e },
        );
      }
    }
  },
});
