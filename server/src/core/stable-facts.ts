// Half-typed declarations. While a contract or spec file is being typed, its
// text often does not parse: `DependencySpec(logical_name="` opens a string and
// a call that close only later. Tree-sitter recovers what it can, but an
// unclosed string or bracket can swallow the whole module-level assignment, and
// with it the file's contracts and specs: its symbols and diagnostics vanish
// and completion loses the spec it is completing for, until the text parses
// again. An editor keeps the last version that parsed instead: its
// declarations (module-level assignments, classes, imports, functions), moved
// to where the edit since then left them, with everything else (suppressions,
// script facts, line count) from the current text. Only for a small edit: a
// rewrite of the file is a new file, with the facts it has.
import type { AssignmentFact, ClassFact, FunctionFact, Layout, PythonFacts, Span, Value } from './facts';
import type { Position, Range } from './model';
import { lineStarts, offsetAt, positionAt } from './text-edits';

export interface ParsedVersion {
  text: string;
  facts: PythonFacts;
}

/** An edit larger than this many lines (before or after) is not "around the edit": the current facts stand. */
export const MAX_EDIT_LINES = 40;

/** The one edit between two texts: the common prefix and suffix kept, [start, oldEnd) of `a` replaced by [start, newEnd) of `b`. */
export function textDiff(a: string, b: string): { start: number; oldEnd: number; newEnd: number } {
  const max = Math.min(a.length, b.length);
  let start = 0;
  while (start < max && a.charCodeAt(start) === b.charCodeAt(start)) start++;
  let suffix = 0;
  while (suffix < max - start && a.charCodeAt(a.length - 1 - suffix) === b.charCodeAt(b.length - 1 - suffix)) suffix++;
  return { start, oldEnd: a.length - suffix, newEnd: b.length - suffix };
}

/** Does a file's (parsed) facts declare anything: a module-level instantiation, or a class with bases? */
export function declaresSomething(facts: PythonFacts): boolean {
  return (
    facts.classes.some((c) => c.bases.length > 0) || facts.assignments.some((a) => a.value.kind === 'call' && /^[A-Z]/.test(a.value.callee.split('.').pop()!))
  );
}

/**
 * The facts to index for `text`: `facts` themselves, unless they come from a
 * text with a syntax error a small edit away from `good` (a version that
 * parsed and declared something), in which case `good`'s declarations are
 * kept, moved through the edit.
 */
export function withLastGoodDeclarations(good: ParsedVersion, text: string, facts: PythonFacts): PythonFacts {
  if (!facts.hasSyntaxErrors || good.facts.hasSyntaxErrors || !declaresSomething(good.facts)) return facts;
  const d = textDiff(good.text, text);
  const oldStarts = lineStarts(good.text);
  const newStarts = lineStarts(text);
  const from = positionAt(oldStarts, d.start).line;
  if (positionAt(oldStarts, d.oldEnd).line - from > MAX_EDIT_LINES || positionAt(newStarts, d.newEnd).line - from > MAX_EDIT_LINES) return facts;
  const shift = d.newEnd - d.oldEnd;
  // A start inside the replaced text moves to the edit's start, an end to the edit's end; text after it moves by the edit's length.
  const move = (line: number, character: number, end: boolean): Position => {
    const o = offsetAt(oldStarts, good.text, { line, character });
    const n = end ? (o <= d.start ? o : o >= d.oldEnd ? o + shift : d.newEnd) : o < d.start ? o : o >= d.oldEnd ? o + shift : d.start;
    return positionAt(newStarts, n);
  };
  const range = (r: Range): Range => ({ start: move(r.start.line, r.start.character, false), end: move(r.end.line, r.end.character, true) });
  const span = (s: Span): Span => {
    const a = move(s[0], s[1], false);
    const b = move(s[2], s[3], true);
    return [a.line, a.character, b.line, b.character];
  };
  const layout = (l: Layout): Layout => ({
    ...l,
    close: move(l.close.line, l.close.character, false),
    lastItemEnd: l.lastItemEnd && move(l.lastItemEnd.line, l.lastItemEnd.character, true),
  });
  const value = (v: Value): Value => {
    switch (v.kind) {
      case 'list':
        return { ...v, items: v.items.map(value), range: span(v.range), layout: layout(v.layout) };
      case 'dict':
        return {
          ...v,
          entries: v.entries.map((e) => ({ key: value(e.key), value: value(e.value), range: span(e.range) })),
          range: span(v.range),
          layout: layout(v.layout),
        };
      case 'call':
        return {
          ...v,
          args: v.args.map(value),
          kwargs: v.kwargs.map((k) => ({ name: k.name, nameRange: span(k.nameRange), value: value(k.value) })),
          range: span(v.range),
        };
      default:
        return { ...v, range: span(v.range) };
    }
  };
  const assignments: AssignmentFact[] = good.facts.assignments.map((a) => ({ name: a.name, nameRange: range(a.nameRange), value: value(a.value) }));
  const classes: ClassFact[] = good.facts.classes.map((c) => ({ ...c, nameRange: range(c.nameRange) }));
  const functions: FunctionFact[] = good.facts.functions.map((f) => ({ ...f, nameRange: range(f.nameRange) }));
  return { ...facts, assignments, classes, imports: good.facts.imports, functions };
}
