#!/usr/bin/env node
// Which Node.js every dependency accepts: reads the `engines.node` of every package in
// package-lock.json (from its package.json in node_modules when installed, else from the lock) and
// prints, for each direct dependency with everything it pulls in, the lowest Node version all of
// them accept, and the same for the whole tree and for the tree without the packages that only a
// runner npm test does not use needs.
//
//   node scripts/check-engines.mjs          # a table
//   node scripts/check-engines.mjs --json   # { "all": "22.0.0", "withoutOptionalRunners": "20.18.1", "direct": {...}, "ranges": {...} }
//
// No dependencies: a small semver range evaluator below (the forms npm packages use in engines).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Used only by a runner that `npm test` does not run (test/e2e/runTest.ts, machines that can download VS Code). */
export const OPTIONAL_RUNNERS = ['@vscode/test-electron'];

const parse = (v) => {
  const m = /^v?(\d+|[xX*])(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?/.exec(v.trim());
  if (!m) throw new Error(`not a version: ${v}`);
  const part = (p) => (p === undefined || /[xX*]/.test(p) ? undefined : Number(p));
  return [part(m[1]), part(m[2]), part(m[3])];
};
const cmp = (a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
const fill = (p) => p.map((x) => x ?? 0);
/** The partial version's upper bound (exclusive): 18 → 19.0.0, 14.17 → 14.18.0. */
const next = (p) =>
  p[0] === undefined ? [Infinity, 0, 0] : p[1] === undefined ? [p[0] + 1, 0, 0] : p[2] === undefined ? [p[0], p[1] + 1, 0] : [p[0], p[1], p[2] + 1];

/** One comparator ("^18.17.0", ">= 14", "6.*", "*") as a predicate. */
function comparator(tok) {
  const m = /^(\^|~|>=|<=|>|<|=)?(.*)$/.exec(tok);
  const op = m[1] || '';
  if (/^[xX*]?$/.test(m[2])) return () => true;
  const p = parse(m[2]);
  const lo = fill(p);
  switch (op) {
    case '^': {
      const hi = p[0] > 0 || p[1] === undefined ? [p[0] + 1, 0, 0] : p[1] > 0 || p[2] === undefined ? [0, p[1] + 1, 0] : [0, 0, p[2] + 1];
      return (v) => cmp(v, lo) >= 0 && cmp(v, hi) < 0;
    }
    case '~': {
      const hi = p[1] === undefined ? [p[0] + 1, 0, 0] : [p[0], p[1] + 1, 0];
      return (v) => cmp(v, lo) >= 0 && cmp(v, hi) < 0;
    }
    case '>=':
      return (v) => cmp(v, lo) >= 0;
    case '>':
      return p.includes(undefined) ? (v) => cmp(v, next(p)) >= 0 : (v) => cmp(v, lo) > 0;
    case '<':
      return (v) => cmp(v, lo) < 0;
    case '<=':
      return p.includes(undefined) ? (v) => cmp(v, next(p)) < 0 : (v) => cmp(v, lo) <= 0;
    default: // "18", "6.*", "=1.2.3": the partial version's whole range
      return (v) => cmp(v, lo) >= 0 && cmp(v, next(p)) < 0;
  }
}

/** A range ("^18.18.0 || ^20.9.0 || >=21.1.0", "1.2 - 2.3") as a predicate on [major, minor, patch]. */
export function satisfies(range, version) {
  const v = typeof version === 'string' ? fill(parse(version)) : version;
  return range.split('||').some((set) => {
    const s = set.trim().replace(/(\^|~|>=|<=|>|<|=)\s+/g, '$1');
    const hyphen = /^(\S+)\s+-\s+(\S+)$/.exec(s);
    const toks = hyphen ? [`>=${hyphen[1]}`, `<${next(parse(hyphen[2])).join('.')}`] : s.split(/\s+/).filter(Boolean);
    return toks.every((t) => comparator(t)(v));
  });
}

/** The lowest version every range accepts, among the versions the ranges name (and each x.0.0). */
export function lowest(ranges) {
  const candidates = new Map();
  for (let major = 0; major <= 40; major++) candidates.set(`${major}.0.0`, [major, 0, 0]);
  for (const r of ranges)
    for (const m of r.matchAll(/\d+(?:\.\d+){0,2}/g)) {
      const p = fill(parse(m[0]));
      candidates.set(p.join('.'), p);
    }
  const sorted = [...candidates.values()].sort(cmp);
  const ok = sorted.find((c) => ranges.every((r) => satisfies(r, c)));
  return ok ? ok.join('.') : undefined;
}

export function engines(root) {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
  const packages = lock.packages;
  const nodeRange = (path) => {
    const installed = join(root, path, 'package.json');
    const manifest = existsSync(installed) ? JSON.parse(readFileSync(installed, 'utf8')) : packages[path];
    return manifest.engines?.node;
  };
  // Node's resolution, on lock paths: P/node_modules/N, then each parent's, then the top.
  const resolve = (from, name) => {
    for (let dir = from; ; dir = dir.includes('/node_modules/') ? dir.slice(0, dir.lastIndexOf('/node_modules/')) : '') {
      const p = `${dir ? dir + '/' : ''}node_modules/${name}`;
      if (packages[p]) return p;
      if (!dir) return undefined;
    }
  };
  const closure = (start) => {
    const seen = new Set();
    const todo = [start];
    while (todo.length) {
      const p = todo.pop();
      if (!p || seen.has(p)) continue;
      seen.add(p);
      const e = packages[p];
      for (const n of Object.keys({ ...e.dependencies, ...e.optionalDependencies, ...e.peerDependencies })) todo.push(resolve(p, n));
    }
    return seen;
  };
  const rangesOf = (paths) => [...paths].map(nodeRange).filter(Boolean);
  const top = packages[''];
  const direct = {};
  for (const name of Object.keys({ ...top.dependencies, ...top.devDependencies }).sort()) {
    const paths = closure(`node_modules/${name}`);
    const ranges = rangesOf(paths);
    direct[name] = { own: nodeRange(`node_modules/${name}`) ?? '*', packages: paths.size, lowest: lowest(ranges) };
  }
  const all = Object.keys(packages).filter(Boolean);
  const runnerOnly = new Set(OPTIONAL_RUNNERS.flatMap((n) => [...closure(`node_modules/${n}`)]));
  const others = new Set(
    Object.keys(direct)
      .filter((n) => !OPTIONAL_RUNNERS.includes(n))
      .flatMap((n) => [...closure(`node_modules/${n}`)]),
  );
  const rangeTable = {};
  for (const p of all) {
    const r = nodeRange(p);
    if (r) (rangeTable[r] ??= []).push(p.replace(/^.*node_modules\//, ''));
  }
  return {
    all: lowest(rangesOf(all)),
    withoutOptionalRunners: lowest(rangesOf(all.filter((p) => others.has(p) || !runnerOnly.has(p)))),
    direct,
    ranges: rangeTable,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const e = engines(root);
  if (process.argv.includes('--json')) console.log(JSON.stringify(e, null, 2));
  else {
    console.log(`${'direct dependency'.padEnd(38)} ${'its engines.node'.padEnd(34)} packages  lowest Node all of them accept`);
    for (const [n, d] of Object.entries(e.direct)) console.log(`${n.padEnd(38)} ${d.own.padEnd(34)} ${String(d.packages).padStart(8)}  ${d.lowest}`);
    console.log(`\nevery package in package-lock.json accepts Node ${e.all} and later`);
    console.log(`every package but ${OPTIONAL_RUNNERS.join(', ')} (and what only it pulls in) accepts Node ${e.withoutOptionalRunners} and later`);
  }
}
