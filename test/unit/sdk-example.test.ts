// The SDK example's README table is the oracle: the CLI must print exactly those findings.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../server/src/cli/cli';
import { useTemporaryCacheDir } from '../support/cache-dir';

const ROOT = join(__dirname, '..', '..', '..');
const EXAMPLE = join(ROOT, 'examples', 'sdk-pipeline');

function oracle(): { file: string; line: number; rule: string; severity: string }[] {
  const rows = readFileSync(join(EXAMPLE, 'README.md'), 'utf8')
    .split('\n')
    .filter((l) => /^\| \d+ \|/.test(l));
  return rows.map((l) => {
    const cells = l.split('|').map((c) => c.trim().replace(/`/g, ''));
    return { file: cells[2], line: Number(cells[3]), rule: cells[4], severity: cells[5] };
  });
}

describe('the SDK pipeline example', function () {
  this.timeout(30000);
  useTemporaryCacheDir('sc-sdk-example-');

  it('reports exactly the findings of its README table', async () => {
    let out = '';
    const before = process.cwd();
    process.chdir(EXAMPLE);
    try {
      const code = await runCli(
        ['check', '--format', 'json', '--no-cache', '--fail-on', 'error'],
        (s) => (out += s),
        () => {},
      );
      assert.equal(code, 1, 'the channel-name-mismatch error fails the run');
    } finally {
      process.chdir(before);
    }
    const key = (f: { file: string; line: number; rule: string; severity: string }) => `${f.file}:${f.line} ${f.rule} ${f.severity}`;
    const actual = (JSON.parse(out) as { file: string; line: number; rule: string; severity: string }[]).map(key).sort();
    const expected = oracle().map(key).sort();
    assert.equal(expected.length, 13, 'the README lists thirteen findings');
    assert.deepEqual(actual, expected);
  });
});
