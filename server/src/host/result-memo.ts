// The findings of the last whole-workspace check, reused by the next one when
// nothing it read has changed: the same tool build, the same selected files
// with the same sizes and modification times, the same configuration. Rules
// are cross-file, so the result is only reusable whole; after any change the
// check runs again from the facts cache. It is what makes a repeated
// `script-contracts check` (a pre-commit hook, a second CI step) cost little
// more than listing the workspace.
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding, Notice } from '../core/model';
import { buildId, cacheDir } from './cache';
import { lstatOrUndefined, type WorkspaceScan } from './loader';

interface StoredResult {
  key: string;
  files: number;
  findings: Finding[];
  notices: Notice[];
}

function memoFile(root: string): string {
  return join(cacheDir(), createHash('sha1').update(`result\0${root}`).digest('hex').slice(0, 16) + '.result.json');
}

/** A digest of everything a check of this scan reads (a configuration file that cannot be stat'ed counts as absent). */
export function scanKey(scan: WorkspaceScan, configFile: string | undefined): string {
  const h = createHash('sha1');
  h.update(`${buildId()}\0${scan.root}\0${configFile ?? ''}\0`);
  const fingerprints = new Map<string, number>();
  for (const f of [...scan.configFiles, ...(configFile ? [configFile] : [])]) {
    const st = lstatOrUndefined(f);
    h.update(`c\0${f}\0${st?.size}\0${st?.mtimeMs}\0`);
  }
  for (const f of scan.selected) {
    const st = scan.stats.get(f);
    // Configurations are long strings shared by many files: hash each one once.
    const fp = scan.resolver.forFile(f).fingerprint;
    let id = fingerprints.get(fp);
    if (id === undefined) {
      fingerprints.set(fp, (id = fingerprints.size));
      h.update(`p\0${id}\0${fp}\0`);
    }
    h.update(`f\0${f}\0${st?.size}\0${st?.mtimeMs}\0${id}\0`);
  }
  return h.digest('hex');
}

export function readResult(root: string, key: string): StoredResult | undefined {
  try {
    const stored = JSON.parse(readFileSync(memoFile(root), 'utf8')) as StoredResult;
    return stored?.key === key && Array.isArray(stored.findings) ? stored : undefined;
  } catch {
    return undefined;
  }
}

export function writeResult(root: string, result: StoredResult): void {
  try {
    mkdirSync(cacheDir(), { recursive: true });
    const file = memoFile(root);
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(result));
    renameSync(tmp, file);
  } catch {
    // Not being able to remember a result never fails a check.
  }
}
