// Completion of logical names, env vars, flags, paths and step types. The
// context comes from the text left of the cursor, not from the syntax tree,
// so it works on half-typed code (unterminated strings, missing brackets).
import type { Config } from '../config';
import type { ChannelDecl, ContractDecl } from '../facts';
import { contains, type Direction, type Position, type Range } from '../model';
import type { Project } from '../project';
import { conventionalPath } from '../rules/paths';
import { specChannels } from './symbols-at';

export interface CompletionEntry {
  label: string;
  kind: 'channel' | 'env' | 'flag' | 'path' | 'stepType';
  detail?: string;
  documentation?: string;
  /** Replaces the partial word inside the quotes. */
  range: Range;
  sortText?: string;
}

const esc = (names: string[]) => names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|') || '(?!)';

interface Context {
  what: 'channel' | 'env' | 'flag' | 'specChannel' | 'stepType' | 'contractPath' | 'componentChannel' | 'componentFlag';
  direction?: Direction;
  partial: string;
  /** The channel a path is being completed for, when the context knows it. */
  channel?: string;
}

function scriptContext(before: string, after: string, cfg: Config): Context | undefined {
  const q = `(["'])([^"']*)$`;
  const dicts = (dir: Direction) => esc(dir === 'input' ? cfg.inputAccessors : cfg.outputAccessors);
  const methods = (dir: Direction) => esc(dir === 'input' ? cfg.inputPathMethods : cfg.outputPathMethods);
  for (const dir of ['input', 'output'] as const) {
    let m = new RegExp(`\\b(?:${dicts(dir)})\\s*(?:\\[|\\.get\\(|\\.pop\\()\\s*${q}`).exec(before);
    if (!m) m = new RegExp(`\\.(?:${methods(dir)})\\(\\s*${q}`).exec(before);
    if (m) return { what: 'channel', direction: dir, partial: m[2] };
    // "X" in input_paths — the cursor is inside the string on the left.
    const left = /(["'])([^"']*)$/.exec(before);
    if (left && new RegExp(`^[^"']*["']\\s+(?:not\\s+)?in\\s+(?:${dicts(dir)})\\b`).test(after)) return { what: 'channel', direction: dir, partial: left[2] };
  }
  const env = new RegExp(`(?:\\b(?:os\\.)?environ\\s*(?:\\[|\\.get\\()|\\bgetenv\\(|\\b(?:${esc(cfg.envBridges)})\\s*(?:\\[|\\.get\\())\\s*${q}`).exec(before);
  if (env) return { what: 'env', partial: env[2] };
  const envIn = /(["'])([^"']*)$/.exec(before);
  if (envIn && /^[^"']*["']\s+(?:not\s+)?in\s+(?:os\.)?environ\b/.test(after)) return { what: 'env', partial: envIn[2] };
  const flag = new RegExp(`\\.add_argument\\(\\s*${q}`).exec(before);
  if (flag) return { what: 'flag', partial: flag[2] };
  return undefined;
}

export function complete(project: Project, file: string, text: string, pos: Position): CompletionEntry[] {
  const lines = text.split(/\r\n|\r|\n/);
  const line = lines[pos.line] ?? '';
  const before = line.slice(0, pos.character);
  const after = line.slice(pos.character);
  const cfg = project.files.get(file)?.config.config ?? project.rootConfig.config;
  const d = project.declarations();
  const isYaml = file.endsWith('.step.yaml') || file.endsWith('.step.yml');
  const contractsHere = d.contractsByFile.get(file) ?? [];
  const specsHere = d.specsByFile.get(file) ?? [];

  // Any other YAML file (the editor sends them all, since any may be a component) gets nothing.
  if (/\.ya?ml$/i.test(file) && !isYaml && !contractsHere.length) return [];
  let ctx: Context | undefined;
  const component = componentAt(contractsHere, pos);
  if (component) ctx = componentContext(before, contains(component.component!.commandRange, pos));
  if (ctx) {
    /* a component's command */
  } else if (isYaml) ctx = yamlContext(lines, pos, before);
  else if (specsHere.length || (/\b(?:DependencySpec|OutputSpec|StepSpecification)\b/.test(text) && /logical_name|compatible_sources/.test(before)))
    ctx = specContext(lines, pos, before, cfg);
  if (!ctx && contractsHere.length) ctx = contractContext(before);
  if (!ctx) ctx = scriptContext(before, after, cfg);
  if (!ctx) return [];
  const range: Range = { start: { line: pos.line, character: pos.character - ctx.partial.length }, end: pos };
  // Keep the closing quote, bracket or `}}` if one is already there.
  const restWord = (ctx.what === 'componentChannel' || ctx.what === 'componentFlag' ? /^[\w-]*/ : /^[^"'\s\]),]*/).exec(after)?.[0] ?? '';
  range.end = { line: pos.line, character: pos.character + restWord.length };

  switch (ctx.what) {
    case 'componentChannel': {
      const c = component!;
      const list = ctx.direction === 'output' ? c.outputs : c.inputs;
      return list.map((ch, i) => ({
        label: ch.name,
        kind: 'channel' as const,
        detail: ch.type ? `${ch.direction} (${ch.type})` : ch.direction,
        documentation: `${ch.direction} of ${c.component!.label}${ch.required ? '' : ' (optional)'}${ch.description ? ` — ${ch.description}` : ''}`,
        range,
        sortText: String(i).padStart(4, '0'),
      }));
    }
    case 'componentFlag': {
      // The options of the program's parser, as it spells them.
      const c = component!;
      const script = project.scriptsOf(c)[0];
      const facts = script ? project.files.get(script)?.facts : undefined;
      if (facts?.format !== 'python') return [];
      const passed = new Set(c.arguments.map((a) => a.flag));
      return facts.script.argFlags
        .filter((f) => !f.positional && !passed.has(f.flag))
        .map((f) => ({
          label: f.flag,
          kind: 'flag' as const,
          detail: f.required ? 'required argument' : 'argument',
          documentation: `added in ${project.root ? script!.slice(project.root.length + 1) : script}`,
          range,
        }));
    }
    case 'channel': {
      const contract = project.contractsOf(file)[0];
      if (!contract) return [];
      return channelItems(project, contract, ctx.direction!, range);
    }
    case 'env': {
      const contract = project.contractsOf(file)[0];
      if (!contract) return [];
      return [
        ...contract.requiredEnv.map((e) => ({
          label: e.name,
          kind: 'env' as const,
          detail: 'required env var',
          documentation: `Required by ${contract.name}.`,
          range,
          sortText: `0${e.name}`,
        })),
        ...contract.optionalEnv.map((e) => ({
          label: e.name,
          kind: 'env' as const,
          detail: `optional env var (default ${e.defaultText ?? 'none'})`,
          documentation: `Optional in ${contract.name}; default \`${e.defaultText ?? 'none'}\`.`,
          range,
          sortText: `1${e.name}`,
        })),
        // A training step's channels, as the variables the platform sets for them (`SM_CHANNEL_TRAIN`).
        ...contract.inputs.flatMap((c) =>
          c.env
            ? [
                {
                  label: c.env,
                  kind: 'env' as const,
                  detail: `training channel "${c.name}"`,
                  documentation: `The folder of channel \`${c.name}\` (\`${c.path}\`), set by SageMaker for ${contract.name}.`,
                  range,
                  sortText: `2${c.env}`,
                },
              ]
            : [],
        ),
      ];
    }
    case 'flag': {
      // The source's own spelling: a contract's (`--job_type`), or a component's command's, which argparse
      // matches exactly; not the normalised name the checks compare (`job-type`). A script a pipeline runs: the flags of every step that runs it (steps may pass it
      // different ones), as the step passes them (argparse does not equate `_` and `-`).
      const all = project.contractsOf(file);
      const contracts = all[0]?.format === 'sdk' ? all.filter((c) => c.format === 'sdk') : all.slice(0, 1);
      const seen = new Set<string>();
      const out: CompletionEntry[] = [];
      for (const contract of contracts)
        for (const a of contract.arguments) {
          const label = a.flag ?? `--${a.name}`;
          if (seen.has(label)) continue;
          seen.add(label);
          const sdk = contract.format === 'sdk';
          const detail = !sdk ? 'declared argument' : contract.training ? `hyperparameter of ${contract.name}` : `argument ${contract.name} passes`;
          const documentation = sdk
            ? `${contract.training ? 'SageMaker passes hyperparameter' : 'The step passes'} \`${label}\`${a.defaultText !== undefined ? ` with the value \`${a.defaultText}\`` : ''}; argparse exits on a flag its parser does not add.`
            : a.defaultText;
          out.push({ label, kind: 'flag', detail, documentation, range });
        }
      return out;
    }
    case 'specChannel': {
      const spec = specsHere.find((s) => d.contractOfSpec.has(s.id)) ?? specsHere[0];
      // A spec that never parsed yet (a new file being typed) has no declaration: its script_contract= names the contract.
      const named = spec ? undefined : /\bscript_contract\s*=\s*(?:[A-Za-z_][\w]*\.)*([A-Za-z_]\w*)/.exec(text)?.[1];
      const contract = spec ? d.contractOfSpec.get(spec.id) : named ? d.contracts.find((c) => c.format === 'python' && c.name === named) : undefined;
      if (!contract) return [];
      const list = ctx.direction === 'output' ? contract.outputs : contract.inputs;
      return list.map((c) => ({ label: c.name, kind: 'channel' as const, detail: c.path, documentation: `${c.direction} of ${contract.name}`, range }));
    }
    case 'stepType':
      return [...d.specsByStepType.keys()].sort().map((t) => ({
        label: t,
        kind: 'stepType' as const,
        detail: 'step type',
        documentation: (d.specsByStepType.get(t) ?? []).map((s) => s.name).join(', '),
        range,
      }));
    case 'contractPath': {
      const contract = contractsHere[0];
      const name = ctx.channel ?? (ctx.partial === '' ? currentKey(before) : undefined);
      const dir = ctx.direction ?? 'input';
      const p = conventionalPath(dir, name ?? 'name', !!contract?.training);
      return [{ label: p, kind: 'path', detail: `conventional ${dir} path`, range }];
    }
  }
}

function channelItems(project: Project, contract: ContractDecl, dir: Direction, range: Range): CompletionEntry[] {
  const list: ChannelDecl[] = dir === 'input' ? contract.inputs : contract.outputs;
  return list.map((c, i) => {
    const specs = specChannels(project, contract, dir, c.name);
    const docs = specs.map(
      ({ spec, channel }) =>
        `- spec \`${spec.name}\`: ${[channel.type, channel.required ? 'required' : 'optional'].filter(Boolean).join(', ')}${channel.description ? ` — ${channel.description}` : ''}`,
    );
    return {
      label: c.name,
      kind: 'channel' as const,
      detail: c.path,
      documentation: [`${dir} channel of \`${contract.name}\`${c.path ? ` at \`${c.path}\`` : ''}`, ...docs].join('\n'),
      range,
      sortText: String(i).padStart(4, '0'),
    };
  });
}

/** The component in this file whose declaration holds the position (a pipeline job's, the innermost). */
function componentAt(contracts: ContractDecl[], pos: Position): ContractDecl | undefined {
  const around = contracts.filter((c) => c.component && contains(c.range, pos));
  return around.sort((a, b) => a.range.start.line - b.range.start.line).pop();
}

/** Inside a component's command: `${{inputs.|`, `{inputPath: |`, or a flag being typed. */
function componentContext(before: string, inCommand: boolean): Context | undefined {
  const azure = /\$\{\{\s*(inputs|outputs)\.([\w-]*)$/.exec(before);
  if (azure) return { what: 'componentChannel', direction: azure[1] === 'outputs' ? 'output' : 'input', partial: azure[2] };
  const kfp = /\{\s*(inputValue|inputPath|inputUri|isPresent|outputPath|outputUri)\s*:\s*([^,{}\]]*)$/.exec(before);
  if (kfp) return { what: 'componentChannel', direction: kfp[1].startsWith('output') ? 'output' : 'input', partial: kfp[2].trimStart() };
  const flag = /(?:^|[\s,["'])(--?[\w-]*)$/.exec(before);
  if (flag && (inCommand || /\b(?:command|args)\b|\$\{\{|python/.test(before))) return { what: 'componentFlag', partial: flag[1] };
  return undefined;
}

function currentKey(before: string): string | undefined {
  return /["']([^"']+)["']\s*:\s*["']?$/.exec(before)?.[1];
}

function contractContext(before: string): Context | undefined {
  // "NAME": "|  inside expected_input_paths / expected_output_paths
  const m = /["'][^"']+["']\s*:\s*(["'])([^"']*)$/.exec(before);
  if (!m) return undefined;
  return { what: 'contractPath', partial: m[2] };
}

function specContext(lines: string[], pos: Position, before: string, _cfg: Config): Context | undefined {
  const q = `(["'])([^"']*)$`;
  const ln = new RegExp(`\\blogical_name\\s*=\\s*${q}`).exec(before);
  if (ln) {
    // Which constructor are we in? The nearest DependencySpec( / OutputSpec( above the cursor.
    const upTo = lines.slice(Math.max(0, pos.line - 30), pos.line).join('\n') + '\n' + before;
    const dep = upTo.lastIndexOf('DependencySpec(');
    const out = upTo.lastIndexOf('OutputSpec(');
    return { what: 'specChannel', direction: out > dep ? 'output' : 'input', partial: ln[2] };
  }
  const cs = new RegExp(`\\bcompatible_sources\\s*=\\s*\\[[^\\]]*${q}`).exec(before);
  if (cs) return { what: 'stepType', partial: cs[2] };
  // A compatible_sources list spanning lines: look for an open `compatible_sources=[` above.
  const str = /(["'])([^"']*)$/.exec(before);
  if (str) {
    for (let l = pos.line - 1; l >= Math.max(0, pos.line - 10); l--) {
      const t = lines[l];
      if (/\bcompatible_sources\s*=\s*\[/.test(t) && !/\]/.test(t.slice(t.indexOf('compatible_sources')))) return { what: 'stepType', partial: str[2] };
      if (/\]|\)/.test(t)) break;
    }
  }
  return undefined;
}

function yamlContext(lines: string[], pos: Position, before: string): Context | undefined {
  const indent = (s: string) => s.length - s.trimStart().length;
  // Walk up to find the parent keys of the cursor's line.
  const parents: string[] = [];
  let cur = before.trim() === '' ? before.length : indent(lines[pos.line] ?? '');
  for (let l = pos.line - 1; l >= 0 && cur > 0; l--) {
    const t = lines[l];
    if (!t.trim() || t.trimStart().startsWith('#')) continue;
    const i = indent(t);
    if (i < cur) {
      const key = /^\s*-?\s*([\w.-]+)\s*:/.exec(t)?.[1];
      if (key) parents.unshift(key);
      cur = i;
    }
  }
  const path = parents.join('.');
  const partial = /([\w.-]*)$/.exec(before)?.[1] ?? '';
  if (/^\s*path\s*:\s*\S*$/.test(before) && /^contract\.(inputs|outputs)\./.test(path + '.')) {
    const dir: Direction = path.startsWith('contract.outputs') ? 'output' : 'input';
    return { what: 'contractPath', direction: dir, partial: /:\s*(\S*)$/.exec(before)?.[1] ?? '', channel: parents[parents.length - 1] };
  }
  if (/^\s*[\w.-]*$/.test(before) && (path === 'spec.dependencies' || path === 'spec.outputs')) {
    return { what: 'specChannel', direction: path === 'spec.outputs' ? 'output' : 'input', partial };
  }
  if (/compatible_sources/.test(path) || /compatible_sources\s*:\s*\[[^\]]*$/.test(before)) return { what: 'stepType', partial };
  return undefined;
}
