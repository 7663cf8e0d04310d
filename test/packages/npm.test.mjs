// The npm package: `npm pack`, installed offline into a project outside the repository, run with npx.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanEnv, copyExample, findings, ok, packTarball, PLANTED, run, tmp, VERSION } from './helpers.mjs';

describe('npm package', function () {
  this.timeout(300000);
  let tgz;
  let project;
  // npx must not reach for the registry: everything it runs is installed already.
  const env = () => cleanEnv({ npm_config_offline: 'true', npm_config_update_notifier: 'false' });

  before(() => {
    tgz = packTarball();
    project = tmp('sc-npm-project-');
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }, null, 2));
  });

  it('carries the launcher, the bundle, the rule pages, the schema, LICENSE and README, and nothing of the source', () => {
    const list = ok('tar', ['-tzf', tgz])
      .out.trim()
      .split('\n')
      .map((l) => l.replace(/^package\//, ''));
    for (const f of [
      'bin/script-contracts.js',
      'dist/server.js',
      'dist/parse-worker.js',
      'dist/client.js',
      'dist/tree-sitter.wasm',
      'dist/tree-sitter-python.wasm',
      'docs/rules/hardcoded-path.md',
      'docs/rules/README.md',
      'schemas/step.schema.json',
      'LICENSE',
      'README.md',
      'package.json',
    ]) {
      assert.ok(list.includes(f), `${f} is in the tarball`);
    }
    const stray = list.filter((f) => /\.(ts|map)$/.test(f) || /^(server|client|test|bench|scripts|examples|python|node_modules)\//.test(f));
    assert.deepEqual(stray, []);
    const manifest = JSON.parse(ok('tar', ['-xzOf', tgz, 'package/package.json']).out);
    assert.equal(manifest.private, undefined, 'publishable');
    assert.equal(manifest.dependencies, undefined, 'the bundle is self-contained: nothing to install with it');
    assert.equal(manifest.bin['script-contracts'].replace(/^\.\//, ''), 'bin/script-contracts.js');
  });

  it('installs offline with nothing else, and npx runs it on a copy of the example', () => {
    ok('npm', ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error', tgz], { cwd: project, env: env() });
    const installed = readdirSync(join(project, 'node_modules')).filter((f) => !f.startsWith('.'));
    assert.deepEqual(installed, ['script-contracts'], 'no dependency came along');
    const pipeline = copyExample();
    const all = findings(run('npx', ['script-contracts', 'check', pipeline, '--format', 'json', '--fail-on', 'off'], { cwd: project, env: env() }));
    assert.equal(all.length, PLANTED);
    assert.equal(run('npx', ['script-contracts', 'check', pipeline], { cwd: project, env: env() }).code, 1, 'findings fail by default');
    assert.equal(ok('npx', ['script-contracts', '--version'], { cwd: project, env: env() }).out.trim(), `script-contracts ${VERSION}`);
  });

  it('`rule` prints the page shipped in the package', () => {
    const r = ok('npx', ['script-contracts', 'rule', 'hardcoded-path'], { cwd: project, env: env() });
    assert.equal(r.out, readFileSync(join(project, 'node_modules', 'script-contracts', 'docs', 'rules', 'hardcoded-path.md'), 'utf8'));
    assert.match(r.out, /^# hardcoded-path/);
    const typo = run('npx', ['script-contracts', 'rule', 'hardcoded-pth'], { cwd: project, env: env() });
    assert.equal(typo.code, 2);
    assert.match(typo.err, /did you mean "hardcoded-path"\?/);
  });

  it('the launcher refuses a Node.js older than 20 with a clear message', () => {
    const bin = join(project, 'node_modules', 'script-contracts', 'bin', 'script-contracts.js');
    const pretend = `Object.defineProperty(process, 'versions', { value: { ...process.versions, node: '18.19.0' } }); process.argv = [process.argv[0], 'bin', 'check']; require(${JSON.stringify(bin)});`;
    const r = run(process.execPath, ['-e', pretend], { cwd: project });
    assert.equal(r.code, 2);
    assert.match(r.err, /needs Node\.js 20 or later; this is Node\.js 18\.19\.0/);
  });
});
