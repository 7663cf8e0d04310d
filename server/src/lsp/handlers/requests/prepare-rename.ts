import { ResponseError, type PrepareRenameParams, type Range } from 'vscode-languageserver/node';
import { prepareRename as prepareRenameAt } from '../../../core';
import type { Session } from '../../session';
import { inFolder } from '../in-folder';

/** LSP's RequestFailed: the client shows the message instead of a rename box. */
export const REQUEST_FAILED = -32803;

export function prepareRename(s: Session, p: PrepareRenameParams): { range: Range; placeholder: string } | null {
  return inFolder(s, p.textDocument.uri, null, (folder, file) => {
    const r = prepareRenameAt(folder.project, file, p.position, (f) => s.readText(f));
    if ('error' in r) throw new ResponseError(REQUEST_FAILED, r.error);
    return { range: r.range, placeholder: r.placeholder };
  });
}
