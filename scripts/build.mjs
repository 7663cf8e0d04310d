// Bundles the language server/CLI and the VS Code client with esbuild and copies
// the two WebAssembly files the Python parser needs next to the server bundle.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
// The package's exports map hides its CJS file from require.resolve; find the folder instead.
const webTreeSitterDir = dirname(require.resolve('web-tree-sitter'));
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
mkdirSync('dist', { recursive: true });

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  // web-tree-sitter is an ES module package; its CommonJS build is the one a
  // CJS bundle can load without top-level-await or import.meta problems.
  alias: { 'web-tree-sitter': join(webTreeSitterDir, 'tree-sitter.cjs') },
};

await Promise.all([
  build({ ...common, entryPoints: ['server/src/main.ts'], outfile: 'dist/server.js' }),
  // Worker thread of the parse pool; loaded from beside dist/server.js (server/src/host/parse-pool.ts).
  build({ ...common, entryPoints: ['server/src/host/parse-worker.ts'], outfile: 'dist/parse-worker.js' }),
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] }),
]);

copyFileSync(join(webTreeSitterDir, 'tree-sitter.wasm'), 'dist/tree-sitter.wasm');
copyFileSync(join(dirname(require.resolve('tree-sitter-python/package.json')), 'tree-sitter-python.wasm'), 'dist/tree-sitter-python.wasm');
if (watch) console.log('watch mode is not implemented; re-run npm run build');
