// SageMaker Python SDK pipeline definitions: the steps a file builds
// (ProcessingStep, TrainingStep, TuningStep, or a processor's run() / an
// estimator's fit() called directly), with their scripts, channels, env vars and
// arguments, as far as they are statically certain. Definitions build steps
// inside functions (`get_pipeline(...)`), so this reads the whole file: every
// simple assignment is a binding, resolved at a use to the latest one before it
// in the same function (or at module level). Anything computed stays unknown,
// and the step says so (`inputsOpen`, `argumentsOpen`, ...), which silences the
// checks that depend on it. Never recursive on user-controlled depth beyond
// MAX_DEPTH.
import type { SdkChannelFact, SdkFacts, SdkStepFact, Span } from '../../facts';
import type { SyntaxNode } from '../parser';
import { dottedName, spanOf, stringValue } from '../syntax';

/** Words that make a file a possible SDK definition (also the partial parse's hits: vocabulary.ts). */
export const SDK_WORDS = ['ProcessingStep', 'TrainingStep', 'TuningStep', 'ProcessingInput', 'ProcessingOutput', 'TrainingInput', 'JsonGet', 'PropertyFile'];
const RUNNER_WORDS = /\b(?:\w*Processor|Estimator|SKLearn|PyTorch|TensorFlow|XGBoost|HuggingFace|MXNet|Chainer)\s*\(/;

/** Does the text look like an SDK pipeline definition (cheap, before parsing)? */
export function maySdk(text: string): boolean {
  return /\bsagemaker\b/.test(text) && (SDK_WORDS.some((w) => text.includes(w)) || RUNNER_WORDS.test(text));
}

const MAX_DEPTH = 12;
const STEP_CLASSES = new Set(['ProcessingStep', 'TrainingStep', 'TuningStep']);
const ESTIMATORS = /^(Estimator|Framework|SKLearn|PyTorch|TensorFlow|XGBoost|HuggingFace|MXNet|Chainer|RLEstimator|AlgorithmEstimator)$/;
const PROCESSORS = /^\w*Processor$/;
const BASE_DIR_TEXT =
  /^(?:os\.path\.)?dirname\((?:(?:os\.path\.)?(?:realpath|abspath)\()?__file__\)?\)$|^(?:str\()?(?:pathlib\.)?Path\(__file__\)(?:\.(?:resolve|absolute)\(\))?\.parent\)?$/;

type Resolved = { kind: 'str'; value: string; node: SyntaxNode } | { kind: 'node'; node: SyntaxNode };

/** A local file path as the definition names it. */
type LocalPath = { value: string; resolve: 'definition' | 'cwd' | 's3' };

export function extractSdk(root: SyntaxNode, text: string): SdkFacts | undefined {
  if (!maySdk(text)) return undefined;
  const reader = new SdkReader(root);
  const facts = reader.run();
  return facts.steps.length || facts.jsonGets.length ? facts : undefined;
}

class SdkReader {
  /** name → the right-hand sides assigned to it, in file order. */
  private readonly bindings = new Map<string, SyntaxNode[]>();
  private readonly calls: SyntaxNode[] = [];
  /** Calls that are part of a step (its step_args), not jobs of their own. */
  private readonly consumed = new Set<number>();

  constructor(root: SyntaxNode) {
    for (const a of root.descendantsOfType('assignment')) {
      const left = a?.childForFieldName('left');
      const right = a?.childForFieldName('right');
      if (left?.type !== 'identifier' || !right) continue;
      const list = this.bindings.get(left.text) ?? [];
      list.push(right);
      this.bindings.set(left.text, list);
    }
    for (const c of root.descendantsOfType('call')) if (c) this.calls.push(c);
  }

  run(): SdkFacts {
    const steps: SdkStepFact[] = [];
    for (const call of this.calls) {
      const cls = shortCallee(call);
      if (!cls || !STEP_CLASSES.has(cls)) continue;
      const step = cls === 'ProcessingStep' ? this.processingStep(call) : this.trainingStep(call, cls);
      if (step) steps.push(step);
    }
    // A processor's run() or an estimator's fit() that no step wraps: a job started from the definition.
    for (const call of this.calls) {
      if (this.consumed.has(call.startIndex)) continue;
      const fn = call.childForFieldName('function');
      if (fn?.type !== 'attribute') continue;
      const attr = fn.childForFieldName('attribute')?.text;
      if (attr !== 'run' && attr !== 'fit') continue;
      const runner = this.constructorOf(fn.childForFieldName('object'), call);
      if (!runner) continue;
      const rc = shortCallee(runner)!;
      if (attr === 'run' && PROCESSORS.test(rc)) {
        const step = this.processingFrom(call, `${rc}.run`, kwargsOf(call), runner);
        if (step) steps.push(step);
      } else if (attr === 'fit' && ESTIMATORS.test(rc)) {
        const step = this.trainingFrom(call, `${rc}.fit`, call, runner);
        if (step) steps.push(step);
      }
    }
    const propertyFiles: SdkFacts['propertyFiles'] = [];
    const jsonGets: SdkFacts['jsonGets'] = [];
    for (const call of this.calls) {
      const cls = shortCallee(call);
      if (cls === 'PropertyFile') {
        const kw = kwargsOf(call);
        propertyFiles.push({
          variable: assignedName(call),
          name: this.str(kw.get('name'), call),
          outputName: this.str(kw.get('output_name'), call),
          path: this.str(kw.get('path'), call),
          range: spanOf(call),
        });
      } else if (cls === 'JsonGet') {
        const kw = kwargsOf(call);
        const jp = kw.get('json_path');
        const path = jp ? this.resolve(jp, call) : undefined;
        if (!jp || path?.kind !== 'str') continue;
        const stepNode = kw.get('step_name') ?? kw.get('step');
        let step: string | undefined;
        let stepName: string | undefined;
        if (stepNode?.type === 'attribute' && stepNode.childForFieldName('attribute')?.text === 'name') step = dottedName(stepNode.childForFieldName('object'));
        else if (stepNode?.type === 'identifier' && kw.has('step')) step = stepNode.text;
        else if (stepNode) stepName = this.str(stepNode, call);
        const pf = kw.get('property_file');
        jsonGets.push({
          step,
          stepName,
          propertyFile: pf?.type === 'identifier' ? pf.text : pf ? this.str(pf, call) : undefined,
          jsonPath: path.value,
          range: spanOf(jp),
        });
      }
    }
    return { steps, propertyFiles, jsonGets };
  }

  // ---- resolution -------------------------------------------------------------------------------

  /** The latest binding of `name` before `at` in at's function; else the module's (its last one, seen from a function). */
  private binding(name: string, at: SyntaxNode): SyntaxNode | undefined {
    const list = this.bindings.get(name);
    if (!list) return undefined;
    const scope = enclosingFunction(at)?.startIndex;
    let local: SyntaxNode | undefined;
    let module: SyntaxNode | undefined;
    for (const rhs of list) {
      const s = enclosingFunction(rhs)?.startIndex;
      if (s !== undefined && s === scope && rhs.startIndex < at.startIndex) local = rhs;
      else if (s === undefined && (scope !== undefined || rhs.startIndex < at.startIndex)) module = rhs;
    }
    return local ?? module;
  }

  /** Follows names (and `x.attr` of a call's keyword, as `run_args.code`) to the expression they hold. */
  private resolve(node: SyntaxNode | null | undefined, at: SyntaxNode, depth = 0): Resolved | undefined {
    if (!node || depth > MAX_DEPTH) return undefined;
    if (node.type === 'parenthesized_expression') return this.resolve(node.namedChild(0), at, depth + 1);
    if (node.type === 'string' || node.type === 'concatenated_string') {
      const s = stringValue(node);
      if (s && !s.fstring) return { kind: 'str', value: s.value, node };
      return { kind: 'node', node };
    }
    if (node.type === 'identifier') {
      const b = this.binding(node.text, at);
      return b ? (this.resolve(b, b, depth + 1) ?? { kind: 'node', node: b }) : undefined;
    }
    if (node.type === 'attribute') {
      // `run_args.code`: the keyword of the call the object holds (get_run_args(code=...)).
      const obj = this.resolve(node.childForFieldName('object'), at, depth + 1);
      const attr = node.childForFieldName('attribute')?.text;
      if (obj?.kind === 'node' && obj.node.type === 'call' && attr && /get_run_args$/.test(dottedName(obj.node.childForFieldName('function')) ?? '')) {
        const map: Record<string, string> = { code: 'code', inputs: 'inputs', outputs: 'outputs', arguments: 'arguments' };
        const kw = kwargsOf(obj.node).get(map[attr] ?? attr);
        return kw ? this.resolve(kw, obj.node, depth + 1) : undefined;
      }
      return { kind: 'node', node };
    }
    return { kind: 'node', node };
  }

  private str(node: SyntaxNode | null | undefined, at: SyntaxNode): string | undefined {
    const r = this.resolve(node, at);
    return r?.kind === 'str' ? r.value : undefined;
  }

  /** The constructor call a receiver was built by (`processor = SKLearnProcessor(...)`). */
  private constructorOf(node: SyntaxNode | null | undefined, at: SyntaxNode): SyntaxNode | undefined {
    const r = this.resolve(node, at);
    if (r?.kind !== 'node' || r.node.type !== 'call') return undefined;
    const cls = shortCallee(r.node);
    return cls && /^[A-Z]/.test(cls) ? r.node : undefined;
  }

  /** Is the expression the definition file's own folder (`os.path.dirname(os.path.realpath(__file__))`)? */
  private isBaseDir(node: SyntaxNode | null | undefined, at: SyntaxNode, depth = 0): boolean {
    if (!node || depth > MAX_DEPTH) return false;
    if (BASE_DIR_TEXT.test(node.text.replace(/\s+/g, ''))) return true;
    if (node.type === 'identifier') {
      const b = this.binding(node.text, at);
      return !!b && this.isBaseDir(b, b, depth + 1);
    }
    return false;
  }

  /** A local file or folder path: BASE_DIR joins, relative literals, s3 URIs, upload_data(local) results. */
  private localPath(node: SyntaxNode | null | undefined, at: SyntaxNode, depth = 0): LocalPath | undefined {
    if (!node || depth > MAX_DEPTH) return undefined;
    if (this.isBaseDir(node, at)) return { value: '', resolve: 'definition' };
    switch (node.type) {
      case 'parenthesized_expression':
        return this.localPath(node.namedChild(0), at, depth + 1);
      case 'identifier': {
        const b = this.binding(node.text, at);
        return b ? this.localPath(b, b, depth + 1) : undefined;
      }
      case 'attribute': {
        // `run_args.code`: what get_run_args was given.
        const r = this.resolve(node, at);
        return r && r.node !== node ? this.localPath(r.node, r.node, depth + 1) : undefined;
      }
      case 'string':
      case 'concatenated_string': {
        const s = stringValue(node);
        if (s && !s.fstring) return s.value.startsWith('s3://') ? s3Base(s.value) : { value: s.value.replace(/^\.\//, ''), resolve: 'cwd' };
        return this.fstringPath(node, at, depth);
      }
      case 'call': {
        const fn = dottedName(node.childForFieldName('function')) ?? '';
        const args = positional(node);
        if (/(^|\.)(path\.)?join$/.test(fn) && !/\bstr\b/.test(fn) && args.length) {
          let acc: LocalPath | undefined;
          for (const a of args) {
            const part = this.localPath(a, at, depth + 1);
            if (!part) return undefined;
            if (!acc) acc = part;
            else if (part.resolve !== 'cwd' || part.value.startsWith('/')) return undefined;
            else acc = { value: acc.value ? `${acc.value.replace(/\/$/, '')}/${part.value}` : part.value, resolve: acc.resolve };
          }
          return acc;
        }
        // `session.upload_data(path=LOCAL, ...)` / `S3Uploader.upload(LOCAL, ...)`: the s3 copy of a local file.
        if (/(^|\.)(upload_data|upload)$/.test(fn))
          return this.localPath(kwargsOf(node).get('path') ?? kwargsOf(node).get('local_path') ?? args[0], at, depth + 1);
        if (/^(str|os\.fspath)$/.test(fn) && args.length === 1) return this.localPath(args[0], at, depth + 1);
        return undefined;
      }
      case 'binary_operator': {
        const op = node.childForFieldName('operator')?.type;
        const l = this.localPath(node.childForFieldName('left'), at, depth + 1);
        const r = this.localPath(node.childForFieldName('right'), at, depth + 1);
        if (!l || !r || r.resolve !== 'cwd') return undefined;
        if (op === '+') return { value: (l.value + r.value).replace(/^\//, l.resolve === 'definition' && !l.value ? '' : '/'), resolve: l.resolve };
        if (op === '/') return { value: l.value ? `${l.value}/${r.value}` : r.value, resolve: l.resolve };
        return undefined;
      }
    }
    return undefined;
  }

  /** `f"{BASE_DIR}/x.py"` and `f"s3://{bucket}/code/x.py"`. */
  private fstringPath(node: SyntaxNode, at: SyntaxNode, depth: number): LocalPath | undefined {
    if (node.type !== 'string') return undefined;
    const parts = node.children.filter((c): c is SyntaxNode => !!c && (c.type === 'string_content' || c.type === 'interpolation'));
    const text = node.text.replace(/^[rRbBfFuU]*(["']{1,3})/, '');
    if (/^s3:\/\//.test(text)) {
      const last = parts[parts.length - 1];
      if (last?.type !== 'string_content') return undefined;
      const m = /\/([^/{}]+)$/.exec(last.text);
      return m ? { value: m[1], resolve: 's3' } : undefined;
    }
    const first = parts[0];
    if (first?.type !== 'interpolation' || parts.length !== 2 || parts[1].type !== 'string_content') return undefined;
    const expr = first.namedChildren.find((c) => c && c.type !== 'format_specifier' && c.type !== 'type_conversion');
    const base = expr ? this.localPath(expr, at, depth + 1) : undefined;
    if (!base) return undefined;
    const rest = parts[1].text.replace(/^\//, '');
    return { value: base.value ? `${base.value}/${rest}` : rest, resolve: base.resolve };
  }

  // ---- steps ------------------------------------------------------------------------------------

  private processingStep(call: SyntaxNode): SdkStepFact | undefined {
    const kw = kwargsOf(call);
    const stepArgs = this.resolve(kw.get('step_args'), call);
    if (stepArgs?.kind === 'node' && stepArgs.node.type === 'call') {
      const runCall = stepArgs.node;
      this.consumed.add(runCall.startIndex);
      const fn = runCall.childForFieldName('function');
      const runner = fn?.type === 'attribute' ? this.constructorOf(fn.childForFieldName('object'), runCall) : undefined;
      return this.processingFrom(call, 'ProcessingStep', kwargsOf(runCall), runner, runCall);
    }
    if (kw.has('step_args')) return this.unknownStep(call, 'processing', 'ProcessingStep');
    const runner = this.constructorOf(kw.get('processor'), call);
    const legacy = new Map(kw);
    if (kw.has('job_arguments')) legacy.set('arguments', kw.get('job_arguments')!);
    // `code=run_args.code` of `run_args = processor.get_run_args(code=..., source_dir=...)`: the script is that call's.
    const code = kw.get('code');
    if (code?.type === 'attribute') {
      const held = this.resolve(code.childForFieldName('object'), call);
      if (held?.kind === 'node' && held.node.type === 'call' && /get_run_args$/.test(dottedName(held.node.childForFieldName('function')) ?? '')) {
        for (const [k, v] of kwargsOf(held.node)) if (k === 'source_dir' || k === 'git_config') legacy.set(k, v);
      }
    }
    return this.processingFrom(call, 'ProcessingStep', legacy, runner);
  }

  /** A step whose arguments are not static: known by name only, every check of it quiet. */
  private unknownStep(call: SyntaxNode, kind: SdkStepFact['kind'], className: string): SdkStepFact {
    const kw = kwargsOf(call);
    const nameNode = kw.get('name');
    const name = this.str(nameNode, call);
    return {
      kind,
      className,
      variable: assignedName(call),
      name,
      nameRange: spanOf(nameNode && name !== undefined ? nameNode : (call.childForFieldName('function') ?? call)),
      range: spanOf(call),
      inputs: [],
      outputs: [],
      inputsOpen: true,
      outputsOpen: true,
      env: [],
      envOpen: true,
      arguments: [],
      argumentsOpen: true,
      propertyFiles: [],
    };
  }

  private processingFrom(
    stepCall: SyntaxNode,
    className: string,
    kw: Map<string, SyntaxNode>,
    runner: SyntaxNode | undefined,
    runCall?: SyntaxNode,
  ): SdkStepFact | undefined {
    const at = runCall ?? stepCall;
    const step = this.unknownStep(stepCall, 'processing', className);
    const runnerClass = runner ? shortCallee(runner) : undefined;
    step.runner = runnerClass;
    // The script: code= (submit_app= for PySpark), joined to source_dir= when the processor takes one.
    const codeNode = kw.get('code') ?? kw.get('submit_app');
    const sourceDir = kw.get('source_dir');
    // Code from a git repository (git_config) is checked out at run time: which file it is, the definition does not say.
    if (!kw.has('git_config')) this.setScript(step, codeNode, sourceDir, at);
    const inputs = this.list(kw.get('inputs'), at);
    step.inputs = [];
    step.inputsOpen = undefined;
    if (inputs === 'open') step.inputsOpen = true;
    else
      inputs.forEach((item, i) => {
        const ch = this.processingChannel(item, 'input', i + 1, at);
        if (ch) step.inputs.push(ch);
        else step.inputsOpen = true;
      });
    const outputs = this.list(kw.get('outputs'), at);
    step.outputs = [];
    step.outputsOpen = undefined;
    if (outputs === 'open') step.outputsOpen = true;
    else
      outputs.forEach((item, i) => {
        const ch = this.processingChannel(item, 'output', i + 1, at);
        if (ch) step.outputs.push(ch);
        else step.outputsOpen = true;
      });
    this.setArguments(step, kw.get('arguments'), at);
    const env = runner ? kwargsOf(runner).get('env') : undefined;
    this.setEnv(step, env, runner, !runner);
    step.propertyFiles = this.propertyFilesOf(kwargsOf(stepCall).get('property_files'), stepCall);
    return step;
  }

  private setScript(step: SdkStepFact, codeNode: SyntaxNode | undefined, sourceDir: SyntaxNode | undefined, at: SyntaxNode): void {
    if (!codeNode) return;
    const code = this.localPath(codeNode, at);
    if (!code) return;
    let script: LocalPath | undefined = code;
    if (sourceDir && code.resolve !== 's3') {
      const dir = this.localPath(sourceDir, at);
      // A source_dir on s3 (or computed) leaves the script's folder unknown.
      if (!dir || dir.resolve === 's3') script = undefined;
      else if (code.resolve === 'cwd' && !code.value.startsWith('/'))
        script = { value: dir.value ? `${dir.value.replace(/\/$/, '')}/${code.value}` : code.value, resolve: dir.resolve };
    }
    if (!script?.value || !/\.py$/.test(script.value)) return;
    const literal = literalNode(codeNode);
    step.script = { ...script, range: spanOf(literal ?? codeNode) };
  }

  /** The items of a list argument, followed through names; 'open' when it is not a static list. */
  private list(node: SyntaxNode | undefined, at: SyntaxNode): { node: SyntaxNode; at: SyntaxNode }[] | 'open' {
    if (!node) return [];
    const r = this.resolve(node, at);
    const target = r?.node;
    if (!target) return 'open';
    if (target.type === 'none') return [];
    if (target.type !== 'list' && target.type !== 'tuple') return 'open';
    const items = target.namedChildren.filter((c): c is SyntaxNode => !!c && c.type !== 'comment');
    if (items.some((i) => i.type === 'list_splat' || i.type === 'list_comprehension')) return 'open';
    return items.map((n) => ({ node: n, at: target }));
  }

  private processingChannel(
    item: { node: SyntaxNode; at: SyntaxNode },
    direction: 'input' | 'output',
    index: number,
    at: SyntaxNode,
  ): SdkChannelFact | undefined {
    const r = this.resolve(item.node, at);
    const call = r?.kind === 'node' && r.node.type === 'call' ? r.node : undefined;
    const cls = call ? shortCallee(call) : undefined;
    if (!call || (cls !== 'ProcessingInput' && cls !== 'ProcessingOutput')) return undefined;
    const kw = kwargsOf(call);
    const args = positional(call);
    const nameKey = direction === 'input' ? 'input_name' : 'output_name';
    const nameNode = kw.get(nameKey) ?? args[2];
    const literalName = nameNode ? this.str(nameNode, call) : undefined;
    const ch: SdkChannelFact = {
      name: literalName ?? `${direction}-${index}`,
      nameRange: spanOf(nameNode && literalName !== undefined ? (literalNode(nameNode) ?? nameNode) : call),
      range: spanOf(call),
    };
    if (nameNode && literalName === undefined) return undefined;
    if (literalName === undefined) ch.derived = true;
    // The container side: destination of an input, source of an output (DatasetDefinition's local_path).
    let pathNode: SyntaxNode | undefined = direction === 'input' ? (kw.get('destination') ?? args[1]) : (kw.get('source') ?? args[0]);
    const dataset = kw.get('dataset_definition');
    if (!pathNode && dataset) {
      const d = this.resolve(dataset, call);
      if (d?.kind === 'node' && d.node.type === 'call') pathNode = kwargsOf(d.node).get('local_path');
    }
    if (pathNode) this.setContainerPath(ch, pathNode, call);
    if (direction === 'input') {
      const source = kw.get('source') ?? args[0];
      const from = source ? this.propertyRef(source, call) : undefined;
      if (from) ch.from = from;
    }
    return ch;
  }

  private setContainerPath(ch: SdkChannelFact, node: SyntaxNode, at: SyntaxNode): void {
    const r = this.resolve(node, at);
    if (r?.kind === 'str') {
      ch.path = r.value;
      ch.pathRange = spanOf(literalNode(node) ?? node);
      return;
    }
    const target = r?.node ?? node;
    const fn = dottedName(target.childForFieldName('function')) ?? '';
    if (target.type !== 'call' || !/^(os\.path|path|posixpath)\.join$/.test(fn)) return;
    const posix = fn === 'posixpath.join';
    const args = positional(target);
    let path = '';
    let allLiteral = true;
    for (const a of args) {
      const s = this.resolve(a, target);
      if (s?.kind !== 'str' || s.value === '') return;
      if (a.type !== 'string') allLiteral = false;
      path = s.value.startsWith('/') || !path ? s.value : `${path.replace(/\/$/, '')}/${s.value}`;
    }
    if (!path.startsWith('/')) return;
    ch.path = path;
    ch.pathRange = spanOf(target);
    if (!posix) ch.osJoin = { range: spanOf(target), allLiteral: allLiteral && target === node };
  }

  /** `step.properties.ProcessingOutputConfig.Outputs["name"].S3Output.S3Uri`, through names. */
  private propertyRef(node: SyntaxNode, at: SyntaxNode): SdkChannelFact['from'] {
    const r = this.resolve(node, at);
    const target = r?.node ?? node;
    const m =
      /^([A-Za-z_]\w*)\s*\.\s*properties\s*\.\s*ProcessingOutputConfig\s*\.\s*Outputs\s*\[\s*(["'])([^"'\\]+)\2\s*\]\s*\.\s*S3Output\s*\.\s*S3Uri$/.exec(
        target.text,
      );
    return m ? { step: m[1], output: m[3], range: spanOf(target) } : undefined;
  }

  private setArguments(step: SdkStepFact, node: SyntaxNode | undefined, at: SyntaxNode): void {
    step.arguments = [];
    step.argumentsOpen = undefined;
    if (!node) return;
    const items = this.list(node, at);
    if (items === 'open') {
      step.argumentsOpen = true;
      return;
    }
    for (let i = 0; i < items.length; i++) {
      const r = this.resolve(items[i].node, items[i].at);
      if (r?.kind !== 'str') {
        // A computed item right after a literal flag is that flag's value (`"--input-data", input_uri`).
        const prev = i > 0 ? this.resolve(items[i - 1].node, items[i - 1].at) : undefined;
        if (prev?.kind === 'str' && /^--?[A-Za-z][^=]*$/.test(prev.value) && items[i].node.type !== 'string') continue;
        // An f-string or a computed item may be a flag too.
        if (items[i].node.type === 'string' && /^[rRbBuU]*[fF]/.test(items[i].node.text) && /^f?["']-/.test(items[i].node.text.replace(/^[rRbBuU]*/, '')))
          step.argumentsOpen = true;
        else if (items[i].node.type !== 'string' && r?.kind !== 'node') step.argumentsOpen = true;
        continue;
      }
      if (!/^--?[A-Za-z]/.test(r.value)) continue;
      const eq = r.value.indexOf('=');
      const flag = eq > 0 ? r.value.slice(0, eq) : r.value;
      const next = eq > 0 ? undefined : items[i + 1] ? this.resolve(items[i + 1].node, items[i + 1].at) : undefined;
      const value = eq > 0 ? r.value.slice(eq + 1) : next?.kind === 'str' && !/^--?[A-Za-z]/.test(next.value) ? next.value : undefined;
      step.arguments.push({ name: flag, range: spanOf(literalNode(items[i].node) ?? items[i].node), value });
    }
  }

  private setEnv(step: SdkStepFact, node: SyntaxNode | undefined, at: SyntaxNode | undefined, unknownRunner: boolean): void {
    step.env = [];
    step.envOpen = unknownRunner ? true : undefined;
    if (!node || !at) return;
    const r = this.resolve(node, at);
    const dict = r?.node;
    if (dict?.type === 'none') return;
    if (dict?.type !== 'dictionary') {
      step.envOpen = true;
      return;
    }
    for (const pair of dict.namedChildren) {
      if (!pair || pair.type === 'comment') continue;
      if (pair.type !== 'pair') {
        step.envOpen = true;
        continue;
      }
      const k = pair.childForFieldName('key');
      const name = k ? this.str(k, dict) : undefined;
      if (name === undefined) {
        step.envOpen = true;
        continue;
      }
      step.env.push({ name, range: spanOf(k!), value: this.str(pair.childForFieldName('value'), dict) });
    }
  }

  private propertyFilesOf(node: SyntaxNode | undefined, at: SyntaxNode): string[] {
    const items = this.list(node, at);
    if (items === 'open') return [];
    return items.flatMap((i) => (i.node.type === 'identifier' ? [i.node.text] : []));
  }

  private trainingStep(call: SyntaxNode, cls: string): SdkStepFact | undefined {
    const kw = kwargsOf(call);
    const stepArgs = this.resolve(kw.get('step_args'), call);
    if (stepArgs?.kind === 'node' && stepArgs.node.type === 'call') {
      const fitCall = stepArgs.node;
      this.consumed.add(fitCall.startIndex);
      const fn = fitCall.childForFieldName('function');
      let runner = fn?.type === 'attribute' ? this.constructorOf(fn.childForFieldName('object'), fitCall) : undefined;
      const tuner = runner && shortCallee(runner) === 'HyperparameterTuner' ? runner : undefined;
      if (tuner) runner = this.tunedEstimator(tuner);
      return this.tuned(this.trainingFrom(call, cls, fitCall, runner), tuner);
    }
    if (kw.has('step_args')) return this.unknownStep(call, 'training', cls);
    let runner = this.constructorOf(kw.get('estimator'), call);
    const tuner = cls === 'TuningStep' ? this.constructorOf(kw.get('tuner'), call) : undefined;
    if (cls === 'TuningStep') runner = this.tunedEstimator(tuner);
    return this.tuned(this.trainingFrom(call, cls, call, runner), tuner);
  }

  /**
   * A tuning job passes each of its `hyperparameter_ranges` to the script as well, a value per trial. Literal
   * keys are arguments of the step; ranges the checker cannot read (or no tuner it can see) leave them open.
   */
  private tuned(step: SdkStepFact | undefined, tuner: SyntaxNode | undefined): SdkStepFact | undefined {
    if (!step?.scriptMode || (!tuner && step.className !== 'TuningStep')) return step;
    const ranges = tuner ? (kwargsOf(tuner).get('hyperparameter_ranges') ?? positional(tuner)[2]) : undefined;
    const dict = ranges ? this.resolve(ranges, tuner!)?.node : undefined;
    if (dict?.type !== 'dictionary') {
      step.argumentsOpen = true;
      return step;
    }
    for (const pair of dict.namedChildren) {
      if (!pair || pair.type === 'comment') continue;
      const k = pair.type === 'pair' ? pair.childForFieldName('key') : undefined;
      const name = k ? this.str(k, dict) : undefined;
      if (!k || name === undefined) step.argumentsOpen = true;
      else if (!step.arguments.some((a) => a.name === `--${name}`)) step.arguments.push({ name: `--${name}`, range: spanOf(literalNode(k) ?? k) });
    }
    return step;
  }

  private tunedEstimator(tuner: SyntaxNode | undefined): SyntaxNode | undefined {
    if (!tuner) return undefined;
    const est = kwargsOf(tuner).get('estimator') ?? positional(tuner)[0];
    return this.constructorOf(est, tuner);
  }

  private trainingFrom(stepCall: SyntaxNode, className: string, inputsCall: SyntaxNode, runner: SyntaxNode | undefined): SdkStepFact | undefined {
    const step = this.unknownStep(stepCall, 'training', className);
    const runnerClass = runner ? shortCallee(runner) : undefined;
    step.runner = runnerClass;
    if (runner && runnerClass && ESTIMATORS.test(runnerClass)) {
      const rk = kwargsOf(runner);
      const entry = rk.get('entry_point');
      if (entry) {
        if (!rk.has('git_config')) this.setScript(step, entry, rk.get('source_dir'), runner);
        step.scriptMode = true;
      }
      this.setEnv(step, rk.get('environment'), runner, false);
      this.setHyperparameters(step, runner, rk.get('hyperparameters'));
      const distribution = rk.get('distribution');
      if (distribution && distribution.type !== 'none') step.distributed = true;
    }
    const ikw = kwargsOf(inputsCall);
    const inputsNode = ikw.get('inputs') ?? (inputsCall !== stepCall ? positional(inputsCall)[0] : undefined);
    step.inputs = [];
    step.inputsOpen = undefined;
    step.outputs = [];
    step.outputsOpen = undefined;
    if (inputsNode) {
      const r = this.resolve(inputsNode, inputsCall);
      const target = r?.node;
      if (target?.type === 'dictionary') {
        for (const pair of target.namedChildren) {
          if (!pair || pair.type === 'comment') continue;
          const k = pair.type === 'pair' ? pair.childForFieldName('key') : undefined;
          const name = k ? this.str(k, target) : undefined;
          if (!k || name === undefined) {
            step.inputsOpen = true;
            continue;
          }
          step.inputs.push(this.trainingChannel(name, literalNode(k) ?? k, pair, pair.childForFieldName('value'), target));
        }
      } else if (
        target &&
        target.type !== 'none' &&
        (r?.kind === 'str' || (target.type === 'call' && shortCallee(target) === 'TrainingInput') || target.type === 'attribute')
      ) {
        // One input that is not a dict: SageMaker names the channel "training".
        step.inputs.push(this.trainingChannel('training', inputsNode, inputsNode, inputsNode, inputsCall, true));
      } else step.inputsOpen = true;
    }
    return step;
  }

  private trainingChannel(name: string, nameNode: SyntaxNode, range: SyntaxNode, value: SyntaxNode | null, at: SyntaxNode, derived = false): SdkChannelFact {
    const ch: SdkChannelFact = { name, nameRange: spanOf(nameNode), range: spanOf(range), path: `/opt/ml/input/data/${name}` };
    if (derived) ch.derived = true;
    if (value) {
      const r = this.resolve(value, at);
      const src = r?.node.type === 'call' && shortCallee(r.node) === 'TrainingInput' ? (kwargsOf(r.node).get('s3_data') ?? positional(r.node)[0]) : value;
      const from = src ? this.propertyRef(src, r?.node ?? at) : undefined;
      if (from) ch.from = from;
    }
    return ch;
  }

  private setHyperparameters(step: SdkStepFact, runner: SyntaxNode, hp: SyntaxNode | undefined): void {
    step.arguments = [];
    step.argumentsOpen = undefined;
    if (!step.scriptMode) return;
    const add = (name: string, range: Span, value?: string) => {
      // The SDK's own settings travel as hyperparameters too; the script never sees them as flags.
      if (!name.startsWith('sagemaker_')) step.arguments.push({ name: `--${name}`, range, value });
    };
    if (hp) {
      const r = this.resolve(hp, runner);
      const dict = r?.node;
      if (dict?.type === 'dictionary') {
        for (const pair of dict.namedChildren) {
          if (!pair || pair.type === 'comment') continue;
          const k = pair.type === 'pair' ? pair.childForFieldName('key') : undefined;
          const name = k ? this.str(k, dict) : undefined;
          if (!k || name === undefined) step.argumentsOpen = true;
          else add(name, spanOf(literalNode(k) ?? k), this.str(pair.childForFieldName('value'), dict));
        }
      } else if (dict?.type !== 'none') step.argumentsOpen = true;
    }
    // `estimator.set_hyperparameters(a=1, **more)` on the same variable.
    const variable = assignedName(runner);
    if (!variable) return;
    for (const c of this.calls) {
      const fn = c.childForFieldName('function');
      if (fn?.type !== 'attribute' || fn.childForFieldName('attribute')?.text !== 'set_hyperparameters' || fn.childForFieldName('object')?.text !== variable)
        continue;
      for (const a of c.childForFieldName('arguments')?.namedChildren ?? []) {
        if (a?.type === 'keyword_argument') {
          const n = a.childForFieldName('name');
          if (n) add(n.text, spanOf(n), this.str(a.childForFieldName('value'), c));
        } else if (a && a.type !== 'comment') step.argumentsOpen = true;
      }
    }
  }
}

function s3Base(uri: string): LocalPath | undefined {
  const m = /\/([^/]+)$/.exec(uri);
  return m ? { value: m[1], resolve: 's3' } : undefined;
}

function shortCallee(call: SyntaxNode): string | undefined {
  return dottedName(call.childForFieldName('function'))?.split('.').pop();
}

function kwargsOf(call: SyntaxNode): Map<string, SyntaxNode> {
  const out = new Map<string, SyntaxNode>();
  for (const a of call.childForFieldName('arguments')?.namedChildren ?? []) {
    if (a?.type !== 'keyword_argument') continue;
    const n = a.childForFieldName('name');
    const v = a.childForFieldName('value');
    if (n && v) out.set(n.text, v);
  }
  return out;
}

function positional(call: SyntaxNode): SyntaxNode[] {
  return (call.childForFieldName('arguments')?.namedChildren ?? []).filter(
    (c): c is SyntaxNode => !!c && c.type !== 'comment' && c.type !== 'keyword_argument' && c.type !== 'dictionary_splat' && c.type !== 'list_splat',
  );
}

function literalNode(node: SyntaxNode): SyntaxNode | undefined {
  return node.type === 'string' || node.type === 'concatenated_string' ? node : undefined;
}

/** `x = Call(...)`: the name the call is bound to. */
function assignedName(call: SyntaxNode): string | undefined {
  const p = call.parent;
  if (p?.type === 'assignment' && p.childForFieldName('right')?.equals(call)) {
    const left = p.childForFieldName('left');
    return left?.type === 'identifier' ? left.text : undefined;
  }
  return undefined;
}

function enclosingFunction(node: SyntaxNode): SyntaxNode | undefined {
  let cur: SyntaxNode | null = node.parent;
  for (let i = 0; cur && i < 200; i++, cur = cur.parent) if (cur.type === 'function_definition' || cur.type === 'lambda') return cur;
  return undefined;
}
