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
 * Whether each input is declared required or optional: a YAML contract says so
 * per channel; a Python contract does not, so the linked specs' dependencies
 * do. Undefined when nothing declares it, or the declarations disagree. One
 * pass over the declarations (a contract can have very many inputs).
 */
export function inputRequirements(contract: ContractDecl, specs: SpecDecl[]): Map<string, 'required' | 'optional' | undefined> {
  const says = new Map<string, boolean[]>();
  const add = (name: string, required: boolean) => {
    const list = says.get(name);
    if (list) list.push(required);
    else says.set(name, [required]);
  };
  if (contract.format === 'yaml') for (const c of contract.inputs) add(c.name, c.required);
  for (const s of specs) for (const d of s.dependencies) add(d.name, d.required);
  const out = new Map<string, 'required' | 'optional' | undefined>();
  for (const [name, list] of says) out.set(name, list.every((x) => x) ? 'required' : list.every((x) => !x) ? 'optional' : undefined);
  return out;
}

/** Is a declared default empty (or not given): what a `not value` test sees as absent? */
export function emptyDefault(defaultText: string | undefined): boolean {
  if (defaultText === undefined) return true;
  return /^(?:""|''|)$/.test(defaultText.trim());
}
