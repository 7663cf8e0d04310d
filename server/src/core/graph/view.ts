// The pipeline graph as plain data for every face: `script-contracts graph`
// (JSON, Mermaid, DOT), the language server's request and the editor's view.
// Steps, the edges that can bind with why, and the dependencies nothing in the
// workspace feeds; each edge and dependency carries the findings on the
// declarations it joins.
import type { Finding, Range, Severity } from '../model';
import type { Project } from '../project';
import { pipelineGraph, type DependencyState, type EdgeState, type GraphStep } from './pipeline';
import type { BindReason } from './resolver';

export interface ViewLocation {
  /** As the caller wants files named (relative for the CLI, absolute for the server). */
  file: string;
  range: Range;
}

export interface ViewFinding {
  rule: string;
  severity: Severity;
  message: string;
}

export interface ViewStep {
  id: string;
  label: string;
  stepType?: string;
  /** The SageMaker kind when the files say it, and which file says so. */
  kind?: { value: string; source: string };
  nodeType?: string;
  spec: ViewLocation;
  contract?: ViewLocation & { name: string };
  script?: ViewLocation;
  variants: string[];
  dependencies: { name: string; type?: string; required: boolean; state: DependencyState; location: ViewLocation }[];
  outputs: { name: string; type?: string; propertyPath?: string; aliases: string[]; location: ViewLocation }[];
  /** Findings on the spec, its contract and its script, by severity. */
  counts: Partial<Record<Severity, number>>;
}

export interface ViewEdge {
  id: string;
  from: string;
  output: string;
  to: string;
  dependency: string;
  /** `external`: the producer is in external-step-types, outside the workspace. */
  state: EdgeState | 'external';
  reason?: BindReason;
  /** Whether the score is above 0.5 whatever the terms the files do not fix are. */
  certain: boolean;
  score?: { low: number; high: number };
  /** Why it binds (or may), one line per term, and what else the resolver may pick. */
  why: string[];
  findings: ViewFinding[];
}

export interface ViewUnresolved {
  /** Consumer step id and dependency. */
  to: string;
  dependency: string;
  required: boolean;
  state: 'unsatisfiable' | 'unknown-sources';
  why: string;
  findings: ViewFinding[];
}

export interface PipelineView {
  version: 1;
  steps: ViewStep[];
  externals: { id: string; label: string }[];
  edges: ViewEdge[];
  unresolved: ViewUnresolved[];
  counts: { steps: number; edges: number; resolved: number; ambiguous: number; external: number; unsatisfiable: number; unknownSources: number };
}

const ZERO: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

function within(inner: Range, outer: Range): boolean {
  const before = (a: Range['start'], b: Range['start']) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return before(outer.start, inner.start) && before(inner.end, outer.end);
}

export const externalId = (name: string) => `external:${name}`;

/**
 * The graph of the workspace. `show` names files for the caller; `findingsOf`
 * gives a file's findings (the caller's cache of `Project.check`), or none when
 * the view should carry no findings.
 */
export function pipelineView(project: Project, show: (file: string) => string = (f) => f, findingsOf?: (file: string) => Finding[]): PipelineView {
  const graph = pipelineGraph(project);
  const cache = new Map<string, Finding[]>();
  const findings = (file: string): Finding[] => {
    if (!findingsOf) return [];
    let list = cache.get(file);
    if (!list) cache.set(file, (list = findingsOf(file)));
    return list;
  };
  const on = (file: string, range: Range): ViewFinding[] =>
    findings(file)
      .filter((f) => f.file === file && within(f.range, range))
      .map((f) => ({ rule: f.rule, severity: f.severity, message: f.message }));
  const loc = (file: string, range: Range): ViewLocation => ({ file: show(file), range });
  // Step ids are `file#NAME`: named the caller's way too.
  const sid = (id: string) => {
    const at = id.lastIndexOf('#');
    return `${show(id.slice(0, at))}${id.slice(at)}`;
  };

  const steps: ViewStep[] = graph.steps.map((s: GraphStep) => {
    const counts: Partial<Record<Severity, number>> = {};
    for (const file of new Set([s.spec.file, ...(s.contract ? [s.contract.file] : []), ...s.scripts.slice(0, 1)])) {
      for (const f of findings(file)) {
        const mine = file !== s.spec.file || within(f.range, s.spec.range);
        if (mine) counts[f.severity] = (counts[f.severity] ?? 0) + 1;
      }
    }
    return {
      id: sid(s.id),
      label: s.label,
      stepType: s.stepType,
      kind: s.kind ? { value: s.kind.value, source: s.kind.source } : undefined,
      nodeType: s.nodeType,
      spec: loc(s.spec.file, s.spec.nameRange),
      contract: s.contract ? { ...loc(s.contract.file, s.contract.nameRange), name: s.contract.name } : undefined,
      script: s.scripts[0] ? loc(s.scripts[0], ZERO) : undefined,
      variants: s.variants,
      dependencies: s.spec.dependencies.map((d) => ({
        name: d.name,
        type: d.type?.toLowerCase(),
        required: d.required,
        state: graph.resolutionOf(s.id, d.name)?.state ?? 'unsatisfiable',
        location: loc(s.spec.file, d.nameRange),
      })),
      outputs: s.spec.outputs.map((o) => ({
        name: o.name,
        type: o.type?.toLowerCase(),
        propertyPath: o.propertyPath?.value,
        aliases: o.aliases?.map((a) => a.value) ?? [],
        location: loc(s.spec.file, o.nameRange),
      })),
      counts,
    };
  });

  const edges: ViewEdge[] = [];
  const unresolved: ViewUnresolved[] = [];
  const externals = new Map<string, { id: string; label: string }>();
  let resolved = 0;
  let ambiguous = 0;
  for (const r of graph.resolutions) {
    const consumer = graph.stepsById.get(r.step)!;
    const depFindings = on(consumer.spec.file, r.dependency.range);
    for (const e of r.edges) {
      const producer = graph.stepsById.get(e.from)!;
      const out = producer.spec.outputs.find((o) => o.name === e.output);
      const rivals = e.rivals.length
        ? e.state === 'ambiguous'
          ? [`the resolver may pick ${e.rivals.join(', ')} instead: the files do not decide`]
          : [`${e.rivals.join(', ')} score${e.rivals.length === 1 ? 's' : ''} exactly the same; ${e.output} is declared first and is taken`]
        : [];
      edges.push({
        id: `${sid(e.from)}#${e.output}->${sid(e.to)}#${e.dependency}`,
        from: sid(e.from),
        output: e.output,
        to: sid(e.to),
        dependency: e.dependency,
        state: e.state,
        reason: e.reason,
        certain: e.certain,
        score: { low: e.score.low, high: e.score.high },
        why: [
          `${e.reason === 'name' ? 'same name' : e.reason === 'alias' ? 'an alias of the output' : 'compatible types only'}; score ${e.score.low}–${e.score.high}${e.certain ? '' : ' (may not clear 0.5)'}`,
          e.via ? `compatible_sources lists ${e.via}` : 'compatible_sources is empty: any step may feed it',
          ...e.score.terms,
          ...rivals,
        ],
        findings: [...depFindings, ...(out ? on(producer.spec.file, out.range) : [])],
      });
      if (e.state === 'resolved') resolved++;
      else ambiguous++;
    }
    for (const x of r.externals) {
      const id = externalId(x);
      if (!externals.has(id)) externals.set(id, { id, label: x });
      edges.push({
        id: `${id}->${sid(r.step)}#${r.dependency.name}`,
        from: id,
        output: '',
        to: sid(r.step),
        dependency: r.dependency.name,
        state: 'external',
        certain: false,
        why: [`${x} is in external-step-types: produced outside this workspace, not scored`],
        findings: depFindings,
      });
    }
    if (!r.edges.length && !r.externals.length) {
      const names = r.producers.map((p) => graph.stepsById.get(p)?.label ?? p);
      unresolved.push({
        to: sid(r.step),
        dependency: r.dependency.name,
        required: r.dependency.required,
        state: r.state === 'unknown-sources' ? 'unknown-sources' : 'unsatisfiable',
        why:
          r.state === 'unknown-sources'
            ? `no step of the workspace is named by compatible_sources (${(r.dependency.compatibleSources ?? []).map((c) => c.value).join(', ')})`
            : `no output of ${names.length ? names.join(', ') : 'any step'} can feed a ${r.dependency.type ?? 'dependency of unknown type'}`,
        findings: depFindings,
      });
    }
  }
  const count = (s: string) => unresolved.filter((u) => u.state === s).length;
  return {
    version: 1,
    steps,
    externals: [...externals.values()],
    edges,
    unresolved,
    counts: {
      steps: steps.length,
      edges: edges.length,
      resolved,
      ambiguous,
      external: edges.filter((e) => e.state === 'external').length,
      unsatisfiable: count('unsatisfiable'),
      unknownSources: count('unknown-sources'),
    },
  };
}
