// Rules reported in a script, checked against the contract that claims it.
import { basename, dirname, join } from 'node:path';
import { closest, type Config } from '../config';
import { spanRange, type ChannelDecl, type ContractDecl, type PathUse, type PythonFacts, type ScriptFacts } from '../facts';
import { contains, type Direction, type Fix, type RelatedInformation, type TextEdit } from '../model';
import type { Project } from '../project';
import { RuleContext } from './context';
import { insertEntry, pyString, replace } from './edits';
import { conventionalPath, covers, isUnder, matchesAnyName } from './paths';

function channelsOf(c: ContractDecl, dir: Direction): ChannelDecl[] {
  return dir === 'input' ? c.inputs : c.outputs;
}

function related(c: ContractDecl, ch: ChannelDecl | undefined, ctx: RuleContext, what: string): RelatedInformation[] {
  return [{ location: { file: c.file, range: ch?.nameRange ?? c.nameRange }, message: `${what} in ${ctx.contractLabel(c)}` }];
}

/** How the script reads channels: dict accessors or runtime methods (fix-style "auto" follows the script). */
function accessorStyle(ctx: RuleContext, script: ScriptFacts): { kind: 'dict' } | { kind: 'method'; receiver: string } {
  const style = ctx.config.fixStyle;
  const receiver = script.methodReceivers[0];
  if (style === 'method' || (style === 'auto' && receiver && !script.channelReads.some((r) => r.via !== 'method'))) {
    return { kind: 'method', receiver: receiver ?? 'runtime' };
  }
  return { kind: 'dict' };
}

/** `avoidQuote` is a string delimiter the text must not use (the enclosing f-string's, inside its braces). */
function accessorText(ctx: RuleContext, script: ScriptFacts, dir: Direction, key: string, dictName?: string, avoidQuote?: string): string {
  const style = accessorStyle(ctx, script);
  const q = avoidQuote === '"' ? "'" : '"';
  if (style.kind === 'method') {
    const method = dir === 'input' ? ctx.config.inputPathMethods[0] : ctx.config.outputPathMethods[0];
    return `${style.receiver}.${method}(${pyString(key, q)})`;
  }
  const dict = dictName ?? (dir === 'input' ? ctx.config.inputAccessors[0] : ctx.config.outputAccessors[0]);
  return `${dict}[${pyString(key, q)}]`;
}

function declareChannelEdit(contract: ContractDecl, dir: Direction, name: string, path: string): TextEdit | undefined {
  const anchor = dir === 'input' ? contract.anchors.inputs : contract.anchors.outputs;
  if (!anchor) return undefined;
  const value = anchor.style === 'yaml-map' ? `{ path: ${path} }` : pyString(path);
  return insertEntry(contract.file, anchor, name, value);
}

export function checkScript(ctx: RuleContext, facts: PythonFacts, contract: ContractDecl): void {
  const script = facts.script;
  const declared = { input: new Map(contract.inputs.map((c) => [c.name, c])), output: new Map(contract.outputs.map((c) => [c.name, c])) };
  const allDeclared = [...contract.inputs, ...contract.outputs].filter((c) => c.path !== undefined);

  checkPaths(ctx, script, contract, allDeclared);
  checkChannelReads(ctx, script, contract, declared);
  checkWiring(ctx, script, contract, declared);
  checkEnv(ctx, script, contract);
  checkArguments(ctx, script, contract);
}

function checkPaths(ctx: RuleContext, script: ScriptFacts, contract: ContractDecl, allDeclared: ChannelDecl[]): void {
  for (const use of script.pathUses) {
    // The longest declared path that equals or contains the used one.
    let best: ChannelDecl | undefined;
    for (const ch of allDeclared) if (isUnder(use.path, ch.path!) && (!best || ch.path!.length > best.path!.length)) best = ch;
    if (best) {
      if (use.context === 'logic') reportHardcoded(ctx, script, contract, use, best);
      continue;
    }
    if (allDeclared.some((ch) => covers(use.path, ch.path!))) continue;
    // The job's own code, its configuration files, the training model dir: there without a channel.
    const platform = contract.training ? ctx.config.trainingPlatformPaths : ctx.config.platformPaths;
    if (platform.some((p) => isUnder(use.path, p))) continue;
    reportUndeclaredPath(ctx, script, contract, use);
  }
}

function reportHardcoded(ctx: RuleContext, script: ScriptFacts, contract: ContractDecl, use: PathUse, ch: ChannelDecl): void {
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
    const scopeNote = safe || style.kind === 'method' ? '' : ` (${dictName ?? (dir === 'input' ? ctx.config.inputAccessors[0] : ctx.config.outputAccessors[0])} is not a parameter here: pass it in)`;
    fixes.push({ title: `Replace with ${newText}${scopeNote}`, safe, edits: [replace(ctx.file, use.range, newText)] });
  }
  const what = dir === 'input' ? 'input' : 'output';
  const sub = rest ? ` (under the "${ch.name}" ${what} channel)` : ` (the "${ch.name}" ${what} channel)`;
  ctx.report('hardcoded-path', use.range, `Hardcoded container path "${use.path}"${sub}: read it through ${accessor} so the script follows ${ctx.contractLabel(contract)} when paths change.`, {
    related: related(contract, ch, ctx, `"${ch.name}" is declared as ${ch.path}`),
    fixes,
  });
}

function reportUndeclaredPath(ctx: RuleContext, script: ScriptFacts, contract: ContractDecl, use: PathUse): void {
  const dir: Direction = /\/(output|model|checkpoints)(\/|$)/.test(use.path) ? 'output' : 'input';
  const segments = use.path.replace(/\/+$/, '').split('/');
  const rawName = segments[segments.length - 1].replace(/\.[A-Za-z0-9]+$/, '').replace(/[^A-Za-z0-9_]/g, '_') || 'channel';
  const existing = new Set(channelsOf(contract, dir).map((c) => c.name));
  let name = rawName;
  for (let i = 2; existing.has(name); i++) name = `${rawName}_${i}`;
  const fixes: Fix[] = [];
  const declare = declareChannelEdit(contract, dir, name, use.path.replace(/\/+$/, ''));
  if (declare) {
    const edits = [declare];
    if (use.context === 'logic' && use.form !== 'fstring' && !use.inPattern) edits.push(replace(ctx.file, use.range, accessorText(ctx, script, dir, name, undefined, use.fstringQuote)));
    fixes.push({ title: `Declare ${dir} channel "${name}" for ${use.path} in ${ctx.show(contract.file)}`, safe: false, edits });
  }
  ctx.report('undeclared-path', use.range, `Container path "${use.path}" is not declared by ${ctx.contractLabel(contract)}: no channel covers it, so the step will not mount anything there.`, {
    related: [{ location: { file: contract.file, range: contract.nameRange }, message: 'the contract that claims this script' }],
    fixes,
  });
}

function checkChannelReads(ctx: RuleContext, script: ScriptFacts, contract: ContractDecl, declared: Record<Direction, Map<string, ChannelDecl>>): void {
  const wiredKeys = { input: new Set<string>(), output: new Set<string>() };
  for (const w of script.wiring) wiredKeys[w.direction].add(w.key);
  const hasWiring = { input: script.wiringDicts.some((d) => d.direction === 'input') || script.wiring.some((w) => w.direction === 'input'), output: script.wiringDicts.some((d) => d.direction === 'output') || script.wiring.some((w) => w.direction === 'output') };
  const reportedUnwired = new Set<string>();
  for (const read of script.channelReads) {
    if (read.context !== 'logic') continue;
    const dir = read.direction;
    const decl = declared[dir].get(read.key);
    const names = [...declared[dir].keys()];
    if (!decl) {
      const legacy = read.fallbackOf !== undefined && declared[dir].has(read.fallbackOf);
      const fixes: Fix[] = [];
      const near = closest(read.key, names);
      if (near && read.keyQuote) fixes.push({ title: `Change to "${near}"`, safe: false, edits: [replace(ctx.file, read.keyRange, pyString(near, read.keyQuote))] });
      const declare = declareChannelEdit(contract, dir, read.key, conventionalPath(dir, read.key, contract.training));
      if (declare) fixes.push({ title: `Declare ${dir} channel "${read.key}" in ${ctx.show(contract.file)}`, safe: false, edits: [declare] });
      const list = names.length ? names.join(', ') : 'none';
      const message = legacy
        ? `"${read.key}" is only a legacy fallback for the declared ${dir} "${read.fallbackOf}"; ${ctx.contractLabel(contract)} does not declare it, so this fallback never applies.`
        : `"${read.key}" is not an ${dir} channel of ${ctx.contractLabel(contract)}${near ? ` (did you mean "${near}"?)` : ''}; declared ${dir}s: ${list}.`;
      ctx.report('undeclared-channel', read.keyRange, message, {
        related: [{ location: { file: contract.file, range: contract.nameRange }, message: 'the contract that claims this script' }],
        fixes,
        severity: legacy ? 'information' : undefined,
      });
      continue;
    }
    if (hasWiring[dir] && !wiredKeys[dir].has(read.key)) {
      const wiringDict = script.wiringDicts.find((d) => d.direction === dir && d.layout);
      const fixes: Fix[] = [];
      if (wiringDict?.layout && decl.path) {
        fixes.push({
          title: `Wire "${read.key}" to ${decl.path} in the entry block`,
          safe: true,
          edits: [insertEntry(ctx.file, { layout: wiringDict.layout, style: 'python-dict' }, read.key, pyString(decl.path))],
        });
      }
      ctx.report('unwired-channel', read.keyRange, `"${read.key}" is declared by ${ctx.contractLabel(contract)} but the entry block never puts it into ${wiringDict?.name ?? read.receiver}, so this read fails at run time.`, {
        related: related(contract, decl, ctx, `"${read.key}" is declared`),
        // One quick fix per key is enough; later reads of the same key get the diagnostic only.
        fixes: reportedUnwired.has(dir + read.key) ? [] : fixes,
      });
      reportedUnwired.add(dir + read.key);
    }
  }
}

function checkWiring(ctx: RuleContext, script: ScriptFacts, contract: ContractDecl, declared: Record<Direction, Map<string, ChannelDecl>>): void {
  for (const w of script.wiring) {
    const decl = declared[w.direction].get(w.key);
    if (!decl) {
      const names = [...declared[w.direction].keys()];
      const near = closest(w.key, names);
      const fixes: Fix[] = near && w.keyQuote ? [{ title: `Change to "${near}"`, safe: false, edits: [replace(ctx.file, w.keyRange, pyString(near, w.keyQuote))] }] : [];
      ctx.report('undeclared-wiring', w.keyRange, `The entry block wires "${w.key}", which ${ctx.contractLabel(contract)} does not declare as an ${w.direction}${near ? ` (did you mean "${near}"?)` : ''}; declared ${w.direction}s: ${names.join(', ') || 'none'}.`, {
        related: [{ location: { file: contract.file, range: contract.nameRange }, message: 'the contract that claims this script' }],
        fixes,
      });
      continue;
    }
    if (w.path !== undefined && decl.path !== undefined && w.pathRange && normalisePath(w.path) !== normalisePath(decl.path)) {
      ctx.report('path-mismatch', w.pathRange, `"${w.key}" is wired to "${w.path}" but ${ctx.contractLabel(contract)} declares "${decl.path}"; the step mounts the channel at the contract's path.`, {
        related: related(contract, decl, ctx, `"${w.key}" is declared as ${decl.path}`),
        fixes: [{ title: `Use the contract's path ${decl.path}`, safe: true, edits: [replace(ctx.file, w.pathRange, pyString(decl.path))] }],
      });
    }
  }
}

function normalisePath(p: string): string {
  return p.replace(/\/+$/, '');
}

function checkEnv(ctx: RuleContext, script: ScriptFacts, contract: ContractDecl): void {
  const required = new Map(contract.requiredEnv.map((e) => [e.name, e]));
  const optional = new Map(contract.optionalEnv.map((e) => [e.name, e]));
  const ignored = (name: string) => matchesAnyName(name, ctx.config.envIgnore);
  const bridged = new Set(script.bridgeLiterals.flatMap((b) => b.keys.map((k) => k.key)));
  const reported = new Set<string>();
  for (const read of script.envReads) {
    if (required.has(read.name) || optional.has(read.name) || ignored(read.name)) continue;
    // A bridge read of a key the bridge literal sets was already reported at the literal's os.environ read.
    if (read.via === 'bridge' && bridged.has(read.name)) continue;
    const fixes: Fix[] = [];
    const optAnchor = contract.anchors.optionalEnv;
    const reqAnchor = contract.anchors.requiredEnv;
    const firstForVar = !reported.has(read.name);
    reported.add(read.name);
    if (firstForVar && optAnchor) {
      const def = read.defaultText ?? '""';
      const value = optAnchor.style === 'yaml-map' ? yamlScalar(def) : pyDefault(def);
      fixes.push({ title: `Declare ${read.name} as an optional env var (default ${value}) in ${ctx.show(contract.file)}`, safe: false, edits: [insertEntry(contract.file, optAnchor, read.name, value)] });
    }
    if (firstForVar && reqAnchor) fixes.push({ title: `Declare ${read.name} as a required env var in ${ctx.show(contract.file)}`, safe: false, edits: [insertEntry(contract.file, reqAnchor, undefined, pyString(read.name))] });
    ctx.report('undeclared-env-var', read.range, `Environment variable ${read.name} is read here but ${ctx.contractLabel(contract)} declares it neither required nor optional, so the step will not set it.`, {
      related: [{ location: { file: contract.file, range: contract.nameRange }, message: 'the contract that claims this script' }],
      fixes,
    });
  }
  if (!script.bridgeLiterals.length) return;
  const literal = script.bridgeLiterals[0];
  const fixed = new Set<string>();
  for (const read of script.envReads) {
    if (read.via !== 'bridge' || read.context !== 'logic' || bridged.has(read.name)) continue;
    const decl = optional.get(read.name);
    const def = decl?.defaultText;
    const value = def !== undefined ? `os.environ.get(${pyString(read.name)}, ${pyDefault(def)})` : `os.environ.get(${pyString(read.name)})`;
    const fixes: Fix[] = fixed.has(read.name) ? [] : [{ title: `Add "${read.name}": ${value} to ${literal.name}`, safe: script.importsOs, edits: [insertEntry(ctx.file, { layout: literal.layout, style: 'python-dict' }, read.name, value)] }];
    fixed.add(read.name);
    ctx.report('unbridged-env-var', read.range, `${literal.name} never gets "${read.name}": the entry block's ${literal.name} literal does not set it, so this read finds nothing.`, {
      related: [{ location: { file: ctx.file, range: literal.range }, message: `the ${literal.name} literal` }],
      fixes,
    });
  }
}

function pyDefault(text: string): string {
  return /^(['"]).*\1$/s.test(text) || /^-?\d+(\.\d+)?$/.test(text) || text === 'None' ? text : pyString(text);
}

function yamlScalar(text: string): string {
  const m = /^(['"])(.*)\1$/s.exec(text);
  return JSON.stringify(m ? m[2] : text);
}

function checkArguments(ctx: RuleContext, script: ScriptFacts, contract: ContractDecl): void {
  const declared = new Set(contract.arguments.map((a) => a.name));
  const anchor = contract.anchors.arguments;
  for (const flag of script.argFlags) {
    const name = flag.flag.replace(/^-+/, '').replace(/_/g, '-');
    if (declared.has(name)) continue;
    const fixes: Fix[] = anchor
      ? [{ title: `Declare argument "${name}" in ${ctx.show(contract.file)}`, safe: false, edits: [insertEntry(contract.file, anchor, anchor.style === 'python-list' ? undefined : name, anchor.style === 'yaml-map' ? `"--${name}"` : pyString(`--${name}`))] }]
      : [];
    ctx.report('undeclared-argument', flag.range, `Argument ${flag.flag} is not declared in ${ctx.contractLabel(contract)}'s arguments; the step builder will not pass it.`, { fixes });
  }
}

/** A Python entry point no contract claims, that still reads channels or container paths in code. */
export function checkMissingContract(ctx: RuleContext, facts: PythonFacts): void {
  const s = facts.script;
  const reads = s.channelReads.length > 0;
  const paths = s.pathUses.length > 0;
  if (!reads && !paths) return;
  // Only what runs as a step's entry point needs a contract: a file with an `if __name__ == "__main__":`
  // block, or one that wires, reads or opens container paths at module level (module-level path
  // constants are definitions, not uses). Step builders and libraries that name container paths inside
  // functions, and tests that call a script's main(input_paths), are not entry points.
  const constants = facts.assignments.filter((a) => a.value.kind === 'str' || a.value.kind === 'dict' || a.value.kind === 'list').map((a) => spanRange(a.value.range));
  const usedAtModuleLevel = s.pathUses.some((p) => p.context === 'wiring' && !constants.some((c) => contains(c, p.range.start)));
  const entryPoint = s.mainBlock !== undefined || s.wiringDicts.length > 0 || s.channelReads.some((r) => r.context === 'wiring') || usedAtModuleLevel;
  if (!entryPoint) return;
  const file = ctx.file;
  const generated = contractForScript(ctx.project, file);
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const what = reads ? `reads channels (${[...new Set(s.channelReads.map((r) => r.key))].slice(0, 4).join(', ')})` : `uses container paths (${s.pathUses[0].path})`;
  ctx.report('missing-contract', range, `No script contract claims ${basename(file)}, yet it ${what}; declare a contract whose entry_point is "${basename(file)}" so these are checked.`, {
    fixes: generated ? [{ title: `Generate a contract for ${basename(file)} (${ctx.show(generated.file)})`, safe: false, edits: [], createFiles: [generated] }] : [],
  });
}

/**
 * A contract skeleton for a script, from what the script uses. It goes beside
 * the workspace's other Python contracts and imports the contract class the way
 * they do; undefined when the target file exists already.
 */
export function contractForScript(project: Project, file: string): { file: string; content: string } | undefined {
  const entry = project.files.get(file);
  if (entry?.facts?.format !== 'python') return undefined;
  const config = entry.config.config;
  const stem = basename(file, '.py');
  const sample = project.declarations().contracts.find((c) => c.format === 'python' && !c.training) ?? project.declarations().contracts.find((c) => c.format === 'python');
  const target = join(sample ? dirname(sample.file) : dirname(file), `${stem}_contract.py`);
  if (project.files.has(target)) return undefined;
  const cls = sample?.className ?? config.contractClasses[0] ?? 'ScriptContract';
  const sampleFacts = sample && project.files.get(sample.file)?.facts;
  const imp = sampleFacts?.format === 'python' ? sampleFacts.imports.find((i) => i.local === cls && i.level === 0) : undefined;
  const importLine = imp
    ? `from ${imp.module} import ${imp.imported}${imp.local !== imp.imported ? ` as ${imp.local}` : ''}`
    : `from .base import ${cls}  # adjust the import to where ${cls} lives in your project`;
  return { file: target, content: contractSkeleton(config, entry.facts, stem, cls, importLine) };
}

function contractSkeleton(config: Config, facts: PythonFacts, stem: string, cls: string, importLine: string): string {
  const s = facts.script;
  const inputs = new Map<string, string>();
  const outputs = new Map<string, string>();
  for (const w of s.wiring) (w.direction === 'input' ? inputs : outputs).set(w.key, w.path ?? conventionalPath(w.direction, w.key, false));
  for (const r of s.channelReads) {
    const m = r.direction === 'input' ? inputs : outputs;
    if (!m.has(r.key) && r.fallbackOf === undefined) m.set(r.key, conventionalPath(r.direction, r.key, false));
  }
  const ignored = (name: string) => matchesAnyName(name, config.envIgnore);
  const env = new Map<string, string | undefined>();
  for (const e of s.envReads) if (!ignored(e.name) && !env.has(e.name)) env.set(e.name, e.defaultText);
  const required = [...env].filter(([, d]) => d === undefined).map(([n]) => n);
  const optional = [...env].filter(([, d]) => d !== undefined);
  const args = [...new Set(s.argFlags.map((f) => f.flag.replace(/^-+/, '').replace(/_/g, '-')))];
  const dict = (m: Iterable<[string, string]>, quoteValue = true) => {
    const items = [...m].map(([k, v]) => `        ${pyString(k)}: ${quoteValue ? pyString(v) : v},`);
    return items.length ? `{\n${items.join('\n')}\n    }` : '{}';
  };
  const constant = `${stem.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_CONTRACT`;
  return [
    `"""Script contract for ${stem}.py, generated by Script Contracts from what the script uses. Review before committing."""`,
    '',
    importLine,
    '',
    `${constant} = ${cls}(`,
    `    entry_point=${pyString(stem + '.py')},`,
    `    expected_input_paths=${dict(inputs)},`,
    `    expected_output_paths=${dict(outputs)},`,
    `    required_env_vars=[${required.map((n) => pyString(n)).join(', ')}],`,
    `    optional_env_vars=${dict(optional.map(([n, d]) => [n, pyDefault(d!)] as [string, string]), false)},`,
    `    expected_arguments=${dict(args.map((a) => [a, `--${a}`] as [string, string]))},`,
    ')',
    '',
  ].join('\n');
}
