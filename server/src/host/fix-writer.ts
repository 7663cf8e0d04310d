// Writing safe fixes to disk (`check --fix`). A write is the one thing this tool
// does that can lose work, so each file is written only when all of this holds:
// it is inside the workspace by its real path and is not a link; its bytes are
// the bytes that were analysed (their digest), checked again just before the
// write; it is writable by someone (root ignores permission bits, we do not);
// and the fixed text parses as well as the old one (core/fixes.ts). The BOM a
// file had is kept; the text was analysed without it.
import { closeSync, constants, fstatSync, lstatSync, openSync, writeSync } from 'node:fs';
import type { Config } from '../core/config';
import { settleSafeFixes } from '../core/fixes';
import type { Finding, TextEdit } from '../core/model';
import { notebookSources, toCell, type NotebookSource } from '../core/notebook';
import type { Project } from '../core/project';
import { applyEdits, lineStarts, offsetAt } from '../core/text-edits';
import { contentDigest } from './cache';
import { hardLinkAliases, hasNameOutside, readRegularFile } from './files';
import { NOTEBOOK_SIZE_FACTOR, readNotebookText, withCellSources, type ReadNotebook } from './notebook-file';
import type { WorkspaceRoot } from './workspace-paths';

export interface FixOutcome {
  /** Findings whose fix was written whole. */
  fixed: number;
  written: string[];
  refused: { file: string; reason: string }[];
}

const BOM = '\ufeff';

interface Source {
  text: string;
  bom: boolean;
  digest: string;
}

function readSource(file: string, maxBytes: number): Source | { error: string } {
  const r = readRegularFile(file, maxBytes, { noFollow: true });
  if ('failure' in r) return { error: r.failure === 'link' ? 'it is a symbolic link' : r.message };
  let text: string;
  try {
    // ignoreBOM keeps a BOM in the text (the default drops it): it must be written back.
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(r.bytes);
  } catch {
    return { error: 'it is not valid UTF-8' };
  }
  const bom = text.startsWith(BOM);
  return { text: bom ? text.slice(1) : text, bom, digest: contentDigest(r.bytes) };
}

/**
 * The analysed text of workspace files, for writing over them: a file is read
 * only when it is inside the workspace by its real path, has no other name
 * outside it, and still holds the bytes it was analysed from; otherwise it is
 * refused, with the reason. `write` checks the bytes once more and keeps the BOM.
 * The --fix and --add-suppressions writers share it.
 */
export class GuardedSources {
  readonly refused = new Map<string, string>();
  private readonly sources = new Map<string, Source>();

  constructor(
    private readonly project: Project,
    private readonly workspace: WorkspaceRoot,
  ) {}

  configOf(file: string): Config {
    return (this.project.files.get(file)?.config ?? this.project.rootConfig).config;
  }

  refuse(file: string, reason: string): undefined {
    if (!this.refused.has(file)) this.refused.set(file, reason);
    return undefined;
  }

  /** The text the file was analysed from (without its BOM), or undefined when it may not be written. */
  textOf(file: string, maxBytes = this.configOf(file).maxFileSize): string | undefined {
    if (this.refused.has(file)) return undefined;
    const known = this.sources.get(file);
    if (known) return known.text;
    const entry = this.project.files.get(file);
    if (this.workspace.canonical(file) !== file) return this.refuse(file, 'it is outside the workspace');
    if (hasNameOutside(file, this.project.files.keys())) return this.refuse(file, 'it is also a file outside the workspace (a hard link)');
    if (!entry?.digest) return this.refuse(file, 'its analysed content is not known');
    const src = readSource(file, maxBytes);
    if ('error' in src) return this.refuse(file, src.error);
    if (src.digest !== entry.digest) return this.refuse(file, 'it changed after it was checked; run the check again');
    this.sources.set(file, src);
    return src.text;
  }

  /** Writes a new text over a file `textOf` read; true when written. */
  write(file: string, text: string): boolean {
    const src = this.sources.get(file);
    if (!src) return false;
    const problem = writeOver(file, src, src.bom ? BOM + text : text);
    if (problem) this.refused.set(file, problem);
    return !problem;
  }

  /** Refuses every name of a file but the first (hard links): edits go through one name only. */
  oneNamePerFile(files: Iterable<string>): void {
    for (const [alias, name] of hardLinkAliases([...new Set(files)].sort())) this.refuse(alias, `it is another name (a hard link) of ${name}, fixed there`);
  }

  refusals(): { file: string; reason: string }[] {
    return [...this.refused].map(([file, reason]) => ({ file, reason }));
  }
}

export function writeSafeFixes(findings: readonly Finding[], project: Project, workspace: WorkspaceRoot): FixOutcome {
  const guard = new GuardedSources(project, workspace);
  const notebooks = new NotebookWrites(project, guard);
  // Two names of one file (hard links): its fixes are made through the first name only.
  guard.oneNamePerFile(findings.flatMap((f) => f.fixes.flatMap((x) => x.edits.map((e) => e.file))));
  const textOf = (f: string) => (notebooks.holds(f) ? notebooks.textOf(f) : guard.textOf(f));
  const { plan, texts, refused: unparsable } = settleSafeFixes(findings, textOf, (f) => guard.configOf(f));
  for (const f of unparsable) (notebooks.holds(f) ? notebooks : guard).refuse(f, 'the fixed text would not parse');

  const written: string[] = [];
  for (const [file, text] of texts) {
    if (notebooks.holds(file)) notebooks.stage(file, text, plan.editsByFile.get(file) ?? []);
    else if (guard.write(file, text)) written.push(file);
  }
  const ok = new Set([...written, ...notebooks.writeAll()]);
  const fixed = plan.fixes.filter((fix) => fix.edits.every((e) => ok.has(e.file))).length;
  return { fixed, written: [...ok], refused: [...guard.refusals(), ...notebooks.refusals()] };
}

/**
 * Fixes in files made from notebook cells. A fix's edits are in the source's
 * positions; each must lie in one cell, where it is applied to the cell's own
 * text (never over IPython syntax the source blanked). Before the .ipynb is
 * written, the new cells must make exactly the fixed sources again, the new
 * file must read as JSON with the new sources and nothing else changed, and it
 * is written only over the bytes that were analysed (GuardedSources).
 */
class NotebookWrites {
  private readonly read = new Map<string, { json: string; nb: ReadNotebook; sources: NotebookSource[] } | undefined>();
  private readonly staged = new Map<string, { files: Map<string, string>; cells: Map<number, string> }>();
  private readonly refused = new Map<string, string>();

  constructor(
    private readonly project: Project,
    private readonly guard: GuardedSources,
  ) {}

  holds(file: string): boolean {
    return this.project.files.get(file)?.notebook !== undefined;
  }

  private notebookOf(file: string): string {
    return this.project.files.get(file)!.notebook!.notebook;
  }

  refuse(file: string, reason: string): undefined {
    const nb = this.notebookOf(file);
    if (!this.refused.has(nb)) this.refused.set(nb, reason);
    return undefined;
  }

  private load(notebook: string) {
    if (this.read.has(notebook)) return this.read.get(notebook);
    const max = this.guard.configOf(notebook).maxFileSize;
    const json = this.guard.textOf(notebook, max * NOTEBOOK_SIZE_FACTOR);
    let value: { json: string; nb: ReadNotebook; sources: NotebookSource[] } | undefined;
    if (json !== undefined) {
      const nb = readNotebookText(json, max);
      if ('message' in nb) this.refused.set(notebook, `it no longer reads as a notebook: ${nb.message}`);
      else value = { json, nb, sources: notebookSources(notebook, nb.cells, { language: nb.language, root: this.project.root }).sources };
    }
    this.read.set(notebook, value);
    return value;
  }

  textOf(file: string): string | undefined {
    const notebook = this.notebookOf(file);
    if (this.refused.has(notebook)) return undefined;
    const loaded = this.load(notebook);
    const text = loaded?.sources.find((s) => s.file === file)?.text;
    if (loaded && text === undefined) this.refused.set(notebook, `it no longer makes ${file}`);
    return text;
  }

  /** The new text of one source and the edits that made it, in the source's positions. */
  stage(file: string, text: string, edits: readonly TextEdit[]): void {
    const notebook = this.notebookOf(file);
    const loaded = this.load(notebook);
    const source = loaded?.sources.find((s) => s.file === file);
    if (!loaded || !source || this.refused.has(notebook)) return;
    let staged = this.staged.get(notebook);
    if (!staged) this.staged.set(notebook, (staged = { files: new Map(), cells: new Map() }));
    staged.files.set(file, text);
    const byCell = new Map<number, Omit<TextEdit, 'file'>[]>();
    const sourceStarts = lineStarts(source.text);
    for (const e of edits) {
      const start = toCell(source.segments, e.range.start);
      const end = toCell(source.segments, e.range.end);
      if (!start || !end || start.cell !== end.cell) return void this.refused.set(notebook, 'a fix would edit across two cells');
      const cellText = loaded.nb.cells[start.cell].source;
      const cellStarts = lineStarts(cellText);
      const inSource = source.text.slice(offsetAt(sourceStarts, source.text, e.range.start), offsetAt(sourceStarts, source.text, e.range.end));
      const inCell = cellText.slice(offsetAt(cellStarts, cellText, start.position), offsetAt(cellStarts, cellText, end.position));
      if (inSource !== inCell) return void this.refused.set(notebook, `a fix would edit IPython syntax in cell ${start.cell + 1}`);
      byCell.set(start.cell, [...(byCell.get(start.cell) ?? []), { range: { start: start.position, end: end.position }, newText: e.newText }]);
    }
    for (const [cell, list] of byCell) staged.cells.set(cell, applyEdits(staged.cells.get(cell) ?? loaded.nb.cells[cell].source, list));
  }

  /** Writes every staged notebook that passes its checks; returns the sources written. */
  writeAll(): string[] {
    const written: string[] = [];
    for (const [notebook, staged] of this.staged) {
      const loaded = this.read.get(notebook);
      if (!loaded || this.refused.has(notebook)) continue;
      const problem = this.check(notebook, loaded, staged);
      if (problem) {
        this.refused.set(notebook, problem);
        continue;
      }
      const next = withCellSources(loaded.json, loaded.nb, staged.cells);
      if (this.guard.write(notebook, next)) written.push(...staged.files.keys());
    }
    return written;
  }

  private check(
    notebook: string,
    loaded: { json: string; nb: ReadNotebook },
    staged: { files: Map<string, string>; cells: Map<number, string> },
  ): string | undefined {
    const cells = loaded.nb.cells.map((c, i) => ({ ...c, source: staged.cells.get(i) ?? c.source }));
    const again = notebookSources(notebook, cells, { language: loaded.nb.language, root: this.project.root }).sources;
    for (const [file, text] of staged.files) if (again.find((s) => s.file === file)?.text !== text) return 'the fixed cells would not make the fixed file';
    const next = withCellSources(loaded.json, loaded.nb, staged.cells);
    let parsed: { cells?: { source?: string | string[] }[] };
    try {
      parsed = JSON.parse(next);
    } catch {
      return 'the fixed notebook would not be valid JSON';
    }
    const sources = parsed.cells?.map((c) => (Array.isArray(c.source) ? c.source.join('') : c.source));
    if (!sources || sources.length !== cells.length || sources.some((s, i) => s !== cells[i].source))
      return 'the fixed notebook would not hold the fixed cells';
    const reread = readNotebookText(next, Number.MAX_SAFE_INTEGER);
    if ('message' in reread || reread.cells.some((c, i) => c.source !== cells[i].source || c.kind !== cells[i].kind))
      return 'the fixed notebook would not read back';
    return undefined;
  }

  refusals(): { file: string; reason: string }[] {
    return [...this.refused].map(([file, reason]) => ({ file, reason }));
  }
}

/** Writes `text` over `file` in place (keeping its inode, mode and links), when its bytes are still `src`'s. */
function writeOver(file: string, src: Source, text: string): string | undefined {
  try {
    const st = lstatSync(file);
    if (st.isSymbolicLink()) return 'it is a symbolic link';
    if ((st.mode & 0o222) === 0) return 'it is read-only';
  } catch (e) {
    return (e as Error).message;
  }
  const again = readSource(file, Number.MAX_SAFE_INTEGER);
  if ('error' in again) return again.error;
  if (again.digest !== src.digest) return 'it changed after it was checked; run the check again';
  let fd: number;
  try {
    // Non-blocking: a FIFO swapped in since the read fails to open instead of waiting for a reader.
    fd = openSync(file, constants.O_WRONLY | constants.O_TRUNC | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (e as Error).message;
  }
  try {
    if (!fstatSync(fd).isFile()) return 'it is not a regular file';
    const bytes = Buffer.from(text, 'utf8');
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  } finally {
    closeSync(fd);
  }
}
