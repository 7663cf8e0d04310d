// Bundles the editor tests for the extension host into out/e2e/:
//   out/e2e/suite/index.js      exports.run() with mocha bundled inside
//   out/e2e/suite/*.test.js     one bundle per suite file (mocha's tdd globals come from the index)
//   out/e2e/runTest.js          @vscode/test-electron launcher (machines that can download VS Code)
// `vscode` stays external: the extension host provides it.
import { build } from 'esbuild';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const out = join(root, 'out', 'e2e');
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'inline',
  logLevel: 'warning',
  logOverride: { 'require-resolve-not-external': 'silent' },
  external: ['vscode'],
};
const suites = readdirSync(join(here, 'suite'))
  .filter((f) => f.endsWith('.test.ts'))
  .map((f) => join(here, 'suite', f));
await Promise.all([
  build({ ...common, entryPoints: [join(here, 'suite', 'index.ts')], outfile: join(out, 'suite', 'index.js') }),
  build({ ...common, entryPoints: suites, outdir: join(out, 'suite') }),
  build({ ...common, entryPoints: [join(here, 'runTest.ts')], outfile: join(out, 'runTest.js'), external: ['vscode', '@vscode/test-electron'] }),
]);
console.log(`e2e: bundled ${suites.length} suites into ${out}`);
