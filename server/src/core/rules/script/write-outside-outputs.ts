import { rule } from '../rule';
import { uncoveredWrite } from '../sdk/shared';

export default rule({
  id: 'write-outside-outputs',
  severity: 'warning',
  configurable: true,
  appliesTo: 'script',
  fix: 'none',
  summary: 'A processing script writes under /opt/ml/processing where no output of its step uploads from.',
  subject: 'script',
  check(ctx, { script, contract }) {
    if (contract.format !== 'sdk') return;
    const outputs = contract.outputs.map((o) => `${o.name} (${o.path})`).join(', ') || 'none';
    for (const use of script.pathUses) {
      if (!uncoveredWrite(contract, use, ctx.config.platformPaths)) continue;
      ctx.report(
        'write-outside-outputs',
        use.range,
        script.s3?.uploads
          ? `The script writes "${use.path}", which no output of ${ctx.contractLabel(contract)} uploads (outputs: ${outputs}); it uploads to S3 itself, which may carry it.`
          : `The script writes "${use.path}", but no output of ${ctx.contractLabel(contract)} uploads from there (outputs: ${outputs}): what is written is lost when the job ends.`,
        {
          entity: use.path,
          ...(script.s3?.uploads ? { severity: 'information' as const } : {}),
          related: [{ location: { file: contract.file, range: contract.nameRange }, message: 'the step that runs this script' }],
        },
      );
    }
  },
});
