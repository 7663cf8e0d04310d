#!/usr/bin/env node
// Script Contracts benchmark runner.
//
//   node bench/run.mjs [--sizes 1,10] [--runs 5] [--with-pyright] [--steps N] [--seed S]
//                      [--edits 100] [--idle-seconds 60] [--no-lsp] [--no-pull] [--no-cli] [--out bench/results.json]
//
// For each size (a multiple of the 1x step count) it generates or reuses a
// synthetic workspace (bench/generate.mjs), then measures the read floor, the
// CLI cold/warm wall time and peak RSS, the CLI's recall of the planted
// misalignments, and the language server's initial index time, edit ->
// diagnostics latency, contract edit -> script diagnostics latency, completion
// latency and RSS; then, in pull mode (as VS Code's client pulls), the first
// workspace answer, pulls with nothing changed, contract edit -> workspace
// answer, and the server's CPU while idle under a client that re-pulls every
// 2 s. Every figure is measured independently: a missing or failing
// CLI/server is reported for that figure and the run goes on.
// Results are printed as a table and written to bench/results.json.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync, mkdirSync, rmSync, utimesSync } from 'node:fs';
import { cpus, totalmem, platform, release, homedir } from 'node:os';
import { join, dirname, relative, resolve, isAbsolute, sep, basename } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { generate, DEFAULT_STEPS, DEFAULT_SEED, GENERATOR_VERSION } from './generate.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..');
// BENCH_BIN lets the harness be exercised against another launcher (e.g. a mock).
const BIN = process.env.BENCH_BIN ? resolve(process.env.BENCH_BIN) : join(ROOT, 'bin', 'script-contracts.js');
const BUNDLE = process.env.BENCH_BIN ? BIN : join(ROOT, 'dist', 'server.js');
const TIME = '/usr/bin/time';

// ---------------------------------------------------------------------------
// Arguments

function parseArgs(argv) {
  const a = {
    sizes: [1, 10],
    runs: 5,
    withPyright: false,
    steps: DEFAULT_STEPS,
    seed: DEFAULT_SEED,
    edits: 100,
    lsp: true,
    pull: true,
    idleSeconds: 60,
    cli: true,
    out: join(HERE, 'results.json'),
  };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const val = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${k} needs a value`);
      return v;
    };
    switch (k) {
      case '--sizes':
        a.sizes = val()
          .split(',')
          .map((s) => Number(s.trim()))
          .filter((n) => n > 0);
        break;
      case '--runs':
        a.runs = Math.max(1, parseInt(val(), 10));
        break;
      case '--with-pyright':
        a.withPyright = true;
        break;
      case '--steps':
        a.steps = parseInt(val(), 10);
        break;
      case '--seed':
        a.seed = parseInt(val(), 10);
        break;
      case '--edits':
        a.edits = Math.max(5, parseInt(val(), 10));
        break;
      case '--no-lsp':
        a.lsp = false;
        break;
      case '--no-pull':
        a.pull = false;
        break;
      case '--idle-seconds':
        a.idleSeconds = Math.max(5, Number(val()));
        break;
      case '--no-cli':
        a.cli = false;
        break;
      case '--out':
        a.out = resolve(val());
        break;
      case '-h':
      case '--help':
        a.help = true;
        break;
      default:
        throw new Error(`unknown argument ${k}`);
    }
  }
  return a;
}

// ---------------------------------------------------------------------------
// Small utilities

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const now = () => performance.now();

function stats(values) {
  const v = values
    .filter((x) => typeof x === 'number' && Number.isFinite(x))
    .slice()
    .sort((x, y) => x - y);
  if (!v.length) return null;
  const pct = (p) => v[Math.min(v.length - 1, Math.max(0, Math.ceil((p / 100) * v.length) - 1))];
  return {
    n: v.length,
    min: v[0],
    median: pct(50),
    p50: pct(50),
    p95: pct(95),
    max: v[v.length - 1],
    mean: v.reduce((s, x) => s + x, 0) / v.length,
  };
}

function walk(dir, out = []) {
  for (const ent of readdirSync(dir, { withFileTypes: true })) {
    if (ent.name.startsWith('.')) continue; // caches, VCS
    const p = join(dir, ent.name);
    if (ent.isDirectory()) walk(p, out);
    else if (ent.isFile() && ent.name.endsWith('.py')) out.push(p);
  }
  return out;
}

function procStatus(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k) => {
      const m = text.match(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm'));
      return m ? Number(m[1]) : undefined;
    };
    return { rssMB: kb('VmRSS') / 1024, hwmMB: kb('VmHWM') / 1024 };
  } catch {
    return {};
  }
}

function hasGnuTime() {
  if (!existsSync(TIME)) return false;
  const r = spawnSync(TIME, ['-v', 'true'], { encoding: 'utf8' });
  return r.status === 0 && /Maximum resident set size/.test(r.stderr || '');
}

/**
 * Run a command; wall time measured around spawn -> exit (includes process
 * start). Peak RSS from GNU time -v when available, else by polling
 * /proc/<pid>/status VmHWM.
 */
function runTimed(cmd, args, { cwd, timeoutMs = 120000, useTime = false, captureStdout = true, env } = {}) {
  return new Promise((resolveP) => {
    const argv = useTime ? ['-v', cmd, ...args] : args;
    const exe = useTime ? TIME : cmd;
    const t0 = now();
    let child;
    try {
      // Own process group, so a timeout kills the command and not only /usr/bin/time.
      child = spawn(exe, argv, {
        cwd,
        detached: true,
        env: env ? { ...process.env, ...env } : process.env,
        stdio: ['ignore', captureStdout ? 'pipe' : 'ignore', 'pipe'],
      });
    } catch (e) {
      resolveP({ ok: false, error: `spawn failed: ${e.message}` });
      return;
    }
    const out = [];
    const err = [];
    let hwm = 0;
    let poll;
    if (!useTime) {
      poll = setInterval(() => {
        const s = procStatus(child.pid);
        if (s.hwmMB > hwm) hwm = s.hwmMB;
      }, 10);
    }
    if (child.stdout) child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        try {
          child.kill('SIGKILL');
        } catch {
          /* gone */
        }
      }
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      if (poll) clearInterval(poll);
      resolveP({ ok: false, error: `spawn failed: ${e.message}` });
    });
    child.on('close', (code, signal) => {
      const ms = now() - t0;
      clearTimeout(timer);
      if (poll) clearInterval(poll);
      const stderr = Buffer.concat(err).toString('utf8');
      let peakMB = hwm || undefined;
      let cleanStderr = stderr;
      if (useTime) {
        const m = stderr.match(/Maximum resident set size \(kbytes\): (\d+)/);
        if (m) peakMB = Number(m[1]) / 1024;
        const idx = stderr.indexOf('\tCommand being timed:');
        if (idx >= 0) cleanStderr = stderr.slice(0, idx);
        const ex = stderr.match(/Exit status: (\d+)/);
        if (ex) code = Number(ex[1]);
      }
      resolveP({
        ok: !timedOut && code === 0,
        code,
        signal,
        timedOut,
        ms,
        peakMB,
        stdout: captureStdout ? Buffer.concat(out).toString('utf8') : '',
        stderr: cleanStderr,
      });
    });
  });
}

function machineFacts() {
  const c = cpus();
  return {
    cpuModel: c[0]?.model?.trim() || 'unknown',
    cores: c.length,
    totalMemMB: Math.round(totalmem() / 1048576),
    node: process.version,
    platform: `${platform()} ${release()}`,
    date: new Date().toISOString(),
    gnuTime: hasGnuTime(),
  };
}

// ---------------------------------------------------------------------------
// Workspaces

function ensureWorkspace(steps, seed) {
  const dir = join(HERE, 'workspaces', `s${steps}-seed${seed}`);
  const mf = join(dir, 'manifest.json');
  if (existsSync(mf)) {
    try {
      const m = JSON.parse(readFileSync(mf, 'utf8'));
      if (m.version === GENERATOR_VERSION && m.steps === steps && m.seed === seed) return { dir, manifest: m, reused: true };
    } catch {
      /* regenerate */
    }
  }
  const t0 = now();
  const manifest = generate({ steps, out: dir, seed });
  log(`  generated ${relative(ROOT, dir)} in ${((now() - t0) / 1000).toFixed(1)} s`);
  return { dir, manifest, reused: false };
}

// ---------------------------------------------------------------------------
// Figures

function measureFloor(ws, runs) {
  const re = /ScriptContract|input_paths/g;
  const times = [];
  let files = 0,
    bytes = 0,
    matches = 0;
  for (const f of walk(ws)) readFileSync(f); // untimed warm-up: page cache, JIT
  for (let i = 0; i < runs; i++) {
    const t0 = now();
    const list = walk(ws);
    let m = 0,
      b = 0;
    for (const f of list) {
      const text = readFileSync(f, 'utf8');
      b += text.length;
      re.lastIndex = 0;
      while (re.exec(text)) m++;
    }
    times.push(now() - t0);
    files = list.length;
    bytes = b;
    matches = m;
  }
  return { ms: stats(times), files, chars: bytes, matches };
}

/**
 * A fresh, private facts-cache folder (SCRIPT_CONTRACTS_CACHE_DIR) so that runs
 * neither depend on nor pollute ~/.cache/script-contracts.
 */
function freshCacheDir(ws, what) {
  const dir = join(HERE, 'workspaces', '.cache', `${basename(ws)}-${what}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

function cliAvailable() {
  if (!existsSync(BIN)) return `bin/script-contracts.js not found`;
  if (!existsSync(BUNDLE)) return `dist/server.js not found (run \`npm run build\`)`;
  return null;
}

function parseFindings(stdout) {
  const text = stdout.trim();
  if (!text) throw new Error('empty stdout');
  const data = JSON.parse(text);
  if (Array.isArray(data)) return data;
  if (data && Array.isArray(data.findings)) return data.findings;
  throw new Error('JSON output is neither an array nor { findings: [...] }');
}

function normFile(ws, f) {
  if (!f) return '';
  let p = String(f);
  if (p.startsWith('file://')) p = fileURLToPath(p);
  if (isAbsolute(p)) p = relative(ws, p);
  return p.split(sep).join('/').replace(/^\.\//, '');
}

function checkCorrectness(ws, manifest, findings) {
  const have = new Set(findings.map((f) => `${normFile(ws, f.file)}\u0000${f.rule}`));
  const found = [],
    missing = [];
  for (const p of manifest.plants) (have.has(`${p.file}\u0000${p.rule}`) ? found : missing).push(p);
  const plantRules = new Set(manifest.plants.map((p) => p.rule));
  const planted = new Set(manifest.plants.map((p) => `${p.file}\u0000${p.rule}`));
  const byRule = {};
  for (const f of findings) byRule[f.rule] = (byRule[f.rule] || 0) + 1;
  // Findings of a planted rule in a file where nothing was planted for that rule.
  const unexpected = findings.filter((f) => plantRules.has(f.rule) && !planted.has(`${normFile(ws, f.file)}\u0000${f.rule}`));
  return {
    planted: manifest.plants.length,
    found: found.length,
    missing,
    totalFindings: findings.length,
    byRule,
    unexpectedInPlantRules: unexpected.length,
    unexpectedSample: unexpected.slice(0, 10).map((f) => ({ file: normFile(ws, f.file), line: f.line, rule: f.rule, message: f.message })),
  };
}

async function measureCli(ws, manifest, runs, size, useTime) {
  const res = { cold: null, warm: null };
  const missing = cliAvailable();
  if (missing) return { error: missing };
  const timeoutMs = Math.max(60000, 30000 * size);
  const base = [BIN, 'check', '.', '--format', 'json', '--fail-on', 'off'];
  const env = { SCRIPT_CONTRACTS_CACHE_DIR: freshCacheDir(ws, 'cli') };
  // Cold: no analysis cache.
  const coldTimes = [],
    coldRss = [];
  let firstOut = null;
  for (let i = 0; i < runs; i++) {
    const r = await runTimed(process.execPath, [...base, '--no-cache'], { cwd: ws, timeoutMs, useTime, env });
    if (!r.ok) {
      res.cold = { error: describeFailure(r) };
      break;
    }
    coldTimes.push(r.ms);
    if (r.peakMB) coldRss.push(r.peakMB);
    if (firstOut === null) firstOut = r.stdout;
  }
  if (!res.cold) res.cold = { ms: stats(coldTimes), peakRssMB: stats(coldRss) };
  if (firstOut !== null) {
    try {
      const findings = parseFindings(firstOut);
      res.correctness = checkCorrectness(ws, manifest, findings);
    } catch (e) {
      res.correctness = { error: `could not parse CLI JSON output: ${e.message}`, head: firstOut.slice(0, 300) };
    }
  }
  // Warm: fill the cache once, then measure.
  const fill = await runTimed(process.execPath, base, { cwd: ws, timeoutMs, useTime, env });
  if (!fill.ok) {
    res.warm = { error: `cache-filling run failed: ${describeFailure(fill)}` };
  } else {
    res.fillMs = fill.ms;
    const warmTimes = [],
      warmRss = [];
    let warmOut = null;
    for (let i = 0; i < runs; i++) {
      const r = await runTimed(process.execPath, base, { cwd: ws, timeoutMs, useTime, env });
      if (!r.ok) {
        res.warm = { error: describeFailure(r) };
        break;
      }
      warmTimes.push(r.ms);
      if (r.peakMB) warmRss.push(r.peakMB);
      warmOut = r.stdout;
    }
    if (!res.warm) {
      res.warm = { ms: stats(warmTimes), peakRssMB: stats(warmRss) };
      if (warmOut !== null && firstOut !== null) {
        try {
          const a = parseFindings(firstOut).length,
            b = parseFindings(warmOut).length;
          res.warm.findings = b;
          res.warm.sameFindingCountAsCold = a === b;
        } catch {
          /* reported above */
        }
      }
    }
    // Warm runs after file times change (never their bytes). Each run gets a later time than any before it,
    // so every prepared file differs from what the cache recorded.
    let stamp = Date.now();
    const timeAfter = async (prepare) => {
      const times = [];
      let out = null;
      for (let i = 0; i < runs; i++) {
        stamp += 1000;
        prepare(new Date(stamp));
        const r = await runTimed(process.execPath, base, { cwd: ws, timeoutMs, useTime, env });
        if (!r.ok) return { error: describeFailure(r) };
        times.push(r.ms);
        out = r.stdout;
      }
      const timed = { ms: stats(times) };
      try {
        if (firstOut !== null && out !== null) timed.sameFindingCountAsCold = parseFindings(firstOut).length === parseFindings(out).length;
      } catch {
        /* reported above */
      }
      return timed;
    };
    // A nothing-changed run reuses the whole last result, so also time the common case of one touched
    // script: that file is re-read and re-parsed, every other file's facts come from the cache, and the
    // whole workspace is re-checked.
    const touched = join(ws, manifest.probe.script);
    res.warmAfterTouch = await timeAfter((t) => utimesSync(touched, t, t));
    // A fresh checkout with the cache restored (CI with a cached ~/.cache/script-contracts, a clone, a
    // branch switch): every file has a new modification time, so each one is re-read and its content
    // digest compared; nothing is re-parsed.
    const allFiles = walk(ws);
    res.afterCheckout = await timeAfter((t) => {
      for (const f of allFiles) utimesSync(f, t, t);
    });
  }
  return res;
}

function describeFailure(r) {
  if (r.error) return r.error;
  if (r.timedOut) return `timed out after ${(r.ms / 1000).toFixed(0)} s`;
  const tail = (r.stderr || '').trim().split('\n').slice(-3).join(' | ');
  return `exit ${r.code}${r.signal ? ` (signal ${r.signal})` : ''}${tail ? `: ${tail.slice(0, 300)}` : ''}`;
}

// ---------------------------------------------------------------------------
// Language server

async function loadJsonRpc() {
  const require = createRequire(join(ROOT, 'package.json'));
  for (const spec of ['vscode-jsonrpc/node.js', 'vscode-jsonrpc/node']) {
    try {
      return require(spec);
    } catch {
      /* try next */
    }
  }
  throw new Error('vscode-jsonrpc/node could not be resolved (npm install?)');
}

function withTimeout(promise, ms, what, died) {
  let t;
  return Promise.race([
    promise.finally(() => clearTimeout(t)),
    ...(died ? [died] : []),
    new Promise((_, rej) => {
      t = setTimeout(() => rej(new Error(`${what}: no answer within ${ms} ms`)), ms);
    }),
  ]);
}

function lineCol(text, offset) {
  let line = 0,
    last = 0;
  for (let i = 0; i < offset; i++)
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i + 1;
    }
  return { line, character: offset - last };
}

async function measureLsp(ws, manifest, size, edits) {
  const missing = cliAvailable();
  if (missing) return { error: missing };
  let rpc;
  try {
    rpc = await loadJsonRpc();
  } catch (e) {
    return { error: e.message };
  }
  const res = {};
  const t0 = now();
  // The launcher calls the bundle's main(); `node dist/server.js server --stdio`
  // is only equivalent if the bundle runs main() itself, so go through bin/.
  // Empty private facts cache: the index figure is a cold index.
  const env = { ...process.env, SCRIPT_CONTRACTS_CACHE_DIR: freshCacheDir(ws, 'server') };
  const child = spawn(process.execPath, [BIN, 'server', '--stdio'], { cwd: ws, env, stdio: ['pipe', 'pipe', 'pipe'] });
  const stderr = [];
  child.stderr.on('data', (d) => {
    stderr.push(d);
    if (stderr.length > 200) stderr.shift();
  });
  let exited = null;
  let diedReject;
  const died = new Promise((_, rej) => {
    diedReject = rej;
  });
  died.catch(() => {});
  const onDeath = (info) => {
    exited = info;
    const tail = Buffer.concat(stderr).toString('utf8').trim().split('\n').slice(-3).join(' | ');
    diedReject(new Error(`server exited (${JSON.stringify(info)})${tail ? `: ${tail.slice(0, 400)}` : ''}`));
  };
  child.on('exit', (code, signal) => onDeath({ code, signal }));
  child.on('error', (e) => onDeath({ error: e.message }));
  const conn = rpc.createMessageConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
  conn.onError(() => {
    /* reported via exit */
  });

  const waiters = new Set();
  const onDiag = (params) => {
    for (const w of [...waiters])
      if (w.match(params)) {
        waiters.delete(w);
        w.resolve({ params, t: now() });
      }
  };
  const waitDiag = (match, ms, what) => {
    let w;
    const p = new Promise((resolveW) => {
      w = { match, resolve: resolveW };
      waiters.add(w);
    });
    return withTimeout(p, ms, what, died).finally(() => waiters.delete(w));
  };
  let readyResolve;
  const ready = new Promise((r) => {
    readyResolve = r;
  });
  let readyVia = null;
  const progressTokens = new Set();
  conn.onNotification((method, params) => {
    if (method === 'textDocument/publishDiagnostics') onDiag(params);
    else if (method === 'scriptContracts/status') {
      if (params && params.state === 'ready' && !readyVia) {
        readyVia = 'scriptContracts/status';
        readyResolve(now());
      }
    } else if (method === '$/progress') {
      const v = params?.value;
      if (v && v.kind === 'begin') progressTokens.add(params.token);
      if (v && v.kind === 'end' && !readyVia) {
        readyVia = '$/progress end';
        readyResolve(now());
      }
    }
  });
  conn.onRequest((method, params) => {
    if (method === 'workspace/configuration') return (params?.items || []).map(() => null);
    return null;
  });
  conn.listen();

  const rootUri = pathToFileURL(ws).href;
  const cleanup = async () => {
    try {
      if (!exited) {
        await withTimeout(conn.sendRequest('shutdown'), 3000, 'shutdown');
        conn.sendNotification('exit');
        await sleep(200);
      }
    } catch {
      /* fall through to kill */
    }
    try {
      conn.dispose();
    } catch {
      /* ignore */
    }
    if (!exited) {
      try {
        child.kill('SIGKILL');
      } catch {
        /* gone */
      }
    }
  };

  try {
    const initTimeout = 30000;
    const tInitSent = now();
    const init = await withTimeout(
      conn.sendRequest('initialize', {
        processId: process.pid,
        rootUri,
        rootPath: ws,
        workspaceFolders: [{ uri: rootUri, name: 'bench' }],
        capabilities: {
          window: { workDoneProgress: true },
          workspace: { workspaceFolders: true, configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } },
          textDocument: {
            synchronization: { dynamicRegistration: false, didSave: true },
            publishDiagnostics: { relatedInformation: true, versionSupport: true, tagSupport: { valueSet: [1, 2] } },
            completion: { completionItem: { snippetSupport: false } },
            codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } } },
          },
        },
        initializationOptions: {},
      }),
      initTimeout,
      'initialize',
      died,
    );
    res.initializeMs = now() - tInitSent;
    res.serverInfo = init?.serverInfo;
    const sync = init?.capabilities?.textDocumentSync;
    res.syncKind = typeof sync === 'number' ? sync : sync?.change;
    const tInitialized = now();
    conn.sendNotification('initialized', {});
    const tReady = await withTimeout(ready, Math.max(60000, 20000 * size), 'waiting for scriptContracts/status ready', died);
    res.indexMs = tReady - tInitialized;
    res.indexFromSpawnMs = tReady - t0;
    res.readyVia = readyVia;
    await sleep(300); // let post-index work settle before reading memory
    res.memoryAfterIndex = procStatus(child.pid);
  } catch (e) {
    res.error = e.message;
    res.stderrTail = Buffer.concat(stderr).toString('utf8').trim().split('\n').slice(-5).join('\n');
    await cleanup();
    return res;
  }

  // --- open the ~2,000-line probe script ---------------------------------------
  const probe = manifest.probe;
  const scriptPath = join(ws, probe.script);
  const contractPath = join(ws, probe.contract);
  const scriptUri = pathToFileURL(scriptPath).href;
  const contractUri = pathToFileURL(contractPath).href;
  let scriptText = readFileSync(scriptPath, 'utf8');
  let scriptVersion = 1;
  const versioned = { yes: 0, no: 0 };
  const matchVersion = (uri, v) => (p) => {
    if (p.uri !== uri) return false;
    if (p.version === undefined || p.version === null) {
      versioned.no++;
      return true;
    }
    versioned.yes++;
    return p.version === v;
  };

  const applyInsert = (line, character, text) => {
    // Mirror the edit locally (single-line insert).
    const lines = scriptText.split('\n');
    lines[line] = lines[line].slice(0, character) + text + lines[line].slice(character);
    scriptText = lines.join('\n');
  };

  res.probeLines = scriptText.split('\n').length;
  try {
    // A server may skip publishing on open when nothing changed since indexing,
    // so this wait is soft: note its absence and go on.
    const firstDiag = waitDiag((p) => p.uri === scriptUri, 5000, 'first diagnostics of the probe script');
    const tOpen = now();
    conn.sendNotification('textDocument/didOpen', { textDocument: { uri: scriptUri, languageId: 'python', version: scriptVersion, text: scriptText } });
    const d = await firstDiag;
    res.openToDiagnosticsMs = d.t - tOpen;
  } catch (e) {
    if (exited) res.editError = e.message;
    else res.openNote = `no publishDiagnostics within 5 s of didOpen (${e.message})`;
  }

  // --- make the probe carry one finding ----------------------------------------------
  // Servers may publish nothing for a file that stays clean (this one does not
  // re-publish empty diagnostics), which would leave nothing to time. So the
  // first edit appends an undeclared env read to a line of main(); from then on
  // every version of the script has a finding and gets diagnostics.
  if (!res.editError) {
    try {
      const lines = scriptText.split('\n');
      const mainIdx = lines.findIndex((l) => l.startsWith('def main('));
      const at = lines.findIndex((l, i) => i > mainIdx && /^ {4}logger\.info\("starting /.test(l));
      if (mainIdx < 0 || at < 0) throw new Error('no logger.info("starting ...") line in main() of the probe script');
      const text = '; bench_probe = os.environ.get("BENCH_PROBE_UNDECLARED")';
      const ch = lines[at].length;
      const v = ++scriptVersion;
      const p = waitDiag(matchVersion(scriptUri, v), 10000, `diagnostics after adding a finding (version ${v})`);
      const ts = now();
      conn.sendNotification('textDocument/didChange', {
        textDocument: { uri: scriptUri, version: v },
        contentChanges: [{ range: { start: { line: at, character: ch }, end: { line: at, character: ch } }, text }],
      });
      applyInsert(at, ch, text);
      const r = await p;
      res.addFindingToDiagnosticsMs = r.t - ts;
      res.addFindingDiagnostics = r.params.diagnostics?.length;
    } catch (e) {
      res.editError = e.message;
    }
  }

  // --- edit -> diagnostics ------------------------------------------------------
  if (!res.editError) {
    // A comment line inside a helper function body, about in the middle of the file.
    const lines = scriptText.split('\n');
    let target = -1;
    for (let i = Math.floor(lines.length / 2); i < lines.length && target < 0; i++) if (/^ {4,8}# /.test(lines[i])) target = i;
    for (let i = Math.floor(lines.length / 2); i > 0 && target < 0; i--) if (/^ {4,8}# /.test(lines[i])) target = i;
    const lat = [];
    const WARMUP = 3; // first edits warm the JIT; not counted
    try {
      if (target < 0) throw new Error('no comment line found in the probe script');
      res.editLine = target + 1;
      for (let k = 0; k < edits + WARMUP; k++) {
        const ch = scriptText.split('\n')[target].length;
        const v = ++scriptVersion;
        const p = waitDiag(matchVersion(scriptUri, v), 10000, `diagnostics for version ${v}`);
        const ts = now();
        conn.sendNotification('textDocument/didChange', {
          textDocument: { uri: scriptUri, version: v },
          contentChanges: [{ range: { start: { line: target, character: ch }, end: { line: target, character: ch } }, text: 'x' }],
        });
        applyInsert(target, ch, 'x');
        const r = await p;
        if (k >= WARMUP) lat.push(r.t - ts);
        await sleep(2);
      }
    } catch (e) {
      res.editError = e.message;
    }
    res.editToDiagnosticsMs = stats(lat);
    res.diagnosticsCarryVersion = versioned.yes > 0 && versioned.no === 0;
  }

  // --- contract edit -> script diagnostics ---------------------------------------
  try {
    let contractText = readFileSync(contractPath, 'utf8');
    let cVersion = 1;
    conn.sendNotification('textDocument/didOpen', { textDocument: { uri: contractUri, languageId: 'python', version: cVersion, text: contractText } });
    await sleep(200);
    const needle = '"/opt/ml/processing/input/data"';
    const off = contractText.indexOf(needle);
    if (off < 0) throw new Error(`${probe.contract} has no ${needle}`);
    const pos = lineCol(contractText, off + needle.length - 2); // the final "a" of "data"
    const lat = [];
    const n = Math.max(10, Math.floor(edits / 2));
    for (let k = 0; k < n; k++) {
      const newChar = k % 2 === 0 ? 'b' : 'a'; // data -> datb -> data ...
      const v = ++cVersion;
      const p = waitDiag((q) => q.uri === scriptUri, 10000, `script diagnostics after contract edit ${k + 1}`);
      const ts = now();
      conn.sendNotification('textDocument/didChange', {
        textDocument: { uri: contractUri, version: v },
        contentChanges: [{ range: { start: pos, end: { line: pos.line, character: pos.character + 1 } }, text: newChar }],
      });
      const r = await p;
      lat.push(r.t - ts);
      await sleep(5);
    }
    contractText = null;
    res.contractEditToScriptDiagnosticsMs = stats(lat);
    // Leave the contract as on disk (an even number of edits restores it; if odd, restore).
    if (n % 2 === 1) {
      conn.sendNotification('textDocument/didChange', {
        textDocument: { uri: contractUri, version: ++cVersion },
        contentChanges: [{ range: { start: pos, end: { line: pos.line, character: pos.character + 1 } }, text: 'a' }],
      });
      await sleep(100);
    }
  } catch (e) {
    res.contractEditError = e.message;
  }

  // --- completion inside input_paths["|"] ------------------------------------------
  try {
    const lines = scriptText.split('\n');
    const mainIdx = lines.findIndex((l) => l.startsWith('def main('));
    if (mainIdx < 0) throw new Error('no def main( in the probe script');
    const insertAt = lines.findIndex((l, i) => i > mainIdx && /^ {4}logger\.info\("starting /.test(l));
    if (insertAt < 0) throw new Error('no insertion point in main()');
    const probeLine = '    probe_dir = input_paths[""]';
    const v = ++scriptVersion;
    const p = waitDiag(matchVersion(scriptUri, v), 10000, 'diagnostics after inserting the completion line');
    conn.sendNotification('textDocument/didChange', {
      textDocument: { uri: scriptUri, version: v },
      contentChanges: [{ range: { start: { line: insertAt, character: 0 }, end: { line: insertAt, character: 0 } }, text: probeLine + '\n' }],
    });
    await p.catch(() => {});
    const position = { line: insertAt, character: probeLine.indexOf('[""') + 2 };
    const lat = [];
    let labels = null;
    for (let k = 0; k < edits; k++) {
      const ts = now();
      const r = await withTimeout(
        conn.sendRequest('textDocument/completion', {
          textDocument: { uri: scriptUri },
          position,
          context: { triggerKind: 2, triggerCharacter: '"' },
        }),
        10000,
        'completion',
        died,
      );
      lat.push(now() - ts);
      if (!labels) {
        const items = Array.isArray(r) ? r : r?.items || [];
        labels = items.map((it) => it.label);
        res.completionItems = labels.slice(0, 20);
        res.completionHasDATA = items.some((it) =>
          [it.label, it.insertText, it.textEdit?.newText, it.filterText].some((s) => typeof s === 'string' && s.replace(/["']/g, '') === 'DATA'),
        );
      }
    }
    res.completionMs = stats(lat);
  } catch (e) {
    res.completionError = e.message;
  }

  res.memoryAtEnd = procStatus(child.pid);
  await cleanup();
  return res;
}

// ---------------------------------------------------------------------------
// Language server, pull diagnostics (as VS Code's client uses it)

function cpuSecondsOf(pid) {
  try {
    // Fields after the command name (which may hold spaces): state is field 3; utime, stime are 14 and 15.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(rest[11]) + Number(rest[12])) / CLK_TCK;
  } catch {
    return undefined;
  }
}
const CLK_TCK = (() => {
  const r = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  const n = Number(r.stdout?.trim());
  return Number.isFinite(n) && n > 0 ? n : 100;
})();

/**
 * A client that pulls as vscode-languageclient does: a workspace/diagnostic
 * request with the result ids it holds (and a partialResultToken), the next one
 * two seconds after each answer; document pulls with the previous result id.
 * Measures the first workspace answer, a document pull and a workspace pull
 * with nothing changed, contract edit -> workspace answer, and the server's CPU
 * over `idleSeconds` with nothing happening but that client.
 */
async function measurePull(ws, manifest, size, edits, idleSeconds) {
  const missing = cliAvailable();
  if (missing) return { error: missing };
  const rpc = await loadJsonRpc();
  const res = {};
  const env = { ...process.env, SCRIPT_CONTRACTS_CACHE_DIR: freshCacheDir(ws, 'server-pull') };
  const child = spawn(process.execPath, [BIN, 'server', '--stdio'], { cwd: ws, env, stdio: ['pipe', 'pipe', 'ignore'] });
  let diedReject;
  const died = new Promise((_, rej) => {
    diedReject = rej;
  });
  died.catch(() => {});
  child.on('exit', (code, signal) => diedReject(new Error(`server exited (${code ?? signal})`)));
  const conn = rpc.createMessageConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
  conn.onError(() => {});
  let readyResolve;
  const ready = new Promise((r) => {
    readyResolve = r;
  });
  const partials = new Map();
  conn.onNotification((method, params) => {
    if (method === 'scriptContracts/status' && params?.state === 'ready') readyResolve();
  });
  // vscode-jsonrpc hands $/progress to progress handlers, never to onNotification: partial results arrive here.
  conn.onUnhandledProgress((params) => {
    if (partials.has(params?.token)) partials.get(params.token).push(...(params.value?.items ?? []));
  });
  conn.onRequest((method, params) => (method === 'workspace/configuration' ? (params?.items || []).map(() => null) : null));
  conn.listen();
  const rootUri = pathToFileURL(ws).href;

  // The client's state: result id per URI, from workspace and document answers.
  const held = new Map();
  let tokens = 0;
  const take = (items) => {
    for (const it of items) {
      if (it.kind === 'full' && it.resultId === undefined) held.delete(it.uri);
      else if (it.resultId !== undefined) held.set(it.uri, it.resultId);
    }
  };
  const workspacePull = (cancel) => {
    const token = `bench-${++tokens}`;
    partials.set(token, []);
    const previousResultIds = [...held].map(([uri, value]) => ({ uri, value }));
    const params = { previousResultIds, partialResultToken: token };
    return (cancel ? conn.sendRequest('workspace/diagnostic', params, cancel) : conn.sendRequest('workspace/diagnostic', params)).then(
      (r) => {
        const items = [...partials.get(token), ...(r?.items ?? [])];
        partials.delete(token);
        take(items);
        return items;
      },
      (e) => {
        partials.delete(token);
        throw e;
      },
    );
  };
  const barrier = () => conn.sendRequest('textDocument/hover', { textDocument: { uri: rootUri + '/none.py' }, position: { line: 0, character: 0 } });

  try {
    await withTimeout(
      conn.sendRequest('initialize', {
        processId: process.pid,
        rootUri,
        workspaceFolders: [{ uri: rootUri, name: 'bench' }],
        capabilities: {
          workspace: {
            workspaceFolders: true,
            configuration: true,
            didChangeWatchedFiles: { dynamicRegistration: true },
            diagnostics: { refreshSupport: true },
          },
          textDocument: { diagnostic: { dynamicRegistration: false }, synchronization: { didSave: true } },
        },
      }),
      30000,
      'initialize',
      died,
    );
    conn.sendNotification('initialized', {});
    await withTimeout(ready, Math.max(60000, 20000 * size), 'index', died);

    // 1. The first workspace pull: every file with findings, in full.
    let t = now();
    const first = await withTimeout(workspacePull(), 60000, 'first workspace pull', died);
    res.workspaceFirstMs = now() - t;
    res.workspaceFirstReports = first.length;
    // The index leaves a large heap behind: let its garbage collection pass, as it has long before an editor sits idle.
    await sleep(2000);

    // 2. A document pull with nothing changed (the client sends the id it holds): `unchanged`.
    const contractPath = join(ws, manifest.probe.contract);
    const contractUri = pathToFileURL(contractPath).href;
    const contractText = readFileSync(contractPath, 'utf8');
    conn.sendNotification('textDocument/didOpen', { textDocument: { uri: contractUri, languageId: 'python', version: 1, text: contractText } });
    const d0 = await conn.sendRequest('textDocument/diagnostic', { textDocument: { uri: contractUri } });
    const docLat = [];
    let unchanged = 0;
    for (let k = 0; k < edits; k++) {
      t = now();
      const r = await conn.sendRequest('textDocument/diagnostic', { textDocument: { uri: contractUri }, previousResultId: d0.resultId });
      docLat.push(now() - t);
      if (r.kind === 'unchanged') unchanged++;
    }
    res.documentPullUnchangedMs = stats(docLat);
    res.documentPullUnchangedShare = unchanged / edits;

    // 3. A workspace pull with nothing changed: held open. Its cost is what the server does before it
    // waits (every file's result id compared, nothing checked), timed to the answer of a request sent
    // right behind it; then the client cancels it.
    const wsLat = [];
    let answeredEarly = 0;
    const WARMUP = 5; // the first pulls warm the JIT; not counted
    for (let k = 0; k < Math.max(100, edits) + WARMUP; k++) {
      const source = new rpc.CancellationTokenSource();
      let answered = false;
      t = now();
      const p = workspacePull(source.token).then(
        () => (answered = true),
        () => undefined,
      );
      await barrier();
      if (k >= WARMUP) wsLat.push(now() - t);
      if (answered) answeredEarly++;
      source.cancel();
      await withTimeout(p, 10000, 'cancelled workspace pull', died);
    }
    res.workspaceNothingChangedMs = stats(wsLat);
    res.workspaceNothingChangedAnswered = answeredEarly;

    // 4. Contract edit -> the held workspace pull answers with the scripts it touched.
    const needle = '"/opt/ml/processing/input/data"';
    const off = contractText.indexOf(needle);
    const pos = lineCol(contractText, off + needle.length - 2);
    const editLat = [];
    let version = 1;
    for (let k = 0; k < Math.max(10, Math.floor(edits / 5)); k++) {
      const p = workspacePull();
      await barrier(); // the pull is held before the edit is sent
      t = now();
      conn.sendNotification('textDocument/didChange', {
        textDocument: { uri: contractUri, version: ++version },
        contentChanges: [{ range: { start: pos, end: { line: pos.line, character: pos.character + 1 } }, text: k % 2 === 0 ? 'b' : 'a' }],
      });
      await withTimeout(p, 10000, 'workspace pull after a contract edit', died);
      editLat.push(now() - t);
    }
    res.editToWorkspaceAnswerMs = stats(editLat);
    // Back as on disk (an even number of edits), closed: the client's ids stand.
    conn.sendNotification('textDocument/didClose', { textDocument: { uri: contractUri } });

    // 5. Idle: the client goes on pulling, two seconds after each answer, for idleSeconds.
    let stop = false;
    let answers = 0;
    let current;
    const loop = async () => {
      while (!stop) {
        current = new rpc.CancellationTokenSource();
        await workspacePull(current.token).then(
          () => answers++,
          () => undefined,
        );
        if (!stop) await sleep(2000);
      }
    };
    await sleep(500);
    const cpu0 = cpuSecondsOf(child.pid);
    const w0 = now();
    const running = loop();
    await sleep(idleSeconds * 1000);
    const cpu1 = cpuSecondsOf(child.pid);
    const wall = (now() - w0) / 1000;
    stop = true;
    current?.cancel();
    await running;
    res.idleSeconds = wall;
    res.idleAnswers = answers;
    res.idleCpuPercent = cpu0 === undefined || cpu1 === undefined ? undefined : ((cpu1 - cpu0) / wall) * 100;
    res.memoryAtEnd = procStatus(child.pid);
  } catch (e) {
    res.error = e.message;
  }
  try {
    await withTimeout(conn.sendRequest('shutdown'), 3000, 'shutdown');
    conn.sendNotification('exit');
    await sleep(200);
  } catch {
    /* killed below */
  }
  conn.dispose();
  child.kill('SIGKILL');
  return res;
}

// ---------------------------------------------------------------------------
// Pyright (reference only)

async function measurePyright(ws, useTime) {
  const toolDir = join(homedir(), '.cache', 'script-contracts-tools', 'pyright');
  const entry = join(toolDir, 'node_modules', 'pyright', 'index.js');
  if (!existsSync(entry)) {
    log(`  installing pyright into ${toolDir} ...`);
    mkdirSync(toolDir, { recursive: true });
    const npm = spawnSync('npm', ['install', '--prefix', toolDir, '--no-audit', '--no-fund', '--loglevel=error', 'pyright'], {
      encoding: 'utf8',
      timeout: 300000,
    });
    if (npm.status !== 0 || !existsSync(entry)) return { error: `pyright install failed: ${(npm.stderr || npm.error?.message || '').trim().slice(0, 300)}` };
  }
  let version;
  try {
    version = JSON.parse(readFileSync(join(toolDir, 'node_modules', 'pyright', 'package.json'), 'utf8')).version;
  } catch {
    /* ignore */
  }
  const r = await runTimed(process.execPath, [entry, '.'], {
    cwd: ws,
    timeoutMs: Number(process.env.BENCH_PYRIGHT_TIMEOUT_MS) || 900000,
    useTime,
    captureStdout: false,
  });
  // Pyright exits 1 when it reports errors (it will: pandas/numpy are not installed).
  if (r.timedOut || r.error || (r.code !== 0 && r.code !== 1)) return { error: describeFailure(r), version };
  return { ms: r.ms, peakRssMB: r.peakMB, exitCode: r.code, version };
}

// ---------------------------------------------------------------------------
// Report

function log(s) {
  process.stdout.write(s + '\n');
}
const fmtMs = (ms) => (ms == null ? '—' : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : ms >= 10 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(2)} ms`);
const fmtMB = (mb) => (mb == null ? '—' : `${mb.toFixed(0)} MB`);
const fmtValue = (v, unit) => (v == null ? '—' : unit === 'MB' ? fmtMB(v) : unit === '%' ? `${v.toFixed(2)} %` : fmtMs(v));

const TARGETS = [
  { id: 'cliCold', size: 1, limit: 500, unit: 'ms', text: 'CLI cold 1x <= 0.5 s' },
  { id: 'cliCold', size: 10, limit: 3000, unit: 'ms', text: 'CLI cold 10x <= 3 s' },
  { id: 'cliWarm', size: 10, limit: 600, unit: 'ms', text: 'CLI warm 10x <= 0.6 s' },
  { id: 'editP95', size: null, limit: 10, unit: 'ms', text: 'edit -> diagnostics p95 <= 10 ms' },
  { id: 'contractP95', size: null, limit: 30, unit: 'ms', text: 'contract edit p95 <= 30 ms' },
  { id: 'completionP95', size: null, limit: 10, unit: 'ms', text: 'completion p95 <= 10 ms' },
  { id: 'serverRss', size: 10, limit: 150, unit: 'MB', text: 'server RSS after 10x index <= 150 MB' },
  { id: 'pullIdleCpu', size: null, limit: 2, unit: '%', text: 'idle CPU, client re-pulling every 2 s, < 2 %' },
  { id: 'pullNothingChangedP95', size: null, limit: 5, unit: 'ms', text: 'workspace pull with nothing changed p95 < 5 ms' },
];

/** Flatten one size's results into named figures: { id: { value, unit, detail } } */
function figures(r) {
  const f = {};
  const put = (id, label, value, unit, detail, err) => {
    f[id] = { label, value, unit, detail, error: err };
  };
  put('floor', 'read floor (read all .py + regex)', r.floor?.ms?.median, 'ms', r.floor?.ms && `min ${fmtMs(r.floor.ms.min)} max ${fmtMs(r.floor.ms.max)}`);
  const c = r.cli || {};
  put(
    'cliCold',
    'CLI cold (--no-cache)',
    c.cold?.ms?.median,
    'ms',
    c.cold?.ms && `min ${fmtMs(c.cold.ms.min)} max ${fmtMs(c.cold.ms.max)}`,
    c.error || c.cold?.error,
  );
  put(
    'cliWarm',
    'CLI warm (cache)',
    c.warm?.ms?.median,
    'ms',
    c.warm?.ms && `min ${fmtMs(c.warm.ms.min)} max ${fmtMs(c.warm.ms.max)}`,
    c.error || c.warm?.error,
  );
  put(
    'cliCheckout',
    'CLI after a checkout (cache kept)',
    c.afterCheckout?.ms?.median,
    'ms',
    c.afterCheckout?.ms && `min ${fmtMs(c.afterCheckout.ms.min)} max ${fmtMs(c.afterCheckout.ms.max)}`,
    c.error || c.afterCheckout?.error,
  );
  put(
    'cliWarmTouch',
    'CLI warm, one script touched',
    c.warmAfterTouch?.ms?.median,
    'ms',
    c.warmAfterTouch?.ms && `min ${fmtMs(c.warmAfterTouch.ms.min)} max ${fmtMs(c.warmAfterTouch.ms.max)}`,
    c.error || c.warmAfterTouch?.error,
  );
  put('cliRss', 'CLI peak RSS (cold)', c.cold?.peakRssMB?.max, 'MB', null, c.error || c.cold?.error);
  const l = r.lsp || {};
  put('index', 'server initial index', l.indexMs, 'ms', l.indexFromSpawnMs && `${fmtMs(l.indexFromSpawnMs)} from spawn`, l.error);
  put(
    'editP95',
    'edit -> diagnostics p95',
    l.editToDiagnosticsMs?.p95,
    'ms',
    l.editToDiagnosticsMs && `p50 ${fmtMs(l.editToDiagnosticsMs.p50)}, n=${l.editToDiagnosticsMs.n}`,
    l.error || l.editError,
  );
  put(
    'contractP95',
    'contract edit -> script diags p95',
    l.contractEditToScriptDiagnosticsMs?.p95,
    'ms',
    l.contractEditToScriptDiagnosticsMs && `p50 ${fmtMs(l.contractEditToScriptDiagnosticsMs.p50)}, n=${l.contractEditToScriptDiagnosticsMs.n}`,
    l.error || l.contractEditError,
  );
  put(
    'completionP95',
    'completion p95',
    l.completionMs?.p95,
    'ms',
    l.completionMs && `p50 ${fmtMs(l.completionMs.p50)}, DATA ${l.completionHasDATA ? 'offered' : 'MISSING'}`,
    l.error || l.completionError,
  );
  put('serverRss', 'server RSS after index', l.memoryAfterIndex?.rssMB, 'MB', l.memoryAfterIndex?.hwmMB && `HWM ${fmtMB(l.memoryAfterIndex.hwmMB)}`, l.error);
  const p = r.pull || {};
  put('pullFirst', 'pull: first workspace answer', p.workspaceFirstMs, 'ms', p.workspaceFirstReports != null && `${p.workspaceFirstReports} reports`, p.error);
  put(
    'pullNothingChangedP95',
    'pull: workspace, nothing changed, p95',
    p.workspaceNothingChangedMs?.p95,
    'ms',
    p.workspaceNothingChangedMs && `p50 ${fmtMs(p.workspaceNothingChangedMs.p50)}, held open (${p.workspaceNothingChangedAnswered} answered)`,
    p.error,
  );
  put(
    'pullDocumentUnchangedP95',
    'pull: document, unchanged, p95',
    p.documentPullUnchangedMs?.p95,
    'ms',
    p.documentPullUnchangedMs && `p50 ${fmtMs(p.documentPullUnchangedMs.p50)}, ${Math.round((p.documentPullUnchangedShare ?? 0) * 100)}% unchanged`,
    p.error,
  );
  put(
    'pullEditP95',
    'pull: contract edit -> workspace answer p95',
    p.editToWorkspaceAnswerMs?.p95,
    'ms',
    p.editToWorkspaceAnswerMs && `p50 ${fmtMs(p.editToWorkspaceAnswerMs.p50)}`,
    p.error,
  );
  put(
    'pullIdleCpu',
    'pull: idle CPU, re-pulling every 2 s',
    p.idleCpuPercent,
    '%',
    p.idleSeconds != null && `${p.idleSeconds.toFixed(0)} s, ${p.idleAnswers} answers`,
    p.error,
  );
  if (r.pyright) put('pyright', 'pyright (reference)', r.pyright.ms, 'ms', r.pyright.peakRssMB && `peak ${fmtMB(r.pyright.peakRssMB)}`, r.pyright.error);
  return f;
}

function targetVerdicts(results, sizes) {
  const out = [];
  for (const t of TARGETS) {
    const applicable = t.size == null ? sizes : sizes.filter((s) => s === t.size);
    for (const s of applicable) {
      const fig = figures(results[s])[t.id];
      const value = fig?.value;
      out.push({ target: t.text, size: s, value: value ?? null, unit: t.unit, limit: t.limit, pass: value == null ? null : value <= t.limit });
    }
  }
  return out;
}

// Figures that do whole-workspace work; a ratio to the read floor is meaningful only for these.
const RATIO_IDS = new Set(['cliCold', 'cliWarm', 'cliWarmTouch', 'cliCheckout', 'index', 'pyright']);

function printTable(results, sizes) {
  const figsBySize = Object.fromEntries(sizes.map((s) => [s, figures(results[s])]));
  const ids = Object.keys(figsBySize[sizes[0]]);
  const first = sizes[0],
    last = sizes[sizes.length - 1];
  const header = ['figure', ...sizes.flatMap((s) => [`${s}x`, `${s}x / floor`]), sizes.length > 1 ? `growth ${first}x->${last}x` : null].filter(Boolean);
  const rows = [header];
  for (const id of ids) {
    const row = [figsBySize[first][id].label];
    for (const s of sizes) {
      const fig = figsBySize[s][id];
      const floor = figsBySize[s].floor.value;
      if (fig.value == null) {
        row.push(fig.error ? 'n/a (see below)' : '—', '');
        continue;
      }
      row.push(fmtValue(fig.value, fig.unit));
      row.push(RATIO_IDS.has(id) && floor ? `${(fig.value / floor).toFixed(1)}×` : '');
    }
    if (sizes.length > 1) {
      const a = figsBySize[first][id].value,
        b = figsBySize[last][id].value;
      row.push(a && b ? `${(b / a).toFixed(1)}×` : '');
    }
    rows.push(row);
  }
  const widths = header.map((_, i) => Math.max(...rows.map((r) => String(r[i] ?? '').length)));
  log('');
  for (const [i, r] of rows.entries()) {
    log(r.map((c, j) => String(c ?? '').padEnd(widths[j])).join('  '));
    if (i === 0) log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
  // Errors, once per figure and size.
  const byError = new Map();
  for (const s of sizes) {
    for (const id of ids) {
      const e = figsBySize[s][id].error;
      if (!e) continue;
      if (!byError.has(e)) byError.set(e, []);
      byError.get(e).push(`${s}x ${figsBySize[s][id].label}`);
    }
  }
  if (byError.size) {
    log('');
    log('not measured:');
    for (const [e, which] of byError) log(`  ${e}\n      (${which.length > 4 ? `${which.length} figures` : which.join('; ')})`);
  }
}

// ---------------------------------------------------------------------------
// Main

async function main() {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(e.message);
    process.exit(2);
  }
  if (args.help) {
    log(
      'usage: node bench/run.mjs [--sizes 1,10] [--runs 5] [--with-pyright] [--steps N] [--seed S] [--edits 100] [--idle-seconds 60] [--no-lsp] [--no-pull] [--no-cli] [--out FILE]',
    );
    return;
  }
  const machine = machineFacts();
  const useTime = machine.gnuTime;
  log(`Script Contracts benchmark — ${machine.cpuModel}, ${machine.cores} cores, Node ${machine.node}`);
  log(
    `sizes ${args.sizes.join(', ')} × ${args.steps} steps, seed ${args.seed}, ${args.runs} runs, peak RSS via ${useTime ? '/usr/bin/time -v' : '/proc VmHWM polling'}`,
  );
  const missing = cliAvailable();
  if (missing) log(`NOTE: ${missing} — CLI and server figures will be skipped.`);

  const results = {};
  for (const size of args.sizes) {
    const steps = Math.round(args.steps * size);
    log(`\n== ${size}x (${steps} steps) ==`);
    const r = {};
    results[size] = r;
    let ws;
    try {
      ws = ensureWorkspace(steps, args.seed);
    } catch (e) {
      r.error = `workspace generation failed: ${e.message}`;
      log(`  ${r.error}`);
      continue;
    }
    r.workspace = {
      dir: relative(ROOT, ws.dir),
      steps,
      pythonFiles: ws.manifest.pythonFiles,
      bytes: ws.manifest.bytes,
      MB: +(ws.manifest.bytes / 1e6).toFixed(2),
      planted: ws.manifest.plants.length,
      reused: ws.reused,
    };
    log(
      `  workspace ${r.workspace.dir}: ${r.workspace.pythonFiles} .py files, ${r.workspace.MB} MB, ${r.workspace.planted} planted${ws.reused ? ' (reused)' : ''}`,
    );

    r.floor = measureFloor(ws.dir, Math.max(args.runs, 3));
    log(`  read floor: median ${fmtMs(r.floor.ms.median)} (min ${fmtMs(r.floor.ms.min)}, max ${fmtMs(r.floor.ms.max)}), ${r.floor.matches} regex matches`);

    if (args.cli) {
      try {
        r.cli = await measureCli(ws.dir, ws.manifest, args.runs, size, useTime);
      } catch (e) {
        r.cli = { error: `runner error: ${e.message}` };
      }
      if (r.cli.error) log(`  CLI: ${r.cli.error}`);
      else {
        log(`  CLI cold: ${r.cli.cold?.ms ? `median ${fmtMs(r.cli.cold.ms.median)}, peak RSS ${fmtMB(r.cli.cold.peakRssMB?.max)}` : r.cli.cold?.error}`);
        log(`  CLI warm: ${r.cli.warm?.ms ? `median ${fmtMs(r.cli.warm.ms.median)}, peak RSS ${fmtMB(r.cli.warm.peakRssMB?.max)}` : r.cli.warm?.error}`);
        log(
          `  CLI warm, one script touched: ${r.cli.warmAfterTouch?.ms ? `median ${fmtMs(r.cli.warmAfterTouch.ms.median)}` : (r.cli.warmAfterTouch?.error ?? 'not measured')}`,
        );
        log(
          `  CLI after a checkout (cache kept): ${r.cli.afterCheckout?.ms ? `median ${fmtMs(r.cli.afterCheckout.ms.median)}` : (r.cli.afterCheckout?.error ?? 'not measured')}`,
        );
        for (const [name, w] of [
          ['warm', r.cli.warm],
          ['warm after a touch', r.cli.warmAfterTouch],
          ['after-checkout', r.cli.afterCheckout],
        ]) {
          if (w?.sameFindingCountAsCold === false) log(`  WARNING: the ${name} run reported a different number of findings than the cold run`);
        }
        const c = r.cli.correctness;
        if (c?.error) log(`  correctness: ${c.error}`);
        else if (c) {
          log(
            `  correctness: ${c.found}/${c.planted} planted misalignments found, ${c.missing.length} missing; ${c.totalFindings} findings in total, ${c.unexpectedInPlantRules} of planted rules outside planted files`,
          );
          for (const m of c.missing.slice(0, 20)) log(`    missing: ${m.rule} in ${m.file} (${m.key})`);
          if (c.missing.length > 20) log(`    ... and ${c.missing.length - 20} more (see results.json)`);
        }
      }
    }
    if (args.lsp) {
      try {
        r.lsp = await measureLsp(ws.dir, ws.manifest, size, args.edits);
      } catch (e) {
        r.lsp = { error: `runner error: ${e.message}` };
      }
      const l = r.lsp;
      if (l.error) log(`  server: ${l.error}`);
      else {
        log(
          `  server index: ${fmtMs(l.indexMs)} after initialized (${l.readyVia}), RSS ${fmtMB(l.memoryAfterIndex?.rssMB)} (HWM ${fmtMB(l.memoryAfterIndex?.hwmMB)})`,
        );
        log(
          `  edit -> diagnostics: ${l.editToDiagnosticsMs ? `p50 ${fmtMs(l.editToDiagnosticsMs.p50)} p95 ${fmtMs(l.editToDiagnosticsMs.p95)}` : ''}${l.editError ? ` (${l.editError})` : ''}`,
        );
        log(
          `  contract edit -> script diagnostics: ${l.contractEditToScriptDiagnosticsMs ? `p50 ${fmtMs(l.contractEditToScriptDiagnosticsMs.p50)} p95 ${fmtMs(l.contractEditToScriptDiagnosticsMs.p95)}` : ''}${l.contractEditError ? ` (${l.contractEditError})` : ''}`,
        );
        log(
          `  completion: ${l.completionMs ? `p50 ${fmtMs(l.completionMs.p50)} p95 ${fmtMs(l.completionMs.p95)}, DATA ${l.completionHasDATA ? 'offered' : 'NOT offered'}` : ''}${l.completionError ? ` (${l.completionError})` : ''}`,
        );
      }
    }
    if (args.pull) {
      try {
        r.pull = await measurePull(ws.dir, ws.manifest, size, args.edits, args.idleSeconds);
      } catch (e) {
        r.pull = { error: `runner error: ${e.message}` };
      }
      const p = r.pull;
      if (p.error) log(`  server (pull): ${p.error}`);
      else {
        log(`  pull: first workspace answer ${fmtMs(p.workspaceFirstMs)} (${p.workspaceFirstReports} reports)`);
        log(
          `  pull: nothing changed: workspace p50 ${fmtMs(p.workspaceNothingChangedMs?.p50)} p95 ${fmtMs(p.workspaceNothingChangedMs?.p95)} (held open; ${p.workspaceNothingChangedAnswered} answered), document p50 ${fmtMs(p.documentPullUnchangedMs?.p50)} p95 ${fmtMs(p.documentPullUnchangedMs?.p95)}`,
        );
        log(`  pull: contract edit -> workspace answer p50 ${fmtMs(p.editToWorkspaceAnswerMs?.p50)} p95 ${fmtMs(p.editToWorkspaceAnswerMs?.p95)}`);
        log(`  pull: idle CPU ${fmtValue(p.idleCpuPercent, '%')} over ${p.idleSeconds?.toFixed(0)} s (${p.idleAnswers} workspace answers)`);
      }
    }
    if (args.withPyright) {
      try {
        r.pyright = await measurePyright(ws.dir, useTime);
      } catch (e) {
        r.pyright = { error: e.message };
      }
      log(`  pyright: ${r.pyright.error ? r.pyright.error : `${fmtMs(r.pyright.ms)}, peak RSS ${fmtMB(r.pyright.peakRssMB)} (v${r.pyright.version})`}`);
    }
  }

  const sizes = args.sizes.filter((s) => results[s] && !results[s].error);
  if (sizes.length) printTable(results, sizes);
  const verdicts = sizes.length ? targetVerdicts(results, sizes) : [];
  if (verdicts.length) {
    log('\ntargets:');
    for (const v of verdicts) {
      const val = v.value == null ? 'not measured' : fmtValue(v.value, v.unit);
      log(`  ${v.pass == null ? '  ?  ' : v.pass ? ' PASS' : ' FAIL'}  ${v.target}${v.size ? '' : ''} [${v.size}x]: ${val}`);
    }
  }
  if (sizes.length > 1) {
    const a = sizes[0],
      b = sizes[sizes.length - 1];
    results.growth = { from: a, to: b };
    for (const id of Object.keys(figures(results[a]))) {
      const x = figures(results[a])[id].value,
        y = figures(results[b])[id].value;
      if (x && y) results.growth[id] = +(y / x).toFixed(2);
    }
  }
  const out = { machine, args: { ...args, out: undefined }, results, targets: verdicts };
  mkdirSync(dirname(args.out), { recursive: true });
  writeFileSync(args.out, JSON.stringify(out, null, 2) + '\n');
  log(`\nwrote ${relative(process.cwd(), args.out) || args.out}`);
}

main().catch((e) => {
  console.error(`bench: ${e.stack || e}`);
  process.exit(1);
});
