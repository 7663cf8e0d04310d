// "Script Contracts: Show Pipeline": a webview of the pipeline graph the
// server computes (the custom request scriptContracts/pipelineGraph). The
// page runs only its own bundled script (dist/pipeline-webview.js, dagre
// inside) under a strict Content-Security-Policy; it asks the extension to
// open files and never touches the workspace itself, so it works in
// untrusted workspaces. A new graph is sent after every edit.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

export const PIPELINE_GRAPH_REQUEST = 'scriptContracts/pipelineGraph';
/** After an edit, how long to wait for the next keystroke before asking for a new graph. */
const UPDATE_DELAY_MS = 400;

type FromView =
  | { type: 'ready' }
  | { type: 'refresh' }
  | { type: 'open'; uri: string; range: vscode.Range }
  | { type: 'rendered'; steps: number; edges: number };

/** What the command returns once the view has drawn a graph: for tests and scripts. */
export interface PipelineShown {
  steps: number;
  edges: number;
}

export class PipelinePanel implements vscode.Disposable {
  static current: PipelinePanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private rendered: ((r: PipelineShown) => void)[] = [];
  private last: PipelineShown | undefined;

  /** What the page drew last. */
  get shown(): PipelineShown | undefined {
    return this.last;
  }
  private ready = false;

  static show(extensionUri: vscode.Uri, client: () => LanguageClient | undefined, output: vscode.LogOutputChannel): Promise<PipelineShown> {
    if (PipelinePanel.current) {
      PipelinePanel.current.panel.reveal(undefined, true);
      void PipelinePanel.current.update();
    } else PipelinePanel.current = new PipelinePanel(extensionUri, client, output);
    return PipelinePanel.current.nextRender();
  }

  private constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly client: () => LanguageClient | undefined,
    private readonly output: vscode.LogOutputChannel,
    readonly panel = vscode.window.createWebviewPanel(
      'scriptContracts.pipeline',
      'Pipeline',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      {
        enableScripts: true,
        retainContextWhenHidden: true,
        localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist')],
      },
    ),
  ) {
    panel.webview.html = this.html();
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m: FromView) => this.receive(m)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (/\.(py|step\.ya?ml)$/.test(e.document.uri.path) && e.contentChanges.length) this.schedule();
      }),
      vscode.workspace.onDidSaveTextDocument(() => this.schedule()),
      vscode.languages.onDidChangeDiagnostics(() => this.schedule()),
    );
  }

  private nextRender(): Promise<PipelineShown> {
    return new Promise((resolve) => this.rendered.push(resolve));
  }

  private receive(m: FromView): void {
    if (m.type === 'ready') {
      this.ready = true;
      void this.update();
    } else if (m.type === 'refresh') void this.update();
    else if (m.type === 'open') void this.open(m.uri, m.range);
    else if (m.type === 'rendered') {
      this.last = { steps: m.steps, edges: m.edges };
      for (const r of this.rendered.splice(0)) r(this.last);
    }
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.update(), UPDATE_DELAY_MS);
  }

  /** Ask the server for the graph of the folder of the active editor (or the first folder) and send it to the page. */
  async update(): Promise<void> {
    if (!this.ready) return;
    const c = this.client();
    if (!c?.isRunning()) {
      void this.panel.webview.postMessage({ type: 'graph', graph: null, error: 'The Script Contracts server is not running.' });
      return;
    }
    const active = vscode.window.activeTextEditor?.document.uri;
    const folder = (active && vscode.workspace.getWorkspaceFolder(active)) ?? vscode.workspace.workspaceFolders?.[0];
    try {
      const graph = await c.sendRequest(PIPELINE_GRAPH_REQUEST, { uri: folder?.uri.toString() });
      void this.panel.webview.postMessage({ type: 'graph', graph });
    } catch (e) {
      this.output.appendLine(`[client] pipeline graph: ${e instanceof Error ? e.message : String(e)}`);
      void this.panel.webview.postMessage({
        type: 'graph',
        graph: null,
        error: 'The server could not compute the pipeline graph (see Script Contracts: Show Output).',
      });
    }
  }

  private async open(uri: string, range: vscode.Range): Promise<void> {
    const target = vscode.Uri.parse(uri);
    // Only files of the workspace: the page names what the server sent it, and nothing else is opened.
    if (target.scheme !== 'file' || !vscode.workspace.getWorkspaceFolder(target)) return;
    const r = new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
    await vscode.window.showTextDocument(target, { viewColumn: vscode.ViewColumn.One, selection: r, preserveFocus: false });
  }

  private html(): string {
    const webview = this.panel.webview;
    const script = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'pipeline-webview.js'));
    const style = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'pipeline-webview.css'));
    // Only this extension's own script and stylesheet; no inline code, no remote resource.
    const csp = [
      `default-src 'none'`,
      `script-src ${webview.cspSource}`,
      `style-src ${webview.cspSource}`,
      `img-src ${webview.cspSource} data:`,
      `font-src ${webview.cspSource}`,
    ].join('; ');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}">
<title>Pipeline</title>
</head>
<body>
<div id="pipeline-root" data-state="loading">
  <div id="toolbar"><strong>Pipeline</strong><div id="legend"></div><button id="fit" type="button">Fit</button><button id="refresh" type="button">Refresh</button><span id="status">Loading…</span></div>
  <svg id="graph" role="img" aria-label="Pipeline graph"></svg>
  <div id="details"></div>
</div>
<script src="${script}"></script>
</body>
</html>`;
  }

  dispose(): void {
    if (PipelinePanel.current === this) PipelinePanel.current = undefined;
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}
