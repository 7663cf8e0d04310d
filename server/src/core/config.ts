// Project configuration: `[tool.script-contracts]` in pyproject.toml or the
// top level of script-contracts.toml, found by walking up from each file.
// Validation never throws: problems come back as ConfigError values naming
// the file, the key and the reason.
import { parse as parseToml, TomlError } from 'smol-toml';
import type { KeywordRole } from './facts';
import { compileGlobs, GlobError } from './glob';
import { CONFIGURABLE_RULES } from './rules/registry';
import { suggest } from './suggest';
import type { Position, RuleId, SeveritySetting } from './model';

export interface Config {
  include: string[];
  exclude: string[];
  contractClasses: string[];
  trainingContractClasses: string[];
  specClasses: string[];
  dependencyClasses: string[];
  outputClasses: string[];
  inputAccessors: string[];
  outputAccessors: string[];
  inputPathMethods: string[];
  outputPathMethods: string[];
  envBridges: string[];
  envIgnore: string[];
  pathPrefixes: string[];
  allowedInputPrefixes: string[];
  allowedOutputPrefixes: string[];
  allowedTrainingInputPrefixes: string[];
  allowedTrainingOutputPrefixes: string[];
  /** Paths the platform provides to every processing job without a channel (not reported by undeclared-path). */
  platformPaths: string[];
  /** The same for training jobs. */
  trainingPlatformPaths: string[];
  fixStyle: 'auto' | 'dict' | 'method';
  reportUnusedOptionalEnvVars: boolean;
  /**
   * unknown-keyword treats the built-in schema (step YAML keys, classes not defined in the workspace) as
   * closed: every key it does not list is reported, not only near-misses of one.
   */
  strictKeywords: boolean;
  /**
   * Step kinds that run no script of the workspace (`*` wildcards, case-insensitive), matched against a
   * linked spec's step_type and the contract file's name: missing-script says nothing about them.
   */
  scriptFreeSteps: string[];
  /** Step types produced outside the workspace that compatible_sources may name (not reported by unknown-compatible-source). */
  externalStepTypes: string[];
  maxFileSize: number;
  /** Keywords (Python) or keys (`*.step.yaml`) accepted besides the built-in fields, by what receives them. */
  extraKeywords: Partial<Record<KeywordRole, string[]>>;
  rules: Partial<Record<RuleId, SeveritySetting>>;
  /**
   * The baseline file (accepted findings, core/baseline.ts), relative to the
   * folder of the configuration file; read from the configuration of the
   * workspace root. Unset: `.script-contracts-baseline.json` in the workspace root.
   */
  baseline?: string;
}

export const DEFAULT_CONFIG: Config = Object.freeze({
  include: [],
  exclude: [
    '**/node_modules/**',
    '**/.git/**',
    '**/.venv/**',
    '**/venv/**',
    '**/__pycache__/**',
    '**/build/**',
    '**/dist/**',
    '**/.tox/**',
    '**/site-packages/**',
    // Jupyter's autosaved copies of notebooks and files: never what a pipeline runs.
    '**/.ipynb_checkpoints/**',
  ],
  contractClasses: ['ScriptContract', 'TrainingScriptContract'],
  trainingContractClasses: ['TrainingScriptContract'],
  specClasses: ['StepSpecification'],
  dependencyClasses: ['DependencySpec'],
  outputClasses: ['OutputSpec'],
  inputAccessors: ['input_paths'],
  outputAccessors: ['output_paths'],
  inputPathMethods: ['get_input_path'],
  outputPathMethods: ['get_output_path'],
  envBridges: ['environ_vars'],
  // What the platform and the container set, not a step's settings: SageMaker's training toolkit (SM_*,
  // TRAINING_JOB_NAME, CURRENT_HOST, ...), SageMaker itself (SAGEMAKER_*, AWS_*), GPU and thread runtimes, the OS.
  envIgnore: [
    'SM_*',
    'SAGEMAKER_*',
    'AWS_*',
    'TRAINING_JOB_NAME',
    'TRAINING_JOB_ARN',
    'CURRENT_HOST',
    'HOSTNAME',
    'NVIDIA_*',
    'CUDA_*',
    'NCCL_*',
    'OMP_NUM_THREADS',
    'PATH',
    'HOME',
    'PYTHONPATH',
    'PYTHONUNBUFFERED',
    'LD_LIBRARY_PATH',
    'LANG',
    'TMPDIR',
    'USER',
  ],
  pathPrefixes: ['/opt/ml/'],
  // SageMaker requires a processing input's LocalPath to begin with /opt/ml/processing/; outputs are
  // uploaded from wherever LocalPath points, and live under the same root by convention. /opt/ml/code is
  // the source folder the processor unpacks (inputs bundled with the code).
  allowedInputPrefixes: ['/opt/ml/processing', '/opt/ml/code'],
  allowedOutputPrefixes: ['/opt/ml/processing'],
  allowedTrainingInputPrefixes: ['/opt/ml/input/data', '/opt/ml/input/config', '/opt/ml/code'],
  allowedTrainingOutputPrefixes: ['/opt/ml/model', '/opt/ml/output/data', '/opt/ml/checkpoints'],
  platformPaths: ['/opt/ml/processing/input/code', '/opt/ml/config'],
  trainingPlatformPaths: ['/opt/ml/code', '/opt/ml/input/config', '/opt/ml/model', '/opt/ml/output'],
  fixStyle: 'auto',
  reportUnusedOptionalEnvVars: false,
  strictKeywords: false,
  // Data loading and model registration steps run the platform's or a vendor SDK's own container code.
  scriptFreeSteps: ['*DataLoad*', '*Data_Load*', '*Registration*', '*RegisterModel*', '*Register_Model*'],
  externalStepTypes: [],
  maxFileSize: 2 * 1024 * 1024,
  extraKeywords: {},
  rules: {},
}) as Config;

export interface ConfigError {
  file: string;
  key: string;
  message: string;
  position?: Position;
}

export interface LoadedConfig {
  /** The file it came from; undefined for the defaults. */
  file?: string;
  config: Config;
  errors: ConfigError[];
  /** Stable text identifying the effective settings, part of cache keys. */
  fingerprint: string;
}

type Kind = 'strings' | 'globs' | 'paths' | 'file' | 'bool' | 'int' | 'fixStyle';
// A Map, not an object literal: a key named `constructor` or `__proto__` must find nothing.
const KEYS = new Map<string, [keyof Config, Kind]>(
  Object.entries({
    include: ['include', 'paths'],
    exclude: ['exclude', 'paths'],
    'extend-exclude': ['exclude', 'paths'],
    'contract-classes': ['contractClasses', 'strings'],
    'training-contract-classes': ['trainingContractClasses', 'strings'],
    'spec-classes': ['specClasses', 'strings'],
    'dependency-classes': ['dependencyClasses', 'strings'],
    'output-classes': ['outputClasses', 'strings'],
    'input-accessors': ['inputAccessors', 'strings'],
    'output-accessors': ['outputAccessors', 'strings'],
    'input-path-methods': ['inputPathMethods', 'strings'],
    'output-path-methods': ['outputPathMethods', 'strings'],
    'env-bridges': ['envBridges', 'strings'],
    'env-ignore': ['envIgnore', 'globs'],
    'path-prefixes': ['pathPrefixes', 'strings'],
    'allowed-input-prefixes': ['allowedInputPrefixes', 'strings'],
    'allowed-output-prefixes': ['allowedOutputPrefixes', 'strings'],
    'allowed-training-input-prefixes': ['allowedTrainingInputPrefixes', 'strings'],
    'allowed-training-output-prefixes': ['allowedTrainingOutputPrefixes', 'strings'],
    'platform-paths': ['platformPaths', 'strings'],
    'training-platform-paths': ['trainingPlatformPaths', 'strings'],
    'fix-style': ['fixStyle', 'fixStyle'],
    'report-unused-optional-env-vars': ['reportUnusedOptionalEnvVars', 'bool'],
    'strict-keywords': ['strictKeywords', 'bool'],
    'script-free-steps': ['scriptFreeSteps', 'strings'],
    'external-step-types': ['externalStepTypes', 'strings'],
    'max-file-size': ['maxFileSize', 'int'],
    baseline: ['baseline', 'file'],
  }) as [string, [keyof Config, Kind]][],
);

/** Past this many problems in one file the rest are summed up in one more. */
const MAX_ERRORS_PER_FILE = 100;

const SEVERITIES = new Set(['off', 'hint', 'information', 'warning', 'error']);
const KEYWORD_ROLES: KeywordRole[] = ['contract', 'spec', 'dependency', 'output', 'channel'];

export { CONFIGURABLE_RULES };

export function defaultConfig(): LoadedConfig {
  return { config: DEFAULT_CONFIG, errors: [], fingerprint: 'default' };
}

/** Is this file a configuration file we read (whether or not it has our section)? */
export function isConfigFileName(base: string): boolean {
  return base === 'pyproject.toml' || base === 'script-contracts.toml';
}

/**
 * Parse a configuration file's text. Returns undefined when a pyproject.toml
 * has no [tool.script-contracts] section (the walk continues upwards then).
 */
export function parseConfig(file: string, text: string): LoadedConfig | undefined {
  const isPyproject = file.endsWith('pyproject.toml');
  if (isPyproject && !text.includes('script-contracts')) return undefined;
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(text) as Record<string, unknown>;
  } catch (e) {
    const err = e instanceof TomlError ? e : undefined;
    const reason = (e instanceof Error ? e.message : String(e)).split('\n')[0];
    const position = err ? { line: Math.max(0, err.line - 1), character: Math.max(0, err.column - 1) } : undefined;
    // A broken pyproject.toml may not even concern us, but if it mentions our
    // section the user expects us to read it: say why we cannot.
    return withErrors(file, [{ file, key: '', message: `invalid TOML: ${reason}`, position }]);
  }
  let section: unknown = doc;
  if (isPyproject) {
    const tool = doc.tool;
    section = tool && typeof tool === 'object' ? (tool as Record<string, unknown>)['script-contracts'] : undefined;
    if (section === undefined) return undefined;
  }
  const prefix = isPyproject ? 'tool.script-contracts.' : '';
  const errors: ConfigError[] = [];
  const keyPositions = keyIndex(text);
  const keyAt = (key: string) => keyPositions.get(key);
  if (!section || typeof section !== 'object' || Array.isArray(section)) {
    return withErrors(file, [{ file, key: prefix.slice(0, -1), message: 'must be a table', position: keyAt('script-contracts') }]);
  }
  const config: Config = { ...DEFAULT_CONFIG, rules: {}, extraKeywords: {} };
  const mutable = config as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(section as Record<string, unknown>)) {
    const fullKey = prefix + key;
    if (key === 'rules') {
      if (!value || typeof value !== 'object' || Array.isArray(value)) {
        errors.push({ file, key: fullKey, message: 'must be a table of rule id = severity', position: keyAt(key) });
        continue;
      }
      for (const [rule, sev] of Object.entries(value as Record<string, unknown>)) {
        if (!CONFIGURABLE_RULES.includes(rule as RuleId)) {
          errors.push({ file, key: `${fullKey}.${rule}`, message: `unknown rule id "${rule}"${suggest(rule, CONFIGURABLE_RULES)}`, position: keyAt(rule) });
        } else if (typeof sev !== 'string' || !SEVERITIES.has(sev)) {
          errors.push({
            file,
            key: `${fullKey}.${rule}`,
            message: `severity must be one of off, hint, information, warning, error (got ${JSON.stringify(sev)})`,
            position: keyAt(rule),
          });
        } else {
          config.rules[rule as RuleId] = sev as SeveritySetting;
        }
      }
      continue;
    }
    if (key === 'extra-keywords') {
      if (!value || typeof value !== 'object' || Array.isArray(value)) {
        errors.push({ file, key: fullKey, message: `must be a table of ${KEYWORD_ROLES.join(' | ')} = [keywords]`, position: keyAt(key) });
        continue;
      }
      for (const [role, names] of Object.entries(value as Record<string, unknown>)) {
        if (!KEYWORD_ROLES.includes(role as KeywordRole)) {
          errors.push({
            file,
            key: `${fullKey}.${role}`,
            message: `unknown role "${role}" (${KEYWORD_ROLES.join(', ')})${suggest(role, KEYWORD_ROLES)}`,
            position: keyAt(role),
          });
        } else if (checkKind(names, 'strings')) {
          errors.push({ file, key: `${fullKey}.${role}`, message: 'must be an array of strings', position: keyAt(role) });
        } else {
          config.extraKeywords[role as KeywordRole] = names as string[];
        }
      }
      continue;
    }
    const spec = KEYS.get(key);
    if (!spec) {
      errors.push({ file, key: fullKey, message: `unknown key${suggest(key, [...KEYS.keys(), 'rules', 'extra-keywords'])}`, position: keyAt(key) });
      continue;
    }
    const [field, kind] = spec;
    const problem = checkKind(value, kind);
    if (problem) {
      errors.push({ file, key: fullKey, message: problem, position: keyAt(key) });
      continue;
    }
    if (key === 'extend-exclude') mutable[field] = [...config.exclude, ...(value as string[])];
    else mutable[field] = kind === 'int' ? Number(value) : value;
  }
  if (errors.length > MAX_ERRORS_PER_FILE) {
    const more = errors.length - MAX_ERRORS_PER_FILE;
    errors.length = MAX_ERRORS_PER_FILE;
    errors.push({ file, key: '', message: `${more} more configuration problem${more === 1 ? '' : 's'} in this file not shown` });
  }
  return { file, config, errors, fingerprint: JSON.stringify(config) };
}

function withErrors(file: string, errors: ConfigError[]): LoadedConfig {
  // Fall back to the defaults so analysis goes on; the errors are reported.
  return { file, config: DEFAULT_CONFIG, errors, fingerprint: 'default' };
}

function checkKind(value: unknown, kind: Kind): string | undefined {
  switch (kind) {
    case 'strings':
      return Array.isArray(value) && value.every((v) => typeof v === 'string') ? undefined : 'must be an array of strings';
    case 'globs':
    case 'paths': {
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) return 'must be an array of strings';
      for (const pattern of value as string[]) {
        if (kind === 'paths' && (pattern.startsWith('/') || /^[A-Za-z]:[\\/]/.test(pattern)))
          return `"${pattern}" is absolute: patterns are relative to the folder of this configuration file`;
        if (kind === 'paths' && pattern.split('/').includes('..')) return `"${pattern}" leaves the folder of this configuration file ("..")`;
        try {
          compileGlobs([pattern]);
        } catch (e) {
          if (e instanceof GlobError) return `"${pattern.length > 60 ? pattern.slice(0, 60) + '…' : pattern}": ${e.message}`;
          throw e;
        }
      }
      return undefined;
    }
    case 'file': {
      if (typeof value !== 'string' || value.trim() === '') return 'must be a file name (a string)';
      if (value.startsWith('/') || /^[A-Za-z]:[\\/]/.test(value))
        return `"${value}" is absolute: the file is relative to the folder of this configuration file`;
      if (value.split(/[\\/]/).includes('..')) return `"${value}" leaves the folder of this configuration file ("..")`;
      return undefined;
    }
    case 'bool':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'int':
      return (typeof value === 'number' && Number.isInteger(value) && value > 0) || (typeof value === 'bigint' && value > 0n)
        ? undefined
        : 'must be a positive integer (bytes)';
    case 'fixStyle':
      return value === 'auto' || value === 'dict' || value === 'method' ? undefined : 'must be "auto", "dict" or "method"';
  }
}

/**
 * Where each key is first assigned (`key = ...` at the start of a line, quoted
 * or bare), found in one pass: looking keys up one regular expression at a time
 * was quadratic in the number of keys, and a long key made an invalid pattern.
 */
function keyIndex(text: string): Map<string, Position> {
  const out = new Map<string, Position>();
  const lines = text.split(/\r\n|\r|\n/);
  lines.forEach((lineText, line) => {
    const m = /^(\s*)(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([A-Za-z0-9_.-]+))\s*=/.exec(lineText);
    if (!m) return;
    const key = m[2] ?? m[3] ?? m[4];
    if (!out.has(key)) out.set(key, { line, character: m[1].length });
  });
  return out;
}
