// Pull diagnostics against a Session over a stub connection, where what the
// server checked can be counted: result ids, reports left out when unchanged, a
// workspace pull held open until something changes, status counts from the
// reports already made.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource, type Connection } from 'vscode-languageserver/node';
import { documentDiagnostic } from '../../server/src/lsp/handlers/requests/document-diagnostic';
import { workspaceDiagnostic } from '../../server/src/lsp/handlers/requests/workspace-diagnostic';
import { Folder } from '../../server/src/lsp/folders';
import { Session } from '../../server/src/lsp/session';

const EXAMPLE = join(__dirname, '..', '..', '..', 'examples', 'seed-pipeline');
const uri = (f: string) => pathToFileURL(f).href;
const settle = () => new Promise((r) => setImmediate(r));

function stubConnection(sent: { method: string; params: unknown }[]): Connection {
  const noop = () => undefined;
  return {
    console: { log: noop, error: noop },
    sendDiagnostics: () => Promise.resolve(),
    sendNotification: (method: string, params: unknown) => {
      sent.push({ method, params });
      return Promise.resolve();
    },
    languages: { diagnostics: { refresh: () => Promise.resolve() } },
    window: { createWorkDoneProgress: () => Promise.resolve(undefined) },
  } as unknown as Connection;
}

describe('pull diagnostics (session)', function () {
  this.timeout(30000);
  let ws: string;
  let s: Session;
  let folder: Folder;
  let sent: { method: string; params: unknown }[];

  beforeEach(async () => {
    ws = mkdtempSync(join(tmpdir(), 'sc-pull-'));
    cpSync(EXAMPLE, ws, { recursive: true });
    sent = [];
    s = new Session(stubConnection(sent));
    s.caps.pull = true;
    folder = new Folder(ws);
    s.folders.push(folder);
    await s.indexFolder(folder);
  });
  afterEach(() => rmSync(ws, { recursive: true, force: true }));

  it('a pull with nothing changed checks no file and is held until a change; the status counts checked nothing more', async () => {
    const first = await workspaceDiagnostic(s, { previousResultIds: [] });
    const files = folder.project.files.size;
    assert.equal(s.diagnostics.checks, files, 'each file checked once');
    assert.ok(first.items.length >= 8 && first.items.every((i) => i.kind === 'full' && i.resultId && i.items.length), 'files with findings, with result ids');
    s.sendStatus('ready');
    const status = sent.filter((m) => m.method === 'scriptContracts/status').pop()!.params as { findings: number };
    assert.equal(status.findings, 22, "the example's 22 planted findings");
    assert.equal(s.diagnostics.checks, files, 'the status counted the reports already made');

    const ids = first.items.map((i) => ({ uri: i.uri, value: (i as { resultId: string }).resultId }));
    let answer: Awaited<ReturnType<typeof workspaceDiagnostic>> | undefined;
    const held = workspaceDiagnostic(s, { previousResultIds: ids }).then((r) => (answer = r));
    await settle();
    assert.equal(answer, undefined, 'nothing changed: the pull is held open');
    assert.equal(s.diagnostics.waiting, 1);
    assert.equal(s.diagnostics.checks, files, 'and it checked nothing');

    // A change that leaves every finding as it was wakes it, and it goes on waiting.
    const payload = join(ws, 'scripts', 'mims_payload.py');
    writeFileSync(payload, `${readFileSync(payload, 'utf8')}\n# a comment\n`);
    s.publish(folder.updateFromDisk(payload));
    await settle();
    assert.equal(answer, undefined, 'same findings: still held');
    const rechecked = s.diagnostics.checks - files;
    assert.ok(rechecked >= 1 && rechecked < 5, `only the changed file and its contract were checked again (${rechecked})`);

    // A change that fixes a finding answers it: that file, and the others checked again and found the same.
    writeFileSync(payload, readFileSync(payload, 'utf8').replace('/opt/ml/processing/payloads', '/opt/ml/processing/output'));
    s.publish(folder.updateFromDisk(payload));
    await held;
    const full = answer!.items.filter((i) => i.kind === 'full');
    assert.deepEqual(
      full.map((i) => [i.uri, i.items.length]),
      [[uri(payload), 0]],
    );
    assert.ok(
      answer!.items.every((i) => i.kind === 'full' || i.resultId),
      'unchanged reports carry their result id',
    );
  });

  it('a held pull is answered when cancelled, and at shutdown', async () => {
    const first = await workspaceDiagnostic(s, { previousResultIds: [] });
    const ids = first.items.map((i) => ({ uri: i.uri, value: (i as { resultId: string }).resultId }));
    const cancel = new CancellationTokenSource();
    const cancelled = workspaceDiagnostic(s, { previousResultIds: ids }, cancel.token);
    await settle();
    cancel.cancel();
    assert.deepEqual(await cancelled, { items: [] });
    assert.equal(s.diagnostics.waiting, 0);
    const atShutdown = workspaceDiagnostic(s, { previousResultIds: ids });
    await settle();
    s.shuttingDown = true;
    s.diagnostics.moved();
    assert.deepEqual(await atShutdown, { items: [] });
  });

  it('a document pull answers unchanged for the result id the client holds, and a file the client holds that is gone is cleared', async () => {
    const payload = join(ws, 'scripts', 'mims_payload.py');
    const a = documentDiagnostic(s, { textDocument: { uri: uri(payload) } });
    assert.equal(a.kind, 'full');
    const b = documentDiagnostic(s, { textDocument: { uri: uri(payload) }, previousResultId: a.resultId });
    assert.deepEqual(b, { kind: 'unchanged', resultId: a.resultId });
    const first = await workspaceDiagnostic(s, { previousResultIds: [] });
    const ids = first.items.map((i) => ({ uri: i.uri, value: (i as { resultId: string }).resultId }));
    rmSync(payload);
    s.publish(folder.remove(payload));
    s.unpublish(payload);
    const r = await workspaceDiagnostic(s, { previousResultIds: ids });
    const cleared = r.items.find((i) => i.uri === uri(payload));
    assert.deepEqual(cleared, { kind: 'full', uri: uri(payload), version: null, items: [] }, 'no result id: the client stops asking');
  });

  it('a folder whose index failed does not hold every workspace pull forever', async () => {
    const other = mkdtempSync(join(tmpdir(), 'sc-pull-broken-'));
    after(() => rmSync(other, { recursive: true, force: true }));
    const broken = new Folder(other);
    broken.index = () => Promise.reject(new Error('the disk went away'));
    s.folders.push(broken);
    await assert.rejects(s.indexFolder(broken), /the disk went away/);
    const r = await workspaceDiagnostic(s, { previousResultIds: [] });
    assert.ok(r.items.length >= 8, 'the indexed folder is reported');
  });
});
