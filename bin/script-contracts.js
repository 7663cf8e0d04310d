#!/usr/bin/env node

// Thin launcher: the CLI and the language server live in one bundle.
const path = require('node:path');
const fs = require('node:fs');
// The bundle is built for Node 20 (scripts/build.mjs, target node20); say so rather than fail obscurely.
const major = Number(process.versions.node.split('.')[0]);
if (major < 20) {
  process.stderr.write(`script-contracts: needs Node.js 20 or later; this is Node.js ${process.versions.node} (${process.execPath}).\n`);
  process.exit(2);
}
const bundle = path.join(__dirname, '..', 'dist', 'server.js');
if (!fs.existsSync(bundle)) {
  process.stderr.write(
    'script-contracts: dist/server.js is missing; run `npm run build` first.\n' +
      '  (From a git revision, e.g. a pre-commit hook or an Action pinned to a branch: only release\n' +
      '  tags carry the built bundle, see scripts/release-bundle.mjs. Pin a release tag.)\n',
  );
  process.exit(2);
}
// `script-contracts check | head` closes the pipe early: that is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err && err.code === 'EPIPE') process.exit(process.exitCode || 0);
    throw err;
  });
}
require(bundle)
  .main(process.argv.slice(2))
  .then(
    (code) => {
      if (typeof code === 'number') process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`script-contracts: internal error: ${err?.stack || err}\n`);
      process.exit(2);
    },
  );
