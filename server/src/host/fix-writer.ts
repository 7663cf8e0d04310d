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

export function writeSafeFixes(findings: readonly Finding[], project: Project, workspace: WorkspaceRoot): FixOutcome {
  const refused = new Map<string, string>();
  const sources = new Map<string, Source>();
  const configOf = (file: string): Config => (project.files.get(file)?.config ?? project.rootConfig).config;
  const textOf = (file: string): string | undefined => {
    if (refused.has(file)) return undefined;
    const known = sources.get(file);
    if (known) return known.text;
    const entry = project.files.get(file);
    const refuse = (reason: string) => {
      refused.set(file, reason);
      return undefined;
    };
    if (workspace.canonical(file) !== file) return refuse('it is outside the workspace');
    if (hasNameOutside(file, project.files.keys())) return refuse('it is also a file outside the workspace (a hard link)');
    if (!entry?.digest) return refuse('its analysed content is not known');
    const src = readSource(file, configOf(file).maxFileSize);
    if ('error' in src) return refuse(src.error);
    if (src.digest !== entry.digest) return refuse('it changed after it was checked; run the check again');
    sources.set(file, src);
    return src.text;
  };
  // Two names of one file (hard links): its fixes are made through the first name only.
  const aliases = hardLinkAliases([...new Set(findings.flatMap((f) => f.fixes.flatMap((x) => x.edits.map((e) => e.file))))].sort());
  for (const [alias, name] of aliases) refused.set(alias, `it is another name (a hard link) of ${name}, fixed there`);
  const { plan, texts, refused: unparsable } = settleSafeFixes(findings, textOf, configOf);
  for (const f of unparsable) if (!refused.has(f)) refused.set(f, 'the fixed text would not parse');

  const written: string[] = [];
  for (const [file, text] of texts) {
    const src = sources.get(file)!;
    const problem = writeOver(file, src, src.bom ? BOM + text : text);
    if (problem) refused.set(file, problem);
    else written.push(file);
  }
  const ok = new Set(written);
  const fixed = plan.fixes.filter((fix) => fix.edits.every((e) => ok.has(e.file))).length;
  return { fixed, written, refused: [...refused].map(([file, reason]) => ({ file, reason })) };
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
