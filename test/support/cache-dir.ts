// Points the caches (SCRIPT_CONTRACTS_CACHE_DIR) at a fresh temporary folder
// for each test of the calling suite, and restores the setting afterwards, so
// tests neither read nor fill the user's cache.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Registers beforeEach/afterEach hooks; the returned function gives the current test's folder. */
export function useTemporaryCacheDir(prefix: string): () => string {
  let dir = '';
  let saved: string | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
    saved = process.env.SCRIPT_CONTRACTS_CACHE_DIR;
    process.env.SCRIPT_CONTRACTS_CACHE_DIR = dir;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.SCRIPT_CONTRACTS_CACHE_DIR;
    else process.env.SCRIPT_CONTRACTS_CACHE_DIR = saved;
    rmSync(dir, { recursive: true, force: true });
  });
  return () => dir;
}
