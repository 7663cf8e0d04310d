// Where a node sits: the function, class and lambda scopes around it, found by
// position (climbing a tree-sitter node's ancestors costs O(depth) a step).
import type { SyntaxNode } from '../parser';

export interface Scope {
  end: number;
  kind: 'function' | 'class' | 'lambda';
  /** Parameter names (functions only), read from the tree on first use: most scopes hold no hit. */
  params(): Set<string>;
  /** For functions: end offset of the parameter list (defaults are evaluated at definition time). */
  paramsEnd(): number;
}

const NO_PARAMS = new Set<string>();

export function functionScope(def: SyntaxNode): Scope {
  let params: Set<string> | undefined;
  let paramsEnd: number | undefined;
  return {
    end: def.endIndex,
    kind: 'function',
    params: () => (params ??= parametersOf(def)),
    paramsEnd: () => (paramsEnd ??= def.childForFieldName('parameters')?.endIndex ?? def.startIndex),
  };
}

export function plainScope(node: SyntaxNode, kind: 'class' | 'lambda'): Scope {
  const start = node.startIndex;
  return { end: node.endIndex, kind, params: () => NO_PARAMS, paramsEnd: () => start };
}

export function parametersOf(def: SyntaxNode): Set<string> {
  const params = new Set<string>();
  for (const p of def.childForFieldName('parameters')?.namedChildren ?? []) {
    if (!p) continue;
    if (p.type === 'identifier') params.add(p.text);
    else {
      const n = p.childForFieldName('name') ?? p.namedChild(0);
      if (n?.type === 'identifier') params.add(n.text);
    }
  }
  return params;
}
