// The language server: protocol plumbing around the analysis core. Every
// handler is guarded so that a failure answers that one request with an error
// (or nothing) and the server keeps serving.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import {
  CodeActionKind, CompletionItemKind, createConnection, DocumentDiagnosticReportKind, FileChangeType, ProposedFeatures, ResponseError,
  SymbolKind, TextDocumentSyncKind, type CodeAction, type Connection, type Diagnostic, type InitializeParams, type WorkspaceFolder,
} from 'vscode-languageserver/node';
import type { Finding, Fix } from '../core/model';
import { complete } from '../core/features/completion';
import { codeLenses, definition, documentSymbols, hover, prepareRename, references, rename, workspaceSymbols, type SymbolInfo } from '../core/features/navigation';
import { contractForScript } from '../core/rules/script-rules';
import { applyChanges, Folder, folderFor, type OpenDocument } from './folders';
import { fixAction, pathToUri, toDiagnostic, toLocation, toWorkspaceEdit, uriToPath, type DiagnosticData } from './convert';

const FIX_ALL_KIND = 'source.fixAll.script-contracts';
const COMMANDS = { checkWorkspace: 'scriptContracts.server.checkWorkspace', generateContract: 'scriptContracts.server.generateContract' };

interface Settings {
  enable: boolean;
  workspaceDiagnostics: boolean;
}

export function startServer(connection: Connection = createConnection(ProposedFeatures.all)): void {
  const folders: Folder[] = [];
  const docs = new Map<string, OpenDocument>(); // by file path
  let pull = false;
  let progressSupported = false;
  let watchRegistration = false;
  let workspaceFolderEvents = false;
  /** Editor settings: defaults from initializationOptions, then per folder from workspace/configuration. */
  let defaults: Settings = { enable: true, workspaceDiagnostics: true };
  let configurationSupported = false;
  const folderSettings = new Map<Folder, Settings>();
  const settingsOf = (folder: Folder | undefined): Settings => (folder && folderSettings.get(folder)) ?? defaults;
  const loadSettings = async () => {
    if (!configurationSupported) return;
    const items = folders.map((f) => ({ scopeUri: pathToUri(f.root), section: 'scriptContracts' }));
    const answers = await connection.workspace.getConfiguration(items).catch(() => undefined);
    folders.forEach((f, i) => {
      const c = answers?.[i] as Partial<Settings> | null | undefined;
      folderSettings.set(f, { enable: c?.enable ?? defaults.enable, workspaceDiagnostics: c?.workspaceDiagnostics ?? defaults.workspaceDiagnostics });
    });
  };
  let lastCheckMs = 0;
  const published = new Set<string>();

  const log = (msg: string) => connection.console.log(msg);
  const warnedOnce = new Set<string>();
  const warnOnce = (key: string, msg: string) => {
    if (warnedOnce.has(key)) return;
    warnedOnce.add(key);
    void connection.window.showWarningMessage(msg);
  };

  const guard = <P, R>(name: string, fallback: R, fn: (p: P) => R | Promise<R>) => async (p: P): Promise<R> => {
    try {
      return await fn(p);
    } catch (e) {
      log(`${name} failed: ${(e as Error).stack ?? e}`);
      return fallback;
    }
  };

  const folderOf = (file: string) => folderFor(folders, file);
  const readText = (file: string): string | undefined => {
    const doc = docs.get(file);
    if (doc) return doc.text;
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  };
  const versionOf = (file: string): number | null => docs.get(file)?.version ?? null;
  const insideWorkspace = (file: string) => !!folderOf(file);

  const findingsFor = (file: string): Finding[] => {
    const folder = folderOf(file);
    if (!folder?.indexed || !settingsOf(folder).enable) return [];
    return folder.project.check(file);
  };

  const sendStatus = (state: 'indexing' | 'ready' | 'error') => {
    let contracts = 0, specs = 0, scripts = 0, files = 0, findings = 0;
    const configErrors: string[] = [];
    for (const f of folders) {
      if (!f.indexed) continue;
      const d = f.project.declarations();
      contracts += d.contracts.length;
      specs += d.specs.length;
      scripts += new Set(d.contracts.flatMap((c) => f.project.scriptsOf(c))).size;
      files += f.project.files.size;
      // Counted only when the index settles (not per keystroke): a full check over facts, no parsing.
      if (state === 'ready') for (const file of f.project.files.keys()) findings += findingsFor(file).length;
      for (const e of f.project.files.values()) for (const err of e.config.errors) if (err.file === e.file) configErrors.push(`${err.file}: ${err.key ? err.key + ': ' : ''}${err.message}`);
    }
    void connection.sendNotification('scriptContracts/status', { state, contracts, specs, scripts, files, findings, lastCheckMs, lastCheckAt: new Date().toISOString(), configErrors });
  };

  const publish = (files: Iterable<string>) => {
    if (pull) {
      void connection.languages.diagnostics.refresh().catch(() => undefined);
      return;
    }
    const t0 = performance.now();
    for (const file of files) {
      const open = docs.get(file);
      if (!open && !settingsOf(folderOf(file)).workspaceDiagnostics) {
        if (published.delete(file)) void connection.sendDiagnostics({ uri: pathToUri(file), diagnostics: [] });
        continue;
      }
      const diagnostics = findingsFor(file).map(toDiagnostic);
      // Closed clean files need no message; an open document gets one per version, even when clean.
      if (!diagnostics.length && !published.has(file) && !open) continue;
      if (diagnostics.length) published.add(file);
      else published.delete(file);
      void connection.sendDiagnostics({ uri: open?.uri ?? pathToUri(file), version: open?.version, diagnostics });
    }
    lastCheckMs = performance.now() - t0;
  };

  const publishAll = () => {
    const files = new Set<string>(published);
    for (const f of folders) if (f.indexed) for (const file of f.project.files.keys()) files.add(file);
    publish(files);
    sendStatus('ready');
  };

  const indexFolder = async (folder: Folder) => {
    const token = progressSupported ? await connection.window.createWorkDoneProgress().catch(() => undefined) : undefined;
    token?.begin('Script Contracts', 0, `indexing ${basename(folder.root)}`, false);
    sendStatus('indexing');
    try {
      const r = await folder.index((done, total) => token?.report(total ? Math.round((done / total) * 100) : 0, `${done}/${total} files`));
      log(`indexed ${folder.root}: ${r.files} files in ${Math.round(r.ms)} ms`);
      // Open documents win over disk.
      for (const doc of docs.values()) if (folder.contains(doc.file)) folder.updateOpen(doc);
      for (const e of folder.project.files.values()) {
        for (const err of e.config.errors) if (err.file === e.file) warnOnce(`config:${err.file}:${err.key}`, `Script Contracts: configuration error in ${err.file}: ${err.key ? err.key + ': ' : ''}${err.message}`);
      }
    } finally {
      token?.done();
    }
  };

  connection.onInitialize((params: InitializeParams) => {
    const caps = params.capabilities;
    pull = !!caps.textDocument?.diagnostic;
    progressSupported = !!caps.window?.workDoneProgress;
    watchRegistration = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    workspaceFolderEvents = !!caps.workspace?.workspaceFolders;
    const wsFolders: WorkspaceFolder[] = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : params.rootPath ? [{ uri: pathToUri(params.rootPath), name: 'root' }] : []);
    for (const wf of wsFolders) folders.push(new Folder(uriToPath(wf.uri)));
    const opts = params.initializationOptions as Partial<Settings> | undefined;
    if (opts) defaults = { enable: opts.enable ?? true, workspaceDiagnostics: opts.workspaceDiagnostics ?? true };
    configurationSupported = !!caps.workspace?.configuration;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: false },
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
        executeCommandProvider: { commands: [COMMANDS.checkWorkspace, COMMANDS.generateContract] },
        diagnosticProvider: pull ? { identifier: 'script-contracts', interFileDependencies: true, workspaceDiagnostics: true } : undefined,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'script-contracts', version: '0.1.0' },
    };
  });

  connection.onInitialized(async () => {
    if (watchRegistration) {
      void connection.client.register(
        (await import('vscode-languageserver/node')).DidChangeWatchedFilesNotification.type,
        { watchers: ['**/*.py', '**/*.step.yaml', '**/*.step.yml', '**/pyproject.toml', '**/script-contracts.toml'].map((globPattern) => ({ globPattern })) },
      ).catch(() => undefined);
    }
    await loadSettings();
    if (workspaceFolderEvents) {
      connection.workspace.onDidChangeWorkspaceFolders(guard('workspaceFolders', undefined, async (e) => {
        for (const removed of e.removed) {
          const i = folders.findIndex((f) => f.root === uriToPath(removed.uri));
          if (i >= 0) {
            for (const file of folders[i].project?.files.keys() ?? []) if (published.delete(file)) void connection.sendDiagnostics({ uri: pathToUri(file), diagnostics: [] });
            folderSettings.delete(folders[i]);
            folders.splice(i, 1);
          }
        }
        for (const added of e.added) folders.push(new Folder(uriToPath(added.uri)));
        await loadSettings();
        for (const f of folders) if (!f.indexed) await indexFolder(f);
        publishAll();
      }));
    }
    for (const f of folders) await indexFolder(f).catch((e) => log(`indexing ${f.root} failed: ${e?.stack ?? e}`));
    publishAll();
  });

  connection.onDidChangeConfiguration(guard('configuration', undefined, async () => {
    await loadSettings();
    publishAll();
  }));

  // Documents ---------------------------------------------------------------
  const onDocument = (doc: OpenDocument) => {
    const folder = folderOf(doc.file);
    if (!folder?.indexed) return;
    const affected = folder.updateOpen(doc);
    publish(affected);
  };

  connection.onDidOpenTextDocument(guard('didOpen', undefined, (p) => {
    const file = uriToPath(p.textDocument.uri);
    const doc: OpenDocument = { uri: p.textDocument.uri, file, text: p.textDocument.text, version: p.textDocument.version };
    docs.set(file, doc);
    onDocument(doc);
  }));

  connection.onDidChangeTextDocument(guard('didChange', undefined, (p) => {
    const file = uriToPath(p.textDocument.uri);
    const doc = docs.get(file);
    if (!doc) return;
    // Out-of-order versions are ignored rather than applied to the wrong text.
    if (p.textDocument.version !== null && p.textDocument.version < doc.version) return;
    applyChanges(doc, p.contentChanges as { range?: Diagnostic['range']; text: string }[]);
    doc.version = p.textDocument.version ?? doc.version + 1;
    onDocument(doc);
  }));

  connection.onDidCloseTextDocument(guard('didClose', undefined, (p) => {
    const file = uriToPath(p.textDocument.uri);
    const doc = docs.get(file);
    if (!doc) return;
    doc.tree?.delete();
    docs.delete(file);
    const folder = folderOf(file);
    if (folder?.indexed) publish(folder.updateFromDisk(file));
  }));

  connection.onDidChangeWatchedFiles(guard('watchedFiles', undefined, async (p) => {
    const affected = new Set<string>();
    const reindex = new Set<Folder>();
    for (const change of p.changes) {
      const file = uriToPath(change.uri);
      const folder = folderOf(file);
      if (!folder?.indexed) continue;
      const name = basename(file);
      if (name === 'pyproject.toml' || name === 'script-contracts.toml') {
        reindex.add(folder);
        continue;
      }
      if (docs.has(file)) continue; // the editor's text wins
      const result = change.type === FileChangeType.Deleted ? folder.remove(file) : folder.updateFromDisk(file);
      for (const f of result) affected.add(f);
      if (change.type === FileChangeType.Deleted && published.delete(file)) void connection.sendDiagnostics({ uri: change.uri, diagnostics: [] });
    }
    for (const folder of reindex) {
      await indexFolder(folder);
      for (const file of folder.project.files.keys()) affected.add(file);
    }
    publish(affected);
    sendStatus('ready');
  }));

  // Diagnostics (pull) ------------------------------------------------------
  connection.languages.diagnostics.on(guard('diagnostic', { kind: DocumentDiagnosticReportKind.Full, items: [] as Diagnostic[] }, (p) => {
    const file = uriToPath(p.textDocument.uri);
    const t0 = performance.now();
    const items = findingsFor(file).map(toDiagnostic);
    lastCheckMs = performance.now() - t0;
    return { kind: DocumentDiagnosticReportKind.Full, items };
  }));

  connection.languages.diagnostics.onWorkspace(guard('workspaceDiagnostic', { items: [] }, () => {
    const items: import('vscode-languageserver/node').WorkspaceDocumentDiagnosticReport[] = [];
    for (const f of folders) {
      if (!f.indexed || !settingsOf(f).workspaceDiagnostics) continue;
      for (const file of f.project.files.keys()) {
        if (docs.has(file)) continue; // open documents are reported by document pulls
        const diagnostics = findingsFor(file).map(toDiagnostic);
        if (diagnostics.length) items.push({ kind: DocumentDiagnosticReportKind.Full, uri: pathToUri(file), version: null, items: diagnostics });
      }
    }
    sendStatus('ready');
    return { items };
  }));

  // Language features -------------------------------------------------------
  const withFolder = <R>(uri: string, fallback: R, fn: (folder: Folder, file: string) => R): R => {
    const file = uriToPath(uri);
    const folder = folderOf(file);
    if (!folder?.indexed || !settingsOf(folder).enable) return fallback;
    return fn(folder, file);
  };

  connection.onCompletion(guard('completion', null, (p) => withFolder(p.textDocument.uri, null, (folder, file) => {
    const text = readText(file);
    if (text === undefined) return null;
    const kinds = { channel: CompletionItemKind.Constant, env: CompletionItemKind.Variable, flag: CompletionItemKind.Property, path: CompletionItemKind.File, stepType: CompletionItemKind.Class };
    return {
      isIncomplete: false,
      items: complete(folder.project, file, text, p.position).map((c) => ({
        label: c.label,
        kind: kinds[c.kind],
        detail: c.detail,
        documentation: c.documentation ? { kind: 'markdown' as const, value: c.documentation } : undefined,
        textEdit: { range: c.range, newText: c.label },
        sortText: c.sortText,
        filterText: c.label,
      })),
    };
  })));

  connection.onHover(guard('hover', null, (p) => withFolder(p.textDocument.uri, null, (folder, file) => {
    const h = hover(folder.project, file, p.position);
    return h ? { contents: { kind: 'markdown' as const, value: h.markdown }, range: h.range } : null;
  })));

  connection.onDefinition(guard('definition', null, (p) => withFolder(p.textDocument.uri, null, (folder, file) => definition(folder.project, file, p.position).map(toLocation))));

  connection.onReferences(guard('references', null, (p) => withFolder(p.textDocument.uri, null, (folder, file) => references(folder.project, file, p.position, p.context.includeDeclaration).map(toLocation))));

  connection.onPrepareRename((p) => {
    try {
      return withFolder(p.textDocument.uri, null, (folder, file) => {
        const r = prepareRename(folder.project, file, p.position);
        if ('error' in r) throw new ResponseError(-32803, r.error);
        return { range: r.range, placeholder: r.placeholder };
      });
    } catch (e) {
      if (e instanceof ResponseError) throw e;
      log(`prepareRename failed: ${(e as Error).stack}`);
      return null;
    }
  });

  connection.onRenameRequest((p) => {
    const result = withFolder(p.textDocument.uri, null, (folder, file) => rename(folder.project, file, p.position, p.newName, readText));
    if (!result) return null;
    if ('error' in result) throw new ResponseError(-32803, result.error);
    if (!result.every((e) => insideWorkspace(e.file))) throw new ResponseError(-32803, 'The rename would edit files outside the workspace.');
    return toWorkspaceEdit({ edits: result }, versionOf);
  });

  connection.onCodeAction(guard('codeAction', [] as CodeAction[], (p) => withFolder(p.textDocument.uri, [] as CodeAction[], (folder, file) => {
    const actions: CodeAction[] = [];
    const only = p.context.only;
    const wants = (kind: string) => !only || only.some((k) => kind === k || kind.startsWith(k + '.'));
    const safeEdits = (fix: Fix) => fix.edits.every((e) => insideWorkspace(e.file)) && (fix.createFiles ?? []).every((c) => insideWorkspace(c.file));
    if (wants(CodeActionKind.QuickFix)) {
      for (const d of p.context.diagnostics) {
        const data = d.data as DiagnosticData | undefined;
        if (d.source !== 'script-contracts' || !data) continue;
        for (const fix of data.fixes) if (safeEdits(fix)) actions.push(fixAction(fix, d, versionOf));
        actions.push(suppressAction(file, d, data.rule));
      }
    }
    if (wants(FIX_ALL_KIND) || wants(CodeActionKind.SourceFixAll)) {
      const fixes = folder.project.check(file).flatMap((f) => f.fixes.filter((x) => x.safe && !x.createFiles?.length && safeEdits(x)).slice(0, 1));
      const chosen: Fix['edits'] = [];
      for (const fix of fixes) {
        if (fix.edits.some((e) => chosen.some((c) => c.file === e.file && overlaps(c.range, e.range)))) continue;
        chosen.push(...fix.edits);
      }
      if (chosen.length) actions.push({ title: 'Fix all safe Script Contracts problems', kind: FIX_ALL_KIND, edit: toWorkspaceEdit({ edits: chosen }, versionOf) });
    }
    if (wants(CodeActionKind.Refactor) && file.endsWith('.py') && !folder.project.contractsOf(file).length && !folder.project.declarations().declarationFiles.has(file)) {
      const gen = generateContractFix(folder, file);
      if (gen) actions.push({ title: 'Generate contract for this script', kind: CodeActionKind.Refactor, edit: toWorkspaceEdit(gen, versionOf) });
    }
    return actions;
  })));

  const suppressAction = (file: string, d: Diagnostic, rule: string): CodeAction => {
    const lineText = (readText(file) ?? '').split(/\r\n|\r|\n/)[d.range.start.line] ?? '';
    const existing = /#\s*script-contracts:\s*ignore\[([^\]]*)\]/.exec(lineText);
    const edit = existing
      ? { range: { start: { line: d.range.start.line, character: existing.index }, end: { line: d.range.start.line, character: existing.index + existing[0].length } }, newText: `# script-contracts: ignore[${[...existing[1].split(',').map((s) => s.trim()).filter(Boolean), rule].join(', ')}]` }
      : { range: { start: { line: d.range.start.line, character: lineText.length }, end: { line: d.range.start.line, character: lineText.length } }, newText: `  # script-contracts: ignore[${rule}]` };
    return { title: `Suppress ${rule} on this line`, kind: CodeActionKind.QuickFix, diagnostics: [d], edit: toWorkspaceEdit({ edits: [{ file, ...edit }] }, versionOf) };
  };

  const generateContractFix = (folder: Folder, file: string): Pick<Fix, 'edits' | 'createFiles'> | undefined => {
    const generated = contractForScript(folder.project, file);
    return generated ? { edits: [], createFiles: [generated] } : undefined;
  };

  connection.onCodeLens(guard('codeLens', null, (p) => withFolder(p.textDocument.uri, null, (folder, file) =>
    codeLenses(folder.project, file).map((l) => ({
      range: l.range,
      command: l.target
        ? { title: l.title, command: 'editor.action.showReferences', arguments: [pathToUri(file), l.range.start, [toLocation(l.target)]] }
        : { title: l.title, command: '' },
    })),
  )));

  const symbolKind = (k: SymbolInfo['kind']) => ({ contract: SymbolKind.Interface, spec: SymbolKind.Class, channel: SymbolKind.Field, env: SymbolKind.Variable, argument: SymbolKind.Property, stepType: SymbolKind.Enum })[k];
  const toDocSymbol = (s: SymbolInfo): import('vscode-languageserver/node').DocumentSymbol => ({
    name: s.name,
    detail: s.detail,
    kind: symbolKind(s.kind),
    range: s.range,
    selectionRange: s.selectionRange,
    children: s.children?.map(toDocSymbol),
  });
  connection.onDocumentSymbol(guard('documentSymbol', null, (p) => withFolder(p.textDocument.uri, null, (folder, file) => documentSymbols(folder.project, file).map(toDocSymbol))));
  connection.onWorkspaceSymbol(guard('workspaceSymbol', [], (p) =>
    folders.filter((f) => f.indexed).flatMap((f) => workspaceSymbols(f.project, p.query)).map((s) => ({ name: s.name, kind: symbolKind(s.kind), containerName: s.detail, location: toLocation({ file: s.file, range: s.range }) })),
  ));

  connection.onDocumentLinks(guard('documentLinks', null, (p) => withFolder(p.textDocument.uri, null, (folder, file) => {
    const d = folder.project.declarations();
    return d.contracts.filter((c) => c.file === file && c.entryPoint).flatMap((c) => {
      const script = folder.project.scriptsOf(c)[0];
      return script ? [{ range: c.entryPoint!.range, target: pathToUri(script), tooltip: 'Open the script' }] : [];
    });
  })));

  connection.onExecuteCommand(guard('executeCommand', null, async (p) => {
    if (p.command === COMMANDS.checkWorkspace) {
      for (const f of folders) await indexFolder(f);
      publishAll();
      let findings = 0;
      for (const f of folders) if (f.indexed) for (const file of f.project.files.keys()) findings += f.project.check(file).length;
      return { files: folders.reduce((n, f) => n + (f.indexed ? f.project.files.size : 0), 0), findings };
    }
    if (p.command === COMMANDS.generateContract) {
      const uri = String(p.arguments?.[0] ?? '');
      const file = uriToPath(uri);
      const folder = folderOf(file);
      if (!folder?.indexed) return { error: 'The file is not in an indexed workspace folder.' };
      if (folder.project.contractsOf(file).length) return { error: `${basename(file)} already has a contract.` };
      const gen = generateContractFix(folder, file);
      if (!gen) return { error: `Cannot generate a contract for ${basename(file)} (not a Python script, or the contract file already exists).` };
      const applied = await connection.workspace.applyEdit({ label: 'Generate contract', edit: toWorkspaceEdit(gen, versionOf) });
      return { applied: applied.applied, file: gen.createFiles![0].file };
    }
    return null;
  }));

  connection.onShutdown(() => {
    for (const doc of docs.values()) doc.tree?.delete();
    docs.clear();
  });

  process.on('uncaughtException', (e) => log(`uncaught: ${e.stack ?? e}`));
  process.on('unhandledRejection', (e) => log(`unhandled rejection: ${(e as Error)?.stack ?? e}`));
  connection.listen();
}

function overlaps(a: Finding['range'], b: Finding['range']): boolean {
  const cmp = (p: Finding['range']['start'], q: Finding['range']['start']) => p.line - q.line || p.character - q.character;
  if (cmp(a.start, b.start) === 0) return true;
  return cmp(a.start, b.end) < 0 && cmp(b.start, a.end) < 0;
}
