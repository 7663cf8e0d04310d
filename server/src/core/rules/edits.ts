// Building text edits for fixes: replacing an expression and adding an entry
// to a Python or YAML literal in the literal's own style.
import type { InsertAnchor, Layout } from '../facts';
import type { Range, TextEdit } from '../model';

export function replace(file: string, range: Range, newText: string): TextEdit {
  return { file, range, newText };
}

const at = (p: { line: number; character: number }): Range => ({ start: p, end: p });

/**
 * Add one entry to a bracketed Python literal (`"K": "V"` for dicts, `"V"` for lists),
 * keeping one-per-line layouts one-per-line and trailing commas where they were.
 */
export function insertIntoPython(file: string, layout: Layout, entry: string): TextEdit {
  if (layout.itemIndent !== undefined) {
    if (layout.trailingComma || !layout.lastItemEnd) {
      // `    "K": "V",\n` on its own line, just before the closing bracket's line
      // (or the bracket itself when it shares a line with the last item).
      const closeOnOwnLine = !layout.lastItemEnd || layout.close.line > layout.lastItemEnd.line;
      if (closeOnOwnLine) return { file, range: at({ line: layout.close.line, character: 0 }), newText: `${layout.itemIndent}${entry},\n` };
      return { file, range: at(layout.close), newText: `\n${layout.itemIndent}${entry},` };
    }
    return { file, range: at(layout.lastItemEnd), newText: `,\n${layout.itemIndent}${entry}` };
  }
  if (!layout.lastItemEnd) return { file, range: at(layout.close), newText: entry };
  if (layout.trailingComma) return { file, range: at(layout.close), newText: ` ${entry}` };
  return { file, range: at(layout.lastItemEnd), newText: `, ${entry}` };
}

/** Add `key: value` to a block YAML mapping, after its last item. */
export function insertIntoYaml(file: string, layout: Layout, entry: string): TextEdit {
  const indent = layout.itemIndent ?? `${layout.closeIndent}  `;
  const after = layout.lastItemEnd ?? layout.close;
  return { file, range: at(after), newText: `\n${indent}${entry}` };
}

export function insertEntry(file: string, anchor: InsertAnchor, key: string | undefined, value: string): TextEdit {
  switch (anchor.style) {
    case 'python-dict':
      return insertIntoPython(file, anchor.layout, `${JSON.stringify(key)}: ${value}`);
    case 'python-list':
      return insertIntoPython(file, anchor.layout, value);
    case 'yaml-map':
      return insertIntoYaml(file, anchor.layout, `${key}: ${value}`);
    case 'yaml-list':
      return insertIntoYaml(file, anchor.layout, `- ${value}`);
  }
}

/** A Python string literal for `value` using the given quote character. */
export function pyString(value: string, quote = '"'): string {
  const escaped = value.replace(/\\/g, '\\\\').replace(new RegExp(quote, 'g'), `\\${quote}`);
  return `${quote}${escaped}${quote}`;
}
