// The language server reads the baseline the CLI writes: accepted findings are
// hints whose message says "(baselined)", with a code action that edits the
// baseline file (and only it) to take the finding out; a new finding keeps its
// severity; a changed baseline file is picked up from the watcher.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SERVER, TestClient } from '../support/lsp-client';
import { applyLikeAClient, touchedUris, type WorkspaceEditLike } from '../support/workspace-edit';

const EXAMPLE = join(__dirname, '..', '..', '..', 'examples', 'seed-pipeline');
const uri = (f: string) => pathToFileURL(f).href;
const HINT = 4;

describe('language server with a baseline', function () {
  this.timeout(30000);
  let ws: string;
  let client: TestClient;
  let baselineFile: string;
  let script: string;

  before(async () => {
    ws = mkdtempSync(join(tmpdir(), 'sc-lsp-baseline-'));
    cpSync(EXAMPLE, ws, { recursive: true });
    const written = spawnSync(process.execPath, [SERVER, 'check', '--write-baseline', '--no-cache'], { cwd: ws, encoding: 'utf8' });
    assert.equal(written.status, 0, written.stderr);
    baselineFile = join(ws, '.script-contracts-baseline.json');
    script = join(ws, 'scripts', 'tabular_preprocess.py');
    client = new TestClient();
    await client.initialize(ws);
  });
  after(async () => {
    await client.stop();
    rmSync(ws, { recursive: true, force: true });
  });

  it('shows accepted findings as hints whose message says they are baselined', async () => {
    const ds = await client.until('the script diagnostics', () => client.diagnosticsOf(script));
    assert.deepEqual(ds.map((d) => d.code).sort(), ['hardcoded-path', 'unbridged-env-var', 'undeclared-channel', 'unwired-channel']);
    for (const d of ds) {
      assert.equal(d.severity, HINT, `${d.code} is a hint`);
      assert.match(d.message, /^\(baselined\) /);
    }
    const contract = await client.until('contract diagnostics', () => client.diagnosticsOf(join(ws, 'contracts', 'model_eval_contract.py')));
    assert.ok(contract.every((d) => d.severity === HINT && d.message.startsWith('(baselined) ')));
    const ready = client.statuses.filter((x) => x.state === 'ready').at(-1) as unknown as { findings: number };
    assert.equal(ready.findings, 0, 'the status counts only what the baseline does not accept');
  });

  it('a new finding in an open document keeps its severity', async () => {
    const text = readFileSync(script, 'utf8');
    const edited = text.replace('logger = logging.getLogger(__name__)\n', 'logger = logging.getLogger(__name__)\nFLAG = os.environ["BRAND_NEW_VAR"]\n');
    await client.open(script, edited, 'python', 7);
    const ds = await client.until('the edited script re-checked', () => client.published.get(uri(script))?.version === 7 && client.diagnosticsOf(script));
    const fresh = ds.find((d) => d.message.includes('BRAND_NEW_VAR'));
    assert.ok(fresh, JSON.stringify(ds.map((d) => d.message)));
    assert.equal(fresh.severity, 2, 'a warning, as the rule says');
    assert.ok(!fresh.message.startsWith('(baselined)'));
    assert.equal(ds.filter((d) => d.severity === HINT).length, 4, 'the accepted ones, moved a line down, are still accepted');
    await client.change(script, 8, [{ text }]);
    await client.until('back to the file on disk', () => client.published.get(uri(script))?.version === 8);
  });

  it('"Remove from the baseline" edits only the baseline file, taking out that one finding; saved, it is reported again', async () => {
    const ds = client.diagnosticsOf(script)!;
    const d = ds.find((x) => x.code === 'undeclared-channel')!;
    const actions = await client.request<{ title: string; kind: string; edit?: WorkspaceEditLike }[]>('textDocument/codeAction', {
      textDocument: { uri: uri(script) },
      range: d.range,
      context: { diagnostics: [d] },
    });
    const remove = actions.find((a) => a.title === 'Remove from the baseline');
    assert.ok(remove?.edit, `offered among ${actions.map((a) => a.title)}`);
    assert.equal(remove.kind, 'quickfix');
    assert.deepEqual(touchedUris(remove.edit), [uri(baselineFile)], 'the edit touches the baseline file only');
    assert.ok(
      actions.some((a) => a.title === 'Suppress undeclared-channel on this line'),
      'the suppression comment is still offered',
    );
    const before = JSON.parse(readFileSync(baselineFile, 'utf8'));
    assert.equal(before.findings['scripts/tabular_preprocess.py']['undeclared-channel'].metadata, 1);
    assert.ok(applyLikeAClient(remove.edit));
    const after = JSON.parse(readFileSync(baselineFile, 'utf8'));
    assert.equal(after.findings['scripts/tabular_preprocess.py']['undeclared-channel'], undefined, 'the entry is gone');
    assert.deepEqual(after.findings['scripts/tabular_preprocess.py']['unwired-channel'], { SIGNATURE: 1 }, 'the others stay');
    assert.equal(Object.keys(after.findings).length, Object.keys(before.findings).length);

    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri(baselineFile), type: 2 }] });
    const now = await client.until(
      'undeclared-channel reported again',
      () => client.diagnosticsOf(script)!.some((x) => x.code === 'undeclared-channel' && x.severity === 1) && client.diagnosticsOf(script),
    );
    assert.ok(!now.find((x) => x.code === 'undeclared-channel')!.message.startsWith('(baselined)'));
    assert.equal(now.filter((x) => x.severity === HINT).length, 3);
    const again = await client.request<{ title: string }[]>('textDocument/codeAction', {
      textDocument: { uri: uri(script) },
      range: d.range,
      context: { diagnostics: [now.find((x) => x.code === 'undeclared-channel')] },
    });
    assert.ok(!again.some((a) => a.title === 'Remove from the baseline'), 'not for a finding the baseline does not accept');
  });
});
