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
import type { Finding } from '../core/model';
import type { Project } from '../core/project';
import { contentDigest } from './cache';
import { hardLinkAliases, hasNameOutside, readRegularFile } from './files';
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
  textOf(file: string): string | undefined {
    if (this.refused.has(file)) return undefined;
    const known = this.sources.get(file);
    if (known) return known.text;
    const entry = this.project.files.get(file);
    if (this.workspace.canonical(file) !== file) return this.refuse(file, 'it is outside the workspace');
    if (hasNameOutside(file, this.project.files.keys())) return this.refuse(file, 'it is also a file outside the workspace (a hard link)');
    if (!entry?.digest) return this.refuse(file, 'its analysed content is not known');
    const src = readSource(file, this.configOf(file).maxFileSize);
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
  // Two names of one file (hard links): its fixes are made through the first name only.
  guard.oneNamePerFile(findings.flatMap((f) => f.fixes.flatMap((x) => x.edits.map((e) => e.file))));
  const textOf = (f: string) => guard.textOf(f);
  const { plan, texts, refused: unparsable } = settleSafeFixes(findings, textOf, (f) => guard.configOf(f));
  for (const f of unparsable) guard.refuse(f, 'the fixed text would not parse');

  const written: string[] = [];
  for (const [file, text] of texts) if (guard.write(file, text)) written.push(file);
  const ok = new Set(written);
  const fixed = plan.fixes.filter((fix) => fix.edits.every((e) => ok.has(e.file))).length;
  return { fixed, written, refused: guard.refusals() };
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
