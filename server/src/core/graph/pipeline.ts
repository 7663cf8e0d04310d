// The pipeline graph: one step per spec (with its contract and script), and an
// edge from each dependency to every producer output that can feed it, with
// the reason (name, alias, type) and whether the binding is proved. Computed
// from the declarations only, once per declarations version (kept in
// Declarations.derived), so that every rule, lens and view of it agrees.
import type { ChannelDecl, ContractDecl, SpecDecl } from '../facts';
import type { Range } from '../model';
import type { Declarations, Project } from '../project';
import { oneEditIndex } from '../suggest';
import { above, atLeast, canBind, JOB_TYPES, jobTypeBase, mustBind, pairScore, referredBase, tied, type BindReason, type PairScore } from './resolver';

/** The SageMaker job a step runs, when the files say it, and which file says it. */
export interface StepKind {
  /** As declared: `Processing`, `Training`, `Transform`, `CreateModel`, `Tuning`, `Lambda`, or a custom kind. */
  value: string;
  source: 'interface' | 'registry' | 'contract class';
  file: string;
  range: Range;
}

export interface GraphStep {
  /** The spec's id (`file#NAME`). */
  id: string;
  label: string;
  stepType?: string;
  nodeType?: string;
  kind?: StepKind;
  spec: SpecDecl;
  contract?: ContractDecl;
  scripts: string[];
  variants: string[];
}

export type EdgeState = 'resolved' | 'ambiguous';

export interface GraphEdge {
  id: string;
  /** Producer step id and output name. */
  from: string;
  output: string;
  /** Consumer step id and dependency name. */
  to: string;
  dependency: string;
  reason: BindReason;
  state: EdgeState;
  score: PairScore;
  /** The score exceeds the 0.5 threshold whatever the terms the files do not fix are. */
  certain: boolean;
  /** The compatible_sources entry naming the producer; undefined when the list is empty (every step may feed it). */
  via?: string;
  /** State ambiguous: the other outputs of the producer the resolver may pick instead. State resolved: outputs scoring exactly the same, which lose only by coming later. */
  rivals: string[];
  /** Resolved only because it is declared first: the rivals score exactly the same. */
  tie: boolean;
  /** How many outputs of the producer can feed the dependency at all (pass the type gate and may clear 0.5). */
  candidates: number;
}

export type DependencyState = 'resolved' | 'ambiguous' | 'unsatisfiable' | 'external' | 'unknown-sources';

export interface DependencyResolution {
  step: string;
  dependency: ChannelDecl;
  /** The variant whose restated dependency this is; undefined for the base spec's. */
  variant?: string;
  state: DependencyState;
  edges: GraphEdge[];
  /** Producer steps the compatible_sources name (all steps but this one when the list is empty). */
  producers: string[];
  /** Entries in external-step-types: produced outside the workspace. */
  externals: string[];
  /** Entries naming no step of the workspace. */
  unknown: { value: string; range: Range }[];
  /** Per producer: other dependencies of the same step that only the same single output of it can feed. */
  contested: { output: string; from: string; with: ChannelDecl[] }[];
}

export interface PipelineGraph {
  steps: GraphStep[];
  stepsById: Map<string, GraphStep>;
  edges: GraphEdge[];
  /** The base dependencies of every step, in order. */
  resolutions: DependencyResolution[];
  resolutionOf(specId: string, dependency: string, variant?: string): DependencyResolution | undefined;
  /** Every step type the workspace defines, with its job-type variants (what compatible_sources may name). */
  knownStepTypes: Set<string>;
  /** Step types declared by a spec or a variant, and their job-type bases: what a fix may suggest. */
  declaredStepTypes: string[];
  /** The declared step types within one edit of a name, case-insensitively (indexed once per graph). */
  declaredStepTypesNear(name: string): string[];
  /** compatible_sources entries, in external-step-types, some step lists. */
  externalSources: string[];
}

const GRAPH_KEY = 'pipeline-graph';

/** The workspace's pipeline graph, computed once per declarations version. */
export function pipelineGraph(project: Project): PipelineGraph {
  const d = project.declarations();
  const externals = project.rootConfig.config.externalStepTypes;
  const key = `${GRAPH_KEY}:${externals.join(',')}`;
  const cached = d.derived.get(key) as PipelineGraph | undefined;
  if (cached) return cached;
  const graph = buildGraph(project, d, new Set(externals));
  d.derived.set(key, graph);
  return graph;
}

function buildGraph(project: Project, d: Declarations, externals: Set<string>): PipelineGraph {
  const steps: GraphStep[] = [];
  const stepsById = new Map<string, GraphStep>();
  for (const spec of d.specs) {
    const contract = d.contractOfSpec.get(spec.id);
    const step: GraphStep = {
      id: spec.id,
      label: spec.stepType?.value ?? spec.name,
      stepType: spec.stepType?.value,
      nodeType: spec.nodeType,
      kind: stepKind(spec, contract, d),
      spec,
      contract,
      scripts: contract ? project.scriptsOf(contract) : [],
      variants: spec.variants?.map((v) => v.name) ?? [],
    };
    steps.push(step);
    stepsById.set(step.id, step);
  }

  return { steps, stepsById, ...resolvedSpecs(project, d.specs, externals) };
}

/** What the resolver concludes depends on the specs alone: the part of the graph steps and contracts do not change. */
type Resolved = Omit<PipelineGraph, 'steps' | 'stepsById'>;

/**
 * The last resolution per project, kept while its specs are the same objects (the project rebuilds a file's
 * declarations only when that file changed): a contract or script edit re-resolves nothing, a spec edit all.
 */
const lastResolved = new WeakMap<Project, { specs: readonly SpecDecl[]; externals: string; value: Resolved }>();

function resolvedSpecs(project: Project, specs: SpecDecl[], externals: Set<string>): Resolved {
  const key = [...externals].join('\u0000');
  const last = lastResolved.get(project);
  if (last && last.externals === key && last.specs.length === specs.length && last.specs.every((s, i) => s === specs[i])) return last.value;
  const value = resolveAll(specs, externals);
  lastResolved.set(project, { specs: [...specs], externals: key, value });
  return value;
}

function resolveAll(specs: SpecDecl[], externals: Set<string>): Resolved {
  // Families: a base step type and its job-type variants name the same step.
  const family = new Map<string, SpecDecl[]>();
  const declared = new Set<string>();
  const addFamily = (type: string, spec: SpecDecl) => {
    declared.add(type);
    const base = jobTypeBase(type);
    declared.add(base);
    const list = family.get(base) ?? [];
    if (!list.includes(spec)) list.push(spec);
    family.set(base, list);
  };
  const exact = new Map<string, SpecDecl[]>();
  for (const spec of specs) {
    const types = [spec.stepType?.value, ...(spec.variants?.map((v) => v.stepType?.value) ?? [])].filter((t): t is string => !!t);
    for (const t of types) {
      addFamily(t, spec);
      const list = exact.get(t) ?? [];
      if (!list.includes(spec)) list.push(spec);
      exact.set(t, list);
    }
  }
  const known = new Set(declared);
  for (const base of family.keys()) for (const j of JOB_TYPES) known.add(`${base}_${j}`);

  const named = (entry: string): SpecDecl[] => {
    const out = [...(exact.get(entry) ?? [])];
    for (const s of family.get(referredBase(entry)) ?? []) if (!out.includes(s)) out.push(s);
    return out;
  };

  const edges: GraphEdge[] = [];
  const resolutions: DependencyResolution[] = [];
  const index = new Map<string, DependencyResolution>();
  const externalSources = new Set<string>();
  const resolveStep = (spec: SpecDecl, deps: ChannelDecl[], variant: string | undefined, restated?: string[]) => {
    const mine: DependencyResolution[] = [];
    for (const dep of deps) {
      if (restated && !restated.includes(dep.name)) continue;
      const r = resolveDependency(spec, dep, variant, specs, named, externals);
      for (const e of r.externals) externalSources.add(e);
      mine.push(r);
      index.set(`${spec.id}\u0000${variant ?? ''}\u0000${dep.name}`, r);
    }
    markContested(mine);
    return mine;
  };
  for (const spec of specs) {
    const mine = resolveStep(spec, spec.dependencies, undefined);
    resolutions.push(...mine);
    for (const r of mine) edges.push(...r.edges);
    for (const v of spec.variants ?? []) resolveStep(spec, v.dependencies, v.name, v.restated.input);
  }
  const declaredStepTypes = [...declared].sort();
  let near: ((name: string) => string[]) | undefined;
  return {
    edges,
    resolutions,
    resolutionOf: (specId, dependency, variant) => index.get(`${specId}\u0000${variant ?? ''}\u0000${dependency}`),
    knownStepTypes: known,
    declaredStepTypes,
    declaredStepTypesNear: (name) => (near ??= oneEditIndex(declaredStepTypes))(name),
    externalSources: [...externalSources].sort(),
  };
}

function resolveDependency(
  spec: SpecDecl,
  dep: ChannelDecl,
  variant: string | undefined,
  specs: SpecDecl[],
  named: (entry: string) => SpecDecl[],
  externals: Set<string>,
): DependencyResolution {
  const r: DependencyResolution = {
    step: spec.id,
    dependency: dep,
    variant,
    state: 'unsatisfiable',
    edges: [],
    producers: [],
    externals: [],
    unknown: [],
    contested: [],
  };
  const producers: { spec: SpecDecl; via?: string }[] = [];
  const entries = dep.compatibleSources ?? [];
  if (entries.length) {
    for (const e of entries) {
      if (externals.has(e.value) || externals.has(referredBase(e.value))) {
        r.externals.push(e.value);
        continue;
      }
      const found = named(e.value);
      if (!found.length) r.unknown.push(e);
      for (const p of found) if (!producers.some((x) => x.spec === p)) producers.push({ spec: p, via: e.value });
    }
  } else {
    // No list: any other step may feed it.
    for (const p of specs) if (p !== spec) producers.push({ spec: p });
  }
  r.producers = producers.map((p) => p.spec.id);
  for (const { spec: producer, via } of producers) {
    const scored: { out: ChannelDecl; score: PairScore }[] = [];
    for (const out of producer.outputs) {
      const score = pairScore(dep, out, producer);
      if (score && canBind(score)) scored.push({ out, score });
    }
    // The resolver takes the best score, the first declared on a tie. `wins(a, b)`: a is taken over b whatever the unfixed terms are.
    const wins = (a: (typeof scored)[number], b: (typeof scored)[number]) =>
      above(a.score, b.score) || (atLeast(a.score, b.score) && producer.outputs.indexOf(a.out) < producer.outputs.indexOf(b.out));
    const proven = scored.find((a) => scored.every((b) => b === a || wins(a, b)));
    const best = proven ? [proven] : scored.filter((a) => !scored.some((b) => b !== a && wins(b, a)));
    for (const b of best) {
      const equals = proven ? scored.filter((x) => x !== b && tied(b.score, x.score)).map((x) => x.out.name) : [];
      r.edges.push({
        id: `${producer.id}#${b.out.name}->${spec.id}#${dep.name}${variant ? `@${variant}` : ''}`,
        from: producer.id,
        output: b.out.name,
        to: spec.id,
        dependency: dep.name,
        reason: b.score.reason,
        state: best.length > 1 ? 'ambiguous' : 'resolved',
        score: b.score,
        certain: mustBind(b.score),
        via,
        rivals: proven ? equals : best.filter((x) => x !== b).map((x) => x.out.name),
        tie: equals.length > 0,
        candidates: scored.length,
      });
    }
  }
  if (r.edges.length) r.state = r.edges.some((e) => e.state === 'resolved') ? 'resolved' : 'ambiguous';
  else if (r.externals.length) r.state = 'external';
  else if (!producers.length) r.state = 'unknown-sources';
  return r;
}

/** Dependencies of one step that only one and the same output of a producer can feed: the framework gives it to one of them, or to all. */
function markContested(resolutions: DependencyResolution[]): void {
  const byOutput = new Map<string, DependencyResolution[]>();
  for (const r of resolutions) {
    for (const e of r.edges) {
      if (e.candidates !== 1) continue;
      const k = `${e.from}#${e.output}`;
      const list = byOutput.get(k) ?? [];
      list.push(r);
      byOutput.set(k, list);
    }
  }
  for (const [k, group] of byOutput) {
    if (group.length < 2) continue;
    const at = k.lastIndexOf('#');
    for (const r of group) r.contested.push({ from: k.slice(0, at), output: k.slice(at + 1), with: group.filter((x) => x !== r).map((x) => x.dependency) });
  }
}

/**
 * The step's SageMaker kind, when the files say it: the interface's registry
 * block, a step registry row, or a training contract class. Container paths
 * alone do not say it (custom step kinds use processing paths too). When two
 * of these disagree, the kind is unknown.
 */
function stepKind(spec: SpecDecl, contract: ContractDecl | undefined, d: Declarations): StepKind | undefined {
  const evidence: StepKind[] = [];
  if (spec.sagemakerStepType) evidence.push({ value: spec.sagemakerStepType.value, source: 'interface', file: spec.file, range: spec.sagemakerStepType.range });
  const t = spec.stepType?.value;
  const row = t !== undefined ? (d.stepKinds.get(t) ?? d.stepKinds.get(jobTypeBase(t))) : undefined;
  if (row) evidence.push({ value: row.kind, source: 'registry', file: row.file, range: row.range });
  if (contract) {
    if (contract.format === 'python' && d.roles.training.has(contract.className))
      evidence.push({ value: 'Training', source: 'contract class', file: contract.file, range: contract.nameRange });
  }
  if (!evidence.length) return undefined;
  return evidence.every((e) => e.value === evidence[0].value) ? evidence[0] : undefined;
}
