import type { CodeLens, CodeLensParams } from 'vscode-languageserver/node';
import { codeLenses, dependencyLenses } from '../../../core';
import { COMMANDS } from '../commands';
import { pathToUri, toLocation } from '../../convert';
import type { Session } from '../../session';
import { inFolder } from '../in-folder';

export function codeLens(s: Session, p: CodeLensParams): CodeLens[] | null {
  return inFolder(s, p.textDocument.uri, null, (folder, file) => [
    // Every lens has a title and a command every client can run: a server command (executeCommandProvider),
    // never a VS Code one, never "" (a lens without a command is "unresolved" to a client, and shows no title).
    ...codeLenses(folder.project, file).map((l) => ({
      range: l.range,
      command: { title: l.title, command: COMMANDS.showReferences, arguments: [pathToUri(file), l.range.start, l.target ? [toLocation(l.target)] : []] },
    })),
    // Each spec dependency: the producer outputs the pipeline graph binds it to, or "no producer".
    ...dependencyLenses(folder.project, file).map((l) => ({
      range: l.range,
      command: { title: l.title, command: COMMANDS.showReferences, arguments: [pathToUri(file), l.range.start, l.targets.map(toLocation)] },
    })),
  ]);
}
