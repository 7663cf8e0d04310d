// What the CLI, README and docs say about themselves agrees with what they do.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../support/run-cli';

const ROOT = join(__dirname, '..', '..', '..');
const read = (f: string) => readFileSync(join(ROOT, f), 'utf8');

describe('CLI help and docs', function () {
  this.timeout(30000);

  it('an unknown rule id suggests the closest one', async () => {
    const r = await cli(['rule', 'hardcoded-pth'], ROOT);
    assert.equal(r.code, 2);
    assert.match(r.err, /unknown rule "hardcoded-pth" \(did you mean "hardcoded-path"\?\)/);
    const far = await cli(['rule', 'completely-unrelated-words'], ROOT);
    assert.equal(far.code, 2);
    assert.doesNotMatch(far.err, /did you mean/);
  });

  it('--fail-on hint is in the usage text, the docs and the error message, and fails on a hint', async () => {
    const usage = (await cli(['--help'], ROOT)).out;
    assert.match(usage, /--fail-on error\|warning\|information\|hint\|off/);
    assert.match(read('docs/configuration.md'), /`--fail-on`[\s\S]{0,400}`hint`/);
    assert.match(read('README.md'), /--fail-on error\|warning\|information\|hint\|off/);
    const bad = await cli(['check', '--fail-on', 'notice'], ROOT);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--fail-on takes error, warning, information, hint or off/);
    // a workspace whose only finding is a hint: it fails at --fail-on hint and passes at information
    const ws = mkdtempSync(join(tmpdir(), 'sc-hint-'));
    try {
      writeFileSync(join(ws, 'script-contracts.toml'), '');
      writeFileSync(join(ws, 'a.py'), 'x = 1  # script-contracts: ignore[hardcoded-path]\n');
      const json = JSON.parse((await cli(['check', '--format', 'json', '--fail-on', 'off', '--no-cache'], ws)).out) as { severity: string }[];
      assert.deepEqual(
        json.map((f) => f.severity),
        ['hint'],
      );
      assert.equal((await cli(['check', '--fail-on', 'information', '--no-cache'], ws)).code, 0);
      assert.equal((await cli(['check', '--fail-on', 'hint', '--no-cache'], ws)).code, 1);
    } finally {
      rmSync(ws, { recursive: true, force: true });
    }
  });

  it('the README names the extension commands as package.json titles them', () => {
    const titles = (JSON.parse(read('package.json')).contributes.commands as { title: string }[]).map((c) => c.title);
    const line = /^Commands: ([\s\S]*?)\. The extension/m.exec(read('README.md'));
    assert.ok(line, 'README has a Commands: line');
    const named = [...line[1].matchAll(/\*([^*]+)\*/g)].map((m) => m[1].replace(/\s+/g, ' '));
    assert.deepEqual(named.sort(), [...titles].sort());
  });

  it('the adoption options are in the usage text and the README, the baseline key in configuration.md', async () => {
    const usage = (await cli(['--help'], ROOT)).out;
    const readme = read('README.md');
    for (const flag of ['--diff BASE', '--baseline FILE', '--write-baseline', '--fail-on-stale-baseline', '--add-suppressions']) {
      assert.ok(usage.includes(flag), `usage names ${flag}`);
      assert.ok(readme.includes(flag.split(' ')[0]), `README names ${flag}`);
    }
    assert.match(read('docs/configuration.md'), /^\| `baseline` \| file name \|/m);
  });
});
