// Extracts facts from one Python file's syntax tree. One iterative walk over
// the tree (no recursion on user-controlled depth, so deeply nested input
// cannot overflow the stack) plus a cheap pass over module-level statements.
import type { Config } from '../config';
import type { Span } from '../facts';
import { commentableLines, coveredFrom, ruleList, SUPPRESSION_RE, suppressionRemoval } from '../suppression';
import type {
  AssignmentFact, ChannelRead, ClassFact, CodeContext, DictEntry, FunctionFact, ImportFact, Kwarg, Layout,
  PathUse, PythonFacts, ScriptFacts, Suppression, Value,
} from '../facts';
import type { Direction, Range } from '../model';
import type { SyntaxNode, Tree } from './parser';

const MAX_VALUE_DEPTH = 40;

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

function spanOf(node: SyntaxNode): Span {
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
    else if (child.type === 'escape_sequence') value += raw ? child.text : unescape(child.text);
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
    out += text.slice(at, esc.startIndex - base) + unescape(esc.text);
    at = esc.endIndex - base;
  }
  return out + text.slice(at);
}

function unescape(seq: string): string {
  switch (seq[1]) {
    case 'n': return '\n';
    case 't': return '\t';
    case '\\': return '\\';
    case "'": return "'";
    case '"': return '"';
    default: return seq;
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

function layoutOf(node: SyntaxNode, items: SyntaxNode[], lines: string[]): Layout {
  const closeNode = node.lastChild;
  const closeAt = closeNode && /^[)\]}]$/.test(closeNode.type)
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
export function valueOf(node: SyntaxNode, lines: string[], depth = 0): Value {
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
      if (inner) return valueOf(inner, lines, depth + 1);
      break;
    }
    case 'list':
    case 'tuple':
    case 'set': {
      const items = node.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'comment');
      return { kind: 'list', items: items.map((c) => valueOf(c, lines, depth + 1)), range, layout: layoutOf(node, items, lines) };
    }
    case 'dictionary': {
      const pairs = node.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'comment');
      const entries: DictEntry[] = [];
      for (const p of pairs) {
        if (p.type !== 'pair') continue;
        const k = p.childForFieldName('key');
        const v = p.childForFieldName('value');
        if (!k || !v) continue;
        entries.push({ key: valueOf(k, lines, depth + 1), value: valueOf(v, lines, depth + 1), range: spanOf(p) });
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
            if (n && v) kwargs.push({ name: n.text, nameRange: spanOf(n), value: valueOf(v, lines, depth + 1) });
          } else {
            args.push(valueOf(a, lines, depth + 1));
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

function importsOf(stmt: SyntaxNode): ImportFact[] {
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

function isMainGuard(stmt: SyntaxNode): boolean {
  if (stmt.type !== 'if_statement') return false;
  const cond = stmt.childForFieldName('condition');
  return !!cond && /^__name__\s*==\s*['"]__main__['"]$|^['"]__main__['"]\s*==\s*__name__$/.test(cond.text);
}

interface Scope {
  end: number;
  kind: 'function' | 'class' | 'lambda';
  /** Parameter names (functions only), read from the tree on first use: most scopes hold no hit. */
  params(): Set<string>;
  /** For functions: end offset of the parameter list (defaults are evaluated at definition time). */
  paramsEnd(): number;
}

const NO_PARAMS = new Set<string>();

function functionScope(def: SyntaxNode): Scope {
  let params: Set<string> | undefined;
  let paramsEnd: number | undefined;
  return {
    end: def.endIndex,
    kind: 'function',
    params: () => (params ??= parametersOf(def)),
    paramsEnd: () => (paramsEnd ??= def.childForFieldName('parameters')?.endIndex ?? def.startIndex),
  };
}

function plainScope(node: SyntaxNode, kind: 'class' | 'lambda'): Scope {
  const start = node.startIndex;
  return { end: node.endIndex, kind, params: () => NO_PARAMS, paramsEnd: () => start };
}

interface Names {
  inputDicts: Set<string>;
  outputDicts: Set<string>;
  inputMethods: Set<string>;
  outputMethods: Set<string>;
  bridges: Set<string>;
  prefixes: string[];
}

export function extractPython(tree: Tree, text: string, config: Config): PythonFacts {
  const lines = text.split(/\r\n|\r|\n/);
  const root = tree.rootNode;
  const names: Names = {
    inputDicts: new Set(config.inputAccessors),
    outputDicts: new Set(config.outputAccessors),
    inputMethods: new Set(config.inputPathMethods),
    outputMethods: new Set(config.outputPathMethods),
    bridges: new Set(config.envBridges),
    prefixes: config.pathPrefixes,
  };

  const assignments: AssignmentFact[] = [];
  const classes: ClassFact[] = [];
  const imports: ImportFact[] = [];
  const functions: FunctionFact[] = [];
  const functionDefs: SyntaxNode[] = [];
  /** Module-level string constants and dicts of strings, for resolving names. */
  const strConsts = new Map<string, string>();
  const dictConsts = new Map<string, Map<string, string>>();
  let mainBlock: SyntaxNode | undefined;

  const collectAssignment = (stmt: SyntaxNode) => {
    const expr = stmt.type === 'expression_statement' ? stmt.namedChild(0) : undefined;
    if (!expr || expr.type !== 'assignment') return;
    const left = expr.childForFieldName('left');
    const right = expr.childForFieldName('right');
    if (!left || !right || left.type !== 'identifier') return;
    // Only class instantiations (possible contracts and specs), literals (constants) and names are read in
    // full; `logger = logging.getLogger(...)` and the like cannot matter and are not walked.
    const interesting = right.type !== 'call' || /^[A-Z]/.test(dottedName(right.childForFieldName('function'))?.split('.').pop() ?? '');
    const value: Value = interesting ? valueOf(right, lines) : { kind: 'other', text: '', range: spanOf(right) };
    assignments.push({ name: left.text, nameRange: rangeOf(left), value });
    if (value.kind === 'str' && !value.fstring) strConsts.set(left.text, value.value);
    if (value.kind === 'dict') {
      const m = new Map<string, string>();
      for (const e of value.entries) if (e.key.kind === 'str' && e.value.kind === 'str') m.set(e.key.value, e.value.value);
      dictConsts.set(left.text, m);
    }
  };

  for (const stmt of root.namedChildren) {
    if (!stmt) continue;
    switch (stmt.type) {
      case 'expression_statement':
        collectAssignment(stmt);
        break;
      case 'import_statement':
      case 'import_from_statement':
        imports.push(...importsOf(stmt));
        break;
      case 'class_definition':
      case 'decorated_definition': {
        const def = stmt.type === 'decorated_definition' ? stmt.childForFieldName('definition') : stmt;
        if (def?.type === 'class_definition') classes.push(classFact(def));
        if (def?.type === 'function_definition') {
          functions.push(functionFact(def));
          functionDefs.push(def);
        }
        break;
      }
      case 'function_definition':
        functions.push(functionFact(stmt));
        functionDefs.push(stmt);
        break;
      case 'if_statement':
        if (isMainGuard(stmt)) mainBlock = stmt;
        break;
    }
  }

  // Functions only matter to a class instantiation that calls one (`script_contract=_get_contract()`);
  // a script's dozens of helpers are neither read on every keystroke nor kept in its facts
  // (extractScript below uses their names to find the entry function).
  const instantiates = assignments.some((a) => a.value.kind === 'call');
  if (instantiates) functionDefs.forEach((def, i) => readFunctionBody(def, functions[i]));

  const script = extractScript(root, names, strConsts, dictConsts, imports, mainBlock, functions, lines, text);
  const suppressions = findSuppressions(text, root);
  return {
    format: 'python',
    lineCount: lines.length,
    hasSyntaxErrors: root.hasError,
    assignments,
    classes,
    imports,
    functions: instantiates ? functions : [],
    script,
    suppressions,
  };
}

function classFact(def: SyntaxNode): ClassFact {
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

function functionFact(def: SyntaxNode): FunctionFact {
  const nameNode = def.childForFieldName('name')!;
  return { name: nameNode.text, nameRange: rangeOf(nameNode), imports: [] };
}

/** What a function imports and returns by name (`def _get_contract(): from .c import C; return C`). */
function readFunctionBody(def: SyntaxNode, fn: FunctionFact): void {
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

function findSuppressions(text: string, root: SyntaxNode): Suppression[] {
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
    out.push({ line, fromLine: fromLine < line ? fromLine : undefined, rules, range: { start: { line, character: supStart }, end: { line, character: supEnd } }, removal });
  }
  return out;
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

function parametersOf(def: SyntaxNode): Set<string> {
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

function extractScript(
  root: SyntaxNode,
  names: Names,
  strConsts: Map<string, string>,
  dictConsts: Map<string, Map<string, string>>,
  imports: ImportFact[],
  mainBlock: SyntaxNode | undefined,
  functions: FunctionFact[],
  lines: string[],
  text: string,
): ScriptFacts {
  const facts: ScriptFacts = {
    channelReads: [],
    wiring: [],
    wiringDicts: [],
    envReads: [],
    bridgeLiterals: [],
    pathUses: [],
    argFlags: [],
    usesArgparse: false,
    methodReceivers: [],
    importsOs: imports.some((i) => i.local === 'os' && i.module === 'os'),
  };
  const environNames = new Set<string>(['os.environ']);
  for (const i of imports) {
    if (i.module === 'os' && i.imported === 'environ') environNames.add(i.local);
    if (i.module === 'os' && i.local !== 'os' && i.imported === 'os') environNames.add(`${i.local}.environ`);
  }
  const getenvNames = new Set<string>(['os.getenv']);
  for (const i of imports) if (i.module === 'os' && i.imported === 'getenv') getenvNames.add(i.local);

  const isContainerPath = (s: string) => names.prefixes.some((p) => s.startsWith(p) || s === p.replace(/\/$/, ''));
  const directionOfDict = (name: string): Direction | undefined =>
    names.inputDicts.has(name) ? 'input' : names.outputDicts.has(name) ? 'output' : undefined;

  /** Static string of an expression: literal or module-level constant (including CONST["K"]). */
  const resolveStr = (node: SyntaxNode | null): { value: string; fstring: boolean } | undefined => {
    if (!node) return undefined;
    if (node.type === 'string' || node.type === 'concatenated_string') return stringValue(node);
    if (node.type === 'identifier') {
      const v = strConsts.get(node.text);
      return v !== undefined ? { value: v, fstring: false } : undefined;
    }
    if (node.type === 'subscript') {
      const obj = node.childForFieldName('value');
      const key = node.childForFieldName('subscript');
      if (obj?.type === 'identifier' && key) {
        const d = dictConsts.get(obj.text);
        const k = resolveStr(key);
        const v = d && k ? d.get(k.value) : undefined;
        return v !== undefined ? { value: v, fstring: false } : undefined;
      }
    }
    if (node.type === 'parenthesized_expression') return resolveStr(node.namedChild(0));
    return undefined;
  };

  /** Resolve os.path.join(C, "x", ...) and C + "/x" to a path when every part is static. */
  const resolveJoin = (node: SyntaxNode, depth = 0): string | undefined => {
    if (depth > MAX_VALUE_DEPTH) return undefined;
    if (node.type === 'call') {
      const fn = dottedName(node.childForFieldName('function'));
      if (fn !== 'os.path.join' && fn !== 'path.join' && fn !== 'join') return undefined;
      const args = node.childForFieldName('arguments')?.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'comment') ?? [];
      if (args.length < 1) return undefined;
      let path = '';
      for (const a of args) {
        const s = resolveStr(a) ?? (a.type === 'call' || a.type === 'binary_operator' ? { value: resolveJoin(a, depth + 1) ?? '', fstring: false } : undefined);
        if (!s || s.fstring || s.value === '') return undefined;
        path = s.value.startsWith('/') ? s.value : path === '' ? s.value : `${path.replace(/\/$/, '')}/${s.value}`;
      }
      return path;
    }
    if (node.type === 'binary_operator' && node.childForFieldName('operator')?.type === '+') {
      const l = node.childForFieldName('left');
      const r = node.childForFieldName('right');
      const ls = l ? resolveStr(l) ?? (l.type === 'binary_operator' ? { value: resolveJoin(l, depth + 1) ?? '', fstring: false } : undefined) : undefined;
      const rs = r ? resolveStr(r) : undefined;
      if (!ls || !rs || ls.fstring || rs.fstring || ls.value === '') return undefined;
      return ls.value + rs.value;
    }
    return undefined;
  };

  const scopes: Scope[] = [];
  /** Nodes (by start index) already accounted for as part of a larger path use. */
  const consumed = new Set<number>();
  /** Default-argument spans of accessor .get() calls: reads inside are fallbacks of `key`. */
  const fallbackSpans: { start: number; end: number; key: string; receiver: string }[] = [];

  const contextAt = (): CodeContext => (scopes.length > 0 ? 'logic' : 'wiring');
  const scopeInfo = (at: number): PathUse['scopeHas'] => {
    const fn = [...scopes].reverse().find((s) => s.kind === 'function');
    if (!fn) return undefined;
    const inputDict = [...names.inputDicts].find((d) => fn.params().has(d));
    const outputDict = [...names.outputDicts].find((d) => fn.params().has(d));
    return { inputDict, outputDict, inDefault: at < fn.paramsEnd() };
  };

  const addPathUse = (node: SyntaxNode, path: string, form: PathUse['form']) => {
    if (!isContainerPath(path)) return;
    const context = contextAt();
    const use: PathUse = { path, range: rangeOf(node), context, form, scopeHas: context === 'logic' ? scopeInfo(node.startIndex) : undefined };
    Object.assign(use, syntaxAround(node));
    facts.pathUses.push(use);
  };

  const recordChannelRead = (direction: Direction, keyNode: SyntaxNode, via: ChannelRead['via'], receiver: string) => {
    const key = resolveStr(keyNode);
    if (!key || key.fstring) return;
    const at = keyNode.startIndex;
    const span = fallbackSpans.find((s) => at >= s.start && at < s.end && s.receiver === receiver);
    facts.channelReads.push({
      direction,
      key: key.value,
      keyRange: rangeOf(keyNode),
      via,
      keyQuote: quoteOf(keyNode),
      receiver,
      context: contextAt(),
      fallbackOf: span?.key,
    });
    // The key's own literal is a channel name, not a path use.
    consumed.add(keyNode.startIndex);
  };

  const recordEnvRead = (nameNode: SyntaxNode, via: 'environ' | 'getenv' | 'bridge', defaultNode?: SyntaxNode | null) => {
    const name = resolveStr(nameNode);
    if (!name || name.fstring) return;
    const defaultText = defaultNode && defaultNode.text.length <= 80 ? defaultNode.text : undefined;
    facts.envReads.push({ name: name.value, range: rangeOf(nameNode), via, context: contextAt(), defaultText });
    consumed.add(nameNode.startIndex);
  };

  const argsOf = (call: SyntaxNode): SyntaxNode[] =>
    call.childForFieldName('arguments')?.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'comment' && c.type !== 'keyword_argument') ?? [];

  const visitCall = (node: SyntaxNode) => {
    const fnNode = node.childForFieldName('function');
    if (!fnNode) return;
    if (fnNode.type === 'attribute') {
      const objNode = fnNode.childForFieldName('object');
      const attr = fnNode.childForFieldName('attribute')?.text;
      const obj = dottedName(objNode);
      const args = argsOf(node);
      if (attr === 'get' && obj) {
        const dir = directionOfDict(obj);
        if (dir && args[0]) {
          const k = resolveStr(args[0]);
          if (args[1] && k) fallbackSpans.push({ start: args[1].startIndex, end: args[1].endIndex, key: k.value, receiver: obj });
          recordChannelRead(dir, args[0], 'get', obj);
          return;
        }
        if (environNames.has(obj) && args[0]) return recordEnvRead(args[0], 'environ', args[1]);
        if (names.bridges.has(obj) && args[0]) return recordEnvRead(args[0], 'bridge', args[1]);
      }
      if (attr && objNode && args[0]) {
        if (names.inputMethods.has(attr) || names.outputMethods.has(attr)) {
          const receiver = objNode.text.length <= 60 ? objNode.text : 'runtime';
          if (!facts.methodReceivers.includes(receiver)) facts.methodReceivers.push(receiver);
          recordChannelRead(names.inputMethods.has(attr) ? 'input' : 'output', args[0], 'method', receiver);
          return;
        }
      }
      if (attr === 'add_argument') {
        facts.usesArgparse = true;
        const flags = args.map((a) => ({ a, s: resolveStr(a) })).filter((x) => x.s && x.s.value.startsWith('-'));
        const best = flags.find((x) => x.s!.value.startsWith('--')) ?? flags[0];
        if (best) {
          facts.argFlags.push({ flag: best.s!.value, range: rangeOf(best.a) });
          for (const f of flags) consumed.add(f.a.startIndex);
        }
        return;
      }
      if (attr === 'ArgumentParser') facts.usesArgparse = true;
    }
    const fn = dottedName(fnNode);
    if (fn && getenvNames.has(fn)) {
      const args = argsOf(node);
      if (args[0]) recordEnvRead(args[0], 'getenv', args[1]);
      return;
    }
    if (fn === 'ArgumentParser') facts.usesArgparse = true;
    const joined = resolveJoin(node);
    if (joined !== undefined) {
      const first = argsOf(node)[0];
      if (first) consumed.add(first.startIndex);
      addPathUse(node, joined, 'join');
    }
  };

  const visitSubscript = (node: SyntaxNode) => {
    const obj = dottedName(node.childForFieldName('value'));
    const key = node.childForFieldName('subscript');
    if (!obj || !key) return;
    const parent = node.parent;
    const isWrite = parent?.type === 'assignment' && parent.childForFieldName('left')?.equals(node);
    const isDelete = parent?.type === 'delete_statement';
    if (environNames.has(obj)) {
      if (!isWrite && !isDelete) recordEnvRead(key, 'environ');
      else consumed.add(key.startIndex);
      return;
    }
    if (names.bridges.has(obj)) {
      if (!isWrite) recordEnvRead(key, 'bridge');
      return;
    }
    const dir = directionOfDict(obj);
    if (dir) {
      if (isWrite && contextAt() === 'wiring') {
        const k = resolveStr(key);
        const right = parent!.childForFieldName('right');
        const p = right ? resolveStr(right) ?? (resolveJoin(right) !== undefined ? { value: resolveJoin(right)!, fstring: false } : undefined) : undefined;
        if (k && !k.fstring) {
          facts.wiring.push({ direction: dir, key: k.value, keyRange: rangeOf(key), keyQuote: quoteOf(key), path: p?.value, pathRange: right && p ? rangeOf(right) : undefined });
          consumed.add(key.startIndex);
          if (right && p) consumed.add(right.startIndex);
        }
        return;
      }
      if (!isWrite) recordChannelRead(dir, key, 'subscript', obj);
      return;
    }
    // CONTAINER_PATHS["K"] used in logic: a path held in a module-level dict constant.
    if (contextAt() === 'logic' && !isWrite) visitPathCandidate(node);
  };

  const visitComparison = (node: SyntaxNode) => {
    // "X" in input_paths / "X" in os.environ
    const ops = node.children.filter((c) => c && !c.isNamed).map((c) => c!.type);
    if (!ops.includes('in') && !ops.includes('not in')) return;
    const operands = node.namedChildren.filter((c): c is SyntaxNode => !!c);
    if (operands.length !== 2) return;
    const target = dottedName(operands[1]);
    if (!target) return;
    const dir = directionOfDict(target);
    if (dir) return recordChannelRead(dir, operands[0], 'in', target);
    if (environNames.has(target)) return recordEnvRead(operands[0], 'environ');
    if (names.bridges.has(target)) return recordEnvRead(operands[0], 'bridge');
  };

  const visitAssignment = (node: SyntaxNode) => {
    if (contextAt() !== 'wiring') return;
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (left?.type !== 'identifier' || !right) return;
    const dir = directionOfDict(left.text);
    if (dir) {
      const dictNode = right.type === 'dictionary' ? right : undefined;
      const items = dictNode ? dictNode.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'comment') : [];
      facts.wiringDicts.push({ direction: dir, name: left.text, range: rangeOf(right), layout: dictNode ? layoutOf(dictNode, items, lines) : undefined });
      for (const pair of items) {
        if (pair.type !== 'pair') continue;
        const k = pair.childForFieldName('key');
        const v = pair.childForFieldName('value');
        const ks = k ? resolveStr(k) : undefined;
        if (!k || !ks || ks.fstring) continue;
        const vs = v ? resolveStr(v) ?? (resolveJoin(v) !== undefined ? { value: resolveJoin(v)!, fstring: false } : undefined) : undefined;
        facts.wiring.push({ direction: dir, key: ks.value, keyRange: rangeOf(k), keyQuote: quoteOf(k), path: vs?.value, pathRange: v && vs ? rangeOf(v) : undefined });
        consumed.add(k.startIndex);
        // A wired path is checked by path-mismatch, not reported again as a path use.
        if (v && vs) consumed.add(v.startIndex);
      }
      return;
    }
    if (names.bridges.has(left.text) && right.type === 'dictionary') {
      const items = right.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'comment');
      const keys: { key: string; range: Range }[] = [];
      for (const pair of items) {
        if (pair.type !== 'pair') continue;
        const k = pair.childForFieldName('key');
        const ks = k ? resolveStr(k) : undefined;
        if (k && ks) {
          keys.push({ key: ks.value, range: rangeOf(k) });
          consumed.add(k.startIndex);
        }
      }
      facts.bridgeLiterals.push({ name: left.text, range: rangeOf(right), keys, layout: layoutOf(right, items, lines) });
    }
  };

  const isDocstringOrBareString = (node: SyntaxNode): boolean => {
    const parent = node.parent;
    return parent?.type === 'expression_statement' && parent.namedChildCount === 1;
  };

  // Hit-driven: find the few places that can matter with a text scan, then
  // look only at the syntax around them. Cost follows the number of hits, not
  // the size of the tree (a cursor walk over every node costs several times the parse).
  const pathConstants = [...strConsts].filter(([, v]) => isContainerPath(v)).map(([k]) => k);
  const pathDicts = [...dictConsts].filter(([, m]) => [...m.values()].some(isContainerPath)).map(([k]) => k);
  const words = new Set<string>([
    ...names.inputDicts, ...names.outputDicts, ...names.bridges, ...names.inputMethods, ...names.outputMethods,
    'environ', 'getenv', 'add_argument', 'ArgumentParser', ...pathConstants, ...pathDicts,
    // Undotted aliases only (`from os import environ as env`): `os.environ` is found by its `environ`.
    ...[...environNames, ...getenvNames].filter((n) => !n.includes('.')),
  ]);
  const escape = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const wordRe = new RegExp(`\\b(?:${[...words].map(escape).join('|')})\\b`, 'g');
  const prefixRe = new RegExp(names.prefixes.map((p) => escape(p.replace(/\/$/, ''))).join('|') || '(?!)', 'g');
  const hits: number[] = [];
  for (const m of text.matchAll(wordRe)) hits.push(m.index!);
  for (const m of text.matchAll(prefixRe)) hits.push(m.index!);
  hits.sort((a, b) => a - b);

  // Scopes by position: function, class and lambda spans found from their keywords.
  // (Climbing a node's ancestors costs O(depth) per step in tree-sitter, which is
  // quadratic on deeply nested input; positions avoid that.)
  const scopeSpans: { start: number; scope: Scope }[] = [];
  for (const m of text.matchAll(/\b(?:def|class|lambda)\b/g)) {
    const keyword = root.descendantForIndex(m.index!);
    const owner = keyword?.parent;
    if (!keyword || keyword.isNamed || !owner) continue;
    if (owner.type === 'function_definition') scopeSpans.push({ start: owner.startIndex, scope: functionScope(owner) });
    else if (owner.type === 'class_definition' || owner.type === 'lambda') scopeSpans.push({ start: owner.startIndex, scope: plainScope(owner, owner.type === 'lambda' ? 'lambda' : 'class') });
  }
  scopeSpans.sort((a, b) => a.start - b.start);
  const ancestorsScopes = (node: SyntaxNode): Scope[] => {
    const at = node.startIndex;
    return scopeSpans.filter((s) => s.start <= at && at < s.scope.end).map((s) => s.scope);
  };

  /**
   * The outermost static join/concat this path expression is the head of, or
   * the expression itself. Extends the path one level at a time, so a long
   * `"/opt/ml/x" + "a" + "b" + …` chain costs linear time, and gives up after
   * MAX_VALUE_DEPTH levels.
   */
  const outermostPath = (node: SyntaxNode): { node: SyntaxNode; path: string; form: PathUse['form'] } | undefined => {
    const own = resolveStr(node);
    if (!own) return undefined;
    let best: { node: SyntaxNode; path: string; form: PathUse['form'] } = { node, path: own.value, form: own.fstring ? 'fstring' : node.type === 'identifier' || node.type === 'subscript' ? 'constant' : 'literal' };
    if (own.fstring) return best;
    for (let cur = node, level = 0; level < MAX_VALUE_DEPTH; level++) {
      const parent = cur.parent;
      if (!parent) break;
      if (parent.type === 'argument_list' && parent.parent?.type === 'call') {
        const call = parent.parent;
        const fn = dottedName(call.childForFieldName('function'));
        const args = argsOf(call);
        if ((fn !== 'os.path.join' && fn !== 'path.join' && fn !== 'join') || !args[0]?.equals(cur)) break;
        let path: string | undefined = best.path;
        for (const a of args.slice(1)) {
          const part = resolveStr(a);
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
        const right = resolveStr(parent.childForFieldName('right'));
        if (!right || right.fstring) break;
        best = { node: parent, path: best.path + right.value, form: 'concat' };
        cur = parent;
      } else break;
    }
    return best;
  };
  const recordedPaths = new Set<number>();
  const visitPathCandidate = (node: SyntaxNode) => {
    if (consumed.has(node.startIndex)) return;
    const p = outermostPath(node);
    if (!p || recordedPaths.has(p.node.startIndex) || consumed.has(p.node.startIndex)) return;
    recordedPaths.add(p.node.startIndex);
    addPathUse(p.node, p.path, p.form);
  };

  // Two hits can lead to the same expression (`env` and `X` in `env["X"]` when X is a constant): visit each once.
  const visited = new Set<string>();
  const once = (node: SyntaxNode, visit: (n: SyntaxNode) => void) => {
    const key = `${node.type}:${node.startIndex}:${node.endIndex}`;
    if (visited.has(key)) return;
    visited.add(key);
    visit(node);
  };

  const handleIdentifier = (node: SyntaxNode) => {
    let target = node;
    let parent = node.parent;
    // `os.environ`, `runtime.get_input_path`: step up to the attribute.
    if (parent?.type === 'attribute' && parent.childForFieldName('attribute')?.equals(node)) {
      target = parent;
      parent = parent.parent;
    }
    if (!parent) return;
    if (parent.type === 'subscript' && parent.childForFieldName('value')?.equals(target)) return once(parent, visitSubscript);
    if (parent.type === 'attribute' && parent.childForFieldName('object')?.equals(target)) {
      const call = parent.parent;
      if (call?.type === 'call' && call.childForFieldName('function')?.equals(parent)) return once(call, visitCall);
      if (call?.type === 'subscript' && call.childForFieldName('value')?.equals(parent)) return once(call, visitSubscript);
      return;
    }
    if (parent.type === 'call' && parent.childForFieldName('function')?.equals(target)) return once(parent, visitCall);
    if (parent.type === 'comparison_operator') return once(parent, visitComparison);
    if (parent.type === 'assignment' && parent.childForFieldName('left')?.equals(target)) return once(parent, visitAssignment);
    // A module-level path constant used in logic.
    if (target.type === 'identifier' && scopes.length > 0 && (strConsts.has(node.text) || dictConsts.has(node.text))) {
      if (parent.type === 'keyword_argument' && parent.childForFieldName('name')?.equals(node)) return;
      if (scopes.some((sc) => sc.params().has(node.text))) return;
      if (dictConsts.has(node.text)) {
        if (parent.type === 'subscript' && parent.childForFieldName('value')?.equals(node)) visitPathCandidate(parent);
        return;
      }
      visitPathCandidate(node);
    }
  };

  let lastHitNode = -1;
  for (const offset of hits) {
    let node: SyntaxNode | null = root.descendantForIndex(offset);
    if (!node) continue;
    if (node.type === 'comment') continue;
    if (node.type === 'string_content' || node.type === 'string_start' || node.type === 'escape_sequence') node = node.parent;
    if (!node) continue;
    if (node.startIndex === lastHitNode && node.type !== 'identifier') continue;
    lastHitNode = node.startIndex;
    scopes.length = 0;
    scopes.push(...ancestorsScopes(node));
    if (node.type === 'identifier') {
      handleIdentifier(node);
      continue;
    }
    if (node.type === 'string') {
      if (node.parent?.type === 'concatenated_string') node = node.parent;
      if (isDocstringOrBareString(node)) continue;
      visitPathCandidate(node);
    }
  }

  if (mainBlock) facts.mainBlock = rangeOf(mainBlock);
  const mainFn = functions.find((f) => f.name === 'main');
  if (mainFn) facts.entryFunction = { name: mainFn.name, range: mainFn.nameRange };
  else if (mainBlock) {
    const called = functions.find((f) => new RegExp(`\\b${f.name}\\s*\\(`).test(lines.slice(mainBlock.startPosition.row, mainBlock.endPosition.row + 1).join('\n')));
    if (called) facts.entryFunction = { name: called.name, range: called.nameRange };
  }
  return facts;
}
