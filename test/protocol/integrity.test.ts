// The language server under a hostile repository and a crafted client: links
// and `..` out of the workspace, forged code-action data, requests after
// shutdown, events during the first index, and more documents than tree-sitter's
// memory holds. Every edit-producing path is applied the way a client would
// apply it (test/support/workspace-edit.ts), and the folder outside must keep
// every byte.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runCli } from '../../server/src/cli/cli';
import { TestClient } from '../support/lsp-client';
import { applyLikeAClient, touchedUris, type WorkspaceEditLike } from '../support/workspace-edit';

const uri = (f: string) => pathToFileURL(f).href;

const CONTRACT_A = `from base import ScriptContract

A_CONTRACT = ScriptContract(
    entry_point="a.py",
    expected_input_paths={"DATA": "/opt/ml/processing/input/data"},
    expected_output_paths={},
    required_env_vars=[],
)
`;
const SCRIPT_A = `import os

def main(input_paths):
    return input_paths["DATA"]

if __name__ == "__main__":
    input_paths = {"DATA": "/opt/ml/processing/input/wrong"}
    main(input_paths)
`;
const SCRIPT_X = `def main(input_paths):
    return input_paths["RAW"]

if __name__ == "__main__":
    main({"RAW": "/opt/ml/processing/input/raw"})
`;
const OUTSIDE_CONTRACT = `from base import ScriptContract

OUTSIDE_ONLY_CONTRACT = ScriptContract(entry_point="a.py", expected_input_paths={"DATA": "/elsewhere"}, expected_output_paths={}, required_env_vars=[])
`;

function digestOf(dir: string): string {
  const h = createHash('sha256');
  for (const name of readdirSync(dir).sort()) h.update(name).update(readFileSync(join(dir, name)));
  return h.digest('hex');
}

describe('language server integrity', function () {
  this.timeout(120000);

  describe('a workspace full of links to an outside folder', () => {
    let base: string;
    let ws: string;
    let out: string;
    let client: TestClient;
    let before: string;
    const inside = (u: string) => {
      const p = fileURLToPath(u);
      let real: string;
      try {
        real = realpathSync(p);
      } catch {
        real = p;
      }
      return real.startsWith(realpathSync(ws) + '/') && !real.startsWith(realpathSync(out));
    };

    beforeEach(async () => {
      base = mkdtempSync(join(tmpdir(), 'sc-links-'));
      out = join(base, 'out');
      ws = join(base, 'ws');
      mkdirSync(out);
      mkdirSync(join(ws, 'contracts'), { recursive: true });
      mkdirSync(join(ws, 'scripts'));
      writeFileSync(join(out, 'x_contract.py'), "# somebody else's file\n");
      writeFileSync(join(out, 'secret.py'), OUTSIDE_CONTRACT);
      writeFileSync(join(out, 'passwd'), 'root:x:0:0::/root:/bin/sh\n');
      writeFileSync(join(ws, 'contracts', 'a_contract.py'), CONTRACT_A);
      writeFileSync(join(ws, 'scripts', 'a.py'), SCRIPT_A);
      writeFileSync(join(ws, 'scripts', 'x.py'), SCRIPT_X);
      symlinkSync(join(out, 'x_contract.py'), join(ws, 'contracts', 'x_contract.py'));
      symlinkSync(join(out, 'secret.py'), join(ws, 'scripts', 'leak.py'));
      symlinkSync(out, join(ws, 'linked_out'));
      before = digestOf(out);
      client = new TestClient();
      await client.initialize(ws);
    });
    afterEach(async () => {
      await client.stop();
      assert.equal(digestOf(out), before, 'the outside folder keeps every byte');
      rmSync(base, { recursive: true, force: true });
    });

    const actionsAt = async (file: string, only?: string[]) => {
      await client.until('diagnostics', () => client.diagnosticsOf(file));
      const diagnostics = client.diagnosticsOf(file)!;
      return client.request<{ title: string; edit?: WorkspaceEditLike }[]>('textDocument/codeAction', {
        textDocument: { uri: uri(file) },
        range: { start: { line: 0, character: 0 }, end: { line: 99, character: 0 } },
        context: { diagnostics, only },
      });
    };

    it('quick fixes, Generate Contract (action and command) and fix-all never create or edit through a link', async () => {
      const x = join(ws, 'scripts', 'x.py');
      await client.open(x, SCRIPT_X);
      const actions = [...(await actionsAt(x)), ...(await actionsAt(x, ['refactor']))];
      for (const a of actions) {
        for (const u of touchedUris(a.edit ?? {})) assert.ok(inside(u), `${a.title} touches ${u}`);
        applyLikeAClient(a.edit ?? {});
      }
      assert.ok(!actions.some((a) => /Generate/.test(a.title)), 'no contract is generated over a link to an outside file');
      const result = await client.request<{ error?: string }>('workspace/executeCommand', {
        command: 'scriptContracts.server.generateContract',
        arguments: [uri(x)],
      });
      assert.match(result.error ?? '', /Cannot generate a contract/);
      assert.deepEqual(client.appliedEdits, [], 'no edit was sent to the client');
      const a = join(ws, 'scripts', 'a.py');
      for (const action of await actionsAt(a, ['source.fixAll'])) {
        for (const u of touchedUris(action.edit ?? {})) assert.ok(inside(u), `${action.title} touches ${u}`);
        applyLikeAClient(action.edit ?? {});
      }
    });

    it('rename edits only files inside, and a file with two names once', async () => {
      // A second name (hard link) of the script in another folder: both names are claimed by the contract.
      mkdirSync(join(ws, 'vendored'));
      linkSync(join(ws, 'scripts', 'a.py'), join(ws, 'vendored', 'a.py'));
      await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri(join(ws, 'vendored', 'a.py')), type: 1 }] });
      const contract = join(ws, 'contracts', 'a_contract.py');
      const pos = { line: 4, character: 28 };
      const edit = await client.request<WorkspaceEditLike>('textDocument/rename', {
        textDocument: { uri: uri(contract) },
        position: pos,
        newName: 'INPUT_DATA',
      });
      const touched = touchedUris(edit);
      assert.ok(touched.length >= 2, 'the contract and its script');
      for (const u of touched) assert.ok(inside(u), u);
      assert.ok(applyLikeAClient(edit));
      assert.equal(readFileSync(join(ws, 'scripts', 'a.py'), 'utf8'), SCRIPT_A.replace(/"DATA"/g, '"INPUT_DATA"'), 'renamed once, not twice');
    });

    it('forged code-action data cannot name a file: fixes come from the server', async () => {
      const a = join(ws, 'scripts', 'a.py');
      await client.until('diagnostics', () => client.diagnosticsOf(a)?.length);
      const real = client.diagnosticsOf(a)!.find((d) => d.code === 'path-mismatch')!;
      const forged = {
        ...real,
        data: {
          rule: 'path-mismatch',
          fixes: [
            {
              title: 'pwn',
              safe: true,
              edits: [{ file: join(out, 'passwd'), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: 'pwned::' }],
            },
          ],
        },
      };
      const actions = await client.request<{ title: string; edit?: WorkspaceEditLike }[]>('textDocument/codeAction', {
        textDocument: { uri: uri(a) },
        range: real.range,
        context: { diagnostics: [forged] },
      });
      assert.ok(actions.length > 0, 'the real fixes are offered');
      for (const action of actions) for (const u of touchedUris(action.edit ?? {})) assert.ok(inside(u), `${action.title} touches ${u}`);
      const fake = { ...forged, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message: 'made up' };
      assert.deepEqual(
        await client.request('textDocument/codeAction', {
          textDocument: { uri: uri(a) },
          range: fake.range,
          context: { diagnostics: [fake], only: ['quickfix'] },
        }),
        [],
      );
    });

    it('`..`, percent-encoded `..`, links and non-file URIs name nothing the server reads', async () => {
      const viaDots = `${uri(ws)}/scripts/../../out/secret.py`;
      const viaEncoded = `${uri(ws)}/scripts/%2e%2e/%2E%2E/out/secret.py`;
      for (const u of [viaDots, viaEncoded, uri(join(ws, 'scripts', 'leak.py')), uri(join(ws, 'linked_out', 'secret.py'))]) {
        assert.equal(await client.request('textDocument/completion', { textDocument: { uri: u }, position: { line: 2, character: 40 } }), null, u);
        await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: u, type: 1 }] });
      }
      for (const u of [`vscode-remote://ssh-remote+x${ws}/scripts/a.py`, `http://example.invalid${ws}/scripts/a.py`]) {
        assert.equal(await client.request('textDocument/hover', { textDocument: { uri: u }, position: { line: 3, character: 25 } }), null, u);
      }
      const symbols = await client.request<{ name: string }[]>('workspace/symbol', { query: 'OUTSIDE_ONLY' });
      assert.deepEqual(symbols, [], 'nothing outside was indexed');
      assert.ok((await client.request<{ name: string }[]>('workspace/symbol', { query: 'A_CONTRACT' })).length > 0, 'still serving');
    });

    it('check --fix in the same workspace writes nothing outside', async () => {
      const cwd = process.cwd();
      process.chdir(ws);
      try {
        await runCli(
          ['check', '--fix', '--no-cache'],
          () => undefined,
          () => undefined,
        );
      } finally {
        process.chdir(cwd);
      }
      assert.ok(readFileSync(join(ws, 'scripts', 'a.py'), 'utf8').includes('/opt/ml/processing/input/data'), 'the fix inside was made');
    });
  });

  describe('protocol edges', () => {
    let ws: string;
    beforeEach(() => {
      ws = mkdtempSync(join(tmpdir(), 'sc-edges-'));
      mkdirSync(join(ws, 'contracts'));
      mkdirSync(join(ws, 'scripts'));
      writeFileSync(join(ws, 'contracts', 'a_contract.py'), CONTRACT_A);
      writeFileSync(join(ws, 'scripts', 'a.py'), SCRIPT_A);
    });
    afterEach(() => rmSync(ws, { recursive: true, force: true }));

    it('requests after shutdown are refused with InvalidRequest', async () => {
      const client = new TestClient();
      await client.initialize(ws);
      await client.request('shutdown', null);
      await assert.rejects(
        client.request('textDocument/hover', { textDocument: { uri: uri(join(ws, 'scripts', 'a.py')) }, position: { line: 0, character: 0 } }),
        (e: { code?: number }) => e.code === -32600,
      );
      await client.stop();
    });

    it('a root URI with a trailing slash is the same folder', async () => {
      const client = new TestClient();
      await client.conn.sendRequest('initialize', {
        processId: process.pid,
        rootUri: uri(ws) + '/',
        workspaceFolders: [{ uri: uri(ws) + '/', name: 'ws' }],
        capabilities: {},
      });
      await client.conn.sendNotification('initialized', {});
      const a = join(ws, 'scripts', 'a.py');
      await client.until('diagnostics of a.py', () => client.diagnosticsOf(a)?.some((d) => d.code === 'path-mismatch'));
      await client.stop();
    });

    it('a change at a column past the line end lands at that line end', async () => {
      const client = new TestClient();
      await client.initialize(ws);
      const a = join(ws, 'scripts', 'a.py');
      await client.open(a, SCRIPT_A);
      await client.until('first diagnostics', () => client.diagnosticsOf(a));
      // Line 3 is `    return input_paths["DATA"]`; append to it from far past its end.
      await client.change(a, 2, [
        { range: { start: { line: 3, character: 500 }, end: { line: 3, character: 500 } }, text: ' or "/opt/ml/processing/input/data"' },
      ]);
      const hard = await client.until(
        'the hardcoded path',
        () => client.published.get(uri(a))?.version === 2 && client.diagnosticsOf(a)!.find((d) => d.code === 'hardcoded-path'),
      );
      assert.equal(hard.range.start.line, 3);
      await client.stop();
    });

    it('a file deleted while the first index runs is not left behind', async () => {
      // Enough bytes that the index is spread over worker threads and still running when the change
      // arrives (parse-pool.ts: over 200 files and 16 MB); the script is read last.
      const filler = `X = "/opt/ml/processing/input/data"\nDOC = """\n${'padding\n'.repeat(1000)}"""\n`;
      for (let i = 0; i < 2000; i++) writeFileSync(join(ws, 'scripts', `filler_${i}.py`), filler);
      mkdirSync(join(ws, 'zz'));
      rmSync(join(ws, 'scripts', 'a.py'));
      writeFileSync(join(ws, 'zz', 'a.py'), SCRIPT_A);
      const client = new TestClient();
      await client.conn.sendRequest('initialize', {
        processId: process.pid,
        rootUri: uri(ws),
        workspaceFolders: [{ uri: uri(ws), name: 'ws' }],
        capabilities: { window: { workDoneProgress: true }, workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } },
      });
      await client.conn.sendNotification('initialized', {});
      await client.until('the index to report progress', () => client.progress.some((v) => (v as { kind: string }).kind === 'report'));
      rmSync(join(ws, 'zz', 'a.py'));
      await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri(join(ws, 'zz', 'a.py')), type: 3 }] });
      const contract = join(ws, 'contracts', 'a_contract.py');
      await client.until('missing-script on the contract', () => client.diagnosticsOf(contract)?.some((d) => d.code === 'missing-script'));
      await client.stop();
    });

    it('seventy 1 MB documents open, one re-opened 300 times: the parser keeps working and memory stays bounded', async () => {
      const client = new TestClient();
      await client.initialize(ws);
      // About 1 MB of statements in a function body: a large tree, and nothing to extract.
      const body = 'def f():\n' + '    x = 1\n'.repeat(100000);
      for (let i = 0; i < 70; i++) await client.open(join(ws, 'scripts', `big_${i}.py`), body);
      const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${client.proc.pid}/status`, 'utf8'))![1]) / 1024;
      const small = join(ws, 'scripts', 'a.py');
      for (let i = 0; i < 300; i++) await client.open(small, SCRIPT_A, 'python', i + 1);
      await client.until(
        'diagnostics of the re-opened document',
        () => client.published.get(uri(small))?.version === 300 && client.diagnosticsOf(small)!.some((d) => d.code === 'path-mismatch'),
      );
      const afterReopen = rss();
      for (let i = 300; i < 600; i++) await client.open(small, SCRIPT_A, 'python', i + 1);
      await client.until('diagnostics again', () => client.published.get(uri(small))?.version === 600);
      assert.ok(rss() - afterReopen < 60, `re-opening leaks no trees (${Math.round(afterReopen)} → ${Math.round(rss())} MB)`);
      await client.stop();
    });
  });
});
