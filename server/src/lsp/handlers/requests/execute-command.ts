import { basename } from 'node:path';
import { type ExecuteCommandParams, type Location, MessageType } from 'vscode-languageserver/node';
import { toWorkspaceEdit } from '../../convert';
import type { Session } from '../../session';
import { COMMANDS } from '../commands';
import { generatedContract } from './code-action';
import { pipelineGraph } from './pipeline-graph';

export async function executeCommand(s: Session, p: ExecuteCommandParams): Promise<unknown> {
  if (p.command === COMMANDS.checkWorkspace) {
    for (const f of s.folders) await s.indexFolder(f);
    s.publishAll();
    let findings = 0;
    for (const f of s.folders) if (f.indexed) for (const file of f.project.files.keys()) findings += s.openFindings(file);
    return { files: s.folders.reduce((n, f) => n + (f.indexed ? f.project.files.size : 0), 0), findings };
  }
  if (p.command === COMMANDS.generateContract) {
    const where = s.locate(String(p.arguments?.[0] ?? ''));
    if (!where?.folder.indexed) return { error: 'The file is not in an indexed workspace folder.' };
    const { folder, file } = where;
    if (folder.project.contractsOf(file).length) return { error: `${basename(file)} already has a contract.` };
    const gen = generatedContract(s, folder, file);
    if (!gen) return { error: `Cannot generate a contract for ${basename(file)} (not a Python script, or the contract file already exists).` };
    const applied = await s.connection.workspace.applyEdit({ label: 'Generate contract', edit: toWorkspaceEdit(gen, (f) => s.versionOf(f)) });
    return { applied: applied.applied, file: gen.createFiles![0].file };
  }
  if (p.command === COMMANDS.showReferences) return showReferences(s, p.arguments?.[2]);
  if (p.command === COMMANDS.pipelineGraph) return pipelineGraph(s, { uri: typeof p.arguments?.[0] === 'string' ? p.arguments[0] : undefined });
  return null;
}

/** A code lens was clicked: open what it points at when the client can, and answer the locations. */
async function showReferences(s: Session, arg: unknown): Promise<Location[]> {
  // Only locations inside a workspace folder: the arguments come back from the client.
  const locations = (Array.isArray(arg) ? arg : []).filter(
    (l): l is Location => typeof l?.uri === 'string' && typeof l?.range?.start?.line === 'number' && s.locate(l.uri) !== undefined,
  );
  if (!locations.length) {
    s.notify(MessageType.Info, 'Script Contracts: nothing to open: the script or producer this lens names is not in the workspace.');
    return [];
  }
  if (s.caps.showDocument)
    await s.connection.window.showDocument({ uri: locations[0].uri, selection: locations[0].range, takeFocus: true }).catch(() => undefined);
  return locations;
}
