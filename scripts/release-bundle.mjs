#!/usr/bin/env node
// Makes the release commit: the production bundle committed on top of the current commit, so that
// what runs straight from a git revision has it: the pre-commit hook (.pre-commit-hooks.yaml, run
// from a clone at `rev:`, with no install step) and the GitHub Action (action.yml, run from the
// checkout of `uses: …@ref`). dist/ stays ignored everywhere else: development commits never carry
// build output, so it cannot go stale there.
//
//   git switch -c release/v0.1.0        # or a detached HEAD: the tag keeps the commit
//   node scripts/release-bundle.mjs     # builds, commits dist/{server,parse-worker}.js and both .wasm
//   git tag v0.1.0 && git push origin v0.1.0
//
// Refuses to run with uncommitted changes to tracked files (the bundle would not match the commit).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BUNDLE = ['dist/server.js', 'dist/parse-worker.js', 'dist/tree-sitter.wasm', 'dist/tree-sitter-python.wasm'];
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const git = (...args) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();

const dirty = git('status', '--porcelain', '--untracked-files=no');
if (dirty) {
  console.error(`release-bundle: commit or stash these first:\n${dirty}`);
  process.exit(1);
}
execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--production'], { cwd: root, stdio: 'inherit' });
git('add', '--force', '--', ...BUNDLE);
const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
const base = git('rev-parse', '--short', 'HEAD');
git(
  '-c',
  'user.name=' + (process.env.GIT_AUTHOR_NAME || safe(() => git('config', 'user.name')) || 'Script Contracts'),
  '-c',
  'user.email=' + (process.env.GIT_AUTHOR_EMAIL || safe(() => git('config', 'user.email')) || 'dev@script-contracts.invalid'),
  'commit',
  '--quiet',
  '--allow-empty',
  '-m',
  `Release bundle ${version} (built from ${base})`,
  '-m',
  'The production bundle for the pre-commit hook and the GitHub Action, which run from a git revision (scripts/release-bundle.mjs).',
);
console.log(`release-bundle: committed ${BUNDLE.join(', ')} as ${git('rev-parse', '--short', 'HEAD')}; tag it (git tag v${version}).`);

function safe(f) {
  try {
    return f();
  } catch {
    return '';
  }
}
