// Extracts facts from one Python file's syntax tree: a cheap pass over
// module-level statements (module.ts), then the script pass over the hits of
// the vocabulary (script/walk.ts and its idioms). No recursion on
// user-controlled depth, so deeply nested input cannot overflow the stack.
import type { Config } from '../config';
import type { AssignmentFact, ClassFact, FunctionFact, ImportFact, PythonFacts, Value } from '../facts';
import { classFact, findSuppressions, functionFact, importsOf, isMainGuard, readFunctionBody } from './module';
import type { SyntaxNode, Tree } from './parser';
import { ScriptWalk } from './script/walk';
import { dottedName, rangeOf, spanOf, staticValue } from './syntax';
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
  /** Module-level string constants and dicts of strings, for resolving names. */
  const strConsts = new Map<string, string>();
  const dictConsts = new Map<string, Map<string, string>>();
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
  // (the script pass uses their names to find the entry function).
  const instantiates = assignments.some((a) => a.value.kind === 'call');
  if (instantiates) {
    for (let i = 0; i < functionDefs.length; i++) readFunctionBody(functionDefs[i], functions[i]);
  }

  const script = new ScriptWalk(root, scriptNames(config), strConsts, dictConsts, imports, lines, text).run(mainBlock, functions);
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
