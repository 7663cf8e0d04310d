import { checkPropertyPath, KNOWN_KINDS, parsePropertyPath } from '../../graph/property-path';
import { pipelineGraph } from '../../graph/pipeline';
import { editDistance } from '../../suggest';
import { rule } from '../rule';
import { innerRange, specOutputs } from './channels';

/** Where each kind's outputs are usually read from, for the message. */
const TYPICAL: Record<string, string> = {
  Processing: "ProcessingOutputConfig.Outputs['<output name>'].S3Output.S3Uri",
  Training: 'ModelArtifacts.S3ModelArtifacts or OutputDataConfig.S3OutputPath',
  Transform: 'TransformOutput.S3OutputPath',
  CreateModel: 'ModelName',
  Tuning: 'BestTrainingJob.TrainingJobName or TrainingJobSummaries[i].TrainingJobName',
};

const KIND_SOURCE = {
  interface: 'the registry block of its interface',
  registry: 'the step registry',
  'contract class': 'its training contract class',
} as const;

export default rule({
  id: 'invalid-property-path',
  severity: 'warning',
  configurable: true,
  appliesTo: 'spec',
  fix: 'none',
  summary: "A property_path the step's kind does not have (processing, training, transform, create-model and tuning steps).",
  subject: 'spec',
  check(ctx, { spec }) {
    const step = pipelineGraph(ctx.project).stepsById.get(spec.id);
    const kind = step?.kind;
    if (!kind || !KNOWN_KINDS.includes(kind.value)) return;
    const seen = new Set<string>();
    for (const { channel: out, variant } of specOutputs(spec)) {
      const pp = out.propertyPath;
      if (!pp || pp.value === '') continue;
      const at = `${pp.range.start.line}:${pp.range.start.character}`;
      if (seen.has(at)) continue;
      seen.add(at);
      const segments = parsePropertyPath(pp.value);
      const where = `output "${out.name}"${variant ? ` (variant ${variant})` : ''}`;
      const kindText = `a ${kind.value} step (${KIND_SOURCE[kind.source]} says so, ${ctx.show(kind.file)})`;
      if (!segments) {
        ctx.report(
          'invalid-property-path',
          pp.range,
          `property_path of ${where} is not a property path of ${kindText}: it must start with "properties." and continue with attributes, ['key'] or [index].`,
          { related: [{ location: { file: kind.file, range: kind.range }, message: `step kind ${kind.value}` }], entity: out.name },
        );
        continue;
      }
      const problem = checkPropertyPath(kind.value, segments);
      if (!problem) continue;
      const range = innerRange(pp.value, pp.range, problem.offset, problem.length) ?? pp.range;
      const name = pp.value.slice(problem.offset, problem.offset + problem.length);
      ctx.report(
        'invalid-property-path',
        range,
        `property_path of ${where} is not a property of ${kindText}: ${problem.message}${near(name, problem.expected)}; the SDK raises AttributeError when the pipeline is built. ${kind.value} outputs are usually read from properties.${TYPICAL[kind.value]}.`,
        { related: [{ location: { file: kind.file, range: kind.range }, message: `step kind ${kind.value}` }], entity: out.name },
      );
    }
  },
});

/** A member within two edits (a typo), as "did you mean"; nothing otherwise. */
function near(name: string, members: string[]): string {
  const m = members.find((x) => editDistance(x.toLowerCase(), name.toLowerCase()) <= 2);
  return m ? ` (did you mean "${m}"?)` : '';
}
