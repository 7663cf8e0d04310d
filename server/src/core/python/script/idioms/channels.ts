// Channel accessors: `input_paths["K"]`, `.get("K", default)`, `"K" in
// output_paths`, `runtime.get_input_path("K")`, and the entry block's wiring
// (`input_paths = {"K": "/opt/ml/..."}`, `input_paths["K"] = ...`).
import type { SyntaxNode } from '../../parser';
import { layoutOf, quoteOf, rangeOf } from '../../syntax';
import type { ScriptNames } from '../../vocabulary';
import type { MethodCall, ScriptWalk, Subscript } from '../walk';

export function words(names: ScriptNames): string[] {
  return [...names.inputDicts, ...names.outputDicts, ...names.inputMethods, ...names.outputMethods];
}

/** `input_paths.get("K", fallback)`: a read of K; reads inside the fallback are K's fallbacks. */
export function getCall(w: ScriptWalk, c: MethodCall): boolean {
  if (c.attr !== 'get' || !c.obj) return false;
  const dir = w.directionOfDict(c.obj);
  if (!dir || !c.args[0]) return false;
  const k = w.resolveStr(c.args[0]);
  if (c.args[1] && k) w.fallbackSpans.push({ start: c.args[1].startIndex, end: c.args[1].endIndex, key: k.value, receiver: c.obj });
  w.recordChannelRead(dir, c.args[0], 'get', c.obj, false, c.node, c.args[1]);
  return true;
}

/** `runtime.get_input_path("K")` and the like (configured method names). */
export function methodCall(w: ScriptWalk, c: MethodCall): boolean {
  if (!c.attr || !c.objNode || !c.args[0]) return false;
  const input = w.names.inputMethods.has(c.attr);
  if (!input && !w.names.outputMethods.has(c.attr)) return false;
  if (helperRead(w, input, c.args)) return true;
  const receiver = c.objNode.text.length <= 60 ? c.objNode.text : 'runtime';
  if (!w.facts.methodReceivers.includes(receiver)) w.facts.methodReceivers.push(receiver);
  w.recordChannelRead(input ? 'input' : 'output', c.args[0], 'method', receiver, false, c.node);
  return true;
}

/** `input_paths["K"]` read in logic, or set in the entry block. */
export function subscript(w: ScriptWalk, s: Subscript): boolean {
  const dir = w.directionOfDict(s.obj);
  if (!dir) return false;
  if (s.isWrite && w.contextAt() === 'wiring') {
    const k = w.resolveStr(s.key);
    const right = s.parent!.childForFieldName('right');
    const p = right ? w.resolvePath(right) : undefined;
    if (k && !k.fstring) {
      w.facts.wiring.push({
        direction: dir,
        key: k.value,
        keyRange: rangeOf(s.key),
        keyQuote: quoteOf(s.key),
        path: p?.value,
        pathRange: right && p ? rangeOf(right) : undefined,
        ...(right?.type === 'string' ? { pathLiteral: true as const } : {}),
        ...(w.inAlternativeBranch(s.node) ? { fallback: true as const } : {}),
      });
      w.consumed.add(s.key.startIndex);
      if (right && p) w.consumed.add(right.startIndex);
    }
    return true;
  }
  if (!s.isWrite) w.recordChannelRead(dir, s.key, 'subscript', s.obj, false, s.node);
  return true;
}

/** `"K" in input_paths`. */
export function membership(w: ScriptWalk, left: SyntaxNode, target: string, negated = false): boolean {
  const dir = w.directionOfDict(target);
  if (!dir) return false;
  w.recordChannelRead(dir, left, 'in', target, negated, left.parent ?? undefined);
  return true;
}

/** `input_paths = {"K": "/opt/ml/...", ...}` in the entry block: the wiring. */
export function wiringAssignment(w: ScriptWalk, left: SyntaxNode, right: SyntaxNode): boolean {
  const dir = w.directionOfDict(left.text);
  if (!dir) return false;
  const dictNode = right.type === 'dictionary' ? right : undefined;
  const items = dictNode ? dictNode.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'comment') : [];
  w.facts.wiringDicts.push({ direction: dir, name: left.text, range: rangeOf(right), layout: dictNode ? layoutOf(dictNode, items, w.lines) : undefined });
  const alternative = w.inAlternativeBranch(left);
  for (const pair of items) {
    if (pair.type !== 'pair') continue;
    const k = pair.childForFieldName('key');
    const v = pair.childForFieldName('value');
    const ks = k ? w.resolveStr(k) : undefined;
    if (!k || !ks || ks.fstring) continue;
    const vs = v ? w.resolvePath(v) : undefined;
    w.facts.wiring.push({
      direction: dir,
      key: ks.value,
      keyRange: rangeOf(k),
      keyQuote: quoteOf(k),
      path: vs?.value,
      pathRange: v && vs ? rangeOf(v) : undefined,
      ...(v?.type === 'string' ? { pathLiteral: true as const } : {}),
      ...(alternative ? { fallback: true as const } : {}),
    });
    w.consumed.add(k.startIndex);
    // A wired path is checked by path-mismatch, not reported again as a path use.
    if (v && vs) w.consumed.add(v.startIndex);
  }
  return true;
}

/** `get_input_path(CONTRACT, "K")` / `contract_utils.get_output_path(CONTRACT, "K")`: a helper taking the contract first. */
export function helperCall(w: ScriptWalk, fn: string | undefined, args: SyntaxNode[]): boolean {
  if (!fn || fn.includes('.')) return false;
  const input = w.names.inputMethods.has(fn);
  if (!input && !w.names.outputMethods.has(fn)) return false;
  return helperRead(w, input, args);
}

function helperRead(w: ScriptWalk, input: boolean, args: SyntaxNode[]): boolean {
  const [contract, key] = args;
  if (!contract || !key || contract.type !== 'identifier' || !looksLikeContract(contract.text)) return false;
  w.recordChannelRead(input ? 'input' : 'output', key, 'method', contract.text);
  w.noteContractRef(contract.text);
  return true;
}

/** A module-level name that holds a contract: `X_CONTRACT`, `CONTRACT`, `contract`, `script_contract`. */
function looksLikeContract(name: string): boolean {
  return /contract/i.test(name);
}

/** `ContractEnforcer(CONTRACT)` and other objects built from a contract: their accessors read its channels. */
export function contractHandOff(w: ScriptWalk, fn: string | undefined, args: SyntaxNode[]): void {
  const cls = fn?.split('.').pop();
  if (!cls || !/^[A-Z]/.test(cls) || /Contract$/.test(cls)) return;
  for (const a of args) if (a.type === 'identifier' && looksLikeContract(a.text)) w.noteContractRef(a.text);
}
