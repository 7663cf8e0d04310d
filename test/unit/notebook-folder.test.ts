// An open notebook in the server's folder state: editing one cell analyses only
// the source that cell is in and re-checks only what depends on it; a
// %%writefile target on disk is left alone while the notebook writes it, and is
// the file again once the notebook no longer does.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NotebookCell } from '../../server/src/core/notebook';
import { Folder } from '../../server/src/lsp/folders';
import { useTemporaryCacheDir } from '../support/cache-dir';

const EXAMPLE = join(__dirname, '..', '..', '..', 'examples', 'notebook');

function cellsOf(notebook: string): NotebookCell[] {
  const nb = JSON.parse(readFileSync(notebook, 'utf8')) as { cells: { cell_type: string; source: string[] }[] };
  return nb.cells.map((c) => ({ kind: c.cell_type === 'code' ? 'code' : 'markdown', source: c.source.join('') }));
}

describe('an open notebook in a folder', function () {
  this.timeout(30000);
  useTemporaryCacheDir('sc-nb-folder-cache-');
  let ws: string;
  let notebook: string;
  let folder: Folder;
  beforeEach(async () => {
    ws = mkdtempSync(join(tmpdir(), 'sc-nb-folder-'));
    cpSync(EXAMPLE, ws, { recursive: true });
    // An unrelated step: its contract and script must not be touched by edits in the notebook.
    mkdirSync(join(ws, 'other'));
    writeFileSync(
      join(ws, 'other', 'other_contract.py'),
      'from b import ScriptContract\nOTHER = ScriptContract(entry_point="other.py", expected_input_paths={"X": "/opt/ml/processing/input/x"}, expected_output_paths={}, required_env_vars=[])\n',
    );
    writeFileSync(join(ws, 'other', 'other.py'), 'def main(input_paths):\n    return input_paths["X"]\n');
    notebook = join(ws, 'pipeline.ipynb');
    folder = new Folder(ws);
    await folder.index();
  });
  afterEach(() => rmSync(ws, { recursive: true, force: true }));

  it('re-analyses only the source of the edited cell, and re-checks only its dependents', () => {
    const cells = cellsOf(notebook);
    folder.updateNotebook(notebook, cells);
    const preprocess = join(ws, 'scripts', 'preprocess.py');
    const evaluate = join(ws, 'scripts', 'evaluate.py');
    const factsBefore = new Map([notebook, preprocess, evaluate].map((f) => [f, folder.project.files.get(f)?.facts]));
    assert.ok(factsBefore.get(evaluate), 'the %%writefile target is a file of the project');
    cells[5] = { ...cells[5], source: cells[5].source.replace('/opt/ml/processing/output/eval', '/opt/ml/processing/output/metrics') };
    const affected = folder.updateNotebook(notebook, cells);
    assert.notEqual(folder.project.files.get(evaluate)?.facts, factsBefore.get(evaluate), 'the edited source is analysed again');
    assert.equal(folder.project.files.get(preprocess)?.facts, factsBefore.get(preprocess), 'the other %%writefile source is not');
    assert.equal(folder.project.files.get(notebook)?.facts, factsBefore.get(notebook), 'nor are the code cells');
    for (const f of ['other/other.py', 'other/other_contract.py', 'contracts/preprocess_contract.py'])
      assert.ok(!affected.has(join(ws, f)), `${f} is not re-checked`);
    assert.ok(affected.has(evaluate));
    assert.ok(!folder.project.check(evaluate).some((f) => f.rule === 'path-mismatch'), 'the edit fixed the wiring');
  });

  it('leaves the file on disk of a %%writefile target alone while the notebook writes it, and reads it again when it stops', () => {
    const evaluate = join(ws, 'scripts', 'evaluate.py');
    mkdirSync(join(ws, 'scripts'));
    writeFileSync(evaluate, 'def main(input_paths):\n    return input_paths["ON_DISK"]\n');
    const cells = cellsOf(notebook);
    folder.updateNotebook(notebook, cells);
    assert.equal(folder.updateFromDisk(evaluate).size, 0, 'a change on disk is not read while the notebook writes the file');
    assert.equal(folder.project.files.get(evaluate)?.notebook?.notebook, notebook);
    // The cell stops writing it (it becomes a plain code cell).
    cells[5] = { ...cells[5], source: cells[5].source.replace('%%writefile scripts/evaluate.py\n', '') };
    const affected = folder.updateNotebook(notebook, cells);
    assert.ok(affected.has(evaluate));
    assert.equal(folder.project.files.get(evaluate)?.notebook, undefined, 'the file on disk is the file again');
    assert.ok(folder.project.check(evaluate).some((f) => f.message.includes('ON_DISK')));
  });
});
