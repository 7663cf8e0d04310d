import type { Location, ReferenceParams } from 'vscode-languageserver/node';
import { references as referencesAt } from '../../../core';
import { toLocation } from '../../convert';
import type { Session } from '../../session';
import { inFolder } from '../in-folder';

export function references(s: Session, p: ReferenceParams): Location[] | null {
  return inFolder(s, p.textDocument.uri, null, (folder, file) => referencesAt(folder.project, file, p.position, p.context.includeDeclaration).map(toLocation));
}
