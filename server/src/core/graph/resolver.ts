// What the framework's dependency resolver would bind, as far as the files
// prove it. The resolver scores each (dependency, producer output) pair and
// binds the best pair scoring above 0.5:
//
//   type (0.4 same, 0.2 compatible by the matrix, else the pair is rejected)
//   + data type (0.2 same, 0.1 S3Uri~String or Integer~Float)
//   + 0.25 × name similarity (1.0 when the names are equal once normalised,
//     else a fuzzy measure) + 0.05 when the names are equal or the dependency
//     is one of the output's aliases
//   + the compatible_sources term (+0.1 listed; −0.1, 0 or +0.05 otherwise,
//     depending on the framework's revision)
//   + 0.05 × the share of the dependency's semantic_keywords found in the
//     output's name,
//
// capped at 1.0. Every term but the fuzzy similarity is computed exactly; the
// similarity is bounded (0 to 1, or exactly 1 for names equal once normalised),
// and the compatible_sources term is bounded over the revisions. So each pair
// gets a score interval, and a binding is reported only when the intervals
// prove it (docs/rules/unsatisfiable-dependency.md says why this much).
import type { ChannelDecl, SpecDecl } from '../facts';

/** The framework's six dependency/output types, by their values. */
export const DEPENDENCY_TYPES = ['model_artifacts', 'processing_output', 'training_data', 'hyperparameters', 'payload_samples', 'custom_property'] as const;

/** Output types a dependency of each type accepts at 0.2 (besides its own type at 0.4). */
const COMPATIBLE: Record<string, string[]> = {
  model_artifacts: [],
  processing_output: ['training_data'],
  training_data: ['processing_output'],
  hyperparameters: ['custom_property'],
  payload_samples: ['processing_output'],
  custom_property: [],
};

const DATA_TYPE_NEAR: Record<string, string> = { S3Uri: 'String', String: 'S3Uri', Integer: 'Float', Float: 'Integer' };

/** The job types a step's variants are named by (`X_Training`). */
export const JOB_TYPES = ['Training', 'Testing', 'Validation', 'Calibration'] as const;
const JOB_SUFFIX = /[_-](?:Training|Testing|Validation|Calibration)$/;
const JOB_SUFFIX_UNDERSCORE = /_(?:Training|Testing|Validation|Calibration)$/;

/**
 * The step type of a declared job-type variant without its suffix: `X_Training` → `X`, also
 * `X-Training`, a spelling some specs declare their own step type with.
 */
export function jobTypeBase(stepType: string): string {
  return stepType.replace(JOB_SUFFIX, '');
}

/** The same for a name that is only referred to: only the framework's own spelling of a variant (`X_Training`) names one. */
export function referredBase(name: string): string {
  return name.replace(JOB_SUFFIX_UNDERSCORE, '');
}

/** `PROCESSING_OUTPUT` (a Python enum member) and `processing_output` (its value) are the same type. */
export function typeValue(type: string | undefined): string | undefined {
  return type?.toLowerCase();
}

/** A closed interval of scores; `highOpen` when the upper end is a supremum the score never reaches. */
export interface Interval {
  low: number;
  high: number;
  highOpen: boolean;
}

/** Why a pair can bind: the dependency's name is the output's name, one of its aliases, or only the types agree. */
export type BindReason = 'name' | 'alias' | 'type';

/**
 * A pair's score: its interval, and its terms kept apart, because two outputs
 * of one producer share some unknowns (the compatible_sources term, a data
 * type left to the default) and are compared term by term.
 */
export interface PairScore extends Interval {
  reason: BindReason;
  type: { low: number; high: number };
  /** The data type compared (the output's, or undefined for the default): outputs with the same one score the same here. */
  dataType: { low: number; high: number; key: string | undefined };
  /** Name similarity: exactly 1 for names equal once normalised, else somewhere in [0, 1). */
  similarityKnown: boolean;
  exact: number;
  keywords: number;
  source: { low: number; high: number };
  /** The terms, for explanations ("type processing_output = processing_output (0.4)", ...). */
  terms: string[];
}

/** The name similarity's normalisation, as far as it is the same for every revision (case, separators, punctuation). */
export function normalName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[_\-.]/g, ' ')
    .replace(/[^a-z0-9\s]/g, '')
    .split(/\s+/)
    .filter(Boolean)
    .join(' ');
}

function typePoints(dep: ChannelDecl, out: ChannelDecl): { low: number; high: number; term: string } | 'rejected' {
  const d = typeValue(dep.type);
  const o = typeValue(out.type);
  if (d === undefined || o === undefined) return { low: 0, high: 0.4, term: 'type unknown (0 to 0.4)' };
  if (d === o) return { low: 0.4, high: 0.4, term: `type ${d} = ${o} (0.4)` };
  const known = COMPATIBLE[d];
  if (known === undefined) return 'rejected';
  if (known.includes(o)) return { low: 0.2, high: 0.2, term: `type ${o} accepted for ${d} (0.2)` };
  return 'rejected';
}

function dataTypePoints(dep: ChannelDecl, out: ChannelDecl): { low: number; high: number; term: string } {
  // Both left to the framework's default: the same default on both sides.
  if (dep.dataType === undefined && out.dataType === undefined) return { low: 0.2, high: 0.2, term: 'data type default on both (0.2)' };
  if (dep.dataType === undefined || out.dataType === undefined) return { low: 0, high: 0.2, term: 'data type default on one side (0 to 0.2)' };
  if (dep.dataType === out.dataType) return { low: 0.2, high: 0.2, term: `data type ${dep.dataType} (0.2)` };
  if (DATA_TYPE_NEAR[dep.dataType] === out.dataType) return { low: 0.1, high: 0.1, term: `data type ${out.dataType} for ${dep.dataType} (0.1)` };
  return { low: 0, high: 0, term: `data type ${out.dataType} for ${dep.dataType} (0)` };
}

/**
 * How the producer stands in the dependency's compatible_sources, over the
 * framework's revisions: listed by its own (unsuffixed) step type is +0.1 in
 * each; an empty list is 0 or +0.05; anything else, −0.1 to +0.1 (revisions
 * differ in how they normalise job-type suffixes and legacy names).
 */
export function sourcePoints(dep: ChannelDecl, producer: SpecDecl): { low: number; high: number; term: string } {
  const list = dep.compatibleSources?.map((s) => s.value) ?? [];
  if (!list.length) return { low: 0, high: 0.05, term: 'compatible_sources empty (0 to 0.05)' };
  const t = producer.stepType?.value;
  if (t !== undefined && jobTypeBase(t) === t && !t.includes('_') && list.includes(t))
    return { low: 0.1, high: 0.1, term: `${t} listed in compatible_sources (0.1)` };
  return { low: -0.1, high: 0.1, term: `${t ?? producer.name} not listed by its own step type (−0.1 to 0.1)` };
}

function keywordPoints(dep: ChannelDecl, out: ChannelDecl): number {
  const kws = dep.semanticKeywords ?? [];
  if (!kws.length) return 0;
  const name = out.name.toLowerCase();
  return (kws.filter((k) => name.includes(k.toLowerCase())).length / kws.length) * 0.05;
}

const round = (x: number) => Math.round(x * 1000) / 1000;
/** Sums of tenths and twentieths in floating point: compare with a tolerance. */
const EPS = 1e-9;

/** The score interval of binding `dep` to `out` of `producer`, or undefined when the types reject the pair. */
export function pairScore(dep: ChannelDecl, out: ChannelDecl, producer: SpecDecl): PairScore | undefined {
  const type = typePoints(dep, out);
  if (type === 'rejected') return undefined;
  const data = dataTypePoints(dep, out);
  const aliases = out.aliases?.map((a) => a.value) ?? [];
  const target = normalName(dep.name);
  const sameName = normalName(out.name) === target;
  const sameAlias = !sameName && aliases.some((n) => normalName(n) === target);
  const exact = dep.name === out.name || aliases.includes(dep.name) ? 0.05 : 0;
  const src = sourcePoints(dep, producer);
  const kw = keywordPoints(dep, out);
  const known = sameName || sameAlias;
  const lowRaw = type.low + data.low + (known ? 0.25 : 0) + exact + kw + src.low;
  const highRaw = type.high + data.high + 0.25 + exact + kw + src.high;
  const terms = [
    type.term,
    data.term,
    known ? `name ${sameName ? out.name : 'alias'} equal once normalised (1.0 × 0.25)` : 'name similarity not fixed by the files (0 to 1 × 0.25)',
  ];
  if (exact) terms.push(`exact ${dep.name === out.name ? 'name' : 'alias'} (0.05)`);
  terms.push(src.term);
  if (kw) terms.push(`keywords ${round(kw)}`);
  return {
    low: round(Math.min(1, Math.max(0, lowRaw))),
    high: round(Math.min(1, highRaw)),
    // The fuzzy similarity is below 1 for names that differ once normalised: the upper end is not reached then.
    highOpen: !known && highRaw <= 1 + EPS,
    reason: sameName ? 'name' : sameAlias ? 'alias' : 'type',
    type: { low: type.low, high: type.high },
    dataType: { low: data.low, high: data.high, key: out.dataType },
    similarityKnown: known,
    exact,
    keywords: kw,
    source: { low: src.low, high: src.high },
    terms,
  };
}

/**
 * The least `a − b` can be, for two outputs of one producer scored against one
 * dependency (the compatible_sources term is the same for both and cancels),
 * and whether that least value is only approached (b's similarity is below 1).
 */
function leastDifference(a: PairScore, b: PairScore): { value: number; open: boolean } {
  const data = a.dataType.key === b.dataType.key ? 0 : a.dataType.low - b.dataType.high;
  const sim = (a.similarityKnown ? 0.25 : 0) - 0.25;
  const value = a.type.low - b.type.high + data + sim + (a.exact - b.exact) + (a.keywords - b.keywords);
  return { value, open: !b.similarityKnown };
}

/** Does `a` score at least as much as `b`, whatever the terms the files do not fix are? */
export function atLeast(a: PairScore, b: PairScore): boolean {
  return leastDifference(a, b).value > -EPS;
}

/** Can `b` reach the cap of 1.0 (where everything above it ties)? */
function mayReachCap(b: PairScore): boolean {
  const raw = b.type.high + b.dataType.high + 0.25 + b.exact + b.keywords + b.source.high;
  return raw > 1 + EPS || (Math.abs(raw - 1) <= EPS && b.similarityKnown);
}

/** Does `a` score strictly more than `b`, the cap at 1.0 included, whatever the unfixed terms are? */
export function above(a: PairScore, b: PairScore): boolean {
  const d = leastDifference(a, b);
  const ahead = d.value > EPS || (Math.abs(d.value) <= EPS && d.open);
  return ahead && !mayReachCap(b);
}

/** Do `a` and `b` always score the same: both surely capped at 1.0, or equal names and equal fixed terms? */
export function tied(a: PairScore, b: PairScore): boolean {
  if (a.low >= 1 - EPS && b.low >= 1 - EPS) return true;
  return a.similarityKnown && b.similarityKnown && Math.abs(leastDifference(a, b).value) <= EPS && Math.abs(leastDifference(b, a).value) <= EPS;
}

/** The framework binds a pair scoring strictly above this. */
export const THRESHOLD = 0.5;

/** Can the pair's score exceed the threshold? */
export function canBind(s: Interval): boolean {
  return s.high > THRESHOLD;
}

/** Does the pair's score exceed the threshold whatever the unknown terms are? */
export function mustBind(s: Interval): boolean {
  return s.low > THRESHOLD;
}
