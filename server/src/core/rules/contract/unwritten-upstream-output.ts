import { spanRange } from '../../facts';
import type { PythonFacts } from '../../facts';
import { rule } from '../rule';
import { mayWriteInto, withHelpers } from '../sdk/shared';

export default rule({
  id: 'unwritten-upstream-output',
  severity: 'warning',
  configurable: true,
  appliesTo: 'contract',
  fix: 'none',
  summary: "A step reads another step's output that the producer does not declare or its script never writes.",
  subject: 'contract',
  check(ctx, { contract: c }) {
    if (c.format !== 'sdk' || !c.sdk?.edges.length) return;
    const siblings = ctx.project.declarations().contractsByFile.get(c.file) ?? [];
    for (const edge of c.sdk.edges) {
      const producers = siblings.filter((p) => p.sdk?.variable === edge.fromStep && p !== c);
      // A name bound to several steps (built in branches) leaves the producer unknown.
      if (producers.length !== 1) continue;
      const producer = producers[0];
      const out = producer.outputs.find((o) => o.name === edge.fromOutput);
      if (!out) {
        if (producer.sdk?.outputsOpen) continue;
        const names = producer.outputs.map((o) => o.name);
        ctx.report(
          'unwritten-upstream-output',
          edge.range,
          `Input "${edge.input}" reads output "${edge.fromOutput}" of ${ctx.contractLabel(producer)}, which declares no such output (${names.length ? `its outputs: ${names.join(', ')}` : 'it declares none'}): the property does not resolve when the pipeline runs.`,
          {
            entity: `${edge.fromStep}.${edge.fromOutput}`,
            severity: 'error',
            related: [{ location: { file: producer.file, range: producer.nameRange }, message: 'the producing step' }],
          },
        );
        continue;
      }
      const scripts = ctx.project.scriptsOf(producer);
      const file = scripts[0];
      const facts = file ? (ctx.project.files.get(file)?.facts as PythonFacts | undefined) : undefined;
      if (facts?.format !== 'python' || facts.hasSyntaxErrors) continue;
      const run = withHelpers(ctx.project, file, facts.script);
      if (mayWriteInto(run, out, producer)) continue;
      const uploads = !!run.s3?.uploads;
      ctx.report(
        'unwritten-upstream-output',
        edge.range,
        `Input "${edge.input}" reads output "${edge.fromOutput}" of ${ctx.contractLabel(producer)}, but its script ${ctx.show(file)} never writes to ${out.path}: ${uploads ? 'it uploads to S3 itself, perhaps to where this reads' : 'this step gets an empty folder, after every step before it has run'}.`,
        {
          entity: `${edge.fromStep}.${edge.fromOutput}`,
          ...(uploads ? { severity: 'information' as const } : {}),
          related: [
            { location: { file: producer.file, range: out.pathRange ?? out.nameRange }, message: `output "${out.name}" of the producing step` },
            { location: { file, range: facts.script.entryFunction?.range ?? spanRange([0, 0, 0, 0]) }, message: "the producer's script" },
          ],
        },
      );
    }
  },
});
