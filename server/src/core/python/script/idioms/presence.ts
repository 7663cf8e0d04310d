// Whether a read of an environment variable or a channel tolerates its absence
// (it sits under a test of the same key, or in a `try` that catches the
// KeyError) and whether the script stops when it is absent (`if not
// env.get("K"): raise ...`, `v = env.get("K")` then `if v is None: sys.exit(1)`).
// Both look only at the syntax around the read: a few ancestors and the
// statements after it in the same block.
import type { SyntaxNode } from '../../parser';
import { MAX_VALUE_DEPTH } from '../../syntax';

/** How many statements after an assignment are searched for the `if not v: raise` that tests it. */
const FOLLOWING_STATEMENTS = 4;

const EXITS = /^(?:sys\.exit|exit|quit|os\._exit)$/;
const CATCHES_KEY_ERROR = /^except\s*(?::|\(?[^:]*\b(?:KeyError|LookupError|Exception|BaseException)\b)/;

/** Does the text of a condition test this key (a literal of it, with `in`, `.get(` or `getenv(`)? */
function testsKey(condition: SyntaxNode, key: string, keyName?: string): boolean {
  const text = condition.text;
  // The key as a literal, or the same name when the read's key is a variable (`for v in NAMES: if v in os.environ: os.environ[v]`).
  const named = keyName !== undefined && new RegExp(`\\b${keyName}\\b`).test(text);
  if (!named && !text.includes(`"${key}"`) && !text.includes(`'${key}'`)) return false;
  return /\bin\b|\.get\(|getenv\(/.test(text);
}

/**
 * Does the read tolerate the key's absence: it is itself the test of an
 * `if`/`elif`/`while` or a conditional expression, or it sits under a test of
 * the same key (the branch it leads into, the right operand of `and`/`or`
 * after it), or in the body of a `try` catching KeyError?
 */
export function tolerates(read: SyntaxNode, key: string, keyName?: string): boolean {
  let child = read;
  let node = read.parent;
  for (let depth = 0; node && depth < MAX_VALUE_DEPTH; depth++, child = node, node = node.parent) {
    switch (node.type) {
      case 'if_statement':
      case 'elif_clause':
      case 'while_statement': {
        // The test itself (`if env.get("K"):`), or the branch it leads into: a read in the `else` of `if "K" in env` runs when K is absent.
        const cond = node.childForFieldName('condition');
        if (cond?.equals(child)) return true;
        const body = node.childForFieldName('consequence') ?? node.childForFieldName('body');
        if (cond && body?.equals(child) && testsKey(cond, key, keyName)) return true;
        break;
      }
      case 'conditional_expression': {
        // value if condition else other
        const parts = node.namedChildren.filter((c): c is SyntaxNode => !!c);
        if (parts.length === 3 && parts[1].equals(child)) return true;
        if (parts.length === 3 && parts[0].equals(child) && testsKey(parts[1], key, keyName)) return true;
        break;
      }
      case 'boolean_operator': {
        const left = node.childForFieldName('left');
        if (left && !left.equals(child) && testsKey(left, key, keyName)) return true;
        break;
      }
      case 'try_statement': {
        // A handler that catches the KeyError and goes on; one that re-raises or exits does not tolerate the absence.
        const body = node.childForFieldName('body');
        const handles = (c: SyntaxNode | null) =>
          c?.type === 'except_clause' && CATCHES_KEY_ERROR.test(c.text) && !stops(c.namedChildren.find((x) => x?.type === 'block') ?? null);
        if (body?.equals(child) && node.namedChildren.some(handles)) return true;
        break;
      }
      case 'function_definition':
      case 'class_definition':
      case 'module':
        return false;
    }
  }
  return false;
}

/** Does this block (or single statement) stop the script: a `raise`, or `sys.exit(...)` and the like, among its own statements? */
function stops(block: SyntaxNode | null): boolean {
  if (!block) return false;
  const statements = block.type === 'block' ? block.namedChildren : [block];
  return statements.some((s) => {
    if (!s) return false;
    if (s.type === 'raise_statement') return true;
    if (s.type !== 'expression_statement') return false;
    const call = s.namedChild(0);
    return call?.type === 'call' && EXITS.test(call.childForFieldName('function')?.text ?? '');
  });
}

/** What a stop condition tests about the value: falsy (`not v`), None (`v is None`), empty (`v == ""`) or the key missing (`"K" not in X`). */
export type AbsenceTest = 'falsy' | 'none' | 'empty' | 'missing';

/** Is `cond` (or one operand of an `or` in it) a test that `expr` is absent: `not E`, `E is None`, `E == ""`, `"K" not in X`? */
function absenceTest(cond: SyntaxNode, matches: (n: SyntaxNode) => boolean, depth = 0): AbsenceTest | undefined {
  if (depth > 8) return undefined;
  const c = cond.type === 'parenthesized_expression' ? (cond.namedChild(0) ?? cond) : cond;
  if (c.type === 'boolean_operator' && c.children.some((x) => x?.type === 'or')) {
    for (const x of c.namedChildren) {
      const t = x ? absenceTest(x, matches, depth + 1) : undefined;
      if (t) return t;
    }
    return undefined;
  }
  if (c.type === 'not_operator') {
    const arg = c.childForFieldName('argument');
    if (!arg) return undefined;
    if (matches(arg)) return 'falsy';
    // `not ("K" in X)`
    const inner = arg.type === 'parenthesized_expression' ? arg.namedChild(0) : arg;
    return inner?.type === 'comparison_operator' && matches(inner) && inner.children.some((x) => x?.type === 'in') ? 'missing' : undefined;
  }
  if (c.type === 'comparison_operator') {
    const operands = c.namedChildren.filter((x): x is SyntaxNode => !!x);
    const ops = c.children.filter((x) => x && !x.isNamed).map((x) => x!.type);
    if (operands.length !== 2) return undefined;
    if ((ops.join(' ') === 'is' || ops.join(' ') === '==') && matches(operands[0])) {
      if (operands[1].text === 'None') return 'none';
      if (/^(?:""|'')$/.test(operands[1].text)) return 'empty';
    }
    if (ops.includes('not in') && matches(c)) return 'missing';
  }
  return undefined;
}

/**
 * Does the script stop when the key is absent, and on what test? `readExpr` is
 * the whole read (the `.get(...)` call, the subscript or the membership test);
 * `tolerant` says the read has a default that is not falsy (then `not v` never
 * sees it absent).
 */
export function stopsWhenAbsent(readExpr: SyntaxNode, tolerant: boolean): AbsenceTest | undefined {
  if (tolerant) return undefined;
  const same = (n: SyntaxNode) => n.equals(readExpr);
  // `if not env.get("K"): raise` / `if "K" not in env: sys.exit(1)`
  let up: SyntaxNode | null = readExpr;
  for (let i = 0; up && i < 6; i++, up = up.parent) {
    const parent = up.parent;
    if (parent?.type === 'if_statement' && parent.childForFieldName('condition')?.equals(up)) {
      const t = absenceTest(up, same);
      return t && stops(parent.childForFieldName('consequence')) ? t : undefined;
    }
    if (!parent || !/^(?:not_operator|comparison_operator|boolean_operator|parenthesized_expression)$/.test(parent.type)) break;
  }
  // `v = env.get("K")` then, a few statements later in the same block, `if not v: raise ...`
  const assignment = readExpr.parent;
  if (assignment?.type !== 'assignment' || !assignment.childForFieldName('right')?.equals(readExpr)) return undefined;
  const name = assignment.childForFieldName('left');
  if (name?.type !== 'identifier') return undefined;
  const isName = (n: SyntaxNode) => n.type === 'identifier' && n.text === name.text;
  let stmt = assignment.parent?.nextNamedSibling ?? null;
  for (let i = 0; stmt && i < FOLLOWING_STATEMENTS; i++, stmt = stmt.nextNamedSibling) {
    if (stmt.type === 'if_statement') {
      const cond = stmt.childForFieldName('condition');
      const t = cond ? absenceTest(cond, isName) : undefined;
      if (t) return stops(stmt.childForFieldName('consequence')) ? t : undefined;
    }
    // Reassigned before any test: what is tested is no longer the read.
    if (stmt.type === 'expression_statement' && stmt.namedChild(0)?.type === 'assignment' && stmt.namedChild(0)?.childForFieldName('left')?.text === name.text)
      return undefined;
  }
  return undefined;
}

/** Is a default argument falsy, so that `not v` is true for it as for an absent value? */
export function falsyDefault(text: string | undefined): boolean {
  return text === undefined || /^(?:None|""|''|0|False|\[\]|\{\})$/.test(text.trim());
}
