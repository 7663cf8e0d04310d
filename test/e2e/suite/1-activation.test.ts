import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { api, EXTENSION_ID, open, runningClient, until } from './helpers';

const CLIENT_COMMANDS = [
  'scriptContracts.restartServer',
  'scriptContracts.showOutput',
  'scriptContracts.checkWorkspace',
  'scriptContracts.generateContract',
  'scriptContracts.openRuleDocumentation',
];

suite('activation', () => {
  suiteSetup(async () => {
    // a Python file activates the extension (onLanguage:python), as for a user
    await open('scripts/tabular_preprocess.py');
  });

  test('the extension is installed, activates and exports its language client', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, 'extension not found');
    const a = await api();
    assert.ok(ext.isActive, 'extension not active');
    assert.ok(a.client, 'activate() must return { client }');
    const client = await runningClient();
    assert.strictEqual(client.name, 'Script Contracts');
    assert.ok(client.serverProcess?.pid, 'the server runs in its own process');
  });

  test('contributes its commands', async () => {
    const all = new Set(await vscode.commands.getCommands(true));
    for (const c of CLIENT_COMMANDS) assert.ok(all.has(c), `command ${c} is missing`);
  });

  test('the server registers its workspace commands (executeCommandProvider)', async () => {
    await runningClient();
    const all = await until(
      'scriptContracts.server.* commands',
      async () => {
        const cmds = await vscode.commands.getCommands(true);
        return cmds.includes('scriptContracts.server.checkWorkspace') ? cmds : undefined;
      },
      20000,
    );
    assert.ok(all.includes('scriptContracts.server.generateContract'), 'scriptContracts.server.generateContract is missing');
  });

  test('the server reports its status (scriptContracts/status) after indexing the example', async () => {
    const a = await api();
    const s = await until('a "ready" status notification', () => (a.status?.state === 'ready' ? a.status : undefined), 30000);
    assert.ok(s.contracts >= 6, `expected the example's contracts to be indexed, got ${JSON.stringify(s)}`);
    assert.ok(s.specs >= 5, `expected the example's specs to be indexed, got ${JSON.stringify(s)}`);
    assert.deepStrictEqual(s.configErrors, [], 'the example config has no errors');
    assert.ok(s.findings > 0, 'the example has findings');
  });

  test('openRuleDocumentation opens the page of a rule id', async () => {
    const doc = (await vscode.commands.executeCommand('scriptContracts.openRuleDocumentation', 'hardcoded-path')) as
      | { id: string; uri: vscode.Uri }
      | undefined;
    assert.ok(doc, 'no rule page for hardcoded-path in docs/rules/');
    assert.strictEqual(doc.id, 'hardcoded-path');
    assert.ok(doc.uri.path.endsWith('/docs/rules/hardcoded-path.md'), doc.uri.toString());
  });
});
