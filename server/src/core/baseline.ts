// Baselines, for adopting the checker on a repository that already has
// findings: today's findings are accepted in a file, so that only new ones
// fail a run (`check --write-baseline`, as basedpyright's --writebaseline and
// ESLint's --suppress-all do).
//
// A finding is keyed by its file (relative to the baseline file's folder, with
// `/` separators), its rule and its entity: the channel, env var, argument,
// path or keyword it is about (Finding.entity), never its line, so an edit
// elsewhere in the file does not resurface it. Identical keys are counted: two
// hardcoded uses of one path are two accepted findings, and a third is new.
// Within one key the first `count` findings by position are the accepted ones.
//
// The file is JSON, one entry per line, keys sorted, so that it diffs and merges
// well under review:
//
//   { "version": 1, "findings": { "scripts/a.py": { "hardcoded-path": { "/opt/ml/processing/input/data": 2 } } } }
//
// A finding without an entity (missing-contract is about the file itself) has
// the entity "". This module is pure; host/baseline-file.ts reads and writes.
import { type Finding, shownFile } from './model';

export const BASELINE_VERSION = 1;
export const DEFAULT_BASELINE_FILE = '.script-contracts-baseline.json';

/** Findings that cannot be accepted: a broken configuration always stops the run. */
const NEVER_BASELINED = new Set<string>(['config-error']);

export interface BaselineEntry {
  /** Relative to the baseline file's folder, `/`-separated. */
  file: string;
  rule: string;
  entity: string;
  count: number;
}

/** Accepted findings: a count per (file, rule, entity). */
export class Baseline {
  private readonly counts = new Map<string, BaselineEntry>();

  static of(entries: Iterable<BaselineEntry>): Baseline {
    const b = new Baseline();
    for (const e of entries) b.add(e.file, e.rule, e.entity, e.count);
    return b;
  }

  add(file: string, rule: string, entity: string, count = 1): void {
    if (count <= 0) return;
    const key = entryKey(file, rule, entity);
    const known = this.counts.get(key);
    if (known) known.count += count;
    else this.counts.set(key, { file, rule, entity, count });
  }

  count(file: string, rule: string, entity: string): number {
    return this.counts.get(entryKey(file, rule, entity))?.count ?? 0;
  }

  /** Every entry, sorted by file, rule and entity (code-unit order, the same on every machine). */
  entries(): BaselineEntry[] {
    return [...this.counts.values()].map((e) => ({ ...e })).sort((a, b) => cmp(a.file, b.file) || cmp(a.rule, b.rule) || cmp(a.entity, b.entity));
  }

  /** The number of accepted findings. */
  get size(): number {
    let n = 0;
    for (const e of this.counts.values()) n += e.count;
    return n;
  }

  /** A copy with one fewer finding of this key (the editor's "Remove from the baseline"). */
  withoutOne(file: string, rule: string, entity: string): Baseline {
    const b = Baseline.of(this.entries());
    const e = b.counts.get(entryKey(file, rule, entity));
    if (e && --e.count <= 0) b.counts.delete(entryKey(file, rule, entity));
    return b;
  }
}

const entryKey = (file: string, rule: string, entity: string) => JSON.stringify([file, rule, entity]);
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Can this finding be accepted in a baseline? */
export function baselinable(f: Finding): boolean {
  return !NEVER_BASELINED.has(f.rule);
}

/** The baseline of these findings; `relOf` names a finding's file relative to the baseline file's folder. */
export function baselineOf(findings: readonly Finding[], relOf: (file: string) => string): Baseline {
  const b = new Baseline();
  for (const f of findings) if (baselinable(f)) b.add(relOf(shownFile(f)), f.rule, f.entity ?? '');
  return b;
}

/**
 * A new baseline from today's findings of the files that were checked
 * (`checked`), keeping the old entries of every other file: checking a
 * subfolder with --write-baseline does not forget the rest. Entries of checked
 * files that no longer occur (stale ones) are dropped.
 */
export function rebaseline(
  old: Baseline | undefined,
  findings: readonly Finding[],
  relOf: (file: string) => string,
  checked: (rel: string) => boolean,
): Baseline {
  const b = baselineOf(findings, relOf);
  for (const e of old?.entries() ?? []) if (!checked(e.file)) b.add(e.file, e.rule, e.entity, e.count);
  return b;
}

export interface BaselineMatch {
  /** The findings, in the order given; accepted ones are copies marked `baselined`. */
  findings: Finding[];
  /** How many were accepted. */
  baselined: number;
  /** Accepted findings that no longer occur, among the entries `inScope` selects (none without it); `count` is how many are gone. */
  stale: BaselineEntry[];
}

/**
 * Marks the findings the baseline accepts. Within one key, the first `count`
 * findings by position are accepted and any more are new. Stale entries are
 * looked for only with `inScope`, among the entries of the files it accepts
 * (those that were checked): the editor, matching one file's findings at a
 * time, does not walk the whole baseline for each.
 */
export function matchBaseline(
  findings: readonly Finding[],
  baseline: Baseline,
  relOf: (file: string) => string,
  inScope?: (rel: string) => boolean,
): BaselineMatch {
  const groups = new Map<string, { rel: string; rule: string; entity: string; members: number[] }>();
  findings.forEach((f, i) => {
    if (!baselinable(f)) return;
    const rel = relOf(shownFile(f));
    const entity = f.entity ?? '';
    const key = entryKey(rel, f.rule, entity);
    const g = groups.get(key);
    if (g) g.members.push(i);
    else groups.set(key, { rel, rule: f.rule, entity, members: [i] });
  });
  const accepted = new Set<number>();
  const seen = new Set<string>();
  const stale: BaselineEntry[] = [];
  for (const [key, g] of groups) {
    seen.add(key);
    const allowed = baseline.count(g.rel, g.rule, g.entity);
    if (!allowed) continue;
    const byPosition = [...g.members].sort((a, b) => byStart(findings[a], findings[b]) || a - b);
    for (const i of byPosition.slice(0, allowed)) accepted.add(i);
    if (allowed > g.members.length && inScope?.(g.rel)) stale.push({ file: g.rel, rule: g.rule, entity: g.entity, count: allowed - g.members.length });
  }
  if (inScope) for (const e of baseline.entries()) if (!seen.has(entryKey(e.file, e.rule, e.entity)) && inScope(e.file)) stale.push(e);
  stale.sort((a, b) => cmp(a.file, b.file) || cmp(a.rule, b.rule) || cmp(a.entity, b.entity));
  return {
    findings: findings.map((f, i) => (accepted.has(i) ? { ...f, baselined: true } : f)),
    baselined: accepted.size,
    stale,
  };
}

function byStart(a: Finding, b: Finding): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || cmp(a.message, b.message);
}

/** The file's text: stable, sorted, one entry per line, with a trailing newline. */
export function formatBaseline(b: Baseline): string {
  // Null-prototype objects: a file or entity named `__proto__` is a key like any other.
  const table = <T>(): Record<string, T> => Object.create(null);
  const findings = table<Record<string, Record<string, number>>>();
  for (const e of b.entries()) {
    findings[e.file] ??= table();
    findings[e.file][e.rule] ??= table();
    findings[e.file][e.rule][e.entity] = e.count;
  }
  return `${JSON.stringify({ version: BASELINE_VERSION, findings }, null, 2)}\n`;
}

/** Reads a baseline file's text; a problem is a message saying what is wrong where. */
export function parseBaseline(text: string): { baseline: Baseline } | { error: string } {
  let doc: unknown;
  try {
    doc = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    return { error: `not valid JSON (${(e as Error).message})` };
  }
  const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
  if (!isObject(doc)) return { error: 'must be a JSON object with "version" and "findings"' };
  if (doc.version !== BASELINE_VERSION) return { error: `"version" must be ${BASELINE_VERSION} (got ${JSON.stringify(doc.version)})` };
  if (!isObject(doc.findings)) return { error: '"findings" must be an object of file → rule → entity → count' };
  const b = new Baseline();
  for (const [file, rules] of Object.entries(doc.findings)) {
    if (!isObject(rules)) return { error: `findings["${file}"] must be an object of rule → entity → count` };
    for (const [rule, entities] of Object.entries(rules)) {
      if (!isObject(entities)) return { error: `findings["${file}"]["${rule}"] must be an object of entity → count` };
      for (const [entity, count] of Object.entries(entities)) {
        if (typeof count !== 'number' || !Number.isInteger(count) || count < 1)
          return { error: `findings["${file}"]["${rule}"]["${entity}"] must be a positive integer (got ${JSON.stringify(count)})` };
        b.add(file, rule, entity, count);
      }
    }
  }
  return { baseline: b };
}
