import type { SymbolInformation, WorkspaceSymbolParams } from 'vscode-languageserver/node';
import { workspaceSymbols } from '../../../core';
import { toLocation } from '../../convert';
import type { Session } from '../../session';
import { symbolKind } from './document-symbol';

export function workspaceSymbol(s: Session, p: WorkspaceSymbolParams): SymbolInformation[] {
  return s.folders
    .filter((f) => f.indexed)
    .flatMap((f) => workspaceSymbols(f.project, p.query))
    .map((sym) => ({ name: sym.name, kind: symbolKind(sym.kind), containerName: sym.detail, location: toLocation({ file: sym.file, range: sym.range }) }));
}
