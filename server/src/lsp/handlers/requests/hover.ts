import type { Hover, HoverParams } from 'vscode-languageserver/node';
import { hover as hoverAt } from '../../../core';
import type { Session } from '../../session';
import { inFolder } from '../in-folder';

export function hover(s: Session, p: HoverParams): Hover | null {
  return inFolder(s, p.textDocument.uri, null, (folder, file) => {
    const h = hoverAt(folder.project, file, p.position);
    return h ? { contents: { kind: 'markdown' as const, value: h.markdown }, range: h.range } : null;
  });
}
