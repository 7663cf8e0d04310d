// On-disk cache of file facts, so that unchanged files are not re-parsed.
// Keyed by path, size, modification time and the effective configuration;
// stored per workspace in the OS cache folder with v8 serialisation.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { FileEntry } from '../core/project';

/** Bump when facts change shape, so old caches are ignored. */
const FORMAT = 5;

interface Stored {
  size: number;
  mtimeMs: number;
  fingerprint: string;
  facts?: FileEntry['facts'];
  skipped?: string;
  unparsed?: boolean;
}

export function cacheDir(): string {
  return process.env.SCRIPT_CONTRACTS_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'script-contracts');
}

export class FactsCache {
  private dirty = false;

  private constructor(private readonly file: string, private readonly entries: Map<string, Stored>) {}

  static open(root: string): FactsCache {
    const name = createHash('sha1').update(`${FORMAT}\0${root}`).digest('hex').slice(0, 16) + '.bin';
    const file = join(cacheDir(), name);
    let entries = new Map<string, Stored>();
    try {
      const data = deserialize(readFileSync(file)) as { format: number; entries: Map<string, Stored> };
      if (data?.format === FORMAT && data.entries instanceof Map) entries = data.entries;
    } catch {
      // Missing or unreadable cache: start empty.
    }
    return new FactsCache(file, entries);
  }

  get(path: string, size: number, mtimeMs: number, fingerprint: string): Omit<FileEntry, 'file' | 'config'> | undefined {
    const s = this.entries.get(path);
    if (!s || s.size !== size || s.mtimeMs !== mtimeMs || s.fingerprint !== fingerprint) return undefined;
    return { facts: s.facts, skipped: s.skipped, unparsed: s.unparsed };
  }

  set(path: string, size: number, mtimeMs: number, fingerprint: string, entry: FileEntry): void {
    this.entries.set(path, { size, mtimeMs, fingerprint, facts: entry.facts, skipped: entry.skipped, unparsed: entry.unparsed });
    this.dirty = true;
  }

  save(): void {
    if (!this.dirty) return;
    try {
      mkdirSync(cacheDir(), { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      writeFileSync(tmp, serialize({ format: FORMAT, entries: this.entries }));
      renameSync(tmp, this.file);
      this.dirty = false;
    } catch {
      // A read-only home or a full disk must not fail the check; the next run is simply cold.
    }
  }
}
