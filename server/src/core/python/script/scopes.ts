// Where a node sits: the function, class and lambda scopes around it, found by
// position (climbing a tree-sitter node's ancestors costs O(depth) a step).
import type { SyntaxNode } from '../parser';

export interface Scope {
  end: number;
  kind: 'function' | 'class' | 'lambda';
  /** A function's name, undefined for a decorated one (a decorator may register it to be called by name). */
  callableName?: string;
  /** Parameter names (functions only), read from the tree on first use: most scopes hold no hit. */
  params(): Set<string>;
  /** For functions: end offset of the parameter list (defaults are evaluated at definition time). */
  paramsEnd(): number;
}

const NO_PARAMS = new Set<string>();

export function functionScope(def: SyntaxNode): Scope {
  let params: Set<string> | undefined;
  let paramsEnd: number | undefined;
  // Decorators that only change how the function is bound keep it reachable by name alone; any other
  // (a route, a task, a registry) may call it from elsewhere.
  const decorated =
    def.parent?.type === 'decorated_definition' &&
    def.parent.namedChildren.some(
      (d) => d?.type === 'decorator' && !/^@\s*(classmethod|staticmethod|abstractmethod|(functools\.)?(lru_cache|cache|wraps)\b)/.test(d.text),
    );
  return {
    end: def.endIndex,
    kind: 'function',
    callableName: decorated ? undefined : def.childForFieldName('name')?.text,
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
