// Component definitions in YAML as contract declarations: Azure ML command
// components, command jobs and the command jobs of a pipeline job, and
// Kubeflow component specs (`implementation.container.command/args`). A file
// is read as one only when its content says so (componentKind), so that a
// workspace's other YAML files cost a text scan and nothing more.
import { isMap, isScalar, isSeq, LineCounter, parseDocument, Scalar, type Document, type Node as YamlNode, type Pair, type YAMLMap } from 'yaml';
import type { ChannelDecl, ComponentInfo, ComponentSource, ContractDecl, Duplicate, PlaceholderRef, YamlFacts } from '../facts';
import type { Direction, Range } from '../model';
import { basename, dirname, join } from '../paths';
import { effectiveEntries, yamlSuppressions } from '../yaml/extract';
import { argvOf, passedArguments, programOf, shellTokens, type ParsedCommand, type Token } from './command-line';

export type ComponentKind = 'azureml' | 'kubeflow';

/**
 * What a YAML file's text says it is, without parsing it: an Azure ML command component or job (a
 * `$schema` naming an Azure ML command, pipeline or sweep schema, or top-level `type: command` /
 * `type: pipeline` with `command:` / `jobs:`), or a Kubeflow component (`implementation:` with
 * `container:`).
 */
export function componentKind(text: string): ComponentKind | undefined {
  if (/^\$schema\s*:\s*['"]?\S*azureml\S*(?:command|pipeline|sweep)\w*\.schema\.json/im.test(text)) return 'azureml';
  const type = /^type\s*:\s*['"]?(command|pipeline|sweep)['"]?\s*(?:#.*)?$/m.exec(text);
  if (type && /^(?:command|jobs|trial)\s*:/m.test(text)) return 'azureml';
  if (/^implementation\s*:/m.test(text) && /^\s+container\s*:/m.test(text)) return 'kubeflow';
  return undefined;
}

/** How deep a pipeline's jobs are followed (a pipeline job inside a pipeline job ...). */
const MAX_JOB_DEPTH = 6;

class View {
  readonly lineCounter = new LineCounter();
  readonly lines: string[];
  readonly doc: Document;

  constructor(readonly text: string) {
    this.lines = text.split(/\r\n|\r|\n/);
    this.doc = parseDocument(text, { lineCounter: this.lineCounter, uniqueKeys: false, prettyErrors: false, merge: true });
  }

  pos(offset: number) {
    const p = this.lineCounter.linePos(Math.min(Math.max(0, offset), this.text.length));
    const line = Math.min(Math.max(0, p.line - 1), this.lines.length - 1);
    return { line, character: Math.min(Math.max(0, p.col - 1), this.lines[line].length) };
  }

  rangeOf(node: YamlNode | Pair | null | undefined): Range {
    const r = node && 'range' in node ? node.range : undefined;
    if (r) return { start: this.pos(r[0]), end: this.pos(r[1]) };
    if (node && 'key' in node) {
      const k = node.key as YamlNode | undefined;
      const v = node.value as YamlNode | undefined;
      const s = k?.range?.[0] ?? 0;
      const e = v?.range?.[1] ?? k?.range?.[1] ?? s;
      return { start: this.pos(s), end: this.pos(e) };
    }
    return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  }

  keyName = (pair: Pair): string | undefined =>
    isScalar(pair.key) ? (typeof pair.key.value === 'symbol' ? pair.key.value.description : String(pair.key.value)) : undefined;

  entries(map: YAMLMap): Pair[] {
    return effectiveEntries(map, this.doc, this.keyName);
  }

  get(map: YAMLMap, key: string): Pair | undefined {
    return this.entries(map).find((p) => this.keyName(p) === key);
  }

  scalar(node: unknown): string | undefined {
    return isScalar(node) && node.value !== null && node.value !== undefined ? String(node.value) : undefined;
  }
}

export function extractComponents(file: string, text: string, kind: ComponentKind): YamlFacts {
  const v = new View(text);
  const facts: YamlFacts = { format: 'yaml', lineCount: v.lines.length, problems: [], suppressions: yamlSuppressions(text, v.lines), components: [] };
  for (const err of v.doc.errors) {
    facts.problems.push({ message: err.message.split('\n')[0], range: { start: v.pos(err.pos[0]), end: v.pos(err.pos[1]) } });
  }
  let root: unknown;
  try {
    root = v.doc.contents;
  } catch {
    return facts;
  }
  if (!isMap(root)) return facts;
  const out = facts.components!;
  if (kind === 'kubeflow') {
    const c = kubeflowComponent(file, v, root);
    if (c) out.push(c);
  } else azureJobs(file, v, root, undefined, out, 0);
  return facts;
}

// ---------------------------------------------------------------------------
// Azure ML

function azureJobs(file: string, v: View, map: YAMLMap, key: Pair | undefined, out: ContractDecl[], depth: number, sweep?: YAMLMap): void {
  if (depth > MAX_JOB_DEPTH) return;
  const type = v.scalar(v.get(map, 'type')?.value);
  const command = v.get(map, 'command');
  if (command && (type === undefined || type === 'command')) {
    out.push(azureCommand(file, v, map, key, sweep));
    return;
  }
  const jobs = v.get(map, 'jobs');
  if (jobs && isMap(jobs.value) && (type === undefined || type === 'pipeline')) {
    for (const p of v.entries(jobs.value)) if (isMap(p.value)) azureJobs(file, v, p.value, p, out, depth + 1);
  }
  const trial = v.get(map, 'trial');
  if (type === 'sweep' && trial && isMap(trial.value)) azureJobs(file, v, trial.value, key ?? trial, out, depth + 1, map);
}

/** `sweep`: the sweep job whose inline trial this is; the trial's command names the sweep's inputs and outputs. */
function azureCommand(file: string, v: View, map: YAMLMap, key: Pair | undefined, sweep?: YAMLMap): ContractDecl {
  const commandPair = v.get(map, 'command')!;
  const jobName = key ? v.keyName(key) : undefined;
  const namePair = v.get(map, 'name');
  const name = jobName ?? v.scalar(namePair?.value) ?? v.scalar(v.get(map, 'display_name')?.value) ?? fileStem(file);
  const nameNode = (key?.key ?? namePair?.value ?? commandPair.key) as YamlNode;
  const dups: Duplicate[] = [];
  const channels = (k: string) => v.get(map, k) ?? (sweep ? v.get(sweep, k) : undefined);
  const inputs = azureChannels(v, channels('inputs'), 'input', dups);
  const outputs = azureChannels(v, channels('outputs'), 'output', dups);
  const refs: PlaceholderRef[] = [];
  const parsed = azureCommandLine(v, commandPair.value, refs);
  const base = dirname(file);
  const codePair = v.get(map, 'code');
  const code = v.scalar(codePair?.value);
  // A top-level command is a job when its $schema says so (commandJob), else a component.
  const job = key !== undefined || /commandJob/i.test(v.scalar(v.get(map, '$schema')?.value) ?? '');
  const label = job ? `Azure ML command job "${name}"` : `Azure ML command component "${name}"`;
  const component: ComponentInfo = {
    source: 'azureml',
    label,
    baseDir: base,
    references: parsed.references,
    complete: parsed.complete,
    commandRange: v.rangeOf(commandPair.value as YamlNode),
  };
  if (parsed.otherPrograms) component.otherPrograms = true;
  const where = azureCode(code, parsed, [base]);
  Object.assign(component, where);
  return componentContract(file, {
    id: `${file}#${key ? `jobs.${name}` : 'component'}`,
    name,
    nameRange: v.rangeOf(nameNode),
    range: v.rangeOf(key ?? map),
    inputs,
    outputs,
    duplicates: dups,
    parsed,
    component,
  });
}

/**
 * Where an Azure ML program is: the code folder (relative to `bases`, nearest first) joined with
 * the program (a module's `.py` or `__main__.py`), or why it cannot be found.
 */
export function azureCode(code: string | undefined, parsed: ParsedCommand, bases: string[]): Partial<ComponentInfo> {
  if (!parsed.program) return { unresolved: parsed.unresolved };
  if (code === undefined) return { unresolved: 'it has no `code:`, so the program comes from the environment image' };
  if (/^(?:azureml:|https?:|git[+:]|wasbs?:|abfss?:|\$\{\{)/.test(code)) return { unresolved: `its code is ${code}, not a folder of this workspace` };
  const p = parsed.program;
  const cwd = p.cwd && !p.cwd.startsWith('/') ? p.cwd : '';
  if (p.cwd?.startsWith('/')) return { unresolved: `the command changes to ${p.cwd} before it starts the program` };
  const programPaths =
    p.kind === 'module'
      ? [`${p.value.split('.').join('/')}.py`, `${p.value.split('.').join('/')}/__main__.py`]
      : p.value.startsWith('/')
        ? undefined
        : [p.value.replace(/^\.\//, '')];
  if (!programPaths) return { unresolved: `the program ${p.value} is an absolute path in the image` };
  const codePath = code.replace(/\\/g, '/');
  const codeDirs = codePath.startsWith('/') ? [join(codePath, cwd)] : bases.map((b) => join(b, codePath, cwd));
  return { codeDirs, programPaths, ...(cwd ? { cwd } : {}) };
}

/**
 * An Azure ML command's tokens, with positions in the file when the scalar's source text is its
 * value but for folding (block scalars, plain and quoted scalars without escapes); else the
 * value, every token placed at the scalar's start.
 */
function azureCommandLine(v: View, node: unknown, refs: PlaceholderRef[]): ParsedCommand {
  if (!isScalar(node) || typeof node.value !== 'string' || !node.range)
    return { unresolved: 'the command is not a string', args: [], references: refs, complete: false, otherPrograms: false };
  const [start, end] = node.range;
  let body = v.text.slice(start, end);
  let offset = start;
  let newlinesSeparate = false;
  let exact = true;
  switch (node.type) {
    case Scalar.BLOCK_FOLDED:
    case Scalar.BLOCK_LITERAL: {
      const nl = body.indexOf('\n');
      offset = start + (nl < 0 ? body.length : nl + 1);
      body = nl < 0 ? '' : body.slice(nl + 1);
      newlinesSeparate = node.type === Scalar.BLOCK_LITERAL;
      break;
    }
    case Scalar.QUOTE_DOUBLE:
      exact = !body.slice(1, -1).includes('\\');
      offset = start + 1;
      body = body.slice(1, -1);
      break;
    case Scalar.QUOTE_SINGLE:
      exact = !body.slice(1, -1).includes("''");
      offset = start + 1;
      body = body.slice(1, -1);
      break;
  }
  if (!exact) {
    const at = v.pos(start);
    const { tokens, complete } = shellTokens(node.value, () => at, false, refs);
    return programOf(tokens, refs, complete);
  }
  const { tokens, complete } = shellTokens(body, (o) => v.pos(offset + o), newlinesSeparate, refs);
  return programOf(tokens, refs, complete);
}

/** `inputs:` / `outputs:` of a component (declarations) or of a job (bindings and literals): every key names a channel. */
function azureChannels(v: View, pair: Pair | undefined, direction: Direction, dups: Duplicate[]): ChannelDecl[] {
  if (!pair || !isMap(pair.value)) return [];
  const out: ChannelDecl[] = [];
  const seen = new Map<string, number>();
  for (const p of pair.value.items) {
    const name = v.keyName(p);
    if (name === undefined || name === '<<') continue;
    const ch: ChannelDecl = { name, nameRange: v.rangeOf(p.key as YamlNode), direction, required: true, range: v.rangeOf(p) };
    if (isMap(p.value)) {
      const type = v.scalar(v.get(p.value, 'type')?.value);
      if (type) ch.type = type;
      const desc = v.scalar(v.get(p.value, 'description')?.value);
      if (desc) ch.description = desc;
      const optional = v.get(p.value, 'optional')?.value;
      if ((isScalar(optional) && (optional.value === true || optional.value === 'true')) || v.get(p.value, 'default')) ch.required = false;
    }
    addChannel(out, seen, dups, ch, direction);
  }
  return out;
}

/** A channel declared again replaces the earlier one (the later YAML key wins), which is reported as a duplicate. */
function addChannel(out: ChannelDecl[], seen: Map<string, number>, dups: Duplicate[], ch: ChannelDecl, direction: Direction): void {
  const at = seen.get(ch.name);
  if (at !== undefined) {
    dups.push({ name: ch.name, range: ch.nameRange, firstRange: out[at].nameRange, mapping: `${direction}s` });
    out[at] = ch;
  } else {
    seen.set(ch.name, out.length);
    out.push(ch);
  }
}

// ---------------------------------------------------------------------------
// Kubeflow

const KFP_REFS: Record<string, Direction> = { inputValue: 'input', inputPath: 'input', inputUri: 'input', outputPath: 'output', outputUri: 'output' };

function kubeflowComponent(file: string, v: View, root: YAMLMap): ContractDecl | undefined {
  const impl = v.get(root, 'implementation');
  const container = impl && isMap(impl.value) ? v.get(impl.value, 'container') : undefined;
  if (!container || !isMap(container.value)) return undefined;
  const namePair = v.get(root, 'name');
  const name = v.scalar(namePair?.value) ?? fileStem(file);
  const dups: Duplicate[] = [];
  const inputs = kubeflowChannels(v, v.get(root, 'inputs'), 'input', dups);
  const outputs = kubeflowChannels(v, v.get(root, 'outputs'), 'output', dups);
  const refs: PlaceholderRef[] = [];
  const tokens: Token[] = [];
  const state = { complete: true };
  const commandPair = v.get(container.value, 'command');
  const argsPair = v.get(container.value, 'args');
  for (const pair of [commandPair, argsPair]) {
    if (!pair) continue;
    if (isSeq(pair.value)) for (const item of pair.value.items) kubeflowTokens(v, item, tokens, refs, false, state, 0);
    else if (pair.value !== null) state.complete = false;
  }
  // `fileOutputs: {y: /tmp/y.txt}`: the platform collects output y from a fixed path the program writes.
  const fileOutputs = v.get(container.value, 'fileOutputs')?.value;
  if (isMap(fileOutputs))
    for (const p of fileOutputs.items) {
      const out = v.keyName(p);
      const r = v.rangeOf(p.key as YamlNode);
      if (out !== undefined) refs.push({ direction: 'output', name: out, range: r, nameRange: r });
    }
  const parsed = commandPair
    ? programOf(tokens, refs, state.complete)
    : { unresolved: 'it has no `command:`, so the image decides what runs', args: [], references: refs, complete: false, otherPrograms: false };
  const anchor = commandPair ?? argsPair ?? container;
  const component: ComponentInfo = {
    source: 'kubeflow',
    label: `Kubeflow component "${name}"`,
    baseDir: dirname(file),
    references: parsed.references,
    complete: parsed.complete,
    commandRange: spanOf(v, commandPair, argsPair) ?? v.rangeOf(anchor.key as YamlNode),
  };
  if (parsed.otherPrograms) component.otherPrograms = true;
  if (!parsed.program) component.unresolved = parsed.unresolved;
  else if (parsed.program.kind === 'module') component.unresolved = `it runs the module ${parsed.program.value} from the image`;
  else component.containerProgram = parsed.program.value;
  return componentContract(file, {
    id: `${file}#component`,
    name,
    nameRange: v.rangeOf((namePair?.value ?? impl!.key) as YamlNode),
    range: v.rangeOf(root),
    inputs,
    outputs,
    duplicates: dups,
    parsed,
    component,
  });
}

function spanOf(v: View, a: Pair | undefined, b: Pair | undefined): Range | undefined {
  const first = a ?? b;
  const last = b ?? a;
  if (!first || !last) return undefined;
  return { start: v.rangeOf(first.value as YamlNode).start, end: v.rangeOf(last.value as YamlNode).end };
}

/** `inputs: [{name: x, type: String, default: ..., optional: true}, ...]` */
function kubeflowChannels(v: View, pair: Pair | undefined, direction: Direction, dups: Duplicate[]): ChannelDecl[] {
  if (!pair || !isSeq(pair.value)) return [];
  const out: ChannelDecl[] = [];
  const seen = new Map<string, number>();
  for (const item of pair.value.items) {
    if (!isMap(item)) continue;
    const np = v.get(item, 'name');
    const name = v.scalar(np?.value);
    if (name === undefined) continue;
    const ch: ChannelDecl = { name, nameRange: v.rangeOf(np!.value as YamlNode), direction, required: true, range: v.rangeOf(item) };
    const type = v.scalar(v.get(item, 'type')?.value);
    if (type) ch.type = type;
    const desc = v.scalar(v.get(item, 'description')?.value);
    if (desc) ch.description = desc;
    const optional = v.get(item, 'optional')?.value;
    if ((isScalar(optional) && optional.value === true) || v.get(item, 'default')) ch.required = false;
    addChannel(out, seen, dups, ch, direction);
  }
  return out;
}

/** `{{$.inputs.parameters['x']}}`, `{{$.outputs.artifacts["y"].path}}` (1: inputs|outputs, 2: the name), or any other `{{$...}}`. */
const KFP_V2_PLACEHOLDER = /\{\{\$(?:\.(inputs|outputs)\.(?:parameters|artifacts)\[['"]([^'"]+)['"]\][^}]*|[^}]*)\}\}/g;
const KFP_V2_WHOLE = /^\{\{\$[^}]*\}\}$/;

/** One command/args item as tokens: a string, a placeholder, `{concat: [...]}`, or the branches of `{if: ...}`. */
function kubeflowTokens(v: View, item: unknown, out: Token[], refs: PlaceholderRef[], optional: boolean, state: { complete: boolean }, depth: number): void {
  const range = v.rangeOf(item as YamlNode);
  const opt = optional ? { optional: true as const } : {};
  if (depth > MAX_JOB_DEPTH) {
    state.complete = false;
    out.push({ prefix: '', kind: 'unknown', range, ...opt });
    return;
  }
  if (isScalar(item)) {
    const text = item.value === null || item.value === undefined ? '' : String(item.value);
    const at = text.indexOf('{{$');
    if (at < 0) {
      out.push({ text, prefix: text, kind: 'literal', range, ...opt });
      return;
    }
    // KFP v2 placeholders in a string: `{{$.inputs.parameters['x']}}`, `{{$.outputs.artifacts['y'].path}}` name
    // channels; `{{$}}` hands the program the whole executor input, every channel included.
    const source = v.text.slice((item as YamlNode).range?.[0] ?? 0, (item as YamlNode).range?.[1] ?? 0);
    const base = (item as YamlNode).range?.[0] ?? 0;
    for (const m of text.matchAll(KFP_V2_PLACEHOLDER)) {
      if (m[1] === undefined) {
        if (m[0] === '{{$}}') state.complete = false;
        continue;
      }
      const direction = m[1] === 'inputs' ? 'input' : 'output';
      const i = source.indexOf(`'${m[2]}'`) >= 0 ? source.indexOf(`'${m[2]}'`) + 1 : source.indexOf(`"${m[2]}"`) + 1;
      const r = i > 0 ? { start: v.pos(base + i), end: v.pos(base + i + m[2].length) } : range;
      refs.push({ direction, name: m[2], range: r, nameRange: r, ...opt });
    }
    const whole = KFP_V2_WHOLE.test(text);
    out.push({ prefix: whole ? '' : text.slice(0, at), kind: whole ? 'placeholder' : 'mixed', range, ...opt });
    return;
  }
  if (isMap(item) && item.items.length === 1) {
    const key = v.keyName(item.items[0]);
    const value = item.items[0].value;
    const dir = key !== undefined ? KFP_REFS[key] : undefined;
    if (dir) {
      const name = v.scalar(value);
      if (name !== undefined) {
        const r = v.rangeOf(value as YamlNode);
        refs.push({ direction: dir, name, range: r, nameRange: r, ...opt });
        out.push({ prefix: '', kind: 'placeholder', range, ...opt });
        return;
      }
    }
    if (key === 'concat' && isSeq(value)) {
      const parts: Token[] = [];
      for (const p of value.items) kubeflowTokens(v, p, parts, refs, optional, state, depth + 1);
      let prefix = '';
      for (const p of parts) {
        if (p.kind !== 'literal') break;
        prefix += p.text;
      }
      const unknown = parts.some((p) => p.kind === 'unknown');
      const literal = parts.every((p) => p.kind === 'literal');
      const tok: Token = { prefix, kind: unknown ? 'unknown' : literal ? 'literal' : 'mixed', range, ...opt };
      if (literal) tok.text = prefix;
      out.push(tok);
      return;
    }
    if (key === 'if' && isMap(value)) {
      const cond = v.get(value, 'cond')?.value;
      if (isMap(cond) && cond.items.length === 1 && v.keyName(cond.items[0]) === 'isPresent') {
        const name = v.scalar(cond.items[0].value);
        const r = v.rangeOf(cond.items[0].value as YamlNode);
        if (name !== undefined) refs.push({ direction: 'input', name, range: r, nameRange: r, optional: true });
      }
      for (const branch of ['then', 'else']) {
        const b = v.get(value, branch)?.value;
        if (isSeq(b)) for (const x of b.items) kubeflowTokens(v, x, out, refs, true, state, depth + 1);
        else if (b !== undefined && b !== null) kubeflowTokens(v, b, out, refs, true, state, depth + 1);
      }
      return;
    }
  }
  state.complete = false;
  out.push({ prefix: '', kind: 'unknown', range, ...opt });
}

// ---------------------------------------------------------------------------

function fileStem(file: string): string {
  return basename(file).replace(/\.ya?ml$/, '');
}

interface ContractParts {
  id: string;
  name: string;
  nameRange: Range;
  range: Range;
  inputs: ChannelDecl[];
  outputs: ChannelDecl[];
  duplicates: Duplicate[];
  parsed: ParsedCommand;
  component: ComponentInfo;
}

/** A component as a contract: channels named like its inputs and outputs, the flags its command passes as arguments. */
export function componentContract(file: string, p: ContractParts, format: 'python' | 'yaml' = 'yaml'): ContractDecl {
  const arguments_ = passedArguments(p.parsed.args);
  const program = p.parsed.program;
  const c: ContractDecl = {
    id: p.id,
    file,
    name: p.name,
    nameRange: p.nameRange,
    range: p.range,
    format,
    className: componentClass(p.component.source),
    training: false,
    entryPoint: program ? { value: program.kind === 'module' ? `-m ${program.value}` : program.value, range: program.range } : undefined,
    inputs: p.inputs,
    outputs: p.outputs,
    requiredEnv: [],
    optionalEnv: [],
    arguments: arguments_,
    duplicates: p.duplicates,
    keywords: [],
    anchors: {},
    argv: argvOf(p.parsed.args),
    component: p.component,
  };
  if (program && p.parsed.complete) c.argumentsComplete = true;
  return c;
}

function componentClass(source: ComponentSource): string {
  return source === 'kubeflow' ? 'Kubeflow component' : source === 'azureml-sdk' ? 'Azure ML command()' : 'Azure ML command';
}
