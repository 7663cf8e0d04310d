// The bundled example end to end through the core: the planted findings table
// in examples/seed-pipeline/README.md is the oracle, so doc and code cannot drift.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { analyzeText } from '../../server/src/core/analyze';
import { DEFAULT_CONFIG } from '../../server/src/core/config';
import { parsePython } from '../../server/src/core/python/parser';
import { initPythonParser } from '../../server/src/host/python-parser';
import { applyEdits } from '../../server/src/core/text-edits';
import { loadProject } from '../../server/src/host/loader';

const EXAMPLE = join(__dirname, '..', '..', '..', 'examples', 'seed-pipeline');

function plantedFindings(): string[] {
  const readme = readFileSync(join(EXAMPLE, 'README.md'), 'utf8');
  const rows: string[] = [];
  for (const line of readme.split('\n')) {
    // | 1 | scripts/tabular_preprocess.py | 40 | hardcoded-path (...) | warning |
    const m = /^\|\s*\d+\s*\|\s*`?([\w/.-]+\.(?:py|yaml))`?\s*\|\s*(\d+)\s*\|\s*`?([a-z-]+)`?/.exec(line);
    if (m) rows.push(`${m[1]}:${m[2]}:${m[3]}`);
  }
  return rows.sort();
}

describe('the bundled example', function () {
  this.timeout(20000);

  it('yields exactly the findings its README plants', async () => {
    const expected = plantedFindings();
    assert.ok(expected.length >= 20, `the README table has the planted findings (${expected.length})`);
    const { project } = await loadProject(EXAMPLE, { cache: false });
    const actual = [...project.checkAll().values()]
      .flat()
      .map((f) => `${relative(EXAMPLE, f.file)}:${f.range.start.line + 1}:${f.rule}`)
      .sort();
    assert.deepEqual(actual, expected);
  });

  it('leaves every Python file parseable after applying any single offered fix', async () => {
    await initPythonParser();
    const { project } = await loadProject(EXAMPLE, { cache: false });
    let applied = 0;
    for (const finding of [...project.checkAll().values()].flat()) {
      for (const fix of finding.fixes) {
        const files = new Set(fix.edits.map((e) => e.file));
        for (const file of files) {
          if (!file.endsWith('.py')) continue;
          const before = readFileSync(file, 'utf8');
          const after = applyEdits(
            before,
            fix.edits.filter((e) => e.file === file),
          );
          assert.notEqual(after, before, `${fix.title} changes ${file}`);
          const tree = parsePython(after);
          try {
            assert.equal(tree.rootNode.hasError, false, `${fix.title} leaves ${relative(EXAMPLE, file)} unparsable:\n${after}`);
          } finally {
            tree.delete();
          }
          applied++;
        }
        for (const created of fix.createFiles ?? []) {
          const tree = parsePython(created.content);
          try {
            assert.equal(tree.rootNode.hasError, false, `generated ${created.file} parses`);
          } finally {
            tree.delete();
          }
        }
      }
    }
    assert.ok(applied >= 10, `fixes were exercised (${applied})`);
  });

  it('reads half-typed Python without throwing and still finds what can be trusted', async () => {
    await initPythonParser();
    const text = 'import os\n\ndef main(input_paths):\n    x = input_paths["DA\n    y = "/opt/ml/processing/input/data"\n    z = os.environ.get("LABEL\n';
    const r = analyzeText('/ws/s.py', text, DEFAULT_CONFIG);
    assert.equal(r.facts?.format, 'python');
    if (r.facts?.format !== 'python') return;
    assert.ok(r.facts.hasSyntaxErrors);
    assert.ok(r.facts.script.pathUses.some((u) => u.path === '/opt/ml/processing/input/data' && u.context === 'logic'));
  });
});
