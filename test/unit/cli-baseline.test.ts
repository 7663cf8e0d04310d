// Adopting the checker with a baseline, through the CLI on a copy of the example:
// write it, edit elsewhere (nothing resurfaces), a new finding fails, a fixed one
// is stale, --fail-on-stale-baseline, --write-baseline shrinks it; the JSON and
// SARIF marks; where the file is and what happens when it is missing or broken.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useTemporaryCacheDir } from '../support/cache-dir';
import { cli } from '../support/run-cli';

const EXAMPLE = join(__dirname, '..', '..', '..', 'examples', 'seed-pipeline');
const BASELINE = '.script-contracts-baseline.json';

type Entries = Record<string, Record<string, Record<string, number>>>;
const entriesOf = (file: string): Entries => JSON.parse(readFileSync(file, 'utf8')).findings;
const total = (e: Entries) =>
  Object.values(e).reduce((n, rules) => n + Object.values(rules).reduce((m, ents) => m + Object.values(ents).reduce((a, b) => a + b, 0), 0), 0);

describe('check with a baseline', function () {
  this.timeout(60000);
  useTemporaryCacheDir('sc-baseline-cache-');
  let ws: string;
  const edit = (rel: string, fn: (text: string) => string) => writeFileSync(join(ws, rel), fn(readFileSync(join(ws, rel), 'utf8')));
  beforeEach(() => {
    ws = mkdtempSync(join(tmpdir(), 'sc-baseline-'));
    cpSync(EXAMPLE, ws, { recursive: true });
  });
  afterEach(() => rmSync(ws, { recursive: true, force: true }));

  it('round-trips: accepted findings stay quiet when lines move, new ones fail, fixed ones are stale and --write-baseline drops them', async () => {
    const write = await cli(['check', '--write-baseline', '--no-color'], ws);
    assert.equal(write.code, 0, write.err);
    assert.match(write.err, /wrote the baseline \.script-contracts-baseline\.json: 22 findings accepted/);
    const entries = entriesOf(join(ws, BASELINE));
    assert.equal(total(entries), 22);
    assert.deepEqual(entries['scripts/tabular_preprocess.py'], {
      'hardcoded-path': { '/opt/ml/processing/input/data/part-0.csv': 1 },
      'unbridged-env-var': { TEST_VAL_RATIO: 1 },
      'undeclared-channel': { metadata: 1 },
      'unwired-channel': { SIGNATURE: 1 },
    });
    assert.deepEqual(entries['scripts/currency_conversion.py'], { 'missing-contract': { '': 1 } }, 'a finding about the file itself');

    const quiet = await cli(['check', '--no-color'], ws);
    assert.equal(quiet.code, 0);
    assert.match(quiet.out, /^No findings \(\d+ files checked in \d+ ms\)\.\n22 findings in the baseline not shown\.\n$/);

    // Code added above every finding of two files: their lines all move, nothing resurfaces.
    edit('scripts/tabular_preprocess.py', (t) =>
      t.replace(
        'logger = logging.getLogger(__name__)\n',
        'logger = logging.getLogger(__name__)\n\n\ndef _unrelated():\n    return 1\n\n\nHELPERS = [_unrelated]\n',
      ),
    );
    edit('contracts/model_eval_contract.py', (t) => `# Reviewed.\n# Still reviewed.\n${t}`);
    const moved = await cli(['check', '--no-color', '--fail-on-stale-baseline'], ws);
    assert.equal(moved.code, 0, moved.out + moved.err);
    assert.match(moved.out, /22 findings in the baseline not shown/);

    // A new finding fails the run, and it is the only one shown; a second use of an accepted path is new too.
    edit('scripts/tabular_preprocess.py', (t) =>
      t.replace(
        'def _unrelated():\n    return 1\n',
        'def _unrelated():\n    os.path.join("/opt/ml/processing/input/data", "part-0.csv")\n    return os.environ["BRAND_NEW_VAR"]\n',
      ),
    );
    const added = await cli(['check', '--no-color'], ws);
    assert.equal(added.code, 1);
    const shown = added.out.split('\n').filter((l) => /^\S+:\d+:\d+: /.test(l));
    assert.equal(shown.length, 2, added.out);
    assert.ok(
      shown.some((l) => l.includes('undeclared-env-var') && l.includes('BRAND_NEW_VAR')),
      added.out,
    );
    assert.ok(
      shown.some((l) => l.includes('hardcoded-path')),
      'the accepted count of that path is one; the second use is new',
    );
    assert.match(added.out, /22 findings in the baseline not shown/);
    const json = JSON.parse((await cli(['check', '--format', 'json'], ws)).out) as { rule: string; baselined: boolean; message: string }[];
    assert.equal(json.length, 24, 'JSON still includes the accepted findings');
    assert.equal(json.filter((f) => f.baselined).length, 22);
    assert.ok(json.filter((f) => !f.baselined).some((f) => f.message.includes('BRAND_NEW_VAR')));
    const sarif = JSON.parse((await cli(['check', '--format', 'sarif'], ws)).out);
    const states = (sarif.runs[0].results as { baselineState: string }[]).map((r) => r.baselineState);
    assert.equal(states.filter((s) => s === 'unchanged').length, 22);
    assert.equal(states.filter((s) => s === 'new').length, 2);
    const github = (await cli(['check', '--format', 'github'], ws)).out.trim().split('\n');
    assert.equal(github.length, 2, 'annotations only for what is new');

    // Fix an accepted finding: it is stale.
    edit('scripts/mims_payload.py', (t) => t.replace('/opt/ml/processing/payloads', '/opt/ml/processing/output'));
    edit('scripts/tabular_preprocess.py', (t) =>
      t.replace('    os.path.join("/opt/ml/processing/input/data", "part-0.csv")\n    return os.environ["BRAND_NEW_VAR"]\n', '    return 1\n'),
    );
    const fixed = await cli(['check', '--no-color'], ws);
    assert.equal(fixed.code, 0, 'a stale entry alone does not fail the run');
    assert.match(fixed.err, /1 baselined finding no longer occurs; check --write-baseline drops it/);
    const strict = await cli(['check', '--no-color', '--fail-on-stale-baseline'], ws);
    assert.equal(strict.code, 1);
    assert.match(
      strict.err,
      /^script-contracts: stale baseline entry: scripts\/mims_payload\.py: path-mismatch "payload_sample": 1 baselined finding no longer occurs$/m,
    );

    const shrink = await cli(['check', '--write-baseline'], ws);
    assert.equal(shrink.code, 0);
    assert.match(shrink.err, /21 findings accepted; 1 that no longer occurs dropped/);
    const after = entriesOf(join(ws, BASELINE));
    assert.equal(total(after), 21);
    assert.equal(after['scripts/mims_payload.py'], undefined);
    assert.equal((await cli(['check', '--fail-on-stale-baseline'], ws)).code, 0);
  });

  it('--write-baseline on some paths keeps the entries of the others; checking a path calls only its entries stale', async () => {
    await cli(['check', '--write-baseline'], ws);
    edit('scripts/mims_payload.py', (t) => t.replace('/opt/ml/processing/payloads', '/opt/ml/processing/output'));
    const one = await cli(['check', 'scripts/tabular_preprocess.py', '--fail-on-stale-baseline'], ws);
    assert.equal(one.code, 0, 'the stale entry is in a file this run did not check');
    assert.equal((await cli(['check', 'scripts/mims_payload.py', '--fail-on-stale-baseline'], ws)).code, 1);
    await cli(['check', 'scripts/tabular_preprocess.py', '--write-baseline'], ws);
    assert.equal(total(entriesOf(join(ws, BASELINE))), 22, 'the other files keep theirs, stale or not');
    await cli(['check', 'scripts', '--write-baseline'], ws);
    assert.equal(total(entriesOf(join(ws, BASELINE))), 21);
  });

  it('--baseline FILE and the baseline key: names relative to the baseline file; a named file must exist unless written', async () => {
    const missing = await cli(['check', '--baseline', 'ci/accepted.json'], ws);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /baseline ci\/accepted\.json not found; check --write-baseline writes it/);
    mkdirSync(join(ws, 'ci'));
    assert.equal((await cli(['check', '--baseline', 'ci/accepted.json', '--write-baseline'], ws)).code, 0);
    assert.deepEqual(entriesOf(join(ws, 'ci', 'accepted.json'))['../scripts/mims_payload.py'], { 'path-mismatch': { payload_sample: 1 } });
    assert.equal(existsSync(join(ws, BASELINE)), false);
    assert.equal((await cli(['check', '--baseline', 'ci/accepted.json'], ws)).code, 0);
    assert.equal((await cli(['check'], ws)).code, 1, 'without the flag the default file is used, and there is none');

    edit('pyproject.toml', (t) => t.replace('[tool.script-contracts]\n', '[tool.script-contracts]\nbaseline = "ci/accepted.json"\n'));
    const configured = await cli(['check', '--no-color'], ws);
    assert.equal(configured.code, 0, configured.err);
    assert.match(configured.out, /22 findings in the baseline not shown/);
    edit('pyproject.toml', (t) => t.replace('baseline = "ci/accepted.json"', 'baseline = "ci/none.json"'));
    const gone = await cli(['check'], ws);
    assert.equal(gone.code, 2);
    assert.match(gone.err, /baseline ci\/none\.json \(the baseline key of pyproject\.toml\) not found/);
    edit('pyproject.toml', (t) => t.replace('baseline = "ci/none.json"', 'baseline = "/etc/accepted.json"'));
    const absolute = await cli(['check'], ws);
    assert.equal(absolute.code, 2);
    assert.match(absolute.err, /tool\.script-contracts\.baseline: "\/etc\/accepted\.json" is absolute/);
    const notWritten = await cli(['check', '--write-baseline'], ws);
    assert.equal(notWritten.code, 2);
    assert.match(notWritten.err, /the baseline was not written: fix the configuration first/);
  });

  it('a broken baseline stops the run instead of accepting nothing', async () => {
    writeFileSync(join(ws, BASELINE), '{"version": 1, "findings": {"a.py": {"r": {"e": -1}}}}');
    const r = await cli(['check'], ws);
    assert.equal(r.code, 2);
    assert.match(r.err, /cannot read the baseline \.script-contracts-baseline\.json: findings\["a\.py"\]\["r"\]\["e"\] must be a positive integer/);
    const w = await cli(['check', '--write-baseline'], ws);
    assert.equal(w.code, 2, 'nor is it overwritten: its entries would be lost');
  });

  it('usage: --write-baseline does not combine with --diff or --add-suppressions', async () => {
    assert.match((await cli(['check', '--write-baseline', '--diff', 'HEAD'], ws)).err, /cannot be combined with --diff/);
    assert.equal((await cli(['check', '--write-baseline', '--add-suppressions'], ws)).code, 2);
  });
});
