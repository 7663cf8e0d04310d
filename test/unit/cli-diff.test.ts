// `check --diff BASE` in a temporary git repository holding the example: only
// findings on changed lines, in new files, in changed contracts and specs, and
// in the scripts a changed contract claims. And git's unified diff, parsed.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseUnifiedDiff, unquote } from '../../server/src/host/git-diff';
import { useTemporaryCacheDir } from '../support/cache-dir';
import { cli } from '../support/run-cli';

const EXAMPLE = join(__dirname, '..', '..', '..', 'examples', 'seed-pipeline');
const hasGit = spawnSync('git', ['--version']).status === 0;

function git(cwd: string, ...args: string[]): void {
  const r = spawnSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.invalid', '-c', 'commit.gpgsign=false', ...args], {
    cwd,
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
}

describe('check --diff', function () {
  this.timeout(60000);
  useTemporaryCacheDir('sc-diff-cache-');
  let ws: string;
  const edit = (rel: string, fn: (text: string) => string) => writeFileSync(join(ws, rel), fn(readFileSync(join(ws, rel), 'utf8')));
  const found = async (...args: string[]) =>
    (JSON.parse((await cli(['check', '--format', 'json', '--fail-on', 'off', ...args], ws)).out) as { file: string; rule: string; line: number }[]).map(
      (f) => `${f.file}:${f.line} ${f.rule}`,
    );
  beforeEach(function () {
    if (!hasGit) this.skip();
    ws = mkdtempSync(join(tmpdir(), 'sc-diff-'));
    cpSync(EXAMPLE, ws, { recursive: true });
  });
  afterEach(() => ws && rmSync(ws, { recursive: true, force: true }));

  it('says so when the folder is not a git repository, and refuses a revision that looks like an option', async () => {
    const r = await cli(['check', '--diff', 'HEAD'], ws);
    assert.equal(r.code, 2);
    assert.match(r.err, /--diff compares with a git revision, but \S+ is not in a git repository/);
    const option = await cli(['check', '--diff=--output=/tmp/x'], ws);
    assert.equal(option.code, 2);
    assert.match(option.err, /--diff takes a git revision \(got "--output=\/tmp\/x"\)/);
    git(ws, 'init', '-q');
    git(ws, 'add', '.');
    git(ws, 'commit', '-qm', 'example');
    const unknown = await cli(['check', '--diff', 'no-such-branch'], ws);
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /git diff failed: .*no-such-branch/);
  });

  it('reports only what changed since the revision', async () => {
    git(ws, 'init', '-q');
    git(ws, 'add', '.');
    git(ws, 'commit', '-qm', 'example');
    const clean = await cli(['check', '--diff', 'HEAD', '--no-color'], ws);
    assert.equal(clean.code, 0, clean.out);
    assert.match(clean.out, /^No findings/m);

    // A changed line, and lines above other findings: those move but did not change.
    edit('scripts/tabular_preprocess.py', (t) =>
      t.replace('logger = logging.getLogger(__name__)\n', 'logger = logging.getLogger(__name__)\nFLAG = os.environ["NEW_FLAG"]\n'),
    );
    assert.deepEqual(await found('--diff', 'HEAD'), ['scripts/tabular_preprocess.py:18 undeclared-env-var']);
    const failing = await cli(['check', '--diff', 'HEAD'], ws);
    assert.equal(failing.code, 1);

    // A file git does not track yet is new code, every line of it.
    writeFileSync(join(ws, 'scripts', 'fresh_job.py'), 'import os\n\nif __name__ == "__main__":\n    print(input_paths["FRESH"], os.environ["X"])\n');
    assert.ok((await found('--diff', 'HEAD')).includes('scripts/fresh_job.py:1 missing-contract'));
    rmSync(join(ws, 'scripts', 'fresh_job.py'));

    // A changed contract: all its findings, and all of the script it claims; nothing of other contracts' scripts.
    git(ws, 'commit', '-qam', 'flag');
    edit('contracts/model_eval_contract.py', (t) => `# Owner: the evaluation team.\n${t}`);
    assert.deepEqual(await found('--diff', 'HEAD'), [
      'contracts/model_eval_contract.py:11 contract-input-unspecified',
      'contracts/model_eval_contract.py:11 unused-channel',
      'contracts/model_eval_contract.py:18 unused-env-var',
      'scripts/model_eval_xgb.py:18 hardcoded-path',
      'scripts/model_eval_xgb.py:62 undeclared-env-var',
      'scripts/model_eval_xgb.py:91 undeclared-argument',
    ]);
    // Against the first commit, the script edit counts too.
    assert.deepEqual((await found('--diff', 'HEAD~1')).length, 7);
  });

  it('with a baseline: accepted findings outside the diff are not stale', async () => {
    git(ws, 'init', '-q');
    await cli(['check', '--write-baseline'], ws);
    git(ws, 'add', '.');
    git(ws, 'commit', '-qm', 'example and baseline');
    edit('scripts/tabular_preprocess.py', (t) =>
      t.replace('logger = logging.getLogger(__name__)\n', 'logger = logging.getLogger(__name__)\nFLAG = os.environ["NEW_FLAG"]\n'),
    );
    const r = await cli(['check', '--diff', 'HEAD', '--fail-on-stale-baseline', '--no-color'], ws);
    assert.equal(r.code, 1, 'the new finding fails');
    assert.doesNotMatch(r.err, /no longer occur/);
    assert.equal(r.out.split('\n').filter((l) => /^\S+:\d+:\d+: /.test(l)).length, 1);
  });
});

describe("git's unified diff", () => {
  it('new-side lines of each hunk (0-based), whatever the content lines look like; deleted files are not listed', () => {
    const diff = [
      'diff --git a/s.py b/s.py',
      'index 1..2 100644',
      '--- a/s.py',
      '+++ b/s.py',
      '@@ -3 +3,2 @@ def f():',
      '-    x = 1',
      '+++ not a header: an added line that starts with "++ "',
      '+@@ -1 +1 @@ neither is this',
      '@@ -10,0 +12 @@',
      '+y = 2',
      '\\ No newline at end of file',
      '@@ -20,2 +22,0 @@',
      '-a',
      '-b',
      'diff --git a/gone.py b/gone.py',
      'deleted file mode 100644',
      '--- a/gone.py',
      '+++ /dev/null',
      '@@ -1 +0,0 @@',
      '-bye',
      'diff --git a/old.py b/new name.py',
      'similarity index 100%',
      'rename from old.py',
      'rename to new name.py',
      'diff --git "a/t\\tab.py" "b/t\\tab.py"',
      '--- "a/t\\tab.py"',
      '+++ "b/t\\tab.py"',
      '@@ -1 +1 @@',
      '-a',
      '+b',
      '',
    ].join('\n');
    const parsed = parseUnifiedDiff(diff);
    assert.deepEqual(
      [...parsed].map(([f, lines]) => [f, [...lines].sort((a, b) => a - b)]),
      [
        ['s.py', [2, 3, 11]],
        ['new name.py', []],
        ['t\tab.py', [0]],
      ],
    );
  });

  it('paths as git prints them: C-quoted with UTF-8 octal escapes, or plain with a tab after a space', () => {
    assert.equal(unquote('"b/caf\\303\\251 \\"x\\".py"'), 'b/café "x".py');
    assert.equal(unquote('b/sp ace.py\t'), 'b/sp ace.py');
    assert.equal(unquote('b/plain.py'), 'b/plain.py');
  });
});
