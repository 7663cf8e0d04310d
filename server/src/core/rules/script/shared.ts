// What the script rules share: how the script reads channels (for fixes in its
// own style), edits that declare a channel in the contract, and literal forms.
import type { ChannelDecl, ContractDecl, ScriptFacts } from '../../facts';
import type { Direction, RelatedInformation, TextEdit } from '../../model';
import type { RuleContext } from '../context';
import { insertEntry, pyString } from '../edits';

export function related(c: ContractDecl, ch: ChannelDecl | undefined, ctx: RuleContext, what: string): RelatedInformation[] {
  return [{ location: { file: c.file, range: ch?.nameRange ?? c.nameRange }, message: `${what} in ${ctx.contractLabel(c)}` }];
}

export function claimingContract(c: ContractDecl): RelatedInformation[] {
  return [{ location: { file: c.file, range: c.nameRange }, message: 'the contract that claims this script' }];
}

export function channelsOf(c: ContractDecl, dir: Direction): ChannelDecl[] {
  return dir === 'input' ? c.inputs : c.outputs;
}

/** How the script reads channels: dict accessors or runtime methods (fix-style "auto" follows the script). */
export function accessorStyle(ctx: RuleContext, script: ScriptFacts): { kind: 'dict' } | { kind: 'method'; receiver: string } {
  const style = ctx.config.fixStyle;
  const receiver = script.methodReceivers[0];
  if (style === 'method' || (style === 'auto' && receiver && !script.channelReads.some((r) => r.via !== 'method'))) {
    return { kind: 'method', receiver: receiver ?? 'runtime' };
  }
  return { kind: 'dict' };
}

/** `avoidQuote` is a string delimiter the text must not use (the enclosing f-string's, inside its braces). */
export function accessorText(ctx: RuleContext, script: ScriptFacts, dir: Direction, key: string, dictName?: string, avoidQuote?: string): string {
  const style = accessorStyle(ctx, script);
  const q = avoidQuote === '"' ? "'" : '"';
  if (style.kind === 'method') {
    const method = dir === 'input' ? ctx.config.inputPathMethods[0] : ctx.config.outputPathMethods[0];
    return `${style.receiver}.${method}(${pyString(key, q)})`;
  }
  const dict = dictName ?? (dir === 'input' ? ctx.config.inputAccessors[0] : ctx.config.outputAccessors[0]);
  return `${dict}[${pyString(key, q)}]`;
}

/** The edit that declares a channel in the contract, in the contract's own format. */
export function declareChannelEdit(contract: ContractDecl, dir: Direction, name: string, path: string): TextEdit | undefined {
  const anchor = dir === 'input' ? contract.anchors.inputs : contract.anchors.outputs;
  if (!anchor) return undefined;
  const value = anchor.style === 'yaml-map' ? `{ path: ${path} }` : pyString(path);
  return insertEntry(contract.file, anchor, name, value);
}

/** Every key the entry block puts into the env bridge: its literal's keys, stores (`bridge[K] = ...`) and loops. */
export function bridgedKeys(script: ScriptFacts): Set<string> {
  const out = new Set(script.bridgeLiterals.flatMap((b) => b.keys.map((k) => k.key)));
  for (const k of script.bridgeKeys ?? []) out.add(k.key);
  return out;
}

export function normalisePath(p: string): string {
  return p.replace(/\/+$/, '');
}

/** A default's text as a Python literal: kept when it is one, quoted otherwise. */
export function pyDefault(text: string): string {
  return /^(['"]).*\1$/s.test(text) || /^-?\d+(\.\d+)?$/.test(text) || text === 'None' ? text : pyString(text);
}

export function yamlScalar(text: string): string {
  const m = /^(['"])(.*)\1$/s.exec(text);
  return JSON.stringify(m ? m[2] : text);
}
