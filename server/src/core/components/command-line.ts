// Command lines of components: the argv an Azure ML command (a shell line with
// `${{inputs.x}}` placeholders and `$[[...]]` optional parts) or a Kubeflow
// container (a list of strings and `{inputPath: x}` placeholders) hands the
// program. Both become tokens; the program (`python x.py`, `python -m pkg.mod`)
// and its arguments are read from the tokens the same way. Only what is
// certain is kept: a shell expansion, a placeholder we do not know, a computed
// part make the command line incomplete, which silences the checks that need
// all of it.
import type { ArgvToken, NamedDecl, PlaceholderRef } from '../facts';
import type { Direction, Position, Range } from '../model';
import { join } from '../paths';
import { normaliseFlag } from '../yaml/extract';

/** One word of a command line, or a shell operator between commands. */
export interface Token {
  /** The literal text (quotes removed); undefined when some part is not literal. */
  text?: string;
  /** Literal text before the first non-literal part (a flag's `--data=` before a placeholder). */
  prefix: string;
  kind: ArgvToken['kind'];
  range: Range;
  optional?: true;
  /** `&&`, `||`, `;`, `|`, `&`, or a newline that ends a command. */
  operator?: string;
}

export interface ProgramCall {
  kind: 'script' | 'module';
  /** `train.py`, `src/train.py`; for a module, `pkg.mod`. */
  value: string;
  range: Range;
  /** A literal `cd DIR &&` before it: the program and its paths are relative to DIR. */
  cwd?: string;
}

export interface ParsedCommand {
  program?: ProgramCall;
  /** Why no program of the workspace could be read from the command. */
  unresolved?: string;
  /** The program's arguments, in order. */
  args: Token[];
  references: PlaceholderRef[];
  /** Placeholders that name something other than an input or output (`${{search_space.lr}}`). */
  complete: boolean;
  otherPrograms: boolean;
}

type PosAt = (offset: number) => Position;

/** `${{inputs.x}}` → input x; `${{outputs.y}}` → output y; anything else is not a channel. */
export function azurePlaceholder(inner: string): { direction: Direction; name: string } | undefined {
  const m = /^\s*(inputs|outputs)\.([A-Za-z_][\w-]*)\s*$/.exec(inner);
  return m ? { direction: m[1] === 'inputs' ? 'input' : 'output', name: m[2] } : undefined;
}

/** Placeholders that stand for a value the platform supplies, not a channel (they keep the command line readable). */
const AZURE_VALUE_PLACEHOLDER = /^\s*search_space\.[A-Za-z_]\w*\s*$/;

/**
 * Splits an Azure ML command (a bash command line) into tokens. `text` is the command as written
 * in its source (block scalar lines, or a Python string's body) and `posAt` maps its offsets to
 * positions in the file. `newlinesSeparate`: a raw newline ends a command (a literal block, a
 * triple-quoted string) instead of being a space (a folded or plain scalar).
 */
export function shellTokens(text: string, posAt: PosAt, newlinesSeparate: boolean, refs: PlaceholderRef[]): { tokens: Token[]; complete: boolean } {
  const tokens: Token[] = [];
  let complete = true;
  let optionalEnd = -1;
  let i = 0;
  const n = text.length;
  const isSpace = (c: string) => c === ' ' || c === '\t' || (c === '\n' && !newlinesSeparate) || c === '\r';
  const range = (a: number, b: number): Range => ({ start: posAt(a), end: posAt(b) });
  while (i < n) {
    const c = text[i];
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c === '\\' && text[i + 1] === '\n') {
      i += 2;
      continue;
    }
    if (c === '#' && (i === 0 || /\s/.test(text[i - 1]))) {
      // A comment runs to the end of the line: of the text, when its lines are folded into one.
      if (!newlinesSeparate) break;
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    if (text.startsWith('$[[', i)) {
      const end = text.indexOf(']]', i + 3);
      if (end < 0) {
        complete = false;
        i += 3;
        continue;
      }
      optionalEnd = end;
      i += 3;
      continue;
    }
    if (i === optionalEnd) {
      optionalEnd = -1;
      i += 2;
      continue;
    }
    const op = /^(&&|\|\||;|\||&|\n)/.exec(text.slice(i, i + 2));
    if (op) {
      tokens.push({ prefix: '', kind: 'literal', text: op[1], range: range(i, i + op[1].length), operator: op[1] });
      i += op[1].length;
      continue;
    }
    // A word: runs of unquoted text, quoted strings and placeholders, up to a space or an operator.
    const start = i;
    let literal = '';
    let prefix: string | undefined;
    let placeholders = 0;
    let unknown = false;
    let redirect = false;
    const nonLiteral = () => {
      prefix ??= literal;
    };
    let quote: string | undefined;
    while (i < n) {
      const ch = text[i];
      if (!quote && (isSpace(ch) || ch === '\n' || ch === ';' || ch === '&' || ch === '|' || (ch === ']' && i === optionalEnd))) break;
      // Azure ML fills placeholders into the command text before a shell reads it, single quotes or not.
      if (text.startsWith('${{', i)) {
        const end = text.indexOf('}}', i + 3);
        nonLiteral();
        if (end < 0) {
          complete = false;
          unknown = true;
          i = n;
          break;
        }
        const inner = text.slice(i + 3, end);
        const ref = azurePlaceholder(inner);
        if (ref) {
          const at = i + 3 + inner.lastIndexOf(ref.name);
          refs.push({ ...ref, range: range(i, end + 2), nameRange: range(at, at + ref.name.length), ...(optionalEnd > i ? { optional: true as const } : {}) });
          placeholders++;
        } else if (AZURE_VALUE_PLACEHOLDER.test(inner)) placeholders++;
        else {
          complete = false;
          unknown = true;
        }
        i = end + 2;
        continue;
      }
      if (quote) {
        if (ch === quote) {
          quote = undefined;
          i++;
          continue;
        }
        if (quote === '"' && ch === '\\' && i + 1 < n) {
          if (text[i + 1] !== '\n') literal += text[i + 1];
          i += 2;
          continue;
        }
        if (quote === '"' && (ch === '$' || ch === '`')) {
          nonLiteral();
          complete = false;
          unknown = true;
        }
        literal += ch;
        i++;
        continue;
      }
      if (ch === '"' || ch === "'") {
        quote = ch;
        i++;
        continue;
      }
      if (ch === '\\' && i + 1 < n) {
        if (text[i + 1] !== '\n') literal += text[i + 1];
        i += 2;
        continue;
      }
      if ((ch === '>' || ch === '<') && (literal === '' || /^\d+$/.test(literal)) && prefix === undefined) {
        // A redirection: it and its target are not arguments.
        i++;
        if (text[i] === '>' || text[i] === '&') i++;
        while (i < n && (text[i] === ' ' || text[i] === '\t')) i++;
        while (i < n && !isSpace(text[i]) && text[i] !== '\n') i++;
        redirect = true;
        break;
      }
      if ('$`*?~<>()'.includes(ch)) {
        // Expansions, globs and subshells: what the program receives is not this text.
        nonLiteral();
        complete = false;
        unknown = true;
      }
      literal += ch;
      i++;
    }
    if (quote) complete = false;
    if (redirect) continue;
    if (i === start) {
      i++;
      continue;
    }
    const kind: Token['kind'] = unknown ? 'unknown' : placeholders === 0 ? 'literal' : placeholders === 1 && literal === '' ? 'placeholder' : 'mixed';
    const tok: Token = { prefix: kind === 'literal' ? literal : (prefix ?? ''), kind, range: range(start, i) };
    if (kind === 'literal') tok.text = literal;
    if (optionalEnd > start) tok.optional = true;
    tokens.push(tok);
  }
  if (optionalEnd >= 0) complete = false;
  return { tokens, complete };
}

const PYTHON = /^(?:.*\/)?python(?:\d+(?:\.\d+)?)?$/;
/** Interpreter options that take a value (`-W ignore`, `-X utf8`). */
const PYTHON_VALUE_OPTIONS = new Set(['-W', '-X', '-Q']);
/** Commands around the program that run nothing of the workspace and pass it nothing. */
const HARMLESS = /^(?:cd|pip|pip3|echo|ls|mkdir|export|set|true|nvidia-smi|cat|pwd|env|printenv|sleep|conda|source|\.)$/;

/** Reads the program and its arguments from a command's tokens. */
export function programOf(tokens: Token[], refs: PlaceholderRef[], complete: boolean): ParsedCommand {
  // Simple commands, split at operators.
  const commands: Token[][] = [[]];
  for (const t of tokens) {
    if (t.operator) commands.push([]);
    else commands[commands.length - 1].push(t);
  }
  let found: { program: ProgramCall; args: Token[] } | undefined;
  let unresolved: string | undefined;
  let others = 0;
  let cwd: string | undefined;
  for (const cmd of commands) {
    let k = 0;
    // Environment assignments before the command: `A=1 python x.py`.
    while (k < cmd.length && cmd[k].text !== undefined && /^[A-Za-z_]\w*=/.test(cmd[k].text!)) k++;
    const head = cmd[k];
    if (!head) continue;
    if (head.text === 'cd' && cmd[k + 1]?.text !== undefined && !found) {
      // `cd a && cd ..` comes back: each cd is relative to the last.
      const to = cmd[k + 1].text!;
      cwd = to.startsWith('/') || !cwd ? to : join(cwd, to);
      if (cwd === '.' || cwd === './') cwd = '';
      continue;
    }
    // An install step run through Python (`python -m pip install ...`, `python setup.py install`) is not the program.
    if (installStep(cmd, k)) continue;
    const call = found ? undefined : pythonCall(cmd, k);
    if (call && 'program' in call) {
      found = { program: { ...call.program, ...(cwd !== undefined ? { cwd } : {}) }, args: call.args };
      continue;
    }
    if (call && 'unresolved' in call) unresolved ??= call.unresolved;
    else if (head.text === undefined || !HARMLESS.test(head.text)) {
      others++;
      if (!found) unresolved ??= head.text !== undefined ? `the command runs ${head.text}, not a Python program` : 'the program is not a literal';
    }
  }
  if (!found) return { unresolved: unresolved ?? 'the command names no program', args: [], references: refs, complete, otherPrograms: others > 0 };
  return { program: found.program, args: found.args, references: refs, complete, otherPrograms: others > 0 };
}

/** Python modules that install or set up, run before the program: `python -m pip install -r requirements.txt`. */
const INSTALL_MODULES = new Set(['pip', 'ensurepip', 'venv', 'virtualenv']);

function installStep(cmd: Token[], k: number): boolean {
  const call = pythonCall(cmd, k);
  if (!call || !('program' in call)) return false;
  const { kind, value } = call.program;
  return kind === 'module' ? INSTALL_MODULES.has(value) : /(?:^|\/)setup\.py$/.test(value);
}

function pythonCall(cmd: Token[], k: number): { program: ProgramCall; args: Token[] } | { unresolved: string } | undefined {
  const head = cmd[k];
  if (head.text !== undefined && /\.py$/.test(head.text) && !PYTHON.test(head.text)) {
    return { program: { kind: 'script', value: head.text, range: head.range }, args: cmd.slice(k + 1) };
  }
  if (head.text === undefined || !PYTHON.test(head.text)) return undefined;
  let j = k + 1;
  while (j < cmd.length) {
    const t = cmd[j].text;
    if (t === undefined) return { unresolved: 'the program is not a literal' };
    if (t === '-m') {
      const mod = cmd[j + 1];
      if (mod?.text === undefined) return { unresolved: 'the module is not a literal' };
      return { program: { kind: 'module', value: mod.text, range: mod.range }, args: cmd.slice(j + 2) };
    }
    if (t === '-c') return { unresolved: 'the program is given inline (python -c)' };
    if (PYTHON_VALUE_OPTIONS.has(t)) {
      j += 2;
      continue;
    }
    if (t.startsWith('-')) {
      j++;
      continue;
    }
    return { program: { kind: 'script', value: t, range: cmd[j].range }, args: cmd.slice(j + 1) };
  }
  return { unresolved: 'python runs no program (an interactive interpreter)' };
}

/** A flag token: `--x`, `-x`, `--x=...`; not `-`, `--`, or a negative number. */
export function flagOf(t: Token): { flag: string; attached: boolean } | undefined {
  const text = t.kind === 'literal' ? t.text! : t.prefix;
  if (!text.startsWith('-') || text === '-' || text === '--' || /^-\d/.test(text)) return undefined;
  const eq = text.indexOf('=');
  if (t.kind !== 'literal' && eq < 0) return undefined;
  return eq >= 0 ? { flag: text.slice(0, eq), attached: true } : { flag: text, attached: false };
}

/** The flags a command passes, as contract arguments (the exact option string kept in `passed`). */
export function passedArguments(args: Token[]): NamedDecl[] {
  const out: NamedDecl[] = [];
  for (let i = 0; i < args.length; i++) {
    const t = args[i];
    const f = flagOf(t);
    if (!f) continue;
    const next = args[i + 1];
    const value = f.attached ? undefined : next && !flagOf(next) ? next : undefined;
    const decl: NamedDecl = { name: normaliseFlag(f.flag), range: flagRange(t, f.flag), flag: f.flag, passed: f.flag };
    if (value?.text !== undefined) decl.defaultText = value.text;
    if (t.optional) decl.optional = true;
    out.push(decl);
  }
  return out;
}

function flagRange(t: Token, flag: string): Range {
  if (t.range.start.line !== t.range.end.line) return t.range;
  const width = t.range.end.character - t.range.start.character;
  // Quotes around the flag make the token wider than its text: keep the whole token then.
  if (width !== (t.kind === 'literal' ? t.text!.length : -1) && !(t.kind !== 'literal' && width > flag.length)) return t.range;
  return { start: t.range.start, end: { line: t.range.start.line, character: t.range.start.character + flag.length } };
}

export function argvOf(args: Token[]): ArgvToken[] {
  return args.map((t) => ({
    ...(t.text !== undefined ? { text: t.text } : {}),
    range: t.range,
    kind: t.kind,
    ...(t.kind === 'mixed' && t.prefix ? { prefix: t.prefix } : {}),
    ...(t.optional ? { optional: true as const } : {}),
  }));
}

/** Position arithmetic over a text that starts at `start` in its file. */
export function positionsFrom(text: string, start: Position): PosAt {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  return (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo === 0 ? { line: start.line, character: start.character + offset } : { line: start.line + lo, character: offset - lineStarts[lo] };
  };
}
