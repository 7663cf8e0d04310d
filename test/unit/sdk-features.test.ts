// Editor features on the SDK example: completion of a training step's SM_CHANNEL_ variables, go to
// definition from a script's container path to the ProcessingInput that mounts it, rename refusals.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { complete } from '../../server/src/core/features/completion';
import { definition, prepareRename } from '../../server/src/core/features/navigation';
import type { Position } from '../../server/src/core/model';
import type { Project } from '../../server/src/core/project';
import { loadProject } from '../../server/src/host/loader';

const EXAMPLE = join(__dirname, '..', '..', '..', 'examples', 'sdk-pipeline');
const at = (text: string, needle: string, offset = 0): Position => {
  const i = text.indexOf(needle);
  assert.ok(i >= 0, `${needle} is in the file`);
  const before = text.slice(0, i + offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
};

describe('editor features on SDK pipeline definitions', function () {
  this.timeout(20000);
  let project: Project;
  before(async () => {
    project = (await loadProject(EXAMPLE, { cache: false })).project;
  });

  it('completes the training channels after SM_CHANNEL_ in os.environ[...]', () => {
    const file = join(EXAMPLE, 'train.py');
    const text = readFileSync(file, 'utf8').replace('os.environ["SM_CHANNEL_TRAINING"]', 'os.environ["SM_CHANNEL_');
    const labels = complete(project, file, text, at(text, 'os.environ["SM_CHANNEL_', 'os.environ["SM_CHANNEL_'.length)).map((c) => c.label);
    assert.ok(labels.includes('SM_CHANNEL_TRAIN') && labels.includes('SM_CHANNEL_VALIDATION'), labels.join(', '));
    assert.ok(!labels.includes('SM_CHANNEL_TRAINING'));
  });

  it("completes a step's hyperparameters and arguments, as the step passes them, in add_argument(...)", () => {
    const train = join(EXAMPLE, 'train.py');
    const text = readFileSync(train, 'utf8').replace('parser.add_argument("--lr"', 'parser.add_argument("--');
    const items = complete(project, train, text, at(text, 'parser.add_argument("--', 'parser.add_argument("--'.length));
    assert.deepEqual(
      items.map((c) => c.label),
      ['--n-estimators', '--learning-rate'],
    );
    assert.ok(
      items.every((c) => c.detail === 'hyperparameter of TrainModel'),
      items.map((c) => c.detail).join(', '),
    );
    const prep = join(EXAMPLE, 'preprocess.py');
    const ptext = readFileSync(prep, 'utf8').replace('parser.add_argument("--train-ratio"', 'parser.add_argument("');
    const pitems = complete(project, prep, ptext, at(ptext, 'parser.add_argument("', 'parser.add_argument("'.length));
    assert.deepEqual(
      pitems.map((c) => c.label),
      ['--train-ratio', '--seed'],
    );
    assert.match(pitems[1].documentation ?? '', /`--seed` with the value `42`/);
  });

  it('goes from a container path in a script to the ProcessingInput that declares it', () => {
    const file = join(EXAMPLE, 'evaluate.py');
    const text = readFileSync(file, 'utf8');
    const [target] = definition(project, file, at(text, '/opt/ml/processing/test/test.csv', 3));
    assert.ok(target, 'a definition is found');
    assert.equal(target.file, join(EXAMPLE, 'pipeline.py'));
    const line = readFileSync(target.file, 'utf8').split('\n')[target.range.start.line];
    assert.match(line, /ProcessingInput\(|destination="\/opt\/ml\/processing\/test"/);
  });

  it('refuses to rename a derived name, an output other steps read, and a training channel', () => {
    const file = join(EXAMPLE, 'pipeline.py');
    const text = readFileSync(file, 'utf8');
    const output = prepareRename(project, file, at(text, 'output_name="validation"', 'output_name="'.length + 1));
    assert.ok('error' in output && /Outputs/.test(output.error), JSON.stringify(output));
    const channel = prepareRename(project, file, at(text, '"train": TrainingInput', 2));
    assert.ok('error' in channel && /SM_CHANNEL_/.test(channel.error), JSON.stringify(channel));
    const derived = prepareRename(project, file, at(text, 'ProcessingInput(source=step_train', 3));
    assert.ok('error' in derived && /derives/.test(derived.error), JSON.stringify(derived));
    const input = prepareRename(project, file, at(text, 'input_name="raw"', 'input_name="'.length + 1));
    assert.ok(!('error' in input), 'a processing input named only in the definition can be renamed');
  });
});
