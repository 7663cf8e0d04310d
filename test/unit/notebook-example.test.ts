// The notebook example end to end: the planted findings table in
// examples/notebook/README.md is the oracle, so doc and code cannot drift; and
// --fix on a copy rewrites only the fixed cells' lines in the .ipynb file.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { shownFile } from '../../server/src/core/model';
import { loadProject } from '../../server/src/host/loader';
import { useTemporaryCacheDir } from '../support/cache-dir';
import { cli } from '../support/run-cli';

const EXAMPLE = join(__dirname, '..', '..', '..', 'examples', 'notebook');

function plantedFindings(): string[] {
  const rows: string[] = [];
  for (const line of readFileSync(join(EXAMPLE, 'README.md'), 'utf8').split('\n')) {
    // | 1 | `pipeline.ipynb` | 3 | 10 | `undeclared-channel` | error | ...
    const m = /^\|\s*\d+\s*\|\s*`([\w/.-]+)`\s*\|\s*(\d+)\s*\|\s*(\d+)\s*\|\s*`([a-z-]+)`\s*\|\s*(\w+)/.exec(line);
    if (m) rows.push(`${m[1]}:cell ${m[2]}:${m[3]}:${m[4]}:${m[5]}`);
  }
  return rows.sort();
}

describe('the notebook example', function () {
  this.timeout(30000);
  useTemporaryCacheDir('sc-nb-cache-');

  it('yields exactly the findings its README plants, each in its cell', async () => {
    const expected = plantedFindings();
    assert.equal(expected.length, 5, 'the README table has the planted findings');
    const { project } = await loadProject(EXAMPLE, { cache: false });
    const actual = [...project.checkAll().values()]
      .flat()
      .map((f) => `${relative(EXAMPLE, shownFile(f))}:cell ${(f.cell?.cell ?? -1) + 1}:${(f.cell?.range ?? f.range).start.line + 1}:${f.rule}:${f.severity}`)
      .sort();
    assert.deepEqual(actual, expected);
  });

  it('prints them as file.ipynb:cell N:line:col, and --fix rewrites only the fixed cells', async () => {
    const ws = mkdtempSync(join(tmpdir(), 'sc-nb-example-'));
    try {
      cpSync(EXAMPLE, ws, { recursive: true });
      const before = await cli(['check', '--no-cache', '--fail-on', 'off'], ws);
      assert.match(before.out, /^pipeline\.ipynb:cell 3:10:\d+: error undeclared-channel /m);
      const original = readFileSync(join(ws, 'pipeline.ipynb'), 'utf8');
      const fixed = await cli(['check', '--fix', '--no-cache', '--fail-on', 'off'], ws);
      assert.match(fixed.out, /Fixed 2 findings\./);
      const after = readFileSync(join(ws, 'pipeline.ipynb'), 'utf8');
      const nbBefore = JSON.parse(original);
      const nbAfter = JSON.parse(after);
      // Cells 3 and 6 (index 2 and 5) changed; nothing else did.
      nbAfter.cells.forEach((c: { source: string[] }, i: number) => {
        if (i !== 2 && i !== 5) assert.deepEqual(c, nbBefore.cells[i], `cell ${i + 1} is as it was`);
        else assert.deepEqual({ ...c, source: [] }, { ...nbBefore.cells[i], source: [] }, `only the source of cell ${i + 1} changed`);
      });
      assert.ok(nbAfter.cells[2].source.includes('    extra = pd.read_csv(os.path.join(input_paths["DATA"], "extra.csv"))\n'));
      assert.ok(nbAfter.cells[5].source.includes('    output_paths = {"metrics": "/opt/ml/processing/output/metrics"}\n'));
      // Byte for byte, the file differs only in the two lines the fixes changed.
      const changed = after.split('\n').filter((l, i) => l !== original.split('\n')[i]);
      assert.equal(after.split('\n').length, original.split('\n').length);
      assert.equal(changed.length, 2, changed.join('\n'));
      const again = await cli(['check', '--no-cache', '--fail-on', 'off', '--format', 'json'], ws);
      assert.deepEqual(
        JSON.parse(again.out)
          .map((f: { rule: string }) => f.rule)
          .sort(),
        ['undeclared-channel', 'undeclared-env-var', 'unused-channel'],
      );
    } finally {
      rmSync(ws, { recursive: true, force: true });
    }
  });
});
