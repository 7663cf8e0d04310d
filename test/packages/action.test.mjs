// The GitHub Action's entry (action/main.js) in a simulated Actions environment: GITHUB_ACTIONS,
// GITHUB_WORKSPACE, GITHUB_STEP_SUMMARY and GITHUB_OUTPUT set, inputs as INPUT_<NAME> (upper-cased,
// hyphens kept), on a copy of the example in a subfolder of the "repository".
import assert from 'node:assert/strict';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanEnv, EXAMPLE, packTarball, PLANTED, ROOT, run, tmp } from './helpers.mjs';

const ENTRY = join(ROOT, 'action', 'main.js');

describe('GitHub Action', function () {
  this.timeout(300000);
  let workspace;

  /** Runs the entry as the runner does: `node action/main.js` with the inputs in the environment. */
  function action(inputs = {}, extraEnv = {}) {
    const summary = join(workspace, `summary-${Math.random().toString(36).slice(2)}.md`);
    const output = join(workspace, `output-${Math.random().toString(36).slice(2)}.txt`);
    writeFileSync(summary, '# Earlier step\n\n'); // the summary file is appended to, not replaced
    const env = { GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: workspace, GITHUB_STEP_SUMMARY: summary, GITHUB_OUTPUT: output, ...extraEnv };
    const all = { version: '', args: '', 'working-directory': 'pipeline', baseline: '', annotate: 'all', ...inputs };
    for (const [k, v] of Object.entries(all)) env[`INPUT_${k.toUpperCase()}`] = v;
    const r = run(process.execPath, [ENTRY], { cwd: workspace, env: cleanEnv(env) });
    const outputs = existsSync(output)
      ? Object.fromEntries(
          readFileSync(output, 'utf8')
            .trim()
            .split('\n')
            .map((l) => l.split('=')),
        )
      : {};
    return { ...r, summary: readFileSync(summary, 'utf8'), outputs, annotations: r.out.split('\n').filter((l) => l.startsWith('::')) };
  }

  before(() => {
    workspace = tmp('sc-action-');
    cpSync(EXAMPLE, join(workspace, 'pipeline'), { recursive: true });
  });

  it('annotates every finding with paths relative to the repository, writes the summary and outputs, exits 1', () => {
    const r = action();
    assert.equal(r.code, 1, r.err);
    assert.equal(r.annotations.length, PLANTED);
    assert.deepEqual([...new Set(r.annotations.map((l) => l.slice(2, l.indexOf(' '))))].sort(), ['error', 'notice', 'warning']);
    assert.ok(
      r.annotations.some((l) =>
        /^::error file=pipeline\/scripts\/tabular_preprocess\.py,line=58,col=46,endLine=58,endColumn=\d+,title=script-contracts\(undeclared-channel\)::"metadata" is not an input channel/.test(
          l,
        ),
      ),
    );
    assert.ok(r.summary.startsWith('# Earlier step\n\n## Script Contracts\n'), 'appended to the summary file');
    assert.match(r.summary, /\*\*22 findings\*\* in 12 files: 6 errors, 8 warnings, 7 information, 1 hint\./);
    assert.match(r.summary, /^\| Rule \| Errors \| Warnings \| Information \| Hints \| Total \|$/m);
    assert.match(r.summary, /^\| `hardcoded-path` \| 0 \| 1 \| 1 \| 0 \| 2 \|$/m);
    assert.match(r.summary, /^\| `undeclared-channel` \| 1 \| 0 \| 0 \| 0 \| 1 \|$/m);
    assert.match(r.summary, /^\| \*\*Total\*\* \| 6 \| 8 \| 7 \| 1 \| 22 \|$/m);
    assert.match(r.summary, /^### First 20 findings \(most severe first\)$/m);
    assert.match(r.summary, /^\| error \| `pipeline\/scripts\/tabular_preprocess\.py:58:46` \| `undeclared-channel` \| "metadata" is not an input channel/m);
    assert.equal(r.summary.split('\n').filter((l) => /^\| (error|warning|information|hint) \|/.test(l)).length, 20);
    assert.match(r.summary, /…and 2 more/);
    assert.deepEqual(r.outputs, { findings: '22', errors: '6', warnings: '8', baselined: '0', 'exit-code': '1' });
  });

  it('annotate: errors, warnings, none', () => {
    const errors = action({ annotate: 'errors' });
    assert.equal(errors.code, 1);
    assert.equal(errors.annotations.length, 6);
    assert.ok(errors.annotations.every((l) => l.startsWith('::error file=')));
    const warnings = action({ annotate: 'warnings' });
    assert.equal(warnings.annotations.length, 14);
    assert.ok(warnings.annotations.every((l) => /^::(error|warning) file=/.test(l)));
    const none = action({ annotate: 'none' });
    assert.equal(none.code, 1, 'not annotating does not change the verdict');
    assert.deepEqual(none.annotations, []);
    assert.match(none.summary, /\*\*22 findings\*\*/);
    const bad = action({ annotate: 'some' });
    assert.equal(bad.code, 2);
    assert.match(bad.out, /^::error::script-contracts action: annotate must be one of none, errors, warnings, all \(got "some"\)$/m);
  });

  it('args are split like a shell and reach the check: paths, --fail-on', () => {
    const off = action({ args: '--fail-on off' });
    assert.equal(off.code, 0);
    assert.equal(off.annotations.length, PLANTED, 'findings are annotated even when they do not fail the run');
    assert.equal(off.outputs['exit-code'], '0');
    const scripts = action({ args: `'scripts/tabular_preprocess.py'  "--fail-on"   error` });
    assert.equal(scripts.code, 1);
    assert.ok(scripts.annotations.length > 0 && scripts.annotations.every((l) => l.includes('file=pipeline/scripts/tabular_preprocess.py,')), scripts.out);
    const clean = action({ args: 'scripts/risk_table_mapping.py' });
    assert.equal(clean.code, 0);
    assert.deepEqual(clean.annotations, []);
    assert.match(clean.summary, /^No findings\.$/m);
  });

  it('working-directory "." names files from the repository root too', () => {
    const r = action({ 'working-directory': '.', args: 'pipeline --fail-on off' });
    assert.equal(r.code, 0);
    assert.ok(r.annotations.every((l) => l.includes('file=pipeline/')));
  });

  it('baseline: passed through as --baseline; accepted findings are neither annotated nor counted, and a broken file is said plainly', () => {
    const accept = run(process.execPath, [join(ROOT, 'bin', 'script-contracts.js'), 'check', '--write-baseline', '--baseline', 'accepted.json'], {
      cwd: join(workspace, 'pipeline'),
      env: cleanEnv(),
    });
    assert.equal(accept.code, 0, accept.err);
    const r = action({ baseline: 'accepted.json' });
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(r.annotations, []);
    assert.match(r.summary, /^No findings\.$/m);
    assert.match(r.summary, /^22 findings in the baseline not shown\.$/m);
    assert.deepEqual(r.outputs, { findings: '0', errors: '0', warnings: '0', baselined: '22', 'exit-code': '0' });
    // One accepted finding fixed, one new: the new one alone is annotated and counted.
    const script = join(workspace, 'pipeline', 'scripts', 'mims_payload.py');
    const before = readFileSync(script, 'utf8');
    try {
      writeFileSync(script, before.replace('/opt/ml/processing/payloads', '/opt/ml/processing/output') + '\nNEW = os.environ["BRAND_NEW_VAR"]\n');
      const changed = action({ baseline: 'accepted.json' });
      assert.equal(changed.code, 1);
      assert.equal(changed.annotations.length, 1, changed.out);
      assert.match(changed.annotations[0], /^::warning file=pipeline\/scripts\/mims_payload\.py,.*BRAND_NEW_VAR/);
      assert.equal(changed.outputs.baselined, '21');
      assert.match(changed.err, /1 baselined finding no longer occurs/);
    } finally {
      writeFileSync(script, before);
    }
    writeFileSync(join(workspace, 'pipeline', 'broken.json'), '[]\n');
    const broken = action({ baseline: 'broken.json' });
    assert.equal(broken.code, 2);
    assert.match(broken.summary, /stopped with exit status 2.*cannot read the baseline broken\.json: must be a JSON object/);
    const missing = action({ baseline: 'nowhere.json' });
    assert.equal(missing.code, 2);
    assert.match(missing.summary, /baseline nowhere\.json not found/);
  });

  it('version: any npm package spec runs through npm exec (here the packed tarball, offline)', () => {
    const tgz = packTarball();
    const r = action(
      { version: tgz, annotate: 'errors' },
      { npm_config_cache: tmp('sc-action-npm-cache-'), npm_config_offline: 'true', npm_config_update_notifier: 'false' },
    );
    assert.equal(r.code, 1, r.err);
    assert.equal(r.annotations.length, 6);
    assert.match(r.summary, /\*\*22 findings\*\*/);
    assert.ok(r.summary.includes(`exited 1 (${tgz})`));
  });
});
