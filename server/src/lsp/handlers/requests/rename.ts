import { ResponseError, type RenameParams, type WorkspaceEdit } from 'vscode-languageserver/node';
import { rename as renameAt } from '../../../core';
import { toWorkspaceEdit } from '../../convert';
import type { Session } from '../../session';
import { inFolder } from '../in-folder';
import { REQUEST_FAILED } from './prepare-rename';

export function rename(s: Session, p: RenameParams): WorkspaceEdit | null {
  return inFolder(s, p.textDocument.uri, null, (folder, file) => {
    const result = renameAt(folder.project, file, p.position, p.newName, (f) => s.readText(f));
    if ('error' in result) throw new ResponseError(REQUEST_FAILED, result.error);
    if (!s.fixIsCurrent({ edits: result }))
      throw new ResponseError(REQUEST_FAILED, 'The rename would edit a file outside the workspace, or one that changed on disk since it was read; try again.');
    return toWorkspaceEdit({ edits: s.oneNamePerFile(result) }, (f) => s.versionOf(f));
  });
}
