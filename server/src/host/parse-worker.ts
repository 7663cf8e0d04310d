// Worker thread of the parse pool (parse-pool.ts): reads and analyses the files
// it is sent, exactly as loadProject does in-process (entryFromDisk), and sends
// back plain facts. Built as its own esbuild entry (dist/parse-worker.js) and
// found by tsc output as out/server/src/host/parse-worker.js.
import { parentPort } from 'node:worker_threads';
import { EMPTY_PYTHON } from '../core/analyze';
import type { Config, LoadedConfig } from '../core/config';
import { initPythonParser } from './python-parser';
import { entryAndDigestFromDisk } from './loader';
import type { BatchMessage, ParseOutcome, ResultMessage } from './parse-pool';

const configs = new Map<string, LoadedConfig>();
const ready = initPythonParser();

function register(pairs: [string, Config][]): void {
  for (const [fingerprint, config] of pairs) {
    if (!configs.has(fingerprint)) configs.set(fingerprint, { config, errors: [], fingerprint });
  }
}

async function run(msg: BatchMessage): Promise<ResultMessage> {
  await ready;
  const bases = msg.bases ? new Set(msg.bases) : undefined;
  const outcomes: ParseOutcome[] = [];
  for (const [file, fingerprint] of msg.jobs) {
    const config = configs.get(fingerprint);
    if (!config) {
      outcomes.push({ error: 'unknown configuration' });
      continue;
    }
    try {
      const { entry: e, digest } = entryAndDigestFromDisk(file, config, bases);
      // EMPTY_PYTHON is restored on the other side; do not clone it for nothing.
      outcomes.push(
        e.unparsed ? { unparsed: true, digest, ...(e.facts !== EMPTY_PYTHON ? { facts: e.facts } : {}) } : { facts: e.facts, skipped: e.skipped, digest },
      );
    } catch (err) {
      outcomes.push({ error: (err as Error).message });
    }
  }
  return { id: msg.id, outcomes };
}

parentPort?.on('message', (msg: BatchMessage) => {
  // Register configurations before any await, so batches see them in order.
  register(msg.configs);
  run(msg).then(
    (result) => parentPort!.postMessage(result),
    (err) => parentPort!.postMessage({ id: msg.id, outcomes: msg.jobs.map(() => ({ error: String((err as Error)?.message ?? err) })) } satisfies ResultMessage),
  );
});
