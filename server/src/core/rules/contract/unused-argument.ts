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
      ctx.report(
        'unused-argument',
        a.range,
        `Argument "${a.name}" is declared but ${scriptName} never adds --${a.name} to its parser; passing it would make argparse exit with an error.`,
        { unnecessary: true, entity: a.name },
      );
    }
  },
});
