// Safe fixes are safe by construction (docs/fixes.md): applying every one of them, on every rule
// fixture and on the bundled example, leaves files that parse, makes no new finding appear, and
// makes only edits of the shapes the rule allows: an insertion, a string literal replaced by a
// string literal, a path literal replaced by the accessor of a key the entry block wires, or a
// stale suppression comment removed.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Finding, TextEdit } from '../../server/src/core/model';
import { planSafeFixes } from '../../server/src/core/fixes';
import { writeSafeFixes } from '../../server/src/host/fix-writer';
import { loadProject } from '../../server/src/host/loader';
import { WorkspaceRoot } from '../../server/src/host/workspace-paths';
import { parsePython } from '../../server/src/core/python/parser';
import { initPythonParser } from '../../server/src/host/python-parser';
import { FIXTURES, fixtureCases, fixtureFiles } from '../support/fixture-files';
import { parseFixture } from '../support/markers';

const EXAMPLE = join(__dirname, '..', '..', '..', 'examples', 'seed-pipeline');

const key = (f: Finding) => `${f.file} ${f.rule} ${f.message}`;

function textAt(text: string, e: TextEdit): string {
  const lines = text.split('\n');
  if (e.range.start.line === e.range.end.line) return lines[e.range.start.line].slice(e.range.start.character, e.range.end.character);
  return [
    lines[e.range.start.line].slice(e.range.start.character),
    ...lines.slice(e.range.start.line + 1, e.range.end.line),
    lines[e.range.end.line].slice(0, e.range.end.character),
  ].join('\n');
}

/** Which allowed shape an edit has, or undefined. */
function shapeOf(before: string, e: TextEdit, wiredKeys: Set<string>): string | undefined {
  const old = textAt(before, e);
  if (old === '') return 'insertion';
  const literal = /^[rRuU]?(["'])[^"'\n]*\1$/;
  if (literal.test(old) && literal.test(e.newText)) return 'literal for literal';
  // The path literal (alone, or the head of a join) becomes the accessor of a key the entry block wires.
  const accessor = /(\w+)\[(["'])([^"']+)\2\]/.exec(e.newText);
  const firstLiteral = /[rRuU]?(["'])[^"'\n]*\1/.exec(old);
  if (accessor && firstLiteral && wiredKeys.has(accessor[3]) && old.replace(firstLiteral[0], accessor[0]) === e.newText) return 'accessor of a wired key';
  // property-path-mismatch: the key of `Outputs['X']` inside a property path becomes the output's logical name.
  const line = before.split('\n')[e.range.start.line] ?? '';
  const ahead = line.slice(0, e.range.start.character);
  if (/^[\w-]+$/.test(old) && /^[\w-]+$/.test(e.newText) && /Outputs\[\s*["']$/.test(ahead) && /^["']\s*\]/.test(line.slice(e.range.end.character)))
    return 'processing output key for the logical name';
  // os.path.join of string literals becomes the POSIX join of the same literals (windows-unsafe-join).
  const join = /^os\.path\.join\(\s*((?:[rRuU]?"[^"\n]*"\s*,?\s*)+)\)$/.exec(old);
  if (join) {
    const parts = [...join[1].matchAll(/"([^"\n]*)"/g)].map((m) => m[1]);
    const posix = parts.reduce((acc, p) => (p.startsWith('/') || !acc ? p : `${acc.replace(/\/$/, '')}/${p}`), '');
    if (e.newText === JSON.stringify(posix)) return 'posix literal for a join of literals';
  }
  if (e.newText === '' && /#\s*script-contracts:/.test(old)) return 'suppression removed';
  if (/#\s*script-contracts:/.test(old)) return 'suppression narrowed';
  return undefined;
}

async function checkSafeFixes(dir: string): Promise<number> {
  const first = await loadProject(dir, { cache: false });
  const before = [...first.project.checkAll().values()].flat();
  const plan = planSafeFixes(before, () => true);
  const texts = new Map<string, string>();
  for (const file of plan.editsByFile.keys()) texts.set(file, readFileSync(file, 'utf8'));
  const wiredKeys = new Set<string>();
  for (const entry of first.project.files.values()) {
    if (entry.facts?.format === 'python') for (const w of entry.facts.script.wiring) if (!w.fallback) wiredKeys.add(w.key);
  }
  for (const [file, edits] of plan.editsByFile) {
    for (const e of edits)
      assert.ok(
        shapeOf(texts.get(file)!, e, wiredKeys),
        `${file}: a safe fix of a shape no rule allows: ${JSON.stringify(textAt(texts.get(file)!, e))} → ${JSON.stringify(e.newText)}`,
      );
  }
  const outcome = writeSafeFixes(before, first.project, WorkspaceRoot.of(dir));
  assert.deepEqual(outcome.refused, [], 'nothing refused');
  for (const file of outcome.written) {
    if (!file.endsWith('.py')) continue;
    const tree = parsePython(readFileSync(file, 'utf8'));
    try {
      assert.equal(tree.rootNode.hasError, false, `${file} still parses`);
    } finally {
      tree.delete();
    }
  }
  const after = [...(await loadProject(dir, { cache: false })).project.checkAll().values()].flat();
  const remaining = new Map<string, number>();
  for (const f of before) remaining.set(key(f), (remaining.get(key(f)) ?? 0) + 1);
  const appeared = after.filter((f) => {
    const n = remaining.get(key(f)) ?? 0;
    remaining.set(key(f), n - 1);
    return n <= 0;
  });
  assert.deepEqual(
    appeared.map((f) => `${f.rule}: ${f.message}`),
    [],
    'applying the safe fixes made no new finding appear',
  );
  return outcome.fixed;
}

describe('safe fixes keep behaviour', function () {
  this.timeout(60000);
  before(() => initPythonParser());

  it('on the bundled example: every safe fix applied at once, nothing new reported', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sc-fix-safety-'));
    try {
      cpSync(EXAMPLE, dir, { recursive: true });
      assert.equal(await checkSafeFixes(dir), 4);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('every missing key of one dict literal is added in one pass', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sc-fix-safety-'));
    try {
      const files = parseFixture(`//- /contracts/s_contract.py
S_CONTRACT = ScriptContract(
    entry_point="s.py",
    expected_input_paths={"A": "/opt/ml/processing/input/a", "B": "/opt/ml/processing/input/b"},
    expected_output_paths={},
    required_env_vars=["X", "Y"],
)
//- /s.py
import os


def main(input_paths, environ_vars):
    return input_paths["A"], input_paths["B"], environ_vars.get("X", "1"), environ_vars.get("Y", "2")


if __name__ == "__main__":
    input_paths = {
        "C": "/opt/ml/processing/input/c",
    }
    environ_vars = {
        "Z": os.environ.get("Z", ""),
    }
    main(input_paths, environ_vars)
`);
      for (const [name, text] of files) {
        mkdirSync(dirname(join(dir, name)), { recursive: true });
        writeFileSync(join(dir, name), text);
      }
      assert.equal(await checkSafeFixes(dir), 4, 'two wiring keys and two bridge keys');
      const script = readFileSync(join(dir, 's.py'), 'utf8');
      assert.match(script, /"A": "\/opt\/ml\/processing\/input\/a",\n\s+"B": "\/opt\/ml\/processing\/input\/b",/);
      assert.match(
        script,
        /"X": os\.environ\.get\("X", "1"\),\n\s+"Y": os\.environ\.get\("Y", "2"\),/,
        "the logic's own defaults, so an unset variable reads as before",
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  for (const file of fixtureFiles()) {
    it(`on every case of ${file}`, async () => {
      for (const c of fixtureCases(join(FIXTURES, file))) {
        const dir = mkdtempSync(join(tmpdir(), 'sc-fix-safety-'));
        try {
          for (const [name, text] of parseFixture(c.text)) {
            mkdirSync(dirname(join(dir, name)), { recursive: true });
            writeFileSync(join(dir, name), text);
          }
          await checkSafeFixes(dir);
        } catch (e) {
          (e as Error).message = `${c.name}: ${(e as Error).message}`;
          throw e;
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }
    });
  }
});
