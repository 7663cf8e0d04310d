// Where the baseline file is (core/baseline.ts says what it holds), reading it
// and writing it. The CLI and the language server both find it here, so they
// read the same file: `--baseline FILE` (CLI only), else the `baseline` key of
// the workspace root's configuration (relative to that configuration file's
// folder), else `.script-contracts-baseline.json` in the workspace root.
import { chmodSync, lstatSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { type Baseline, DEFAULT_BASELINE_FILE, parseBaseline } from '../core/baseline';
import type { LoadedConfig } from '../core/config';
import { readRegularFile } from './files';
import type { WorkspaceRoot } from './workspace-paths';

/** A baseline of 64 MB would be a few hundred thousand findings: beyond that it is not a baseline. */
const MAX_BASELINE_BYTES = 64 * 1024 * 1024;

export interface BaselineLocation {
  /** Absolute; named canonically when inside the workspace. */
  file: string;
  /** Where the name came from: only the default may be absent without that being a mistake. */
  source: 'flag' | 'config' | 'default';
  /** The configuration file that named it (source `config`). */
  configFile?: string;
}

export function baselineLocation(workspace: WorkspaceRoot, rootConfig: LoadedConfig, flag?: string): BaselineLocation {
  const canonical = (p: string) => workspace.canonical(p) ?? p;
  if (flag) return { file: canonical(resolve(flag)), source: 'flag' };
  const configured = rootConfig.config.baseline;
  if (configured && rootConfig.file) return { file: canonical(join(dirname(rootConfig.file), configured)), source: 'config', configFile: rootConfig.file };
  return { file: join(workspace.root, DEFAULT_BASELINE_FILE), source: 'default' };
}

/** Names a finding's file as the baseline does: relative to the baseline file's folder, with `/`. */
export function baselineNames(location: BaselineLocation): { relOf: (file: string) => string; fileOf: (rel: string) => string } {
  const dir = dirname(location.file);
  return {
    relOf: (file) => relative(dir, file).split(sep).join('/'),
    fileOf: (rel) => resolve(dir, ...rel.split('/')),
  };
}

export type BaselineRead = { baseline: Baseline; text: string } | { missing: true } | { error: string };

export function readBaseline(file: string, options: { noFollow?: boolean } = {}): BaselineRead {
  const r = readRegularFile(file, MAX_BASELINE_BYTES, options);
  if ('failure' in r) return r.failure === 'missing' ? { missing: true } : { error: r.message };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(r.bytes);
  } catch {
    return { error: 'it is not valid UTF-8' };
  }
  const parsed = parseBaseline(text);
  return 'error' in parsed ? parsed : { baseline: parsed.baseline, text };
}

/**
 * Writes the baseline's text: to a temporary file beside it, then renamed over
 * it, so a reader never sees half a file. Never through a link, never over
 * anything but a regular file; keeps the mode of the file it replaces.
 * Returns what went wrong, or undefined.
 */
export function writeBaseline(file: string, text: string): string | undefined {
  let mode: number | undefined;
  try {
    const st = lstatSync(file);
    if (st.isSymbolicLink()) return 'it is a symbolic link';
    if (!st.isFile()) return 'it is not a regular file';
    if ((st.mode & 0o222) === 0) return 'it is read-only';
    mode = st.mode & 0o7777;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return (e as Error).message;
  }
  try {
    if (!statSync(dirname(file)).isDirectory()) return `${dirname(file)} is not a folder`;
  } catch {
    return `the folder ${dirname(file)} does not exist`;
  }
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, text, { flag: 'wx' });
    if (mode !== undefined) chmodSync(tmp, mode);
    renameSync(tmp, file);
    return undefined;
  } catch (e) {
    rmSync(tmp, { force: true });
    return (e as Error).message;
  }
}
