// Server state without a client: handlers run against a Session over a stub
// connection, so timing-dependent behaviour (changes that arrive while the first
// index is being built) is tested deterministically.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Connection } from 'vscode-languageserver/node';
import { didChangeWatchedFiles, replayPendingChanges } from '../../server/src/lsp/handlers/notifications/did-change-watched-files';
import { Folder } from '../../server/src/lsp/folders';
import { Session } from '../../server/src/lsp/session';

function stubConnection(): Connection {
  const noop = () => undefined;
  return {
    console: { log: noop, error: noop },
    sendDiagnostics: () => Promise.resolve(),
    sendNotification: () => Promise.resolve(),
    languages: { diagnostics: { refresh: () => Promise.resolve() } },
    window: { showWarningMessage: () => Promise.resolve(undefined), createWorkDoneProgress: () => Promise.resolve(undefined) },
  } as unknown as Connection;
}

describe('language server session', function () {
  this.timeout(30000);
  let ws: string;
  beforeEach(() => {
    ws = mkdtempSync(join(tmpdir(), 'sc-session-'));
    mkdirSync(join(ws, 'contracts'));
    mkdirSync(join(ws, 'scripts'));
    writeFileSync(
      join(ws, 'contracts', 'a_contract.py'),
      'from b import ScriptContract\nA = ScriptContract(entry_point="a.py", expected_input_paths={}, expected_output_paths={}, required_env_vars=[])\n',
    );
    writeFileSync(join(ws, 'scripts', 'a.py'), 'x = 1\n');
  });
  afterEach(() => rmSync(ws, { recursive: true, force: true }));

  it('a watched-file change that arrives while the index is built is applied once it is built', async () => {
    const s = new Session(stubConnection());
    const folder = new Folder(ws);
    s.folders.push(folder);
    let release!: () => void;
    folder.indexing = new Promise<void>((r) => (release = r)); // the first index is running
    rmSync(join(ws, 'scripts', 'a.py'));
    await didChangeWatchedFiles(s, { changes: [{ uri: pathToFileURL(join(ws, 'scripts', 'a.py')).href, type: 3 }] });
    assert.equal(s.pendingChanges.get(folder)?.length, 1, 'kept for later, not dropped');
    // The index had listed a.py before it was deleted: it holds it as "disappeared".
    writeFileSync(join(ws, 'scripts', 'a.py'), 'x = 1\n');
    folder.indexing = undefined;
    release();
    await folder.index();
    rmSync(join(ws, 'scripts', 'a.py'));
    assert.ok(folder.project.files.has(join(ws, 'scripts', 'a.py')), 'the index read it');
    await replayPendingChanges(s, folder);
    assert.equal(folder.project.files.has(join(ws, 'scripts', 'a.py')), false);
    const rules = folder.project.check(join(ws, 'contracts', 'a_contract.py')).map((f) => f.rule);
    assert.ok(rules.includes('missing-script'), rules.join(' '));
  });

  it('reads the baseline only inside the folder: a link to a file outside is not followed', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'sc-session-outside-'));
    try {
      const accepted = '{"version": 1, "findings": {"contracts/a_contract.py": {"missing-script": {"a.py": 1}}}}\n';
      writeFileSync(join(outside, 'accepted.json'), accepted);
      symlinkSync(join(outside, 'accepted.json'), join(ws, '.script-contracts-baseline.json'));
      rmSync(join(ws, 'scripts', 'a.py'));
      const s = new Session(stubConnection());
      const folder = new Folder(ws);
      s.folders.push(folder);
      await folder.index();
      folder.indexed = true;
      assert.equal(folder.baseline, undefined);
      assert.match(folder.baselineProblem ?? '', /outside the workspace folder/);
      assert.deepEqual(
        s.findingsFor(join(ws, 'contracts', 'a_contract.py')).map((f) => [f.rule, f.baselined]),
        [['missing-script', undefined]],
      );
      // The same file inside the folder is read, and its finding accepted.
      rmSync(join(ws, '.script-contracts-baseline.json'));
      writeFileSync(join(ws, '.script-contracts-baseline.json'), accepted);
      folder.loadBaseline();
      assert.deepEqual(
        s.findingsFor(join(ws, 'contracts', 'a_contract.py')).map((f) => [f.rule, f.baselined]),
        [['missing-script', true]],
      );
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
