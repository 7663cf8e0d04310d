// A minimal LSP client over stdio for protocol-level tests: starts the real
// server bundle, records notifications and waits for the ones a test needs.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';

/** The server bundle under test; SC_TEST_SERVER points at another build (e.g. to see a regression test fail on an older one). */
export const SERVER = process.env.SC_TEST_SERVER ?? join(__dirname, '..', '..', '..', 'dist', 'server.js');

export interface Published {
  uri: string;
  version?: number;
  diagnostics: {
    code: string;
    message: string;
    range: { start: { line: number; character: number }; end: { line: number; character: number } };
    severity: number;
    data?: unknown;
  }[];
}

export class TestClient {
  readonly conn: MessageConnection;
  readonly proc: ChildProcess;
  readonly published = new Map<string, Published>();
  readonly statuses: { state: string; contracts: number; configErrors: string[] }[] = [];
  /** Texts of window/showMessage notifications and window/showMessageRequest requests, in order. */
  readonly messages: string[] = [];
  /** Texts of window/showMessageRequest requests only (a request a client may answer with a blocking prompt). */
  readonly messageRequests: string[] = [];
  /** Values of `$/progress` notifications, in order. */
  readonly progress: unknown[] = [];
  private waiters: (() => void)[] = [];
  /** workspace/applyEdit requests the server sent, and what the client answers to them. */
  readonly appliedEdits: unknown[] = [];
  applyEditAnswer: (edit: unknown) => { applied: boolean } = () => ({ applied: false });
  /** window/showDocument requests the server sent. */
  readonly shownDocuments: { uri: string; selection?: unknown; takeFocus?: boolean }[] = [];
  /** What the client answers to workspace/configuration, per item (scopeUri, section). */
  configuration: (item: { scopeUri?: string; section?: string }) => unknown = () => null;

  constructor() {
    this.proc = spawn(process.execPath, [SERVER, 'server', '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.conn = createMessageConnection(new StreamMessageReader(this.proc.stdout!), new StreamMessageWriter(this.proc.stdin!));
    this.conn.onNotification('textDocument/publishDiagnostics', (p: Published) => {
      this.published.set(p.uri, p);
      this.wake();
    });
    this.conn.onNotification('scriptContracts/status', (p) => {
      this.statuses.push(p);
      this.wake();
    });
    this.conn.onNotification('window/showMessage', (p: { message: string }) => {
      this.messages.push(p.message);
      this.wake();
    });
    this.conn.onNotification('window/logMessage', () => undefined);
    this.conn.onNotification('$/progress', (p: { value: unknown }) => {
      this.progress.push(p.value);
      this.wake();
    });
    this.conn.onRequest('window/showMessageRequest', (p: { message: string }) => {
      this.messages.push(p.message);
      this.messageRequests.push(p.message);
      this.wake();
      return null;
    });
    this.conn.onRequest('workspace/configuration', (p: { items: { scopeUri?: string; section?: string }[] }) =>
      p.items.map((item) => this.configuration(item)),
    );
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.onRequest('workspace/applyEdit', (p: { edit: unknown }) => {
      this.appliedEdits.push(p.edit);
      return this.applyEditAnswer(p.edit);
    });
    this.conn.onRequest('window/workDoneProgress/create', () => null);
    this.conn.onRequest('window/showDocument', (p: { uri: string; selection?: unknown; takeFocus?: boolean }) => {
      this.shownDocuments.push(p);
      this.wake();
      return { success: true };
    });
    this.conn.onRequest('workspace/diagnostic/refresh', () => {
      this.wake();
      return null;
    });
    this.conn.listen();
  }

  private wake() {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** Resolve once `test()` is true; re-tested after every notification. Fails after the deadline. */
  async until<T>(what: string, test: () => T | undefined | false, ms = 15000): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const v = test();
      if (v) return v;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((res) => {
        const t = setTimeout(res, Math.min(left, 200));
        this.waiters.push(() => {
          clearTimeout(t);
          res();
        });
      });
    }
  }

  async initialize(root: string | string[], capabilities: Record<string, unknown> = {}, initializationOptions?: unknown): Promise<any> {
    const roots = Array.isArray(root) ? root : [root];
    const folders = roots.map((r, i) => ({ uri: pathToFileURL(r).href, name: `ws${i}` }));
    const result = await this.conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: folders[0].uri,
      workspaceFolders: folders,
      capabilities,
      initializationOptions,
    });
    await this.conn.sendNotification('initialized', {});
    await this.until('the index to be ready', () => this.statuses.some((s) => s.state === 'ready'));
    return result;
  }

  open(file: string, text: string, languageId = 'python', version = 1): Promise<void> {
    return this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: pathToFileURL(file).href, languageId, version, text } });
  }

  change(
    file: string,
    version: number,
    changes: { range?: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string }[],
  ): Promise<void> {
    return this.conn.sendNotification('textDocument/didChange', { textDocument: { uri: pathToFileURL(file).href, version }, contentChanges: changes });
  }

  request<R = any>(method: string, params: unknown): Promise<R> {
    return this.conn.sendRequest(method, params) as Promise<R>;
  }

  diagnosticsOf(file: string): Published['diagnostics'] | undefined {
    return this.published.get(pathToFileURL(file).href)?.diagnostics;
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.conn.sendNotification('exit');
    } catch {
      // already gone
    }
    this.conn.dispose();
    this.proc.kill();
  }
}
