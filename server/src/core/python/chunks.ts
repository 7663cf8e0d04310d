// Splits a Python module into top-level statements with a character-level
// scan (no parsing), so that a large file can be parsed only where it matters
// (tree-sitter's included ranges keep document positions). A statement starts
// on a line at column 0 outside any bracket, string or backslash
// continuation; decorators join the def/class they decorate; else/elif/
// except/finally at column 0 join the previous statement; comment and blank
// lines belong to nothing.
//
// Anything the scanner does not understand (unterminated strings or brackets,
// a stray closing bracket, an unexpected indent, a lone CR line ending)
// makes it give up: the caller then parses the whole file.

/** One logical line: a physical line plus its bracket/string/backslash continuations. */
export interface LogicalLine {
  /** Offset of the first character of the line (column 0). */
  start: number;
  /** Offset just past the line's last newline (or the end of the text). */
  end: number;
  /** Row of `start`. */
  row: number;
  /** Row and column of `end`. */
  endRow: number;
  endCol: number;
  /** Leading whitespace, in characters. */
  indent: number;
  /** A comment-only line. */
  comment: boolean;
  /** End of the identifier the code starts with (== start + indent when there is none). */
  wordEnd: number;
  /** Which of the keywords the statement layout depends on the line starts with. */
  kw: Kw;
  /** The last significant character (outside strings and comments) is a colon. */
  colon: boolean;
}

export enum Kw {
  None,
  Def,
  Class,
  Async,
  /** else/elif/except/finally */ Join,
  /** import/from */ Import,
  Return,
}

export type ChunkKind = 'stmt' | 'def' | 'class';

/** A top-level statement: logical lines `first..last`; `header` is the def/class line after any decorators. */
export interface Chunk {
  kind: ChunkKind;
  start: number;
  end: number;
  first: number;
  last: number;
  header: number;
}

/** A range of whole logical lines to parse, with the positions tree-sitter needs. */
export interface Segment {
  start: number;
  end: number;
  startRow: number;
  endRow: number;
  endCol: number;
}

const NL = 10,
  CR = 13,
  HASH = 35,
  BS = 92,
  COLON = 58,
  AT = 64;

// Character classes for the scan loop.
const C_OTHER = 0,
  C_NL = 1,
  C_SPACE = 2,
  C_HASH = 3,
  C_BS = 4,
  C_QUOTE = 5,
  C_OPEN = 6,
  C_CLOSE = 7;
const CLASS = new Uint8Array(128);
CLASS[10] = C_NL;
CLASS[32] = CLASS[9] = CLASS[12] = CLASS[13] = C_SPACE;
CLASS[35] = C_HASH;
CLASS[92] = C_BS;
CLASS[34] = CLASS[39] = C_QUOTE;
CLASS[40] = CLASS[91] = CLASS[123] = C_OPEN;
CLASS[41] = CLASS[93] = CLASS[125] = C_CLOSE;

function isIdent(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c >= 128;
}

function keyword(text: string, i: number, len: number): Kw {
  switch (len) {
    case 3:
      return text.startsWith('def', i) ? Kw.Def : Kw.None;
    case 4:
      return text.startsWith('else', i) || text.startsWith('elif', i) ? Kw.Join : text.startsWith('from', i) ? Kw.Import : Kw.None;
    case 5:
      return text.startsWith('class', i) ? Kw.Class : text.startsWith('async', i) ? Kw.Async : Kw.None;
    case 6:
      return text.startsWith('except', i) ? Kw.Join : text.startsWith('import', i) ? Kw.Import : text.startsWith('return', i) ? Kw.Return : Kw.None;
    case 7:
      return text.startsWith('finally', i) ? Kw.Join : Kw.None;
  }
  return Kw.None;
}

/** Logical lines of the text (blank lines omitted), or undefined when the text is irregular. */
export function scanLines(text: string): LogicalLine[] | undefined {
  if (text.includes('\r') && /\r(?!\n)/.test(text)) return undefined;
  const n = text.length;
  const lines: LogicalLine[] = [];
  let pos = 0;
  let row = 0;
  while (pos < n) {
    let i = pos;
    let c = 0;
    while (i < n && ((c = text.charCodeAt(i)) === 32 || c === 9 || c === 12)) i++;
    if (i >= n) break;
    if (c === NL) {
      pos = i + 1;
      row++;
      continue;
    }
    if (c === CR && text.charCodeAt(i + 1) === NL) {
      pos = i + 2;
      row++;
      continue;
    }
    if (c === HASH) {
      const j = text.indexOf('\n', i);
      const end = j < 0 ? n : j + 1;
      lines.push({
        start: pos,
        end,
        row,
        endRow: j < 0 ? row : row + 1,
        endCol: j < 0 ? end - pos : 0,
        indent: i - pos,
        comment: true,
        wordEnd: i,
        kw: Kw.None,
        colon: false,
      });
      if (j >= 0) row++;
      pos = end;
      continue;
    }
    const indent = i - pos;
    const startRow = row;
    let w = i;
    while (w < n && isIdent(text.charCodeAt(w))) w++;
    const kw = w - i >= 3 && w - i <= 7 ? keyword(text, i, w - i) : Kw.None;
    let depth = 0;
    let lastSig = -1;
    let physStart = pos;
    let end = -1;
    scan: while (i < n) {
      c = text.charCodeAt(i);
      switch (c < 128 ? CLASS[c] : C_OTHER) {
        case C_OTHER:
          lastSig = i++;
          continue;
        case C_SPACE:
          i++;
          continue;
        case C_NL:
          row++;
          physStart = ++i;
          if (depth === 0) {
            end = i;
            break scan;
          }
          continue;
        case C_HASH: {
          const j = text.indexOf('\n', i);
          i = j < 0 ? n : j;
          continue;
        }
        case C_BS: {
          const d = text.charCodeAt(i + 1);
          if (d === NL) {
            row++;
            i += 2;
            physStart = i;
          } else if (d === CR && text.charCodeAt(i + 2) === NL) {
            row++;
            i += 3;
            physStart = i;
          } else lastSig = i++;
          continue;
        }
        case C_OPEN:
          depth++;
          lastSig = i++;
          continue;
        case C_CLOSE:
          if (--depth < 0) return undefined;
          lastSig = i++;
          continue;
        case C_QUOTE:
          break;
      }
      // A string: c is its quote.
      if (text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === c) {
        i += 3;
        for (;;) {
          if (i >= n) return undefined; // unterminated
          const d = text.charCodeAt(i);
          if (d === BS) {
            // An escaped newline is still a newline for row counting.
            if (text.charCodeAt(i + 1) === NL) {
              row++;
              physStart = i + 2;
            }
            i += 2;
          } else if (d === NL) {
            row++;
            physStart = ++i;
          } else if (d === c && text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === c) {
            i += 3;
            break;
          } else i++;
        }
      } else {
        i++;
        for (;;) {
          if (i >= n) return undefined;
          const d = text.charCodeAt(i);
          if (d === c) {
            i++;
            break;
          }
          if (d === BS) {
            const e = text.charCodeAt(i + 1);
            if (e === NL) {
              row++;
              i += 2;
              physStart = i;
            } else if (e === CR && text.charCodeAt(i + 2) === NL) {
              row++;
              i += 3;
              physStart = i;
            } else i += 2;
          } else if (d === NL) {
            return undefined; // unterminated
          } else i++;
        }
      }
      lastSig = i - 1;
    }
    if (end < 0) {
      if (depth > 0) return undefined;
      end = n;
    }
    lines.push({
      start: pos,
      end,
      row: startRow,
      endRow: row,
      endCol: end - physStart,
      indent,
      comment: false,
      wordEnd: w,
      kw,
      colon: lastSig >= 0 && text.charCodeAt(lastSig) === COLON,
    });
    pos = end;
  }
  return lines;
}

const ASYNC_DEF = /async[ \t\f]+def\b/y;

function defKind(text: string, line: LogicalLine): ChunkKind {
  if (line.kw === Kw.Def) return 'def';
  if (line.kw === Kw.Class) return 'class';
  if (line.kw === Kw.Async) {
    ASYNC_DEF.lastIndex = line.start + line.indent;
    if (ASYNC_DEF.test(text)) return 'def';
  }
  return 'stmt';
}

interface Group {
  first: number;
  last: number;
  header: number;
  decorators: boolean;
  kind: ChunkKind;
}

/**
 * Groups the code lines `from..to` (indices into `lines`) that start at exactly
 * `indent` into statements; deeper lines continue the current statement.
 */
function group(text: string, lines: LogicalLine[], from: number, to: number, indentText: string): Group[] | undefined {
  const out: Group[] = [];
  let cur: Group | undefined;
  const width = indentText.length;
  for (let k = from; k <= to; k++) {
    const L = lines[k];
    if (L.comment) continue;
    if (L.indent < width || (width > 0 && !text.startsWith(indentText, L.start))) return undefined;
    if (L.indent > width) {
      if (!cur) return undefined;
      cur.last = k;
      continue;
    }
    const at = text.charCodeAt(L.start + L.indent) === AT;
    if (L.kw === Kw.Join) {
      if (!cur || cur.decorators) return undefined;
      cur.last = k;
      continue;
    }
    if (cur?.decorators) {
      cur.last = k;
      if (at) continue;
      const kind = defKind(text, L);
      if (kind === 'stmt') return undefined;
      cur.decorators = false;
      cur.kind = kind;
      cur.header = k;
      continue;
    }
    cur = { first: k, last: k, header: k, decorators: at, kind: at ? 'stmt' : defKind(text, L) };
    out.push(cur);
  }
  if (cur?.decorators) return undefined;
  return out;
}

export interface ModuleChunks {
  lines: LogicalLine[];
  chunks: Chunk[];
}

/** Top-level statements of a module, or undefined when the scanner gives up. */
export function chunkModule(text: string): ModuleChunks | undefined {
  const lines = scanLines(text);
  if (!lines) return undefined;
  const groups = group(text, lines, 0, lines.length - 1, '');
  if (!groups) return undefined;
  const chunks = groups.map(
    (g): Chunk => ({
      kind: g.kind,
      start: lines[g.first].start,
      end: lines[g.last].end,
      first: g.first,
      last: g.last,
      header: g.header,
    }),
  );
  return { lines, chunks };
}

function segment(lines: LogicalLine[], first: number, last: number): Segment {
  const a = lines[first];
  const b = lines[last];
  return { start: a.start, end: b.end, startRow: a.row, endRow: b.endRow, endCol: b.endCol };
}

/**
 * `return NAME` (one word, then at most a comment), the form functionFact reads;
 * a keyword such as None passes too, which only costs a few bytes.
 */
const RETURN_NAME = /return[ \t\f]+[\p{L}\p{N}_]+[ \t\f]*(?:#[^\n]*)?(?:\r?\n)?$/uy;

/** Body statements of a def that functionFact reads: top-level imports and `return NAME`. */
function keepInDef(text: string, line: LogicalLine): boolean {
  if (line.kw === Kw.Import) return true;
  if (line.kw !== Kw.Return) return false;
  RETURN_NAME.lastIndex = line.start + line.indent;
  // The sticky match must run to the end of the line: test on the line alone.
  return RETURN_NAME.test(text.slice(0, line.end));
}

/**
 * The smallest part of a def/class chunk whose parse still yields the same
 * function/class facts: decorators and header, plus the body statements that
 * those facts read (a def's top-level imports and returns; a class's
 * statements other than nested defs/classes), or else the body's smallest
 * statement so the body is not empty. The whole chunk when its shape is unusual.
 */
export function stubSegments(text: string, mc: ModuleChunks, chunk: Chunk): Segment[] {
  const { lines } = mc;
  const whole = [segment(lines, chunk.first, chunk.last)];
  const header = lines[chunk.header];
  if (!header.colon || chunk.header === chunk.last) return whole;
  let bodyFirst = -1;
  for (let k = chunk.header + 1; k <= chunk.last; k++) {
    if (!lines[k].comment) {
      bodyFirst = k;
      break;
    }
  }
  if (bodyFirst < 0) return whole;
  const b = lines[bodyFirst];
  if (b.indent === 0) return whole;
  const stmts = group(text, lines, bodyFirst, chunk.last, text.slice(b.start, b.start + b.indent));
  if (!stmts || stmts.length === 0) return whole;
  let keep =
    chunk.kind === 'def'
      ? stmts.filter((s) => keepInDef(text, lines[s.first]))
      : stmts.filter((s) => s.kind === 'stmt' && text.charCodeAt(lines[s.first].start + lines[s.first].indent) !== AT);
  if (keep.length === 0) {
    let best = stmts[0];
    let size = Infinity;
    for (const s of stmts) {
      const len = lines[s.last].end - lines[s.first].start;
      if (len < size) {
        size = len;
        best = s;
      }
    }
    keep = [best];
  }
  const out = [segment(lines, chunk.first, chunk.header)];
  for (const s of keep) out.push(segment(lines, s.first, s.last));
  return out;
}

export interface PartialPlan {
  /** What to parse, in document order, adjacent segments merged. */
  segments: Segment[];
  /** Characters covered by the segments. */
  covered: number;
  /** Names of top-level statements that hold a configured path prefix (candidate path constants). */
  constants: Set<string>;
}

function sortedOffsets(text: string, re: RegExp | undefined): number[] {
  const out: number[] = [];
  if (!re) return out;
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    out.push(m.index);
    if (m[0].length === 0) re.lastIndex++;
  }
  return out;
}

/** After a name at the start of a statement: `=` (not `==`) or an annotation's `:`. */
const ASSIGNED = /[ \t\f]*(?::|=(?!=))/y;
const KEYWORDS = new Set([
  'if',
  'for',
  'while',
  'with',
  'try',
  'match',
  'case',
  'print',
  'del',
  'assert',
  'global',
  'nonlocal',
  'return',
  'raise',
  'import',
  'from',
  'pass',
  'else',
  'lambda',
  'not',
  'await',
  'async',
  'yield',
  'type',
]);

const escapeRe = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export interface HitSpec {
  /** Whole words (matched with \b on both sides). */
  words: Iterable<string>;
  /** Plain substrings (configured path prefixes, the suppression marker). */
  literals: Iterable<string>;
  /** Substrings whose presence in a top-level statement makes its name a candidate path constant. */
  constantMarkers: Iterable<string>;
}

function alternation(words: Iterable<string>, literals: Iterable<string>): RegExp | undefined {
  const parts: string[] = [];
  const w = [...new Set(words)].filter(Boolean).map(escapeRe);
  if (w.length) parts.push(`\\b(?:${w.join('|')})\\b`);
  for (const l of new Set(literals)) if (l) parts.push(escapeRe(l));
  return parts.length ? new RegExp(parts.join('|'), 'g') : undefined;
}

/**
 * Plans a partial parse: every top-level statement that is not a def/class,
 * every def/class that contains a hit, a stub of every other def/class, and
 * comment lines outside statements that contain a hit. Undefined when the
 * scanner gives up or nothing would be saved.
 */
export function planPartial(text: string, spec: HitSpec, mc: ModuleChunks | undefined = chunkModule(text)): PartialPlan | undefined {
  if (!mc) return undefined;
  const { lines, chunks } = mc;
  // Candidate path constants: names assigned by a top-level statement's line (the entry block's
  // lines too) that holds a path prefix, then, to a fixpoint, by lines built from those names
  // (`OUT = os.path.join(BASE, "x")`). The extractor knows them all (facts.pathConstants); a
  // plan that missed one is refused by analyze.ts and the file is parsed whole.
  const constants = new Set<string>();
  const assignedName = (li: number): string | undefined => {
    const L = lines[li];
    if (L.comment || L.wordEnd === L.start + L.indent) return undefined;
    const word = text.slice(L.start + L.indent, L.wordEnd);
    if (KEYWORDS.has(word)) return undefined;
    ASSIGNED.lastIndex = L.wordEnd;
    return ASSIGNED.test(text) ? word : undefined;
  };
  const stmtLines: number[] = [];
  for (const c of chunks) if (c.kind === 'stmt') for (let li = c.first; li <= c.last; li++) stmtLines.push(li);
  const markers = sortedOffsets(text, alternation([], spec.constantMarkers));
  let si = 0;
  for (const off of markers) {
    while (si < stmtLines.length && lines[stmtLines[si]].end <= off) si++;
    if (si >= stmtLines.length) break;
    const li = stmtLines[si];
    if (off < lines[li].start) continue;
    const word = assignedName(li);
    if (word) constants.add(word);
  }
  for (let round = 0; round < 3 && constants.size; round++) {
    const uses = alternation(constants, []);
    let grew = false;
    for (const li of stmtLines) {
      const word = assignedName(li);
      if (!word || constants.has(word) || !uses) continue;
      uses.lastIndex = 0;
      if (uses.test(text.slice(lines[li].start, lines[li].end))) {
        constants.add(word);
        grew = true;
      }
    }
    if (!grew) break;
  }
  const hits = sortedOffsets(text, alternation([...spec.words, ...constants], spec.literals));
  const hitChunk = new Uint8Array(chunks.length);
  const extra: Segment[] = [];
  let ci = 0;
  let li = 0;
  for (const off of hits) {
    while (ci < chunks.length && chunks[ci].end <= off) ci++;
    if (ci < chunks.length && off >= chunks[ci].start) {
      hitChunk[ci] = 1;
      continue;
    }
    // Outside every statement: a comment line (a suppression marker, say).
    while (li < lines.length && lines[li].end <= off) li++;
    if (li < lines.length && off >= lines[li].start) extra.push(segment(lines, li, li));
  }
  const segs: Segment[] = [];
  let saved = false;
  for (let k = 0; k < chunks.length; k++) {
    const c = chunks[k];
    if (c.kind === 'stmt' || hitChunk[k]) segs.push(segment(lines, c.first, c.last));
    else {
      const stub = stubSegments(text, mc, c);
      if (stub.length > 1) saved = true;
      segs.push(...stub);
    }
  }
  if (!saved) return undefined;
  segs.push(...extra);
  segs.sort((a, b) => a.start - b.start);
  const merged: Segment[] = [];
  for (const s of segs) {
    const prev = merged[merged.length - 1];
    if (prev && s.start <= prev.end) {
      if (s.end > prev.end) {
        prev.end = s.end;
        prev.endRow = s.endRow;
        prev.endCol = s.endCol;
      }
    } else merged.push({ ...s });
  }
  let covered = 0;
  for (const s of merged) covered += s.end - s.start;
  return { segments: merged, covered, constants };
}
