import type { DocumentLink, DocumentLinkParams } from 'vscode-languageserver/node';
import { pathToUri } from '../../convert';
import type { Session } from '../../session';
import { inFolder } from '../in-folder';

export function documentLink(s: Session, p: DocumentLinkParams): DocumentLink[] | null {
  return inFolder(s, p.textDocument.uri, null, (folder, file) => {
    const d = folder.project.declarations();
    return d.contracts
      .filter((c) => c.file === file && c.entryPoint)
      .flatMap((c) => {
        const script = folder.project.scriptsOf(c)[0];
        return script ? [{ range: c.entryPoint!.range, target: pathToUri(script), tooltip: 'Open the script' }] : [];
      });
  });
}
