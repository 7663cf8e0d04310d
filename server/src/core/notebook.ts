// Notebooks as sources. A Jupyter notebook is a list of cells; this module
// turns them into the files the rest of the core reads, so that every Python
// (and step interface) source applies to cells without knowing about them:
//
// - a `%%writefile path` (or `%%file path`) cell is the file at that path,
//   relative to the notebook's folder: its body, from the cell's second line;
// - the other code cells, joined in order, are one Python file named by the
//   notebook's own path (analyze.ts reads a notebook path as that Python).
//
// IPython syntax that is not Python (`%magic`, `!shell`, `x = !cmd`, `obj?`,
// cell magics) is blanked in the joined text: replaced by `0` and spaces, of
// the same length, so tree-sitter sees valid Python and every position is the
// cell's own. Each file records which cell each of its lines comes from
// (segments), and the maps go both ways. Pure: the host reads the .ipynb JSON
// (host/notebook-file.ts) and the language server gets cells from the editor.
import { fileKind, isAnalysedKind } from './analyze';
import { basename, dirname, join } from './paths';
import type { CellLocation, Position, Range } from './model';
import { lineStarts } from './text-edits';

export type CellKind = 'code' | 'markdown' | 'raw';

export interface NotebookCell {
  kind: CellKind;
  /** The cell's text (nbformat's `source` lines joined). */
  source: string;
  /** nbformat 4.5's cell id, when the notebook has one. */
  id?: string;
}

/** Lines `line ..< line + lines` of a file are lines `cellLine ..< cellLine + lines` of cell `cell`. */
export interface CellSegment {
  cell: number;
  line: number;
  cellLine: number;
  lines: number;
  /** Length of the segment's last line (where a range leaving the segment is cut). */
  lastLength: number;
}

export interface NotebookSource {
  /** `cells`: the code cells joined, named by the notebook's path; `writefile`: a `%%writefile` target. */
  role: 'cells' | 'writefile';
  file: string;
  text: string;
  segments: CellSegment[];
}

/** A cell this module could not make a source of, and why (a `%%writefile` target that is not a literal, say). */
export interface NotebookProblem {
  cell: number;
  message: string;
}

/**
 * What a FileEntry made from a notebook knows of it (Project.setNotebook):
 * the notebook, the role and segments of its source, and on the notebook's own
 * entry the cells' ids and where their text is in the .ipynb file.
 */
export interface NotebookPart {
  notebook: string;
  role: NotebookSource['role'];
  segments: CellSegment[];
  /** On the notebook's own entry: per cell (every cell, by index). */
  cells?: CellInfo[];
  /** On the notebook's own entry: why the notebook could not be read, at a place in its file. */
  error?: { message: string; range: Range };
}

export interface CellInfo {
  id?: string;
  /**
   * Where each line of the cell's text is in the .ipynb file, from the host's
   * JSON reader: per cell line, triples [column in the cell line, file line,
   * file column], the first for column 0, one more after each JSON escape or
   * string break (see fileColumnOf). Absent for cells the editor sent.
   */
  layout?: number[][];
}

/** Cell magics whose body is Python run by the kernel: only their first line is blanked. */
const PYTHON_BODY_MAGICS = new Set(['time', 'timeit', 'capture', 'prun', 'debug', 'memit', 'mprun', 'python', 'python3']);

/** Does the text end with a line break? */
const endsWithBreak = (s: string) => s.endsWith('\n') || s.endsWith('\r');

/** A segment for `text`, starting at `line` of the file and `cellLine` of the cell. */
function segmentOf(cell: number, line: number, cellLine: number, text: string): CellSegment {
  const starts = lineStarts(text);
  const lines = endsWithBreak(text) ? starts.length - 1 : starts.length;
  const lastStart = starts[Math.max(0, lines - 1)];
  const lastText = text.slice(lastStart).replace(/[\r\n]+$/, '');
  return { cell, line, cellLine, lines: Math.max(1, lines), lastLength: lines ? lastText.length : 0 };
}

/** The first line of a cell (without its break) and the offset where the rest starts. */
function firstLine(source: string): { line: string; rest: number } {
  const m = /\r\n|\n|\r/.exec(source);
  return m ? { line: source.slice(0, m.index), rest: m.index + m[0].length } : { line: source, rest: source.length };
}

/**
 * `%%writefile [-a] target` parsed, or undefined when the line is not one.
 * IPython expands `{expr}` and `$name` in the line before the magic sees it:
 * `{NAME}` and `$NAME` are replaced by `names`' value for NAME (see
 * literalNames); any other expansion makes the file known only when the cell
 * runs. A computed name whose file would not be read anyway (`{DIR}/Dockerfile`,
 * `{name}.txt`) is `unread`: no problem, and no target.
 */
export function writefileMagic(
  line: string,
  names: ReadonlyMap<string, string> = new Map(),
): { target?: string; append: boolean; problem?: string; unread?: true } | undefined {
  const m = /^%%(writefile|file)(?=\s|$)(.*)$/.exec(line.trimEnd());
  if (!m) return undefined;
  const words = m[2].trim().match(/"[^"]*"|'[^']*'|(?:\{[^}]*\}|[^\s{])+/g) ?? [];
  let append = false;
  const rest: string[] = [];
  for (const w of words) {
    if (w === '-a' || w === '--append') append = true;
    else rest.push(w);
  }
  if (rest.length !== 1) return { append, problem: `%%${m[1]} needs one file name` };
  const written = rest[0].replace(/^(["'])(.*)\1$/, '$2');
  const target = written.replace(/\{([A-Za-z_]\w*)\}|\$([A-Za-z_]\w*)/g, (all, a?: string, b?: string) => names.get(a ?? b ?? '') ?? all);
  if (/[{}$]/.test(target) || target.startsWith('~')) {
    // The last path segment, when written out, says whether the file could be one that is read.
    const last = target.slice(Math.max(target.lastIndexOf('/'), target.lastIndexOf('\\')) + 1);
    if (!/[{}$]/.test(last) && !readable(last)) return { append, unread: true };
    const ext = /\.[\w.]+$/.exec(last.replace(/.*[}$]/, ''))?.[0];
    if (ext !== undefined && !readable(`x${ext}`)) return { append, unread: true };
    return { append, problem: `the file name ${written} is computed when the cell runs; the cell is not checked` };
  }
  if (!target) return { append, problem: `%%${m[1]} needs one file name` };
  return { target, append };
}

/**
 * Names a notebook's code cells bind once, at the top level, to a literal
 * string or `Path("...")`, with that value: what `{NAME}` in a `%%writefile`
 * line expands to. A name bound anywhere else too (another assignment, a loop,
 * an import, a keyword argument of the same name) is left out, whatever its
 * first value: the cell may run after any of them.
 */
export function literalNames(cells: readonly string[]): Map<string, string> {
  const literal = new Map<string, string>();
  const bindings = new Map<string, number>();
  const count = (name: string) => bindings.set(name, (bindings.get(name) ?? 0) + 1);
  for (const source of cells) {
    let inString = false;
    for (const line of source.split(/\r\n|\n|\r/)) {
      const quotes = (line.match(/"""|'''/g) ?? []).length;
      const wasInString = inString;
      if (quotes % 2) inString = !inString;
      if (wasInString) continue;
      const m = /^([A-Za-z_]\w*)\s*=\s*(?:(?:pathlib\.)?Path\(\s*(["'])([^"'\\{}$]*)\2\s*\)|(["'])([^"'\\{}$]*)\4)\s*(?:#.*)?$/.exec(line);
      if (m && !quotes) {
        const value = m[3] ?? m[5];
        // Path("code/") is "code"; a string is itself.
        literal.set(m[1], m[3] !== undefined ? value.replace(/(.)\/+$/, '$1') : value);
        count(m[1]);
        continue;
      }
      for (const name of boundIn(line)) count(name);
    }
  }
  for (const name of [...literal.keys()]) if (bindings.get(name) !== 1) literal.delete(name);
  return literal;
}

const IDENTIFIER = /(?<![.\w])[A-Za-z_]\w*/g;

/** The names a line may bind, generously: a keyword argument of the name counts, so does a name in a comprehension. */
function boundIn(line: string): string[] {
  const names: string[] = [];
  // `name = `, `name += `, `name := `, `name: T = `, and `f(name=...)`.
  for (const m of line.matchAll(/(?<![.\w])([A-Za-z_]\w*)\s*(?::[^=]*)?(?:[-+*/%&|^@]|\/\/|\*\*|<<|>>)?=(?!=)/g)) names.push(m[1]);
  // Every name of a target list: `a, b = ...`, `(a, [b, c]) = ...` (not a call's arguments: `f(a, b=1)`).
  const list = /^\s*([\w\s*()[\]]*,[\w\s,*()[\]]*?)\s*=(?!=)/.exec(line);
  if (list && !/\w\s*\(/.test(list[1])) names.push(...(list[1].match(IDENTIFIER) ?? []));
  for (const m of line.matchAll(/\bfor\b(.*?)\bin\b|\b(?:import|global|nonlocal|as|def|class)\s+([\w\s,.]+)/g))
    names.push(...((m[1] ?? m[2]).match(IDENTIFIER) ?? []));
  return names;
}

/** Is this a file kind some source reads (Python, a step interface, a component definition, a Dockerfile)? */
function readable(file: string): boolean {
  return isAnalysedKind(fileKind(file));
}

/**
 * The sources of a notebook at `notebook` (an absolute path). `language` is
 * the notebook's kernel language when known: code cells of another language
 * are not Python, and `%%writefile` is IPython's. Files a notebook writes
 * outside `root` (when given) are not sources: they are not the workspace's.
 */
export function notebookSources(
  notebook: string,
  cells: readonly NotebookCell[],
  options: { language?: string; root?: string } = {},
): { sources: NotebookSource[]; problems: NotebookProblem[] } {
  const problems: NotebookProblem[] = [];
  if (options.language !== undefined && !/^(i?python\d*)$/i.test(options.language)) return { sources: [], problems };
  const folder = dirname(notebook);
  let joined = '';
  let joinedLines = 0;
  const joinedSegments: CellSegment[] = [];
  const written = new Map<string, { text: string; segments: CellSegment[]; cell: number }>();
  const names = literalNames(cells.filter((c) => c.kind === 'code' && !/^\s*%%/.test(c.source)).map((c) => blankIPython(c.source)));
  cells.forEach((cell, index) => {
    if (cell.kind !== 'code') return;
    const lead = /^(?:[ \t]*(?:\r\n|\n|\r))*/.exec(cell.source)![0].length;
    const { line: first, rest } = firstLine(cell.source.slice(lead));
    const leadLines = lead ? lineStarts(cell.source.slice(0, lead)).length - 1 : 0;
    if (first.startsWith('%%')) {
      const wf = writefileMagic(first, names);
      if (wf) {
        if (wf.unread) return;
        if (wf.problem || !wf.target) {
          problems.push({ cell: index, message: wf.problem ?? 'no file name' });
          return;
        }
        const file = join(folder, wf.target);
        if (!readable(file)) return;
        if (options.root !== undefined && !isUnder(file, options.root)) {
          problems.push({ cell: index, message: `${wf.target} is outside the workspace; the cell is not checked` });
          return;
        }
        const body = cell.source.slice(lead + rest);
        const prev = written.get(file);
        if (wf.append && prev) {
          const sep = prev.text && !endsWithBreak(prev.text) ? '\n' : '';
          const line = prev.segments.reduce((n, s) => n + s.lines, 0);
          prev.text += sep + body;
          prev.segments.push(segmentOf(index, line, leadLines + 1, body));
          prev.cell = index;
        } else {
          if (prev) problems.push({ cell: prev.cell, message: `cell ${index + 1} writes ${basename(file)} again; that cell is checked` });
          written.set(file, { text: body, segments: [segmentOf(index, 0, leadLines + 1, body)], cell: index });
        }
        return;
      }
      const name = /^%%(\w+)/.exec(first)?.[1] ?? '';
      // A cell magic whose body is another language (%%bash, %%html, %%sql...) is not Python.
      if (!PYTHON_BODY_MAGICS.has(name)) return;
    }
    const text = blankIPython(cell.source);
    joinedSegments.push(segmentOf(index, joinedLines, 0, text));
    joined += endsWithBreak(text) ? text : `${text}\n`;
    joinedLines += joinedSegments[joinedSegments.length - 1].lines;
  });
  const sources: NotebookSource[] = [];
  if (joinedSegments.length) sources.push({ role: 'cells', file: notebook, text: joined, segments: joinedSegments });
  for (const [file, w] of written) sources.push({ role: 'writefile', file, text: w.text, segments: w.segments });
  return { sources, problems };
}

function isUnder(file: string, root: string): boolean {
  const sep = root.includes('\\') && !root.includes('/') ? '\\' : '/';
  return file === root || file.startsWith(root.endsWith(sep) ? root : root + sep);
}

/**
 * A code cell's text with IPython's own syntax blanked, same length: a line
 * starting a statement with `%`, `!`, `?` or a `%%` cell magic line, the
 * `!cmd` / `%magic` of `x = !cmd`, and a line using `?` help become `0` and
 * spaces (an expression statement, valid wherever a statement is, even as an
 * indented block's only one); continuation lines of a blanked line go with it.
 * Lines inside strings and brackets are left alone.
 */
export function blankIPython(source: string): string {
  if (!/[%!?]/.test(source)) return source;
  const chars = source.split('');
  const n = source.length;
  let i = 0;
  let depth = 0;
  let quote = '';
  /** Spaces over [from, to), with a `0` first when `zero` (the expression statement). */
  const blank = (from: number, to: number, zero: boolean) => {
    for (let k = from; k < to; k++) chars[k] = ' ';
    if (zero && from < to) chars[from] = '0';
  };
  const lineEnd = (at: number) => {
    let e = at;
    while (e < n && source[e] !== '\n' && source[e] !== '\r') e++;
    return e;
  };
  const nextLine = (e: number) => (source[e] === '\r' && source[e + 1] === '\n' ? e + 2 : e + 1);
  /** Blank from `from` to the end of its line and of every line continued by a trailing backslash; returns where scanning goes on. */
  const blankLogical = (from: number): number => {
    let start = from;
    for (;;) {
      const e = lineEnd(start);
      blank(start, e, start === from);
      if (e >= n || !source.slice(start, e).trimEnd().endsWith('\\')) return e;
      start = nextLine(e);
      if (start >= n) return n;
    }
  };
  let atStatement = true;
  while (i < n) {
    if (atStatement && !quote && depth === 0) {
      atStatement = false;
      let k = i;
      while (k < n && (source[k] === ' ' || source[k] === '\t')) k++;
      const c = source[k];
      if (c === '%' || c === '!' || c === '?') {
        i = blankLogical(k);
        continue;
      }
      const e = lineEnd(k);
      const line = source.slice(k, e);
      const assign = /^[\w.,\s[\]()]+?\s*=\s*(?=[!%])/.exec(line);
      if (assign && !/[=!<>]=/.test(line.slice(0, assign[0].length))) {
        i = blankLogical(k + assign[0].length);
        continue;
      }
      if (helpLine(line)) {
        i = blankLogical(k);
        continue;
      }
    }
    const c = source[i];
    if (quote) {
      if (c === '\\') i += 2;
      else if (source.startsWith(quote, i)) {
        i += quote.length;
        quote = '';
      } else {
        // A line break ends an unterminated one-quote string (tree-sitter recovers the same way).
        if ((c === '\n' || c === '\r') && quote.length === 1) quote = '';
        i++;
      }
      continue;
    }
    if (c === '#') {
      i = lineEnd(i);
      continue;
    }
    if (c === '"' || c === "'") {
      quote = source.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
      i += quote.length;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth = Math.max(0, depth - 1);
    else if (c === '\\' && (source[i + 1] === '\n' || source[i + 1] === '\r')) {
      i = nextLine(i + 1);
      continue;
    } else if (c === '\n' || c === '\r') {
      i = nextLine(i);
      atStatement = true;
      continue;
    }
    i++;
  }
  return chars.join('');
}

/** Does this line ask for help (`obj?`, `obj??`), outside its strings and comment? */
function helpLine(line: string): boolean {
  if (!line.includes('?')) return false;
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === '\\') i++;
      else if (line.startsWith(quote, i)) {
        i += quote.length - 1;
        quote = '';
      }
      continue;
    }
    if (c === '#') return false;
    if (c === '"' || c === "'") quote = line.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
    else if (c === '?') return true;
  }
  return false;
}

// ---------------------------------------------------------------------------
// Positions both ways.

/** The segment holding a line of a source (the last one for lines past its end). */
function segmentAt(segments: readonly CellSegment[], line: number): CellSegment | undefined {
  let found: CellSegment | undefined;
  for (const s of segments) {
    if (s.line > line) break;
    found = s;
  }
  return found ?? segments[0];
}

/** A position of a notebook source → the cell and the position in the cell's text. */
export function toCell(segments: readonly CellSegment[], p: Position): { cell: number; position: Position } | undefined {
  const s = segmentAt(segments, p.line);
  if (!s) return undefined;
  const offset = p.line - s.line;
  if (offset >= s.lines) return { cell: s.cell, position: { line: s.cellLine + s.lines - 1, character: s.lastLength } };
  return { cell: s.cell, position: { line: s.cellLine + Math.max(0, offset), character: p.character } };
}

/** A range of a notebook source → its cell and the range there; a range running into the next cell is cut at its cell's end. */
export function toCellRange(segments: readonly CellSegment[], r: Range): { cell: number; range: Range } | undefined {
  const start = toCell(segments, r.start);
  if (!start) return undefined;
  const end = toCell(segments, r.end);
  const s = segments.find((x) => x.cell === start.cell && x.line <= r.start.line && r.start.line < x.line + x.lines) ?? segmentAt(segments, r.start.line)!;
  const endPos = end && end.cell === start.cell ? end.position : { line: s.cellLine + s.lines - 1, character: s.lastLength };
  return { cell: start.cell, range: { start: start.position, end: endPos } };
}

/** A position in a cell's text → the position in the notebook source, when the source holds that line of the cell. */
export function fromCell(segments: readonly CellSegment[], cell: number, p: Position): Position | undefined {
  for (const s of segments) {
    if (s.cell !== cell) continue;
    if (p.line >= s.cellLine && p.line <= s.cellLine + s.lines - 1) return { line: s.line + (p.line - s.cellLine), character: p.character };
  }
  return undefined;
}

/** The cells a source's lines come from. */
export function cellsOf(segments: readonly CellSegment[]): number[] {
  return [...new Set(segments.map((s) => s.cell))];
}

/** A column of a cell line → where it is in the .ipynb file (CellInfo.layout). */
export function fileColumnOf(layout: readonly number[][] | undefined, p: Position): Position | undefined {
  const anchors = layout?.[p.line];
  if (!anchors || anchors.length < 3) return undefined;
  let k = 0;
  while (k + 3 < anchors.length && anchors[k + 3] <= p.character) k += 3;
  return { line: anchors[k + 1], character: anchors[k + 2] + (p.character - anchors[k]) };
}

/** A range of a notebook source as a cell location (with the .ipynb file's range when the layout is known). */
export function cellLocation(part: NotebookPart, own: NotebookPart | undefined, r: Range): CellLocation | undefined {
  const at = toCellRange(part.segments, r);
  if (!at) return undefined;
  const info = own?.cells?.[at.cell];
  const start = fileColumnOf(info?.layout, at.range.start);
  const end = fileColumnOf(info?.layout, at.range.end);
  return {
    notebook: part.notebook,
    cell: at.cell,
    ...(info?.id !== undefined ? { id: info.id } : {}),
    range: at.range,
    ...(start && end ? { inFile: { start, end } } : {}),
  };
}
