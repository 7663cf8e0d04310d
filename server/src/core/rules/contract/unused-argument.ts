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
    const scriptName = ctx.show(script.file);
    const flags = new Set(script.facts.script.argFlags.map((f) => f.flag.replace(/^-+/, '').replace(/_/g, '-')));
    for (const a of c.arguments) {
      if (flags.has(a.name)) continue;
      const s = script.facts.script;
      // parse_known_args() keeps flags it does not know (often for a program it starts); parse_args() exits on them.
      if (s.lenientArguments || s.delegates) {
        ctx.report(
          'unused-argument',
          a.range,
          `Argument "${a.name}" is declared but ${scriptName} never adds --${a.name} to its parser; it parses leniently${s.delegates ? ' and starts another program' : ''}, so the flag is ignored or passed on, not an error.`,
          { entity: a.name, unnecessary: true, severity: 'information' },
        );
        continue;
      }
      ctx.report(
        'unused-argument',
        a.range,
        `Argument "${a.name}" is declared but ${scriptName} never adds --${a.name} to its parser; when the step passes it, argparse exits with "unrecognized arguments".`,
        { entity: a.name, unnecessary: true },
      );
    }
  },
});
