// Pure pieces of the client, run in the extension host (they import `vscode`).
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { CloseAction } from 'vscode-languageclient/node';
import { BoundedRestartErrorHandler } from '../../../client/src/errorHandler';
import { ruleIdFromArg } from '../../../client/src/rules';
import { describeStatus, type ServerStatus } from '../../../client/src/status';

const base: ServerStatus = {
  state: 'ready',
  contracts: 4,
  specs: 6,
  scripts: 5,
  files: 20,
  findings: 3,
  lastCheckMs: 41.6,
  lastCheckAt: '2025-01-02T03:04:05.000Z',
  configErrors: [],
};

suite('client units', () => {
  test('status text names contracts and specs; detail names findings and the last check', () => {
    const d = describeStatus(base);
    assert.strictEqual(d.text, 'Script Contracts: 4 contracts · 6 specs');
    assert.ok(d.detail.includes('3 findings in 20 files'), d.detail);
    assert.ok(d.detail.includes('in 42 ms'), d.detail);
    assert.strictEqual(d.error, false);
    assert.strictEqual(d.busy, false);
    assert.strictEqual(describeStatus({ ...base, contracts: 1, specs: 1 }).text, 'Script Contracts: 1 contract · 1 spec');
  });

  test('indexing spins; config errors make the item an error', () => {
    const i = describeStatus({ ...base, state: 'indexing' });
    assert.ok(i.text.startsWith('$(sync~spin)'), i.text);
    assert.ok(i.busy);
    const e = describeStatus({ ...base, configErrors: ['pyproject.toml: unknown key "fix-styl"'] });
    assert.ok(e.error);
    assert.ok(e.detail.includes('fix-styl'), e.detail);
  });

  test('rule id from a string, a diagnostic code object or a diagnostic', () => {
    assert.strictEqual(ruleIdFromArg('hardcoded-path'), 'hardcoded-path');
    assert.strictEqual(ruleIdFromArg({ value: 'path-mismatch', target: vscode.Uri.parse('file:///x') }), 'path-mismatch');
    const d = new vscode.Diagnostic(new vscode.Range(0, 0, 0, 1), 'm');
    d.code = { value: 'invalid-path', target: vscode.Uri.parse('file:///y') };
    assert.strictEqual(ruleIdFromArg(d), 'invalid-path');
    assert.strictEqual(ruleIdFromArg(undefined), undefined);
  });

  test('crash handler restarts 4 times within 3 minutes, then gives up once', () => {
    let now = 0;
    let gaveUp = 0;
    const lines: string[] = [];
    const out = { appendLine: (l: string) => lines.push(l) } as unknown as vscode.OutputChannel;
    {
      const h = new BoundedRestartErrorHandler(
        out,
        () => gaveUp++,
        { maxRestarts: 4, windowMs: 180000 },
        () => now,
      );
      for (let i = 0; i < 4; i++) {
        now += 1000;
        assert.strictEqual(h.closed().action, CloseAction.Restart, `crash ${i + 1}`);
      }
      now += 1000;
      assert.strictEqual(h.closed().action, CloseAction.DoNotRestart);
      assert.strictEqual(gaveUp, 1);
      // crashes spread over time are forgiven
      const h2 = new BoundedRestartErrorHandler(
        out,
        () => gaveUp++,
        { maxRestarts: 4, windowMs: 180000 },
        () => now,
      );
      for (let i = 0; i < 10; i++) {
        now += 60000;
        assert.strictEqual(h2.closed().action, CloseAction.Restart, `spread crash ${i + 1}`);
      }
      assert.ok(
        lines.some((l) => l.includes('will not be restarted')),
        lines.join('\n'),
      );
    }
  });
});
