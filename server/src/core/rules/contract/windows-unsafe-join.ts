import type { Fix } from '../../model';
import { pyString } from '../edits';
import { rule } from '../rule';

export default rule({
  id: 'windows-unsafe-join',
  severity: 'warning',
  configurable: true,
  appliesTo: 'contract',
  fix: 'mixed',
  summary: 'A container path built with os.path.join in a pipeline definition: backslashes when the definition runs on Windows.',
  subject: 'contract',
  check(ctx, { contract: c }) {
    for (const j of c.sdk?.joins ?? []) {
      const windows = j.path
        .replace(/\//g, '\\')
        .replace(/^\\/, '/')
        .replace(/^\/opt\\/, '/opt\\');
      // Every part a literal: the literal is the same string on POSIX, and the right one on Windows.
      const fixes: Fix[] = [
        {
          title: `Write the container path as the literal ${pyString(j.path)}`,
          safe: j.allLiteral,
          edits: [{ file: ctx.file, range: j.range, newText: pyString(j.path) }],
        },
      ];
      ctx.report(
        'windows-unsafe-join',
        j.range,
        `os.path.join builds the container path of "${j.channel}" with the separator of the machine the definition runs on: on Windows the job gets "${windows}" instead of ${j.path}. Use a literal or posixpath.join.`,
        { entity: j.path, fixes },
      );
    }
  },
});
