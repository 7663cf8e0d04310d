// Choosing and checking the fixes that run without a person looking: the CLI's
// --fix and the editor's fix-all both call this, so they apply the same edits.
import type { Config } from './config';
import type { Finding, Fix, Range, TextEdit } from './model';
import { analyzeText } from './analyze';
import type { SyntaxNode } from './python/parser';
import { applyEdits } from './text-edits';

function cmp(p: Range['start'], q: Range['start']): number {
  return p.line - q.line || p.character - q.character;
}

/** Do two edit ranges touch the same text? Two edits starting at one point have no defined order: they overlap. */
export function rangesOverlap(a: Range, b: Range): boolean {
  if (cmp(a.start, b.start) === 0) return true;
  return cmp(a.start, b.end) < 0 && cmp(b.start, a.end) < 0;
}

/**
 * Two insertions at one point that each carry their own separator (`,\n    "K": v` or `    "K": v,\n`)
 * read the same in either order: every missing key of one dict literal is added in one pass.
 */
export function composable(a: TextEdit, b: TextEdit): boolean {
  const insertion = (e: TextEdit) => cmp(e.range.start, e.range.end) === 0 && (/^[,\n]/.test(e.newText) || /,\r?\n?$/.test(e.newText));
  return cmp(a.range.start, b.range.start) === 0 && insertion(a) && insertion(b);
}

export interface FixPlan {
  /** The chosen fixes, at most one per finding, in finding order. */
  fixes: Fix[];
  /** Their edits by file. */
  editsByFile: Map<string, TextEdit[]>;
}

/**
 * The first safe fix of each finding whose edits overlap no fix chosen before
 * it. Fixes that create files are never applied unattended.
 */
export function planSafeFixes(findings: readonly Finding[], accept: (fix: Fix) => boolean = () => true): FixPlan {
  const fixes: Fix[] = [];
  const editsByFile = new Map<string, TextEdit[]>();
  for (const f of findings) {
    const fix = f.fixes.find((x) => x.safe && !x.createFiles?.length);
    if (!fix || !accept(fix)) continue;
    if (fix.edits.some((e) => (editsByFile.get(e.file) ?? []).some((o) => rangesOverlap(o.range, e.range) && !composable(o, e)))) continue;
    for (const e of fix.edits) {
      const list = editsByFile.get(e.file) ?? [];
      list.push(e);
      editsByFile.set(e.file, list);
    }
    fixes.push(fix);
  }
  return { fixes, editsByFile };
}

/** Drops every fix that edits one of `files`, returning the plan of what is left. */
export function withoutFiles(plan: FixPlan, files: ReadonlySet<string>): FixPlan {
  const fixes = plan.fixes.filter((f) => !f.edits.some((e) => files.has(e.file)));
  const editsByFile = new Map<string, TextEdit[]>();
  for (const fix of fixes) for (const e of fix.edits) editsByFile.set(e.file, [...(editsByFile.get(e.file) ?? []), e]);
  return { fixes, editsByFile };
}

/**
 * Is `after` at least as readable as `before`? A fix must never leave a file
 * its parser reads worse than before: a Python file with a new syntax error,
 * or a step interface with a new YAML problem.
 */
export function stillParses(file: string, before: string, after: string, config: Config): boolean {
  const errorsOf = (text: string): number | undefined => {
    const r = analyzeText(file, text, config, { keepTree: true });
    try {
      if (!r.facts) return undefined;
      if (r.facts.format === 'yaml') return r.facts.problems.length;
      if (r.facts.format === 'dockerfile') return 0;
      return r.tree ? countErrors(r.tree.rootNode) : r.facts.hasSyntaxErrors ? 1 : 0;
    } finally {
      r.tree?.delete();
    }
  };
  const b = errorsOf(before);
  const a = errorsOf(after);
  if (a === undefined || b === undefined) return a === b;
  return a <= b;
}

/** ERROR nodes and the MISSING ones tree-sitter inserts, found by descending only into subtrees that hold one. */
function countErrors(root: SyntaxNode): number {
  let n = 0;
  const stack: SyntaxNode[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.isError || node.isMissing) n++;
    for (const c of node.children) if (c && (c.hasError || c.isMissing)) stack.push(c);
  }
  return n;
}

/** The new text of each file of a plan, or the files whose new text would not parse as well as the old. */
export function applyPlan(
  plan: FixPlan,
  textOf: (file: string) => string | undefined,
  configOf: (file: string) => Config,
): { texts: Map<string, string>; unreadable: Set<string> } {
  const texts = new Map<string, string>();
  const unreadable = new Set<string>();
  for (const [file, edits] of plan.editsByFile) {
    const before = textOf(file);
    if (before === undefined) {
      unreadable.add(file);
      continue;
    }
    const after = applyEdits(before, edits);
    if (!stillParses(file, before, after, configOf(file))) unreadable.add(file);
    else texts.set(file, after);
  }
  return { texts, unreadable };
}

/**
 * Plan, apply and check until every remaining fix leaves its files parseable.
 * A fix that would break a file is dropped with every other fix in that file
 * (they were computed together and may depend on one another).
 */
export function settleSafeFixes(
  findings: readonly Finding[],
  textOf: (file: string) => string | undefined,
  configOf: (file: string) => Config,
  accept?: (fix: Fix) => boolean,
): { plan: FixPlan; texts: Map<string, string>; refused: Set<string> } {
  let plan = planSafeFixes(findings, accept);
  const refused = new Set<string>();
  for (;;) {
    const { texts, unreadable } = applyPlan(plan, textOf, configOf);
    if (!unreadable.size) return { plan, texts, refused };
    for (const f of unreadable) refused.add(f);
    plan = withoutFiles(plan, refused);
  }
}
