// The pipeline graph and the resolver it reproduces: score intervals against
// scores the framework's resolver computes, edges and their reasons, the rules
// that read the graph (severities, fix safety), the graph command and the lenses.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ChannelDecl, PythonFacts, SpecDecl } from '../../server/src/core/facts';
import { dependencyLenses } from '../../server/src/core/features/graph-lens';
import { pipelineGraph } from '../../server/src/core/graph/pipeline';
import { checkPropertyPath, parsePropertyPath } from '../../server/src/core/graph/property-path';
import { above, atLeast, canBind, pairScore } from '../../server/src/core/graph/resolver';
import { applyEdits } from '../../server/src/core/text-edits';
import { entryFromText, loadProject } from '../../server/src/host/loader';
import { parseFixture } from '../support/markers';
import { cli } from '../support/run-cli';

const EXAMPLE = join(__dirname, '..', '..', '..', 'examples', 'seed-pipeline');
const zero = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

function ch(name: string, direction: 'input' | 'output', extra: Partial<ChannelDecl> = {}): ChannelDecl {
  return { name, nameRange: zero, direction, required: true, range: zero, ...extra };
}
function spec(stepType: string, outputs: ChannelDecl[] = []): SpecDecl {
  return {
    id: `/s#${stepType}`,
    file: '/s',
    name: stepType,
    nameRange: zero,
    range: zero,
    format: 'python',
    stepType: { value: stepType, range: zero },
    dependencies: [],
    outputs,
    duplicates: [],
    keywords: [],
  };
}
const sources = (...names: string[]) => names.map((value) => ({ value, range: zero }));

async function workspace(fixture: string): Promise<{ dir: string; done: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'sc-graph-'));
  for (const [name, text] of parseFixture(fixture)) {
    const file = join(dir, name);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return { dir, done: () => rmSync(dir, { recursive: true, force: true }) };
}

describe('the reproduced resolver', () => {
  it('brackets the scores the framework computes for real specs (resolver notes, section 1.6)', () => {
    // XGBoostTraining.input_path (training_data) <- TabularPreprocessing.processed_data (processing_output): 0.812
    // (the output lists input_path among its aliases; one keyword of four is in its name)
    const input = ch('input_path', 'input', {
      type: 'training_data',
      compatibleSources: sources('TabularPreprocessing'),
      semanticKeywords: ['data', 'input', 'training', 'model'],
    });
    const processed = ch('processed_data', 'output', { type: 'processing_output', aliases: sources('input_path') });
    const s1 = pairScore(input, processed, spec('TabularPreprocessing', [processed]))!;
    assert.ok(s1.low - 0.001 <= 0.812 && 0.812 <= s1.high + 0.001, `${s1.low}..${s1.high}`);
    assert.equal(s1.reason, 'alias');
    // XGBoostModel.model_data <- XGBoostTraining.model_output: 1.0; <- evaluation_output: rejected by the type gate
    const modelData = ch('model_data', 'input', { type: 'model_artifacts', compatibleSources: sources('XGBoostTraining') });
    const modelOutput = ch('model_output', 'output', { type: 'model_artifacts', aliases: sources('model_data') });
    const s2 = pairScore(modelData, modelOutput, spec('XGBoostTraining', [modelOutput]))!;
    assert.equal(s2.high, 1);
    assert.equal(s2.low, 1, 'an exact alias with the same types and a listed producer reaches the cap');
    assert.equal(pairScore(modelData, ch('evaluation_output', 'output', { type: 'processing_output' }), spec('XGBoostTraining')), undefined);
  });

  it('compares outputs of one producer term by term: the matching name wins, fuzzy names stay undecided', () => {
    const dep = ch('DATA', 'input', { type: 'processing_output', compatibleSources: sources('Load') });
    const p = spec('Load');
    const data = pairScore(dep, ch('DATA', 'output', { type: 'processing_output' }), p)!;
    const meta = pairScore(dep, ch('METADATA', 'output', { type: 'processing_output' }), p)!;
    assert.ok(above(data, meta) && !atLeast(meta, data));
    const fuzzy = ch('plots', 'input', { type: 'processing_output', compatibleSources: sources('Load') });
    const a = pairScore(fuzzy, ch('eval_output', 'output', { type: 'processing_output' }), p)!;
    const b = pairScore(fuzzy, ch('metrics_output', 'output', { type: 'processing_output' }), p)!;
    assert.ok(!atLeast(a, b) && !atLeast(b, a));
    assert.ok(canBind(a) && canBind(b));
  });

  it("walks property paths over the kind's SageMaker shapes", () => {
    const ok = (kind: string, path: string) => checkPropertyPath(kind, parsePropertyPath(path)!) === undefined;
    assert.ok(ok('Processing', "properties.ProcessingOutputConfig.Outputs['x'].S3Output.S3Uri"));
    assert.ok(ok('Processing', 'properties.ProcessingOutputConfig.Outputs[0].S3Output.S3Uri'));
    assert.ok(ok('Training', 'properties.ModelArtifacts.S3ModelArtifacts'));
    assert.ok(ok('Training', 'properties.OutputDataConfig.S3OutputPath'));
    assert.ok(ok('Training', "properties.FinalMetricDataList['auc'].Value"));
    assert.ok(ok('Transform', 'properties.TransformOutput.S3OutputPath'));
    assert.ok(ok('CreateModel', 'properties.ModelName'));
    assert.ok(ok('Tuning', 'properties.TrainingJobSummaries[0].TrainingJobName'));
    assert.ok(!ok('Training', 'properties.TrainingJobOutput.S3Output'));
    assert.ok(!ok('Training', 'properties.ModelArtifacts.S3ModelArtifacts.Extra'));
    assert.ok(!ok('Processing', 'properties.ModelArtifacts.S3ModelArtifacts'));
    assert.equal(parsePropertyPath('ProcessingOutputConfig.Outputs'), undefined);
  });
});

describe('the pipeline graph', function () {
  this.timeout(20000);

  it('of the bundled example: steps, edges with their reasons, external producers', async () => {
    const { project } = await loadProject(EXAMPLE, { cache: false });
    const g = pipelineGraph(project);
    assert.equal(g.steps.length, 6);
    const label = (id: string) => g.stepsById.get(id)!.label;
    const edges = g.edges.map((e) => `${label(e.from)}.${e.output} -> ${label(e.to)}.${e.dependency} (${e.reason}, ${e.state})`).sort();
    assert.ok(edges.includes('Package.packaged_model -> Payload.model_input (type, resolved)'), edges.join('\n'));
    assert.ok(edges.includes('TabularPreprocessing_Calibration.processed_data -> XGBoostModelEval.eval_data_input (type, resolved)'), edges.join('\n'));
    const evalModel = g.resolutions.find((r) => label(r.step) === 'XGBoostModelEval' && r.dependency.name === 'model_input')!;
    assert.equal(evalModel.state, 'external');
    assert.deepEqual(evalModel.externals, ['XGBoostTraining']);
  });

  it('the graph command prints Mermaid, DOT and JSON, and refuses an unknown format', async () => {
    const ws = mkdtempSync(join(tmpdir(), 'sc-graph-cli-'));
    try {
      cpSync(EXAMPLE, ws, { recursive: true });
      const mermaid = await cli(['graph', '--no-cache'], ws);
      assert.equal(mermaid.code, 0, mermaid.err);
      assert.match(mermaid.out, /^flowchart LR\n/);
      assert.match(mermaid.out, /-->\|"packaged_model → model_input \(type\)"\|/);
      const dot = await cli(['graph', '.', '--format', 'dot', '--no-cache'], ws);
      assert.match(dot.out, /^digraph pipeline \{/);
      const json = JSON.parse((await cli(['graph', '--format=json', '--no-cache'], ws)).out);
      assert.equal(json.steps.length, 6);
      assert.ok(
        json.steps.every((s: { spec: { file: string } }) => !s.spec.file.startsWith('/')),
        'paths relative to the current folder',
      );
      const payload = json.edges.find((e: { dependency: string; output: string }) => e.output === 'packaged_model');
      assert.ok(
        payload.why.some((w: string) => /type model_artifacts = model_artifacts \(0\.4\)/.test(w)),
        payload.why.join('\n'),
      );
      const bad = await cli(['graph', '--format', 'svg'], ws);
      assert.equal(bad.code, 2);
      assert.match(bad.err, /unknown graph format "svg"/);
    } finally {
      rmSync(ws, { recursive: true, force: true });
    }
  });

  it('lenses on spec dependencies name the producer output, or say there is none', async () => {
    const { dir, done } = await workspace(
      readFileSync(join(__dirname, '..', '..', '..', 'test', 'fixtures', 'rules', 'unsatisfiable-dependency.txt'), 'utf8')
        .split('//== trap')[0]
        .split('\n')
        .slice(2)
        .join('\n'),
    );
    try {
      const { project } = await loadProject(dir, { cache: false });
      const lenses = dependencyLenses(project, join(dir, 'specs', 'train_spec.py')).map((l) => l.title);
      assert.deepEqual(lenses, [
        '← from GraphConstruction.graph_data',
        '← no producer: no output of GraphConstruction can feed it',
        '← no producer: no output of GraphConstruction can feed it',
      ]);
    } finally {
      done();
    }
  });

  it('a spec edit re-checks every spec, because the graph joins them; a script edit does not', async () => {
    const { project } = await loadProject(EXAMPLE, { cache: false });
    const spec = join(EXAMPLE, 'specs', 'payload_spec.py');
    const before = project.files.get(spec)!.facts as PythonFacts;
    const changed: PythonFacts = {
      ...before,
      assignments: before.assignments.map((a) =>
        a.name === 'PAYLOAD_SPEC' ? { ...a, value: { ...a.value, range: [0, 0, 0, 1] as [number, number, number, number] } } : a,
      ),
    };
    project.setFile({ ...project.files.get(spec)!, facts: changed });
    const affected = project.dependents(spec, before);
    for (const s of project.declarations().specs) assert.ok(affected.has(s.file), s.file);
    const script = join(EXAMPLE, 'scripts', 'mims_payload.py');
    assert.ok(!project.dependents(script, project.files.get(script)!.facts).has(join(EXAMPLE, 'specs', 'model_eval_spec.py')));
  });
  it('a contract edit keeps the resolution and gives the step its new contract; a spec edit resolves again', async () => {
    const { project } = await loadProject(EXAMPLE, { cache: false });
    const edit = (file: string, from: string, to: string) => {
      const text = readFileSync(file, 'utf8');
      assert.ok(text.includes(from), from);
      const entry = project.files.get(file)!;
      project.setFile(entryFromText(file, text.replace(from, to), entry.config, project.declarations().entryPointBases));
    };
    const first = pipelineGraph(project);
    const contract = join(EXAMPLE, 'contracts', 'mims_payload_contract.py');
    edit(contract, '"/opt/ml/processing/output"', '"/opt/ml/processing/output2"');
    const afterContract = pipelineGraph(project);
    assert.notEqual(afterContract, first, 'a new graph for the new declarations');
    assert.equal(afterContract.resolutions, first.resolutions, 'the specs did not change: nothing resolved again');
    const payload = afterContract.steps.find((st) => st.label === 'Payload')!;
    assert.ok(
      payload.contract?.outputs.some((c) => c.path === '/opt/ml/processing/output2'),
      'the step holds the edited contract',
    );

    const binds = (g: ReturnType<typeof pipelineGraph>) => g.edges.some((e) => e.output === 'packaged_model' && e.dependency === 'model_input');
    assert.ok(binds(afterContract));
    edit(join(EXAMPLE, 'specs', 'packaging_spec.py'), 'output_type=DependencyType.MODEL_ARTIFACTS', 'output_type=DependencyType.PROCESSING_OUTPUT');
    const afterSpec = pipelineGraph(project);
    assert.notEqual(afterSpec.resolutions, first.resolutions);
    assert.ok(!binds(afterSpec), 'an output of another type no longer feeds the dependency');
  });
});

describe('rules over the graph: severities and fixes', function () {
  this.timeout(20000);

  const fixtureCase = (rule: string, name: string) => {
    const text = readFileSync(join(__dirname, '..', '..', '..', 'test', 'fixtures', 'rules', `${rule}.txt`), 'utf8');
    const part = text.split(/^\/\/== /m).find((c) => c.startsWith(name))!;
    return part.split('\n').slice(1).join('\n');
  };
  const findingsOf = async (rule: string, name: string) => {
    const { dir, done } = await workspace(fixtureCase(rule, name));
    const { project } = await loadProject(dir, { cache: false });
    return { dir, done, project, findings: [...project.checkAll().values()].flat().filter((f) => f.rule === rule) };
  };

  it('unknown-compatible-source: a case typo is a warning with a safe fix, a far name is information without one', async () => {
    const { dir, done, findings } = await findingsOf('unknown-compatible-source', 'defect: a case typo');
    try {
      const [typo, hyphen, far] = findings.sort((a, b) => a.range.start.line - b.range.start.line);
      assert.equal(typo.severity, 'warning');
      assert.deepEqual(
        typo.fixes.map((f) => [f.title, f.safe]),
        [['Change to "TabularPreprocessing"', true]],
      );
      assert.equal(hyphen.severity, 'warning');
      assert.deepEqual(
        hyphen.fixes.map((f) => [f.title, f.safe]),
        [['Change to "TabularPreprocessing"', false]],
      );
      assert.equal(far.severity, 'information');
      assert.equal(far.fixes.length, 0);
      const file = join(dir, 'specs', 'eval_spec.py');
      assert.match(applyEdits(readFileSync(file, 'utf8'), typo.fixes[0].edits), /compatible_sources=\["TabularPreprocessing"\]\),/);
    } finally {
      done();
    }
  });

  it('unsatisfiable-dependency: information for an optional dependency', async () => {
    const { done, findings } = await findingsOf('unsatisfiable-dependency', 'defect');
    try {
      assert.deepEqual(findings.map((f) => f.severity).sort(), ['information', 'warning']);
      assert.match(findings.find((f) => f.severity === 'warning')!.message, /none has an output of type hyperparameters and custom_property/);
    } finally {
      done();
    }
  });

  it("alias-collision: another output's name is a warning, its own name information", async () => {
    const { done, findings } = await findingsOf('alias-collision', 'defect: an alias equal');
    try {
      assert.deepEqual(
        findings.map((f) => f.severity),
        ['information', 'warning'],
      );
    } finally {
      done();
    }
  });

  it('property-path-mismatch: the safe fix puts the logical name in the key, in Python and YAML', async () => {
    for (const [name, file, expected] of [
      ['defect: the key names', 'specs/impute_spec.py', "Outputs['imputation_params']"],
      ['defect: in a step interface', 'interfaces/prep.step.yaml', 'Outputs["processed_data"]'],
    ]) {
      const { dir, done, findings } = await findingsOf('property-path-mismatch', name);
      try {
        const f = findings[0];
        assert.equal(f.fixes[0].safe, true);
        assert.ok(applyEdits(readFileSync(join(dir, file), 'utf8'), f.fixes[0].edits).includes(expected));
      } finally {
        done();
      }
    }
  });

  it('optional-but-required: a stop on the declared empty default is a warning, os.environ[...] information', async () => {
    const { done, findings } = await findingsOf('optional-but-required', 'defect: LABEL_FIELD');
    try {
      assert.deepEqual(
        findings.map((f) => [f.message.split(' ')[3], f.severity]),
        [
          ['LABEL_FIELD', 'warning'],
          ['REGION', 'information'],
        ],
      );
    } finally {
      done();
    }
  });
});
