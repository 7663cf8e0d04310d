// Container paths written into a script: literals, static joins and
// concatenations, f-string prefixes, and module constants (strings and dicts of
// strings) used in logic.
import type { PathUse } from '../../../facts';
import type { SyntaxNode } from '../../parser';
import { dottedName, MAX_VALUE_DEPTH, rangeOf } from '../../syntax';
import type { ScriptWalk, Subscript } from '../walk';

/** Module constants holding a container path: their names are hits too. */
export function constantWords(w: ScriptWalk): string[] {
  const pathConstants = [...w.strConsts].filter(([, v]) => w.isContainerPath(v)).map(([k]) => k);
  const pathDicts = [...w.dictConsts].filter(([, m]) => [...m.values()].some((v) => w.isContainerPath(v))).map(([k]) => k);
  return [...pathConstants, ...pathDicts];
}

/** `os.path.join("/opt/ml/...", name)` and the like, when every part is static. */
export function joinCall(w: ScriptWalk, node: SyntaxNode): boolean {
  const joined = w.resolveJoin(node);
  if (joined === undefined) return false;
  const first = w.argsOf(node)[0];
  if (first) w.consumed.add(first.startIndex);
  addPathUse(w, node, joined, 'join');
  return true;
}

/** `CONTAINER_PATHS["K"]` used in logic: a path held in a module-level dict constant. */
export function dictConstantSubscript(w: ScriptWalk, s: Subscript): boolean {
  if (w.contextAt() === 'logic' && !s.isWrite) visitPathCandidate(w, s.node);
  return true;
}

/** A module-level path constant used in logic (not shadowed by a parameter, not a keyword name). */
export function constantIdentifier(w: ScriptWalk, node: SyntaxNode, target: SyntaxNode, parent: SyntaxNode): void {
  if (target.type !== 'identifier' || w.scopes.length === 0 || !(w.strConsts.has(node.text) || w.dictConsts.has(node.text))) return;
  if (parent.type === 'keyword_argument' && parent.childForFieldName('name')?.equals(node)) return;
  if (w.scopes.some((sc) => sc.params().has(node.text))) return;
  if (w.dictConsts.has(node.text)) {
    if (parent.type === 'subscript' && parent.childForFieldName('value')?.equals(node)) visitPathCandidate(w, parent);
    return;
  }
  visitPathCandidate(w, node);
}

/** A string literal holding a container path (docstrings and bare strings are text, not uses). */
export function stringHit(w: ScriptWalk, hit: SyntaxNode): void {
  const node = hit.parent?.type === 'concatenated_string' ? hit.parent : hit;
  const parent = node.parent;
  if (parent?.type === 'expression_statement' && parent.namedChildCount === 1) return;
  visitPathCandidate(w, node);
}

function visitPathCandidate(w: ScriptWalk, node: SyntaxNode): void {
  if (w.consumed.has(node.startIndex)) return;
  const p = outermostPath(w, node);
  if (!p || w.recordedPaths.has(p.node.startIndex) || w.consumed.has(p.node.startIndex)) return;
  w.recordedPaths.add(p.node.startIndex);
  addPathUse(w, p.node, p.path, p.form);
}

/**
 * The outermost static join/concat this path expression is the head of, or
 * the expression itself. Extends the path one level at a time, so a long
 * `"/opt/ml/x" + "a" + "b" + …` chain costs linear time, and gives up after
 * MAX_VALUE_DEPTH levels.
 */
function outermostPath(w: ScriptWalk, node: SyntaxNode): { node: SyntaxNode; path: string; form: PathUse['form'] } | undefined {
  const own = w.resolveStr(node);
  if (!own) return undefined;
  let best: { node: SyntaxNode; path: string; form: PathUse['form'] } = {
    node,
    path: own.value,
    form: own.fstring ? 'fstring' : node.type === 'identifier' || node.type === 'subscript' ? 'constant' : 'literal',
  };
  if (own.fstring) return best;
  for (let cur = node, level = 0; level < MAX_VALUE_DEPTH; level++) {
    const parent = cur.parent;
    if (!parent) break;
    if (parent.type === 'argument_list' && parent.parent?.type === 'call') {
      const call = parent.parent;
      const fn = dottedName(call.childForFieldName('function'));
      const args = w.argsOf(call);
      if ((fn !== 'os.path.join' && fn !== 'path.join' && fn !== 'join') || !args[0]?.equals(cur)) break;
      let path: string | undefined = best.path;
      for (const a of args.slice(1)) {
        const part = w.resolveStr(a);
        if (!part || part.fstring || part.value === '') {
          path = undefined;
          break;
        }
        path = part.value.startsWith('/') ? part.value : `${path!.replace(/\/$/, '')}/${part.value}`;
      }
      if (path === undefined) break;
      best = { node: call, path, form: 'join' };
      cur = call;
    } else if (parent.type === 'binary_operator' && parent.childForFieldName('operator')?.type === '+' && parent.childForFieldName('left')?.equals(cur)) {
      const right = w.resolveStr(parent.childForFieldName('right'));
      if (!right || right.fstring) break;
      best = { node: parent, path: best.path + right.value, form: 'concat' };
      cur = parent;
    } else break;
  }
  return best;
}

function addPathUse(w: ScriptWalk, node: SyntaxNode, path: string, form: PathUse['form']): void {
  if (!w.isContainerPath(path)) return;
  const context = w.contextAt();
  const use: PathUse = { path, range: rangeOf(node), context, form, scopeHas: context === 'logic' ? w.scopeInfo(node.startIndex) : undefined };
  Object.assign(use, syntaxAround(node));
  w.facts.pathUses.push(use);
}

/**
 * What the text around a path expression allows in its place: nothing but a
 * literal in a `case` pattern, and no string of the same quote inside an
 * f-string's braces (before Python 3.12). Climbs to the enclosing statement.
 */
function syntaxAround(node: SyntaxNode): Pick<PathUse, 'inPattern' | 'fstringQuote'> {
  let cur: SyntaxNode | null = node.parent;
  for (let depth = 0; cur && depth < MAX_VALUE_DEPTH; depth++, cur = cur.parent) {
    if (cur.type === 'case_pattern') return { inPattern: true };
    if (cur.type === 'interpolation') {
      const q = cur.parent ? /^[rRbBfFtT]*(["'])/.exec(cur.parent.text)?.[1] : undefined;
      return q ? { fstringQuote: q } : {};
    }
    if (cur.type.endsWith('_statement') || cur.type === 'block' || cur.type === 'module') break;
  }
  return {};
}
