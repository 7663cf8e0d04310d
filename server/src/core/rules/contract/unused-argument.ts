import type { ScriptFacts } from '../../facts';
import type { RuleContext } from '../context';
import { declaresOption, matchOption, nearestOption } from '../arguments';
import { rule } from '../rule';

export default rule({
  id: 'unused-argument',
  severity: 'warning',
  configurable: true,
  appliesTo: 'contract',
  fix: 'none',
  summary: 'A declared argument the script never adds to its parser.',
  subject: 'contract',
  check(ctx, { contract: c, script }) {
    if (!script?.facts.script.usesArgparse) return;
    const s = script.facts.script;
    // Flags the checker cannot see (computed, added by a library, a parser handed elsewhere) may be the ones passed.
    if (s.dynamicArguments) return;
    const scriptName = ctx.show(script.file);
    // A component or a pipeline step writes the flags it passes: say who passes them.
    const who = c.component?.label ?? (c.format === 'sdk' ? ctx.contractLabel(c) : undefined);
    for (const a of c.arguments) {
      const problem = a.passed !== undefined ? exactProblem(a.passed, s) : s.argFlags.some((f) => declaresOption(a, f)) ? undefined : 'missing';
      if (!problem) continue;
      const shown = a.passed ?? `--${a.name}`;
      // parse_known_args() keeps flags it does not know (often for a program it starts); parse_args() exits on them.
      if (s.lenientArguments || s.delegates) {
        ctx.report(
          'unused-argument',
          a.range,
          `${who ? `${who} passes ${shown}, which` : `Argument "${a.name}" is declared but`} ${scriptName} never adds ${who ? 'to its parser' : `${shown} to its parser`}; it parses leniently${s.delegates ? ' and starts another program' : ''}, so the flag is ignored or passed on, not an error.`,
          { entity: a.name, unnecessary: true, severity: 'information' },
        );
        continue;
      }
      const when = a.optional ? ' when the optional part of the command is given' : who ? '' : ' when the step passes it';
      const message =
        problem === 'missing'
          ? who
            ? `${who} passes ${shown}, which ${scriptName} never adds to its parser${meant(a.passed, s)}; argparse exits with "unrecognized arguments"${when}.`
            : `Argument "${a.name}" is declared but ${scriptName} never adds ${shown} to its parser; when the step passes it, argparse exits with "unrecognized arguments".`
          : problem.kind === 'spelling'
            ? `${c.component?.label ?? ctx.contractLabel(c)} passes ${shown} but ${scriptName}'s parser has ${problem.option}; argparse does not take one for the other and exits with "unrecognized arguments"${when}.`
            : `${c.component?.label ?? ctx.contractLabel(c)} passes ${shown}, which abbreviates ${problem.candidates.join(' and ')} of ${scriptName}'s parser; argparse exits with "ambiguous option"${when}.`;
      ctx.report('unused-argument', a.range, message, { entity: a.name, unnecessary: problem === 'missing', related: related(ctx, script.file, s, problem) });
    }
  },
});

/** ` (did you mean --x?)` for a flag one slip from an option of the parser. */
function meant(flag: string | undefined, s: ScriptFacts): string {
  const near = flag ? nearestOption(flag, s) : undefined;
  return near ? ` (did you mean ${near.flag}?)` : '';
}

type Problem = 'missing' | { kind: 'spelling'; option: string } | { kind: 'ambiguous'; candidates: string[] };

/** What argparse says to an option string passed exactly as written. */
function exactProblem(flag: string, s: ScriptFacts): Problem | undefined {
  const m = matchOption(flag, s);
  if (m.kind === 'exact' || m.kind === 'prefix') return undefined;
  if (m.kind === 'spelling') return { kind: 'spelling', option: m.option };
  if (m.kind === 'ambiguous') return { kind: 'ambiguous', candidates: m.candidates };
  return 'missing';
}

function related(ctx: RuleContext, file: string, s: ScriptFacts, problem: Problem) {
  if (problem === 'missing' || problem.kind !== 'spelling') return [];
  const arg = s.argFlags.find((f) => (f.options ?? [f.flag]).includes(problem.option));
  return arg ? [{ location: { file, range: arg.range }, message: `the option in ${ctx.show(file)}` }] : [];
}
