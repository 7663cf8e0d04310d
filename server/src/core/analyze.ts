// Text → facts for one file. The only place that parses; everything after
// this works on facts. Never throws on user input: unreadable content comes
// back as a notice.
import { producedEnvNames } from './python/env-producers';
import type { Config } from './config';
import { emptyScriptFacts, type FileFacts, type PythonFacts } from './facts';
import { planPartial, type PartialPlan } from './python/chunks';
import { hitSpec } from './python/vocabulary';
import { extractPython } from './python/extract';
import { maySdk } from './python/sdk/extract';
import { parsePython, parsePythonRanges, type Tree } from './python/parser';
import { dominantLineEnding, loneCrAsLf } from './text-edits';
import { extractYaml } from './yaml/extract';
import { extractDockerfile, isDockerfileName } from './components/dockerfile';
import { componentKind, extractComponents } from './components/yaml';

/**
 * What a file is by its name: `yaml` is a step interface (`*.step.yaml`); `component` is any other
 * YAML file, read as a component definition only when its content says so (components/yaml.ts
 * componentKind), so every other YAML file costs a text scan; `dockerfile` maps a component's
 * container paths to workspace files.
 */
export type FileKind = 'python' | 'yaml' | 'notebook' | 'component' | 'dockerfile' | 'config' | 'other';

/** The kinds the loader reads and the editor sends to the server as text documents (notebooks come as cells). */
export function isAnalysedKind(kind: FileKind): kind is 'python' | 'yaml' | 'component' | 'dockerfile' {
  return kind === 'python' || kind === 'yaml' || kind === 'component' || kind === 'dockerfile';
}

/**
 * What a file is by its name. A notebook (`.ipynb`) is JSON on disk, but the
 * core's text of a notebook path is always the Python of its code cells
 * (core/notebook.ts): analyzeText reads it as Python.
 */
export function fileKind(file: string): FileKind {
  if (file.endsWith('.py')) return 'python';
  if (file.endsWith('.ipynb')) return 'notebook';
  if (file.endsWith('.step.yaml') || file.endsWith('.step.yml')) return 'yaml';
  if (file.endsWith('.yaml') || file.endsWith('.yml')) return 'component';
  if (isDockerfileName(file)) return 'dockerfile';
  if (file.endsWith('/pyproject.toml') || file.endsWith('/script-contracts.toml') || file === 'pyproject.toml' || file === 'script-contracts.toml')
    return 'config';
  return 'other';
}

export interface AnalyzeResult {
  facts?: FileFacts;
  /** Why the file was not analysed (binary, too large, not UTF-8). */
  skipped?: string;
  /** The syntax tree, when the caller asked to keep it (open documents); the caller must delete it. */
  tree?: Tree;
  /** A YAML file that is neither a step interface nor a component: its text was scanned, not parsed. */
  unparsed?: true;
}

export function overSizeReason(size: number, maxSize: number): string {
  return `skipped: ${(size / 1048576).toFixed(1)} MB is over the ${(maxSize / 1048576).toFixed(1)} MB limit (max-file-size)`;
}

// Python rejects source with a NUL byte anywhere, and tree-sitter would stop
// reading facts past it: such a file is data, whatever its name.
export const BINARY = 'skipped: binary file (contains NUL bytes)';

/** Cheap test that decides whether a Python file can hold anything we look at. */
export function mayMatter(text: string, config: Config, entryPointBases: ReadonlySet<string> | undefined, base: string): boolean {
  if (entryPointBases?.has(base)) return true;
  if (text.includes('script-contracts:')) return true;
  for (const n of config.contractClasses) if (text.includes(n)) return true;
  for (const n of config.specClasses) if (text.includes(n)) return true;
  for (const n of config.inputAccessors) if (text.includes(n)) return true;
  for (const n of config.outputAccessors) if (text.includes(n)) return true;
  for (const n of config.inputPathMethods) if (text.includes(n)) return true;
  for (const n of config.outputPathMethods) if (text.includes(n)) return true;
  for (const p of config.pathPrefixes) if (text.includes(p)) return true;
  // A step registry (`"sagemaker_step_type": "Training"` rows) says which kind of job each step is.
  if (text.includes('sagemaker_step_type')) return true;
  // An Azure ML pipeline definition (SDK v2 `command(...)`).
  if (text.includes('azure.ai.ml') && /\bcommand\b/.test(text)) return true;
  if (maySdk(text)) return true;
  // A subclass of a contract/spec class defined in this file.
  return /^class\s+\w+\s*\(/m.test(text) && /(Contract|Specification|Spec)\b/.test(text);
}

export const EMPTY_PYTHON: FileFacts = Object.freeze({
  format: 'python',
  lineCount: 0,
  hasSyntaxErrors: false,
  assignments: [],
  classes: [],
  imports: [],
  functions: [],
  script: emptyScriptFacts(),
  suppressions: [],
}) as FileFacts;

/**
 * Facts of a Python file the cheap scan ruled out: nothing a rule reads, except the variables its code
 * puts into job environments (a config class's get_environment_variables), found without parsing.
 */
export function unparsedFacts(text: string): FileFacts {
  const envProduced = producedEnvNames(text);
  return envProduced.length ? ({ ...EMPTY_PYTHON, envProduced } as FileFacts) : EMPTY_PYTHON;
}

// ---------------------------------------------------------------------------
// Partial parsing. Most of a large module is function bodies that hold nothing
// extractPython looks at; parsing them is most of the cost of a cold check. A
// large file is split into top-level statements (chunks.ts) and tree-sitter
// parses only the statements that are not defs/classes, the defs/classes that
// contain one of the words extractScript's hit scan looks for, and a stub
// (header plus the body statements function/class facts read) of every other
// def/class. The facts are the same as from a full parse; whenever that cannot
// be guaranteed (odd layout, a syntax error in the parsed part, a path
// constant or os alias the plan did not know of), the file is parsed whole.

/** Python files smaller than this are always parsed whole. */
export const PARTIAL_MIN_SIZE = 8192;
/** A partial parse covering more than this share of the file is not worth its bookkeeping. */
const PARTIAL_MAX_SHARE = 0.9;

/**
 * Did the plan know every name the script pass (python/script/walk.ts) scans for in this file? Path
 * constants (module-level strings/dicts holding a container path) and
 * `from os import environ as E` / `getenv as G` aliases come from the facts,
 * which the partial parse gets right (top-level statements are parsed whole).
 */
function planWasComplete(facts: PythonFacts, plan: PartialPlan): boolean {
  for (const name of facts.pathConstants ?? []) if (!plan.constants.has(name)) return false;
  // Parameters the entry block fills with paths are names the plan cannot know of.
  if (facts.script.entryParamPaths) return false;
  for (const i of facts.imports) {
    if (i.module === 'os' && (i.imported === 'environ' || i.imported === 'getenv') && i.local !== i.imported) return false;
  }
  return true;
}

/** Runs of consecutive comment lines longer than this are blanked before parsing (see parseText). */
const MAX_COMMENT_RUN = 64;

/**
 * The text tree-sitter parses. tree-sitter-python's scanner looks ahead over
 * every following comment line at each one, so a run of n comment lines costs
 * n² (4,000 commented-out lines in a function: 2.5 s; a 2 MB file of them:
 * hours). Comment lines in long runs are replaced by spaces (same length, same
 * offsets, nothing a fact is read from), except lines holding a suppression or
 * a quote (which could end a string the line is really inside).
 */
export function parseText(text: string): string {
  if (!text.includes('#')) return text;
  const lines = text.split(/(?<=\n)/);
  let run = 0;
  let changed = false;
  const isComment = (l: string) => /^[ \t]*#/.test(l);
  for (let i = 0; i <= lines.length; i++) {
    if (i < lines.length && isComment(lines[i])) {
      run++;
      continue;
    }
    if (run > MAX_COMMENT_RUN) {
      for (let k = i - run; k < i; k++) {
        const l = lines[k];
        if (l.includes('script-contracts:') || /["']/.test(l)) continue;
        lines[k] = l.replace(/[^\r\n]/g, ' ');
        changed = true;
      }
    }
    run = 0;
  }
  return changed ? lines.join('') : text;
}

/** Facts from a partial parse, or undefined when the file must be parsed whole (exported for tests). */
export function partialFacts(text: string, config: Config): PythonFacts | undefined {
  // SageMaker SDK steps are built inside functions, from bindings anywhere in them: the planner cannot know which.
  if (maySdk(text)) return undefined;
  const spec = hitSpec(config);
  const plan = planPartial(text, spec);
  if (!plan || plan.covered > text.length * PARTIAL_MAX_SHARE) return undefined;
  const tree = parsePythonRanges(parseText(text), plan.segments);
  try {
    if (tree.rootNode.hasError) return undefined;
    const facts = extractPython(tree, text, config);
    if (!planWasComplete(facts, plan)) return undefined;
    return facts;
  } finally {
    tree.delete();
  }
}

/**
 * An open document's syntax tree, kept for incremental re-parsing. Opaque
 * outside the core: its holder tells it about edits and deletes it.
 */
export interface DocumentTree {
  edit(delta: {
    startIndex: number;
    oldEndIndex: number;
    newEndIndex: number;
    startPosition: { row: number; column: number };
    oldEndPosition: { row: number; column: number };
    newEndPosition: { row: number; column: number };
  }): void;
  delete(): void;
}

export interface AnalyzeOptions {
  /** Keep the syntax tree (open documents); the caller must delete it. */
  keepTree?: boolean;
  /** The document's previous tree, edited to match the text, for an incremental re-parse. */
  previousTree?: DocumentTree;
  /** Parse large files only where they can matter (default true; tests compare both). */
  partial?: boolean;
}

export function analyzeText(file: string, source: string, config: Config, options: AnalyzeOptions = {}): AnalyzeResult {
  const found = fileKind(file);
  if (found !== 'notebook' && !isAnalysedKind(found)) return {};
  const kind = found === 'notebook' ? 'python' : found;
  if (source.includes('\0')) return { skipped: BINARY };
  if (kind === 'component' || kind === 'dockerfile') {
    // Most YAML files are not components: a text scan decides, and those cost nothing more.
    if (source.length > config.maxFileSize)
      return kind === 'component' && componentKind(source) ? { skipped: overSizeReason(source.length, config.maxFileSize) } : {};
    const text = loneCrAsLf(source);
    let facts: FileFacts | undefined;
    if (kind === 'dockerfile') facts = extractDockerfile(text);
    else {
      const which = componentKind(text);
      if (!which) return { unparsed: true };
      facts = extractComponents(file, text, which);
      // The platform's loader (PyYAML for Azure ML and Kubeflow) accepts YAML this parser does not, such as a
      // quoted scalar continued at its key's indentation: what is read past the error may be misread, and
      // the file is not ours to call broken. Unknowable, so not checked; the notice says why.
      const problem = facts.format === 'yaml' ? facts.problems[0] : undefined;
      if (problem)
        return {
          skipped: `skipped: a component this checker's YAML parser cannot read (line ${problem.range.start.line + 1}: ${problem.message}); the platform's loader may accept it, so nothing in it is checked`,
        };
    }
    const eol = source.includes('\r') ? dominantLineEnding(source) : '\n';
    if (eol !== '\n') facts = { ...facts, eol };
    return { facts };
  }
  // Parsers count only "\n" as a line break; with lone "\r"s made "\n"s their lines are ours (text-edits.ts).
  const text = loneCrAsLf(source);
  const result = analyzeParsable(file, kind, text, config, options);
  const eol = source.includes('\r') ? dominantLineEnding(source) : '\n';
  if (eol !== '\n' && result.facts) result.facts = { ...result.facts, eol };
  return result;
}

function analyzeParsable(file: string, kind: 'python' | 'yaml', text: string, config: Config, options: AnalyzeOptions): AnalyzeResult {
  if (kind === 'yaml') return { facts: extractYaml(file, text) };
  if (text.length > config.maxFileSize) return { skipped: overSizeReason(text.length, config.maxFileSize) };
  // A kept tree serves editing (incremental re-parse, positions anywhere): always whole.
  if (options.partial !== false && !options.keepTree && !options.previousTree && text.length >= PARTIAL_MIN_SIZE) {
    const facts = partialFacts(text, config);
    if (facts) return { facts };
  }
  const parsed = parseText(text);
  // A tree of blanked text is not a tree of the document: it is neither reused nor kept for the next edit.
  const blanked = parsed !== text;
  const keep = options.keepTree && !blanked;
  // Only this module makes DocumentTrees: each is a tree-sitter Tree.
  const tree = parsePython(parsed, blanked ? undefined : (options.previousTree as Tree | undefined));
  try {
    return { facts: extractPython(tree, text, config), tree: keep ? tree : undefined };
  } finally {
    if (!keep) tree.delete();
  }
}
