// Suppression comments, `# script-contracts: ignore[rule, ...]`, for every
// format: how they are written, which lines one covers, where a new one may go
// and how one is removed. Python and YAML extraction, the rules and the
// language server all use this module, so the syntax has one definition.
//
// A comment can only end a line that does not end inside a string (a
// triple-quoted string, a YAML block scalar) or with a backslash continuation:
// a `#` there would be text, or a syntax error. So a suppression on such a
// statement goes on the first line after it that can carry a comment, and
// covers the lines before it back to the statement's line.
import type { Suppression } from './facts';
import type { Range } from './model';

/** One suppression comment; the capture is the comma-separated rule list. */
export const SUPPRESSION_RE = /#[ \t]*script-contracts:[ \t]*ignore\[([^\]\r\n]*)\]/g;

export function ruleList(text: string): string[] {
  return text
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
}

export type SourceFormat = 'python' | 'yaml';

/** How comments are written in a file that takes suppression comments (Python, and YAML: step interfaces and components). */
export function sourceFormatOf(file: string): SourceFormat | undefined {
  if (file.endsWith('.py')) return 'python';
  if (file.endsWith('.yaml') || file.endsWith('.yml')) return 'yaml';
  return undefined;
}

/** Per line: can a comment end it? */
export function commentableLines(text: string, format: SourceFormat): boolean[] {
  return format === 'python' ? pythonCommentable(text) : yamlCommentable(text);
}

function pythonCommentable(text: string): boolean[] {
  const out: boolean[] = [];
  let quote = ''; // the open string's delimiter: ', ", ''' or """
  const n = text.length;
  /** Length of the line break at i (0 when there is none). */
  const breakAt = (i: number) => (text[i] === '\r' ? (text[i + 1] === '\n' ? 2 : 1) : text[i] === '\n' ? 1 : 0);
  let i = 0;
  while (i < n) {
    const c = text[i];
    const br = breakAt(i);
    if (br) {
      // A triple-quoted string goes on; a single-quoted one cannot cross a line break (a syntax error).
      out.push(quote.length !== 3);
      if (quote.length === 1) quote = '';
      i += br;
      continue;
    }
    if (c === '\\') {
      // A backslash before a line break continues the line, in a string or not: no comment can end it.
      const next = breakAt(i + 1);
      if (next) {
        out.push(false);
        i += 1 + next;
      } else i += quote ? 2 : 1;
      continue;
    }
    if (quote) {
      if (text.startsWith(quote, i)) {
        i += quote.length;
        quote = '';
      } else i++;
      continue;
    }
    if (c === '#') {
      while (i < n && !breakAt(i)) i++;
      continue;
    }
    if (c === '"' || c === "'") {
      quote = text.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
      i += quote.length;
      continue;
    }
    i++;
  }
  out.push(quote.length !== 3);
  // A `#!` first line is read by the kernel, not Python: a comment there would become an argument of the interpreter.
  if (text.startsWith('#!')) out[0] = false;
  return out;
}

/** Lines of YAML block scalars (`key: |` and the lines indented under it) are text, not places for comments. */
function yamlCommentable(text: string): boolean[] {
  const lines = text.split(/\r\n|\r|\n/);
  const out = lines.map(() => true);
  let blockIndent = -1;
  lines.forEach((line, k) => {
    const indent = line.length - line.trimStart().length;
    if (blockIndent >= 0) {
      if (line.trim() === '' || indent > blockIndent) {
        out[k] = false;
        return;
      }
      blockIndent = -1;
    }
    if (/(^|[\s:-])[|>][-+0-9]*\s*(#.*)?$/.test(line) && !/^\s*#/.test(line)) blockIndent = indent;
  });
  return out;
}

/** The first line at or after `line` that can end with a comment. */
export function suppressionLine(commentable: readonly boolean[], line: number): number {
  let l = line;
  while (l < commentable.length - 1 && commentable[l] === false) l++;
  return l;
}

/** The first line a suppression on `line` covers: it and the lines before it that could not carry the comment. */
export function coveredFrom(commentable: readonly boolean[], line: number): number {
  let l = line;
  while (l > 0 && commentable[l - 1] === false) l--;
  return l;
}

/**
 * How to remove a suppression found on one line: the whole comment (and the
 * blanks before it) when it holds nothing else, else just the suppression,
 * keeping any other comment text behind a `#`.
 */
export function suppressionRemoval(
  lineText: string,
  line: number,
  commentStart: number,
  supStart: number,
  supEnd: number,
  commentEnd: number,
): Suppression['removal'] {
  const before = lineText.slice(commentStart + 1, supStart).trim();
  const after = lineText.slice(supEnd, commentEnd).trim();
  const at = (a: number, b: number) => ({ start: { line, character: a }, end: { line, character: b } });
  const blanksBefore = (i: number) => {
    while (i > 0 && (lineText[i - 1] === ' ' || lineText[i - 1] === '\t')) i--;
    return i;
  };
  if (!before && !after) return { range: at(blanksBefore(commentStart), commentEnd), newText: '' };
  if (!before) return { range: at(commentStart, commentEnd), newText: `# ${after}` };
  // `# noqa: E501  # script-contracts: ignore[x]`: drop the second comment only.
  return { range: at(blanksBefore(supStart), commentEnd), newText: after ? ` ${after}` : '' };
}

/**
 * The edit that suppresses `rule` for a finding starting on `line`: the rule
 * added to a suppression already on the line that will carry it, or a new
 * comment at that line's end.
 */
export function suppressionEdit(text: string, format: SourceFormat, line: number, rule: string): { range: Range; newText: string } {
  const lines = text.split(/\r\n|\r|\n/);
  const target = suppressionLine(commentableLines(text, format), line);
  const lineText = lines[target] ?? '';
  SUPPRESSION_RE.lastIndex = 0;
  const existing = SUPPRESSION_RE.exec(lineText);
  SUPPRESSION_RE.lastIndex = 0;
  if (existing) {
    const rules = ruleList(existing[1]);
    if (!rules.includes(rule)) rules.push(rule);
    return {
      range: { start: { line: target, character: existing.index }, end: { line: target, character: existing.index + existing[0].length } },
      newText: `# script-contracts: ignore[${rules.join(', ')}]`,
    };
  }
  const end = { line: target, character: lineText.length };
  return { range: { start: end, end }, newText: `  # script-contracts: ignore[${rule}]` };
}
