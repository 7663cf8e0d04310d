import type { CodeLens, CodeLensParams } from 'vscode-languageserver/node';
import { codeLenses } from '../../../core';
import { pathToUri, toLocation } from '../../convert';
import type { Session } from '../../session';
import { inFolder } from '../in-folder';

export function codeLens(s: Session, p: CodeLensParams): CodeLens[] | null {
  return inFolder(s, p.textDocument.uri, null, (folder, file) =>
    codeLenses(folder.project, file).map((l) => ({
      range: l.range,
      command: l.target
        ? { title: l.title, command: 'editor.action.showReferences', arguments: [pathToUri(file), l.range.start, [toLocation(l.target)]] }
        : { title: l.title, command: '' },
    })),
  );
}
