// Notebooks through the CLI: the location shapes of every output format, a
// %%writefile cell winning over the file of its path on disk, unreadable and
// huge notebooks, baselines keyed by the notebook.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onlyChanged } from '../../server/src/cli/adoption';
import { loadProject } from '../../server/src/host/loader';
import { useTemporaryCacheDir } from '../support/cache-dir';
import { cli } from '../support/run-cli';

const EXAMPLE = join(__dirname, '..', '..', '..', 'examples', 'notebook');

/** The text of the .ipynb file at a 1-based line and column range. */
function fileText(ws: string, r: { line: number; column: number; endLine: number; endColumn: number }): string {
  const lines = readFileSync(join(ws, 'pipeline.ipynb'), 'utf8').split('\n');
  assert.equal(r.line, r.endLine);
  return lines[r.line - 1].slice(r.column - 1, r.endColumn - 1);
}

describe('notebooks in the CLI', function () {
  this.timeout(30000);
  useTemporaryCacheDir('sc-nb-cli-cache-');
  let ws: string;
  beforeEach(() => {
    ws = mkdtempSync(join(tmpdir(), 'sc-nb-cli-'));
    cpSync(EXAMPLE, ws, { recursive: true });
  });
  afterEach(() => rmSync(ws, { recursive: true, force: true }));

  it('json: the notebook as the file, the cell (1-based) and its id, positions in the cell, and inFile in the .ipynb text', async () => {
    const r = await cli(['check', '--format', 'json', '--no-cache'], ws);
    const findings = JSON.parse(r.out);
    const f = findings.find((x: { rule: string }) => x.rule === 'undeclared-channel');
    assert.deepEqual(Object.keys(f).slice(0, 8), ['file', 'cell', 'cellId', 'line', 'column', 'endLine', 'endColumn', 'inFile']);
    assert.deepEqual([f.file, f.cell, f.cellId, f.line, f.column], ['pipeline.ipynb', 3, 'write-preprocess', 10, 54]);
    assert.equal(fileText(ws, f.inFile), '\\"metadata\\"', 'inFile is where the literal is in the JSON text, escapes and all');
    const mismatch = findings.find((x: { rule: string }) => x.rule === 'path-mismatch');
    assert.equal(mismatch.fixes[0].edits[0].file, 'pipeline.ipynb');
    assert.equal(mismatch.fixes[0].edits[0].cell, 6);
    assert.equal(fileText(ws, mismatch.fixes[0].edits[0].inFile), '\\"/opt/ml/processing/output/eval\\"');
    const unused = findings.find((x: { rule: string }) => x.rule === 'unused-channel');
    assert.equal(unused.cell, 5, 'a contract declared in a code cell is reported in its cell');
    assert.equal(unused.related[0].cell, 6, 'its related script is the %%writefile cell');
  });

  it('sarif: the .ipynb region, a logical location for the cell, the cell region in properties', async () => {
    const r = await cli(['check', '--format', 'sarif', '--no-cache'], ws);
    const results = JSON.parse(r.out).runs[0].results;
    const res = results.find((x: { ruleId: string }) => x.ruleId === 'undeclared-channel');
    const [loc] = res.locations;
    assert.equal(loc.physicalLocation.artifactLocation.uri, 'pipeline.ipynb');
    const g = loc.physicalLocation.region;
    assert.equal(fileText(ws, { line: g.startLine, column: g.startColumn, endLine: g.endLine, endColumn: g.endColumn }), '\\"metadata\\"');
    assert.deepEqual(loc.logicalLocations, [{ name: 'cell 3', fullyQualifiedName: 'pipeline.ipynb:cell 3' }]);
    assert.deepEqual(loc.properties, { cell: 3, cellId: 'write-preprocess', cellRegion: { startLine: 10, startColumn: 54, endLine: 10, endColumn: 64 } });
  });

  it('github: the annotation on the line of the .ipynb file, the cell in its title', async () => {
    const r = await cli(['check', '--format', 'github', '--no-cache'], ws);
    const line = r.out.split('\n').find((l) => l.includes('undeclared-channel'))!;
    const m =
      /^::error file=pipeline\.ipynb,line=(\d+),col=(\d+),endLine=(\d+),endColumn=(\d+),title=script-contracts\(undeclared-channel\) cell 3%3A10::/.exec(line);
    assert.ok(m, line);
    assert.equal(fileText(ws, { line: +m[1], column: +m[2], endLine: +m[3], endColumn: +m[4] }), '\\"metadata\\"');
  });

  it('checks a %%writefile cell, not the file of that path on disk, and says so', async () => {
    // The file on disk is what the notebook wrote once; it has drifted further, but running the notebook overwrites it.
    mkdirSync(join(ws, 'scripts'));
    writeFileSync(join(ws, 'scripts', 'preprocess.py'), 'def main(input_paths):\n    return input_paths["WRONG"]\n');
    const r = await cli(['check', '--format', 'json', '--no-cache', '--fail-on', 'off'], ws);
    const findings = JSON.parse(r.out);
    assert.ok(!findings.some((f: { message: string }) => f.message.includes('WRONG')), 'the file on disk is not read');
    assert.ok(
      findings.some((f: { rule: string; cell?: number }) => f.rule === 'undeclared-channel' && f.cell === 3),
      'the cell is',
    );
    assert.match(r.err, /scripts\/preprocess\.py: not read: cell 3 of pipeline\.ipynb writes this file \(%%writefile\), and is checked instead/);
  });

  it('reports a notebook that is not valid JSON as parse-error at its place, and goes on', async () => {
    writeFileSync(join(ws, 'broken.ipynb'), '{\n "cells": [\n  {"cell_type": "code" "source": []}\n ]\n}\n');
    const r = await cli(['check', '--no-cache', '--fail-on', 'error'], ws);
    assert.equal(r.code, 1);
    assert.match(r.out, /^broken\.ipynb:3:24: error parse-error cannot read this notebook: expected "," or "}"/m);
    assert.match(r.out, /pipeline\.ipynb:cell 3:10:54: error undeclared-channel/, 'the other notebook is still checked');
  });

  it('reads a notebook whose outputs are far over max-file-size, bounded by its cells', async () => {
    const nb = JSON.parse(readFileSync(join(ws, 'pipeline.ipynb'), 'utf8'));
    nb.cells[1].outputs.push({ output_type: 'display_data', metadata: {}, data: { 'image/png': 'iVBORw0KGgo'.repeat(500_000) } });
    writeFileSync(join(ws, 'pipeline.ipynb'), JSON.stringify(nb, null, 1));
    const r = await cli(['check', '--format', 'json', '--no-cache', '--fail-on', 'off'], ws);
    assert.equal(JSON.parse(r.out).length, 5, 'a 5.5 MB notebook with 2 MB max-file-size is read');
    writeFileSync(join(ws, 'script-contracts.toml'), 'max-file-size = 100000\n');
    const small = await cli(['check', '--no-cache', '--fail-on', 'off'], ws);
    assert.match(small.err, /pipeline\.ipynb: skipped: 5\.\d MB is over the 3\.1 MB limit/, 'past 32 x max-file-size it is skipped, with a notice');
  });

  it('reads a notebook from the facts cache the second time, and again from disk once it changed', async () => {
    const first = await cli(['check', '--format', 'json', '--fail-on', 'off'], ws);
    const nbFile = join(ws, 'pipeline.ipynb');
    // A new file: the last result cannot be reused whole, so the facts cache answers for the notebook.
    writeFileSync(join(ws, 'other.py'), 'x = "/opt/ml/processing/input/data"\n');
    const cached = await loadProject(ws);
    assert.equal(cached.stats.parsed, 1, 'only the new file is parsed');
    assert.equal(cached.stats.cached, 2, 'the contract and the notebook come from the cache');
    const second = await cli(['check', '--format', 'json', '--fail-on', 'off'], ws);
    assert.deepEqual(JSON.parse(second.out), JSON.parse(first.out));
    writeFileSync(nbFile, readFileSync(nbFile, 'utf8').replace('input_paths[\\"metadata\\"]', 'input_paths[\\"METADATA\\"]'));
    const third = await cli(['check', '--format', 'json', '--fail-on', 'off'], ws);
    assert.ok(!JSON.parse(third.out).some((f: { rule: string }) => f.rule === 'undeclared-channel'), 'the edited notebook is read again');
  });

  it('--diff keeps a finding in a cell when its line of the .ipynb file changed', async () => {
    const { project } = await loadProject(ws, { cache: false });
    const findings = [...project.checkAll().values()].flat();
    const target = findings.find((f) => f.rule === 'undeclared-channel')!;
    const changed = new Map([[join(ws, 'pipeline.ipynb'), new Set([target.cell!.inFile!.start.line])]]);
    const kept = onlyChanged(findings, changed, project).map((f) => f.rule);
    assert.ok(kept.includes('undeclared-channel'), 'the finding on the changed line');
    assert.ok(!kept.includes('hardcoded-path'), 'not the one on the unchanged line below it');
    // The notebook declares EVALUATE_CONTRACT: a changed notebook is a changed declaration file, whose findings
    // and its scripts' are all kept (as for any contract file).
    assert.deepEqual(kept.sort(), ['path-mismatch', 'undeclared-channel', 'undeclared-env-var', 'unused-channel']);
  });

  it('keys baseline entries by the notebook', async () => {
    const w = await cli(['check', '--write-baseline', '--no-cache'], ws);
    assert.match(w.err, /5 findings accepted/);
    const baseline = JSON.parse(readFileSync(join(ws, '.script-contracts-baseline.json'), 'utf8'));
    assert.deepEqual(Object.keys(baseline.findings), ['pipeline.ipynb']);
    const r = await cli(['check', '--no-cache'], ws);
    assert.equal(r.code, 0);
    assert.match(r.out, /5 findings in the baseline not shown/);
  });
});
