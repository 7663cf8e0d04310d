// Syntax helpers over tree-sitter nodes shared by every extractor: positions,
// string literals, dotted names, static values and literal layouts.
import type { DictEntry, Kwarg, Layout, Span, Value } from '../facts';
import type { Range } from '../model';
import type { SyntaxNode } from './parser';

/** Depth bound for walking user-controlled nesting (values, joins, ancestors). */
export const MAX_VALUE_DEPTH = 40;

/** The quote character of a plain string literal node, e.g. `"` for "x" and r"x". */
export function quoteOf(node: SyntaxNode): string | undefined {
  if (node.type !== 'string') return undefined;
  const m = /^[rRuUbB]*(["'])/.exec(node.text);
  return m ? m[1] : undefined;
}

export function rangeOf(node: SyntaxNode): Range {
  // Each position read crosses into WebAssembly: read each once.
  const start = node.startPosition;
  const end = node.endPosition;
  return {
    start: { line: start.row, character: start.column },
    end: { line: end.row, character: end.column },
  };
}

export function spanOf(node: SyntaxNode): Span {
  const start = node.startPosition;
  const end = node.endPosition;
  return [start.row, start.column, end.row, end.column];
}

/** The literal value of a string node; f-strings give their static prefix. */
export function stringValue(node: SyntaxNode): { value: string; fstring: boolean } | undefined {
  if (node.type === 'concatenated_string') {
    let value = '';
    let fstring = false;
    for (const part of node.namedChildren) {
      if (!part) continue;
      const v = stringValue(part);
      if (!v) return undefined;
      value += v.value;
      if (v.fstring) return { value, fstring: true };
      fstring ||= v.fstring;
    }
    return { value, fstring };
  }
  if (node.type !== 'string') return undefined;
  let value = '';
  const start = node.child(0);
  const raw = !!start && /r/i.test(start.text);
  const bytes = !!start && /b/i.test(start.text);
  if (bytes) return undefined;
  for (const child of node.children) {
    if (!child) continue;
    if (child.type === 'string_content') value += raw || child.namedChildCount === 0 ? child.text : contentWithEscapes(child);
    else if (child.type === 'escape_sequence') value += raw ? child.text : decodeEscape(child.text);
    else if (child.type === 'interpolation') return { value, fstring: true };
  }
  return { value, fstring: false };
}

/** A string's content with its escape sequences (children of the content node in this grammar) decoded. */
function contentWithEscapes(content: SyntaxNode): string {
  const text = content.text;
  const base = content.startIndex;
  let out = '';
  let at = 0;
  for (const esc of content.namedChildren) {
    if (esc?.type !== 'escape_sequence') continue;
    out += text.slice(at, esc.startIndex - base) + decodeEscape(esc.text);
    at = esc.endIndex - base;
  }
  return out + text.slice(at);
}

function decodeEscape(seq: string): string {
  switch (seq[1]) {
    case 'n':
      return '\n';
    case 't':
      return '\t';
    case '\\':
      return '\\';
    case "'":
      return "'";
    case '"':
      return '"';
    default:
      return seq;
  }
}

/** Dotted text of an identifier/attribute chain, or undefined for anything else. */
export function dottedName(node: SyntaxNode | null): string | undefined {
  if (!node) return undefined;
  if (node.type === 'identifier') return node.text;
  if (node.type === 'attribute') {
    const object = dottedName(node.childForFieldName('object'));
    const attr = node.childForFieldName('attribute');
    return object && attr ? `${object}.${attr.text}` : undefined;
  }
  return undefined;
}

function lineIndent(lines: string[], line: number): string {
  const text = lines[line] ?? '';
  return text.slice(0, text.length - text.trimStart().length);
}

export function layoutOf(node: SyntaxNode, items: SyntaxNode[], lines: string[]): Layout {
  const closeNode = node.lastChild;
  const closeAt =
    closeNode && /^[)\]}]$/.test(closeNode.type)
      ? { line: closeNode.startPosition.row, character: closeNode.startPosition.column }
      : { line: node.endPosition.row, character: node.endPosition.column };
  const last = items[items.length - 1];
  let trailingComma = false;
  if (last) {
    for (let sib = last.nextSibling; sib; sib = sib.nextSibling) {
      if (sib.type === ',') trailingComma = true;
      if (sib.isNamed && sib.type !== 'comment') break;
    }
  }
  const first = items[0];
  const multiline = !!first && first.startPosition.row > node.startPosition.row;
  return {
    close: closeAt,
    lastItemEnd: last ? { line: last.endPosition.row, character: last.endPosition.column } : undefined,
    trailingComma,
    itemIndent: multiline ? lineIndent(lines, first.startPosition.row) : undefined,
    closeIndent: lineIndent(lines, closeAt.line),
  };
}

/** Static value of an expression, bounded in depth. */
export function staticValue(node: SyntaxNode, lines: string[], depth = 0): Value {
  const range = spanOf(node);
  if (depth > MAX_VALUE_DEPTH) return { kind: 'other', text: '…', range };
  switch (node.type) {
    case 'string':
    case 'concatenated_string': {
      const s = stringValue(node);
      if (s) return { kind: 'str', value: s.value, range, fstring: s.fstring || undefined };
      break;
    }
    case 'parenthesized_expression': {
      const inner = node.namedChildren.find((c) => c && c.type !== 'comment');
      if (inner) return staticValue(inner, lines, depth + 1);
      break;
    }
    case 'list':
    case 'tuple':
    case 'set': {
      const items = node.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'comment');
      return { kind: 'list', items: items.map((c) => staticValue(c, lines, depth + 1)), range, layout: layoutOf(node, items, lines) };
    }
    case 'dictionary': {
      const pairs = node.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'comment');
      const entries: DictEntry[] = [];
      for (const p of pairs) {
        if (p.type !== 'pair') continue;
        const k = p.childForFieldName('key');
        const v = p.childForFieldName('value');
        if (!k || !v) continue;
        entries.push({ key: staticValue(k, lines, depth + 1), value: staticValue(v, lines, depth + 1), range: spanOf(p) });
      }
      return { kind: 'dict', entries, range, layout: layoutOf(node, pairs, lines) };
    }
    case 'call': {
      const fn = node.childForFieldName('function');
      const argList = node.childForFieldName('arguments');
      const callee = dottedName(fn);
      if (fn && callee && argList && argList.type === 'argument_list') {
        const args: Value[] = [];
        const kwargs: Kwarg[] = [];
        const items = argList.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'comment');
        for (const a of items) {
          if (a.type === 'keyword_argument') {
            const n = a.childForFieldName('name');
            const v = a.childForFieldName('value');
            if (n && v) kwargs.push({ name: n.text, nameRange: spanOf(n), value: staticValue(v, lines, depth + 1) });
          } else {
            args.push(staticValue(a, lines, depth + 1));
          }
        }
        return { kind: 'call', callee, args, kwargs, range };
      }
      break;
    }
    case 'identifier':
    case 'attribute': {
      const name = dottedName(node);
      if (name) return { kind: 'name', name, range };
      break;
    }
  }
  const text = node.text;
  return { kind: 'other', text: text.length > 80 ? text.slice(0, 80) + '…' : text, range };
}
