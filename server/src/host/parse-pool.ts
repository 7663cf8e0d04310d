// Spreads the reading and analysis of many files over worker threads (each
// loads the parser's WebAssembly once). Used by loadProject for a cold scan of
// a large workspace; small batches stay in-process, where starting workers
// would cost more than it saves. Facts are plain data, so they cross threads
// by structured clone unchanged.
//
// The worker is parse-worker.js next to this module: dist/parse-worker.js
// beside the esbuild bundle dist/server.js, out/server/src/host/parse-worker.js
// beside the tsc output. When it is missing (or a worker fails), the files are
// analysed in-process instead, with the same results.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Config, LoadedConfig } from '../core/config';
import type { FileFacts } from '../core/facts';

/**
 * Below this many files, or this many bytes, to analyse, workers cost more than
 * they save (measured on 2 cores: the 1x bench workspace, 465 files / 7 MB, is
 * slower with workers; the 10x one is faster).
 */
export const POOL_MIN_FILES = 200;
export const POOL_MIN_BYTES = 16 * 1024 * 1024;
const MAX_WORKERS = 2;
/** A batch closes at this many files or this many bytes, whichever comes first. */
const BATCH_FILES = 24;
const BATCH_BYTES = 384 * 1024;
/** Batches in flight per worker, so a worker never waits for the next one. */
const IN_FLIGHT = 2;

export interface ParseJob {
  file: string;
  config: LoadedConfig;
  /** Size on disk, for batching. */
  size: number;
}

/** What a worker sends back for one file: a FileEntry without `file` and `config`. */
export interface ParseOutcome {
  facts?: FileFacts;
  skipped?: string;
  unparsed?: boolean;
  /** Digest of the bytes read (the facts cache's content key). */
  digest?: string;
  /** The worker threw on this file: analyse it in-process instead. */
  error?: string;
}

/** main → worker */
export interface BatchMessage {
  id: number;
  /** Configurations this worker has not seen yet, by fingerprint. */
  configs: [string, Config][];
  /** [file, fingerprint] */
  jobs: [string, string][];
  /** Entry-point script names (phase 2 of loadProject), or undefined. */
  bases?: string[];
}

/** worker → main */
export interface ResultMessage {
  id: number;
  outcomes: ParseOutcome[];
}

/** Counters for benchmarks and tests: files analysed by workers, and files handed back to be done in-process. */
export const poolStats = { analysed: 0, handedBack: 0 };

export function workerScript(): string | undefined {
  const file = join(__dirname, 'parse-worker.js');
  return existsSync(file) ? file : undefined;
}

/**
 * How many workers a pool for `count` files of `bytes` in all would use (0:
 * stay in-process). SCRIPT_CONTRACTS_WORKERS=0 turns the pool off; =N forces N
 * workers whatever the size (benchmarks and tests).
 */
export function workersFor(count: number, bytes: number): number {
  const forced = process.env.SCRIPT_CONTRACTS_WORKERS;
  if (forced === '0' || count === 0) return 0;
  if (forced && /^[1-9]\d*$/.test(forced)) return workerScript() ? Number(forced) : 0;
  if (count <= POOL_MIN_FILES || bytes < POOL_MIN_BYTES) return 0;
  const n = Math.min(MAX_WORKERS, availableParallelism());
  return n >= 2 && workerScript() ? n : 0;
}

interface Batch {
  id: number;
  indices: number[];
}

/**
 * Analyses the files in worker threads. Resolves with one outcome per job, in
 * job order; `onDone` is called with the number of jobs finished so far. Jobs a
 * worker could not do come back with `error` set (the caller redoes them).
 */
export function parseInWorkers(
  jobs: ParseJob[],
  bases: ReadonlySet<string> | undefined,
  workerCount: number,
  onDone?: (done: number) => void,
): Promise<ParseOutcome[]> {
  const script = workerScript();
  const outcomes: ParseOutcome[] = new Array(jobs.length);
  if (!script || jobs.length === 0 || workerCount < 1) {
    for (let i = 0; i < jobs.length; i++) outcomes[i] = { error: 'no worker' };
    return Promise.resolve(outcomes);
  }
  // Batches in job order, closed by count or bytes.
  const batches: Batch[] = [];
  let cur: Batch | undefined;
  let bytes = 0;
  for (let i = 0; i < jobs.length; i++) {
    if (!cur || cur.indices.length >= BATCH_FILES || bytes >= BATCH_BYTES) {
      cur = { id: batches.length, indices: [] };
      batches.push(cur);
      bytes = 0;
    }
    cur.indices.push(i);
    bytes += jobs[i].size;
  }
  const baseList = bases ? [...bases] : undefined;

  return new Promise((resolvePool) => {
    let next = 0;
    let done = 0;
    let open = 0;
    const finish = () => {
      for (let i = 0; i < jobs.length; i++) outcomes[i] ??= { error: 'not analysed' };
      resolvePool(outcomes);
    };
    const settle = (batch: Batch, results: ParseOutcome[] | undefined, reason: string) => {
      batch.indices.forEach((jobIndex, k) => {
        const o = results?.[k] ?? { error: reason };
        outcomes[jobIndex] = o;
        if (o.error !== undefined) poolStats.handedBack++;
        else poolStats.analysed++;
      });
      done += batch.indices.length;
      onDone?.(done);
    };

    for (let w = 0; w < workerCount; w++) {
      let worker: Worker;
      try {
        worker = new Worker(script);
      } catch {
        continue;
      }
      open++;
      const seen = new Set<string>();
      const inFlight = new Map<number, Batch>();
      let closed = false;
      const send = (): boolean => {
        if (next >= batches.length) return false;
        const batch = batches[next++];
        const configs: [string, Config][] = [];
        const list: [string, string][] = [];
        for (const i of batch.indices) {
          const { file, config } = jobs[i];
          if (!seen.has(config.fingerprint)) {
            seen.add(config.fingerprint);
            configs.push([config.fingerprint, config.config]);
          }
          list.push([file, config.fingerprint]);
        }
        inFlight.set(batch.id, batch);
        const msg: BatchMessage = { id: batch.id, configs, jobs: list, bases: baseList };
        worker.postMessage(msg);
        return true;
      };
      const close = (reason: string) => {
        if (closed) return;
        closed = true;
        for (const b of inFlight.values()) settle(b, undefined, reason);
        inFlight.clear();
        void worker.terminate();
        if (--open === 0) finish();
      };
      worker.on('message', (msg: ResultMessage) => {
        const batch = inFlight.get(msg.id);
        if (!batch) return;
        inFlight.delete(msg.id);
        settle(batch, msg.outcomes, 'worker sent too few results');
        if (!send() && inFlight.size === 0) close('done');
      });
      worker.on('error', (e) => close(`worker failed: ${e.message}`));
      worker.on('exit', () => close('worker exited'));
      for (let k = 0; k < IN_FLIGHT; k++) send();
      if (inFlight.size === 0) close('nothing to do');
    }
    if (open === 0) finish();
  });
}
