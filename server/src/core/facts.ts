// Facts: what one file says, extracted once per file version and kept instead
// of its syntax tree. Facts are plain JSON-serialisable data so that they can
// be cached on disk and compared across runs.
import type { Direction, Position, Range } from './model';

/**
 * A range packed as [startLine, startCharacter, endLine, endCharacter]. Values
 * (every module-level literal and class instantiation, spec calls above all)
 * are the bulk of the facts kept for each file, in memory and in the cache; a
 * packed range is one small array where a Range is three objects.
 */
export type Span = [number, number, number, number];

export function spanRange(s: Span): Range {
  return { start: { line: s[0], character: s[1] }, end: { line: s[2], character: s[3] } };
}

/** A static value of a Python expression, as far as we can know it without running code. */
export type Value =
  | { kind: 'str'; value: string; range: Span; fstring?: boolean }
  | { kind: 'list'; items: Value[]; range: Span; layout: Layout }
  | { kind: 'dict'; entries: DictEntry[]; range: Span; layout: Layout }
  | { kind: 'call'; callee: string; args: Value[]; kwargs: Kwarg[]; range: Span }
  | { kind: 'name'; name: string; range: Span }
  | { kind: 'other'; text: string; range: Span };

export interface DictEntry {
  key: Value;
  value: Value;
  range: Span;
}

export interface Kwarg {
  name: string;
  nameRange: Span;
  value: Value;
}

/** Where and how to add one more item to a bracketed literal without breaking its style. */
export interface Layout {
  /** Position just before the closing bracket. */
  close: { line: number; character: number };
  /** End of the last item, if any. */
  lastItemEnd?: { line: number; character: number };
  trailingComma: boolean;
  /** Indentation of the items when they sit on their own lines; undefined for one-line literals. */
  itemIndent?: string;
  /** Indentation of the line holding the closing bracket. */
  closeIndent: string;
}

export interface ImportFact {
  /** Name bound in this module. */
  local: string;
  /** Name in the source module (same as local unless `as`). */
  imported: string;
  /** Dotted module path as written, without the leading dots. */
  module: string;
  /** Number of leading dots (relative import level). */
  level: number;
}

export interface AssignmentFact {
  name: string;
  nameRange: Range;
  value: Value;
}

export interface ClassFact {
  name: string;
  nameRange: Range;
  bases: string[];
  /** Field names declared in the class body (annotated or assigned names). */
  fields: string[];
}

export interface FunctionFact {
  name: string;
  nameRange: Range;
  /**
   * `return NAME` and the imports in the body: read only in files with a
   * module-level class instantiation (what can call the function to get a contract).
   */
  returns?: string;
  imports: ImportFact[];
}

export type CodeContext = 'logic' | 'wiring';

export interface ChannelRead {
  direction: Direction;
  key: string;
  keyRange: Range;
  via: 'subscript' | 'get' | 'in' | 'method';
  /** Quote character of the key literal; undefined when the key is a constant name (no rename fix then). */
  keyQuote?: string;
  /** The dict name or the method receiver text. */
  receiver: string;
  /** The read runs only when the key is present (`if "K" in input_paths:`): it cannot fail or miss anything. */
  guarded?: true;
  /** A `"K" not in d` test: the code handles the key's absence, typically by raising. */
  absentTest?: true;
  context: CodeContext;
  /** Set when this read is only the default argument of `.get(outer)` on the same accessor. */
  fallbackOf?: string;
  /** `.get("K", default)` with a default that is not None. */
  hasDefault?: true;
  /** Tolerates the key's absence: itself a test, under a test of the same key, or in a `try` whose handler catches KeyError and goes on. */
  tolerated?: true;
  /** The script stops (raise, sys.exit) when the key is absent (`if "K" not in input_paths: raise ...`), and on which test. */
  stops?: 'falsy' | 'none' | 'empty' | 'missing';
}

export interface WiringEntry {
  direction: Direction;
  key: string;
  keyRange: Range;
  keyQuote?: string;
  path?: string;
  pathRange?: Range;
  /** The path is written as a string literal (not a constant or an expression) at pathRange. */
  pathLiteral?: true;
  /**
   * Set in an `else`/`elif`/`except` branch of the entry block: wiring that applies only when the
   * main branch's did not (e.g. the else of `if os.path.exists(<contract path>)`), not the job's wiring.
   */
  fallback?: true;
}

export interface WiringDict {
  direction: Direction;
  name: string;
  range: Range;
  layout?: Layout;
}

export interface EnvRead {
  name: string;
  range: Range;
  via: 'environ' | 'getenv' | 'bridge';
  context: CodeContext;
  /** Text of the default argument when it is a literal. */
  defaultText?: string;
  /** The read has a default argument (`.get(K, d)`, `getenv(K, d)`), whatever its text. */
  hasDefault?: true;
  /** The read is a membership test (`"K" in os.environ`) or sits under one: it copes with an unset variable. */
  guarded?: true;
  /** The read sits in this function, which nothing in the file calls or names (the job never runs it). */
  uncalledFunction?: string;
  /** The read is the value of this key in the env bridge literal (`environ_vars = {"K": os.environ.get(...)}`). */
  fillsBridgeKey?: string;
  /** `X["K"]`, `X.get("K", d)` / `getenv("K", d)`, or `"K" in X`. */
  form?: 'subscript' | 'get' | 'in';
  /** Tolerates the variable's absence: itself a test, under a test of the same key, or in a `try` whose handler catches KeyError and goes on. */
  tolerated?: true;
  /** The script stops (raise, sys.exit) when the variable is unset: `if not os.environ.get("K"): raise ...`, and on which test. */
  stops?: 'falsy' | 'none' | 'empty' | 'missing';
}

export interface BridgeLiteral {
  name: string;
  range: Range;
  keys: { key: string; range: Range }[];
  layout: Layout;
}

/**
 * What a container path written in a script is there for, which decides how much it matters:
 * `direct` is the path the code really uses; `fallback` applies only when a channel is missing
 * (`.get(K, path)`, `x or path`, the else of a guard); `default-param` is a parameter default the
 * callers may override; `env-default` is the default of an environment variable (`envVar`); `probe` is a
 * location tried first (`p = path` then `if not os.path.exists(p):` picks another).
 */
export type PathRole = 'direct' | 'fallback' | 'default-param' | 'env-default' | 'probe';

export interface PathUse {
  /** The resolved container path (static prefix for f-strings). */
  path: string;
  /** The use sits in this function, which nothing in the file calls or names (the job never runs it). */
  uncalledFunction?: string;
  /** The path is the value of this constant's definition (module level or the entry block), not a use. */
  definesConstant?: string;
  /** ...and nothing else in the file names that constant. */
  unusedConstant?: true;
  role?: Exclude<PathRole, 'direct'>;
  /** The path is where a write call puts data (`open(p, "w")`, `.to_csv(p)`, `joblib.dump(x, p)`, ...), directly or through a local variable. */
  write?: true;
  /** For `env-default`: the variable whose default this is. */
  envVar?: string;
  /** What to replace when fixing (the literal, the whole join, or the constant name). */
  range: Range;
  context: CodeContext;
  form: 'literal' | 'join' | 'concat' | 'fstring' | 'constant';
  /** For a use in logic: does the enclosing function take the accessor dicts as parameters? */
  scopeHas?: { inputDict?: string; outputDict?: string; inDefault: boolean };
  /** In a `case` pattern, where only a literal may stand (no rewrite possible). */
  inPattern?: true;
  /** Inside an f-string's braces: the quote character of that string, which a replacement must not use. */
  fstringQuote?: string;
}

export interface ArgFlag {
  /** The long option string (else the first), or a positional's name. */
  flag: string;
  range: Range;
  /** Every option string of the argument (`-f`, `--flag`); absent for a positional. */
  options?: string[];
  /** A positional argument (its name does not start with `-`). */
  positional?: true;
  /** `required=True`, written as a literal. */
  required?: true;
  /** `nargs=` as written when it is a literal (`"?"`, `"*"`, `"+"`, `"2"`, `"REMAINDER"`). */
  nargs?: string;
  /** `action=` as written when it is a literal (`"store_true"`, `"append"`, ...). */
  action?: string;
  /** `default=` is given (a positional with `nargs="?"` and a default is optional). */
  hasDefault?: true;
  /** `required=`, `nargs=` or `action=` is an expression the checker cannot read: what the argument needs is unknown. */
  unreadable?: true;
}

export interface Suppression {
  line: number;
  /** The first line it covers when it sits below lines that cannot end with a comment (core/suppression.ts); else `line`. */
  fromLine?: number;
  rules: string[];
  range: Range;
  /** The edit that removes it and keeps the rest of the comment a comment. */
  removal: { range: Range; newText: string };
}

/** The facts of a script that reads nothing: where extraction starts, and what an unparsed file holds. */
export function emptyScriptFacts(importsOs = false): ScriptFacts {
  return {
    channelReads: [],
    wiring: [],
    wiringDicts: [],
    envReads: [],
    bridgeLiterals: [],
    pathUses: [],
    argFlags: [],
    usesArgparse: false,
    methodReceivers: [],
    importsOs,
  };
}

export interface ScriptFacts {
  channelReads: ChannelRead[];
  wiring: WiringEntry[];
  wiringDicts: WiringDict[];
  envReads: EnvRead[];
  bridgeLiterals: BridgeLiteral[];
  /** Keys the entry block puts into the env bridge outside a literal: `bridge[K] = ...`, in loops over known names, by comprehension. */
  bridgeKeys?: { key: string; range: Range }[];
  pathUses: PathUse[];
  argFlags: ArgFlag[];
  usesArgparse: boolean;
  /**
   * Names of contracts the script passes to accessor helpers (`get_input_path(CONTRACT, "K")`) or
   * enforcers (`ContractEnforcer(CONTRACT)`), as written; they tie the script to those contracts.
   */
  contractRefs?: string[];
  /** The entry block passes container paths to a function's parameters (which the walk then follows). */
  entryParamPaths?: true;
  /** Receiver text of get_input_path/get_output_path calls seen (for the method fix style). */
  methodReceivers: string[];
  /** Environment variables the script sets itself (`os.environ["K"] = ...`, `os.environ.setdefault("K", ...)`). */
  envWrites?: string[];
  /** True when `os` is imported at module level (os.path.join is available to fixes). */
  importsOs: boolean;
  /** The script's entry function (main or what the __main__ block calls). */
  entryFunction?: { name: string; range: Range };
  /**
   * The script starts another program (subprocess, os.system, os.exec*): what it hands over (its
   * channels, its environment) may be read by code that is not in this file.
   */
  delegates?: true;
  /** argparse's parse_known_args: flags nobody declared do not make it exit. */
  lenientArguments?: true;
  /**
   * The parser's arguments are not all statically known: an option string the checker cannot read
   * (computed, from a loop or a config), the parser handed to code elsewhere, parent parsers, a
   * parser library that adds flags itself (hydra, click, fire, jsonargparse, simple_parsing, ...),
   * arguments parsed from something other than the command line. Argument checks stay quiet.
   */
  dynamicArguments?: true;
  /** More than one ArgumentParser, or subparsers: which arguments a run requires is not one list. */
  severalParsers?: true;
  /** `ArgumentParser(allow_abbrev=False)`: a flag must be given whole. */
  noAbbreviations?: true;
  /** Range of the `if __name__ == "__main__":` block, if any. */
  mainBlock?: Range;
  /**
   * Dict literals the script serialises with `json.dump`/`json.dumps` (an evaluation report), as the dotted
   * key paths they hold; `open` when a key, a spread or a later store is not static (then nothing is certain).
   */
  jsonReports?: { keys: string[]; open?: true; range: Range }[];
  /** The script moves data to or from S3 itself (python/script/idioms/s3.ts). */
  s3?: { downloads?: true; uploads?: true };
  /** `json.dump` of something that is not a dict literal the checker can read: the report's keys are unknown. */
  jsonDumpsUnknown?: true;
}

export interface PythonFacts {
  format: 'python';
  lineCount: number;
  /** The file's line ending when it is not "\n" (fixes insert lines with it). */
  eol?: '\r\n' | '\r';
  hasSyntaxErrors: boolean;
  assignments: AssignmentFact[];
  classes: ClassFact[];
  imports: ImportFact[];
  /** Module-level functions; kept only in files with a module-level class instantiation (see FunctionFact). */
  functions: FunctionFact[];
  script: ScriptFacts;
  suppressions: Suppression[];
  /** Names of module constants (the entry block's included) that hold a container path. */
  pathConstants?: string[];
  /** Variables this file's code puts into a job environment (python/env-producers.ts). */
  envProduced?: string[];
  /** Azure ML SDK v2 `command(...)` calls, anywhere in the file, with names resolved where static. */
  componentCalls?: ComponentCall[];
  /** SageMaker Python SDK pipeline steps this file defines (python/sdk/extract.ts). */
  sdk?: SdkFacts;
}

/** A channel of a SageMaker SDK step: a ProcessingInput/ProcessingOutput, or a training channel. */
export interface SdkChannelFact {
  /** input_name / output_name / the training channel's key; when not written, the name SageMaker derives (`input-1`). */
  name: string;
  nameRange: Span;
  /** The name is SageMaker's derived one (no literal to rename). */
  derived?: true;
  /** The container path (destination of an input, source of an output) when static. */
  path?: string;
  pathRange?: Span;
  range: Span;
  /** The S3 source is another step's output: `step.properties.ProcessingOutputConfig.Outputs["name"].S3Output.S3Uri`. */
  from?: { step: string; output: string; range: Span };
  /** The container path is an `os.path.join(...)` of static parts: backslashes when the definition runs on Windows. */
  osJoin?: { range: Span; allLiteral: boolean };
}

export interface SdkStepFact {
  kind: 'processing' | 'training';
  /** The step class (ProcessingStep, TrainingStep, TuningStep) or, for a job run directly, `<Runner>.run`. */
  className: string;
  /** The processor or estimator class. */
  runner?: string;
  /** The variable the step is bound to (what `x.properties...` and `step_name=x.name` name). */
  variable?: string;
  /** The step's name when literal. */
  name?: string;
  nameRange: Span;
  range: Span;
  /**
   * The script: `definition` relative to the definition file's folder (BASE_DIR joins, source_dir=BASE_DIR),
   * `cwd` a relative path as written (resolved against the folder the pipeline is built from), `s3` a URI's basename.
   */
  script?: { value: string; resolve: 'definition' | 'cwd' | 's3'; range: Span };
  /** Hyperparameters are passed as `--name value` arguments (an entry_point script, script mode). */
  scriptMode?: true;
  inputs: SdkChannelFact[];
  outputs: SdkChannelFact[];
  /** Some inputs, outputs, env vars or arguments are not static: what is listed is not all there is. */
  inputsOpen?: true;
  outputsOpen?: true;
  env: { name: string; range: Span; value?: string }[];
  envOpen?: true;
  /** A training job with `distribution=` (torchrun, MPI): the launcher sets the workers' rank and world variables. */
  distributed?: true;
  /** Flags passed to the script (arguments list, hyperparameters), with the literal value that follows when there is one. */
  arguments: { name: string; range: Span; value?: string }[];
  argumentsOpen?: true;
  /** Variables of the PropertyFiles given in property_files=. */
  propertyFiles: string[];
}

export interface SdkFacts {
  steps: SdkStepFact[];
  propertyFiles: { variable?: string; name?: string; outputName?: string; path?: string; range: Span }[];
  /** JsonGet(step_name=..., property_file=..., json_path="a.b.c"): the step by variable or name, the property file by variable or name. */
  jsonGets: { step?: string; stepName?: string; propertyFile?: string; jsonPath: string; range: Span }[];
}

/** `command(code=..., command="...", inputs={...}, outputs={...})` of azure.ai.ml, as far as it is static. */
export interface ComponentCall {
  /** The variable the call is assigned to (`prep_data = command(...)`), else the callee. */
  name: string;
  nameRange: Range;
  range: Range;
  /** `code=`: a folder relative to the working directory (`cwd`) or to the file's own folder (`file`); `unknown` when computed. */
  code?: { path: string; base: 'cwd' | 'file' } | 'unknown';
  /**
   * `command=`: the string's body as written (positions exact) when it is the value but for
   * backslash-newline continuations; else its value, every position at the string's start.
   */
  command?: { text: string; start: Position; exact: boolean; newlinesSeparate: boolean; range: Range } | 'unknown';
  inputs?: ComponentCallChannel[] | 'unknown';
  outputs?: ComponentCallChannel[] | 'unknown';
}

export interface ComponentCallChannel {
  name: string;
  nameRange: Range;
  range: Range;
  required: boolean;
  type?: string;
}

export interface ChannelDecl {
  name: string;
  nameRange: Range;
  direction: Direction;
  path?: string;
  pathRange?: Range;
  required: boolean;
  /** Spec-side details, shown in completion and hover. */
  type?: string;
  description?: string;
  compatibleSources?: { value: string; range: Range }[];
  /** Spec outputs: other names the output answers to (`aliases=`). */
  aliases?: { value: string; range: Range }[];
  /** Spec outputs: the SageMaker property the output's value is read from (`properties.…`). */
  propertyPath?: { value: string; range: Range };
  /** Spec channels: `data_type=` as written (the framework's default when absent is not assumed). */
  dataType?: string;
  /** Spec dependencies: `semantic_keywords=`. */
  semanticKeywords?: string[];
  /** Where the type was declared, for findings about it. */
  typeRange?: Range;
  /** The whole declaration (dict entry, DependencySpec call or YAML mapping). */
  range: Range;
  /** The name is the one SageMaker derives for an unnamed ProcessingInput/Output (`input-1`): not renamable. */
  derived?: true;
  /** The environment variable the platform sets to this channel's folder (`SM_CHANNEL_TRAIN`). */
  env?: string;
  /** The step passes this channel's container path to the script as the value of this flag. */
  passedAs?: string;
}

export interface NamedDecl {
  name: string;
  range: Range;
  defaultText?: string;
  /**
   * Arguments only: the flag as the source spells it (`--job_type`, or exactly as a pipeline step passes
   * it: `--learning_rate`), where `name` is normalised (`job-type`) so that every spelling of one argument
   * compares equal. Completion offers this one.
   */
  flag?: string;
  /**
   * Arguments only, when the source writes the command line (a component's command, an SDK
   * `arguments=[...]` list): the option string exactly as the step passes it. argparse matches it
   * exactly (or as an unambiguous prefix), not by the normalised name, and so do the argument rules.
   */
  passed?: string;
  /** For an argument: passed only in an optional part of the command (`$[[...]]`, `{if: ...}`). */
  optional?: true;
}

export interface Duplicate {
  name: string;
  range: Range;
  firstRange: Range;
  mapping: string;
}

/** What received a keyword: the same roles in Python classes and `*.step.yaml` blocks (`extra-keywords` is keyed by them). */
export type KeywordRole = 'contract' | 'spec' | 'dependency' | 'output' | 'channel';

export interface KeywordUse {
  name: string;
  range: Range;
  /** The class whose constructor received it (or the YAML block), for messages. */
  className: string;
  role: KeywordRole;
  /** Field names that class accepts. */
  accepted: string[];
  /** The accepted names come from the class's definition in the workspace, not from the built-in schema. */
  modelled?: true;
  /** Identifies the call (or YAML mapping) the keyword was passed to: keywords of one owner are siblings. */
  owner?: string;
}

export interface InsertAnchor {
  layout: Layout;
  /** 'python-dict' | 'python-list' | 'yaml-map' | 'yaml-list' */
  style: 'python-dict' | 'python-list' | 'yaml-map' | 'yaml-list';
}

export interface ContractDecl {
  /** `file#NAME` for Python, `file#contract` for YAML. */
  id: string;
  file: string;
  name: string;
  nameRange: Range;
  range: Range;
  /** `sdk`: a step of a SageMaker Python SDK pipeline definition (core/sdk-declarations.ts). */
  format: 'python' | 'yaml' | 'sdk';
  className: string;
  training: boolean;
  /**
   * Where the script is, when the declaration says more than a base name: `path` a workspace file,
   * `suffix` a relative path (matched when exactly one file ends with it), `unique` a base name matched
   * only when exactly one workspace file has it (an s3 URI).
   */
  scriptRef?: { path?: string; suffix?: string; unique?: true };
  /** SageMaker SDK steps: what the rules of that source need beyond the contract model. */
  sdk?: SdkContractInfo;
  entryPoint?: { value: string; range: Range };
  /** The step's source folder when the contract names one (`source_dir="src/steps"`): entry_point is resolved in it. */
  sourceDir?: string;
  inputs: ChannelDecl[];
  outputs: ChannelDecl[];
  requiredEnv: NamedDecl[];
  optionalEnv: NamedDecl[];
  /** Argument names as flags normalised: leading dashes removed, `_` → `-` (each with its own spelling in `flag`). */
  arguments: NamedDecl[];
  duplicates: Duplicate[];
  keywords: KeywordUse[];
  anchors: Partial<Record<'inputs' | 'outputs' | 'requiredEnv' | 'optionalEnv' | 'arguments', InsertAnchor>>;
  /**
   * `arguments` is every flag the step passes, read from a command line with no part the checker
   * cannot read: a flag the script requires that is not among them is never passed.
   */
  argumentsComplete?: true;
  /** The program's arguments in order, when the source writes them as a command line (for positionals). */
  argv?: ArgvToken[];
  /** Set for a component (Azure ML, Kubeflow): its interface is the command line, not container paths. */
  component?: ComponentInfo;
}

/** One argument of a command line: a literal, a placeholder the platform fills, or a mix. */
export interface ArgvToken {
  /** The literal text; undefined for a placeholder or a part the checker cannot read. */
  text?: string;
  range: Range;
  kind: 'literal' | 'placeholder' | 'mixed' | 'unknown';
  /** For a mixed token, the literal text before its first placeholder (`--data=`). */
  prefix?: string;
  /** In an optional part: may be absent. */
  optional?: true;
}

export type ComponentSource = 'azureml' | 'azureml-sdk' | 'kubeflow';

/** A channel the command line names: `${{inputs.x}}`, `{inputPath: x}`. */
export interface PlaceholderRef {
  direction: Direction;
  name: string;
  /** The whole placeholder (`${{inputs.x}}`), or the name (Kubeflow). */
  range: Range;
  /** The name alone (what a rename replaces). */
  nameRange: Range;
  /** Inside an optional part (`$[[...]]`, `{if: ...}`). */
  optional?: true;
}

/**
 * What an Azure ML command component or job, or a Kubeflow component, says beyond channels and
 * arguments: how its program is found and what its command line names.
 */
export interface ComponentInfo {
  source: ComponentSource;
  /** For messages: `Azure ML command component "train"`, `Kubeflow component "Train"`. */
  label: string;
  /** Azure ML: the folders the code may be uploaded from (absolute, best first); the first that holds the program wins. */
  codeDirs?: string[];
  /** Azure ML: the folder the command changes into (`cd DIR && python x.py`), relative to the code folder; codeDirs include it. */
  cwd?: string;
  /** Azure ML: the program relative to the code folder (`prep.py`; a module's `pkg/mod.py` and `pkg/mod/__main__.py`). */
  programPaths?: string[];
  /** Kubeflow: the program as the container sees it: absolute, or relative to the image's WORKDIR. */
  containerProgram?: string;
  /** The folder of the file that declares the component. */
  baseDir: string;
  /** Why the program cannot be found in the workspace (no `code:`, a program from the image, a shell command). */
  unresolved?: string;
  /** Every channel placeholder in the command line. */
  references: PlaceholderRef[];
  /** The command line holds no part the checker cannot read (a shell expansion, an unknown placeholder). */
  complete: boolean;
  /** Its inputs or outputs are computed: which names it declares is not known. */
  channelsUnknown?: true;
  /** The command runs more than one program (`a && python b.py`): channels may go to the other. */
  otherPrograms?: true;
  /** The range of the whole command (`command:` value, the `command=` string, the container's command/args). */
  commandRange: Range;
}

export interface SdkContractInfo {
  variable?: string;
  stepName?: string;
  /** Not everything the step passes is static: checks of absence stay quiet. */
  inputsOpen?: true;
  outputsOpen?: true;
  envOpen?: true;
  /** A training job with `distribution=`: a launcher sets LOCAL_RANK, WORLD_SIZE and the like. */
  distributed?: true;
  /**
   * More arguments may be passed than `arguments` lists (a computed list or hyperparameter dict): a rule
   * about a flag nobody passes must not fire.
   */
  argumentsOpen?: true;
  /** Inputs fed by another step's output. */
  edges: { input: string; fromStep: string; fromOutput: string; range: Range }[];
  /** JsonGet paths read from this step's property files, with the file and output they name. */
  jsonGets: { jsonPath: string; range: Range; outputName?: string; fileName?: string }[];
  /** Container paths built with os.path.join. */
  joins: { channel: string; path: string; range: Range; allLiteral: boolean }[];
}

export interface SpecDecl {
  id: string;
  file: string;
  name: string;
  nameRange: Range;
  range: Range;
  format: 'python' | 'yaml';
  stepType?: { value: string; range: Range };
  /** How the spec names its contract; resolved by the workspace. */
  contractRef?: { name: string; module?: string; level?: number; range: Range };
  dependencies: ChannelDecl[];
  outputs: ChannelDecl[];
  duplicates: Duplicate[];
  keywords: KeywordUse[];
  /** `node_type` as written (source, internal, sink, singular), lower-cased. */
  nodeType?: string;
  /** The SageMaker step kind the interface's registry block declares (`registry.sagemaker_step_type`). */
  sagemakerStepType?: { value: string; range: Range };
  /** Job-type variants of a `*.step.yaml` (`variants:`): each variant's channels after merging its overrides into the base spec's. */
  variants?: SpecVariant[];
}

/** One job-type variant of a step interface, its channels as the framework's deep merge makes them (lists replaced, maps merged). */
export interface SpecVariant {
  name: string;
  nameRange: Range;
  stepType?: { value: string; range: Range };
  dependencies: ChannelDecl[];
  outputs: ChannelDecl[];
  /** Channel names (by direction) the variant itself restates; the others are the base spec's, unchanged. */
  restated: { input: string[]; output: string[] };
}

export interface YamlFacts {
  format: 'yaml';
  lineCount: number;
  /** The file's line ending when it is not "\n" (fixes insert lines with it). */
  eol?: '\r\n' | '\r';
  contract?: ContractDecl;
  spec?: SpecDecl;
  /** Azure ML command components and jobs, Kubeflow components: declarations a YAML file holds besides a step interface. */
  components?: ContractDecl[];
  /** YAML syntax problems (the file is still read as far as possible). */
  problems: { message: string; range: Range }[];
  suppressions: Suppression[];
}

/** What a Dockerfile's final stage puts where: the mapping of container paths to files of the build context. */
export interface DockerfileFacts {
  format: 'dockerfile';
  lineCount: number;
  eol?: '\r\n' | '\r';
  /** COPY/ADD from the build context (not `--from=`): sources as written, destination as an absolute container path. */
  copies: { sources: string[]; dest: string; destIsDir: boolean }[];
  /** The final stage's WORKDIR; absent when it sets none (the base image's decides) or it is not a literal. */
  workdir?: string;
  /** Sources copied to a destination relative to a WORKDIR the base image sets: where they land is not known. */
  unplacedCopies?: string[];
}

export type FileFacts = PythonFacts | YamlFacts | DockerfileFacts;
