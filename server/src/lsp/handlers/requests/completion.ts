import { CompletionItemKind, type CompletionList, type CompletionParams } from 'vscode-languageserver/node';
import { complete } from '../../../core';
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
  return inFolder(s, p.textDocument.uri, null, (folder, file) => {
    const text = s.readText(file);
    if (text === undefined) return null;
    return {
      isIncomplete: false,
      items: complete(folder.project, file, text, p.position).map((c) => ({
        label: c.label,
        kind: KINDS[c.kind],
        detail: c.detail,
        documentation: c.documentation ? { kind: 'markdown' as const, value: c.documentation } : undefined,
        textEdit: { range: c.range, newText: c.label },
        sortText: c.sortText,
        filterText: c.label,
      })),
    };
  });
}
