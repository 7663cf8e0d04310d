import type { ChannelDecl } from '../../facts';
import { isUnder } from '../paths';
import { rule } from '../rule';

// What SageMaker does with a path outside its layout (docs/rules/invalid-path.md cites the API reference).
const CONSEQUENCE = {
  'processing input':
    "SageMaker requires a processing input's LocalPath to begin with /opt/ml/processing/, so a job that mounts this input there is rejected at creation.",
  'processing output':
    "SageMaker's API takes any local path for a processing output, but its processing guide places outputs under /opt/ml/processing/; check where the step builder uploads from.",
  'training input': 'SageMaker mounts training channels under /opt/ml/input/data/<channel>; nothing is placed at this path.',
  'training output':
    'SageMaker uploads /opt/ml/model (model artifacts) and /opt/ml/output/data when a training job ends, and syncs the checkpoint folder while it runs; files written here are lost.',
} as const;

export default rule({
  id: 'invalid-path',
  severity: 'warning',
  configurable: true,
  appliesTo: 'contract',
  fix: 'none',
  summary: 'A declared path outside the allowed prefixes for its kind of channel.',
  subject: 'contract',
  check(ctx, { contract: c }) {
    const cfg = ctx.config;
    const check = (ch: ChannelDecl, allowed: string[], kind: 'processing input' | 'processing output' | 'training input' | 'training output') => {
      if (ch.path === undefined || !ch.pathRange) return;
      if (allowed.some((p) => isUnder(ch.path!, p))) return;
      // Only the processing output is SageMaker's convention rather than its rule.
      const severity = kind === 'processing output' ? 'information' : undefined;
      ctx.report('invalid-path', ch.pathRange, `The ${kind} "${ch.name}" is declared at "${ch.path}", outside ${allowed.join(', ')}: ${CONSEQUENCE[kind]}`, {
        entity: ch.name,
        ...(severity ? { severity } : undefined),
      });
    };
    for (const ch of c.inputs)
      check(ch, c.training ? cfg.allowedTrainingInputPrefixes : cfg.allowedInputPrefixes, c.training ? 'training input' : 'processing input');
    for (const ch of c.outputs)
      check(ch, c.training ? cfg.allowedTrainingOutputPrefixes : cfg.allowedOutputPrefixes, c.training ? 'training output' : 'processing output');
  },
});
