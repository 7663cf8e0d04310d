import type { DefinitionParams, Location } from 'vscode-languageserver/node';
import { definition as definitionAt } from '../../../core';
import { toLocation } from '../../convert';
import type { Session } from '../../session';
import { inFolder } from '../in-folder';

export function definition(s: Session, p: DefinitionParams): Location[] | null {
  return inFolder(s, p.textDocument.uri, null, (folder, file) => definitionAt(folder.project, file, p.position).map(toLocation));
}
