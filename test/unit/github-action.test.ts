// Inside a GitHub Actions job (GITHUB_ACTIONS=true) `check` without --format writes annotations.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultFormat } from '../../server/src/cli/cli';
import { cli } from '../support/run-cli';

const EXAMPLE = join(__dirname, '..', '..', '..', 'examples', 'seed-pipeline');

describe('CLI in GitHub Actions', function () {
  this.timeout(30000);

  it('defaults to github annotations only when GITHUB_ACTIONS is "true"', () => {
    assert.equal(defaultFormat({ GITHUB_ACTIONS: 'true' }), 'github');
    assert.equal(defaultFormat({}), 'text');
    assert.equal(defaultFormat({ GITHUB_ACTIONS: 'false' }), 'text');
    assert.equal(defaultFormat({ GITHUB_ACTIONS: '' }), 'text');
  });

  describe('on the example', () => {
    let ws: string;
    let saved: string | undefined;
    beforeEach(() => {
      ws = mkdtempSync(join(tmpdir(), 'sc-gha-'));
      cpSync(EXAMPLE, ws, { recursive: true });
      saved = process.env.GITHUB_ACTIONS;
      process.env.GITHUB_ACTIONS = 'true';
    });
    afterEach(() => {
      if (saved === undefined) delete process.env.GITHUB_ACTIONS;
      else process.env.GITHUB_ACTIONS = saved;
      rmSync(ws, { recursive: true, force: true });
    });

    it('writes one annotation per finding without --format, and the exit code is unchanged', async () => {
      const r = await cli(['check', '--no-cache'], ws);
      assert.equal(r.code, 1);
      const lines = r.out.trim().split('\n');
      assert.equal(lines.length, 22);
      assert.ok(
        lines.every((l) => /^::(error|warning|notice) file=/.test(l)),
        r.out,
      );
    });

    it('an explicit --format still wins', async () => {
      const r = await cli(['check', '--no-cache', '--no-color', '--format', 'text', '--fail-on', 'off'], ws);
      assert.equal(r.code, 0);
      assert.match(r.out, /^6 errors, 8 warnings, 7 information, 1 hint in 12 files/m);
      assert.doesNotMatch(r.out, /^::/m);
    });
  });
});
