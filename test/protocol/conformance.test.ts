// Protocol conformance for clients other than VS Code: what a plain LSP client
// (no file watchers, no workspace/configuration, no custom notifications, pull
// or push diagnostics) can rely on. Each case names the server behaviour it
// guards; each failed against the build before its fix (SC_TEST_SERVER).
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TestClient } from '../support/lsp-client';

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
});
