import type { CodeLens, CodeLensParams } from 'vscode-languageserver/node';
import { COMMANDS } from '../commands';
import { codeLenses } from '../../../core';
import { pathToUri, toLocation } from '../../convert';
import type { Session } from '../../session';
import { inFolder } from '../in-folder';

export function codeLens(s: Session, p: CodeLensParams): CodeLens[] | null {
  return inFolder(s, p.textDocument.uri, null, (folder, file) =>
    // Every lens has a title and a command every client can run: a server command (executeCommandProvider),
    // never a VS Code one, never "" (a lens without a command is "unresolved" to a client, and shows no title).
    codeLenses(folder.project, file).map((l) => ({
      range: l.range,
      command: { title: l.title, command: COMMANDS.showReferences, arguments: [pathToUri(file), l.range.start, l.target ? [toLocation(l.target)] : []] },
    })),
  );
}
