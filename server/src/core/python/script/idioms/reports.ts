// Reports a script serialises: `json.dump(report_dict, f)` / `json.dumps({...})`
// of a dict literal whose keys the checker can read (an evaluation report that a
// pipeline's JsonGet reads back). Any key, spread or later store that is not
// static makes the report open: then nothing about its keys is certain.
import type { SyntaxNode } from '../../parser';
import { MAX_VALUE_DEPTH, rangeOf } from '../../syntax';
import type { MethodCall, ScriptWalk } from '../walk';

export function words(): string[] {
  return ['dump', 'dumps'];
}

export function dumpCall(w: ScriptWalk, c: MethodCall): boolean {
  if ((c.attr !== 'dump' && c.attr !== 'dumps') || c.obj !== 'json') return false;
  const arg = c.args[0];
  if (!arg) return true;
  let dict: SyntaxNode | undefined = arg.type === 'dictionary' ? arg : undefined;
  let open = false;
  if (!dict && arg.type === 'identifier') {
    const found = localDict(arg);
    dict = found?.dict;
    open = !!found?.stored;
  }
  if (!dict) {
    w.facts.jsonDumpsUnknown = true;
    return true;
  }
  const keys: string[] = [];
  if (!readKeys(w, dict, '', keys, 0)) open = true;
  (w.facts.jsonReports ??= []).push({ keys, range: rangeOf(dict), ...(open ? { open: true as const } : {}) });
  return true;
}

/** The dict literal a local name holds (its one assignment in the enclosing function or module), and whether it is stored into later. */
function localDict(id: SyntaxNode): { dict?: SyntaxNode; stored: boolean } | undefined {
  let scope: SyntaxNode | null = id.parent;
  for (let i = 0; scope && i < 400; i++, scope = scope.parent) if (scope.type === 'function_definition' || scope.type === 'module') break;
  if (!scope) return undefined;
  let dict: SyntaxNode | undefined;
  let assignments = 0;
  let stored = false;
  for (const a of scope.descendantsOfType('assignment')) {
    const left = a?.childForFieldName('left');
    if (!a || !left) continue;
    if (left.type === 'identifier' && left.text === id.text) {
      assignments++;
      const right = a.childForFieldName('right');
      dict = right?.type === 'dictionary' ? right : undefined;
    } else if (left.type === 'subscript' && left.text.startsWith(`${id.text}[`)) stored = true;
  }
  if (new RegExp(`\\b${id.text}\\.(update|setdefault|__setitem__)\\(`).test(scope.text)) stored = true;
  return assignments === 1 ? { dict, stored } : undefined;
}

function readKeys(w: ScriptWalk, dict: SyntaxNode, prefix: string, out: string[], depth: number): boolean {
  if (depth > MAX_VALUE_DEPTH) return false;
  let complete = true;
  for (const pair of dict.namedChildren) {
    if (!pair || pair.type === 'comment') continue;
    if (pair.type !== 'pair') return false;
    const k = pair.childForFieldName('key');
    const key = k ? w.resolveStr(k) : undefined;
    if (!key || key.fstring) return false;
    const path = prefix ? `${prefix}.${key.value}` : key.value;
    out.push(path);
    const v = pair.childForFieldName('value');
    if (v?.type === 'dictionary') complete = readKeys(w, v, path, out, depth + 1) && complete;
    // A value the checker cannot read may hold more keys below this one.
    else if (v && v.type !== 'string' && v.type !== 'integer' && v.type !== 'float' && v.type !== 'list' && !/^(True|False|None)$/.test(v.text))
      out.push(`${path}.*`);
  }
  return complete;
}
