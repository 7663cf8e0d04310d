import { rule } from '../rule';

export default rule({
  id: 'json-path-not-written',
  severity: 'warning',
  configurable: true,
  appliesTo: 'contract',
  fix: 'none',
  summary: "A JsonGet reads a path the step's script never writes into its report.",
  subject: 'contract',
  check(ctx, { contract: c, script }) {
    if (c.format !== 'sdk' || !c.sdk?.jsonGets.length) return;
    for (const jg of c.sdk.jsonGets) {
      // The property file must name one of the step's outputs.
      if (jg.outputName !== undefined && !c.sdk.outputsOpen && !c.outputs.some((o) => o.name === jg.outputName)) {
        ctx.report(
          'json-path-not-written',
          jg.range,
          `JsonGet reads "${jg.jsonPath}" from a property file of output "${jg.outputName}", which ${ctx.contractLabel(c)} does not declare (outputs: ${c.outputs.map((o) => o.name).join(', ') || 'none'}): the condition cannot be evaluated.`,
          { entity: jg.jsonPath, severity: 'error' },
        );
        continue;
      }
      if (!script) continue;
      const s = script.facts.script;
      // Only a report the checker can read whole decides: any other dump, an open literal or an index stays quiet.
      if (s.jsonDumpsUnknown || !s.jsonReports?.length || s.jsonReports.some((r) => r.open) || /[[\]*]/.test(jg.jsonPath)) continue;
      const keys = s.jsonReports.flatMap((r) => r.keys);
      const found = keys.some((k) => k === jg.jsonPath || k.startsWith(`${jg.jsonPath}.`) || (k.endsWith('.*') && jg.jsonPath.startsWith(k.slice(0, -1))));
      if (found) continue;
      const top = [...new Set(keys.filter((k) => !k.endsWith('.*')))].slice(0, 8);
      ctx.report(
        'json-path-not-written',
        jg.range,
        `JsonGet reads "${jg.jsonPath}"${jg.fileName ? ` from ${jg.fileName}` : ''}, but the report ${ctx.show(script.file)} writes has no such key (it has ${top.join(', ')}${keys.length > top.length ? ', ...' : ''}): the condition step fails when the pipeline runs.`,
        { entity: jg.jsonPath, related: [{ location: { file: script.file, range: s.jsonReports[0].range }, message: 'the report the script writes' }] },
      );
    }
  },
});
