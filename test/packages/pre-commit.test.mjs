// The pre-commit hook (.pre-commit-hooks.yaml) with Debian's pre-commit, offline: a repository with
// the example pipeline whose .pre-commit-config.yaml points at a local clone of this repository at
// a release commit (the working tree as it is, plus scripts/release-bundle.mjs's commit).
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { cleanEnv, EXAMPLE, NODE_DIR, ok, ROOT, run, tmp } from './helpers.mjs';

const GIT_ID = ['-c', 'user.name=Script Contracts', '-c', 'user.email=dev@script-contracts.invalid', '-c', 'commit.gpgsign=false'];

/** A clone of this repository holding the working tree's tracked and new files, then a release commit. */
function releaseClone() {
  const clone = join(tmp('sc-hook-repo-'), 'script-contracts');
  ok('git', ['clone', '--quiet', '--no-hardlinks', ROOT, clone]);
  const files = ok('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT })
    .out.split('\0')
    .filter((f) => f && f !== 'node_modules');
  for (const f of files) {
    const dst = join(clone, f);
    if (!existsSync(join(ROOT, f))) {
      rmSync(dst, { force: true }); // deleted in the working tree
      continue;
    }
    mkdirSync(dirname(dst), { recursive: true });
    cpSync(join(ROOT, f), dst);
  }
  ok('git', ['add', '--all'], { cwd: clone });
  ok('git', [...GIT_ID, 'commit', '--quiet', '--allow-empty', '-m', 'Working tree under test'], { cwd: clone });
  symlinkSync(join(ROOT, 'node_modules'), join(clone, 'node_modules')); // for the build only
  const r = ok(process.execPath, ['scripts/release-bundle.mjs'], {
    cwd: clone,
    env: cleanEnv({ GIT_AUTHOR_NAME: 'Script Contracts', GIT_AUTHOR_EMAIL: 'dev@script-contracts.invalid' }),
  });
  assert.match(r.out, /release-bundle: committed dist\/server\.js/);
  unlinkSync(join(clone, 'node_modules'));
  const committed = ok('git', ['show', '--name-only', '--format=', 'HEAD'], { cwd: clone }).out.trim().split('\n').sort();
  assert.deepEqual(committed, ['dist/parse-worker.js', 'dist/server.js', 'dist/tree-sitter-python.wasm', 'dist/tree-sitter.wasm']);
  return { clone, rev: ok('git', ['rev-parse', 'HEAD'], { cwd: clone }).out.trim() };
}

describe('pre-commit hook', function () {
  this.timeout(300000);
  let hook;
  let repo;
  const preCommitHome = tmp('sc-pre-commit-home-');
  // No index, no registry: the hook must need neither. node from the running test's folder.
  const env = () =>
    cleanEnv({ PRE_COMMIT_HOME: preCommitHome, PATH: `${NODE_DIR}:/usr/bin:/bin`, PIP_NO_INDEX: '1', npm_config_offline: 'true', PRE_COMMIT_COLOR: 'never' });
  const config = (args) =>
    writeFileSync(
      join(repo, '.pre-commit-config.yaml'),
      `repos:\n  - repo: ${hook.clone}\n    rev: ${hook.rev}\n    hooks:\n      - id: script-contracts\n${args ? `        args: ${JSON.stringify(args)}\n` : ''}`,
    );
  const preCommit = (...args) => run('/usr/bin/pre-commit', ['run', '--color', 'never', ...args], { cwd: repo, env: env() });

  before(() => {
    hook = releaseClone();
    repo = join(tmp('sc-hook-user-'), 'pipeline');
    cpSync(EXAMPLE, repo, { recursive: true });
    ok('git', ['init', '--quiet', repo]);
    config();
    ok('git', ['add', '--all'], { cwd: repo });
  });

  it("fails on the example's findings (exit 1) and shows them", () => {
    const r = preCommit('--all-files');
    assert.equal(r.code, 1, r.out + r.err);
    assert.match(r.out, /^script-contracts\.+Failed$/m);
    assert.match(r.out, /scripts\/tabular_preprocess\.py:58:46: error undeclared-channel "metadata" is not an input channel/);
    assert.match(r.out, /6 errors, 8 warnings, 7 information, 1 hint in 12 files/);
  });

  it('passes with args: [--fail-on, off]', () => {
    config(['--fail-on', 'off']);
    ok('git', ['add', '.pre-commit-config.yaml'], { cwd: repo });
    const r = preCommit('--all-files');
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, /^script-contracts\.+Passed$/m);
    config();
    ok('git', ['add', '.pre-commit-config.yaml'], { cwd: repo });
  });

  it('is skipped when no Python, step.yaml or configuration file is among the files', () => {
    const r = preCommit('--files', 'README.md');
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, /^script-contracts\.+\(no files to check\)Skipped$/m);
  });

  it('at a revision without the bundle (not a release commit) it fails saying so', () => {
    const saved = hook.rev;
    hook.rev = ok('git', ['rev-parse', 'HEAD~1'], { cwd: hook.clone }).out.trim();
    try {
      config();
      ok('git', ['add', '.pre-commit-config.yaml'], { cwd: repo });
      const r = preCommit('--all-files');
      assert.equal(r.code, 1, r.out + r.err);
      assert.match(r.out, /dist\/server\.js is missing/);
      assert.match(r.out, /only release\s+tags carry the built bundle/);
    } finally {
      hook.rev = saved;
      config();
      ok('git', ['add', '.pre-commit-config.yaml'], { cwd: repo });
    }
  });

  it('passes once the files with findings are gone', () => {
    // Removing a file can leave findings elsewhere (a contract whose script is gone): repeat.
    for (let round = 0; round < 5; round++) {
      const r = run(join(hook.clone, 'bin', 'script-contracts.js'), ['check', '--format', 'json', '--fail-on', 'off'], { cwd: repo, env: env() });
      const files = [...new Set(JSON.parse(r.out).map((f) => f.file))];
      if (!files.length) break;
      ok('git', ['rm', '--quiet', '--force', '--', ...files], { cwd: repo });
    }
    const r = preCommit('--all-files');
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, /^script-contracts\.+Passed$/m);
    assert.ok(existsSync(join(repo, 'scripts', 'risk_table_mapping.py')), 'a script with its contract is still there');
  });
});
