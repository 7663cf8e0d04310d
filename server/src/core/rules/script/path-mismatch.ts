import { pyString, replace } from '../edits';
import { rule } from '../rule';
import { normalisePath, related } from './shared';

export default rule({
  id: 'path-mismatch',
  severity: 'error',
  configurable: true,
  appliesTo: 'script',
  fix: 'safe',
  summary: 'The entry block maps a channel to a different path than the contract.',
  subject: 'script',
  check(ctx, { script, contract, declared }) {
    for (const w of script.wiring) {
      const decl = declared[w.direction].get(w.key);
      if (!decl || w.path === undefined || decl.path === undefined || !w.pathRange || normalisePath(w.path) === normalisePath(decl.path)) continue;
      ctx.report(
        'path-mismatch',
        w.pathRange,
        `"${w.key}" is wired to "${w.path}" but ${ctx.contractLabel(contract)} declares "${decl.path}"; the step mounts the channel at the contract's path.`,
        {
          related: related(contract, decl, ctx, `"${w.key}" is declared as ${decl.path}`),
          fixes: [{ title: `Use the contract's path ${decl.path}`, safe: true, edits: [replace(ctx.file, w.pathRange, pyString(decl.path))] }],
          entity: w.key,
        },
      );
    }
  },
});
