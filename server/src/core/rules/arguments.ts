// How argparse reads a command line, for the rules that compare what a step
// passes with what the script's parser accepts and requires: an option string
// matches exactly, or as an unambiguous prefix of a long option (unless
// allow_abbrev=False); `--a-b` and `--a_b` are different options to argparse.
import type { ArgFlag, ArgvToken, NamedDecl, ScriptFacts } from '../facts';
import { closest } from '../suggest';
import { normaliseFlag } from '../yaml/extract';

export type OptionMatch =
  | { kind: 'exact' | 'prefix'; arg: ArgFlag }
  /** Several long options start with it: argparse exits with "ambiguous option". */
  | { kind: 'ambiguous'; candidates: string[] }
  /** Only `-`/`_` differ from an option: argparse does not accept it. */
  | { kind: 'spelling'; arg: ArgFlag; option: string }
  | { kind: 'none' };

const optionsOf = (a: ArgFlag): string[] => (a.positional ? [] : (a.options ?? [a.flag]));

/** What argparse makes of an option string the step passes. */
export function matchOption(passed: string, script: ScriptFacts): OptionMatch {
  const flags = script.argFlags.filter((a) => !a.positional);
  for (const a of flags) if (optionsOf(a).includes(passed)) return { kind: 'exact', arg: a };
  if (passed.startsWith('--') && !script.noAbbreviations) {
    const hits = flags.flatMap((a) =>
      optionsOf(a)
        .filter((o) => o.startsWith('--') && o.startsWith(passed))
        .map((o) => ({ a, o })),
    );
    const args = [...new Set(hits.map((h) => h.a))];
    if (args.length === 1) return { kind: 'prefix', arg: args[0] };
    if (args.length > 1) return { kind: 'ambiguous', candidates: hits.map((h) => h.o) };
  }
  // A short option with its value attached: `-n5`.
  if (/^-[^-]./.test(passed)) {
    for (const a of flags) if (optionsOf(a).includes(passed.slice(0, 2))) return { kind: 'exact', arg: a };
  }
  const norm = normaliseFlag(passed);
  for (const a of flags) {
    const o = optionsOf(a).find((x) => normaliseFlag(x) === norm);
    if (o) return { kind: 'spelling', arg: a, option: o };
  }
  return { kind: 'none' };
}

/** The option a flag the parser does not have most likely meant (`--dropout-rate` for `--dropout`). */
export function nearestOption(passed: string, script: ScriptFacts): ArgFlag | undefined {
  const flags = script.argFlags.filter((a) => !a.positional);
  const options = flags.flatMap((a) => optionsOf(a).filter((o) => o.startsWith('--')));
  const near = closest(passed, options) ?? options.find((o) => passed.startsWith(o) || o.startsWith(passed));
  return near ? flags.find((a) => optionsOf(a).includes(near)) : undefined;
}

/** Does a declared argument (no exact flag known) name one of the parser's options? By the normalised name. */
export function declaresOption(a: NamedDecl, arg: ArgFlag): boolean {
  return optionsOf(arg).some((o) => normaliseFlag(o) === a.name);
}

/** Actions that take no value on the command line. */
const NO_VALUE = new Set(['store_true', 'store_false', 'store_const', 'append_const', 'count', 'help', 'version', 'BooleanOptionalAction']);

const looksLikeFlag = (t: ArgvToken | undefined) => !!t && t.kind === 'literal' && /^-[^\d]/.test(t.text!) && t.text !== '-';

/**
 * The positional arguments a command line gives a script, read as argparse reads them: each
 * option consumes its values (by its nargs and action). Undefined when that cannot be known (a
 * part the checker cannot read, an option the parser does not have, an option of unknown arity).
 */
export function positionalTokens(argv: ArgvToken[], script: ScriptFacts): ArgvToken[] | undefined {
  const out: ArgvToken[] = [];
  for (let i = 0; i < argv.length; i++) {
    const t = argv[i];
    if (t.kind === 'unknown') return undefined;
    if (t.kind === 'literal' && t.text === '--') {
      out.push(...argv.slice(i + 1));
      break;
    }
    // `--data=${{inputs.x}}`: an option with its value attached.
    const text = t.kind === 'literal' ? t.text! : t.kind === 'mixed' && t.prefix?.startsWith('-') ? t.prefix : undefined;
    if (text === undefined || !/^-[^\d]/.test(text)) {
      out.push(t);
      continue;
    }
    if (t.kind === 'mixed' && !text.includes('=')) return undefined;
    const eq = text.indexOf('=');
    const m = matchOption(eq >= 0 ? text.slice(0, eq) : text, script);
    if (m.kind !== 'exact' && m.kind !== 'prefix') return undefined;
    const a = m.arg;
    if (a.unreadable) return undefined;
    if (eq >= 0 || (a.action && NO_VALUE.has(a.action))) continue;
    const nargs = a.nargs;
    if (nargs === undefined || nargs === '1') i += 1;
    else if (/^\d+$/.test(nargs)) i += Number(nargs);
    else if (nargs === '?') {
      if (argv[i + 1] && !looksLikeFlag(argv[i + 1])) i += 1;
    } else if (nargs === '*' || nargs === '+') {
      while (argv[i + 1] && !looksLikeFlag(argv[i + 1])) i++;
    } else return undefined;
  }
  return out;
}

/** How many values a positional needs at least. */
export function positionalMinimum(a: ArgFlag): number | undefined {
  if (a.unreadable) return undefined;
  const n = a.nargs;
  if (n === undefined) return 1;
  if (/^\d+$/.test(n)) return Number(n);
  if (n === '+') return 1;
  if (n === '?' || n === '*' || n === 'REMAINDER' || n === '...') return 0;
  return undefined;
}
