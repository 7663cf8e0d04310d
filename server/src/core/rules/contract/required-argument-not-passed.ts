import type { ArgFlag, ScriptFacts } from '../../facts';
import type { Range } from '../../model';
import { declaresOption, matchOption, positionalMinimum, positionalTokens } from '../arguments';
import { rule } from '../rule';

export default rule({
  id: 'required-argument-not-passed',
  severity: 'warning',
  configurable: true,
  appliesTo: 'contract',
  fix: 'none',
  summary: 'A flag the script requires (required=True, or a positional) that the step never passes.',
  subject: 'contract',
  check(ctx, { contract: c, script }) {
    // Only where the whole command line is known: a source that writes every flag it passes.
    if (!c.argumentsComplete || !script?.facts.script.usesArgparse) return;
    const s = script.facts.script;
    // parse_known_args, computed or library-built parsers, several parsers: what a run requires is not this list.
    if (s.dynamicArguments || s.lenientArguments || s.severalParsers) return;
    const where = c.component?.commandRange ?? c.entryPoint?.range ?? c.nameRange;
    const who = c.component?.label ?? ctx.contractLabel(c);
    const scriptName = ctx.show(script.file);
    for (const a of s.argFlags) {
      if (a.positional || !a.required || a.unreadable) continue;
      const passing = c.arguments.filter((p) => passes(p.passed, p.name, a, s));
      if (passing.some((p) => !p.optional)) continue;
      const optionalOnly = passing.length > 0;
      ctx.report(
        'required-argument-not-passed',
        optionalOnly ? passing[0].range : where,
        optionalOnly
          ? `${scriptName} requires ${a.flag}, which ${who} passes only in an optional part; a run without it exits with "the following arguments are required: ${a.flag}".`
          : `${scriptName} requires ${a.flag} (required=True), which ${who} never passes; argparse exits with "the following arguments are required: ${a.flag}".`,
        { entity: a.flag, severity: optionalOnly ? 'information' : undefined, related: [addedHere(ctx, script.file, a)] },
      );
    }
    if (!c.argv) return;
    const given = positionalTokens(c.argv, s);
    if (!given) return;
    const definite = given.filter((t) => !t.optional).length;
    let needed = 0;
    for (const a of s.argFlags) {
      if (!a.positional) continue;
      const min = positionalMinimum(a);
      if (min === undefined) return;
      needed += min;
      if (needed > definite) {
        ctx.report(
          'required-argument-not-passed',
          where,
          `${scriptName} takes the positional argument ${a.flag}, which ${who} does not give (${definite} positional value${definite === 1 ? '' : 's'} for ${countNeeded(s)}); argparse exits with "the following arguments are required: ${a.flag}".`,
          { entity: a.flag, related: [addedHere(ctx, script.file, a)] },
        );
        return;
      }
    }
  },
});

/** Does the passed argument give this option, exactly (or abbreviated) when its spelling is known? */
function passes(flag: string | undefined, name: string, a: ArgFlag, s: ScriptFacts): boolean {
  if (flag === undefined) return declaresOption({ name, range: zero }, a);
  const m = matchOption(flag.split('=')[0], s);
  return (m.kind === 'exact' || m.kind === 'prefix') && m.arg === a;
}

const zero: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

function countNeeded(s: ScriptFacts): string {
  let n = 0;
  for (const a of s.argFlags) if (a.positional) n += positionalMinimum(a) ?? 0;
  return `${n} needed`;
}

function addedHere(ctx: { show(f: string): string }, file: string, a: ArgFlag) {
  return { location: { file, range: a.range }, message: `added in ${ctx.show(file)}` };
}
