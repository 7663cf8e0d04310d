// argparse: `parser.add_argument("--flag", ...)` and `ArgumentParser()`.
import { rangeOf } from '../../syntax';
import type { MethodCall, ScriptWalk } from '../walk';

export function words(): string[] {
  return ['add_argument', 'ArgumentParser', 'parse_known_args'];
}

/** `parser.add_argument("-f", "--flag")`: the long flag (else the first) is the argument's name. */
export function methodCall(w: ScriptWalk, c: MethodCall): boolean {
  if (c.attr === 'add_argument') {
    w.facts.usesArgparse = true;
    const flags = c.args.map((a) => ({ a, s: w.resolveStr(a) })).filter((x) => x.s?.value.startsWith('-'));
    const best = flags.find((x) => x.s!.value.startsWith('--')) ?? flags[0];
    if (best) {
      w.facts.argFlags.push({ flag: best.s!.value, range: rangeOf(best.a) });
      for (const f of flags) w.consumed.add(f.a.startIndex);
    }
    return true;
  }
  // `argparse.ArgumentParser(...)`: the script parses arguments (the call is still looked at by later idioms).
  if (c.attr === 'ArgumentParser') w.facts.usesArgparse = true;
  // parse_known_args leaves flags it does not know in a list instead of exiting.
  if (c.attr === 'parse_known_args') w.facts.lenientArguments = true;
  return false;
}

/** `ArgumentParser(...)` imported by name. */
export function constructorCall(w: ScriptWalk, fn: string | undefined): boolean {
  if (fn === 'ArgumentParser') w.facts.usesArgparse = true;
  return false;
}
