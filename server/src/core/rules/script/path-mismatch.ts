import type { Fix, Severity } from '../../model';
import { pyString, replace } from '../edits';
import { isUnder } from '../paths';
import { rule } from '../rule';
import { normalisePath, related } from './shared';

/** The last segment names a file (`report.json`, `model.tar.gz`), not a folder. */
const looksLikeFile = (p: string) => /\.[A-Za-z0-9]{1,8}$/.test(normalisePath(p).split('/').pop() ?? '');

const dirnameOf = (p: string) => p.replace(/\/[^/]*$/, '');

export default rule({
  id: 'path-mismatch',
  severity: 'error',
  configurable: true,
  appliesTo: 'script',
  fix: 'mixed',
  summary: 'The entry block maps a channel to a different path than the contract.',
  subject: 'script',
  check(ctx, { script, contract, declared }) {
    for (const w of script.wiring) {
      const decl = declared[w.direction].get(w.key);
      // Wiring in an else/except branch applies only when the main branch's did not: not the job's wiring.
      if (!decl || w.fallback || w.path === undefined || decl.path === undefined || !w.pathRange) continue;
      const wired = normalisePath(w.path);
      const want = normalisePath(decl.path);
      if (wired === want) continue;
      const under = isUnder(wired, want);
      // A file inside the channel's folder is the channel, read or written by name; so is the folder that
      // holds the file the contract names (the script opens the file in it by name).
      if (under && looksLikeFile(wired) && !looksLikeFile(want)) continue;
      if (isUnder(want, wired) && looksLikeFile(want) && !looksLikeFile(wired) && dirnameOf(want) === wired) continue;
      // A folder below the channel's works, but the data is one level down for every other step; and a
      // file where the contract names a folder (or the reverse) cannot be swapped without changing the code.
      const kindsDiffer = looksLikeFile(wired) !== looksLikeFile(want);
      const severity: Severity = under ? 'warning' : 'error';
      // Safe only in place of a literal: replacing a constant's name leaves the constant (and whatever else
      // reads it) behind, which is more than this finding is about.
      const fixes: Fix[] = [
        {
          title: `Use the contract's path ${decl.path}`,
          safe: !under && !kindsDiffer && !!w.pathLiteral,
          edits: [replace(ctx.file, w.pathRange, pyString(decl.path))],
        },
      ];
      const message = under
        ? `"${w.key}" is wired to "${w.path}", a folder inside the "${decl.path}" that ${ctx.contractLabel(contract)} declares: the script works one level down, so other steps find its data under an extra folder.`
        : `"${w.key}" is wired to "${w.path}" but ${ctx.contractLabel(contract)} declares "${decl.path}": the script ${w.direction === 'input' ? 'reads' : 'writes'} somewhere other than where the contract puts the channel.`;
      ctx.report('path-mismatch', w.pathRange, message, {
        entity: w.key,
        related: related(contract, decl, ctx, `"${w.key}" is declared as ${decl.path}`),
        fixes,
        severity,
      });
    }
  },
});
