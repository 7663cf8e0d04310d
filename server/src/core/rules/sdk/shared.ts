// What the rules about SageMaker SDK steps share: whether a script may write
// into an output folder, which of its writes no output uploads, and which
// training channel a path or variable names. One definition each, so that two
// rules never both claim, or both miss, one use.
import type { ChannelDecl, ContractDecl, PathUse, ScriptFacts } from '../../facts';
import { dirname, join } from '../../paths';
import type { Project } from '../../project';
import { isUnder } from '../paths';

/**
 * The script of a pipeline step together with the workspace modules it imports from its own folder
 * (`from preprocess_functions import chunk_processing` beside `preprocess_functions.py`): the job runs that code
 * too, so a folder the helper reads or writes is used by the step. One level deep; a helper's own imports
 * are not followed.
 */
export function withHelpers(project: Project, file: string, script: ScriptFacts): ScriptFacts {
  const entry = project.files.get(file)?.facts;
  if (entry?.format !== 'python') return script;
  const folder = dirname(file);
  const helpers: ScriptFacts[] = [];
  const seen = new Set<string>([file]);
  for (const i of entry.imports) {
    if (i.level > 1) continue;
    const names = i.module === '' ? [i.imported] : [i.module, `${i.module}.${i.imported}`];
    for (const m of names) {
      const base = join(folder, ...m.split('.'));
      for (const candidate of [`${base}.py`, join(base, '__init__.py')]) {
        if (seen.has(candidate)) continue;
        seen.add(candidate);
        const f = project.files.get(candidate)?.facts;
        if (f?.format === 'python') helpers.push(f.script);
      }
    }
  }
  if (!helpers.length) return script;
  const all = [script, ...helpers];
  return {
    ...script,
    pathUses: all.flatMap((s) => s.pathUses),
    ...(all.some((s) => s.delegates) ? { delegates: true as const } : {}),
    ...(all.some((s) => s.s3) ? { s3: Object.assign({}, ...all.map((s) => s.s3 ?? {})) } : {}),
  };
}

/**
 * Can the script put data in the output's folder? A path at or under it, a parent of it (the script
 * builds the rest: the checker cannot see where it writes), the folder handed over as a flag's value
 * or an env var's, or a program it starts: only with none of these is the folder certainly empty.
 */
export function mayWriteInto(script: ScriptFacts, ch: ChannelDecl, contract: ContractDecl): boolean {
  if (ch.path === undefined || script.delegates) return true;
  const path = ch.path;
  if (ch.passedAs !== undefined && script.usesArgparse) return true;
  if (contract.optionalEnv.some((e) => e.defaultText?.includes(path.replace(/\/+$/, '')))) return true;
  // A constant's definition is not a use: its uses are recorded where they are (whole, or as the constant's folder).
  return script.pathUses.some((u) => isUnder(u.path, path) || (isUnder(path, u.path) && !u.definesConstant));
}

/** A write the script certainly makes under /opt/ml/processing that no declared output (nor a parent of one) covers. */
export function uncoveredWrite(contract: ContractDecl, use: PathUse, platformPaths: string[]): boolean {
  if (contract.format !== 'sdk' || contract.training || contract.sdk?.outputsOpen) return false;
  if (!use.write || use.role || use.uncalledFunction || use.form === 'fstring') return false;
  if (!isUnder(use.path, '/opt/ml/processing') || use.path.replace(/\/+$/, '') === '/opt/ml/processing') return false;
  if (platformPaths.some((p) => isUnder(use.path, p))) return false;
  return !contract.outputs.some((o) => o.path === undefined || isUnder(use.path, o.path) || isUnder(o.path, use.path));
}

/** The training channel a container path names (`/opt/ml/input/data/<name>/...`), for a step's own training contract. */
export function trainingChannelOfPath(contract: ContractDecl, path: string): string | undefined {
  if (contract.format !== 'sdk' || !contract.training) return undefined;
  return /^\/opt\/ml\/input\/data\/([^/]+)/.exec(path)?.[1];
}

/** The channel an `SM_CHANNEL_<NAME>` variable names, as the platform spells the variable. */
export function channelOfEnv(name: string): string | undefined {
  return /^SM_CHANNEL_([A-Z0-9_]+)$/.exec(name)?.[1];
}
