// Text → facts for one file. The only place that parses; everything after
// this works on facts. Never throws on user input: unreadable content comes
// back as a notice.
import type { Config } from './config';
import type { FileFacts } from './facts';
import { extractPython } from './python/extract';
import { parsePython, type Tree } from './python/parser';
import { extractYaml } from './yaml/extract';

export type FileKind = 'python' | 'yaml' | 'config' | 'other';

export function fileKind(file: string): FileKind {
  if (file.endsWith('.py')) return 'python';
  if (file.endsWith('.step.yaml') || file.endsWith('.step.yml')) return 'yaml';
  if (file.endsWith('/pyproject.toml') || file.endsWith('/script-contracts.toml') || file === 'pyproject.toml' || file === 'script-contracts.toml') return 'config';
  return 'other';
}

export interface AnalyzeResult {
  facts?: FileFacts;
  /** Why the file was not analysed (binary, too large, not UTF-8). */
  skipped?: string;
  /** The syntax tree, when the caller asked to keep it (open documents); the caller must delete it. */
  tree?: Tree;
}

/** Decode bytes as UTF-8, refusing binary and malformed input with a reason. */
export function decode(bytes: Uint8Array, maxSize: number): { text?: string; skipped?: string } {
  if (bytes.length > maxSize) return { skipped: `skipped: ${(bytes.length / 1048576).toFixed(1)} MB is over the ${(maxSize / 1048576).toFixed(1)} MB limit (max-file-size)` };
  const probe = bytes.subarray(0, Math.min(bytes.length, 8192));
  if (probe.includes(0)) return { skipped: 'skipped: binary file (contains NUL bytes)' };
  try {
    let text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return { text };
  } catch {
    return { skipped: 'skipped: not valid UTF-8' };
  }
}

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
  script: { channelReads: [], wiring: [], wiringDicts: [], envReads: [], bridgeLiterals: [], pathUses: [], argFlags: [], usesArgparse: false, methodReceivers: [], importsOs: false },
  suppressions: [],
}) as FileFacts;

export function analyzeText(file: string, text: string, config: Config, options: { keepTree?: boolean; previousTree?: Tree } = {}): AnalyzeResult {
  const kind = fileKind(file);
  if (kind === 'yaml') return { facts: extractYaml(file, text) };
  if (kind !== 'python') return {};
  if (text.length > config.maxFileSize) return { skipped: `skipped: ${(text.length / 1048576).toFixed(1)} MB is over the ${(config.maxFileSize / 1048576).toFixed(1)} MB limit (max-file-size)` };
  const tree = parsePython(text, options.previousTree);
  try {
    return { facts: extractPython(tree, text, config), tree: options.keepTree ? tree : undefined };
  } finally {
    if (!options.keepTree) tree.delete();
  }
}
