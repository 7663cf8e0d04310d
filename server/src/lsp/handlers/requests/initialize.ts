import { CodeActionKind, type InitializeParams, type InitializeResult, type WorkspaceFolder } from 'vscode-languageserver/node';
import { fileOfUri, pathToUri } from '../../convert';
import { Folder } from '../../folders';
import type { Session } from '../../session';
import { DEFAULT_SETTINGS, overlay, sectionOf } from '../../settings';
import { COMMANDS, FIX_ALL_KIND } from '../commands';

export function initialize(s: Session, params: InitializeParams): InitializeResult {
  const caps = params.capabilities;
  s.caps = {
    pull: !!caps.textDocument?.diagnostic,
    progress: !!caps.window?.workDoneProgress,
    watchRegistration: !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration,
    workspaceFolderEvents: !!caps.workspace?.workspaceFolders,
    configuration: !!caps.workspace?.configuration,
    showDocument: !!caps.window?.showDocument?.support,
  };
  const wsFolders: WorkspaceFolder[] =
    params.workspaceFolders ??
    (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : params.rootPath ? [{ uri: pathToUri(params.rootPath), name: 'root' }] : []);
  for (const wf of wsFolders) {
    // Only local folders: a `vscode-remote:` or `http:` folder names nothing this process may read.
    const root = fileOfUri(wf.uri);
    if (root !== undefined) s.folders.push(new Folder(root));
    else s.log(`ignoring workspace folder ${wf.uri}: not a local file URI`);
  }
  s.initialSettings = overlay(DEFAULT_SETTINGS, sectionOf(params.initializationOptions));
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: 2 /* incremental */, save: { includeText: false } },
      // Jupyter notebooks' Python cells come through notebookDocument/* (their `%%writefile` and code cells are sources).
      notebookDocumentSync: { notebookSelector: [{ notebook: 'jupyter-notebook', cells: [{ language: 'python' }] }], save: false },
      completionProvider: { triggerCharacters: ['"', "'"], resolveProvider: false },
      hoverProvider: true,
      definitionProvider: true,
      referencesProvider: true,
      renameProvider: { prepareProvider: true },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND, CodeActionKind.SourceFixAll, CodeActionKind.Refactor] },
      codeLensProvider: { resolveProvider: false },
      documentSymbolProvider: true,
      workspaceSymbolProvider: true,
      documentLinkProvider: { resolveProvider: false },
      executeCommandProvider: { commands: Object.values(COMMANDS) },
      diagnosticProvider: s.caps.pull ? { identifier: 'script-contracts', interFileDependencies: true, workspaceDiagnostics: true } : undefined,
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      // The custom request scriptContracts/pipelineGraph; other clients can use the command instead.
      experimental: { pipelineGraphProvider: true },
    },
    serverInfo: { name: 'script-contracts', version: '0.1.0' },
  };
}
