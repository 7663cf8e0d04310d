// Applying text edits to a document's text. Used by the CLI's --fix, by tests
// and by the language server's own checks on edits.
import type { Position, TextEdit } from './model';

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

export function offsetAt(starts: number[], text: string, p: Position): number {
  if (p.line >= starts.length) return text.length;
  const lineStart = starts[Math.max(0, p.line)];
  const lineEnd = p.line + 1 < starts.length ? starts[p.line + 1] : text.length;
  return Math.min(lineStart + Math.max(0, p.character), lineEnd);
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
    out += text.slice(at, s.start) + s.text;
    at = s.end;
  }
  return out + text.slice(at);
}
