// Shared by the packaging tests: run a command, temporary folders removed after the run, a copy of
// the example pipeline, and an environment without the outer npm's lifecycle variables.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const EXAMPLE = join(ROOT, 'examples', 'seed-pipeline');
export const PLANTED = 22; // examples/seed-pipeline/README.md
export const VERSION = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
/** Debian's interpreter: the one python3-build, python3-hatchling and pre-commit are installed for. */
export const PYTHON = '/usr/bin/python3';
/** The folder of the Node.js running the tests. */
export const NODE_DIR = dirname(process.execPath);

const made = [];
/** A new folder under the system's temporary folder (outside the repository), removed at exit. */
export function tmp(prefix) {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  made.push(dir);
  return dir;
}
process.on('exit', () => {
  if (!process.env.KEEP_PACKAGE_TEST_FILES) for (const d of made) rmSync(d, { recursive: true, force: true });
});

/** A copy of the example pipeline in a new temporary folder; returns its path. */
export function copyExample(prefix = 'sc-example-') {
  const dir = join(tmp(prefix), 'pipeline');
  cpSync(EXAMPLE, dir, { recursive: true });
  return dir;
}

const cacheDir = tmp('sc-pkg-cache-');
/**
 * process.env without what an outer `npm test` exports to its children (npm_command,
 * npm_lifecycle_*, npm_package_*, the user agent, …), which would change what an inner npm does;
 * the checker's caches in a temporary folder; then `extra` (a value of undefined removes a key).
 */
export function cleanEnv(extra = {}) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^npm_/i.test(k) && !/^npm_config_(cache|registry|userconfig)$/i.test(k)) continue;
    if (k === 'INIT_CWD' || k === 'GITHUB_ACTIONS' || k.startsWith('INPUT_')) continue;
    env[k] = v;
  }
  env.SCRIPT_CONTRACTS_CACHE_DIR = cacheDir;
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

/** Runs a command to its end; returns its exit code and output. */
export function run(cmd, args, { cwd = ROOT, env = cleanEnv(), input, timeout = 300000 } = {}) {
  const r = spawnSync(cmd, args, { cwd, env, input, encoding: 'utf8', timeout, maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  return { code: r.status, out: r.stdout, err: r.stderr, signal: r.signal };
}

/** `run` that must exit 0; the error shows the output. */
export function ok(cmd, args, opts) {
  const r = run(cmd, args, opts);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.code ?? r.signal}\n--- stdout\n${r.out}\n--- stderr\n${r.err}`);
  return r;
}

/** The findings of `check --format json`, as parsed JSON, with the run's exit code checked. */
export function findings(r, code = 0) {
  if (r.code !== code) throw new Error(`expected exit ${code}, got ${r.code}\n--- stdout\n${r.out}\n--- stderr\n${r.err}`);
  return JSON.parse(r.out);
}

let tarball;
/** `npm pack` of the repository (its `prepare` makes the production bundle), once per run; the .tgz path. */
export function packTarball() {
  if (tarball) return tarball;
  const dir = tmp('sc-pack-');
  ok('npm', ['pack', '--pack-destination', dir, '--loglevel=error'], { cwd: ROOT });
  const files = readdirSync(dir).filter((f) => f.endsWith('.tgz'));
  if (files.length !== 1 || files[0] !== `script-contracts-${VERSION}.tgz`) throw new Error(`npm pack made ${files.join(', ') || 'nothing'}`);
  return (tarball = join(dir, files[0]));
}
