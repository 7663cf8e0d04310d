// Environment variables: `os.environ["K"]`, `os.environ.get("K", d)`,
// `os.getenv("K")`, `"K" in os.environ` (with `from os import environ as E`
// aliases), and the env bridge dict (`environ_vars["K"]`, and its literal in
// the entry block).
import type { SyntaxNode } from '../../parser';
import { layoutOf, rangeOf } from '../../syntax';
import type { ScriptNames } from '../../vocabulary';
import type { Range } from '../../../model';
import type { MethodCall, ScriptWalk, Subscript } from '../walk';

export function words(names: ScriptNames): string[] {
  return [...names.bridges, 'environ', 'getenv'];
}

/** Undotted aliases (`from os import environ as env`) are words too; `os.environ` is found by its `environ`. */
export function aliasWords(w: ScriptWalk): string[] {
  return [...w.environNames, ...w.getenvNames].filter((n) => !n.includes('.'));
}

/** `os.environ.get("K", d)` and `environ_vars.get("K", d)`. */
export function getCall(w: ScriptWalk, c: MethodCall): boolean {
  if (c.attr !== 'get' || !c.obj || !c.args[0]) return false;
  if (w.environNames.has(c.obj)) {
    w.recordEnvRead(c.args[0], 'environ', c.args[1]);
    return true;
  }
  if (w.names.bridges.has(c.obj)) {
    w.recordEnvRead(c.args[0], 'bridge', c.args[1]);
    return true;
  }
  return false;
}

/** `os.getenv("K", d)`. */
export function getenvCall(w: ScriptWalk, node: SyntaxNode, fn: string | undefined): boolean {
  if (!fn || !w.getenvNames.has(fn)) return false;
  const args = w.argsOf(node);
  if (args[0]) w.recordEnvRead(args[0], 'getenv', args[1]);
  return true;
}

/** `os.environ["K"]` (a write or `del` is not a read) and `environ_vars["K"]`. */
export function subscript(w: ScriptWalk, s: Subscript): boolean {
  if (w.environNames.has(s.obj)) {
    if (!s.isWrite && !s.isDelete) w.recordEnvRead(s.key, 'environ');
    else w.consumed.add(s.key.startIndex);
    return true;
  }
  if (w.names.bridges.has(s.obj)) {
    if (!s.isWrite) w.recordEnvRead(s.key, 'bridge');
    return true;
  }
  return false;
}

/** `"K" in os.environ` and `"K" in environ_vars`. */
export function membership(w: ScriptWalk, left: SyntaxNode, target: string): boolean {
  if (w.environNames.has(target)) {
    w.recordEnvRead(left, 'environ');
    return true;
  }
  if (w.names.bridges.has(target)) {
    w.recordEnvRead(left, 'bridge');
    return true;
  }
  return false;
}

/** `environ_vars = {"K": os.environ.get("K"), ...}` in the entry block: what the bridge will hold. */
export function bridgeLiteral(w: ScriptWalk, left: SyntaxNode, right: SyntaxNode): boolean {
  if (!w.names.bridges.has(left.text) || right.type !== 'dictionary') return false;
  const items = right.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'comment');
  const keys: { key: string; range: Range }[] = [];
  for (const pair of items) {
    if (pair.type !== 'pair') continue;
    const k = pair.childForFieldName('key');
    const ks = k ? w.resolveStr(k) : undefined;
    if (k && ks) {
      keys.push({ key: ks.value, range: rangeOf(k) });
      w.consumed.add(k.startIndex);
    }
  }
  w.facts.bridgeLiterals.push({ name: left.text, range: rangeOf(right), keys, layout: layoutOf(right, items, w.lines) });
  return true;
}
