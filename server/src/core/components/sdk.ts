// Azure ML SDK v2 `command(...)` calls (read by python/script/idioms/components.ts)
// as contract declarations, the same as a command component in YAML. The SDK
// resolves a relative `code=` against the working directory the pipeline is
// submitted from, which the file does not say: the folders above the file are
// tried, nearest first, and the first that holds the program is the code
// folder.
import type { ChannelDecl, ComponentCall, ComponentCallChannel, ComponentInfo, ContractDecl, PlaceholderRef, PythonFacts } from '../facts';
import type { Direction } from '../model';
import { dirname, join } from '../paths';
import { positionsFrom, programOf, shellTokens, type ParsedCommand } from './command-line';
import { azureCode, componentContract } from './yaml';

export function sdkComponents(file: string, facts: PythonFacts): ContractDecl[] {
  const out: ContractDecl[] = [];
  const seen = new Map<string, number>();
  for (const call of facts.componentCalls ?? []) {
    // Two calls assigned to one name: both are components, told apart by their position.
    const n = (seen.get(call.name) ?? 0) + 1;
    seen.set(call.name, n);
    out.push(sdkContract(file, call, n));
  }
  return out;
}

function sdkContract(file: string, call: ComponentCall, n: number): ContractDecl {
  const refs: PlaceholderRef[] = [];
  let parsed: ParsedCommand;
  const cmd = call.command;
  if (cmd === undefined || cmd === 'unknown') {
    parsed = {
      unresolved: cmd === undefined ? 'it has no command=' : 'its command is computed',
      args: [],
      references: refs,
      complete: false,
      otherPrograms: false,
    };
  } else {
    const posAt = cmd.exact ? positionsFrom(cmd.text, cmd.start) : () => cmd.start;
    const { tokens, complete } = shellTokens(cmd.text, posAt, cmd.newlinesSeparate, refs);
    parsed = programOf(tokens, refs, complete);
  }
  const base = dirname(file);
  const component: ComponentInfo = {
    source: 'azureml-sdk',
    label: `Azure ML command() "${call.name}"`,
    baseDir: base,
    references: parsed.references,
    complete: parsed.complete && call.inputs !== 'unknown' && call.outputs !== 'unknown',
    commandRange: cmd && cmd !== 'unknown' ? cmd.range : call.range,
  };
  if (call.inputs === 'unknown' || call.outputs === 'unknown') component.channelsUnknown = true;
  if (parsed.otherPrograms) component.otherPrograms = true;
  const code = call.code;
  if (code === 'unknown') component.unresolved = 'its code folder is computed';
  else {
    const bases = code?.base === 'file' ? [base] : ancestors(base);
    Object.assign(component, azureCode(code?.path, parsed, bases));
  }
  return componentContract(
    file,
    {
      id: `${file}#${call.name}${n > 1 ? `#${n}` : ''}`,
      name: call.name,
      nameRange: call.nameRange,
      range: call.range,
      inputs: channels(call.inputs, 'input'),
      outputs: channels(call.outputs, 'output'),
      duplicates: [],
      parsed,
      component,
    },
    'python',
  );
}

function channels(list: ComponentCallChannel[] | 'unknown' | undefined, direction: Direction): ChannelDecl[] {
  if (!list || list === 'unknown') return [];
  return list.map((c) => ({ name: c.name, nameRange: c.nameRange, direction, required: c.required, type: c.type, range: c.range }));
}

/** The folder and every folder above it, nearest first. */
function ancestors(dir: string): string[] {
  const out = [dir];
  for (let d = dir, i = 0; i < 64; i++) {
    const up = dirname(d);
    if (up === d || up === '.') break;
    out.push(up);
    d = up;
  }
  return out.map((d) => join(d));
}
