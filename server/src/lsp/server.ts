// The language server: wires each LSP method to its handler (handlers/, one
// file per method, as ruff's server has) over one Session. Every handler is
// guarded, so that a failure answers that one request with an error (or
// nothing) and the server keeps serving; after `shutdown` requests are
// refused, as the specification says. The only failure that ends the process
// is the parser's (see ParserFailure): the client then starts a new server.
import {
  type CancellationToken,
  type Connection,
  createConnection,
  ErrorCodes,
  MessageType,
  ProposedFeatures,
  ResponseError,
  type ResultProgressReporter,
  type WorkspaceDiagnosticParams,
  type WorkspaceDiagnosticReportPartialResult,
} from 'vscode-languageserver/node';
import { ParserFailure } from '../core';
import { didChange } from './handlers/notifications/did-change';
import { didChangeConfiguration } from './handlers/notifications/did-change-configuration';
import { didChangeWatchedFiles, replayPendingChanges } from './handlers/notifications/did-change-watched-files';
import { didChangeWorkspaceFolders } from './handlers/notifications/did-change-workspace-folders';
import { didClose } from './handlers/notifications/did-close';
import { didOpen } from './handlers/notifications/did-open';
import { didSave } from './handlers/notifications/did-save';
import { notebookDidChange } from './handlers/notifications/notebook-did-change';
import { notebookDidClose } from './handlers/notifications/notebook-did-close';
import { notebookDidOpen } from './handlers/notifications/notebook-did-open';
import { initialized } from './handlers/notifications/initialized';
import { codeAction } from './handlers/requests/code-action';
import { codeLens } from './handlers/requests/code-lens';
import { completion } from './handlers/requests/completion';
import { definition } from './handlers/requests/definition';
import { documentDiagnostic } from './handlers/requests/document-diagnostic';
import { documentLink } from './handlers/requests/document-link';
import { documentSymbol } from './handlers/requests/document-symbol';
import { executeCommand } from './handlers/requests/execute-command';
import { hover } from './handlers/requests/hover';
import { initialize } from './handlers/requests/initialize';
import { PIPELINE_GRAPH_REQUEST, pipelineGraph } from './handlers/requests/pipeline-graph';
import { prepareRename } from './handlers/requests/prepare-rename';
import { references } from './handlers/requests/references';
import { rename } from './handlers/requests/rename';
import { shutdown } from './handlers/requests/shutdown';
import { workspaceDiagnostic } from './handlers/requests/workspace-diagnostic';
import { workspaceSymbol } from './handlers/requests/workspace-symbol';
import { Session } from './session';

export function startServer(connection: Connection = createConnection(ProposedFeatures.all)): void {
  const s = new Session(connection);

  const fatal = (e: ParserFailure) => {
    connection.console.error(`${e.message}; restarting the server`);
    s.notify(MessageType.Error, `Script Contracts: ${e.message}. The server restarts.`);
    // Let the messages go out, then exit non-zero: the client starts a fresh process.
    setTimeout(() => process.exit(1), 100);
  };
  const failed = (name: string, e: unknown) => {
    if (e instanceof ParserFailure) return fatal(e);
    s.log(`${name} failed: ${(e as Error)?.stack ?? e}`);
  };

  /**
   * A request: refused after shutdown; an error answers `fallback` (ResponseErrors go to the client as they are).
   * The connection's other arguments (cancellation token, progress reporters) follow the params.
   */
  const request =
    <P, R, A extends unknown[] = []>(name: string, fallback: R, fn: (s: Session, p: P, ...rest: A) => R | Promise<R>) =>
    async (p: P, ...rest: A): Promise<R> => {
      if (s.shuttingDown) throw new ResponseError(ErrorCodes.InvalidRequest, `${name} after shutdown`);
      try {
        return await fn(s, p, ...rest);
      } catch (e) {
        if (e instanceof ResponseError) throw e;
        failed(name, e);
        return fallback;
      }
    };
  /** A notification: ignored after shutdown; errors are logged. */
  const notification =
    <P>(name: string, fn: (s: Session, p: P) => void | Promise<void>) =>
    async (p: P): Promise<void> => {
      if (s.shuttingDown) return;
      try {
        await fn(s, p);
      } catch (e) {
        failed(name, e);
      }
    };

  s.afterIndex = (folder) => void replayPendingChanges(s, folder)?.catch((e) => failed('watchedFiles', e));
  s.onDiskChanges = (changes) => void notification('diskChanges', didChangeWatchedFiles)({ changes });

  connection.onInitialize((p) => initialize(s, p));
  connection.onInitialized(
    notification('initialized', async (session) => {
      // Registered before the first index, so that no folder change is missed while it runs.
      if (session.caps.workspaceFolderEvents) connection.workspace.onDidChangeWorkspaceFolders(notification('workspaceFolders', didChangeWorkspaceFolders));
      await initialized(session);
    }),
  );
  connection.onShutdown(request('shutdown', undefined, shutdown));
  connection.onDidChangeConfiguration(notification('configuration', didChangeConfiguration));
  connection.onDidOpenTextDocument(notification('didOpen', didOpen));
  connection.onDidChangeTextDocument(notification('didChange', didChange));
  connection.onDidCloseTextDocument(notification('didClose', didClose));
  connection.onDidSaveTextDocument(notification('didSave', didSave));
  connection.onDidChangeWatchedFiles(notification('watchedFiles', didChangeWatchedFiles));
  const notebooks = connection.notebooks.synchronization;
  notebooks.onDidOpenNotebookDocument(notification('notebookDidOpen', notebookDidOpen));
  notebooks.onDidChangeNotebookDocument(notification('notebookDidChange', notebookDidChange));
  // Saving changes nothing the server reads: the cells it has are the ones saved.
  notebooks.onDidSaveNotebookDocument(notification('notebookDidSave', () => undefined));
  notebooks.onDidCloseNotebookDocument(notification('notebookDidClose', notebookDidClose));

  connection.languages.diagnostics.on(request('diagnostic', { kind: 'full', items: [] }, documentDiagnostic));
  connection.languages.diagnostics.onWorkspace(
    request(
      'workspaceDiagnostic',
      { items: [] },
      (
        session,
        p: WorkspaceDiagnosticParams,
        token: CancellationToken,
        _work: unknown,
        partial?: ResultProgressReporter<WorkspaceDiagnosticReportPartialResult>,
      ) => workspaceDiagnostic(session, p, token, partial),
    ),
  );
  connection.onCompletion(request('completion', null, completion));
  connection.onHover(request('hover', null, hover));
  connection.onDefinition(request('definition', null, definition));
  connection.onReferences(request('references', null, references));
  connection.onPrepareRename(request('prepareRename', null, prepareRename));
  connection.onRenameRequest(request('rename', null, rename));
  connection.onCodeAction(request('codeAction', [], codeAction));
  connection.onCodeLens(request('codeLens', null, codeLens));
  connection.onDocumentSymbol(request('documentSymbol', null, documentSymbol));
  connection.onWorkspaceSymbol(request('workspaceSymbol', [], workspaceSymbol));
  connection.onDocumentLinks(request('documentLinks', null, documentLink));
  connection.onExecuteCommand(request('executeCommand', null, executeCommand));
  connection.onRequest(PIPELINE_GRAPH_REQUEST, request('pipelineGraph', null, pipelineGraph));

  process.on('uncaughtException', (e) => failed('uncaught', e));
  process.on('unhandledRejection', (e) => failed('unhandled rejection', e));
  connection.listen();
}
