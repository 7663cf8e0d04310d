// Protocol conformance for clients other than VS Code: what a plain LSP client
// (no file watchers, no workspace/configuration, no custom notifications, pull
// or push diagnostics) can rely on. Each case names the server behaviour it
// guards; each failed against the build before its fix (SC_TEST_SERVER).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import { SERVER, TestClient } from '../support/lsp-client';

const EXAMPLE = join(__dirname, '..', '..', '..', 'examples', 'seed-pipeline');

function copyExample(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sc-conf-'));
  cpSync(EXAMPLE, dir, { recursive: true });
  return dir;
}

const uri = (f: string) => pathToFileURL(f).href;
const codes = (ds: { code: string }[] | undefined) => (ds ?? []).map((d) => d.code).sort();

describe('protocol conformance', function () {
  this.timeout(30000);
  let ws: string;
  let client: TestClient;

  afterEach(async () => {
    await client?.stop();
    if (ws) rmSync(ws, { recursive: true, force: true });
  });

  describe('messages', () => {
    it('a configuration error is a window/showMessage notification, never a window/showMessageRequest', async () => {
      ws = copyExample();
      const pyproject = join(ws, 'pyproject.toml');
      writeFileSync(pyproject, readFileSync(pyproject, 'utf8').replace('fix-style = "dict"', 'fix-style = 42'));
      client = new TestClient();
      await client.initialize(ws);
      await client.until('a message about the configuration error', () => client.messages.find((m) => m.includes('configuration error')));
      await client.until('the config-error diagnostic', () => codes(client.diagnosticsOf(pyproject)).includes('config-error'));
      assert.deepEqual(client.messageRequests, [], 'no window/showMessageRequest');
    });
  });

  describe('changes on disk, with a client that registers no file watchers', () => {
    const TRAIN = `import argparse

def main(input_paths, output_paths):
    return input_paths["input_path"], output_paths["model_output"]
`;
    let contract: string;
    let script: string;
    let xgbContract: string;

    beforeEach(async () => {
      ws = copyExample();
      writeFileSync(join(ws, '.gitignore'), 'generated/\n');
      mkdirSync(join(ws, 'generated'));
      contract = join(ws, 'contracts', 'tabular_preprocess_contract.py');
      script = join(ws, 'scripts', 'tabular_preprocess.py');
      xgbContract = join(ws, 'contracts', 'xgboost_train_contract.py');
      client = new TestClient();
      // No workspace.didChangeWatchedFiles capability at all, as Neovim 0.7 initializes.
      await client.initialize(ws, {});
      await client.until('the closed script diagnostics', () => codes(client.diagnosticsOf(script)).includes('undeclared-channel'));
    });

    it('a contract edited on disk re-checks its closed script', async () => {
      writeFileSync(contract, readFileSync(contract, 'utf8').replace('"METADATA"', '"metadata"'));
      await client.until('undeclared-channel gone after the disk edit', () => !codes(client.diagnosticsOf(script)).includes('undeclared-channel'));
    });

    it('a baseline written by the CLI applies: the accepted findings become hints', async () => {
      const written = spawnSync(process.execPath, [SERVER, 'check', '--write-baseline', '--no-cache'], { cwd: ws, encoding: 'utf8' });
      assert.equal(written.status, 0, written.stderr);
      await client.until('the script findings baselined', () => client.diagnosticsOf(script)?.every((d) => d.message.startsWith('(baselined) ')));
    });

    it('a script written in a new folder is read, and deleting the folder forgets it; a gitignored folder is not watched', async () => {
      assert.ok(codes(client.diagnosticsOf(xgbContract)).includes('missing-script'));
      // First in the folder .gitignore names: the walk never reads it, so neither does the watcher.
      writeFileSync(join(ws, 'generated', 'train_xgb.py'), TRAIN);
      mkdirSync(join(ws, 'scripts', 'training'));
      writeFileSync(join(ws, 'scripts', 'training', 'train_xgb.py'), TRAIN);
      const deep = await client.until('missing-script gone once the script exists', () => {
        const ds = client.diagnosticsOf(xgbContract);
        return ds && !codes(ds).includes('missing-script') && ds;
      });
      assert.ok(deep);
      const lenses = await client.request('textDocument/codeLens', { textDocument: { uri: uri(xgbContract) } });
      assert.match(lenses[0].command?.title ?? lenses[0].data?.title ?? '', /script: train_xgb\.py/);
      rmSync(join(ws, 'scripts', 'training'), { recursive: true });
      // The gitignored copy would satisfy the contract if the server had read it.
      await client.until('missing-script back once the folder is gone', () => codes(client.diagnosticsOf(xgbContract)).includes('missing-script'));
    });
  });

  describe('didSave', () => {
    it('a configuration file saved from the editor applies at once, even when no file event follows', async () => {
      ws = copyExample();
      const script = join(ws, 'scripts', 'tabular_preprocess.py');
      client = new TestClient();
      // Watchers registered (so the server does not watch the disk itself), but this client never sends their events.
      const init = await client.initialize(ws, { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } });
      assert.deepEqual(init.capabilities.textDocumentSync.save, { includeText: false });
      await client.until('the closed script diagnostics', () => codes(client.diagnosticsOf(script)).includes('undeclared-channel'));
      const pyproject = join(ws, 'pyproject.toml');
      writeFileSync(
        pyproject,
        readFileSync(pyproject, 'utf8').replace('[tool.script-contracts.rules]', '[tool.script-contracts.rules]\nundeclared-channel = "off"'),
      );
      await client.conn.sendNotification('textDocument/didSave', { textDocument: { uri: uri(pyproject) } });
      await client.until('undeclared-channel turned off', () => !codes(client.diagnosticsOf(script)).includes('undeclared-channel'));
    });
  });

  describe('settings without workspace/configuration', () => {
    it('workspace/didChangeConfiguration settings apply, as the section or as its keys', async () => {
      ws = copyExample();
      const xgbContract = join(ws, 'contracts', 'xgboost_train_contract.py');
      const script = join(ws, 'scripts', 'tabular_preprocess.py');
      client = new TestClient();
      await client.initialize(ws, {});
      assert.ok(codes(client.diagnosticsOf(xgbContract)).includes('missing-script'), 'closed files are reported by default');
      const push = (settings: unknown) => client.conn.sendNotification('workspace/didChangeConfiguration', { settings });
      await push({ scriptContracts: { workspaceDiagnostics: false } });
      await client.until('closed files cleared', () => client.diagnosticsOf(xgbContract)?.length === 0);
      await client.open(script, readFileSync(script, 'utf8'));
      await client.until('the open script checked', () => client.diagnosticsOf(script)?.length);
      await push({ scriptContracts: { enable: false, workspaceDiagnostics: false } });
      await client.until('everything off', () => client.diagnosticsOf(script)?.length === 0);
      // Helix sends its `config` table itself as the settings.
      await push({ enable: true, workspaceDiagnostics: true });
      await client.until('closed files reported again', () => codes(client.diagnosticsOf(xgbContract)).includes('missing-script'));
      await client.until('the open script too', () => client.diagnosticsOf(script)?.length);
    });

    it('initializationOptions may hold the section too', async () => {
      ws = copyExample();
      const xgbContract = join(ws, 'contracts', 'xgboost_train_contract.py');
      client = new TestClient();
      await client.initialize(ws, {}, { scriptContracts: { workspaceDiagnostics: false } });
      assert.equal(client.diagnosticsOf(xgbContract), undefined, 'no closed-file diagnostics were published before the index was ready');
    });
  });

  describe('a buffer for a file that is not on disk', () => {
    for (const mode of ['push', 'pull'] as const) {
      it(`closed unsaved, it is gone again: missing-script is back and the lens names no script (${mode} diagnostics)`, async () => {
        ws = copyExample();
        const xgbContract = join(ws, 'contracts', 'xgboost_train_contract.py');
        const phantom = join(ws, 'scripts', 'train_xgb.py');
        client = new TestClient();
        await client.initialize(ws, mode === 'pull' ? { textDocument: { diagnostic: {} } } : {});
        const contractCodes = async () => {
          const pulled = await client.request('textDocument/diagnostic', { textDocument: { uri: uri(xgbContract) } });
          return mode === 'push' ? codes(client.diagnosticsOf(xgbContract)) : codes(pulled.items);
        };
        const lensTitle = async () => {
          const lenses = await client.request('textDocument/codeLens', { textDocument: { uri: uri(xgbContract) } });
          return String(lenses?.[0]?.command?.title ?? '');
        };
        // Notifications are handled in order, and each re-checks before the next message: a request
        // sent after them answers (and, pushing, follows the diagnostics) for the text they left.
        // (Pushing, the server still answers the diagnostic pull; its answer is the barrier.)
        assert.ok((await contractCodes()).includes('missing-script'));
        assert.match(await lensTitle(), /script: not found/);
        await client.open(phantom, '');
        await client.change(phantom, 2, [{ text: 'def main(input_paths):\n    return input_paths["input_path' }]);
        await client.change(phantom, 3, [{ range: { start: { line: 1, character: 35 }, end: { line: 1, character: 35 } }, text: '"]\n' }]);
        assert.ok(!(await contractCodes()).includes('missing-script'), 'the buffer satisfies the contract');
        assert.match(await lensTitle(), /script: train_xgb\.py/);
        await client.conn.sendNotification('textDocument/didClose', { textDocument: { uri: uri(phantom) } });
        assert.match(await lensTitle(), /script: not found/, 'the lens names no script once the buffer is closed');
        assert.ok((await contractCodes()).includes('missing-script'), 'missing-script is back');
        if (mode === 'push') assert.deepEqual(client.diagnosticsOf(phantom) ?? [], [], 'the closed phantom keeps no diagnostics');
      });
    }
  });

  describe('rename', () => {
    it('prepareRename answers the name without its quotes; a rename onto a name the mapping declares is refused (RequestFailed)', async () => {
      ws = copyExample();
      const contract = join(ws, 'contracts', 'tabular_preprocess_contract.py');
      const text = readFileSync(contract, 'utf8');
      client = new TestClient();
      await client.initialize(ws, {});
      await client.open(contract, text);
      const line = text.split('\n').findIndex((l) => l.includes('"DATA": '));
      const quote = text.split('\n')[line].indexOf('"DATA"');
      const position = { line, character: quote + 2 };
      const prep = await client.request('textDocument/prepareRename', { textDocument: { uri: uri(contract) }, position });
      assert.deepEqual(prep.range, { start: { line, character: quote + 1 }, end: { line, character: quote + 5 } }, 'DATA, not "DATA"');
      assert.equal(prep.placeholder, 'DATA');
      await assert.rejects(
        client.request('textDocument/rename', { textDocument: { uri: uri(contract) }, position, newName: 'METADATA' }),
        (e: { code: number; message: string }) => e.code === -32803 && /"METADATA" is already an input channel of TABULAR_PREPROCESS_CONTRACT/.test(e.message),
      );
      // A new name is fine, and its edits replace exactly the range prepareRename gave.
      const edit = await client.request('textDocument/rename', { textDocument: { uri: uri(contract) }, position, newName: 'RAW_DATA' });
      const here = edit.documentChanges.find((c: any) => c.textDocument.uri === uri(contract)).edits.find((e: any) => e.range.start.line === line);
      assert.deepEqual(here.range, prep.range);
    });
  });

  describe('code lenses', () => {
    it('run a server command, never a VS Code one or "": it opens the script with window/showDocument', async () => {
      ws = copyExample();
      const contract = join(ws, 'contracts', 'tabular_preprocess_contract.py');
      const script = join(ws, 'scripts', 'tabular_preprocess.py');
      const xgbContract = join(ws, 'contracts', 'xgboost_train_contract.py');
      client = new TestClient();
      const init = await client.initialize(ws, { window: { showDocument: { support: true } } });
      const serverCommands: string[] = init.capabilities.executeCommandProvider.commands;
      const lenses = [
        ...(await client.request('textDocument/codeLens', { textDocument: { uri: uri(contract) } })),
        ...(await client.request('textDocument/codeLens', { textDocument: { uri: uri(script) } })),
        ...(await client.request('textDocument/codeLens', { textDocument: { uri: uri(xgbContract) } })),
      ];
      assert.equal(lenses.length, 3);
      for (const lens of lenses) {
        assert.ok(lens.command?.title, `a title: ${JSON.stringify(lens)}`);
        assert.ok(serverCommands.includes(lens.command.command), `${lens.command.command} is a server command (${serverCommands})`);
      }
      const [toScript, toContract, notFound] = lenses;
      const answer = await client.request('workspace/executeCommand', { command: toScript.command.command, arguments: toScript.command.arguments });
      assert.equal(answer[0].uri, uri(script));
      await client.until('window/showDocument of the script', () => client.shownDocuments.some((d) => d.uri === uri(script)));
      await client.request('workspace/executeCommand', { command: toContract.command.command, arguments: toContract.command.arguments });
      await client.until('window/showDocument of the contract', () => client.shownDocuments.some((d) => d.uri === uri(contract)));
      assert.match(notFound.command.title, /script: not found/);
      assert.deepEqual(await client.request('workspace/executeCommand', { command: notFound.command.command, arguments: notFound.command.arguments }), []);
      await client.until('a message saying there is nothing to open', () => client.messages.some((m) => /nothing to open/.test(m)));
      // Arguments come back from the client: a location outside the workspace is not opened.
      const before = client.shownDocuments.length;
      const outside = [{ uri: 'file:///etc/passwd', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }];
      assert.deepEqual(
        await client.request('workspace/executeCommand', { command: toScript.command.command, arguments: [uri(contract), { line: 0, character: 0 }, outside] }),
        [],
      );
      assert.equal(client.shownDocuments.length, before);
    });
  });

  describe('a spec being typed', () => {
    it('DependencySpec(logical_name=" completes, and the spec keeps its symbols and diagnostics until the quote is closed', async () => {
      ws = copyExample();
      const spec = join(ws, 'specs', 'model_eval_spec.py');
      const text = readFileSync(spec, 'utf8');
      client = new TestClient();
      await client.initialize(ws, {});
      await client.open(spec, text);
      const findings = await client.until('the spec checked', () => client.published.get(uri(spec))?.version === 1 && client.diagnosticsOf(spec));
      const undeclared = findings.find((d) => d.code === 'spec-dependency-undeclared')!;
      assert.equal(undeclared.range.start.line, 34, 'hyperparameters_input, 1-based line 35');
      assert.equal(findings.length, 1);
      // A new dependency at the end of the list (a new line before `    ],`, 0-based line 41), typed up to the opening quote.
      const typed = '        DependencySpec(logical_name="';
      await client.change(spec, 2, [{ range: { start: { line: 41, character: 0 }, end: { line: 41, character: 0 } }, text: `${typed}\n` }]);
      const items = await client.request('textDocument/completion', { textDocument: { uri: uri(spec) }, position: { line: 41, character: typed.length } });
      assert.deepEqual((items?.items ?? []).map((i: any) => i.label).sort(), ['code_input', 'eval_data_input', 'model_input'], "the linked contract's inputs");
      const symbols = await client.request('textDocument/documentSymbol', { textDocument: { uri: uri(spec) } });
      assert.equal(symbols?.[0]?.name, 'MODEL_EVAL_SPEC');
      assert.deepEqual(
        symbols[0].children.map((c: any) => c.name),
        ['model_input', 'eval_data_input', 'hyperparameters_input', 'eval_output', 'metrics_output'],
      );
      assert.equal(symbols[0].children[3].selectionRange.start.line, 45, 'eval_output moved one line down with the text');
      const during = await client.until('the half-typed version checked', () => client.published.get(uri(spec))?.version === 2 && client.diagnosticsOf(spec));
      assert.deepEqual(during.find((d) => d.code === 'spec-dependency-undeclared')?.range, undeclared.range, 'the finding stays where it was');
      // The quote closed (and the call): the new entry's own facts take over.
      await client.change(spec, 3, [
        { range: { start: { line: 41, character: typed.length }, end: { line: 41, character: typed.length } }, text: 'code_input"),' },
      ]);
      await client.until('the completed version checked', () => client.published.get(uri(spec))?.version === 3);
      const symbolsAfter = await client.request('textDocument/documentSymbol', { textDocument: { uri: uri(spec) } });
      assert.ok(symbolsAfter[0].children.some((c: any) => c.name === 'code_input' && c.selectionRange.start.line === 41));
    });
  });

  describe('flag completion', () => {
    it('add_argument(" offers the flag as the contract spells it (--job_type), not the normalised name', async () => {
      ws = copyExample();
      const script = join(ws, 'scripts', 'tabular_preprocess.py');
      const lines = readFileSync(script, 'utf8').split('\n');
      const at = lines.findIndex((l) => l.includes('add_argument('));
      assert.ok(at > 0, 'the script declares its arguments');
      const typed = '    parser.add_argument("';
      const text = [...lines.slice(0, at), typed, ...lines.slice(at)].join('\n');
      client = new TestClient();
      await client.initialize(ws, {});
      await client.open(script, text);
      const items = await client.request('textDocument/completion', { textDocument: { uri: uri(script) }, position: { line: at, character: typed.length } });
      assert.deepEqual(
        items.items.map((i: any) => [i.label, i.textEdit.newText]),
        [['--job_type', '--job_type']],
      );
    });
  });

  describe('workspace pull diagnostics', () => {
    const PULL = { textDocument: { diagnostic: {} }, workspace: { diagnostics: { refreshSupport: true } } };
    type Item = { kind: string; uri: string; resultId?: string; items?: unknown[] };
    const idsOf = (items: Item[]) => items.filter((i) => i.resultId).map((i) => ({ uri: i.uri, value: i.resultId! }));

    it('answers with result ids, is held open while nothing changed, and then names only what changed', async () => {
      ws = copyExample();
      const contract = join(ws, 'contracts', 'tabular_preprocess_contract.py');
      const script = join(ws, 'scripts', 'tabular_preprocess.py');
      client = new TestClient();
      await client.initialize(ws, PULL);
      const first = await client.request<{ items: Item[] }>('workspace/diagnostic', { previousResultIds: [] });
      assert.ok(first.items.length >= 8 && first.items.every((i) => i.kind === 'full' && i.resultId), JSON.stringify(first.items.slice(0, 2)));
      // The same question again: nothing to say, so no answer yet. (A request sent after it is answered
      // first: the server handles messages in order, and would have answered the pull before it.)
      let second: { items: Item[] } | undefined;
      const pending = client.request<{ items: Item[] }>('workspace/diagnostic', { previousResultIds: idsOf(first.items) }).then((r) => (second = r));
      await client.request('textDocument/hover', { textDocument: { uri: uri(script) }, position: { line: 0, character: 0 } });
      assert.equal(second, undefined, 'held open: nothing changed');
      // Opening the contract changes nobody's findings: still held.
      const text = readFileSync(contract, 'utf8');
      await client.open(contract, text);
      await client.request('textDocument/hover', { textDocument: { uri: uri(script) }, position: { line: 0, character: 0 } });
      assert.equal(second, undefined, 'held open: the open changed no finding');
      // Renaming SIGNATURE in the contract makes the closed script's read undeclared: answered, with that script.
      const line = text.split('\n').findIndex((l) => l.includes('"SIGNATURE": '));
      const col = text.split('\n')[line].indexOf('SIGNATURE');
      await client.change(contract, 2, [{ range: { start: { line, character: col }, end: { line, character: col + 9 } }, text: 'SIG' }]);
      await pending;
      const full = second!.items.filter((i) => i.kind === 'full');
      assert.deepEqual(
        full.map((i) => i.uri).sort(),
        [uri(script), uri(join(ws, 'specs', 'preprocessing_training_spec.py'))],
        'the script that reads SIGNATURE and the spec that depends on it',
      );
      assert.ok(
        second!.items.every((i) => i.uri !== uri(contract)),
        'open documents are for document pulls',
      );
      // A document pull with the id the client holds: unchanged.
      const doc = await client.request('textDocument/diagnostic', { textDocument: { uri: uri(contract) } });
      assert.equal(doc.kind, 'full');
      assert.deepEqual(await client.request('textDocument/diagnostic', { textDocument: { uri: uri(contract) }, previousResultId: doc.resultId }), {
        kind: 'unchanged',
        resultId: doc.resultId,
      });
    });

    it('a held pull ends when the client cancels it', async () => {
      ws = copyExample();
      client = new TestClient();
      await client.initialize(ws, PULL);
      const first = await client.request<{ items: Item[] }>('workspace/diagnostic', { previousResultIds: [] });
      const source = new CancellationTokenSource();
      const held = client.conn.sendRequest('workspace/diagnostic', { previousResultIds: idsOf(first.items) }, source.token).then(
        (r) => r,
        (e) => e,
      );
      await client.request('textDocument/hover', { textDocument: { uri: uri(join(ws, 'scripts', 'mims_payload.py')) }, position: { line: 0, character: 0 } });
      source.cancel();
      const answer = (await held) as { items?: unknown[]; code?: number };
      assert.ok(answer.code === -32800 || (Array.isArray(answer.items) && answer.items.length === 0), JSON.stringify(answer));
    });

    it('sends a large answer in partial results when the client gives a partialResultToken', async () => {
      ws = copyExample();
      for (let i = 0; i < 600; i++) copyFileSync(join(ws, 'scripts', 'currency_conversion.py'), join(ws, 'scripts', `conversion_${i}.py`));
      client = new TestClient();
      await client.initialize(ws, PULL);
      const answer = await client.request<{ items: Item[] }>('workspace/diagnostic', { previousResultIds: [], partialResultToken: 'partial-1' });
      const chunks = client.progress as { items?: Item[] }[];
      const streamed = chunks.flatMap((c) => c.items ?? []);
      assert.deepEqual(answer.items, [], 'everything went in the partial results');
      assert.ok(chunks.length >= 2, `${chunks.length} chunks`);
      assert.ok(streamed.length >= 600 && streamed.every((i) => i.kind === 'full'), `${streamed.length} reports`);
    });

    it('a buffer pulled with findings and closed unsaved (a file not on disk) is cleared by the next workspace answer', async () => {
      ws = copyExample();
      const phantom = join(ws, 'scripts', 'train_xgb.py');
      client = new TestClient();
      await client.initialize(ws, PULL);
      const first = await client.request<{ items: Item[] }>('workspace/diagnostic', { previousResultIds: [] });
      await client.open(phantom, 'def main(input_paths):\n    return input_paths["nowhere"]\n');
      const doc = await client.request('textDocument/diagnostic', { textDocument: { uri: uri(phantom) } });
      assert.ok(doc.items.length > 0, 'the buffer has findings');
      // The buffer answers the contract (missing-script is gone): the client takes that in.
      const synced = await client.request<{ items: Item[] }>('workspace/diagnostic', { previousResultIds: idsOf(first.items) });
      assert.ok(synced.items.some((i) => i.uri === uri(join(ws, 'contracts', 'xgboost_train_contract.py'))));
      const byUri = new Map(idsOf(first.items).map((i) => [i.uri, i.value]));
      for (const i of idsOf(synced.items)) byUri.set(i.uri, i.value);
      // VS Code's client forgets the document's result id on close, keeping the diagnostics it last pulled.
      const ids = [...byUri].map(([u, value]) => ({ uri: u, value }));
      const next = client.request<{ items: Item[] }>('workspace/diagnostic', { previousResultIds: ids });
      await client.conn.sendNotification('textDocument/didClose', { textDocument: { uri: uri(phantom) } });
      const answer = await next;
      assert.deepEqual(
        answer.items.find((i) => i.uri === uri(phantom)),
        { kind: 'full', uri: uri(phantom), version: null, items: [] },
      );
    });
  });

  describe('run = onSave', () => {
    it('pushing: a change is checked on didSave, not as it is typed; didOpen still checks', async () => {
      ws = copyExample();
      const script = join(ws, 'scripts', 'tabular_preprocess.py');
      const text = readFileSync(script, 'utf8');
      client = new TestClient();
      await client.initialize(ws, {}, { run: 'onSave' });
      await client.open(script, text);
      const opened = await client.until('the opened script checked', () => client.published.get(uri(script))?.version === 1 && client.diagnosticsOf(script));
      assert.ok(codes(opened).includes('undeclared-channel'));
      const line = text.split('\n').findIndex((l) => l.includes('input_paths.get("metadata")'));
      const col = text.split('\n')[line].indexOf('"metadata"') + 1;
      await client.change(script, 2, [{ range: { start: { line, character: col }, end: { line, character: col + 8 } }, text: 'METADATA' }]);
      // The change is analysed (completion and quick fixes follow the text) but not published.
      await client.request('textDocument/hover', { textDocument: { uri: uri(script) }, position: { line: 0, character: 0 } });
      assert.equal(client.published.get(uri(script))?.version, 1, 'nothing published while typing');
      await client.conn.sendNotification('textDocument/didSave', { textDocument: { uri: uri(script) } });
      const saved = await client.until('the saved script checked', () => client.published.get(uri(script))?.version === 2 && client.diagnosticsOf(script));
      assert.ok(!codes(saved).includes('undeclared-channel'), JSON.stringify(codes(saved)));
    });

    it('pulling: document pulls answer unchanged until the save', async () => {
      ws = copyExample();
      const script = join(ws, 'scripts', 'tabular_preprocess.py');
      const text = readFileSync(script, 'utf8');
      client = new TestClient();
      // Pulled per folder, as VS Code answers workspace/configuration.
      client.configuration = (item) => (item.section === 'scriptContracts' ? { run: 'onSave' } : null);
      await client.initialize(ws, { textDocument: { diagnostic: {} }, workspace: { configuration: true } });
      await client.open(script, text);
      const before = await client.request('textDocument/diagnostic', { textDocument: { uri: uri(script) } });
      assert.ok(codes(before.items).includes('undeclared-channel'));
      const line = text.split('\n').findIndex((l) => l.includes('input_paths.get("metadata")'));
      const col = text.split('\n')[line].indexOf('"metadata"') + 1;
      await client.change(script, 2, [{ range: { start: { line, character: col }, end: { line, character: col + 8 } }, text: 'METADATA' }]);
      const typing = await client.request('textDocument/diagnostic', { textDocument: { uri: uri(script) }, previousResultId: before.resultId });
      assert.deepEqual(typing, { kind: 'unchanged', resultId: before.resultId });
      await client.conn.sendNotification('textDocument/didSave', { textDocument: { uri: uri(script) } });
      const saved = await client.request('textDocument/diagnostic', { textDocument: { uri: uri(script) }, previousResultId: before.resultId });
      assert.equal(saved.kind, 'full');
      assert.ok(!codes(saved.items).includes('undeclared-channel'));
    });
  });
});
