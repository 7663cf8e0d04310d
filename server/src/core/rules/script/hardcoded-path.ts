import type { ChannelDecl, ContractDecl, PathUse, ScriptFacts } from '../../facts';
import type { Fix } from '../../model';
import type { RuleContext } from '../context';
import { pyString, replace } from '../edits';
import { rule } from '../rule';
import { classifiedUses } from './path-classes';
import { accessorStyle, accessorText, related } from './shared';

export default rule({
  id: 'hardcoded-path',
  severity: 'warning',
  configurable: true,
  appliesTo: 'script',
  fix: 'mixed',
  summary: 'A container path in script logic that a declared channel already provides.',
  subject: 'script',
  check(ctx, s) {
    for (const { use, cls } of classifiedUses(ctx, s)) {
      if (cls.kind === 'channel' && use.context === 'logic') report(ctx, s.script, s.contract, use, cls.channel);
    }
  },
});

function report(ctx: RuleContext, script: ScriptFacts, contract: ContractDecl, use: PathUse, ch: ChannelDecl): void {
  const dir = ch.direction;
  const dictName = dir === 'input' ? use.scopeHas?.inputDict : use.scopeHas?.outputDict;
  const accessor = accessorText(ctx, script, dir, ch.name, dictName, use.fstringQuote);
  const rest = use.path.length > ch.path!.length ? use.path.slice(ch.path!.length).replace(/^\/+/, '') : '';
  const fixes: Fix[] = [];
  // A `case` pattern takes only literals: nothing can replace the path there.
  if (use.form !== 'fstring' && !use.inPattern) {
    const q = use.fstringQuote === '"' ? "'" : '"';
    const newText = rest === '' ? accessor : script.importsOs ? `os.path.join(${accessor}, ${pyString(rest, q)})` : `${accessor} + ${pyString('/' + rest, q)}`;
    const style = accessorStyle(ctx, script);
    // Safe only when the accessor is certainly in scope: a parameter of the enclosing function, not in a default value.
    const safe = style.kind === 'dict' && !!dictName && !use.scopeHas?.inDefault;
    const scopeNote =
      safe || style.kind === 'method'
        ? ''
        : ` (${dictName ?? (dir === 'input' ? ctx.config.inputAccessors[0] : ctx.config.outputAccessors[0])} is not a parameter here: pass it in)`;
    fixes.push({ title: `Replace with ${newText}${scopeNote}`, safe, edits: [replace(ctx.file, use.range, newText)] });
  }
  const what = dir === 'input' ? 'input' : 'output';
  const sub = rest ? ` (under the "${ch.name}" ${what} channel)` : ` (the "${ch.name}" ${what} channel)`;
  ctx.report(
    'hardcoded-path',
    use.range,
    `Hardcoded container path "${use.path}"${sub}: read it through ${accessor} so the script follows ${ctx.contractLabel(contract)} when paths change.`,
    {
      related: related(contract, ch, ctx, `"${ch.name}" is declared as ${ch.path}`),
      fixes,
      entity: use.path,
    },
  );
}
