// Commands, restarts and crash recovery of the language server.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { api, diagnostic, open, ruleOf, runningClient, until, ws } from './helpers';

const SCRIPT = 'scripts/tabular_preprocess.py';

suite('commands and server lifecycle', () => {
  suiteSetup(async () => {
    await runningClient();
    await open(SCRIPT);
  });

  test('checkWorkspace runs the server command', async () => {
    await runningClient();
    await vscode.commands.executeCommand('scriptContracts.checkWorkspace');
    await diagnostic(ws(SCRIPT), 'hardcoded-path', 40);
  });

  test('generateContract creates a contract beside the others, and the script is then claimed', async () => {
    const script = ws('scripts/currency_conversion.py');
    await open('scripts/currency_conversion.py');
    await diagnostic(script, 'missing-contract', 1);
    await vscode.commands.executeCommand('scriptContracts.generateContract');
    const created = ws('contracts/currency_conversion_contract.py');
    const doc = await until('the generated contract', () => vscode.workspace.textDocuments.find((d) => d.uri.fsPath === created.fsPath));
    assert.match(doc.getText(), /CURRENCY_CONVERSION_CONTRACT = ScriptContract\(\n {4}entry_point="currency_conversion\.py"/);
    await until('missing-contract gone from the script', () =>
      vscode.languages.getDiagnostics(script).some((d) => ruleOf(d) === 'missing-contract') ? undefined : true,
    );
    await doc.save();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(created);
    await open(SCRIPT);
  });

  test('showOutput shows the "Script Contracts" output channel', async () => {
    await vscode.commands.executeCommand('scriptContracts.showOutput');
  });

  test('restartServer starts a new server process without reloading the window', async () => {
    const before = (await runningClient()).serverProcess?.pid;
    await vscode.commands.executeCommand('scriptContracts.restartServer');
    const client = await until('a new server process', async () => {
      const c = (await api()).client;
      return c?.isRunning() && c.serverProcess?.pid && c.serverProcess.pid !== before ? c : undefined;
    });
    assert.notStrictEqual(client.serverProcess?.pid, before);
    await diagnostic(ws(SCRIPT), 'hardcoded-path', 40);
  });

  test('a killed server is restarted automatically and diagnostics come back', async () => {
    const client = await runningClient();
    const pid = client.serverProcess?.pid;
    assert.ok(pid);
    process.kill(pid, 'SIGKILL');
    await until(
      'the server to be restarted after a crash',
      async () => {
        const c = (await api()).client;
        return c?.isRunning() && c.serverProcess?.pid && c.serverProcess.pid !== pid ? c : undefined;
      },
      30000,
    );
    await diagnostic(ws(SCRIPT), 'hardcoded-path', 40);
  });

  test('changing scriptContracts.run restarts the client; onSave still checks on save', async () => {
    const cfg = vscode.workspace.getConfiguration('scriptContracts');
    const before = (await runningClient()).serverProcess?.pid;
    try {
      await cfg.update('run', 'onSave', vscode.ConfigurationTarget.Workspace);
      await until('a restarted client', async () => {
        const c = (await api()).client;
        return c?.isRunning() && c.serverProcess?.pid !== before ? c : undefined;
      });
      await diagnostic(ws(SCRIPT), 'hardcoded-path', 40);
    } finally {
      await cfg.update('run', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await runningClient();
  });

  test('scriptContracts.enable=false stops the server and true starts it again', async () => {
    const cfg = vscode.workspace.getConfiguration('scriptContracts');
    try {
      await cfg.update('enable', false, vscode.ConfigurationTarget.Workspace);
      await until('the client to stop', async () => ((await api()).client ? undefined : true), 15000);
    } finally {
      await cfg.update('enable', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await runningClient();
    await diagnostic(ws(SCRIPT), 'hardcoded-path', 40);
  });
});
