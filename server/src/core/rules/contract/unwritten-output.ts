import { rule } from '../rule';
import { mayWriteInto, withHelpers } from '../sdk/shared';

export default rule({
  id: 'unwritten-output',
  severity: 'warning',
  configurable: true,
  appliesTo: 'contract',
  fix: 'none',
  summary: 'A pipeline step uploads an output folder its script never writes into.',
  subject: 'contract',
  check(ctx, { contract: c, script }) {
    if (c.format !== 'sdk' || c.training || !script) return;
    // What the step runs: the script and the helper modules it imports.
    const s = withHelpers(ctx.project, script.file, script.facts.script);
    for (const ch of c.outputs) {
      if (mayWriteInto(s, ch, c)) continue;
      const uploads = !!s.s3?.uploads;
      ctx.report(
        'unwritten-output',
        ch.pathRange ?? ch.nameRange,
        uploads
          ? `Output "${ch.name}" uploads ${ch.path}, which ${ctx.show(script.file)} never writes; the script uploads to S3 itself, perhaps where this output's readers look.`
          : `Output "${ch.name}" uploads ${ch.path}, but ${ctx.show(script.file)} never writes there (no path at, under or above it, and it is not handed over as an argument): the step uploads an empty folder, and whatever reads it finds nothing.`,
        {
          entity: ch.name,
          ...(uploads ? { severity: 'information' as const } : {}),
          related: [{ location: { file: script.file, range: s.entryFunction?.range ?? c.nameRange }, message: "the step's script" }],
        },
      );
    }
  },
});
