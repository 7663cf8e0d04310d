import type { DefinitionParams, Location } from 'vscode-languageserver/node';
import { definition as definitionAt } from '../../../core';
import type { Session } from '../../session';
import { inFolder } from '../in-folder';

export function definition(s: Session, p: DefinitionParams): Location[] | null {
  const at = s.atCell(p.textDocument.uri, p.position);
  const where = at ? { folder: at.folder, file: at.file, position: at.position } : undefined;
  const run = (folder: NonNullable<typeof where>['folder'], file: string, position: DefinitionParams['position']) =>
    definitionAt(folder.project, file, position).map((l) => {
      // A definition in a notebook's cells is shown in its cell (or in the closed notebook's file).
      const t = s.targetOf({ ...l, cell: l.cell ?? folder.project.cellOf(l.file, l.range) });
      return { uri: t.uri, range: t.range };
    });
  if (where) return run(where.folder, where.file, where.position);
  return inFolder(s, p.textDocument.uri, null, (folder, file) => run(folder, file, p.position));
}
