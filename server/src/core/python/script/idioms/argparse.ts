// argparse: `parser.add_argument("--flag", ...)`, `ArgumentParser(...)`, and
// what makes the parser's arguments unknowable statically (computed option
// strings, parent parsers, the parser handed to code elsewhere, arguments
// parsed from something other than the command line, parser libraries).
import type { ArgFlag } from '../../../facts';
import type { SyntaxNode } from '../../parser';
import { dottedName, rangeOf, stringValue } from '../../syntax';
import type { MethodCall, ScriptWalk } from '../walk';

export function words(): string[] {
  return ['add_argument', 'ArgumentParser', 'parse_known_args', 'parse_args', 'add_subparsers', 'parse_known_intermixed_args'];
}

/** argparse's constants for `nargs`, by the text they are written with. */
const NARGS_CONSTANTS: Record<string, string> = { REMAINDER: 'REMAINDER', ONE_OR_MORE: '+', ZERO_OR_MORE: '*', OPTIONAL: '?', SUPPRESS: 'SUPPRESS' };

function keywordArgs(node: SyntaxNode): Map<string, SyntaxNode> {
  const out = new Map<string, SyntaxNode>();
  for (const a of node.childForFieldName('arguments')?.namedChildren ?? []) {
    if (a?.type !== 'keyword_argument') continue;
    const n = a.childForFieldName('name')?.text;
    const v = a.childForFieldName('value');
    if (n && v) out.set(n, v);
  }
  return out;
}

function hasSplat(node: SyntaxNode, type: 'list_splat' | 'dictionary_splat'): boolean {
  return (node.childForFieldName('arguments')?.namedChildren ?? []).some((a) => a?.type === type);
}

/** `parser.add_argument("-f", "--flag", required=True, nargs="+")`: the long flag (else the first) names it. */
export function methodCall(w: ScriptWalk, c: MethodCall): boolean {
  if (c.attr === 'add_argument') {
    w.facts.usesArgparse = true;
    addArgument(w, c);
    return true;
  }
  // `argparse.ArgumentParser(...)`: the script parses arguments (the call is still looked at by later idioms).
  if (c.attr === 'ArgumentParser') constructed(w, c.node);
  // parse_known_args leaves flags it does not know in a list instead of exiting.
  if (c.attr === 'parse_known_args' || c.attr === 'parse_known_intermixed_args') {
    w.facts.lenientArguments = true;
    parsed(w, c);
  }
  if (c.attr === 'parse_args') parsed(w, c);
  if (c.attr === 'add_subparsers') w.facts.severalParsers = true;
  return false;
}

/** `ArgumentParser(...)` imported by name. */
export function constructorCall(w: ScriptWalk, fn: string | undefined, node: SyntaxNode): boolean {
  if (fn === 'ArgumentParser') constructed(w, node);
  return false;
}

function addArgument(w: ScriptWalk, c: MethodCall): void {
  if (hasSplat(c.node, 'list_splat')) {
    w.facts.dynamicArguments = true;
    return;
  }
  const names: { node: SyntaxNode; value: string }[] = [];
  for (const a of c.args) {
    const s = w.resolveStr(a);
    if (!s || s.fstring) {
      // An option string the checker cannot read (`f"--{name}"`, a loop variable, a config value).
      w.facts.dynamicArguments = true;
      return;
    }
    names.push({ node: a, value: s.value });
  }
  if (!names.length) return;
  for (const n of names) w.consumed.add(n.node.startIndex);
  const options = names.filter((n) => n.value.startsWith('-'));
  const kw = keywordArgs(c.node);
  if (!options.length) {
    // A positional: its one name is its dest.
    const flag: ArgFlag = { flag: names[0].value, range: rangeOf(names[0].node), positional: true };
    readKeywords(flag, kw, c.node);
    w.facts.argFlags.push(flag);
    return;
  }
  const best = options.find((o) => o.value.startsWith('--')) ?? options[0];
  const flag: ArgFlag = { flag: best.value, range: rangeOf(best.node), options: options.map((o) => o.value) };
  readKeywords(flag, kw, c.node);
  w.facts.argFlags.push(flag);
}

function readKeywords(flag: ArgFlag, kw: Map<string, SyntaxNode>, call: SyntaxNode): void {
  if (hasSplat(call, 'dictionary_splat')) flag.unreadable = true;
  const required = kw.get('required');
  if (required) {
    if (required.type === 'true') flag.required = true;
    else if (required.type !== 'false') flag.unreadable = true;
  }
  const nargs = kw.get('nargs');
  if (nargs) {
    const s = stringValue(nargs);
    const name = dottedName(nargs)?.split('.').pop();
    if (s && !s.fstring) flag.nargs = s.value;
    else if (nargs.type === 'integer') flag.nargs = nargs.text;
    else if (name && NARGS_CONSTANTS[name]) flag.nargs = NARGS_CONSTANTS[name];
    else flag.unreadable = true;
  }
  const action = kw.get('action');
  if (action) {
    const s = stringValue(action);
    if (s && !s.fstring) flag.action = s.value;
    else {
      const name = dottedName(action)?.split('.').pop();
      // argparse's own action classes (`argparse.BooleanOptionalAction`) by name; any other class is a custom action.
      if (name === 'BooleanOptionalAction') flag.action = name;
      else flag.unreadable = true;
    }
  }
  if (kw.has('default')) flag.hasDefault = true;
}

const parserCalls = new WeakMap<ScriptWalk, Set<number>>();

function constructed(w: ScriptWalk, node: SyntaxNode): void {
  w.facts.usesArgparse = true;
  // Each construction once (two hits can lead to one call).
  let seen = parserCalls.get(w);
  if (!seen) parserCalls.set(w, (seen = new Set()));
  if (seen.has(node.startIndex)) return;
  seen.add(node.startIndex);
  if (seen.size > 1) w.facts.severalParsers = true;
  const kw = keywordArgs(node);
  // Parent parsers bring their arguments; other prefix characters and argument files change what a flag is.
  if (kw.has('parents') || kw.has('prefix_chars') || kw.has('fromfile_prefix_chars') || hasSplat(node, 'dictionary_splat')) w.facts.dynamicArguments = true;
  if (kw.get('allow_abbrev')?.type === 'false') w.facts.noAbbreviations = true;
  else if (kw.has('allow_abbrev') && kw.get('allow_abbrev')?.type !== 'true') w.facts.dynamicArguments = true;
  const parent = node.parent;
  const left = parent?.type === 'assignment' ? parent.childForFieldName('left') : undefined;
  if (left?.type === 'identifier') w.parserNames.add(left.text);
}

/** `parse_args()` of the command line (`sys.argv[1:]`, or a parameter that defaults to None); anything else is another list. */
function parsed(w: ScriptWalk, c: MethodCall): void {
  const arg = c.args[0] ?? keywordArgs(c.node).get('args');
  if (!arg || arg.type === 'none') return;
  if (/^sys\.argv\[\s*1\s*:\s*\]$/.test(arg.text)) return;
  if (arg.type === 'identifier') {
    let fn: SyntaxNode | null = c.node.parent;
    while (fn && fn.type !== 'function_definition' && fn.type !== 'module') fn = fn.parent;
    const params = fn?.type === 'function_definition' ? fn.childForFieldName('parameters') : undefined;
    for (const p of params?.namedChildren ?? []) {
      if (p?.type !== 'default_parameter' && p?.type !== 'typed_default_parameter') continue;
      if (p.childForFieldName('name')?.text === arg.text && p.childForFieldName('value')?.type === 'none') return;
    }
  }
  w.facts.dynamicArguments = true;
}

/** Modules that build a command line parser themselves: which flags it accepts is theirs, not this file's. */
const PARSER_LIBRARIES =
  /^[ \t]*(?:from|import)[ \t]+(?:hydra|click|fire|typer|jsonargparse|simple_parsing|tyro|absl|docopt|configargparse|argparse_dataclass|datargs|clize|plac|defopt|pydantic_cli|ml_collections)\b/m;
/** Calls that add arguments to a parser or parse them their own way. */
const PARSER_HELPERS = /\b(?:HfArgumentParser|LightningCLI|add_argparse_args|from_argparse_args|OmegaConf\.from_cli|parse_args_into_dataclasses)\b/;

/**
 * After the walk: the text decides whether a parser library is used or a parser is handed to a
 * function this file does not define (which may add arguments). Read from the text, not the tree,
 * so a partial parse sees the same.
 */
export function afterWalk(w: ScriptWalk): void {
  if (!w.facts.usesArgparse) return;
  const text = w.text;
  if (PARSER_LIBRARIES.test(text) || PARSER_HELPERS.test(text)) {
    w.facts.dynamicArguments = true;
    return;
  }
  for (const name of w.parserNames) {
    const esc = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    // Only a name followed by `,` or `)` can be an argument; most scripts never pass their parser, and the
    // hand-off pattern below tries every call in the file.
    if (!new RegExp(`\\b${esc}\\s*[,)]`).test(text)) continue;
    const handOff = new RegExp(`([A-Za-z_][\\w.]*)\\(\\s*(?:[^()]*?,\\s*)?${esc}\\s*[,)]`, 'g');
    for (const m of text.matchAll(handOff)) {
      const callee = m[1].split('.').pop()!;
      if (callee === 'print' || callee === 'vars' || callee === 'id' || callee === 'type' || callee === 'isinstance' || callee === 'repr' || callee === 'str')
        continue;
      if (new RegExp(`\\bdef\\s+${callee}\\s*\\(`).test(text)) continue;
      w.facts.dynamicArguments = true;
      return;
    }
  }
}
