// The components example end to end through the core: the planted findings table in
// examples/components/README.md is the oracle, so doc and code cannot drift. Then the editor
// features on component definitions: completion of channels and flags in a command, navigation
// from a placeholder to its declaration, hover, code lens, and the rename a component refuses.
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Azure ML placeholders (${{inputs.x}}) are literal text here.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { analyzeText } from '../../server/src/core/analyze';
import { DEFAULT_CONFIG } from '../../server/src/core/config';
import { complete } from '../../server/src/core/features/completion';
import { codeLenses, definition, hover, prepareRename, references } from '../../server/src/core/features/navigation';
import type { Position } from '../../server/src/core/model';
import type { Project } from '../../server/src/core/project';
import { applyEdits } from '../../server/src/core/text-edits';
import { loadProject } from '../../server/src/host/loader';

const EXAMPLE = join(__dirname, '..', '..', '..', 'examples', 'components');

function plantedFindings(): string[] {
  const readme = readFileSync(join(EXAMPLE, 'README.md'), 'utf8');
  const rows: string[] = [];
  for (const line of readme.split('\n')) {
    // | 1 | `azureml/components/train.yml` | 20 | `unused-channel` | warning | ... |
    const m = /^\|\s*\d+\s*\|\s*`?([\w/.-]+\.(?:py|ya?ml))`?\s*\|\s*(\d+)\s*\|\s*`?([a-z-]+)`?\s*\|\s*(\w+)\s*\|/.exec(line);
    if (m) rows.push(`${m[1]}:${m[2]}:${m[3]}:${m[4]}`);
  }
  return rows.sort();
}

const at = (text: string, needle: string, offset = 0): Position => {
  const i = text.indexOf(needle);
  assert.ok(i >= 0, `${needle} is in the fixture`);
  const before = text.slice(0, i + offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
};

describe('the components example', function () {
  this.timeout(20000);
  let project: Project;
  before(async () => {
    project = (await loadProject(EXAMPLE, { cache: false })).project;
  });

  it('yields exactly the findings its README plants, at their severities', () => {
    const expected = plantedFindings();
    assert.ok(expected.length >= 10, `the README table has the planted findings (${expected.length})`);
    const actual = [...project.checkAll().values()]
      .flat()
      .map((f) => `${relative(EXAMPLE, f.file)}:${f.range.start.line + 1}:${f.rule}:${f.severity}`)
      .sort();
    assert.deepEqual(actual, expected);
  });

  it('offers the declared name for each misspelled placeholder, and the fix makes the finding go away', () => {
    const placeholders = [...project.checkAll().values()].flat().filter((f) => f.rule === 'undeclared-placeholder');
    assert.equal(placeholders.length, 2);
    for (const f of placeholders) {
      assert.equal(f.fixes.length, 1, f.message);
      const text = readFileSync(f.file, 'utf8');
      const after = applyEdits(text, f.fixes[0].edits);
      const facts = analyzeText(f.file, after, DEFAULT_CONFIG).facts;
      assert.equal(facts?.format, 'yaml');
      const components = facts?.format === 'yaml' ? (facts.components ?? []) : [];
      assert.equal(components.length, 1);
      const refs = components.flatMap((c) => c.component?.references ?? []);
      const declared = new Set(components.flatMap((c) => [...c.inputs, ...c.outputs].map((ch) => `${ch.direction}:${ch.name}`)));
      for (const r of refs) assert.ok(declared.has(`${r.direction}:${r.name}`), `${r.name} is declared after the fix in ${relative(EXAMPLE, f.file)}`);
    }
  });

  /** Completion labels with `typed` inserted at the start of the line holding `needle`, the cursor after it. */
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

  it('completes channel names inside an Azure ML placeholder, by direction', () => {
    const file = 'azureml/components/train.yml';
    assert.deepEqual(labels(file, '${{inputs.learning_rate}}', '${{inputs.'), ['learning_rate', 'training_data', 'use_scaling']);
    assert.deepEqual(labels(file, '${{outputs.model_output}}', '${{outputs.mo'), ['metrics', 'model_output']);
  });

  it('completes channel names inside a Kubeflow placeholder, by direction', () => {
    const file = 'kubeflow/train/component.yaml';
    assert.deepEqual(labels(file, '{inputValue: Batch Size}', '{inputValue: '), ['Batch Size', 'Dropout', 'Learning Rate', 'Preprocessed Data']);
    assert.deepEqual(labels(file, '{outputPath: Model}', '{outputPath: '), ['Trained Model']);
  });

  it('completes the flags the program adds and the command does not pass yet, as the parser spells them', () => {
    assert.deepEqual(labels('azureml/components/train.yml', '  --data ${{inputs.trainig_data}}', '  --'), ['--learning_rate', '--model_dir', '--seed']);
    assert.deepEqual(labels('kubeflow/train/component.yaml', '      --batch-size,', '      --'), ['--batch_size', '--dropout']);
  });

  it('gives nothing in a YAML file that is not a component', () => {
    const file = join(EXAMPLE, 'azureml', 'environment.yml');
    const text = 'name: sklearn-env\ndependencies:\n  - python=3.11\n  - pip:\n    - --\n    - os.environ["\n';
    assert.deepEqual(analyzeText(file, text, DEFAULT_CONFIG), { unparsed: true });
    assert.deepEqual(complete(project, file, text, { line: 4, character: 8 }), []);
    assert.deepEqual(complete(project, file, text, { line: 5, character: 17 }), []);
  });

  it('goes from a placeholder to its declaration, and finds every placeholder of a channel', () => {
    const file = join(EXAMPLE, 'azureml', 'components', 'train.yml');
    const text = readFileSync(file, 'utf8');
    const defs = definition(project, file, at(text, '${{inputs.learning_rate}}', 12));
    assert.equal(defs.length, 1);
    assert.equal(defs[0].range.start.line + 1, 10);
    const refs = references(project, file, at(text, '  learning_rate:', 4), true);
    assert.deepEqual(
      refs.map((r) => `${r.range.start.line + 1}:${r.range.start.character}`),
      ['10:2', `29:${'  --learning-rate ${{inputs.'.length}`],
    );
  });

  it('hovers a component channel with its type and whether the command passes it', () => {
    const file = join(EXAMPLE, 'kubeflow', 'train', 'component.yaml');
    const text = readFileSync(file, 'utf8');
    const h = hover(project, file, at(text, 'Dropout', 2));
    assert.ok(h);
    assert.match(h.markdown, /input `Dropout`\*\* of Kubeflow component "Train"/);
    assert.match(h.markdown, /type Float/);
    assert.match(h.markdown, /Never passed by its command/);
    assert.doesNotMatch(h.markdown, /Container path/);
  });

  it('refuses to rename a component channel: the pipelines that bind it by name are not all known', () => {
    const file = join(EXAMPLE, 'azureml', 'components', 'train.yml');
    const text = readFileSync(file, 'utf8');
    const r = prepareRename(project, file, at(text, '${{outputs.model_output}}', 14));
    assert.match((r as { error: string }).error, /bind the outputs of Azure ML command component "train_model" by name/);
  });

  it('counts the channels a component passes in its code lens', () => {
    const file = join(EXAMPLE, 'kubeflow', 'train', 'component.yaml');
    const lens = codeLenses(project, file).map((l) => l.title);
    assert.deepEqual(lens, ['script: train.py · inputs 3/4 passed · outputs 0/1 passed']);
  });
});
