// Bundles the language server/CLI and the VS Code client with esbuild and copies
// the two WebAssembly files the Python parser needs next to the server bundle.
// First regenerates the rule index (scripts/rule-index.mjs).
//
//   node scripts/build.mjs [--production] [--watch]
//
// --watch rebuilds the bundles on every change under server/, client/ (and the
// rule index when a rule module is added or removed) until interrupted.
import { context } from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, watch as watchFs, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { allTs } from './rule-index.mjs';

const require = createRequire(import.meta.url);
// The package's exports map hides its CJS file from require.resolve; find the folder instead.
const webTreeSitterDir = dirname(require.resolve('web-tree-sitter'));
const watch = process.argv.includes('--watch');
// `npm pack` and `npm publish` run the `prepare` script: what they pack is the production build,
// as in the .vsix (minified, no source maps).
const production = process.argv.includes('--production') || ['pack', 'publish'].includes(process.env.npm_command ?? '');
mkdirSync('dist', { recursive: true });
// A production build writes no maps: remove those of an earlier development build, which no longer match.
if (production) for (const f of readdirSync('dist')) if (f.endsWith('.js.map')) rmSync(`dist/${f}`);

const RULE_INDEX = 'server/src/core/rules/all.ts';
function writeRuleIndex() {
  const next = allTs();
  let current = '';
  try {
    current = readFileSync(RULE_INDEX, 'utf8');
  } catch {
    // first build
  }
  if (current !== next) writeFileSync(RULE_INDEX, next);
}
writeRuleIndex();

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  logLevel: watch ? 'info' : 'warning',
  // web-tree-sitter is an ES module package; its CommonJS build is the one a
  // CJS bundle can load without top-level-await or import.meta problems.
  alias: { 'web-tree-sitter': join(webTreeSitterDir, 'tree-sitter.cjs') },
};

const contexts = await Promise.all([
  context({ ...common, entryPoints: ['server/src/main.ts'], outfile: 'dist/server.js' }),
  // Worker thread of the parse pool; loaded from beside dist/server.js (server/src/host/parse-pool.ts).
  context({ ...common, entryPoints: ['server/src/host/parse-worker.ts'], outfile: 'dist/parse-worker.js' }),
  context({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] }),
  // The Show Pipeline page: a browser script with its layout library (dagre) inside; the server bundle has none of it.
  context({
    ...common,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    entryPoints: ['client/webview/pipeline.ts'],
    outfile: 'dist/pipeline-webview.js',
    alias: {},
  }),
]);

copyFileSync(join(webTreeSitterDir, 'tree-sitter.wasm'), 'dist/tree-sitter.wasm');
copyFileSync(join(dirname(require.resolve('tree-sitter-python/package.json')), 'tree-sitter-python.wasm'), 'dist/tree-sitter-python.wasm');
copyFileSync('client/webview/pipeline.css', 'dist/pipeline-webview.css');

if (watch) {
  // A rule module added or removed changes the index, which esbuild then sees as a change.
  watchFs('server/src/core/rules', { recursive: true }, (_event, name) => {
    if (name?.endsWith('.ts') && !name.endsWith('all.ts')) writeRuleIndex();
  });
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('watching server/ and client/ for changes (Ctrl+C to stop)');
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}
