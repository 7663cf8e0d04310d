import type { ChannelDecl } from '../../facts';
import { isUnder } from '../paths';
import { rule } from '../rule';

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
    const check = (ch: ChannelDecl, allowed: string[], kind: string) => {
      if (ch.path === undefined || !ch.pathRange) return;
      if (allowed.some((p) => isUnder(ch.path!, p))) return;
      ctx.report(
        'invalid-path',
        ch.pathRange,
        `${kind} "${ch.name}" is declared at "${ch.path}", outside the allowed prefixes (${allowed.join(', ')}); SageMaker will not mount it there.`,
        { entity: ch.name },
      );
    };
    for (const ch of c.inputs)
      check(ch, c.training ? cfg.allowedTrainingInputPrefixes : cfg.allowedInputPrefixes, c.training ? 'Training input' : 'Processing input');
    for (const ch of c.outputs)
      check(ch, c.training ? cfg.allowedTrainingOutputPrefixes : cfg.allowedOutputPrefixes, c.training ? 'Training output' : 'Processing output');
  },
});
