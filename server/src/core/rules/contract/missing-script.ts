import { editDistance } from '../../suggest';
import { basename, relativeTo } from '../../paths';
import type { ContractDecl } from '../../facts';
import type { RuleContext } from '../context';
import { rule } from '../rule';

export default rule({
  id: 'missing-script',
  severity: 'warning',
  configurable: true,
  appliesTo: 'contract',
  fix: 'unsafe',
  summary: 'The entry_point names a script that is not in the workspace (warning when a file named like the step is).',
  subject: 'contract',
  check(ctx, { contract: c, scripts }) {
    if (c.component) return missingProgram(ctx, c, scripts);
    if (!c.entryPoint || scripts.length) return;
    if (runsNoWorkspaceScript(ctx, c)) return;
    // A file named like the contract (<stem>_contract.py, <stem>.step.yaml ↔ <stem>.py), or a file name one
    // typo away: the entry point is stale, and the pair is still checked. With neither, the script may come
    // from somewhere the checker cannot see (a source folder given at run time, a container, the platform).
    const conventional = ctx.project.conventionalScriptsOf(c);
    const near = conventional.length ? undefined : nearName(basename(c.entryPoint.value), ctx.project.scriptBaseNames());
    const guess = conventional[0] ?? (near ? ctx.project.filesNamed(near)[0] : undefined);
    if (guess) {
      const name = basename(guess);
      ctx.report(
        'missing-script',
        c.entryPoint.range,
        `entry_point "${c.entryPoint.value}" matches no file in the workspace (did you mean ${ctx.show(guess)}?)${conventional.length ? '; it is named like this step, so it is checked against this contract' : ''}.`,
        {
          entity: c.entryPoint.value,
          fixes: [
            {
              title: `Change to "${name}"`,
              safe: false,
              edits: [{ file: ctx.file, range: c.entryPoint.range, newText: c.format === 'yaml' ? name : JSON.stringify(name) }],
            },
          ],
        },
      );
      return;
    }
    ctx.report(
      'missing-script',
      c.entryPoint.range,
      `entry_point "${c.entryPoint.value}" matches no file in the workspace; if the script lives elsewhere (a source folder given at run time, a container image), nothing here is checked against this contract.`,
      { entity: c.entryPoint.value, severity: 'information' },
    );
  },
});

/** A component's program that is not where its definition says (its code folder, its image's Dockerfile). */
function missingProgram(ctx: RuleContext, c: ContractDecl, scripts: string[]): void {
  if (scripts.length) return;
  const info = c.component!;
  const r = ctx.project.programOf(c);
  if (!r.reason) return;
  const program = c.entryPoint?.value;
  const range = c.entryPoint?.range ?? info.commandRange;
  const fixes =
    r.guess && r.via && info.source !== 'kubeflow' && c.entryPoint && !program?.startsWith('-m ')
      ? [
          {
            title: `Change to "${relativeTo(r.via, r.guess).replace(/\\/g, '/')}"`,
            safe: false,
            edits: [{ file: ctx.file, range, newText: relativeTo(r.via, r.guess).replace(/\\/g, '/') }],
          },
        ]
      : [];
  ctx.report(
    'missing-script',
    range,
    program
      ? `${info.label} runs ${program}, which is not in the workspace where it looks: ${r.reason}${r.severity === 'warning' ? '' : '; nothing here is checked against it'}.`
      : `${info.label}: no program of the workspace is checked against it: ${r.reason}.`,
    {
      entity: program ?? c.name,
      severity: r.severity ?? 'information',
      fixes,
      related: r.guess ? [{ location: { file: r.guess, range: zero }, message: 'a file named like the program' }] : [],
    },
  );
}

const zero = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** A script name one slip away (two edits at most, case aside): a rename the entry point missed. */
function nearName(wanted: string, names: string[]): string | undefined {
  const w = wanted.toLowerCase();
  let best: string | undefined;
  let bestDistance = 3;
  for (const n of names) {
    const d = editDistance(w, n.toLowerCase());
    if (d < bestDistance && d <= Math.floor(w.length / 5)) {
      best = n;
      bestDistance = d;
    }
  }
  return best;
}

/** A step kind in script-free-steps (by a linked spec's step type, or the contract file's name). */
function runsNoWorkspaceScript(ctx: RuleContext, c: ContractDecl): boolean {
  const patterns = ctx.config.scriptFreeSteps.map(
    (p) =>
      new RegExp(
        `^${p
          .split('*')
          .map((x) => x.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
          .join('.*')}$`,
        'i',
      ),
  );
  if (!patterns.length) return false;
  const names = [basename(c.file).replace(/(_contract)?\.(py|step\.ya?ml)$/, '')];
  for (const s of ctx.project.declarations().specsByContract.get(c.id) ?? []) if (s.stepType) names.push(s.stepType.value);
  return names.some((n) => patterns.some((p) => p.test(n)));
}
