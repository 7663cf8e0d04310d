import type { Hover, HoverParams } from 'vscode-languageserver/node';
import { hover as hoverAt, toCellRange } from '../../../core';
import type { Session } from '../../session';
import { inFolder } from '../in-folder';

export function hover(s: Session, p: HoverParams): Hover | null {
  const at = s.atCell(p.textDocument.uri, p.position);
  if (at) {
    const h = hoverAt(at.folder.project, at.file, at.position);
    const range = h && toCellRange(at.folder.project.files.get(at.file)!.notebook!.segments, h.range);
    return h ? { contents: { kind: 'markdown' as const, value: h.markdown }, range: range?.cell === at.cell ? range.range : undefined } : null;
  }
  return inFolder(s, p.textDocument.uri, null, (folder, file) => {
    const h = hoverAt(folder.project, file, p.position);
    return h ? { contents: { kind: 'markdown' as const, value: h.markdown }, range: h.range } : null;
  });
}
