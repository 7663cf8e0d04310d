// The script pass: finds the few places in a file that can matter with a text
// scan for the vocabulary's words (vocabulary.ts), then looks only at the
// syntax around each, handing it to the idiom modules (idioms/) in a fixed
// order per syntax shape. Cost follows the number of hits, not the size of the
// tree (a cursor walk over every node costs several times the parse).
//
// ScriptWalk is the state the idioms share: the facts being built, the scopes
// around the current hit, the nodes already accounted for, and the resolution
// of literals and module constants.
import {
  type ChannelRead,
  type CodeContext,
  type ComponentCall,
  type EnvRead,
  emptyScriptFacts,
  type ImportFact,
  type PathUse,
  type ScriptFacts,
} from '../../facts';
import type { Direction } from '../../model';
import type { SyntaxNode } from '../parser';
import { dottedName, MAX_VALUE_DEPTH, quoteOf, rangeOf, stringValue } from '../syntax';
import { scriptVocabulary, type ScriptNames } from '../vocabulary';
import * as argparse from './idioms/argparse';
import * as channels from './idioms/channels';
import * as components from './idioms/components';
import * as delegation from './idioms/delegation';
import * as entry from './idioms/entry';
import * as env from './idioms/env';
import * as paths from './idioms/paths';
import { falsyDefault, stopsWhenAbsent, tolerates } from './idioms/presence';
import * as reports from './idioms/reports';
import * as s3 from './idioms/s3';
import { functionScope, plainScope, type Scope } from './scopes';

export type StaticString = { value: string; fstring: boolean };

export class ScriptWalk {
  readonly facts: ScriptFacts;
  /** Names `os.environ` is known by in this module (`os.environ`, `from os import environ as E`, `import os as o`). */
  readonly environNames = new Set<string>(['os.environ']);
  readonly getenvNames = new Set<string>(['os.getenv']);
  /** The function, class and lambda scopes around the current hit, outermost first. */
  readonly scopes: Scope[] = [];
  /** Nodes (by start index) already accounted for as part of a larger use. */
  readonly consumed = new Set<number>();
  /** Default-argument spans of accessor .get() calls: reads inside are fallbacks of `key`. */
  readonly fallbackSpans: { start: number; end: number; key: string; receiver: string }[] = [];
  /** Values of the env bridge literal's entries, by the key they fill. */
  readonly bridgeValueSpans: { start: number; end: number; key: string }[] = [];
  /** Path expressions (by start index) already recorded. */
  readonly recordedPaths = new Set<number>();
  /** Names of the variables ArgumentParser(...) is assigned to (idioms/argparse.ts). */
  readonly parserNames = new Set<string>();
  /** Azure ML `command(...)` calls (idioms/components.ts): declarations, not script facts. */
  readonly componentCalls: ComponentCall[] = [];

  constructor(
    readonly root: SyntaxNode,
    readonly names: ScriptNames,
    /** Module-level string constants and dicts of strings, for resolving names. */
    readonly strConsts: Map<string, string>,
    readonly dictConsts: Map<string, Map<string, string>>,
    /** Module-level lists (and tuples) of static strings: what a `for v in LIST:` loop runs over. */
    readonly listConsts: Map<string, string[]>,
    readonly imports: ImportFact[],
    readonly lines: string[],
    readonly text: string,
  ) {
    this.facts = emptyScriptFacts(imports.some((i) => i.local === 'os' && i.module === 'os'));
    for (const i of imports) {
      if (i.module === 'os' && i.imported === 'environ') this.environNames.add(i.local);
      if (i.module === 'os' && i.local !== 'os' && i.imported === 'os') this.environNames.add(`${i.local}.environ`);
    }
    for (const i of imports) if (i.module === 'os' && i.imported === 'getenv') this.getenvNames.add(i.local);
  }

  /** Names of the module's constants that hold a container path (the partial parse must know them all). */
  pathConstantNames(): string[] {
    return paths.constantWords(this);
  }

  isContainerPath(s: string): boolean {
    return this.names.prefixes.some((p) => s.startsWith(p) || s === p.replace(/\/$/, ''));
  }

  directionOfDict(name: string): Direction | undefined {
    return this.names.inputDicts.has(name) ? 'input' : this.names.outputDicts.has(name) ? 'output' : undefined;
  }

  /** Static string of an expression: literal or module-level constant (including CONST["K"]). */
  resolveStr(node: SyntaxNode | null): StaticString | undefined {
    if (!node) return undefined;
    if (node.type === 'string') {
      const full = this.fstringOfConstants(node);
      if (full !== undefined) return { value: full, fstring: false };
    }
    if (node.type === 'string' || node.type === 'concatenated_string') return stringValue(node);
    if (node.type === 'identifier') {
      const v = this.strConsts.get(node.text);
      return v !== undefined ? { value: v, fstring: false } : undefined;
    }
    if (node.type === 'subscript') {
      const obj = node.childForFieldName('value');
      const key = node.childForFieldName('subscript');
      if (obj?.type === 'identifier' && key) {
        const d = this.dictConsts.get(obj.text);
        const k = this.resolveStr(key);
        const v = d && k ? d.get(k.value) : undefined;
        return v !== undefined ? { value: v, fstring: false } : undefined;
      }
    }
    if (node.type === 'parenthesized_expression') return this.resolveStr(node.namedChild(0));
    return undefined;
  }

  /**
   * An f-string whose every interpolation is a module (or entry block) string constant that no parameter
   * around the hit shadows (`f"{base_dir}/train/train.csv"`): its whole value, as a literal would give it.
   */
  fstringOfConstants(node: SyntaxNode): string | undefined {
    let value = '';
    let interpolated = false;
    for (const child of node.children) {
      if (!child) continue;
      if (child.type === 'string_start' || child.type === 'string_end') continue;
      if (child.type === 'string_content') {
        if (child.namedChildCount) return undefined;
        value += child.text;
      } else if (child.type === 'interpolation') {
        const inner = child.namedChildren.filter((c) => !!c);
        const id = inner[0];
        if (inner.length !== 1 || id?.type !== 'identifier' || this.scopes.some((s) => s.params().has(id.text))) return undefined;
        const v = this.strConsts.get(id.text);
        if (v === undefined) return undefined;
        value += v;
        interpolated = true;
      } else return undefined;
    }
    return interpolated ? value : undefined;
  }

  /** Resolve os.path.join(C, "x", ...) and C + "/x" to a path when every part is static. */
  resolveJoin(node: SyntaxNode, depth = 0): string | undefined {
    if (depth > MAX_VALUE_DEPTH) return undefined;
    if (node.type === 'call') {
      const fn = dottedName(node.childForFieldName('function'));
      if (fn !== 'os.path.join' && fn !== 'path.join' && fn !== 'join') return undefined;
      const args = node.childForFieldName('arguments')?.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'comment') ?? [];
      if (args.length < 1) return undefined;
      let path = '';
      for (const a of args) {
        const s =
          this.resolveStr(a) ??
          (a.type === 'call' || a.type === 'binary_operator' ? { value: this.resolveJoin(a, depth + 1) ?? '', fstring: false } : undefined);
        if (!s || s.fstring || s.value === '') return undefined;
        path = s.value.startsWith('/') ? s.value : path === '' ? s.value : `${path.replace(/\/$/, '')}/${s.value}`;
      }
      return path;
    }
    if (node.type === 'binary_operator' && node.childForFieldName('operator')?.type === '+') {
      const l = node.childForFieldName('left');
      const r = node.childForFieldName('right');
      const ls = l
        ? (this.resolveStr(l) ?? (l.type === 'binary_operator' ? { value: this.resolveJoin(l, depth + 1) ?? '', fstring: false } : undefined))
        : undefined;
      const rs = r ? this.resolveStr(r) : undefined;
      if (!ls || !rs || ls.fstring || rs.fstring || ls.value === '') return undefined;
      return ls.value + rs.value;
    }
    return undefined;
  }

  /** A string, or a static join/concatenation, as a path. */
  resolvePath(node: SyntaxNode): StaticString | undefined {
    const s = this.resolveStr(node);
    if (s) return s;
    const joined = this.resolveJoin(node);
    return joined !== undefined ? { value: joined, fstring: false } : undefined;
  }

  /** Inside a function, class or lambda is logic; at module level (the entry block included) is wiring. */
  contextAt(): CodeContext {
    return this.scopes.length > 0 ? 'logic' : 'wiring';
  }

  private hasMainBlock = false;

  /**
   * The innermost function around the current hit when nothing in the file names it (no call, no
   * reference, no decorator): code the job never runs, however the rest of the script changes.
   */
  uncalledFunction(): string | undefined {
    // Without an entry block the file may be run by something that calls it by name (a serving
    // framework's model_fn, a launcher importing main): nothing is provably dead.
    if (!this.hasMainBlock) return undefined;
    const fn = [...this.scopes].reverse().find((s) => s.kind === 'function');
    const name = fn?.callableName;
    if (!name || /^__.*__$/.test(name) || FRAMEWORK_HANDLERS.has(name)) return undefined;
    // The def itself is one occurrence; a second anywhere (a call, a callback, a test) is a reference.
    return this.mentionedOnce(name) ? name : undefined;
  }

  scopeInfo(at: number): PathUse['scopeHas'] {
    const fn = [...this.scopes].reverse().find((s) => s.kind === 'function');
    if (!fn) return undefined;
    const inputDict = [...this.names.inputDicts].find((d) => fn.params().has(d));
    const outputDict = [...this.names.outputDicts].find((d) => fn.params().has(d));
    return { inputDict, outputDict, inDefault: at < fn.paramsEnd() };
  }

  /**
   * The names a loop variable takes: `for v in ["A", B_CONST]:` or `for v in NAMES:` (a module list),
   * found from the identifier's enclosing `for` (or comprehension); undefined when not static.
   */
  loopValues(id: SyntaxNode): string[] | undefined {
    if (id.type !== 'identifier') return undefined;
    const name = id.text;
    let cur: SyntaxNode | null = id.parent;
    for (let depth = 0; cur && depth < MAX_VALUE_DEPTH; depth++, cur = cur.parent) {
      if (cur.type === 'function_definition' || cur.type === 'class_definition' || cur.type === 'module') break;
      let left: SyntaxNode | null = null;
      let right: SyntaxNode | null = null;
      if (cur.type === 'for_statement') {
        left = cur.childForFieldName('left');
        right = cur.childForFieldName('right');
      } else if (
        cur.type === 'dictionary_comprehension' ||
        cur.type === 'list_comprehension' ||
        cur.type === 'set_comprehension' ||
        cur.type === 'generator_expression'
      ) {
        const clause = cur.namedChildren.find((c) => c?.type === 'for_in_clause');
        left = clause?.childForFieldName('left') ?? null;
        right = clause?.childForFieldName('right') ?? null;
      }
      if (left?.type !== 'identifier' || left.text !== name || !right) continue;
      if (right.type === 'identifier') return this.listConsts.get(right.text);
      if (right.type !== 'list' && right.type !== 'tuple' && right.type !== 'set') return undefined;
      const values: string[] = [];
      for (const item of right.namedChildren) {
        if (!item || item.type === 'comment') continue;
        const v = this.resolveStr(item);
        if (!v || v.fstring) return undefined;
        values.push(v.value);
      }
      return values;
    }
    return undefined;
  }

  /** Is the node in an `else`/`elif`/`except` branch (below the module level, above nothing deeper than a function)? */
  inAlternativeBranch(node: SyntaxNode): boolean {
    let cur: SyntaxNode | null = node.parent;
    for (let depth = 0; cur && depth < MAX_VALUE_DEPTH; depth++, cur = cur.parent) {
      if (cur.type === 'else_clause' || cur.type === 'elif_clause' || cur.type === 'except_clause') return true;
      if (cur.type === 'function_definition' || cur.type === 'module') return false;
    }
    return false;
  }

  /**
   * Does the node run only when `key` is in `receivers`: in the body of `if "K" in d:`, the value of
   * `x if "K" in d else y`, or the right of `"K" in d and ...`? (The test is matched on its text.)
   */
  underMembershipTest(node: SyntaxNode, key: string, receivers: Iterable<string>): boolean {
    const names = [...receivers].map((r) => r.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
    if (!names) return false;
    const k = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const test = new RegExp(`(["'])${k}\\1\\s+in\\s+(${names})\\b`);
    let child = node;
    let cur: SyntaxNode | null = node.parent;
    for (let depth = 0; cur && depth < MAX_VALUE_DEPTH * 4; depth++, child = cur, cur = cur.parent) {
      if (cur.type === 'function_definition' || cur.type === 'class_definition' || cur.type === 'module') return false;
      if (cur.type === 'if_statement' && cur.childForFieldName('consequence')?.equals(child)) {
        if (test.test(cur.childForFieldName('condition')?.text ?? '')) return true;
      } else if (cur.type === 'conditional_expression' && cur.namedChildren[0]?.equals(child)) {
        if (test.test(cur.namedChildren[1]?.text ?? '')) return true;
      } else if (cur.type === 'boolean_operator' && cur.childForFieldName('operator')?.type === 'and' && cur.childForFieldName('right')?.equals(child)) {
        if (test.test(cur.childForFieldName('left')?.text ?? '')) return true;
      }
    }
    return false;
  }

  argsOf(call: SyntaxNode): SyntaxNode[] {
    return (
      call.childForFieldName('arguments')?.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'comment' && c.type !== 'keyword_argument') ?? []
    );
  }

  recordChannelRead(
    direction: Direction,
    keyNode: SyntaxNode,
    via: ChannelRead['via'],
    receiver: string,
    negated = false,
    expr?: SyntaxNode,
    defaultNode?: SyntaxNode | null,
  ): void {
    const key = this.resolveStr(keyNode);
    if (!key || key.fstring) return;
    const at = keyNode.startIndex;
    const span = this.fallbackSpans.find((s) => at >= s.start && at < s.end && s.receiver === receiver);
    const read: ChannelRead = {
      direction,
      key: key.value,
      keyRange: rangeOf(keyNode),
      via,
      keyQuote: quoteOf(keyNode),
      receiver,
      context: this.contextAt(),
      fallbackOf: span?.key,
      ...(via !== 'in' && (this.underMembershipTest(keyNode, key.value, [receiver]) || this.inElseOfPresenceTest(keyNode, receiver))
        ? { guarded: true as const }
        : {}),
      ...(negated ? { absentTest: true as const } : {}),
    };
    if (expr) {
      if (defaultNode && defaultNode.text !== 'None') read.hasDefault = true;
      if (tolerates(expr, key.value)) read.tolerated = true;
      const stops = stopsWhenAbsent(expr, !!defaultNode && !falsyDefault(defaultNode.text));
      if (stops) read.stops = stops;
    }
    this.facts.channelReads.push(read);
    // The key's own literal is a channel name, not a path use.
    this.consumed.add(keyNode.startIndex);
  }

  /** A contract this script hands to an accessor helper or an enforcer: the script's reads are that contract's. */
  noteContractRef(name: string): void {
    const refs = (this.facts.contractRefs ??= []);
    if (!refs.includes(name)) refs.push(name);
  }

  recordEnvRead(
    nameNode: SyntaxNode,
    via: 'environ' | 'getenv' | 'bridge',
    defaultNode?: SyntaxNode | null,
    guarded = false,
    expr?: SyntaxNode,
    form?: EnvRead['form'],
  ): void {
    const name = this.resolveStr(nameNode);
    const names = name && !name.fstring ? [name.value] : this.loopValues(nameNode);
    if (!names) return;
    const defaultText = defaultNode && defaultNode.text.length <= 80 ? defaultNode.text : undefined;
    for (const n of names) {
      const read: EnvRead = { name: n, range: rangeOf(nameNode), via, context: this.contextAt(), defaultText };
      const at = nameNode.startIndex;
      const fills = via !== 'bridge' ? this.bridgeValueSpans.find((b) => at >= b.start && at < b.end) : undefined;
      if (fills) read.fillsBridgeKey = fills.key;
      const uncalled = this.uncalledFunction();
      if (uncalled) read.uncalledFunction = uncalled;
      if (defaultNode) read.hasDefault = true;
      if (guarded || this.underMembershipTest(nameNode, n, via === 'bridge' ? this.names.bridges : this.environNames)) read.guarded = true;
      if (form) read.form = form;
      if (expr) {
        if (tolerates(expr, n, nameNode.type === 'identifier' ? nameNode.text : undefined)) read.tolerated = true;
        const stops = stopsWhenAbsent(expr, !!defaultNode && !falsyDefault(defaultNode.text));
        if (stops) read.stops = stops;
      }
      this.facts.envReads.push(read);
    }
    this.consumed.add(nameNode.startIndex);
  }

  recordEnvWrite(nameNode: SyntaxNode): void {
    const name = this.resolveStr(nameNode);
    if (!name || name.fstring) return;
    const writes = (this.facts.envWrites ??= []);
    if (!writes.includes(name.value)) writes.push(name.value);
    this.consumed.add(nameNode.startIndex);
  }

  // Visits by syntax shape. Each hands the node to the idioms in a fixed order;
  // the first that claims it ends the visit.

  visitCall(node: SyntaxNode): void {
    const fnNode = node.childForFieldName('function');
    if (!fnNode) return;
    if (/\bcommand$/.test(fnNode.text) && components.sdkCommand(this, node, dottedName(fnNode))) return;
    if (fnNode.type === 'attribute') {
      const objNode = fnNode.childForFieldName('object');
      const call: MethodCall = { node, objNode, attr: fnNode.childForFieldName('attribute')?.text, obj: dottedName(objNode), args: this.argsOf(node) };
      if (
        s3.methodCall(this, call) ||
        reports.dumpCall(this, call) ||
        channels.getCall(this, call) ||
        env.getCall(this, call) ||
        env.bridgeUpdate(this, call) ||
        channels.methodCall(this, call) ||
        argparse.methodCall(this, call)
      )
        return;
    }
    const fn = dottedName(fnNode);
    if (fnNode.type === 'identifier' && channels.helperCall(this, fn, this.argsOf(node))) return;
    channels.contractHandOff(this, fn, this.argsOf(node));
    if (env.getenvCall(this, node, fn) || argparse.constructorCall(this, fn, node) || delegation.startsProgram(this, fn, node) || paths.joinCall(this, node))
      return;
  }

  visitSubscript(node: SyntaxNode): void {
    const obj = dottedName(node.childForFieldName('value'));
    const key = node.childForFieldName('subscript');
    if (!obj || !key) return;
    const parent = node.parent;
    const s: Subscript = {
      node,
      obj,
      key,
      parent,
      isWrite: parent?.type === 'assignment' && !!parent.childForFieldName('left')?.equals(node),
      isDelete: parent?.type === 'delete_statement',
    };
    if (env.subscript(this, s) || channels.subscript(this, s) || paths.dictConstantSubscript(this, s)) return;
  }

  visitComparison(node: SyntaxNode): void {
    // "X" in input_paths / "X" in os.environ
    const ops = node.children.filter((c) => c && !c.isNamed).map((c) => c!.type);
    if (!ops.includes('in') && !ops.includes('not in')) return;
    const operands = node.namedChildren.filter((c): c is SyntaxNode => !!c);
    if (operands.length !== 2) return;
    const target = dottedName(operands[1]);
    if (!target) return;
    // `"K" not in d` guards the branch for the key's absence: only `in` copes with it.
    const negated = ops.includes('not in');
    if (channels.membership(this, operands[0], target, negated) || env.membership(this, operands[0], target)) return;
  }

  visitAssignment(node: SyntaxNode): void {
    if (this.contextAt() !== 'wiring') return;
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (left?.type !== 'identifier' || !right) return;
    if (channels.wiringAssignment(this, left, right) || env.bridgeLiteral(this, left, right)) return;
  }

  /** Two hits can lead to the same expression (`env` and `X` in `env["X"]` when X is a constant): visit each once. */
  private readonly visited = new Set<string>();

  once(node: SyntaxNode, visit: (n: SyntaxNode) => void): void {
    const key = `${node.type}:${node.startIndex}:${node.endIndex}`;
    if (this.visited.has(key)) return;
    this.visited.add(key);
    visit.call(this, node);
  }

  private handleIdentifier(node: SyntaxNode): void {
    let target = node;
    let parent = node.parent;
    // `os.environ`, `runtime.get_input_path`: step up to the attribute.
    if (parent?.type === 'attribute' && parent.childForFieldName('attribute')?.equals(node)) {
      target = parent;
      parent = parent.parent;
    }
    if (!parent) return;
    // `f"{base_dir}/train.csv"`: the path is the whole f-string.
    if (parent.type === 'interpolation' && parent.parent?.type === 'string' && this.fstringOfConstants(parent.parent) !== undefined) {
      paths.stringHit(this, parent.parent);
      return;
    }
    const structural = this.structuralVisit(target, parent);
    if (structural === 'other-use') return;
    if (structural) this.once(structural.node, structural.visit);
    else if (!paths.entryParamJoin(this, node, parent)) paths.constantIdentifier(this, node, target, parent);
  }

  /** The visit a name's place in the syntax calls for: `x[...]`, `x.m(...)`, `x(...)`, `... in x`, `x = ...`. */
  private structuralVisit(target: SyntaxNode, parent: SyntaxNode): { node: SyntaxNode; visit: (n: SyntaxNode) => void } | 'other-use' | undefined {
    if (parent.type === 'subscript' && parent.childForFieldName('value')?.equals(target)) return { node: parent, visit: this.visitSubscript };
    if (parent.type === 'attribute' && parent.childForFieldName('object')?.equals(target)) {
      const call = parent.parent;
      if (call?.type === 'call' && call.childForFieldName('function')?.equals(parent)) return { node: call, visit: this.visitCall };
      if (call?.type === 'subscript' && call.childForFieldName('value')?.equals(parent)) return { node: call, visit: this.visitSubscript };
      // `x.attr` used otherwise: nothing of ours, and not a constant's use either.
      return 'other-use';
    }
    if (parent.type === 'call' && parent.childForFieldName('function')?.equals(target)) return { node: parent, visit: this.visitCall };
    if (parent.type === 'comparison_operator') return { node: parent, visit: this.visitComparison };
    if (parent.type === 'assignment' && parent.childForFieldName('left')?.equals(target)) return { node: parent, visit: this.visitAssignment };
    return undefined;
  }

  /**
   * Container paths the entry block passes to module functions by keyword (`main(input_base_dir=BASE)`):
   * function name → parameter → path. Inside the function, the parameter joined with a literal is a path.
   */
  readonly entryParamPaths = new Map<string, Map<string, string>>();

  private collectEntryParamPaths(mainBlock: SyntaxNode | undefined, functions: { name: string }[]): void {
    if (!mainBlock) return;
    const defined = new Set(functions.map((f) => f.name));
    for (const call of mainBlock.descendantsOfType('call')) {
      if (!call) continue;
      const fn = call.childForFieldName('function');
      if (fn?.type !== 'identifier' || !defined.has(fn.text)) continue;
      for (const arg of call.childForFieldName('arguments')?.namedChildren ?? []) {
        if (arg?.type !== 'keyword_argument') continue;
        const name = arg.childForFieldName('name')?.text;
        const value = arg.childForFieldName('value');
        const p = value ? this.resolvePath(value) : undefined;
        if (!name || !p || p.fstring || !this.isContainerPath(p.value)) continue;
        let params = this.entryParamPaths.get(fn.text);
        if (!params) this.entryParamPaths.set(fn.text, (params = new Map()));
        params.set(name, p.value);
      }
    }
  }

  /** The path the entry block passes as this parameter of the function around the current hit. */
  entryParamPath(name: string): string | undefined {
    const fn = [...this.scopes].reverse().find((s) => s.kind === 'function');
    if (!fn || this.scopes.filter((s) => s.kind === 'function').length !== 1 || !fn.params().has(name)) return undefined;
    const byFunction = [...this.entryParamPaths].find(([f]) => f === fn.callableName)?.[1];
    return byFunction?.get(name);
  }

  /** Is the name never mentioned in the file but where it is defined (one occurrence)? */
  mentionedOnce(name: string): boolean {
    return (this.counts().words.get(name) ?? 0) <= 1;
  }

  /** Is the dict key written only once in the file (`"K"` or `'K'`), in its definition? */
  keyMentionedOnce(key: string): boolean {
    return (this.counts().quoted.get(key) ?? 0) <= 1;
  }

  private occurrences: { words: Map<string, number>; quoted: Map<string, number> } | undefined;

  /** How often each identifier-like word, and each short quoted word, occurs in the text: one pass, on first need. */
  private counts(): { words: Map<string, number>; quoted: Map<string, number> } {
    if (this.occurrences) return this.occurrences;
    const words = new Map<string, number>();
    for (const m of this.text.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)) words.set(m[0], (words.get(m[0]) ?? 0) + 1);
    const quoted = new Map<string, number>();
    for (const m of this.text.matchAll(/(["'])([A-Za-z_][\w.-]{0,120})\1/g)) quoted.set(m[2], (quoted.get(m[2]) ?? 0) + 1);
    this.occurrences = { words, quoted };
    return this.occurrences;
  }

  /**
   * Does the node run only in the `else` of a test for other keys of the same dict
   * (`if "a" in d and "b" in d: ... else: d.get("legacy")`)? A branch for an older layout.
   */
  inElseOfPresenceTest(node: SyntaxNode, receiver: string): boolean {
    const test = new RegExp(`(["'])\\w+\\1\\s+in\\s+${receiver.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`);
    let cur: SyntaxNode | null = node.parent;
    for (let depth = 0; cur && depth < MAX_VALUE_DEPTH * 4; depth++, cur = cur.parent) {
      if (cur.type === 'function_definition' || cur.type === 'class_definition' || cur.type === 'module') return false;
      if (cur.type === 'else_clause' && cur.parent?.type === 'if_statement' && test.test(cur.parent.childForFieldName('condition')?.text ?? '')) return true;
    }
    return false;
  }

  /** Runs the pass over the file's hits and returns the script facts. */
  run(mainBlock: SyntaxNode | undefined, functions: { name: string; nameRange: PathUse['range'] }[]): ScriptFacts {
    const { root, text } = this;
    const vocabulary = scriptVocabulary(this.names);
    this.collectEntryParamPaths(mainBlock, functions);
    this.hasMainBlock = mainBlock !== undefined;
    const paramWords = [...this.entryParamPaths.values()].flatMap((m) => [...m.keys()]);
    if (paramWords.length) this.facts.entryParamPaths = true;
    const words = new Set<string>([...vocabulary.words, ...paths.constantWords(this), ...env.aliasWords(this), ...paramWords]);
    const escapeRegExp = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const wordRe = new RegExp(`\\b(?:${[...words].map(escapeRegExp).join('|')})\\b`, 'g');
    const prefixRe = new RegExp(vocabulary.prefixes.map((p) => escapeRegExp(p)).join('|') || '(?!)', 'g');
    const hits: number[] = [];
    for (const m of text.matchAll(wordRe)) hits.push(m.index!);
    for (const m of text.matchAll(prefixRe)) hits.push(m.index!);
    hits.sort((a, b) => a - b);

    // Scopes by position: function, class and lambda spans found from their keywords.
    const scopeSpans: { start: number; scope: Scope }[] = [];
    for (const m of text.matchAll(/\b(?:def|class|lambda)\b/g)) {
      const keyword = root.descendantForIndex(m.index!);
      const owner = keyword?.parent;
      if (!keyword || keyword.isNamed || !owner) continue;
      if (owner.type === 'function_definition') scopeSpans.push({ start: owner.startIndex, scope: functionScope(owner) });
      else if (owner.type === 'class_definition' || owner.type === 'lambda')
        scopeSpans.push({ start: owner.startIndex, scope: plainScope(owner, owner.type === 'lambda' ? 'lambda' : 'class') });
    }
    scopeSpans.sort((a, b) => a.start - b.start);
    const ancestorsScopes = (node: SyntaxNode): Scope[] => {
      const at = node.startIndex;
      return scopeSpans.filter((s) => s.start <= at && at < s.scope.end).map((s) => s.scope);
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
      this.scopes.length = 0;
      this.scopes.push(...ancestorsScopes(node));
      if (node.type === 'identifier') {
        this.handleIdentifier(node);
        continue;
      }
      if (node.type === 'string') paths.stringHit(this, node);
    }
    entry.entryPoint(this, mainBlock, functions);
    argparse.afterWalk(this);
    return this.facts;
  }
}

/** Functions SageMaker's serving and training toolkits call by name. */
const FRAMEWORK_HANDLERS = new Set(['main', 'model_fn', 'input_fn', 'predict_fn', 'output_fn', 'transform_fn', 'handler']);

/** A call through an attribute (`obj.attr(args)`), as the idioms see it. */
export interface MethodCall {
  node: SyntaxNode;
  objNode: SyntaxNode | null;
  attr: string | undefined;
  obj: string | undefined;
  args: SyntaxNode[];
}

/** `obj[key]`, as the idioms see it. */
export interface Subscript {
  node: SyntaxNode;
  obj: string;
  key: SyntaxNode;
  parent: SyntaxNode | null;
  isWrite: boolean;
  isDelete: boolean;
}
