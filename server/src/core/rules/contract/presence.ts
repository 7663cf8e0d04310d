// required-but-defaulted and optional-but-required: what a script's reads say
// about whether it runs without an environment variable or an input.
import type { ChannelRead, ContractDecl, EnvRead, ScriptFacts, SpecDecl } from '../../facts';

/** A default given in the read itself that is a value: not None, not an empty string (which code then tends to reject). */
function hasValueDefault(read: { hasDefault?: true; defaultText?: string }): boolean {
  return !!read.hasDefault && !/^(?:None|""|'')$/.test(read.defaultText?.trim() ?? '');
}

/** Does this env read tolerate the variable's absence (a default, a guard, a presence test) without stopping? */
export function tolerantEnvRead(read: EnvRead): boolean {
  if (read.stops) return false;
  return read.form === 'in' || !!read.tolerated || !!read.guarded || (read.form === 'get' && hasValueDefault(read));
}

/** The same for a channel read; a fallback read (inside another key's `.get` default) does not count. */
export function tolerantChannelRead(read: ChannelRead): boolean {
  if (read.stops) return false;
  return read.via === 'in' || !!read.tolerated || !!read.guarded || (read.via === 'get' && !!read.hasDefault);
}

/** Reads of one variable; a bridge subscript of a key the bridge literal sets reads what the literal's own read gave. */
export function envReadsOf(script: ScriptFacts, name: string): EnvRead[] {
  return script.envReads.filter((r) => r.name === name);
}

export function bridges(script: ScriptFacts, name: string): boolean {
  return script.bridgeLiterals.some((b) => b.keys.some((k) => k.key === name));
}

/**
 * Whether an input is declared required or optional: a YAML contract says so
 * per channel; a Python contract does not, so the linked specs' dependencies
 * do. Undefined when nothing declares it, or the declarations disagree.
 */
export function inputRequirement(contract: ContractDecl, specs: SpecDecl[], name: string): 'required' | 'optional' | undefined {
  const says: boolean[] = [];
  if (contract.format === 'yaml') says.push(contract.inputs.find((c) => c.name === name)?.required ?? true);
  for (const s of specs) {
    const dep = s.dependencies.find((d) => d.name === name);
    if (dep) says.push(dep.required);
  }
  if (!says.length) return undefined;
  if (says.every((x) => x)) return 'required';
  if (says.every((x) => !x)) return 'optional';
  return undefined;
}

/** Is a declared default empty (or not given): what a `not value` test sees as absent? */
export function emptyDefault(defaultText: string | undefined): boolean {
  if (defaultText === undefined) return true;
  return /^(?:""|''|)$/.test(defaultText.trim());
}
