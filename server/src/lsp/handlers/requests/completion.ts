import { CompletionItemKind, type CompletionList, type CompletionParams } from 'vscode-languageserver/node';
import { complete, type Position, type Project, type Range, toCellRange } from '../../../core';
import type { Session } from '../../session';
import { inFolder } from '../in-folder';

const KINDS = {
  channel: CompletionItemKind.Constant,
  env: CompletionItemKind.Variable,
  flag: CompletionItemKind.Property,
  path: CompletionItemKind.File,
  stepType: CompletionItemKind.Class,
};

export function completion(s: Session, p: CompletionParams): CompletionList | null {
  const at = s.atCell(p.textDocument.uri, p.position);
  if (at) {
    // A notebook cell: complete in the source the cell is in, and bring the ranges back into the cell.
    const segments = at.folder.project.files.get(at.file)!.notebook!.segments;
    const back = (r: Range) => {
      const c = toCellRange(segments, r);
      return c && c.cell === at.cell ? c.range : undefined;
    };
    return list(at.folder.project, at.file, s.readText(at.file), at.position, back);
  }
  if (s.cellDocs.has(p.textDocument.uri)) return null;
  return inFolder(s, p.textDocument.uri, null, (folder, file) => list(folder.project, file, s.readText(file), p.position, (r) => r));
}

function list(project: Project, file: string, text: string | undefined, position: Position, back: (r: Range) => Range | undefined): CompletionList | null {
  if (text === undefined) return null;
  const items = [];
  for (const c of complete(project, file, text, position)) {
    const range = back(c.range);
    if (!range) continue;
    items.push({
      label: c.label,
      kind: KINDS[c.kind],
      detail: c.detail,
      documentation: c.documentation ? { kind: 'markdown' as const, value: c.documentation } : undefined,
      textEdit: { range, newText: c.label },
      sortText: c.sortText,
      filterText: c.label,
    });
  }
  return { isIncomplete: false, items };
}
