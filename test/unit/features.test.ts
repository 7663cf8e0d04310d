// Editor features as plain core queries, on the bundled example: completion
// in specs, contracts and step.yaml files; navigation from specs, entry points
// and compatible_sources; rename refusals.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { complete } from '../../server/src/core/features/completion';
import { definition, hover, prepareRename, rename } from '../../server/src/core/features/navigation';
import type { Position } from '../../server/src/core/model';
import type { Project } from '../../server/src/core/project';
import { loadProject } from '../../server/src/host/loader';

const EXAMPLE = join(__dirname, '..', '..', '..', 'examples', 'seed-pipeline');
const at = (text: string, needle: string, offset = 0): Position => {
  const i = text.indexOf(needle);
  assert.ok(i >= 0, `${needle} is in the fixture`);
  const before = text.slice(0, i + offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
};

describe('editor features (core queries)', function () {
  this.timeout(20000);
  let project: Project;
  before(async () => {
    project = (await loadProject(EXAMPLE, { cache: false })).project;
  });

  /** Completion labels after replacing `needle` by `typed` (the cursor at its end). */
  const labels = (file: string, needle: string, typed: string) => {
    const path = join(EXAMPLE, file);
    const original = readFileSync(path, 'utf8');
    const index = original.indexOf(needle);
    assert.ok(index >= 0, `${needle} is in ${file}`);
    const text = original.slice(0, index) + typed + original.slice(index + needle.length);
    const before = text.slice(0, index + typed.length).split('\n');
    return complete(project, path, text, { line: before.length - 1, character: before[before.length - 1].length })
      .map((c) => c.label)
      .sort();
  };

  it('completes logical_name= in a spec from the linked contract, by constructor', () => {
    assert.deepEqual(labels('specs/model_eval_spec.py', 'logical_name="model_input"', 'logical_name="'), ['code_input', 'eval_data_input', 'model_input']);
    const outputs = labels('specs/model_eval_spec.py', 'logical_name="eval_output"', 'logical_name="');
    assert.ok(outputs.includes('eval_output') && outputs.includes('metrics_output') && !outputs.includes('model_input'), JSON.stringify(outputs));
  });

  it('completes compatible_sources with the step types of the workspace', () => {
    const types = labels('specs/model_eval_spec.py', 'compatible_sources=["XGBoostTraining"]', 'compatible_sources=["');
    assert.ok(types.includes('TabularPreprocessing_Training') && types.includes('TabularPreprocessing'), JSON.stringify(types));
  });

  it('offers the conventional path for a new channel in a contract', () => {
    const paths = labels('contracts/tabular_preprocess_contract.py', '"SIGNATURE": "/opt/ml/processing/input/signature"', '"SIGNATURE": "');
    assert.deepEqual(paths, ['/opt/ml/processing/input/SIGNATURE']);
  });

  it('completes inside *.step.yaml: spec dependency keys and contract paths', () => {
    const deps = labels('interfaces/risk_table_mapping.step.yaml', '    risk_tables:\n      type: processing_output', '    r');
    assert.deepEqual(deps, ['data_input', 'risk_tables']);
    const paths = labels('interfaces/risk_table_mapping.step.yaml', 'path: /opt/ml/processing/input/risk_tables', 'path: ');
    assert.deepEqual(paths, ['/opt/ml/processing/input/risk_tables']);
  });

  it('goes from a spec logical_name to the contract, from entry_point to the script, from compatible_sources to the spec', () => {
    const spec = join(EXAMPLE, 'specs', 'preprocessing_training_spec.py');
    const specText = readFileSync(spec, 'utf8');
    const toContract = definition(project, spec, at(specText, 'logical_name="DATA"', 15));
    assert.equal(relative(EXAMPLE, toContract[0].file), 'contracts/tabular_preprocess_contract.py');
    const contract = join(EXAMPLE, 'contracts', 'tabular_preprocess_contract.py');
    const toScript = definition(project, contract, at(readFileSync(contract, 'utf8'), 'tabular_preprocess.py', 2));
    assert.equal(relative(EXAMPLE, toScript[0].file), 'scripts/tabular_preprocess.py');
    const evalSpec = join(EXAMPLE, 'specs', 'model_eval_spec.py');
    const toSpec = definition(project, evalSpec, at(readFileSync(evalSpec, 'utf8'), 'TabularPreprocessing_Calibration', 3));
    assert.deepEqual(
      toSpec.map((l) => relative(EXAMPLE, l.file)),
      ['specs/preprocessing_calibration_spec.py'],
    );
  });

  it('hovers an env var with its contract declaration', () => {
    const script = join(EXAMPLE, 'scripts', 'tabular_preprocess.py');
    const h = hover(project, script, at(readFileSync(script, 'utf8'), '"LABEL_FIELD"', 2));
    assert.match(h!.markdown, /environment variable `LABEL_FIELD`[\s\S]*Required by the contract/);
  });

  it('refuses to rename what it cannot rename consistently, with a reason', () => {
    const script = join(EXAMPLE, 'scripts', 'tabular_preprocess.py');
    const text = readFileSync(script, 'utf8');
    const undeclared = prepareRename(project, script, at(text, '"metadata"', 2));
    assert.match((undeclared as { error: string }).error, /not declared by the contract/);
    const env = prepareRename(project, script, at(text, '"LABEL_FIELD"', 2));
    assert.match((env as { error: string }).error, /Only logical channel names/);
  });

  it('refuses a rename onto a name the contract or a linked spec declares in the same direction', () => {
    const contract = join(EXAMPLE, 'contracts', 'model_eval_contract.py');
    const text = readFileSync(contract, 'utf8');
    const read = (f: string) => readFileSync(f, 'utf8');
    // The spec declares hyperparameters_input as a dependency, the contract does not (spec-dependency-undeclared).
    const ontoSpec = rename(project, contract, at(text, '"model_input"', 2), 'hyperparameters_input', read);
    assert.match((ontoSpec as { error: string }).error, /"hyperparameters_input" is already a dependency of MODEL_EVAL_SPEC/);
    const ontoContract = rename(project, contract, at(text, '"model_input"', 2), 'eval_data_input', read);
    assert.match((ontoContract as { error: string }).error, /already an input channel of MODEL_EVAL_CONTRACT/);
    // An output may share an input's name: another mapping.
    assert.ok(Array.isArray(rename(project, contract, at(text, '"model_input"', 2), 'eval_output', read)));
  });

  it('completes logical_name=" (no closing quote) in a spec that never parsed, from its script_contract=', () => {
    const file = join(EXAMPLE, 'specs', 'new_spec.py');
    const typed =
      'from contracts.model_eval_contract import MODEL_EVAL_CONTRACT\n\nNEW_SPEC = StepSpecification(\n    script_contract=MODEL_EVAL_CONTRACT,\n    dependencies=[\n        DependencySpec(logical_name="';
    const lines = typed.split('\n');
    const got = complete(project, file, typed, { line: lines.length - 1, character: lines[lines.length - 1].length }).map((c) => c.label);
    assert.deepEqual(got.sort(), ['code_input', 'eval_data_input', 'model_input']);
  });
});
