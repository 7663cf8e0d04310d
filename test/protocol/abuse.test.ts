// Protocol abuse and load: garbage on the wire, unknown methods, stale and
// out-of-range requests, thousands of rapid edits with interleaved requests and
// cancellations. The server must keep answering, end with the diagnostics a
// fresh check gives for the final text, keep its memory on a plateau, and
// never start a process.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import { loadProject } from '../../server/src/host/loader';
import { TestClient } from '../support/lsp-client';

const EXAMPLE = join(__dirname, '..', '..', '..', 'examples', 'seed-pipeline');
const EDITS = Number(process.env.SOAK_EDITS ?? 10000);
const uri = (f: string) => pathToFileURL(f).href;

function rssKb(pid: number): number {
  const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : 0;
}

function childrenOf(pid: number): string[] {
  const out: string[] = [];
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      out.push(...readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean));
    } catch {
      // a thread that ended meanwhile
    }
  }
  return out;
}

describe('language server under abuse', function () {
  this.timeout(300000);
  let ws: string;
  let client: TestClient;
  const marker = join(tmpdir(), `sc-pwned-${process.pid}`);

  before(async () => {
    ws = mkdtempSync(join(tmpdir(), 'sc-abuse-'));
    cpSync(EXAMPLE, ws, { recursive: true });
    // Files that would do something if anything ever ran them.
    const evil = `import os, subprocess\nos.system("touch ${marker}")\nsubprocess.run(["touch", "${marker}"])\n__import__("os").system("touch ${marker}")\n`;
    writeFileSync(join(ws, 'setup.py'), evil);
    writeFileSync(join(ws, 'conftest.py'), evil);
    writeFileSync(join(ws, 'scripts', 'sitecustomize.py'), evil);
    writeFileSync(join(ws, 'evil.step.yaml'), `contract:\n  entry_point: !!python/object/apply:os.system ["touch ${marker}"]\n`);
    client = new TestClient();
    await client.initialize(ws);
  });
  after(async () => {
    await client.stop();
    rmSync(ws, { recursive: true, force: true });
    rmSync(marker, { force: true });
  });

  it('never starts a process or runs workspace code while indexing and checking', async () => {
    await client.request('workspace/executeCommand', { command: 'scriptContracts.server.checkWorkspace', arguments: [] });
    assert.deepEqual(childrenOf(client.proc.pid!), []);
    assert.equal(existsSync(marker), false);
  });

  it('keeps serving after malformed JSON, unknown methods and bad params', async () => {
    const garbage = '{"jsonrpc":"2.0","id":99,"method":';
    client.proc.stdin!.write(`Content-Length: ${Buffer.byteLength(garbage)}\r\n\r\n${garbage}`);
    await assert.rejects(client.request('made/up', {}), /Unhandled method/);
    const script = join(ws, 'scripts', 'tabular_preprocess.py');
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri: uri(script) }, position: { line: -5, character: 1e9 } }), null);
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri: 'not a uri' }, position: { line: 0, character: 0 } }), null);
    assert.deepEqual(
      await client.request('textDocument/codeAction', {
        textDocument: { uri: uri(join(ws, 'deleted.py')) },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        context: { diagnostics: [] },
      }),
      [],
    );
    await client.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri: uri(join(ws, 'never-opened.py')), version: 3 },
      contentChanges: [{ text: 'x' }],
    });
    const symbols = await client.request('workspace/symbol', { query: 'CONTRACT' });
    assert.ok(symbols.length > 0, 'still serving');
  });

  it(`survives ${EDITS} rapid edits with interleaved requests and cancellations, ends consistent, memory on a plateau`, async () => {
    const script = join(ws, 'scripts', 'tabular_preprocess.py');
    let text = readFileSync(script, 'utf8');
    await client.open(script, text);
    const lines = () => text.split('\n');
    const anchor = lines().findIndex((l) => l.includes('df = combine_shards(input_paths["DATA"])'));
    let version = 1;
    const samples: number[] = [];
    const pending: Promise<unknown>[] = [];
    let cancelled = 0;
    // Type and delete inside main(): a comment that grows and shrinks, and a channel read that flips
    // between declared and undeclared names.
    const typed = '    x = input_paths["METADATA"]  # note';
    for (let i = 0; i < EDITS; i++) {
      const ls = lines();
      let change: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string };
      if (i % 2 === 0) {
        const ch = typed[(i / 2) % typed.length];
        const line = anchor + 1;
        const col = (ls[line] ?? '').length;
        change = { range: { start: { line, character: col }, end: { line, character: col } }, text: (i / 2) % typed.length === 0 ? '\n' + ch : ch };
      } else if (i % 10 === 1 && (ls[anchor + 2] ?? '').length > 4) {
        const line = anchor + 2;
        const col = ls[line].length;
        change = { range: { start: { line, character: col - 1 }, end: { line, character: col } }, text: '' };
      } else {
        const line = anchor;
        const col = ls[line].length;
        change = { range: { start: { line, character: col }, end: { line, character: col } }, text: ' ' };
      }
      // Keep our own copy of the text in step, as an editor would.
      const all = text.split('\n');
      const l = all[change.range.start.line] ?? '';
      all[change.range.start.line] = l.slice(0, change.range.start.character) + change.text + l.slice(change.range.end.character);
      text = all.join('\n');
      void client.change(script, ++version, [change]);
      if (i % 97 === 0) {
        const src = new CancellationTokenSource();
        const req = client.conn
          .sendRequest('textDocument/completion', { textDocument: { uri: uri(script) }, position: { line: anchor, character: 10 } }, src.token)
          .catch(() => undefined);
        if (i % 2 === 0) {
          src.cancel();
          cancelled++;
        }
        pending.push(req);
      }
      if (i % 101 === 0)
        pending.push(
          client.request('textDocument/hover', { textDocument: { uri: uri(script) }, position: { line: anchor, character: 25 } }).catch(() => undefined),
        );
      if (i % 103 === 0)
        pending.push(
          client
            .request('textDocument/codeAction', {
              textDocument: { uri: uri(script) },
              range: { start: { line: anchor, character: 0 }, end: { line: anchor, character: 1 } },
              context: { diagnostics: [] },
            })
            .catch(() => undefined),
        );
      if (i % 500 === 0) {
        await Promise.all(pending.splice(0));
        samples.push(rssKb(client.proc.pid!));
      }
    }
    await Promise.all(pending);
    const published = await client.until(
      'diagnostics of the last version',
      () => client.published.get(uri(script))?.version === version && client.published.get(uri(script)),
      60000,
    );
    samples.push(rssKb(client.proc.pid!));

    // The same text, checked from scratch by the core.
    const fresh = mkdtempSync(join(tmpdir(), 'sc-fresh-'));
    try {
      cpSync(ws, fresh, { recursive: true });
      writeFileSync(join(fresh, 'scripts', 'tabular_preprocess.py'), text);
      const { project } = await loadProject(fresh, { cache: false });
      const expected = project
        .check(join(fresh, 'scripts', 'tabular_preprocess.py'))
        .map((f) => `${f.range.start.line}:${f.range.start.character}:${f.rule}`)
        .sort();
      const actual = published.diagnostics.map((d) => `${d.range.start.line}:${d.range.start.character}:${d.code}`).sort();
      assert.deepEqual(actual, expected);
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
    const early = samples[Math.min(2, samples.length - 1)];
    const last = samples[samples.length - 1];
    console.log(`      soak: ${EDITS} edits, ${cancelled} cancelled completions; RSS KB samples every 500 edits: ${samples.join(' ')}`);
    assert.ok(last < early + 150 * 1024, `memory plateau: ${early} KB after 1,000 edits, ${last} KB at the end`);
  });
});
