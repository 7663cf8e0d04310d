import { basename } from 'node:path';
import type { ExecuteCommandParams } from 'vscode-languageserver/node';
import { toWorkspaceEdit } from '../../convert';
import type { Session } from '../../session';
import { COMMANDS } from '../commands';
import { generatedContract } from './code-action';

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
  return null;
}
