// Idioms of real notebooks, each as a trap (what must stay quiet) and a defect
// (what must still be found): SageMaker workshops that define the pipeline in
// code cells and write the scripts with %%writefile, into folders named by a
// variable.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Finding } from '../../server/src/core/model';
import { loadProject } from '../../server/src/host/loader';

const code = (...lines: string[]) => ({
  cell_type: 'code',
  metadata: {},
  execution_count: null,
  outputs: [],
  source: lines.map((l, i) => (i < lines.length - 1 ? `${l}\n` : l)),
});

async function checkNotebook(cells: unknown[]): Promise<{ findings: Finding[]; notices: string[] }> {
  const ws = mkdtempSync(join(tmpdir(), 'sc-nb-idiom-'));
  try {
    writeFileSync(join(ws, 'pipeline.ipynb'), JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells }, null, 1));
    const { project, notices } = await loadProject(ws, { cache: false });
    return { findings: [...project.checkAll().values()].flat(), notices: notices.map((n) => n.message) };
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
}

const PIPELINE = code(
  'from sagemaker.processing import ProcessingInput, ProcessingOutput',
  'step = ProcessingStep(',
  '    name="Preprocess",',
  '    inputs=[ProcessingInput(source=input_data, destination="/opt/ml/processing/input")],',
  '    outputs=[ProcessingOutput(output_name="train", source="/opt/ml/processing/train")],',
  '    code="code/preprocess.py",',
  ')',
);

describe('notebook idioms', function () {
  this.timeout(30000);

  it('trap: code cells that define the pipeline name container paths at the top level, and are no script missing a contract', async () => {
    const { findings } = await checkNotebook([PIPELINE]);
    assert.ok(!findings.some((f) => f.rule === 'missing-contract'), findings.map((f) => f.message).join('\n'));
    // The cells are read as the pipeline definition they are: the step's script is not in the workspace.
    assert.deepEqual(
      findings.map((f) => [f.rule, f.cell?.cell]),
      [['missing-script', 0]],
    );
  });

  it('defect: a %%writefile script that uses container paths, and that no step or contract claims, is one (in its cell)', async () => {
    const script = code('%%writefile code/evaluate.py', 'import pandas as pd', 'df = pd.read_csv("/opt/ml/processing/input/data.csv")');
    const { findings } = await checkNotebook([PIPELINE, script]);
    assert.deepEqual(
      findings.map((f) => [f.rule, f.severity, f.cell?.cell]).filter(([rule]) => rule !== 'missing-script'),
      [['missing-contract', 'information', 1]],
    );
  });

  it('defect: the script a %%writefile cell writes is checked against the SDK step the code cells define', async () => {
    const script = code('%%writefile code/preprocess.py', 'import pandas as pd', 'df = pd.read_csv("/opt/ml/processing/input/data.csv")');
    const { findings } = await checkNotebook([PIPELINE, script]);
    assert.deepEqual(
      findings.map((f) => [f.rule, f.severity, f.cell?.cell]),
      [['unwritten-output', 'warning', 0]],
      'the step declares the output "train", which the script in cell 2 never writes',
    );
  });

  it('trap and defect: a %%writefile into a folder a variable names is read when the variable is a literal bound once', async () => {
    const setup = code('from pathlib import Path', 'CODE_FOLDER = Path("code")', 'CODE_FOLDER.mkdir(parents=True, exist_ok=True)');
    const contract = code(
      'CONTRACT = ScriptContract(',
      '    entry_point="preprocess.py",',
      '    expected_input_paths={"DATA": "/opt/ml/processing/input/data"},',
      '    expected_output_paths={},',
      '    required_env_vars=[],',
      ')',
    );
    const script = code('%%writefile {CODE_FOLDER}/preprocess.py', 'def main(input_paths):', '    return input_paths["data"]');
    const docker = code('%%writefile {CODE_FOLDER}/containers/Dockerfile', 'FROM python:3.11');
    const { findings, notices } = await checkNotebook([setup, contract, script, docker]);
    assert.deepEqual(
      findings.map((f) => [f.rule, f.cell?.cell, f.file.endsWith('/code/preprocess.py')]).sort((a, b) => Number(a[1]) - Number(b[1])),
      [
        ['unused-channel', 1, false],
        ['undeclared-channel', 2, true],
      ],
      'the script the variable names is checked against its contract (which the notebook declares)',
    );
    assert.deepEqual(notices, [], 'and the Dockerfile it writes there is read too, quietly');
  });
});
