// Applies an LSP WorkspaceEdit to disk the way an editor does: through links,
// creating files the edit creates, failing a create that finds a file unless it
// says to ignore or overwrite it. Tests use it to prove what an edit the server
// returns would do to the files if a client applied it.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyEdits } from '../../server/src/core/text-edits';

type Range = { start: { line: number; character: number }; end: { line: number; character: number } };
type Change =
  | { kind: 'create' | 'rename' | 'delete'; uri?: string; oldUri?: string; newUri?: string; options?: { overwrite?: boolean; ignoreIfExists?: boolean } }
  | { textDocument: { uri: string }; edits: { range: Range; newText: string }[] };

export interface WorkspaceEditLike {
  documentChanges?: Change[];
  changes?: Record<string, { range: Range; newText: string }[]>;
}

/** Every file URI an edit would touch. */
export function touchedUris(edit: WorkspaceEditLike): string[] {
  const out: string[] = [];
  for (const c of edit.documentChanges ?? []) {
    if ('textDocument' in c) out.push(c.textDocument.uri);
    else out.push(...[c.uri, c.oldUri, c.newUri].filter((u): u is string => !!u));
  }
  out.push(...Object.keys(edit.changes ?? {}));
  return out;
}

/** Apply like a client; returns false (having applied nothing further) where a client would fail. */
export function applyLikeAClient(edit: WorkspaceEditLike): boolean {
  for (const c of edit.documentChanges ?? []) {
    if ('textDocument' in c) {
      const file = fileURLToPath(c.textDocument.uri);
      const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
      writeFileSync(file, applyEdits(text, c.edits));
    } else if (c.kind === 'create') {
      const file = fileURLToPath(c.uri!);
      if (existsSync(file) && !c.options?.overwrite && !c.options?.ignoreIfExists) return false;
      if (!existsSync(file) || c.options?.overwrite) {
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, '');
      }
    } else return false;
  }
  for (const [uri, edits] of Object.entries(edit.changes ?? {})) {
    const file = fileURLToPath(uri);
    writeFileSync(file, applyEdits(readFileSync(file, 'utf8'), edits));
  }
  return true;
}
