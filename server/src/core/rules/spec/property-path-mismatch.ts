import { parsePropertyPath, processingOutputKey } from '../../graph/property-path';
import { replace } from '../edits';
import { rule } from '../rule';
import { innerRange, specOutputs } from './channels';

export default rule({
  id: 'property-path-mismatch',
  severity: 'warning',
  configurable: true,
  appliesTo: 'spec',
  fix: 'safe',
  summary: "properties.ProcessingOutputConfig.Outputs['X'] where X is not the output's logical name.",
  subject: 'spec',
  check(ctx, { spec }) {
    const seen = new Set<string>();
    for (const { channel: out, variant } of specOutputs(spec)) {
      const pp = out.propertyPath;
      if (!pp) continue;
      const at = `${pp.range.start.line}:${pp.range.start.character}`;
      if (seen.has(at)) continue;
      seen.add(at);
      const segments = parsePropertyPath(pp.value);
      const key = segments && processingOutputKey(segments);
      if (!key || key.key === out.name) continue;
      const keyRange = innerRange(pp.value, pp.range, key.offset, key.key.length);
      const other = spec.outputs.find((o) => o !== out && o.name === key.key);
      const alias = out.aliases?.some((a) => a.value === key.key);
      ctx.report(
        'property-path-mismatch',
        keyRange ?? pp.range,
        `property_path of output "${out.name}"${variant ? ` (variant ${variant})` : ''} reads Outputs['${key.key}'], but the step names its processing outputs by logical name (ProcessingOutput(output_name="${out.name}")): ${
          other
            ? `this reads output "${other.name}"'s location instead`
            : alias
              ? `"${key.key}" is an alias, which names no processing output`
              : `no processing output is named "${key.key}", so the reference resolves to nothing when the pipeline runs`
        }.`,
        {
          fixes: keyRange ? [{ title: `Change the key to "${out.name}"`, safe: true, edits: [replace(ctx.file, keyRange, out.name)] }] : [],
          related: other ? [{ location: { file: ctx.file, range: other.nameRange }, message: `output "${other.name}"` }] : [],
          entity: out.name,
        },
      );
    }
  },
});
