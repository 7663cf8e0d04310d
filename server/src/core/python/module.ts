// Module-level facts of a Python file: imports, the `__main__` guard, classes,
// functions and suppression comments.
import type { ClassFact, FunctionFact, ImportFact, Suppression } from '../facts';
import { commentableLines, coveredFrom, ruleList, SUPPRESSION_RE, suppressionRemoval } from '../suppression';
import type { SyntaxNode } from './parser';
import { dottedName, rangeOf } from './syntax';

export function importsOf(stmt: SyntaxNode): ImportFact[] {
  const out: ImportFact[] = [];
  if (stmt.type === 'import_from_statement') {
    const moduleNode = stmt.childForFieldName('module_name');
    let module = '';
    let level = 0;
    if (moduleNode) {
      if (moduleNode.type === 'relative_import') {
        const prefix = moduleNode.namedChildren.find((c) => c?.type === 'import_prefix');
        level = prefix ? prefix.text.length : 0;
        const dotted = moduleNode.namedChildren.find((c) => c?.type === 'dotted_name');
        module = dotted ? dotted.text : '';
      } else {
        module = moduleNode.text;
      }
    }
    for (const nameNode of stmt.childrenForFieldName('name')) {
      if (!nameNode) continue;
      if (nameNode.type === 'aliased_import') {
        const n = nameNode.childForFieldName('name');
        const alias = nameNode.childForFieldName('alias');
        if (n && alias) out.push({ local: alias.text, imported: n.text, module, level });
      } else {
        out.push({ local: nameNode.text, imported: nameNode.text, module, level });
      }
    }
  } else if (stmt.type === 'import_statement') {
    for (const nameNode of stmt.childrenForFieldName('name')) {
      if (!nameNode) continue;
      if (nameNode.type === 'aliased_import') {
        const n = nameNode.childForFieldName('name');
        const alias = nameNode.childForFieldName('alias');
        if (n && alias) out.push({ local: alias.text, imported: n.text, module: n.text, level: 0 });
      } else {
        const top = nameNode.text.split('.')[0];
        out.push({ local: top, imported: nameNode.text, module: nameNode.text, level: 0 });
      }
    }
  }
  return out;
}

export function isMainGuard(stmt: SyntaxNode): boolean {
  if (stmt.type !== 'if_statement') return false;
  const cond = stmt.childForFieldName('condition');
  return !!cond && /^__name__\s*==\s*['"]__main__['"]$|^['"]__main__['"]\s*==\s*__name__$/.test(cond.text);
}

export function classFact(def: SyntaxNode): ClassFact {
  const nameNode = def.childForFieldName('name')!;
  const bases: string[] = [];
  const superclasses = def.childForFieldName('superclasses');
  for (const b of superclasses?.namedChildren ?? []) {
    if (!b) continue;
    const n = dottedName(b);
    if (n) bases.push(n.split('.').pop()!);
  }
  const fields: string[] = [];
  const body = def.childForFieldName('body');
  for (const stmt of body?.namedChildren ?? []) {
    if (stmt?.type !== 'expression_statement') continue;
    const expr = stmt.namedChild(0);
    if (expr?.type !== 'assignment') continue;
    const left = expr.childForFieldName('left');
    if (left?.type === 'identifier' && !left.text.startsWith('_') && left.text !== 'model_config') fields.push(left.text);
  }
  return { name: nameNode.text, nameRange: rangeOf(nameNode), bases, fields };
}

export function functionFact(def: SyntaxNode): FunctionFact {
  const nameNode = def.childForFieldName('name')!;
  return { name: nameNode.text, nameRange: rangeOf(nameNode), imports: [] };
}

/** What a function imports and returns by name (`def _get_contract(): from .c import C; return C`). */
export function readFunctionBody(def: SyntaxNode, fn: FunctionFact): void {
  const body = def.childForFieldName('body');
  for (const stmt of body?.namedChildren ?? []) {
    if (!stmt) continue;
    if (stmt.type === 'import_from_statement' || stmt.type === 'import_statement') fn.imports.push(...importsOf(stmt));
    if (stmt.type === 'return_statement') {
      const v = stmt.namedChild(0);
      if (v?.type === 'identifier') fn.returns = v.text;
    }
  }
}

export function findSuppressions(text: string, root: SyntaxNode): Suppression[] {
  if (!text.includes('script-contracts:')) return [];
  const out: Suppression[] = [];
  let commentable: boolean[] | undefined;
  const re = new RegExp(SUPPRESSION_RE.source, 'g');
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const node = root.descendantForIndex(m.index);
    if (node?.type !== 'comment') continue;
    const rules = ruleList(m[1]);
    const line = node.startPosition.row;
    const col = node.startPosition.column;
    const supStart = col + (m.index - node.startIndex);
    const supEnd = supStart + m[0].length;
    const lineStart = node.startIndex - col;
    const lineEnd = text.slice(lineStart).search(/\r|\n|$/) + lineStart;
    const removal = suppressionRemoval(text.slice(lineStart, lineEnd), line, col, supStart, supEnd, col + (node.endIndex - node.startIndex));
    commentable ??= commentableLines(text, 'python');
    const fromLine = coveredFrom(commentable, line);
    out.push({
      line,
      fromLine: fromLine < line ? fromLine : undefined,
      rules,
      range: { start: { line, character: supStart }, end: { line, character: supEnd } },
      removal,
    });
  }
  return out;
}
