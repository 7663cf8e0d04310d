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
  if (!c.obj || !c.args[0]) return false;
  if (c.attr === 'setdefault' && w.environNames.has(c.obj)) {
    w.recordEnvWrite(c.args[0]);
    return true;
  }
  if (c.attr !== 'get') return false;
  if (w.environNames.has(c.obj)) {
    w.recordEnvRead(c.args[0], 'environ', c.args[1], false, c.node, 'get');
    return true;
  }
  if (w.names.bridges.has(c.obj)) {
    w.recordEnvRead(c.args[0], 'bridge', c.args[1], false, c.node, 'get');
    return true;
  }
  return false;
}

/** `environ_vars.update({"K": ...})` / `.update({k: ... for k in NAMES})` / `.update(K=...)` in the entry block: the bridge gets K. */
export function bridgeUpdate(w: ScriptWalk, c: MethodCall): boolean {
  if (c.attr !== 'update' || !c.obj || !w.names.bridges.has(c.obj) || w.contextAt() !== 'wiring') return false;
  const add = (key: string, node: SyntaxNode) => (w.facts.bridgeKeys ??= []).push({ key, range: rangeOf(node) });
  for (const arg of c.node.childForFieldName('arguments')?.namedChildren ?? []) {
    if (!arg) continue;
    if (arg.type === 'keyword_argument') {
      const name = arg.childForFieldName('name');
      if (name) add(name.text, name);
    } else if (arg.type === 'dictionary') {
      for (const pair of arg.namedChildren) {
        const k = pair?.type === 'pair' ? pair.childForFieldName('key') : undefined;
        const ks = k ? w.resolveStr(k) : undefined;
        if (k && ks && !ks.fstring) {
          add(ks.value, k);
          w.consumed.add(k.startIndex);
        }
      }
    } else if (arg.type === 'dictionary_comprehension') {
      const key = arg.namedChildren.find((n) => n?.type === 'pair')?.childForFieldName('key');
      for (const k of (key && w.loopValues(key)) ?? []) add(k, key!);
    }
  }
  return true;
}

/** `os.getenv("K", d)`. */
export function getenvCall(w: ScriptWalk, node: SyntaxNode, fn: string | undefined): boolean {
  if (!fn || !w.getenvNames.has(fn)) return false;
  const args = w.argsOf(node);
  if (args[0]) w.recordEnvRead(args[0], 'getenv', args[1], false, node, 'get');
  return true;
}

/** `os.environ["K"]` (a write or `del` is not a read) and `environ_vars["K"]`. */
export function subscript(w: ScriptWalk, s: Subscript): boolean {
  if (w.environNames.has(s.obj)) {
    if (!s.isWrite && !s.isDelete) w.recordEnvRead(s.key, 'environ', undefined, false, s.node, 'subscript');
    else if (s.isWrite) w.recordEnvWrite(s.key);
    else w.consumed.add(s.key.startIndex);
    return true;
  }
  if (w.names.bridges.has(s.obj)) {
    if (!s.isWrite) w.recordEnvRead(s.key, 'bridge', undefined, false, s.node, 'subscript');
    else if (w.contextAt() === 'wiring') {
      // `environ_vars["K"] = ...`, or `environ_vars[v] = ...` in a loop over known names: the bridge gets K.
      const k = w.resolveStr(s.key);
      const keys = k && !k.fstring ? [k.value] : w.loopValues(s.key);
      for (const key of keys ?? []) (w.facts.bridgeKeys ??= []).push({ key, range: rangeOf(s.key) });
      w.consumed.add(s.key.startIndex);
    }
    return true;
  }
  return false;
}

/** `"K" in os.environ` and `"K" in environ_vars`. */
export function membership(w: ScriptWalk, left: SyntaxNode, target: string): boolean {
  const test = left.parent ?? undefined;
  if (w.environNames.has(target)) {
    w.recordEnvRead(left, 'environ', undefined, true, test, 'in');
    return true;
  }
  if (w.names.bridges.has(target)) {
    w.recordEnvRead(left, 'bridge', undefined, true, test, 'in');
    return true;
  }
  return false;
}

/** `environ_vars = {"K": os.environ.get("K"), ...}` in the entry block: what the bridge will hold. */
export function bridgeLiteral(w: ScriptWalk, left: SyntaxNode, right: SyntaxNode): boolean {
  if (!w.names.bridges.has(left.text)) return false;
  if (right.type === 'dictionary_comprehension') {
    // `{k: os.environ.get(k) for k in [A, B]}`: the bridge gets A and B.
    const body = right.namedChildren.find((c) => c?.type === 'pair');
    const key = body?.childForFieldName('key');
    for (const k of (key && w.loopValues(key)) ?? []) (w.facts.bridgeKeys ??= []).push({ key: k, range: rangeOf(key!) });
    return true;
  }
  if (right.type !== 'dictionary') return false;
  const items = right.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'comment');
  const keys: { key: string; range: Range }[] = [];
  for (const pair of items) {
    if (pair.type !== 'pair') continue;
    const k = pair.childForFieldName('key');
    const ks = k ? w.resolveStr(k) : undefined;
    if (k && ks) {
      keys.push({ key: ks.value, range: rangeOf(k) });
      w.consumed.add(k.startIndex);
      const v = pair.childForFieldName('value');
      if (v) w.bridgeValueSpans.push({ start: v.startIndex, end: v.endIndex, key: ks.value });
    }
  }
  w.facts.bridgeLiterals.push({ name: left.text, range: rangeOf(right), keys, layout: layoutOf(right, items, w.lines) });
  return true;
}
