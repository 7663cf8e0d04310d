import { SymbolKind, type DocumentSymbol, type DocumentSymbolParams } from 'vscode-languageserver/node';
import { documentSymbols, type SymbolInfo } from '../../../core';
import type { Session } from '../../session';
import { inFolder } from '../in-folder';

export const symbolKind = (k: SymbolInfo['kind']): SymbolKind =>
  ({
    contract: SymbolKind.Interface,
    spec: SymbolKind.Class,
    channel: SymbolKind.Field,
    env: SymbolKind.Variable,
    argument: SymbolKind.Property,
    stepType: SymbolKind.Enum,
  })[k];

const toDocSymbol = (s: SymbolInfo): DocumentSymbol => ({
  name: s.name,
  detail: s.detail,
  kind: symbolKind(s.kind),
  range: s.range,
  selectionRange: s.selectionRange,
  children: s.children?.map(toDocSymbol),
});

export function documentSymbol(s: Session, p: DocumentSymbolParams): DocumentSymbol[] | null {
  return inFolder(s, p.textDocument.uri, null, (folder, file) => documentSymbols(folder.project, file).map(toDocSymbol));
}
