// VS Code client of the Script Contracts language server (dist/server.js, started as `server --node-ipc`).
import * as vscode from 'vscode';
import { LanguageClient, type LanguageClientOptions, type ServerOptions, State, TransportKind } from 'vscode-languageclient/node';
import { BoundedRestartErrorHandler } from './errorHandler';
import { PipelinePanel, type PipelineShown } from './pipeline';
import { openRuleDocumentation } from './rules';
import { type ClientSettings, readSettings, RESTART_SETTINGS, SECTION } from './settings';
import { type ServerStatus, STATUS_NOTIFICATION, StatusItem } from './status';

export const CLIENT_ID = 'scriptContracts';
export const CLIENT_NAME = 'Script Contracts';

/**
 * Documents the server handles: Python scripts, step interface files, component definitions, the
 * two config files, and the Python cells of Jupyter notebooks (`vscode-notebook-cell:` documents,
 * synchronised through the notebook: the server declares notebookDocumentSync for them). Any YAML file
 * may be an Azure ML or Kubeflow component: the server decides by its content (a text scan) and leaves
 * the others alone.
 */
export const DOCUMENT_SELECTOR: ({ scheme: string; language?: string; pattern?: string } | { notebook: string; language: string })[] = [
  { scheme: 'file', language: 'python' },
  { scheme: 'file', pattern: '**/*.yaml' },
  { scheme: 'file', pattern: '**/*.yml' },
  { scheme: 'file', pattern: '**/pyproject.toml' },
  { scheme: 'file', pattern: '**/script-contracts.toml' },
  { notebook: 'jupyter-notebook', language: 'python' },
];

/** The same documents in VS Code's own terms (its filters name a notebook by `notebookType`). */
export const VSCODE_SELECTOR: vscode.DocumentFilter[] = DOCUMENT_SELECTOR.map((f) =>
  'notebook' in f ? { notebookType: f.notebook, language: f.language } : f,
);

/** What `activate` returns; `client` always names the current language client (it is replaced on restart). */
export interface ScriptContractsApi {
  readonly client: LanguageClient | undefined;
  readonly status: ServerStatus | undefined;
  /** Resolves when a started client is running (or rejects when it fails to start). */
  ready(): Promise<void>;
  /** What the Show Pipeline view drew last (steps and edges), while it is open. */
  readonly pipeline: PipelineShown | undefined;
}

class ClientHost implements vscode.Disposable {
  client: LanguageClient | undefined;
  private starting: Promise<void> | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private clientDisposables: vscode.Disposable[] = [];

  constructor(
    private readonly context: vscode.ExtensionContext,
    readonly output: vscode.LogOutputChannel,
    readonly status: StatusItem,
  ) {}

  private serverOptions(): ServerOptions {
    const module = this.context.asAbsolutePath('dist/server.js');
    return {
      run: { module, transport: TransportKind.ipc, args: ['server'] },
      debug: {
        module,
        transport: TransportKind.ipc,
        args: ['server'],
        options: { execArgv: ['--nolazy', '--inspect=6009'] },
      },
    };
  }

  private clientOptions(settings: ClientSettings): LanguageClientOptions {
    // Dockerfiles say where a Kubeflow component's program is.
    const watcher = vscode.workspace.createFileSystemWatcher(
      '**/{*.py,*.ipynb,*.yaml,*.yml,Dockerfile,Dockerfile.*,*.Dockerfile,*.dockerfile,pyproject.toml,script-contracts.toml}',
    );
    this.clientDisposables.push(watcher);
    return {
      documentSelector: DOCUMENT_SELECTOR,
      outputChannel: this.output,
      // The server applies every setting itself (run, workspaceDiagnostics), as for any other editor; it also
      // pulls the section per folder (workspace/configuration) after each change.
      initializationOptions: { run: settings.run, workspaceDiagnostics: settings.workspaceDiagnostics },
      synchronize: { configurationSection: SECTION, fileEvents: watcher },
      errorHandler: new BoundedRestartErrorHandler(this.output, () =>
        this.status.stopped('The server crashed repeatedly; run "Script Contracts: Restart Server".', true),
      ),
      // Pulls on every change are cheap: with run = onSave the server answers them `unchanged` until the save.
      diagnosticPullOptions: { onChange: true, onSave: true },
      middleware: {
        // The server's lens command works in every client (it opens the target through window/showDocument);
        // in VS Code the same arguments make the richer peek view of editor.action.showReferences.
        provideCodeLenses: async (document, token, next) => (await next(document, token))?.map(asPeekLens),
      },
    };
  }

  /** Lifecycle operations run one after the other (settings events can arrive in bursts). */
  private queue: Promise<unknown> = Promise.resolve();
  private serial(op: () => Promise<void>): Promise<void> {
    const next = this.queue.then(op, op);
    this.queue = next.catch(() => undefined);
    return next;
  }

  start(): Promise<void> {
    return this.serial(() => this.doStart());
  }

  stop(): Promise<void> {
    return this.serial(() => this.doStop());
  }

  /** A new client and server process, without reloading the window. */
  restart(): Promise<void> {
    return this.serial(async () => {
      this.output.appendLine('[client] restarting the server');
      await this.doStop();
      await this.doStart();
    });
  }

  private async doStart(): Promise<void> {
    if (this.client) return this.starting;
    const settings = readSettings();
    if (!settings.enable) {
      this.status.stopped('Disabled by the setting scriptContracts.enable', false);
      return;
    }
    this.status.starting();
    const client = new LanguageClient(CLIENT_ID, CLIENT_NAME, this.serverOptions(), this.clientOptions(settings));
    this.client = client;
    this.clientDisposables.push(
      client.onNotification(STATUS_NOTIFICATION, (params: ServerStatus) => this.status.update(params)),
      client.onDidChangeState((e) => {
        if (e.newState === State.Starting) this.status.starting();
        else if (e.newState === State.Running && this.status.last) this.status.update(this.status.last);
      }),
    );
    this.starting = client
      .start()
      .then(
        () => this.output.appendLine(`[client] server started (pid ${client.serverProcess?.pid ?? '?'})`),
        (err: unknown) => {
          const msg = err instanceof Error ? err.message : String(err);
          this.output.appendLine(`[client] the server failed to start: ${msg}`);
          this.status.stopped(`The server failed to start: ${msg}`, true);
          throw err;
        },
      )
      .finally(() => {
        this.starting = undefined;
      });
    return this.starting;
  }

  private async doStop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (this.starting) await this.starting.catch(() => undefined);
    for (const d of this.clientDisposables.splice(0)) d.dispose();
    if (!client) return;
    try {
      if (client.state !== State.Stopped) await client.stop(5000);
    } catch (err) {
      this.output.appendLine(`[client] stopping the server: ${err instanceof Error ? err.message : String(err)}`);
    }
    try {
      await client.dispose(2000);
    } catch {
      // already stopped
    }
  }

  async ready(): Promise<void> {
    await this.queue;
    if (this.starting) await this.starting;
    if (!this.client) throw new Error('Script Contracts is disabled or not started');
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

let host: ClientHost | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<ScriptContractsApi> {
  const output = vscode.window.createOutputChannel(CLIENT_NAME, { log: true });
  const status = new StatusItem(VSCODE_SELECTOR);
  const h = new ClientHost(context, output, status);
  host = h;
  context.subscriptions.push(output, status);

  const requireClient = async (): Promise<boolean> => {
    if (!h.client) {
      void vscode.window.showWarningMessage('Script Contracts is not running (see the setting scriptContracts.enable).');
      return false;
    }
    await h.ready().catch(() => undefined);
    return h.client?.isRunning() ?? false;
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('scriptContracts.restartServer', async () => {
      await h.restart().catch((err: unknown) => {
        void vscode.window.showErrorMessage(`Script Contracts: the server failed to restart: ${err instanceof Error ? err.message : String(err)}`);
      });
    }),
    vscode.commands.registerCommand('scriptContracts.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('scriptContracts.checkWorkspace', async () => {
      if (!(await requireClient())) return undefined;
      return vscode.commands.executeCommand('scriptContracts.server.checkWorkspace');
    }),
    vscode.commands.registerCommand('scriptContracts.generateContract', async (arg?: vscode.Uri | string) => {
      const uri = typeof arg === 'string' ? arg : arg instanceof vscode.Uri ? arg.toString() : vscode.window.activeTextEditor?.document.uri.toString();
      if (!uri) {
        void vscode.window.showWarningMessage('Script Contracts: open a pipeline script to generate its contract.');
        return undefined;
      }
      if (!(await requireClient())) return undefined;
      return vscode.commands.executeCommand('scriptContracts.server.generateContract', uri);
    }),
    vscode.commands.registerCommand('scriptContracts.openRuleDocumentation', (arg?: unknown) => openRuleDocumentation(context.extensionUri, arg)),
    vscode.commands.registerCommand('scriptContracts.showPipeline', async () => {
      if (!(await requireClient())) return undefined;
      return PipelinePanel.show(context.extensionUri, () => h.client, output);
    }),
    { dispose: () => PipelinePanel.current?.dispose() },
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration(`${SECTION}.enable`)) {
        if (readSettings().enable) await h.start().catch(() => undefined);
        else {
          await h.stop();
          status.stopped('Disabled by the setting scriptContracts.enable', false);
        }
      } else if (RESTART_SETTINGS.some((s) => e.affectsConfiguration(s)) && h.client) {
        await h.restart().catch(() => undefined);
      }
    }),
  );

  // Do not fail activation when the server cannot start: commands (restart, output) must stay usable.
  await h.start().catch(() => undefined);

  return {
    get client() {
      return h.client;
    },
    get status() {
      return status.last;
    },
    get pipeline() {
      return PipelinePanel.current?.shown;
    },
    ready: () => h.ready(),
  };
}

export async function deactivate(): Promise<void> {
  const h = host;
  host = undefined;
  if (h) await h.stop();
}

/** The server command of lenses (`[uri, position, locations]` in protocol form, see server/src/lsp/handlers/commands.ts). */
export const SHOW_REFERENCES_COMMAND = 'scriptContracts.server.showReferences';

interface ProtocolLocation {
  uri: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

/** A lens whose server command names locations, as one that peeks them (editor.action.showReferences); others as they are. */
export function asPeekLens(lens: vscode.CodeLens): vscode.CodeLens {
  const c = lens.command;
  if (c?.command !== SHOW_REFERENCES_COMMAND) return lens;
  const [uri, position, locations] = (c.arguments ?? []) as [string, ProtocolLocation['range']['start'], ProtocolLocation[]];
  if (typeof uri !== 'string' || !position || !Array.isArray(locations) || locations.length === 0) return lens;
  const pos = (p: ProtocolLocation['range']['start']) => new vscode.Position(p.line, p.character);
  lens.command = {
    title: c.title,
    command: 'editor.action.showReferences',
    arguments: [
      vscode.Uri.parse(uri),
      pos(position),
      locations.map((l) => new vscode.Location(vscode.Uri.parse(l.uri), new vscode.Range(pos(l.range.start), pos(l.range.end)))),
    ],
  };
  return lens;
}
