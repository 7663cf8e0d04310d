import type { Fix } from '../../model';
import { closest } from '../../suggest';
import { replace } from '../edits';
import { rule } from '../rule';

export default rule({
  id: 'unknown-keyword',
  severity: 'warning',
  configurable: true,
  appliesTo: 'contract/spec',
  fix: 'unsafe',
  summary: 'A keyword the class does not accept: a near-miss of a field (a typo) is a warning.',
  subject: 'declaration',
  check(ctx, { keywords }) {
    for (const k of keywords) {
      const extra = ctx.config.extraKeywords[k.role] ?? [];
      if (k.accepted.includes(k.name) || extra.includes(k.name)) continue;
      // A field passed beside it is not what it misspells: `expected_output_paths` next to `expected_input_paths`.
      const given = new Set(keywords.filter((o) => o.owner === k.owner).map((o) => o.name));
      const near = closest(
        k.name,
        [...k.accepted, ...extra].filter((a) => !given.has(a)),
      );
      if (near) {
        // A typo of a field: the value meant for the field is lost, and the field keeps its default.
        const fixes: Fix[] = [{ title: `Change to ${near}`, safe: false, edits: [replace(ctx.file, k.range, near)] }];
        const consequence = k.modelled
          ? `${k.className} has no field "${k.name}" (did you mean "${near}"?): the value is not used, and "${near}" keeps its default.`
          : `${k.className} does not accept "${k.name}" (did you mean "${near}"?): unless it is the project's own key, the value is not used, and "${near}" keeps its default.`;
        ctx.report('unknown-keyword', k.range, consequence, { entity: k.name, fixes });
        continue;
      }
      // Neither accepted nor close to anything accepted. Against fields read from the class's definition,
      // the keyword is dead configuration; against the built-in schema it is most likely the project's own
      // extension (its loader may read it), which the checker cannot see: quiet unless asked to be strict.
      if (k.modelled) {
        ctx.report(
          'unknown-keyword',
          k.range,
          `${k.className} defines no field "${k.name}": a pydantic model ignores it by default (or rejects it, if the model forbids extra fields), so the value has no effect.`,
          { entity: k.name, severity: 'information' },
        );
      } else if (ctx.config.strictKeywords) {
        ctx.report(
          'unknown-keyword',
          k.range,
          `"${k.name}" is not in the built-in schema for ${k.className} (strict-keywords is on); add it to extra-keywords if the project's loader reads it.`,
          { entity: k.name, severity: 'information' },
        );
      }
    }
  },
});
