// `npm test`: every tier, in order, each timed. A tier that fails does not stop
// the ones after it (so one run shows every failure), except the build, which
// the others need. Prints a summary table and exits non-zero when any failed.
//
//   node scripts/test-all.mjs [tier ...]     (default: all; e.g. `unit protocol`)
import { spawnSync } from 'node:child_process';

const TIERS = [
  { name: 'lint', script: 'lint', what: 'Biome: lint and format check' },
  { name: 'build', script: 'build:all', what: 'bundles, rule index, tsc -b', required: true },
  { name: 'docs', script: 'docs:check', what: 'rule tables written from the registry' },
  { name: 'unit', script: 'test:unit:fast', what: 'core, host and CLI on fixtures' },
  { name: 'slow', script: 'test:slow', what: 'fuzzing, partial-parse equivalence, hostile files, worker pool' },
  { name: 'protocol', script: 'test:protocol', what: 'the real server over stdio' },
  { name: 'neovim', script: 'test:neovim', what: "the real server driven by Neovim's own LSP client, headless" },
  { name: 'grammar', script: 'test:grammar', what: 'TextMate injection scopes, step schema' },
  { name: 'packages', script: 'test:packages', what: 'the npm tarball, the wheel, the pre-commit hook and the Action, installed outside the repository' },
  { name: 'editor', script: 'test:editor', what: 'the packaged extension in code-server' },
];

const wanted = process.argv.slice(2);
const selected = wanted.length ? TIERS.filter((t) => wanted.includes(t.name)) : TIERS;
const results = [];
let buildFailed = false;
for (const tier of selected) {
  if (buildFailed) {
    results.push({ ...tier, status: 'skipped', seconds: 0 });
    continue;
  }
  console.log(`\n━━ ${tier.name}: ${tier.what} (npm run ${tier.script})`);
  const t0 = performance.now();
  const r = spawnSync('npm', ['run', '--silent', tier.script], { stdio: 'inherit' });
  const seconds = (performance.now() - t0) / 1000;
  const ok = r.status === 0;
  results.push({ ...tier, status: ok ? 'passed' : 'FAILED', seconds });
  if (!ok && tier.required) buildFailed = true;
}
console.log('\n━━ summary');
for (const r of results) console.log(`  ${r.status.padEnd(8)} ${r.name.padEnd(9)} ${r.seconds.toFixed(1).padStart(6)} s  ${r.what}`);
const failed = results.filter((r) => r.status !== 'passed');
console.log(failed.length ? `\n${failed.length} tier(s) did not pass: ${failed.map((r) => r.name).join(', ')}` : '\nevery tier passed');
process.exit(failed.length ? 1 : 0);
