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
  summary: 'A keyword the class does not accept (pydantic drops it silently).',
  subject: 'declaration',
  check(ctx, { keywords }) {
    for (const k of keywords) {
      const extra = ctx.config.extraKeywords[k.role] ?? [];
      if (k.accepted.includes(k.name) || extra.includes(k.name)) continue;
      const near = closest(k.name, [...k.accepted, ...extra]);
      const fixes: Fix[] = near ? [{ title: `Change to ${near}`, safe: false, edits: [replace(ctx.file, k.range, near)] }] : [];
      ctx.report(
        'unknown-keyword',
        k.range,
        `${k.className} does not accept "${k.name}"${near ? ` (did you mean "${near}"?)` : ''}; the value is silently dropped.`,
        { fixes, entity: k.name },
      );
    }
  },
});
