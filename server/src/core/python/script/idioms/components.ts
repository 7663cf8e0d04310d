// Azure ML SDK v2: `command(code=..., command="python x.py --a ${{inputs.a}}",
// inputs={...}, outputs={...})` of azure.ai.ml, wherever it is called (pipeline
// definitions build components inside functions). Names are resolved through
// the assignments of the enclosing function and the module's constants; what
// stays computed is recorded as unknown.
import type { ComponentCall, ComponentCallChannel } from '../../../facts';
import type { SyntaxNode } from '../../parser';
import { dottedName, MAX_VALUE_DEPTH, rangeOf, stringValue } from '../../syntax';
import type { ScriptWalk } from '../walk';

export function words(): string[] {
  return ['command'];
}

/** Is `fn` azure.ai.ml's `command` as this module imports it? */
function isAzureCommand(w: ScriptWalk, fn: string | undefined): boolean {
  if (!fn) return false;
  if (fn === 'azure.ai.ml.command') return true;
  const dot = fn.lastIndexOf('.');
  if (dot < 0) return w.imports.some((i) => i.local === fn && i.imported === 'command' && i.module.startsWith('azure.ai.ml'));
  if (fn.slice(dot + 1) !== 'command') return false;
  const owner = fn.slice(0, dot);
  return w.imports.some((i) => i.local === owner && (`${i.module}.${i.imported}`.includes('azure.ai.ml') || i.module.startsWith('azure.ai.ml')));
}

export function sdkCommand(w: ScriptWalk, node: SyntaxNode, fn: string | undefined): boolean {
  if (!isAzureCommand(w, fn)) return false;
  const args = node.childForFieldName('arguments');
  if (!args) return true;
  const locals = new Locals(node);
  const kw = new Map<string, SyntaxNode>();
  for (const a of args.namedChildren) {
    if (a?.type !== 'keyword_argument') continue;
    const n = a.childForFieldName('name')?.text;
    const v = a.childForFieldName('value');
    if (n && v) kw.set(n, v);
  }
  // `**kwargs`: what is passed is not known.
  const splat = args.namedChildren.some((a) => a?.type === 'dictionary_splat');
  const parent = node.parent;
  const left = parent?.type === 'assignment' ? parent.childForFieldName('left') : undefined;
  const nameNode = left?.type === 'identifier' ? left : node.childForFieldName('function')!;
  // The component's own name= when the call is not assigned to a name.
  const named = kw.get('name');
  const literal = named && !left ? stringValue(named) : undefined;
  const call: ComponentCall =
    literal && !literal.fstring
      ? { name: literal.value, nameRange: rangeOf(named!), range: rangeOf(node) }
      : { name: nameNode.text.split('.').pop()!, nameRange: rangeOf(nameNode), range: rangeOf(node) };
  const code = kw.get('code');
  if (code) call.code = codePath(w, locals, code) ?? 'unknown';
  else if (splat) call.code = 'unknown';
  const command = kw.get('command');
  if (command) {
    const s = locals.resolve(w, command);
    if (s && (s.type === 'string' || s.type === 'concatenated_string')) call.command = commandString(s) ?? 'unknown';
    else {
      // A module constant: its value, placed at the keyword's value.
      const c = s?.type === 'identifier' ? w.resolveStr(s) : undefined;
      const r = rangeOf(command);
      call.command = c && !c.fstring ? { text: c.value, start: r.start, exact: false, newlinesSeparate: c.value.includes('\n'), range: r } : 'unknown';
    }
  } else if (splat) call.command = 'unknown';
  for (const which of ['inputs', 'outputs'] as const) {
    const v = kw.get(which);
    if (v) call[which] = channels(w, locals, v) ?? 'unknown';
    else if (splat) call[which] = 'unknown';
  }
  w.componentCalls.push(call);
  return true;
}

function commandString(node: SyntaxNode): ComponentCall['command'] | undefined {
  const value = stringValue(node);
  if (!value || value.fstring) return undefined;
  const range = rangeOf(node);
  if (node.type === 'string') {
    const start = node.child(0);
    const end = node.lastChild;
    if (start?.type === 'string_start' && end?.type === 'string_end') {
      const body = node.text.slice(start.endIndex - node.startIndex, end.startIndex - node.startIndex);
      // Exact when the body is the value but for backslash-newline continuations (no other escapes).
      if (!/\\(?!\r?\n)/.test(body)) {
        const p = start.endPosition;
        const triple = /("""|''')$/.test(start.text);
        return { text: body, start: { line: p.row, character: p.column }, exact: true, newlinesSeparate: triple && /[^\\]\n/.test(body), range };
      }
    }
  }
  return { text: value.value, start: range.start, exact: false, newlinesSeparate: value.value.includes('\n'), range };
}

/** `inputs={"a": Input(type="uri_folder"), "b": 3}`: every string key is a channel. */
function channels(w: ScriptWalk, locals: Locals, node: SyntaxNode): ComponentCallChannel[] | undefined {
  const dict = locals.resolve(w, node);
  if (dict?.type !== 'dictionary') return dict?.type === 'call' && dottedName(dict.childForFieldName('function')) === 'dict' ? dictCall(dict) : undefined;
  const out: ComponentCallChannel[] = [];
  for (const p of dict.namedChildren) {
    if (p?.type === 'dictionary_splat') return undefined;
    if (p?.type !== 'pair') continue;
    const k = p.childForFieldName('key');
    const v = p.childForFieldName('value');
    const name = k ? stringValue(k) : undefined;
    if (!k || !v || !name || name.fstring) return undefined;
    out.push(channelOf(name.value, k, p, v));
  }
  return out;
}

/** `dict(a=Input(...), b=...)`. */
function dictCall(call: SyntaxNode): ComponentCallChannel[] | undefined {
  const out: ComponentCallChannel[] = [];
  for (const a of call.childForFieldName('arguments')?.namedChildren ?? []) {
    if (!a || a.type === 'comment') continue;
    if (a.type !== 'keyword_argument') return undefined;
    const n = a.childForFieldName('name');
    const v = a.childForFieldName('value');
    if (!n || !v) return undefined;
    out.push(channelOf(n.text, n, a, v));
  }
  return out;
}

function channelOf(name: string, key: SyntaxNode, whole: SyntaxNode, value: SyntaxNode): ComponentCallChannel {
  const ch: ComponentCallChannel = { name, nameRange: rangeOf(key), range: rangeOf(whole), required: true };
  if (value.type === 'call') {
    for (const a of value.childForFieldName('arguments')?.namedChildren ?? []) {
      if (a?.type !== 'keyword_argument') continue;
      const n = a.childForFieldName('name')?.text;
      const v = a.childForFieldName('value');
      if (!v) continue;
      if (n === 'optional' && v.text === 'True') ch.required = false;
      if (n === 'default') ch.required = false;
      if (n === 'type') {
        const t = stringValue(v);
        if (t && !t.fstring) ch.type = t.value;
        else if (v.type === 'attribute') ch.type = v.text.split('.').pop();
      }
    }
  }
  return ch;
}

/** A `code=` folder: a string, a join of static parts, or a path from `__file__`'s folder. */
function codePath(w: ScriptWalk, locals: Locals, node: SyntaxNode, depth = 0): { path: string; base: 'cwd' | 'file' } | undefined {
  if (depth > MAX_VALUE_DEPTH) return undefined;
  const n = locals.resolve(w, node);
  if (!n) return undefined;
  if (n.type === 'string' || n.type === 'concatenated_string') {
    const s = w.resolveStr(n);
    return s && !s.fstring ? { path: s.value, base: 'cwd' } : undefined;
  }
  if (n.type === 'identifier' && n.text === '__file__') return undefined;
  if (n.type === 'identifier') {
    const s = w.resolveStr(n);
    return s && !s.fstring ? { path: s.value, base: 'cwd' } : undefined;
  }
  const fileDir = fileFolder(n);
  if (fileDir !== undefined) return { path: fileDir, base: 'file' };
  if (n.type === 'call') {
    const fn = dottedName(n.childForFieldName('function')) ?? '';
    const args = (n.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is SyntaxNode => !!a && a.type !== 'comment');
    if (/^(?:pathlib\.)?Path$|^str$|^os\.fspath$/.test(fn) && args.length === 1) return codePath(w, locals, args[0], depth + 1);
    if (/^(?:os\.path|posixpath)\.join$|^join$/.test(fn) && args.length && args.every((a) => a.type !== 'keyword_argument')) {
      let out: { path: string; base: 'cwd' | 'file' } | undefined;
      for (const a of args) {
        const part = codePath(w, locals, a, depth + 1);
        if (!part || (out && part.base === 'file')) return undefined;
        out = !out ? part : { path: part.path.startsWith('/') ? part.path : `${out.path.replace(/\/$/, '')}/${part.path}`, base: out.base };
      }
      return out;
    }
    return undefined;
  }
  if (n.type === 'binary_operator' && n.childForFieldName('operator')?.type === '/') {
    const l = n.childForFieldName('left');
    const r = n.childForFieldName('right');
    const lp = l ? codePath(w, locals, l, depth + 1) : undefined;
    const rp = r ? codePath(w, locals, r, depth + 1) : undefined;
    if (!lp || !rp || rp.base === 'file') return undefined;
    return { path: rp.path.startsWith('/') ? rp.path : `${lp.path.replace(/\/$/, '')}/${rp.path}`, base: lp.base };
  }
  return undefined;
}

/**
 * The file's own folder, as Python code names it: `os.path.dirname(__file__)` (with `abspath`/
 * `realpath` inside), `Path(__file__).parent` (with `.resolve()`/`.absolute()`), each further
 * `dirname`/`.parent` one folder up. The path is relative to the file's folder (`.`, `..`, ...).
 */
function fileFolder(node: SyntaxNode, depth = 0): string | undefined {
  if (depth > 12) return undefined;
  const file = (n: SyntaxNode): boolean => {
    if (n.type === 'identifier') return n.text === '__file__';
    if (n.type === 'call') {
      const fn = dottedName(n.childForFieldName('function')) ?? '';
      const args = (n.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is SyntaxNode => !!a && a.type !== 'comment');
      if (/^os\.path\.(?:abspath|realpath|normpath)$|^(?:pathlib\.)?Path$/.test(fn) && args.length === 1) return file(args[0]);
      const obj = n.childForFieldName('function')?.childForFieldName('object');
      if (/\.(?:resolve|absolute)$/.test(fn) && obj) return file(obj);
    }
    return false;
  };
  if (node.type === 'call') {
    const fn = dottedName(node.childForFieldName('function')) ?? '';
    const args = (node.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is SyntaxNode => !!a && a.type !== 'comment');
    if (/^os\.path\.dirname$/.test(fn) && args.length === 1) {
      if (file(args[0])) return '.';
      const up = fileFolder(args[0], depth + 1);
      return up === undefined ? undefined : `${up}/..`;
    }
    const obj = node.childForFieldName('function')?.childForFieldName('object');
    if (/\.(?:resolve|absolute)$/.test(fn) && obj) return fileFolder(obj, depth + 1);
  }
  if (node.type === 'attribute' && node.childForFieldName('attribute')?.text === 'parent') {
    const obj = node.childForFieldName('object');
    if (!obj) return undefined;
    if (file(obj)) return '.';
    const up = fileFolder(obj, depth + 1);
    return up === undefined ? undefined : `${up}/..`;
  }
  return undefined;
}

/**
 * Single assignments of the function (or module) around a call: `parent_dir = "src"` lets
 * `code=os.path.join(parent_dir, "prep")` resolve. A name assigned twice is not resolved.
 */
class Locals {
  private map: Map<string, SyntaxNode | null> | undefined;

  constructor(private readonly at: SyntaxNode) {}

  private scope(): Map<string, SyntaxNode | null> {
    if (this.map) return this.map;
    const map = new Map<string, SyntaxNode | null>();
    let owner: SyntaxNode | null = this.at.parent;
    while (owner && owner.type !== 'function_definition' && owner.type !== 'module') owner = owner.parent;
    const body = owner?.type === 'function_definition' ? owner.childForFieldName('body') : owner;
    const stack: SyntaxNode[] = body ? [body] : [];
    let visited = 0;
    while (stack.length && visited++ < 20_000) {
      const n = stack.pop()!;
      if (n !== body && (n.type === 'function_definition' || n.type === 'class_definition' || n.type === 'lambda')) continue;
      if (n.type === 'assignment') {
        const left = n.childForFieldName('left');
        const right = n.childForFieldName('right');
        if (left?.type === 'identifier' && right) map.set(left.text, map.has(left.text) ? null : right);
        continue;
      }
      for (let i = n.namedChildCount - 1; i >= 0; i--) {
        const c = n.namedChild(i);
        if (c && c.type !== 'comment' && c.type !== 'string') stack.push(c);
      }
    }
    this.map = map;
    return map;
  }

  /** The expression a name stands for (through local single assignments), or the node itself. */
  resolve(w: ScriptWalk, node: SyntaxNode, depth = 0): SyntaxNode | undefined {
    if (node.type === 'parenthesized_expression') {
      const inner = node.namedChildren.find((c) => c && c.type !== 'comment');
      return inner ? this.resolve(w, inner, depth + 1) : undefined;
    }
    if (node.type !== 'identifier' || depth > 8 || node.text === '__file__') return node;
    const v = this.scope().get(node.text);
    if (v === null) return undefined;
    if (v) return this.resolve(w, v, depth + 1);
    // A module constant (resolveStr knows it), else unknown.
    return w.resolveStr(node) ? node : undefined;
  }
}
