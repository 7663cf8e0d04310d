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

/**
 * `os.path.join(base_dir, "data")` in the function the entry block calls with `base_dir=BASE`, where BASE
 * is a container path: the join spells out a channel's path from its parent, as a literal would.
 */
export function entryParamJoin(w: ScriptWalk, node: SyntaxNode, parent: SyntaxNode): boolean {
  if (node.type !== 'identifier' || parent.type !== 'argument_list') return false;
  const base = w.entryParamPath(node.text);
  const call = parent.parent;
  if (base === undefined || call?.type !== 'call') return false;
  const fn = dottedName(call.childForFieldName('function'));
  const args = w.argsOf(call);
  if ((fn !== 'os.path.join' && fn !== 'path.join') || !args[0]?.equals(node) || args.length < 2) return false;
  let path = base;
  for (const a of args.slice(1)) {
    const part = w.resolveStr(a);
    if (!part || part.fstring || part.value === '' || part.value.startsWith('/')) return false;
    path = `${path.replace(/\/$/, '')}/${part.value}`;
  }
  if (w.recordedPaths.has(call.startIndex)) return true;
  w.recordedPaths.add(call.startIndex);
  addPathUse(w, call, path, 'join');
  return true;
}

/**
 * `sys.path.append(CONFIG + "/scripts/")` / `sys.path.insert(0, ...)` at module level, the folder built on a
 * path constant: the script imports modules from it (a step mounts helper code there), so it uses the folder.
 * (A literal folder is a use already; inside a function the concatenation is one.)
 */
function importFolderArg(w: ScriptWalk, node: SyntaxNode): boolean {
  let arg = node;
  while (arg.parent?.type === 'binary_operator') arg = arg.parent;
  const list = arg.parent;
  if (arg === node || list?.type !== 'argument_list' || list.parent?.type !== 'call') return false;
  const fn = dottedName(list.parent.childForFieldName('function'));
  if (fn !== 'sys.path.append' && fn !== 'sys.path.insert') return false;
  const p = w.resolvePath(arg);
  if (!p || p.fstring || w.recordedPaths.has(arg.startIndex)) return false;
  w.recordedPaths.add(arg.startIndex);
  addPathUse(w, arg, p.value, 'concat');
  return true;
}

/** `CONTAINER_PATHS["K"]` used in logic: a path held in a module-level dict constant. */
export function dictConstantSubscript(w: ScriptWalk, s: Subscript): boolean {
  if (w.contextAt() === 'logic' && !s.isWrite) visitPathCandidate(w, s.node);
  return true;
}

/** A module-level path constant used in logic (not shadowed by a parameter, not a keyword name). */
export function constantIdentifier(w: ScriptWalk, node: SyntaxNode, target: SyntaxNode, parent: SyntaxNode): void {
  if (target.type !== 'identifier' || !(w.strConsts.has(node.text) || w.dictConsts.has(node.text))) return;
  if (w.scopes.length === 0) {
    if (w.strConsts.has(node.text) && importFolderArg(w, node)) return;
    // The entry block joining a path constant (`os.path.join(BASE_DIR, "train", "x.csv")`): a path like a literal.
    // An f-string built on it that does not resolve whole (`f"{BASE_DIR}/{split}"`): the constant's folder, used.
    if (w.strConsts.has(node.text) && ((parent.type === 'argument_list' && isJoinHead(w, node, parent)) || parent.type === 'interpolation'))
      visitPathCandidate(w, node);
    return;
  }
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
  const role = roleOf(w, node);
  // Text about a path (a log line, an error message, a string being searched) is not a use of it.
  if (role.text) return;
  const context = w.contextAt();
  const use: PathUse = { path, range: rangeOf(node), context, form, scopeHas: context === 'logic' ? w.scopeInfo(node.startIndex) : undefined };
  if (role.role) use.role = role.role;
  if (role.envVar) use.envVar = role.envVar;
  if (isWriteTarget(w, node, 0)) use.write = true;
  if (!use.role && use.scopeHas?.inDefault) use.role = 'default-param';
  const uncalled = context === 'logic' ? w.uncalledFunction() : undefined;
  if (uncalled) use.uncalledFunction = uncalled;
  const constant = context === 'wiring' ? definedConstant(node) : undefined;
  if (constant) {
    use.definesConstant = constant.key ? `${constant.name}[${JSON.stringify(constant.key)}]` : constant.name;
    // A dict constant's entry is used through its key; a plain constant through its name.
    if (constant.key ? w.keyMentionedOnce(constant.key) : w.mentionedOnce(constant.name)) use.unusedConstant = true;
  }
  Object.assign(use, syntaxAround(node));
  w.facts.pathUses.push(use);
}

/** Calls whose arguments are messages for people, not paths a job uses. */
const MESSAGE_CALL = /^(print|warnings\.warn|(.+\.)?(debug|info|warning|warn|error|exception|critical|fatal|log))$/;
/** String methods whose arguments are text being searched or matched, not paths. */
const TEXT_METHOD =
  /\.(replace|startswith|endswith|split|rsplit|strip|lstrip|rstrip|removeprefix|removesuffix|find|rfind|index|rindex|count|partition|rpartition)$/;
/** Conditions that test whether a channel (or its path) is there: their else branch is a fallback. */
const PRESENCE_TEST = /\b(exists|isdir|isfile|is_dir|is_file)\s*\(|\bin\s+[A-Za-z_][\w.]*|\.get\(/;

/**
 * What the path expression is there for: climbs from the expression to its
 * statement, through the calls and operators around it. A message or text
 * search is not a use; the default of `.get(K, path)` on an accessor, the right
 * of `x or path` and an `else`/`except` branch after a presence test are
 * fallbacks; the default of `os.environ.get(VAR, path)` is an env default.
 */
function roleOf(w: ScriptWalk, node: SyntaxNode): { text?: true; role?: PathUse['role']; envVar?: string } {
  let child = node;
  let cur: SyntaxNode | null = node.parent;
  for (let depth = 0; cur && depth < MAX_VALUE_DEPTH; depth++, child = cur, cur = cur.parent) {
    switch (cur.type) {
      case 'argument_list': {
        const call = cur.parent;
        if (call?.type !== 'call') break;
        const fn = dottedName(call.childForFieldName('function')) ?? '';
        if (MESSAGE_CALL.test(fn) || (fn.includes('.') && TEXT_METHOD.test(`.${fn.split('.').pop()}`))) return { text: true };
        const args = w.argsOf(call);
        const isDefault = args[1]?.equals(child) ?? false;
        if (isDefault && fn.endsWith('.get')) {
          const receiver = fn.slice(0, -'.get'.length);
          if (w.environNames.has(receiver)) return { role: 'env-default', envVar: w.resolveStr(args[0])?.value };
          if (w.directionOfDict(receiver) || w.names.bridges.has(receiver)) return { role: 'fallback' };
        }
        if (isDefault && w.getenvNames.has(fn)) return { role: 'env-default', envVar: w.resolveStr(args[0])?.value };
        break;
      }
      case 'raise_statement':
        return { text: true };
      case 'assignment':
        if (cur.childForFieldName('right')?.equals(child) && isProbe(cur)) return { role: 'probe' };
        break;
      case 'boolean_operator':
        if (cur.childForFieldName('operator')?.type === 'or' && cur.childForFieldName('right')?.equals(child)) return { role: 'fallback' };
        break;
      case 'conditional_expression': {
        // `a if present else path`: the alternative after a presence test.
        const parts = cur.namedChildren;
        if (parts[2]?.equals(child) && parts[1] && (PRESENCE_TEST.test(parts[1].text) || testsValue(parts[1], parts[0]))) return { role: 'fallback' };
        break;
      }
      case 'block': {
        // `if x is None: x = path` / `if not x: x = path`: the path stands in for a missing value.
        const stmt = cur.parent;
        if (stmt?.type === 'if_statement' && stmt.childForFieldName('consequence')?.equals(cur)) {
          const test = stmt.childForFieldName('condition');
          if (test && /^(not\s+[\w.[\]"']+|[\w.[\]"']+\s+is\s+None)$/.test(test.text.trim())) return { role: 'fallback' };
        }
        break;
      }
      case 'else_clause':
      case 'elif_clause': {
        const test = cur.parent?.childForFieldName('condition');
        if (test && PRESENCE_TEST.test(test.text)) return { role: 'fallback' };
        break;
      }
      case 'except_clause':
        return { role: 'fallback' };
      case 'function_definition':
      case 'class_definition':
      case 'module':
        return {};
    }
  }
  return {};
}

/**
 * `p = "/opt/ml/..."` followed by `if not os.path.exists(p):` (within the next few statements): a location
 * tried first, with something else (typically the channel) when nothing is there.
 */
function isProbe(assignment: SyntaxNode): boolean {
  const left = assignment.childForFieldName('left');
  const stmt = assignment.parent;
  if (left?.type !== 'identifier' || stmt?.type !== 'expression_statement') return false;
  const name = left.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const test = new RegExp(`^not\\s+(os\\.path\\.(exists|isfile|isdir)\\(\\s*${name}\\s*\\)|Path\\(\\s*${name}\\s*\\)\\.(exists|is_file|is_dir)\\(\\s*\\))$`);
  let next = stmt.nextNamedSibling;
  for (let i = 0; next && i < 3; i++, next = next.nextNamedSibling) {
    if (next.type === 'comment') {
      i--;
      continue;
    }
    if (next.type === 'if_statement' && test.test(next.childForFieldName('condition')?.text.trim() ?? '')) return true;
  }
  return false;
}

/** `NAME = "/opt/ml/..."` or `PATHS = {"K": "/opt/ml/..."}` outside functions: the constant (and key) the path defines. */
function definedConstant(node: SyntaxNode): { name: string; key?: string } | undefined {
  let child = node;
  let key: string | undefined;
  let cur: SyntaxNode | null = node.parent;
  for (let depth = 0; cur && depth < 4; depth++, child = cur, cur = cur.parent) {
    if (cur.type === 'assignment') {
      const left = cur.childForFieldName('left');
      return left?.type === 'identifier' && cur.childForFieldName('right')?.equals(child) ? { name: left.text, key } : undefined;
    }
    if (cur.type === 'pair') {
      if (!cur.childForFieldName('value')?.equals(child)) return undefined;
      const k = cur.childForFieldName('key');
      key = k?.type === 'string' ? k.text.replace(/^[rRbBuU]*(["'])(.*)\1$/s, '$2') : undefined;
      if (key === undefined) return undefined;
    } else if (cur.type !== 'dictionary' && cur.type !== 'list' && cur.type !== 'tuple' && cur.type !== 'parenthesized_expression') return undefined;
  }
  return undefined;
}

/** `value if value is not None else …`, `value if value else …`: the test is about the value chosen first. */
function testsValue(test: SyntaxNode, value: SyntaxNode | null): boolean {
  if (!value || value.text.length > 80) return false;
  const t = test.text.trim();
  return t === value.text || t === `${value.text} is not None` || t === `bool(${value.text})`;
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

/** Methods that write data to the path they are given first (`df.to_csv(p)`, `model.save(p)`, `plt.savefig(p)`). */
const WRITE_METHODS =
  /^(to_csv|to_parquet|to_json|to_pickle|to_feather|to_excel|to_hdf|to_netcdf|savefig|save|save_model|save_pretrained|save_weights|write_text|write_bytes|to_file|write_csv|write_parquet|write)$/;
/** Functions that write to any path among their arguments (`joblib.dump(x, p)`, `np.save(p, a)`). */
const WRITE_ANY_ARG =
  /^(joblib\.dump|pickle\.dump|torch\.save|np\.save|np\.savetxt|np\.savez|np\.savez_compressed|numpy\.save|numpy\.savetxt|dump|save_npz|sp\.save_npz|scipy\.sparse\.save_npz)$/;
/** Functions whose second argument is the destination. */
const WRITE_SECOND_ARG = /^(shutil\.(copy|copy2|copyfile|copytree|move)|copy|copy2|copyfile|copytree|move|os\.rename|os\.replace)$/;
const OPENERS = /^(open|io\.open|gzip\.open|bz2\.open|lzma\.open|tarfile\.open|codecs\.open|zipfile\.ZipFile|ZipFile)$/;
const WRAPPERS = /^(pathlib\.)?(Path|PurePath|PosixPath)$|^str$|^os\.fspath$|^(os\.path|posixpath)\.join$/;

/**
 * Does the script write data at this path expression: as the file a write call gets (`open(p, "w")`,
 * `df.to_csv(p)`, `joblib.dump(m, p)`, `Path(p).write_text(...)`), directly, through a join whose head it is,
 * or through a local variable it is assigned to (one level)? Folder creation alone is not a write.
 */
function isWriteTarget(w: ScriptWalk, node: SyntaxNode, depth: number): boolean {
  let cur = node;
  for (let level = 0; level < MAX_VALUE_DEPTH; level++) {
    const parent = cur.parent;
    if (!parent) return false;
    if (parent.type === 'keyword_argument') {
      const call = parent.parent?.parent;
      const fn = call?.type === 'call' ? (dottedName(call.childForFieldName('function')) ?? attributeName(call)) : undefined;
      const method = fn?.split('.').pop() ?? '';
      return WRITE_METHODS.test(method) || WRITE_ANY_ARG.test(fn ?? '');
    }
    if (parent.type === 'argument_list' && parent.parent?.type === 'call') {
      const call = parent.parent;
      const fn = dottedName(call.childForFieldName('function')) ?? attributeName(call) ?? '';
      const args = w.argsOf(call);
      const index = args.findIndex((a) => a.equals(cur));
      if (OPENERS.test(fn)) {
        if (index !== 0) return false;
        const mode =
          args[1] ??
          call
            .childForFieldName('arguments')
            ?.namedChildren.find((a) => a?.type === 'keyword_argument' && a.childForFieldName('name')?.text === 'mode')
            ?.childForFieldName('value');
        const m = mode ? w.resolveStr(mode) : undefined;
        return !!m && /[wax]/.test(m.value);
      }
      if (WRAPPERS.test(fn) && index === 0) {
        cur = call;
        continue;
      }
      if (WRITE_ANY_ARG.test(fn)) return index >= 0;
      if (WRITE_SECOND_ARG.test(fn)) return index === 1;
      const method = fn.split('.').pop() ?? '';
      return fn.includes('.') && WRITE_METHODS.test(method) && index === 0;
    }
    if (parent.type === 'attribute' && parent.childForFieldName('object')?.equals(cur)) {
      const attr = parent.childForFieldName('attribute')?.text ?? '';
      const call = parent.parent;
      if (call?.type !== 'call') return false;
      if (attr === 'write_text' || attr === 'write_bytes') return true;
      if (attr === 'open') {
        const m = w.argsOf(call)[0];
        const mode = m ? w.resolveStr(m) : undefined;
        return !!mode && /[wax]/.test(mode.value);
      }
      return false;
    }
    if (parent.type === 'parenthesized_expression') {
      cur = parent;
      continue;
    }
    if (parent.type === 'assignment' && parent.childForFieldName('right')?.equals(cur) && depth === 0) {
      const left = parent.childForFieldName('left');
      if (left?.type !== 'identifier') return false;
      let scope: SyntaxNode | null = parent.parent;
      for (let i = 0; scope && i < 400; i++, scope = scope.parent) if (scope.type === 'function_definition' || scope.type === 'module') break;
      if (!scope) return false;
      for (const id of scope.descendantsOfType('identifier')) {
        if (!id || id.text !== left.text || id.equals(left) || id.startIndex < parent.endIndex) continue;
        if (isWriteTarget(w, id, depth + 1)) return true;
      }
      return false;
    }
    return false;
  }
  return false;
}

/** `x.attr(...)` on a receiver that is not a dotted name (`pd.DataFrame(d).to_csv(p)`): `.attr`. */
function attributeName(call: SyntaxNode): string | undefined {
  const fn = call.childForFieldName('function');
  return fn?.type === 'attribute' ? `.${fn.childForFieldName('attribute')?.text ?? ''}` : undefined;
}

function isJoinHead(w: ScriptWalk, node: SyntaxNode, args: SyntaxNode): boolean {
  const call = args.parent;
  if (call?.type !== 'call') return false;
  const fn = dottedName(call.childForFieldName('function'));
  return (fn === 'os.path.join' || fn === 'path.join' || fn === 'join') && !!w.argsOf(call)[0]?.equals(node);
}
