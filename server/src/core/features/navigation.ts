// Hover, go to definition, find references and rename over the contract model.
import { relativeTo } from '../paths';
import type { ChannelDecl, ContractDecl } from '../facts';
import type { Direction, Location, Position, Range, TextEdit } from '../model';
import type { Project } from '../project';
import { isUnder } from '../rules/paths';
import { channelOf, specChannels, targetAt, type Target } from './symbols-at';

export interface HoverResult {
  markdown: string;
  range: Range;
}

const zero: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

function usersOf(project: Project, contract: ContractDecl, dir: Direction, name: string): string[] {
  const out = new Set<string>();
  for (const s of project.scriptsOf(contract)) {
    const f = project.files.get(s)?.facts;
    if (f?.format !== 'python') continue;
    if (f.script.channelReads.some((r) => r.direction === dir && r.key === name) || f.script.wiring.some((w) => w.direction === dir && w.key === name))
      out.add(s);
  }
  for (const { spec } of specChannels(project, contract, dir, name)) out.add(spec.file);
  return [...out];
}

export function hover(project: Project, file: string, pos: Position): HoverResult | undefined {
  const t = targetAt(project, file, pos);
  if (!t) return undefined;
  const show = (f: string) => relativeTo(project.root, f) || f;
  const contractLine = (c: ContractDecl | undefined) =>
    c ? `Contract: \`${c.name === 'contract' ? show(c.file) : c.name}\` (${show(c.file)})` : 'No contract claims this script.';
  const lines: string[] = [];
  switch (t.kind) {
    case 'channel': {
      const decl = channelOf(t.contract, t.direction, t.name);
      const component = t.contract?.component;
      if (component) {
        // A component's channel has a type and reaches the program as an argument, not a container path.
        lines.push(`**${t.direction} \`${t.name}\`** of ${component.label} (${show(t.contract!.file)})`);
        if (decl)
          lines.push(
            [decl.type && `type ${decl.type}`, decl.required ? 'required' : 'optional'].filter(Boolean).join('; ') +
              (decl.description ? ` — ${decl.description}` : ''),
          );
        else lines.push(`Not declared by ${component.label}.`);
        const passed = component.references.some((r) => r.direction === t.direction && r.name === t.name);
        lines.push(passed ? 'Passed by its command.' : 'Never passed by its command.');
        break;
      }
      lines.push(`**${t.direction} channel \`${t.name}\`**`);
      if (decl) lines.push(`Container path: \`${decl.path ?? '(not a literal)'}\`${decl.required ? '' : ' (optional)'}`);
      else lines.push(t.contract ? `Not declared by the contract.` : '');
      lines.push(contractLine(t.contract));
      if (t.contract) {
        for (const { spec, channel } of specChannels(project, t.contract, t.direction, t.name)) {
          const bits = [
            channel.type && `type ${channel.type}`,
            channel.required ? 'required' : 'optional',
            channel.compatibleSources?.length && `sources: ${channel.compatibleSources.map((s) => s.value).join(', ')}`,
          ].filter(Boolean);
          lines.push(`Spec \`${spec.name}\`: ${bits.join('; ')}${channel.description ? ` — ${channel.description}` : ''}`);
        }
        const users = usersOf(project, t.contract, t.direction, t.name);
        if (users.length) lines.push(`Used in: ${users.map(show).join(', ')}`);
      }
      break;
    }
    case 'env': {
      const req = t.contract?.requiredEnv.find((e) => e.name === t.name);
      const opt = t.contract?.optionalEnv.find((e) => e.name === t.name);
      lines.push(`**environment variable \`${t.name}\`**`);
      lines.push(req ? 'Required by the contract.' : opt ? `Optional; default \`${opt.defaultText ?? '(none)'}\`.` : 'Not declared by the contract.');
      lines.push(contractLine(t.contract));
      break;
    }
    case 'path': {
      lines.push(`**container path \`${t.path}\`**`);
      lines.push(
        t.channel
          ? `${t.channel.path === t.path ? 'Is' : 'Lies under'} the ${t.channel.direction} channel \`${t.channel.name}\` (\`${t.channel.path}\`).`
          : 'No declared channel covers this path.',
      );
      lines.push(contractLine(t.contract));
      break;
    }
    case 'flag': {
      const decl = t.contract?.arguments.find((a) => a.name === t.flag);
      lines.push(`**argument \`${decl?.flag ?? `--${t.flag}`}\`**`);
      lines.push(decl ? `Declared by the contract${decl.defaultText ? `: ${decl.defaultText}` : ''}.` : 'Not declared by the contract.');
      lines.push(contractLine(t.contract));
      break;
    }
    case 'entryPoint': {
      const scripts = project.scriptsOf(t.contract);
      lines.push(`**entry point \`${t.value}\`**`);
      lines.push(scripts.length ? `Script: ${scripts.map(show).join(', ')}` : 'No file in the workspace matches.');
      break;
    }
    case 'stepType': {
      const specs = project.declarations().specsByStepType.get(t.value) ?? [];
      lines.push(`**step type \`${t.value}\`**`);
      lines.push(
        specs.length ? `Specs: ${specs.map((s) => `\`${s.name}\` (${show(s.file)})`).join(', ')}` : 'No spec in the workspace declares this step type.',
      );
      break;
    }
  }
  return { markdown: lines.filter(Boolean).join('\n\n'), range: t.range };
}

export function definition(project: Project, file: string, pos: Position): Location[] {
  const t = targetAt(project, file, pos);
  if (!t) return [];
  switch (t.kind) {
    case 'channel': {
      const decl = channelOf(t.contract, t.direction, t.name);
      if (decl && t.contract && !(t.contract.file === file && decl.nameRange === t.range)) return [{ file: t.contract.file, range: decl.nameRange }];
      return [];
    }
    case 'env': {
      const e = t.contract && [...t.contract.requiredEnv, ...t.contract.optionalEnv].find((x) => x.name === t.name);
      return e && t.contract && t.contract.file !== file ? [{ file: t.contract.file, range: e.range }] : [];
    }
    case 'path':
      return t.channel && t.contract && t.contract.file !== file ? [{ file: t.contract.file, range: t.channel.nameRange }] : [];
    case 'flag': {
      const a = t.contract?.arguments.find((x) => x.name === t.flag);
      return a && t.contract && t.contract.file !== file ? [{ file: t.contract.file, range: a.range }] : [];
    }
    case 'entryPoint':
      return project.scriptsOf(t.contract).map((f) => ({ file: f, range: zero }));
    case 'stepType':
      return (project.declarations().specsByStepType.get(t.value) ?? []).map((s) => ({ file: s.file, range: s.nameRange }));
  }
}

/** Every place a logical name appears: contract, specs (all variants), scripts. */
function channelLocations(project: Project, contract: ContractDecl, dir: Direction, name: string): { file: string; range: Range; editable: boolean }[] {
  const out: { file: string; range: Range; editable: boolean }[] = [];
  const decl = channelOf(contract, dir, name);
  if (decl) out.push({ file: contract.file, range: decl.nameRange, editable: true });
  for (const { spec, channel } of specChannels(project, contract, dir, name)) out.push({ file: spec.file, range: channel.nameRange, editable: true });
  // A component's command names its channels too.
  for (const r of contract.component?.references ?? [])
    if (r.direction === dir && r.name === name) out.push({ file: contract.file, range: r.nameRange, editable: true });
  // A component's program gets its channels as argument values, not by name.
  for (const s of contract.component ? [] : project.scriptsOf(contract)) {
    const f = project.files.get(s)?.facts;
    if (f?.format !== 'python') continue;
    for (const r of f.script.channelReads) if (r.direction === dir && r.key === name) out.push({ file: s, range: r.keyRange, editable: !!r.keyQuote });
    for (const w of f.script.wiring) if (w.direction === dir && w.key === name) out.push({ file: s, range: w.keyRange, editable: !!w.keyQuote });
  }
  return out;
}

export function references(project: Project, file: string, pos: Position, includeDeclaration: boolean): Location[] {
  const t = targetAt(project, file, pos);
  if (!t) return [];
  if (t.kind === 'channel' && t.contract) {
    const decl = channelOf(t.contract, t.direction, t.name);
    return channelLocations(project, t.contract, t.direction, t.name)
      .filter((l) => includeDeclaration || !(decl && l.file === t.contract!.file && l.range === decl.nameRange))
      .map((l) => ({ file: l.file, range: l.range }));
  }
  if (t.kind === 'env' && t.contract) {
    const out: Location[] = [];
    const e = [...t.contract.requiredEnv, ...t.contract.optionalEnv].find((x) => x.name === t.name);
    if (e && includeDeclaration) out.push({ file: t.contract.file, range: e.range });
    for (const s of project.scriptsOf(t.contract)) {
      const f = project.files.get(s)?.facts;
      if (f?.format === 'python') for (const r of f.script.envReads) if (r.name === t.name) out.push({ file: s, range: r.range });
    }
    return out;
  }
  if (t.kind === 'path' && t.channel && t.contract) {
    const out: Location[] = includeDeclaration ? [{ file: t.contract.file, range: t.channel.nameRange }] : [];
    for (const s of project.scriptsOf(t.contract)) {
      const f = project.files.get(s)?.facts;
      if (f?.format === 'python') for (const u of f.script.pathUses) if (isUnder(u.path, t.channel.path!)) out.push({ file: s, range: u.range });
    }
    return out;
  }
  return [];
}

export type PrepareRename = { range: Range; placeholder: string } | { error: string };

/**
 * Can the name at `pos` be renamed, and which range is the name? The range is
 * the name itself, inside its quotes, which is what the rename's edits replace;
 * `readText` gives the file's current text to find the quotes (without it the
 * range is the whole literal).
 */
export function prepareRename(project: Project, file: string, pos: Position, readText?: (file: string) => string | undefined): PrepareRename {
  const t = targetAt(project, file, pos);
  if (t?.kind !== 'channel') return { error: 'Only logical channel names can be renamed here.' };
  if (!t.contract) return { error: `No contract claims this file, so "${t.name}" cannot be renamed consistently.` };
  const decl = channelOf(t.contract, t.direction, t.name);
  if (!decl) return { error: `"${t.name}" is not declared by the contract; fix the name instead of renaming it.` };
  // Pipelines bind a component's inputs and outputs by name (`inputs: {x: ...}`, `${{parent.jobs.j.outputs.x}}`,
  // `train(x=...)`), in files the checker does not link to it: a rename here would leave them behind.
  if (t.contract.component)
    return {
      error: `Pipelines bind the ${t.direction}s of ${t.contract.component.label} by name, and not all of them are known here; rename "${t.name}" by hand.`,
    };
  if (decl.derived) return { error: `"${t.name}" is the name SageMaker derives for an unnamed channel; give it an input_name or output_name first.` };
  // Other steps read an SDK output by name (`Outputs["x"]`, PropertyFile output_name), scripts a training channel
  // by its variable (SM_CHANNEL_X): places rename does not track.
  if (t.contract.format === 'sdk' && (t.direction === 'output' || t.contract.training))
    return {
      error: `"${t.name}" is also named where rename cannot follow (${t.direction === 'output' ? "other steps' Outputs[...] and property files" : 'the SM_CHANNEL_ variable scripts read'}); rename it by hand.`,
    };
  const locations = channelLocations(project, t.contract, t.direction, t.name);
  const fixed = locations.find((l) => !l.editable);
  if (fixed) return { error: `"${t.name}" is also used through a constant in ${relativeTo(project.root, fixed.file)}; rename that constant's value by hand.` };
  if (!t.editable) return { error: 'This name comes from a constant; rename it where the constant is defined.' };
  const text = readText?.(file);
  return { range: text === undefined ? t.range : innerRange(text, t.range), placeholder: t.name };
}

/**
 * Edits renaming a logical name everywhere. `readText` gives a file's current
 * text so that quotes are kept as they are.
 */
export function rename(
  project: Project,
  file: string,
  pos: Position,
  newName: string,
  readText: (file: string) => string | undefined,
): TextEdit[] | { error: string } {
  const prep = prepareRename(project, file, pos);
  if ('error' in prep) return prep;
  if (!/^[A-Za-z_][A-Za-z0-9_\-.]*$/.test(newName)) return { error: `"${newName}" is not a valid logical name (letters, digits, _ - .).` };
  const t = targetAt(project, file, pos) as Extract<Target, { kind: 'channel' }>;
  if (newName === t.name) return [];
  const clash = nameTaken(project, t.contract!, t.direction, newName);
  if (clash) return { error: `"${newName}" is already ${clash}; renaming "${t.name}" to it would declare it twice (duplicate-channel). Pick another name.` };
  const edits: TextEdit[] = [];
  for (const l of channelLocations(project, t.contract!, t.direction, t.name)) {
    const text = readText(l.file);
    if (text === undefined) return { error: `Cannot read ${relativeTo(project.root, l.file)}.` };
    edits.push({ file: l.file, range: innerRange(text, l.range), newText: newName });
  }
  return edits;
}

/** Where `name` is declared already in the mapping a channel of `contract` in `dir` lives in (its own, or a linked spec's), in words. */
function nameTaken(project: Project, contract: ContractDecl, dir: Direction, name: string): string | undefined {
  if (channelOf(contract, dir, name)) return `an ${dir} channel of ${contract.name}`;
  const spec = specChannels(project, contract, dir, name)[0]?.spec;
  if (spec) return `${dir === 'input' ? 'a dependency' : 'an output'} of ${spec.name}`;
  return undefined;
}

/** The range of a string literal's content (without prefix and quotes); the range itself for bare names. */
export function innerRange(text: string, r: Range): Range {
  const lines = text.split(/\r\n|\r|\n/);
  if (r.start.line !== r.end.line) return r;
  const slice = (lines[r.start.line] ?? '').slice(r.start.character, r.end.character);
  const m = /^([rRuUbBfF]{0,2})("""|'''|"|')/.exec(slice);
  if (!m || slice.length < m[0].length + m[2].length || !slice.endsWith(m[2])) return r;
  const open = m[0].length;
  return { start: { line: r.start.line, character: r.start.character + open }, end: { line: r.end.line, character: r.end.character - m[2].length } };
}

export interface LensInfo {
  range: Range;
  title: string;
  /** Where clicking goes. */
  target?: Location;
}

export function codeLenses(project: Project, file: string): LensInfo[] {
  const d = project.declarations();
  const out: LensInfo[] = [];
  const show = (f: string) => relativeTo(project.root, f) || f;
  for (const c of d.contractsByFile.get(file) ?? []) {
    const scripts = project.scriptsOf(c);
    const facts = scripts.map((s) => project.files.get(s)?.facts).find((f) => f?.format === 'python');
    const specs = d.specsByContract.get(c.id) ?? [];
    const passed = new Set(c.component?.references.map((r) => `${r.direction}:${r.name}`));
    const used = (list: ChannelDecl[]) =>
      c.component
        ? list.filter((ch) => passed.has(`${ch.direction}:${ch.name}`)).length
        : facts?.format === 'python'
          ? list.filter(
              (ch) =>
                facts.script.channelReads.some((r) => r.direction === ch.direction && r.key === ch.name) ||
                facts.script.wiring.some((w) => w.direction === ch.direction && w.key === ch.name) ||
                (ch.path !== undefined && facts.script.pathUses.some((u) => isUnder(u.path, ch.path!))),
            ).length
          : 0;
    const parts = [
      scripts.length ? `script: ${scripts.map((s) => show(s).split(/[\\/]/).pop()).join(', ')}` : 'script: not found',
      `inputs ${used(c.inputs)}/${c.inputs.length} ${c.component ? 'passed' : 'used'}`,
      `outputs ${used(c.outputs)}/${c.outputs.length} ${c.component ? 'passed' : 'used'}`,
      ...(c.component ? [] : [`${specs.length} spec${specs.length === 1 ? '' : 's'}`]),
    ];
    out.push({ range: c.nameRange, title: parts.join(' · '), target: scripts[0] ? { file: scripts[0], range: zero } : undefined });
  }
  const facts = project.files.get(file)?.facts;
  if (facts?.format === 'python' && !d.declarationFiles.has(file)) {
    const c = project.contractsOf(file)[0];
    const at = facts.script.entryFunction?.range ?? zero;
    if (c)
      out.push({
        range: at,
        title: `checked against ${c.component ? c.component.label : c.format === 'yaml' ? show(c.file) : c.name} (${show(c.file)})`,
        target: { file: c.file, range: c.nameRange },
      });
  }
  return out;
}

export interface SymbolInfo {
  name: string;
  detail?: string;
  kind: 'contract' | 'spec' | 'channel' | 'env' | 'argument' | 'stepType';
  range: Range;
  selectionRange: Range;
  file: string;
  children?: SymbolInfo[];
}

export function documentSymbols(project: Project, file: string): SymbolInfo[] {
  const d = project.declarations();
  const out: SymbolInfo[] = [];
  const ch = (c: ChannelDecl): SymbolInfo => ({
    name: c.name,
    detail: `${c.direction}${c.path ? ' ' + c.path : ''}`,
    kind: 'channel',
    range: c.range,
    selectionRange: c.nameRange,
    file,
  });
  for (const c of d.contractsByFile.get(file) ?? []) {
    out.push({
      name: c.name,
      detail: `${c.className}${c.entryPoint ? ' → ' + c.entryPoint.value : ''}`,
      kind: 'contract',
      range: c.range.start.line <= c.nameRange.start.line ? { start: c.range.start, end: c.range.end } : { start: c.nameRange.start, end: c.range.end },
      selectionRange: c.nameRange,
      file,
      children: [
        ...c.inputs.map(ch),
        ...c.outputs.map(ch),
        ...c.requiredEnv.map((e) => ({ name: e.name, detail: 'required env var', kind: 'env' as const, range: e.range, selectionRange: e.range, file })),
        ...c.optionalEnv.map((e) => ({
          name: e.name,
          detail: `optional env var${e.defaultText ? ' = ' + e.defaultText : ''}`,
          kind: 'env' as const,
          range: e.range,
          selectionRange: e.range,
          file,
        })),
        ...c.arguments.map((a) => ({ name: a.name, detail: 'argument', kind: 'argument' as const, range: a.range, selectionRange: a.range, file })),
      ],
    });
  }
  for (const s of d.specsByFile.get(file) ?? []) {
    out.push({
      name: s.name,
      detail: s.stepType?.value,
      kind: 'spec',
      range: { start: s.nameRange.start, end: s.range.end },
      selectionRange: s.nameRange,
      file,
      children: [...s.dependencies.map(ch), ...s.outputs.map(ch)],
    });
  }
  // Symbol ranges must contain their selection ranges and children.
  for (const sym of out) {
    if (before(sym.selectionRange.start, sym.range.start)) sym.range = { start: sym.selectionRange.start, end: sym.range.end };
  }
  return out;
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

export function workspaceSymbols(project: Project, query: string): SymbolInfo[] {
  const d = project.declarations();
  const q = query.toLowerCase();
  const match = (name: string) => !q || name.toLowerCase().includes(q);
  const out: SymbolInfo[] = [];
  for (const c of d.contracts) {
    if (match(c.name) || (c.entryPoint && match(c.entryPoint.value)))
      out.push({
        name: c.name === 'contract' ? `${c.entryPoint?.value ?? c.file} contract` : c.name,
        detail: c.entryPoint?.value,
        kind: 'contract',
        range: c.nameRange,
        selectionRange: c.nameRange,
        file: c.file,
      });
    for (const ch of [...c.inputs, ...c.outputs])
      if (match(ch.name))
        out.push({ name: ch.name, detail: `${ch.direction} of ${c.name}`, kind: 'channel', range: ch.nameRange, selectionRange: ch.nameRange, file: c.file });
  }
  for (const s of d.specs) {
    if (match(s.name)) out.push({ name: s.name, detail: s.stepType?.value, kind: 'spec', range: s.nameRange, selectionRange: s.nameRange, file: s.file });
    if (s.stepType && match(s.stepType.value))
      out.push({
        name: s.stepType.value,
        detail: `step type (${s.name})`,
        kind: 'stepType',
        range: s.stepType.range,
        selectionRange: s.stepType.range,
        file: s.file,
      });
  }
  return out.slice(0, 500);
}
