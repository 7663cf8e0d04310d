// Turns the static values of module-level Python assignments into contract
// and spec declarations. Which class names count as contracts depends on the
// whole workspace (subclasses), so this runs after every file's facts exist.
import type { Config } from './config';
import {
  spanRange,
  type AssignmentFact,
  type ChannelDecl,
  type ContractDecl,
  type DictEntry,
  type Duplicate,
  type InsertAnchor,
  type KeywordRole,
  type KeywordUse,
  type NamedDecl,
  type PythonFacts,
  type SpecDecl,
  type Value,
} from './facts';
import type { Direction, Range } from './model';
import { sdkDeclarations } from './sdk-declarations';
import { flagSpelling, normaliseFlag } from './yaml/extract';
import { sdkComponents } from './components/sdk';

export const BUILTIN_FIELDS: Record<'contract' | 'spec' | 'dependency' | 'output', string[]> = {
  contract: [
    'entry_point',
    'expected_input_paths',
    'expected_output_paths',
    'required_env_vars',
    'optional_env_vars',
    'expected_arguments',
    'framework_requirements',
    'description',
  ],
  spec: ['step_type', 'node_type', 'dependencies', 'outputs', 'script_contract', 'description'],
  dependency: ['logical_name', 'dependency_type', 'required', 'compatible_sources', 'semantic_keywords', 'data_type', 'description'],
  output: ['logical_name', 'output_type', 'property_path', 'data_type', 'description', 'aliases'],
};

/** Bases that add no fields of their own to a model. */
const MODEL_ROOTS = new Set(['BaseModel', 'pydantic.BaseModel', 'object', 'ABC', 'abc.ABC', 'Generic', 'BaseSettings']);

/** Class names by role, including workspace subclasses, with their accepted fields. */
export interface ClassRoles {
  contract: Map<string, string[]>;
  training: Set<string>;
  spec: Map<string, string[]>;
  dependency: Map<string, string[]>;
  output: Map<string, string[]>;
  /** Classes whose accepted fields were read from their definition in the workspace (not assumed). */
  modelled: Set<string>;
}

export function classRoles(allFacts: Iterable<PythonFacts>, config: Config): ClassRoles {
  const classes = new Map<string, { bases: string[]; fields: string[] }>();
  for (const f of allFacts) for (const c of f.classes) if (!classes.has(c.name)) classes.set(c.name, { bases: c.bases, fields: c.fields });

  // Classes whose every field the workspace shows: defined here, with bases that are too (or plain model roots).
  const modelled = new Set<string>();
  const fieldsOf = (name: string, builtin: string[], seen = new Set<string>()): string[] => {
    const c = classes.get(name);
    if (!c || seen.has(name)) return builtin;
    seen.add(name);
    let complete = true;
    const inherited = c.bases.flatMap((b) => {
      if (classes.has(b)) {
        const fields = fieldsOf(b, builtin, seen);
        if (!modelled.has(b)) complete = false;
        return fields;
      }
      if (MODEL_ROOTS.has(b)) return [];
      // A base imported from elsewhere (the framework's ScriptContract): its fields are the built-in ones, as far as we know.
      complete = false;
      return builtin;
    });
    const own = [...inherited, ...c.fields];
    // A class with no visible fields (e.g. defined with a decorator we cannot read) falls back to built-ins.
    if (!own.length) return builtin;
    if (complete) modelled.add(name);
    return [...new Set(own)];
  };
  const closure = (roots: string[], builtin: string[]): Map<string, string[]> => {
    const names = new Set(roots);
    let grew = true;
    while (grew) {
      grew = false;
      for (const [name, c] of classes) {
        if (!names.has(name) && c.bases.some((b) => names.has(b))) {
          names.add(name);
          grew = true;
        }
      }
    }
    return new Map([...names].map((n) => [n, fieldsOf(n, builtin)]));
  };
  const contract = closure(config.contractClasses, BUILTIN_FIELDS.contract);
  return {
    contract,
    training: new Set(closure(config.trainingContractClasses, []).keys()),
    spec: closure(config.specClasses, BUILTIN_FIELDS.spec),
    dependency: closure(config.dependencyClasses, BUILTIN_FIELDS.dependency),
    output: closure(config.outputClasses, BUILTIN_FIELDS.output),
    modelled,
  };
}

const shortName = (callee: string) => callee.split('.').pop()!;

function resolveLocal(value: Value | undefined, assignments: Map<string, AssignmentFact>, depth = 0): Value | undefined {
  if (value?.kind === 'name' && depth < 5) {
    const a = assignments.get(value.name);
    if (a) return resolveLocal(a.value, assignments, depth + 1);
  }
  return value;
}

function strOf(v: Value | undefined): string | undefined {
  return v?.kind === 'str' && !v.fstring ? v.value : undefined;
}

function keywordUses(call: Extract<Value, { kind: 'call' }>, className: string, role: KeywordRole, accepted: string[], roles: ClassRoles): KeywordUse[] {
  const modelled = roles.modelled.has(className) || undefined;
  const owner = `${call.range[0]}:${call.range[1]}`;
  return call.kwargs.map((k) => ({ name: k.name, range: spanRange(k.nameRange), className, role, accepted, owner, ...(modelled ? { modelled } : {}) }));
}

/**
 * The string-keyed entries of a dict literal as Python builds it: a key declared twice keeps its later
 * value (in the earlier key's place). The duplicate itself is recorded for duplicate-channel.
 */
function namedEntries(v: Value | undefined, mapping: string, dups: Duplicate[]): { name: string; entry: DictEntry }[] {
  if (v?.kind !== 'dict') return [];
  const out: { name: string; entry: DictEntry }[] = [];
  const seen = new Map<string, number>();
  for (const entry of v.entries) {
    const name = strOf(entry.key);
    if (name === undefined) continue;
    const at = seen.get(name);
    if (at !== undefined) {
      dups.push({ name, range: spanRange(entry.key.range), firstRange: spanRange(out[at].entry.key.range), mapping });
      out[at] = { name, entry };
    } else {
      seen.set(name, out.length);
      out.push({ name, entry });
    }
  }
  return out;
}

/** The class a call instantiates, seen through `from m import Cls as Alias`. */
export function calledClass(callee: string, imports: PythonFacts['imports']): string {
  if (!callee.includes('.')) {
    const imp = imports.find((i) => i.local === callee && i.imported !== '*');
    if (imp && imp.imported !== imp.local) return imp.imported;
  }
  return shortName(callee);
}

function dictChannels(v: Value | undefined, direction: Direction, mapping: string, dups: Duplicate[]): ChannelDecl[] {
  return namedEntries(v, mapping, dups).map(({ name, entry }) => {
    const path = strOf(entry.value);
    return {
      name,
      nameRange: spanRange(entry.key.range),
      direction,
      path,
      pathRange: path !== undefined ? spanRange(entry.value.range) : undefined,
      required: true,
      range: spanRange(entry.range),
    };
  });
}

function anchor(v: Value | undefined, style: InsertAnchor['style']): InsertAnchor | undefined {
  return v && (v.kind === 'dict' || v.kind === 'list') ? { layout: v.layout, style } : undefined;
}

export function contractFromCall(
  file: string,
  a: AssignmentFact,
  call: Extract<Value, { kind: 'call' }>,
  roles: ClassRoles,
  assignments: Map<string, AssignmentFact>,
  imports: PythonFacts['imports'] = [],
): ContractDecl {
  const className = calledClass(call.callee, imports);
  const kw = new Map(call.kwargs.map((k) => [k.name, k]));
  const dups: Duplicate[] = [];
  const inputsV = resolveLocal(kw.get('expected_input_paths')?.value, assignments);
  const outputsV = resolveLocal(kw.get('expected_output_paths')?.value, assignments);
  const reqV = resolveLocal(kw.get('required_env_vars')?.value, assignments);
  const optV = resolveLocal(kw.get('optional_env_vars')?.value, assignments);
  const argsV = resolveLocal(kw.get('expected_arguments')?.value, assignments);
  const requiredEnv: NamedDecl[] =
    reqV?.kind === 'list' ? reqV.items.flatMap((i) => (strOf(i) !== undefined ? [{ name: strOf(i)!, range: spanRange(i.range) }] : [])) : [];
  const optionalEnv: NamedDecl[] = namedEntries(optV, 'optional_env_vars', dups).map(({ name, entry }) => ({
    name,
    range: spanRange(entry.key.range),
    defaultText: entry.value.kind === 'str' ? JSON.stringify(entry.value.value) : entry.value.kind === 'other' ? entry.value.text : undefined,
  }));
  const args: NamedDecl[] = namedEntries(argsV, 'expected_arguments', dups).map(({ name, entry }) => {
    const defaultText = entry.value.kind === 'str' ? entry.value.value : undefined;
    return { name: normaliseFlag(name), range: spanRange(entry.key.range), defaultText, flag: flagSpelling(name, defaultText) };
  });
  if (argsV?.kind === 'list') {
    for (const i of argsV.items) {
      const written = strOf(i);
      if (written !== undefined) args.push({ name: normaliseFlag(written), range: spanRange(i.range), flag: flagSpelling(written) });
    }
  }
  const entry = kw.get('entry_point')?.value;
  return {
    id: `${file}#${a.name}`,
    file,
    name: a.name,
    nameRange: a.nameRange,
    range: spanRange(call.range),
    format: 'python',
    className,
    training: roles.training.has(className),
    entryPoint: strOf(entry) !== undefined ? { value: strOf(entry)!, range: spanRange(entry!.range) } : undefined,
    ...(strOf(resolveLocal(kw.get('source_dir')?.value, assignments)) ? { sourceDir: strOf(resolveLocal(kw.get('source_dir')?.value, assignments))! } : {}),
    inputs: dictChannels(inputsV, 'input', 'expected_input_paths', dups),
    outputs: dictChannels(outputsV, 'output', 'expected_output_paths', dups),
    requiredEnv,
    optionalEnv,
    arguments: args,
    duplicates: dups,
    keywords: keywordUses(call, className, 'contract', roles.contract.get(className) ?? BUILTIN_FIELDS.contract, roles),
    anchors: {
      inputs: anchor(inputsV, 'python-dict'),
      outputs: anchor(outputsV, 'python-dict'),
      requiredEnv: anchor(reqV, 'python-list'),
      optionalEnv: anchor(optV, 'python-dict'),
      arguments: anchor(argsV, argsV?.kind === 'list' ? 'python-list' : 'python-dict'),
    },
  };
}

function specChannels(
  v: Value | undefined,
  direction: Direction,
  roles: ClassRoles,
  keywords: KeywordUse[],
  dups: Duplicate[],
  mapping: string,
  imports: PythonFacts['imports'],
  assignments: Map<string, AssignmentFact>,
): ChannelDecl[] {
  const calls: { call: Extract<Value, { kind: 'call' }>; dictKey?: Value }[] = [];
  if (v?.kind === 'list') for (const i of v.items) if (i.kind === 'call') calls.push({ call: i });
  if (v?.kind === 'dict') for (const e of v.entries) if (e.value.kind === 'call') calls.push({ call: e.value, dictKey: e.key });
  const out: ChannelDecl[] = [];
  const seen = new Map<string, ChannelDecl>();
  for (const { call, dictKey } of calls) {
    const className = calledClass(call.callee, imports);
    const table = direction === 'input' ? roles.dependency : roles.output;
    if (!table.has(className)) continue;
    keywords.push(...keywordUses(call, className, direction === 'input' ? 'dependency' : 'output', table.get(className)!, roles));
    const kw = new Map(call.kwargs.map((k) => [k.name, k]));
    const ln = kw.get('logical_name')?.value ?? call.args[0];
    const name = strOf(ln) ?? strOf(dictKey);
    if (name === undefined) continue;
    const nameRange = spanRange(strOf(ln) !== undefined ? ln!.range : dictKey!.range);
    const req = kw.get('required')?.value;
    const typeV = kw.get(direction === 'input' ? 'dependency_type' : 'output_type')?.value;
    const sources = resolveLocal(kw.get('compatible_sources')?.value, assignments);
    const aliasesV = resolveLocal(kw.get('aliases')?.value, assignments);
    const keywordsV = resolveLocal(kw.get('semantic_keywords')?.value, assignments);
    const pathV = resolveLocal(kw.get('property_path')?.value, assignments);
    const dataTypeV = kw.get('data_type')?.value;
    const strings = (v: Value | undefined) =>
      v?.kind === 'list' ? v.items.flatMap((i) => (strOf(i) !== undefined ? [{ value: strOf(i)!, range: spanRange(i.range) }] : [])) : undefined;
    const decl: ChannelDecl = {
      name,
      nameRange,
      direction,
      required: direction === 'output' ? true : !(req?.kind === 'other' && req.text === 'False'),
      type: typeV?.kind === 'name' ? typeV.name.split('.').pop() : strOf(typeV),
      description: strOf(kw.get('description')?.value),
      typeRange: typeV ? spanRange(typeV.range) : undefined,
      compatibleSources: strings(sources),
      aliases: strings(aliasesV),
      semanticKeywords: strings(keywordsV)?.map((k) => k.value),
      propertyPath: strOf(pathV) !== undefined ? { value: strOf(pathV)!, range: spanRange(pathV!.range) } : undefined,
      dataType: dataTypeV?.kind === 'name' ? dataTypeV.name.split('.').pop() : strOf(dataTypeV),
      range: spanRange(call.range),
    };
    const first = seen.get(name);
    if (first) {
      // The later declaration is the one that takes effect.
      dups.push({ name, range: nameRange, firstRange: first.nameRange, mapping });
      out[out.indexOf(first)] = decl;
    } else out.push(decl);
    seen.set(name, decl);
  }
  return out;
}

/** `get_spec_step_type("X") + "_Training"`: the registry's name for X (its own name) with a job-type suffix. */
const STEP_TYPE_CONCAT = /^[\w.]*get_spec_step_type\(\s*["'](\w+)["']\s*\)\s*\+\s*["']([\w-]+)["']$/;

/** `NodeType.INTERNAL` or "internal" → "internal". */
function nodeTypeOf(v: Value | undefined): string | undefined {
  const text = v?.kind === 'name' ? v.name.split('.').pop() : strOf(v);
  return text?.toLowerCase();
}

export function specFromCall(
  file: string,
  a: AssignmentFact,
  call: Extract<Value, { kind: 'call' }>,
  roles: ClassRoles,
  facts: PythonFacts,
  assignments: Map<string, AssignmentFact>,
): SpecDecl {
  const className = calledClass(call.callee, facts.imports);
  const kw = new Map(call.kwargs.map((k) => [k.name, k]));
  const keywords = keywordUses(call, className, 'spec', roles.spec.get(className) ?? BUILTIN_FIELDS.spec, roles);
  const dups: Duplicate[] = [];
  const stepV = kw.get('step_type')?.value;
  let stepType: SpecDecl['stepType'];
  const concatenated = stepV?.kind === 'other' ? STEP_TYPE_CONCAT.exec(stepV.text) : null;
  if (strOf(stepV) !== undefined) stepType = { value: strOf(stepV)!, range: spanRange(stepV!.range) };
  else if (concatenated) stepType = { value: concatenated[1] + concatenated[2], range: spanRange(stepV!.range) };
  else if (stepV?.kind === 'call' && strOf(stepV.args[0]) !== undefined) {
    // get_spec_step_type_with_job_type("X", "training") names the variant "X_Training".
    const jobType = /job_type/.test(stepV.callee) ? strOf(stepV.args[1]) : undefined;
    const base = strOf(stepV.args[0])!;
    stepType = { value: jobType ? `${base}_${jobType.charAt(0).toUpperCase()}${jobType.slice(1)}` : base, range: spanRange(stepV.args[0].range) };
  }

  let contractRef: SpecDecl['contractRef'];
  const refV = kw.get('script_contract')?.value;
  const fromImports = (name: string, imports: PythonFacts['imports']) => imports.find((i) => i.local === name);
  if (refV?.kind === 'name') {
    const imp = fromImports(refV.name, facts.imports);
    contractRef = { name: imp?.imported ?? refV.name, module: imp?.module, level: imp?.level, range: spanRange(refV.range) };
  } else if (refV?.kind === 'call') {
    const fn = facts.functions.find((f) => f.name === refV.callee);
    if (fn?.returns) {
      const imp = fromImports(fn.returns, fn.imports) ?? fromImports(fn.returns, facts.imports);
      contractRef = { name: imp?.imported ?? fn.returns, module: imp?.module, level: imp?.level, range: spanRange(refV.range) };
    }
  }
  return {
    id: `${file}#${a.name}`,
    file,
    name: a.name,
    nameRange: a.nameRange,
    range: spanRange(call.range),
    format: 'python',
    stepType,
    contractRef,
    dependencies: specChannels(
      resolveLocal(kw.get('dependencies')?.value, assignments),
      'input',
      roles,
      keywords,
      dups,
      'dependencies',
      facts.imports,
      assignments,
    ),
    outputs: specChannels(resolveLocal(kw.get('outputs')?.value, assignments), 'output', roles, keywords, dups, 'outputs', facts.imports, assignments),
    duplicates: dups,
    keywords,
    nodeType: nodeTypeOf(kw.get('node_type')?.value),
  };
}

/** Contracts and specs declared at module level in one Python file. */
export function pythonDeclarations(file: string, facts: PythonFacts, roles: ClassRoles): { contracts: ContractDecl[]; specs: SpecDecl[] } {
  const contracts: ContractDecl[] = [];
  const specs: SpecDecl[] = [];
  const assignments = new Map(facts.assignments.map((a) => [a.name, a]));
  for (const a of facts.assignments) {
    if (a.value.kind !== 'call') continue;
    const cls = calledClass(a.value.callee, facts.imports);
    if (roles.contract.has(cls)) contracts.push(contractFromCall(file, a, a.value, roles, assignments, facts.imports));
    else if (roles.spec.has(cls)) specs.push(specFromCall(file, a, a.value, roles, facts, assignments));
  }
  if (facts.componentCalls) contracts.push(...sdkComponents(file, facts));
  contracts.push(...sdkDeclarations(file, facts));
  return { contracts, specs };
}

/** One row of a step registry: a step name and the SageMaker step kind it builds. */
export interface StepKindDecl {
  step: string;
  kind: string;
  file: string;
  range: Range;
}

/**
 * Rows of module-level step registries: a dict literal whose values are dicts
 * holding a `"sagemaker_step_type"` string (`STEP_NAMES = {"XGBoostTraining":
 * {"sagemaker_step_type": "Training", ...}}`). The key is the step name; a
 * `"spec_type"` entry, when present, is the name specs use for it.
 */
export function stepRegistryRows(file: string, facts: PythonFacts): StepKindDecl[] {
  const out: StepKindDecl[] = [];
  for (const a of facts.assignments) {
    if (a.value.kind !== 'dict') continue;
    for (const e of a.value.entries) {
      const step = strOf(e.key);
      if (step === undefined || e.value.kind !== 'dict') continue;
      const field = (name: string) => (e.value.kind === 'dict' ? e.value.entries.find((x) => strOf(x.key) === name) : undefined);
      const kind = field('sagemaker_step_type');
      const kindValue = strOf(kind?.value);
      if (kindValue === undefined) continue;
      const specType = strOf(field('spec_type')?.value);
      out.push({ step: specType ?? step, kind: kindValue, file, range: spanRange(kind!.value.range) });
    }
  }
  return out;
}

/** Cheap test for the above, used to decide whether a file feeds the declarations. */
export function holdsStepRegistry(facts: PythonFacts): boolean {
  return facts.assignments.some(
    (a) =>
      a.value.kind === 'dict' && a.value.entries.some((e) => e.value.kind === 'dict' && e.value.entries.some((x) => strOf(x.key) === 'sagemaker_step_type')),
  );
}
