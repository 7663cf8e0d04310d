// Reading and rewriting .ipynb files. A notebook is JSON whose outputs can be
// megabytes of base64 images: this reader walks the text once and builds only
// what the checker reads (each cell's type, id and source, the kernel's
// language), stepping over every other value without making it. Bad JSON is a
// message at a place in the file (the parse-error finding), never an exception.
// It also records where each cell's text is in the file: for the CLI's file
// positions (core/notebook.ts CellInfo.layout) and for rewriting one cell's
// source in place, leaving every other byte of the file as it was.
import type { CellInfo, NotebookCell, Range } from '../core';
import { lineStarts, positionAt } from '../core';

/** A notebook may be this many times max-file-size (outputs), while its cells' text stays within max-file-size. */
export const NOTEBOOK_SIZE_FACTOR = 32;

export interface ReadNotebook {
  cells: NotebookCell[];
  info: CellInfo[];
  /** The kernel's language (metadata.kernelspec.language or metadata.language_info.name), when the notebook names one. */
  language?: string;
  /** Offsets of each cell's `source` value in the text ([start, end)), for rewriting it. */
  sourceSpans: [number, number][];
  /** Per cell: was `source` a list of lines (nbformat's usual form) or one string? */
  sourceIsList: boolean[];
  /** Total length of the cells' text. */
  sourceChars: number;
}

export interface NotebookReadError {
  message: string;
  range: Range;
}

class JsonError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** Counts lines up to increasing offsets, once over the text (the one line model: \r\n, \n, lone \r). */
class LineCounter {
  private line = 0;
  private lineStart = 0;
  private at = 0;

  constructor(private readonly text: string) {}

  position(offset: number): { line: number; character: number } {
    const t = this.text;
    for (let i = this.at; i < offset; i++) {
      const c = t.charCodeAt(i);
      if (c === 10 || (c === 13 && t.charCodeAt(i + 1) !== 10)) {
        this.line++;
        this.lineStart = i + 1;
      }
    }
    this.at = Math.max(this.at, offset);
    return { line: this.line, character: offset - this.lineStart };
  }
}

/**
 * A reader over one notebook's text. Values are read (`string`, `object` with
 * handlers) or skipped (`skip`, which makes nothing: a megabyte string is one
 * indexOf per quote).
 */
class Reader {
  i = 0;
  constructor(readonly t: string) {}

  ws(): void {
    const t = this.t;
    for (;;) {
      const c = t.charCodeAt(this.i);
      if (c === 32 || c === 10 || c === 13 || c === 9) this.i++;
      else return;
    }
  }

  fail(message: string, at = this.i): never {
    throw new JsonError(at >= this.t.length ? 'unexpected end of the file' : message, at);
  }

  expect(ch: string): void {
    this.ws();
    if (this.t[this.i] !== ch) this.fail(this.i >= this.t.length ? `unexpected end of the file (expected "${ch}")` : `expected "${ch}"`);
    this.i++;
  }

  peek(): string {
    this.ws();
    return this.t[this.i];
  }

  /** The offset after a string token starting at `this.i` (a quote), checked for raw control characters only when `check`. */
  private stringEnd(): number {
    const t = this.t;
    let j = this.i + 1;
    for (;;) {
      const q = t.indexOf('"', j);
      if (q < 0) this.fail('unterminated string', this.i);
      let k = q - 1;
      while (t.charCodeAt(k) === 92) k--;
      // An odd number of backslashes before the quote escapes it.
      if ((q - 1 - k) % 2 === 0) {
        const nl = t.slice(this.i, q).search(/[\n\r]/);
        if (nl >= 0) this.fail('line break inside a string', this.i + nl);
        return q + 1;
      }
      j = q + 1;
    }
  }

  skipString(): void {
    this.i = this.stringEnd();
  }

  /**
   * Decodes a string token. `anchors` (when given) gets [decoded offset, raw
   * offset] at the start and after every escape: between two anchors decoded
   * and raw text are the same characters.
   */
  string(anchors?: number[], base = 0): string {
    this.ws();
    if (this.t[this.i] !== '"') this.fail('expected a string');
    const start = this.i;
    const end = this.stringEnd();
    const raw = this.t.slice(start + 1, end - 1);
    anchors?.push(base, start + 1);
    if (!raw.includes('\\')) {
      this.i = end;
      return raw;
    }
    let out = '';
    for (let k = 0; k < raw.length; k++) {
      const c = raw[k];
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = raw[k + 1];
      const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
      if (e in simple) {
        out += simple[e];
        k += 1;
      } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(raw.slice(k + 2, k + 6))) {
        out += String.fromCharCode(Number.parseInt(raw.slice(k + 2, k + 6), 16));
        k += 5;
      } else this.fail('bad escape in a string', start + 1 + k);
      anchors?.push(base + out.length, start + 1 + k + 1);
    }
    this.i = end;
    return out;
  }

  /** Steps over any JSON value, making nothing. */
  skip(): void {
    const t = this.t;
    // Depth is counted, not recursed: a notebook of 100,000 nested brackets must not overflow the stack.
    const stack: string[] = [];
    for (;;) {
      this.ws();
      const c = t[this.i];
      if (c === '"') this.skipString();
      else if (c === '{' || c === '[') {
        stack.push(c === '{' ? '}' : ']');
        this.i++;
        this.ws();
        if (t[this.i] === stack[stack.length - 1]) {
          this.i++;
          stack.pop();
        } else {
          if (c === '{') {
            if (t[this.i] !== '"') this.fail('expected a key');
            this.skipString();
            this.expect(':');
          }
          continue;
        }
      } else if (c !== undefined && /[-0-9tfn]/.test(c)) {
        const m = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(t.slice(this.i, this.i + 64));
        if (!m) this.fail('not a JSON value');
        this.i += m[0].length;
      } else this.fail(this.i >= t.length ? 'unexpected end of the file' : 'not a JSON value');
      // After a value: a comma (next item, or next key) or the closing bracket, possibly several.
      for (;;) {
        if (!stack.length) return;
        this.ws();
        const close = stack[stack.length - 1];
        if (t[this.i] === ',') {
          this.i++;
          if (close === '}') {
            this.ws();
            if (t[this.i] !== '"') this.fail('expected a key');
            this.skipString();
            this.expect(':');
          }
          break;
        }
        if (t[this.i] === close) {
          this.i++;
          stack.pop();
          continue;
        }
        this.fail(this.i >= t.length ? 'unexpected end of the file' : `expected "," or "${close}"`);
      }
    }
  }

  /** Reads an object, calling `onKey` for each key (which must read or skip its value). */
  object(onKey: (key: string) => void): void {
    this.expect('{');
    if (this.peek() === '}') {
      this.i++;
      return;
    }
    for (;;) {
      const key = this.string();
      this.expect(':');
      onKey(key);
      const c = this.peek();
      if (c === ',') {
        this.i++;
        continue;
      }
      if (c === '}') {
        this.i++;
        return;
      }
      this.fail(this.i >= this.t.length ? 'unexpected end of the file' : 'expected "," or "}"');
    }
  }

  array(onItem: (index: number) => void): void {
    this.expect('[');
    if (this.peek() === ']') {
      this.i++;
      return;
    }
    for (let n = 0; ; n++) {
      onItem(n);
      const c = this.peek();
      if (c === ',') {
        this.i++;
        continue;
      }
      if (c === ']') {
        this.i++;
        return;
      }
      this.fail(this.i >= this.t.length ? 'unexpected end of the file' : 'expected "," or "]"');
    }
  }
}

const CELL_KINDS = new Set(['code', 'markdown', 'raw']);

/**
 * Reads a notebook's text (the .ipynb file decoded, without a BOM): its cells
 * and where their text is. `maxSourceChars` bounds the cells' text (what is
 * parsed); outputs, attachments and metadata are stepped over.
 */
export function readNotebookText(text: string, maxSourceChars = Number.MAX_SAFE_INTEGER): ReadNotebook | NotebookReadError {
  const r = new Reader(text);
  const counter = new LineCounter(text);
  const cells: NotebookCell[] = [];
  const info: CellInfo[] = [];
  const sourceSpans: [number, number][] = [];
  const sourceIsList: boolean[] = [];
  const anchorsOf: number[][] = [];
  let language: string | undefined;
  let sawCells = false;
  let sourceChars = 0;
  try {
    r.object((key) => {
      if (key === 'cells') {
        sawCells = true;
        if (r.peek() !== '[') r.fail('"cells" must be a list');
        r.array(() => {
          let kind: string | undefined;
          let id: string | undefined;
          let source = '';
          let span: [number, number] | undefined;
          let list = false;
          const anchors: number[] = [];
          if (r.peek() !== '{') r.fail('a cell must be an object');
          r.object((k) => {
            if (k === 'cell_type') kind = r.string();
            else if (k === 'id' && r.peek() === '"') id = r.string();
            else if (k === 'source') {
              const c = r.peek();
              const start = r.i;
              if (c === '"') source = r.string(anchors);
              else if (c === '[') {
                list = true;
                const parts: string[] = [];
                let length = 0;
                r.array(() => {
                  const s = r.string(anchors, length);
                  parts.push(s);
                  length += s.length;
                });
                source = parts.join('');
              } else r.fail('a cell\'s "source" must be a string or a list of strings');
              span = [start, r.i];
            } else r.skip();
          });
          if (kind === undefined || !CELL_KINDS.has(kind)) kind = 'raw';
          sourceChars += source.length;
          if (sourceChars > maxSourceChars) r.fail(`the cells hold over ${maxSourceChars} characters of text (max-file-size)`);
          cells.push({ kind: kind as NotebookCell['kind'], source, ...(id !== undefined ? { id } : {}) });
          info.push(id !== undefined ? { id } : {});
          sourceSpans.push(span ?? [-1, -1]);
          sourceIsList.push(list);
          anchorsOf.push(anchors);
        });
      } else if (key === 'metadata' && r.peek() === '{') {
        r.object((m) => {
          if ((m === 'kernelspec' || m === 'language_info') && r.peek() === '{')
            r.object((k) => {
              if (((m === 'kernelspec' && k === 'language') || (m === 'language_info' && k === 'name')) && r.peek() === '"') {
                // Read either way: the value must be consumed even when the language is known.
                const name = r.string();
                language ??= name;
              } else r.skip();
            });
          else r.skip();
        });
      } else r.skip();
    });
    r.ws();
    if (r.i < text.length) r.fail('text after the notebook');
  } catch (e) {
    if (!(e instanceof JsonError)) throw e;
    const at = positionAt(lineStarts(text), Math.min(e.offset, text.length));
    return { message: e.message, range: { start: at, end: { line: at.line, character: at.character + 1 } } };
  }
  if (!sawCells) {
    const message = text.includes('"worksheets"')
      ? 'an nbformat 3 notebook (cells in "worksheets"); only nbformat 4 is read (jupyter nbconvert --to notebook upgrades it)'
      : 'no "cells" list: not an nbformat 4 notebook';
    return { message, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } };
  }
  // Anchors → per cell line layouts, in file positions (offsets only grow, so one pass of the counter).
  const order = anchorsOf.map((a, i) => ({ a, i })).filter((x) => x.a.length);
  const positions = new Map<number, { line: number; character: number }>();
  const rawOffsets = [...new Set(order.flatMap((x) => x.a.filter((_, k) => k % 2 === 1)))].sort((a, b) => a - b);
  for (const o of rawOffsets) positions.set(o, counter.position(o));
  for (const { a, i } of order) info[i].layout = layoutOf(cells[i].source, a, positions);
  return { cells, info, language, sourceSpans, sourceIsList, sourceChars };
}

/** Per cell line: [column, file line, file column] triples (see CellInfo.layout). */
function layoutOf(source: string, anchors: number[], positions: Map<number, { line: number; character: number }>): number[][] {
  const starts = lineStarts(source);
  const out: number[][] = starts.map(() => []);
  let k = 0;
  const at = (d: number) => {
    // The last anchor at or before decoded offset d.
    while (k + 2 < anchors.length && anchors[k + 2] <= d) k += 2;
    const p = positions.get(anchors[k + 1])!;
    return { line: p.line, character: p.character + (d - anchors[k]) };
  };
  for (let line = 0; line < starts.length; line++) {
    const s = starts[line];
    const first = at(s);
    out[line].push(0, first.line, first.character);
    const next = line + 1 < starts.length ? starts[line + 1] : Number.MAX_SAFE_INTEGER;
    for (let j = k + 2; j < anchors.length && anchors[j] < next; j += 2) {
      if (anchors[j] <= s) continue;
      const p = positions.get(anchors[j + 1])!;
      out[line].push(anchors[j] - s, p.line, p.character);
    }
  }
  return out;
}

/** A cell's text as nbformat writes it: a list of lines, each but the last ending with its line break. */
export function sourceLines(source: string): string[] {
  return source.match(/[^\r\n]*(?:\r\n|\n|\r)|[^\r\n]+$/g) ?? [];
}

/**
 * The notebook's text with new sources for some cells, each cell's `source`
 * value rewritten in the form it had (a list of lines or one string), in the
 * list's own layout (indentation, one line per item); lines that did not
 * change keep their bytes. Every other byte of the file is kept.
 */
export function withCellSources(text: string, read: ReadNotebook, sources: ReadonlyMap<number, string>): string {
  const edits = [...sources].map(([cell, source]) => ({ cell, source, span: read.sourceSpans[cell] })).sort((a, b) => a.span[0] - b.span[0]);
  let out = '';
  let at = 0;
  for (const { cell, source, span } of edits) {
    if (span[0] < 0) throw new Error(`cell ${cell + 1} has no source to rewrite`);
    out += text.slice(at, span[0]) + encodeSource(text.slice(span[0], span[1]), read.sourceIsList[cell], source);
    at = span[1];
  }
  return out + text.slice(at);
}

function encodeSource(raw: string, isList: boolean, source: string): string {
  if (!isList) return JSON.stringify(source);
  const r = new Reader(raw);
  const items: { raw: string; value: string }[] = [];
  r.array(() => {
    r.ws();
    const start = r.i;
    const value = r.string();
    items.push({ raw: raw.slice(start, r.i), value });
  });
  const lines = sourceLines(source);
  // The lines the edit left alone, at both ends, keep their bytes (escapes as the notebook's writer made them).
  let head = 0;
  while (head < items.length && head < lines.length && items[head].value === lines[head]) head++;
  let tail = 0;
  while (tail < items.length - head && tail < lines.length - head && items[items.length - 1 - tail].value === lines[lines.length - 1 - tail]) tail++;
  const encoded = [
    ...items.slice(0, head).map((x) => x.raw),
    ...lines.slice(head, lines.length - tail).map((l) => JSON.stringify(l)),
    ...items.slice(items.length - tail).map((x) => x.raw),
  ];
  if (!encoded.length) return '[]';
  const open = /^\[([ \t]*(?:\r\n|\n|\r)?[ \t]*)/.exec(raw)?.[1] ?? '';
  const close = /((?:\r\n|\n|\r)?[ \t]*)\]$/.exec(raw)?.[1] ?? '';
  const between = items.length > 1 ? (/^"(?:[^"\\]|\\.)*"(\s*,\s*)"/.exec(raw.slice(raw.indexOf('"')))?.[1] ?? ', ') : open.includes('\n') ? `,${open}` : ', ';
  return `[${open}${encoded.join(between)}${close}]`;
}
