import type { ChannelDecl, PathUse } from '../../facts';
import type { Fix, Severity } from '../../model';
import type { RuleContext } from '../context';
import { pyString, replace } from '../edits';
import { rule, type ScriptSubject } from '../rule';
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
    // A pipeline definition's container paths are the script's interface: there is no accessor to read instead.
    if (s.contract.format === 'sdk') return;
    // A script that takes its paths from its caller bypasses them with a literal; one that takes
    // none works as written while the contract keeps its paths.
    const readsChannels = s.script.channelReads.length > 0 || s.script.wiring.length > 0 || s.script.wiringDicts.length > 0;
    const declaredEnv = new Set([...s.contract.requiredEnv, ...s.contract.optionalEnv].map((e) => e.name));
    for (const { use, cls } of classifiedUses(ctx, s)) {
      if (cls.kind === 'channel' && use.context === 'logic') report(ctx, s, use, cls.channel, readsChannels, declaredEnv);
    }
  },
});

function report(ctx: RuleContext, s: ScriptSubject, use: PathUse, ch: ChannelDecl, readsChannels: boolean, declaredEnv: Set<string>): void {
  const { script, contract } = s;
  const dir = ch.direction;
  const dictName = dir === 'input' ? use.scopeHas?.inputDict : use.scopeHas?.outputDict;
  const accessor = accessorText(ctx, script, dir, ch.name, dictName, use.fstringQuote);
  const rest = use.path.length > ch.path!.length ? use.path.slice(ch.path!.length).replace(/^\/+/, '') : '';
  const what = `the "${ch.name}" ${dir} channel`;
  const sub = rest ? `under ${what}` : what;
  const relatedInfo = related(contract, ch, ctx, `"${ch.name}" is declared as ${ch.path}`);
  const role = use.role === 'env-default' && use.envVar !== undefined && declaredEnv.has(use.envVar) ? 'fallback' : (use.role ?? 'direct');

  if (use.uncalledFunction) {
    ctx.report(
      'hardcoded-path',
      use.range,
      `Container path "${use.path}" (${sub}) is written out inside ${use.uncalledFunction}(), which nothing in this script calls: the job never runs it.`,
      { entity: use.path, related: relatedInfo, severity: 'information' },
    );
    return;
  }
  // Paths that apply only when the channel's own does not are no place for a rewrite: `.get(k, d[k])`
  // raises exactly when the fallback was needed. Reported for information, without a fix.
  if (role === 'fallback' || role === 'default-param' || role === 'probe') {
    const why =
      role === 'fallback'
        ? 'a fallback that applies only when the channel is not there'
        : role === 'probe'
          ? 'a location tried first, with something else used when nothing is there'
          : 'a parameter default, used only when a caller passes nothing';
    const otherwise = role === 'probe' || !readsChannels ? '' : `; the code reads ${ctx.contractLabel(contract)}'s channel otherwise`;
    ctx.report('hardcoded-path', use.range, `Container path "${use.path}" (${sub}) is ${why}${otherwise}.`, {
      entity: use.path,
      related: relatedInfo,
      severity: 'information',
    });
    return;
  }

  const fixes: Fix[] = [];
  // A `case` pattern takes only literals: nothing can replace the path there.
  if (use.form !== 'fstring' && !use.inPattern) {
    const q = use.fstringQuote === '"' ? "'" : '"';
    const newText = rest === '' ? accessor : script.importsOs ? `os.path.join(${accessor}, ${pyString(rest, q)})` : `${accessor} + ${pyString('/' + rest, q)}`;
    const style = accessorStyle(ctx, script);
    // Safe only when the accessor is certainly in scope (a parameter of the enclosing function, not in a
    // default value) and the path is used as it stands, not as some variable's default.
    // The entry block must wire the key unconditionally too, or the accessor could raise where the path did not.
    const wired = script.wiring.some((w) => w.direction === dir && w.key === ch.name && !w.fallback && w.path === ch.path);
    // And a constant's name may hold a Path object, which a str in its place would break (`DIR / "x"`).
    const safe = role === 'direct' && use.form !== 'constant' && style.kind === 'dict' && !!dictName && !use.scopeHas?.inDefault && wired;
    const scopeNote =
      safe || style.kind === 'method' || dictName
        ? ''
        : ` (${dictName ?? (dir === 'input' ? ctx.config.inputAccessors[0] : ctx.config.outputAccessors[0])} is not a parameter here: pass it in)`;
    fixes.push({ title: `Replace with ${newText}${scopeNote}`, safe, edits: [replace(ctx.file, use.range, newText)] });
  }
  let severity: Severity = 'warning';
  let message: string;
  if (role === 'env-default' && readsChannels) {
    message = `Container path "${use.path}" (${sub}) is the default of ${use.envVar ?? 'an environment variable'}, which ${ctx.contractLabel(contract)} does not declare: unless something sets it, the job uses this path rather than ${accessor}.`;
  } else if (role === 'env-default') {
    // No channel dicts to read instead: the default is the path the job uses, and it is the declared one.
    severity = 'information';
    message = `Container path "${use.path}" (${sub}) is the default of ${use.envVar ?? 'an environment variable'}, which ${ctx.contractLabel(contract)} does not declare: the job uses this path, the declared one, while nothing sets the variable.`;
  } else if (readsChannels) {
    message = `Hardcoded container path "${use.path}" (${sub}): read it through ${accessor} so the script follows ${ctx.contractLabel(contract)} when paths change.`;
  } else {
    severity = 'information';
    message = `Container path "${use.path}" is written out here as ${sub}: the script reads no channels, so it works only while ${ctx.contractLabel(contract)} keeps this path (${accessor} would follow it).`;
  }
  ctx.report('hardcoded-path', use.range, message, { entity: use.path, related: relatedInfo, fixes, severity });
}
