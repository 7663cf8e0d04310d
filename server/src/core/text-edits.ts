// The one line model of the project: a line ends at "\r\n", "\n" or a lone
// "\r" (what Python, YAML and the LSP specification all count), positions are
// 0-based lines and UTF-16 columns, and a column past a line's end means the
// end of that line's text, never a place in the next line. The parsers see the
// same lines: analyze.ts hands tree-sitter and the YAML library text whose lone
// "\r"s are "\n"s (same length, same offsets). Used by the CLI's --fix, the
// language server's document updates and the tests.
import type { Position, TextEdit } from './model';

/** Offsets at which each line starts. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

/** Offset of the end of line `line`'s text (before its line break). */
function lineContentEnd(starts: number[], text: string, line: number): number {
  if (line + 1 >= starts.length) return text.length;
  let end = starts[line + 1];
  if (text.charCodeAt(end - 1) === 10) end--;
  if (text.charCodeAt(end - 1) === 13) end--;
  return end;
}

/** The offset of a position; a line past the end means the end of the text, a column past a line's end means that line's end. */
export function offsetAt(starts: number[], text: string, p: Position): number {
  if (p.line >= starts.length) return text.length;
  const line = Math.max(0, p.line);
  return Math.min(starts[line] + Math.max(0, p.character), lineContentEnd(starts, text, line));
}

/** The position of an offset (clamped to the text). */
export function positionAt(starts: number[], offset: number): Position {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: Math.max(0, offset - starts[lo]) };
}

export type LineEnding = '\n' | '\r\n' | '\r';

/** The line ending most lines of the text use ("\n" when it has none). */
export function dominantLineEnding(text: string): LineEnding {
  let crlf = 0;
  let lf = 0;
  let cr = 0;
  for (let i = text.indexOf('\r'); i >= 0; i = text.indexOf('\r', i + 1)) {
    if (text.charCodeAt(i + 1) === 10) crlf++;
    else cr++;
  }
  if (!crlf && !cr) return '\n';
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lf++;
  lf -= crlf;
  if (crlf >= lf && crlf >= cr) return '\r\n';
  return cr > lf ? '\r' : '\n';
}

/** Text inserted into a document written with `eol` line endings, so a fix never mixes line endings. */
export function withLineEnding(text: string, eol: LineEnding): string {
  return eol === '\n' ? text : text.replace(/\r\n|\r|\n/g, eol);
}

/** Text with every lone "\r" made a "\n": same length and offsets, lines a parser that knows only "\n" counts as we do. */
export function loneCrAsLf(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}

export class OverlappingEditsError extends Error {}

/** Apply edits (all for one file) to its text; edits must not overlap. */
export function applyEdits(text: string, edits: Omit<TextEdit, 'file'>[]): string {
  const starts = lineStarts(text);
  const spans = edits
    .map((e, i) => ({ start: offsetAt(starts, text, e.range.start), end: offsetAt(starts, text, e.range.end), text: e.newText, i }))
    .sort((a, b) => a.start - b.start || a.end - b.end || a.i - b.i);
  for (let i = 1; i < spans.length; i++) {
    if (spans[i].start < spans[i - 1].end) throw new OverlappingEditsError('overlapping edits');
  }
  let out = '';
  let at = 0;
  for (const s of spans) {
    out += text.slice(at, Math.max(at, s.start)) + s.text;
    at = Math.max(at, s.end);
  }
  return out + text.slice(at);
}
