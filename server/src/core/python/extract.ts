// Extracts facts from one Python file's syntax tree: a cheap pass over
// module-level statements (module.ts), then the script pass over the hits of
// the vocabulary (script/walk.ts and its idioms). No recursion on
// user-controlled depth, so deeply nested input cannot overflow the stack.
import { producedEnvNames } from './env-producers';
import type { Config } from '../config';
import type { AssignmentFact, ClassFact, FunctionFact, ImportFact, PythonFacts, Value } from '../facts';
import { classFact, findSuppressions, functionFact, importsOf, isMainGuard, readFunctionBody } from './module';
import type { SyntaxNode, Tree } from './parser';
import { ScriptWalk } from './script/walk';
import { dottedName, rangeOf, spanOf, staticValue, stringValue } from './syntax';
import { extractSdk } from './sdk/extract';
import { scriptNames } from './vocabulary';

export { dottedName, quoteOf, rangeOf, stringValue, staticValue } from './syntax';

export function extractPython(tree: Tree, text: string, config: Config): PythonFacts {
  const lines = text.split(/\r\n|\r|\n/);
  const root = tree.rootNode;

  const assignments: AssignmentFact[] = [];
  const classes: ClassFact[] = [];
  const imports: ImportFact[] = [];
  const functions: FunctionFact[] = [];
  const functionDefs: SyntaxNode[] = [];
  /** Module-level string constants (literals and static path expressions), dicts and lists of strings, for resolving names. */
  const strConsts = new Map<string, string>();
  const dictConsts = new Map<string, Map<string, string>>();
  const listConsts = new Map<string, string[]>();
  let mainBlock: SyntaxNode | undefined;

  const collectAssignment = (stmt: SyntaxNode) => {
    const expr = stmt.type === 'expression_statement' ? stmt.namedChild(0) : undefined;
    if (expr?.type !== 'assignment') return;
    const left = expr.childForFieldName('left');
    const right = expr.childForFieldName('right');
    if (!left || !right || left.type !== 'identifier') return;
    // Only class instantiations (possible contracts and specs), literals (constants) and names are read in
    // full; `logger = logging.getLogger(...)` and the like cannot matter and are not walked.
    const interesting = right.type !== 'call' || /^[A-Z]/.test(dottedName(right.childForFieldName('function'))?.split('.').pop() ?? '');
    const value: Value = interesting ? staticValue(right, lines) : { kind: 'other', text: '', range: spanOf(right) };
    assignments.push({ name: left.text, nameRange: rangeOf(left), value });
    noteConstant(left.text, right, value);
  };

  /** Record what a name holds when it is static: a string, a path built from static parts, a dict or list of strings. */
  const noteConstant = (name: string, right: SyntaxNode, value?: Value) => {
    const v = value ?? staticValue(right, lines);
    if (v.kind === 'str' && !v.fstring) strConsts.set(name, v.value);
    else if (v.kind === 'dict') {
      const m = new Map<string, string>();
      for (const e of v.entries) if (e.key.kind === 'str' && e.value.kind === 'str') m.set(e.key.value, e.value.value);
      dictConsts.set(name, m);
    } else if (v.kind === 'list' && v.items.every((i) => (i.kind === 'str' && !i.fstring) || (i.kind === 'name' && strConsts.has(i.name)))) {
      listConsts.set(
        name,
        v.items.map((i) => (i.kind === 'str' ? i.value : strConsts.get((i as { name: string }).name)!)),
      );
    } else {
      const path = constantPath(right, strConsts);
      if (path !== undefined) strConsts.set(name, path);
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
  // (the script pass uses their names to find the entry function).
  const instantiates = assignments.some((a) => a.value.kind === 'call');
  if (instantiates) {
    for (let i = 0; i < functionDefs.length; i++) readFunctionBody(functionDefs[i], functions[i]);
  }

  // Names the entry block assigns are module globals too (functions may read them), and its wiring uses them.
  if (mainBlock) collectBlockConstants(mainBlock, noteConstant);

  const walk = new ScriptWalk(root, scriptNames(config), strConsts, dictConsts, listConsts, imports, lines, text);
  const script = walk.run(mainBlock, functions);
  const pathConstants = walk.pathConstantNames();
  // Names the file also reads are passed through, not produced (a script's own env helper).
  const read = new Set(script.envReads.map((r) => r.name));
  const envProduced = producedEnvNames(text).filter((n) => !read.has(n));
  const suppressions = findSuppressions(text, root);
  const sdk = extractSdk(root, text);
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
    ...(pathConstants.length ? { pathConstants } : {}),
    ...(envProduced.length ? { envProduced } : {}),
    ...(walk.componentCalls.length ? { componentCalls: walk.componentCalls } : {}),
    ...(sdk ? { sdk } : {}),
  };
}

/** `NAME = <value>` statements anywhere in a block (its if/else, try, with and loop bodies), not in nested functions. */
function collectBlockConstants(block: SyntaxNode, note: (name: string, right: SyntaxNode) => void): void {
  const stack: SyntaxNode[] = [block];
  let visited = 0;
  while (stack.length && visited++ < 10_000) {
    const n = stack.pop()!;
    if (n.type === 'function_definition' || n.type === 'class_definition' || n.type === 'lambda') continue;
    if (n.type === 'assignment') {
      const left = n.childForFieldName('left');
      const right = n.childForFieldName('right');
      if (left?.type === 'identifier' && right) note(left.text, right);
      continue;
    }
    for (let i = n.namedChildCount - 1; i >= 0; i--) {
      const c = n.namedChild(i);
      if (c && c.type !== 'comment' && c.type !== 'string') stack.push(c);
    }
  }
}

const PATH_CLASSES = /^(pathlib\.)?(Path|PurePath|PurePosixPath|PosixPath)$|^str$|^os\.fspath$/;
const JOINS = /^(os\.path|posixpath|path)\.join$|^join$/;

/**
 * The string a module constant holds when it is built from static parts:
 * `Path("/opt/ml/x")`, `os.path.join(C, "x")`, `C + "/x"`, `Path(C) / "x"`.
 */
function constantPath(node: SyntaxNode, strConsts: Map<string, string>, depth = 0): string | undefined {
  if (depth > 20) return undefined;
  switch (node.type) {
    case 'string':
    case 'concatenated_string': {
      const v = stringValue(node);
      return v && !v.fstring ? v.value : undefined;
    }
    case 'identifier':
      return strConsts.get(node.text);
    case 'parenthesized_expression': {
      const inner = node.namedChild(0);
      return inner ? constantPath(inner, strConsts, depth + 1) : undefined;
    }
    case 'call': {
      const fn = dottedName(node.childForFieldName('function')) ?? '';
      const args = (node.childForFieldName('arguments')?.namedChildren ?? []).filter(
        (a): a is SyntaxNode => !!a && a.type !== 'comment' && a.type !== 'keyword_argument',
      );
      if (PATH_CLASSES.test(fn) && args.length === 1) return constantPath(args[0], strConsts, depth + 1);
      if (!JOINS.test(fn) || !args.length) return undefined;
      let path: string | undefined;
      for (const a of args) {
        const part = constantPath(a, strConsts, depth + 1);
        if (part === undefined || part === '') return undefined;
        path = path === undefined || part.startsWith('/') ? part : `${path.replace(/\/$/, '')}/${part}`;
      }
      return path;
    }
    case 'binary_operator': {
      const op = node.childForFieldName('operator')?.type;
      const l = node.childForFieldName('left');
      const r = node.childForFieldName('right');
      const ls = l && constantPath(l, strConsts, depth + 1);
      const rs = r && constantPath(r, strConsts, depth + 1);
      if (ls === undefined || ls === null || rs === undefined || rs === null) return undefined;
      if (op === '+') return ls + rs;
      // `a / b` on strings is a TypeError: in working code the left is a Path, and this is a join.
      if (op === '/') return rs.startsWith('/') ? rs : `${ls.replace(/\/$/, '')}/${rs}`;
      return undefined;
    }
  }
  return undefined;
}
