// SageMaker Python SDK steps (python/sdk/extract.ts) as contract declarations:
// each step that runs a script becomes a ContractDecl of format `sdk`, so the
// existing rules, completion, hover and definition apply to it unchanged. What a
// step leaves open (a computed input list, a hyperparameter dict from a config)
// travels in `sdk`, and the rules that judge absence stay quiet about it.
import { spanRange, type ChannelDecl, type ContractDecl, type NamedDecl, type PythonFacts, type SdkChannelFact, type SdkStepFact } from './facts';
import { dirname, join } from './paths';
import { isUnder } from './rules/paths';
import { normaliseFlag } from './yaml/extract';

export function sdkDeclarations(file: string, facts: PythonFacts): ContractDecl[] {
  const sdk = facts.sdk;
  if (!sdk) return [];
  const out: ContractDecl[] = [];
  const ids = new Set<string>();
  for (const step of sdk.steps) {
    const c = contractOf(file, step);
    // Two steps bound to one name (an if/else building either): keep both, under distinct ids.
    let id = c.id;
    for (let i = 2; ids.has(id); i++) id = `${c.id}~${i}`;
    ids.add(id);
    c.id = id;
    out.push(c);
  }
  // JsonGet paths belong to the step whose property file they read.
  for (const jg of sdk.jsonGets) {
    const pf = sdk.propertyFiles.find((p) => jg.propertyFile !== undefined && (p.variable === jg.propertyFile || p.name === jg.propertyFile));
    const owner = out.find(
      (c) =>
        (jg.step !== undefined && c.sdk?.variable === jg.step) ||
        (jg.stepName !== undefined && c.sdk?.stepName === jg.stepName) ||
        (jg.step === undefined && jg.stepName === undefined && pf?.variable !== undefined && stepOf(sdk.steps, c)?.propertyFiles.includes(pf.variable)),
    );
    if (!owner || !pf) continue;
    owner.sdk!.jsonGets.push({ jsonPath: jg.jsonPath, range: spanRange(jg.range), outputName: pf.outputName, fileName: pf.path });
  }
  return out;
}

function stepOf(steps: SdkStepFact[], c: ContractDecl): SdkStepFact | undefined {
  return steps.find((s) => s.variable === c.sdk?.variable && spanRange(s.range).start.line === c.range.start.line);
}

function contractOf(file: string, step: SdkStepFact): ContractDecl {
  const training = step.kind === 'training';
  const label = step.name ?? step.variable ?? step.className;
  const scriptRef: ContractDecl['scriptRef'] = step.script
    ? step.script.resolve === 'definition'
      ? { path: join(dirname(file), step.script.value) }
      : step.script.resolve === 's3'
        ? { unique: true }
        : { suffix: step.script.value }
    : undefined;
  // The flags reach argparse exactly as the step writes them (a hyperparameter `batch_size` is `--batch_size`).
  const args: NamedDecl[] = step.arguments.map((a) => ({
    name: normaliseFlag(a.name),
    range: spanRange(a.range),
    defaultText: a.value,
    flag: a.name,
    passed: a.name,
  }));
  const channel = (ch: SdkChannelFact, direction: 'input' | 'output'): ChannelDecl => {
    const decl: ChannelDecl = {
      name: ch.name,
      nameRange: spanRange(ch.nameRange),
      direction,
      path: ch.path,
      // A training channel's folder is the platform's layout, not written in the definition.
      pathRange: ch.pathRange ? spanRange(ch.pathRange) : undefined,
      required: true,
      range: spanRange(ch.range),
    };
    if (ch.derived) decl.derived = true;
    if (training && direction === 'input') decl.env = `SM_CHANNEL_${ch.name.toUpperCase().replace(/-/g, '_')}`;
    // The path handed to the script as a flag's value: the script reads the channel through that flag.
    const passed = ch.path !== undefined ? step.arguments.find((a) => a.value?.startsWith('/') && covers(a.value, ch.path!)) : undefined;
    if (passed) decl.passedAs = normaliseFlag(passed.name);
    return decl;
  };
  const inputs = step.inputs.map((ch) => channel(ch, 'input'));
  const outputs = step.outputs.map((ch) => channel(ch, 'output'));
  const duplicates: ContractDecl['duplicates'] = [];
  for (const [list, mapping] of [
    [step.inputs, 'inputs'],
    [step.outputs, 'outputs'],
  ] as const) {
    const seen = new Map<string, SdkChannelFact>();
    for (const ch of list) {
      const first = seen.get(ch.name);
      if (first && !ch.derived) duplicates.push({ name: ch.name, range: spanRange(ch.nameRange), firstRange: spanRange(first.nameRange), mapping });
      else seen.set(ch.name, ch);
    }
  }
  const joins = [...step.inputs, ...step.outputs].flatMap((ch) =>
    ch.osJoin && ch.path !== undefined ? [{ channel: ch.name, path: ch.path, range: spanRange(ch.osJoin.range), allLiteral: ch.osJoin.allLiteral }] : [],
  );
  return {
    id: `${file}#${step.variable ?? label}`,
    file,
    name: label,
    nameRange: spanRange(step.nameRange),
    range: spanRange(step.range),
    format: 'sdk',
    className: step.className,
    training,
    entryPoint: step.script ? { value: step.script.value, range: spanRange(step.script.range) } : undefined,
    scriptRef,
    inputs,
    outputs,
    requiredEnv: [],
    // What the step sets in the job's environment: declared, but a variable the script ignores is harmless.
    optionalEnv: step.env.map((e) => ({ name: e.name, range: spanRange(e.range), defaultText: e.value !== undefined ? JSON.stringify(e.value) : undefined })),
    arguments: args,
    // A step whose arguments (or hyperparameters) are all static passes exactly these: a flag the script
    // requires that is not among them is never passed.
    ...(step.argumentsOpen || (training && !step.scriptMode) ? {} : { argumentsComplete: true as const }),
    duplicates,
    keywords: [],
    anchors: {},
    sdk: {
      variable: step.variable,
      stepName: step.name,
      ...(step.inputsOpen ? { inputsOpen: true as const } : {}),
      ...(step.outputsOpen ? { outputsOpen: true as const } : {}),
      ...(step.envOpen ? { envOpen: true as const } : {}),
      ...(step.distributed ? { distributed: true as const } : {}),
      ...(step.argumentsOpen ? { argumentsOpen: true as const } : {}),
      edges: step.inputs.flatMap((ch) =>
        ch.from ? [{ input: ch.name, fromStep: ch.from.step, fromOutput: ch.from.output, range: spanRange(ch.from.range) }] : [],
      ),
      jsonGets: [],
      joins,
    },
  };
}

function covers(a: string, b: string): boolean {
  return isUnder(a, b) || isUnder(b, a);
}
