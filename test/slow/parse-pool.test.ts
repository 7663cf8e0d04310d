// The parallel cold scan: loadProject with worker threads gives the same
// project (entries, facts, stats, notices) as loadProject in-process.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadProject, type LoadedProject } from '../../server/src/host/loader';
import { POOL_MIN_BYTES, POOL_MIN_FILES, poolStats, workerScript, workersFor } from '../../server/src/host/parse-pool';

const ROOT = join(__dirname, '..', '..', '..');

function snapshot(loaded: LoadedProject) {
  const files = [...loaded.project.files.values()]
    .map((e) => ({ file: e.file, facts: e.facts, skipped: e.skipped, unparsed: e.unparsed, config: e.config.fingerprint }))
    .sort((a, b) => a.file.localeCompare(b.file));
  const { ms: _ms, ...stats } = loaded.stats;
  return { files, stats, notices: loaded.notices };
}

async function withWorkers<T>(enabled: boolean, f: () => Promise<T>): Promise<T> {
  const before = process.env.SCRIPT_CONTRACTS_WORKERS;
  // The 1x workspace is below the pool's size threshold: force two workers.
  process.env.SCRIPT_CONTRACTS_WORKERS = enabled ? '2' : '0';
  try {
    return await f();
  } finally {
    if (before === undefined) delete process.env.SCRIPT_CONTRACTS_WORKERS;
    else process.env.SCRIPT_CONTRACTS_WORKERS = before;
  }
}

describe('host/parse-pool: parallel cold scan', function () {
  this.timeout(180000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'sc-pool-'));
    const bench = join(ROOT, 'bench', 'workspaces', 's100-seed1');
    if (existsSync(bench)) cpSync(bench, join(dir, 'ws'), { recursive: true });
    else {
      const r = spawnSync(process.execPath, [join(ROOT, 'bench', 'generate.mjs'), '--steps', '100', '--out', join(dir, 'ws')], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
    }
    // Unreadable and binary content go through the workers too.
    writeFileSync(join(dir, 'ws', 'binary.py'), Buffer.from([0x69, 0x6d, 0x00, 0x01]));
    writeFileSync(join(dir, 'ws', 'latin1.py'), Buffer.from([0x23, 0xe9, 0x0a]));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('has a worker script next to the pool and uses workers only for large scans', () => {
    assert.ok(workerScript(), 'parse-worker.js is missing beside parse-pool.js');
    const before = process.env.SCRIPT_CONTRACTS_WORKERS;
    delete process.env.SCRIPT_CONTRACTS_WORKERS;
    try {
      assert.equal(workersFor(POOL_MIN_FILES, 1e9), 0);
      assert.equal(workersFor(10 * POOL_MIN_FILES, POOL_MIN_BYTES - 1), 0);
    } finally {
      if (before !== undefined) process.env.SCRIPT_CONTRACTS_WORKERS = before;
    }
  });

  it('loads the same project with and without workers (cold, then phase 2 and the cache)', async () => {
    const ws = join(dir, 'ws');
    const inProcess = await withWorkers(false, () => loadProject(ws, { cache: false }));
    const analysed = poolStats.analysed;
    const pooled = await withWorkers(true, () => loadProject(ws, { cache: false }));
    assert.ok(poolStats.analysed - analysed > POOL_MIN_FILES, 'the workers did not do the work');
    assert.equal(poolStats.handedBack, 0);
    assert.ok(inProcess.stats.files > POOL_MIN_FILES);
    assert.deepStrictEqual(snapshot(pooled), snapshot(inProcess));
    // Through the cache: a cold pooled load fills it, a warm load reads it back the same.
    const cold = await withWorkers(true, () => loadProject(ws));
    const warm = await withWorkers(true, () => loadProject(ws));
    assert.equal(warm.stats.cached, warm.stats.files);
    assert.deepStrictEqual(snapshot(cold).files, snapshot(inProcess).files);
    // The cache stores JSON: compare as JSON.
    const json = (x: unknown) => JSON.parse(JSON.stringify(x));
    assert.deepStrictEqual(json(snapshot(warm).files), json(snapshot(inProcess).files));
  });
});
