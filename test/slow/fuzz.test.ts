// Property-based robustness of the core: mutated versions of the example's
// real files never make analysis throw, findings always lie inside the
// document, and applying any offered fix to a file that parsed leaves it
// parseable. FUZZ_RUNS raises the budget (`npm run fuzz`); `npm test` runs a
// bounded number of cases.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { analyzeText } from '../../server/src/core/analyze';
import { DEFAULT_CONFIG } from '../../server/src/core/config';
import type { Finding } from '../../server/src/core/model';
import type { Project } from '../../server/src/core/project';
import { parsePython } from '../../server/src/core/python/parser';
import { initPythonParser } from '../../server/src/host/python-parser';
import { applyEdits, OverlappingEditsError } from '../../server/src/core/text-edits';
import { loadProject } from '../../server/src/host/loader';

const EXAMPLE = join(__dirname, '..', '..', '..', 'examples', 'seed-pipeline');
const RUNS = Number(process.env.FUZZ_RUNS ?? 150);

const files = ['scripts', 'contracts', 'specs', 'interfaces'].flatMap((d) =>
  readdirSync(join(EXAMPLE, d))
    .filter((f) => f.endsWith('.py') || f.endsWith('.yaml'))
    .map((f) => join(EXAMPLE, d, f)),
);

const TOKENS = [
  '"',
  "'",
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  ':',
  ',',
  '\n',
  '    ',
  '"""',
  'input_paths["',
  'os.environ.get(',
  '/opt/ml/processing/input/',
  '\\',
  '#',
  'def f(',
  'if __name__ == "__main__":\n',
  '\0',
  '\uFEFF',
  '\r\n',
  'é',
  '😀',
  '- ',
  ': &a [*a, *a]',
  '\r',
  '\x1b[2J',
  '\\\n',
  '<<: *a\n',
];

type Mutation = { kind: 'delete' | 'insert' | 'duplicate' | 'truncate' | 'swap'; at: number; len: number; token: number };

function mutate(text: string, m: Mutation): string {
  const at = Math.min(m.at, text.length);
  const end = Math.min(text.length, at + m.len);
  switch (m.kind) {
    case 'delete':
      return text.slice(0, at) + text.slice(end);
    case 'insert':
      return text.slice(0, at) + TOKENS[m.token % TOKENS.length] + text.slice(at);
    case 'duplicate':
      return text.slice(0, end) + text.slice(at, end) + text.slice(end);
    case 'truncate':
      return text.slice(0, at);
    case 'swap': {
      const other = Math.min(text.length, (at * 7 + m.len) % (text.length + 1));
      const [a, b] = at < other ? [at, other] : [other, at];
      return (
        text.slice(0, a) +
        text.slice(b, Math.min(text.length, b + m.len)) +
        text.slice(a + m.len, b) +
        text.slice(a, a + m.len) +
        text.slice(Math.min(text.length, b + m.len))
      );
    }
  }
}

const mutationArb = fc.record({
  kind: fc.constantFrom('delete', 'insert', 'duplicate', 'truncate', 'swap'),
  at: fc.nat({ max: 6000 }),
  len: fc.integer({ min: 1, max: 200 }),
  token: fc.nat({ max: 100 }),
}) as fc.Arbitrary<Mutation>;

function assertRangesInside(findings: Finding[], file: string, text: string) {
  const lines = text.split(/\r\n|\r|\n/);
  for (const f of findings) {
    if (f.file !== file) continue;
    for (const p of [f.range.start, f.range.end]) {
      assert.ok(p.line >= 0 && p.line < Math.max(1, lines.length), `${f.rule} line ${p.line} outside ${lines.length} lines`);
      assert.ok(p.character >= 0 && p.character <= lines[p.line].length, `${f.rule} column ${p.character} outside line ${p.line} (${lines[p.line].length})`);
    }
    const startsFirst = f.range.start.line < f.range.end.line || (f.range.start.line === f.range.end.line && f.range.start.character <= f.range.end.character);
    assert.ok(startsFirst, `${f.rule} range is reversed`);
  }
}

function parses(text: string): boolean {
  const tree = parsePython(text);
  try {
    return !tree.rootNode.hasError;
  } finally {
    tree.delete();
  }
}

describe('fuzzing the core with mutated real files', function () {
  this.timeout(0);
  let project: Project;

  before(async () => {
    await initPythonParser();
    project = (await loadProject(EXAMPLE, { cache: false })).project;
  });

  for (const file of files) {
    const name = file.slice(EXAMPLE.length + 1);
    it(`${name}: never throws, ranges stay inside, fixes keep it parseable`, () => {
      const original = readFileSync(file, 'utf8');
      const entry = project.files.get(file)!;
      let fixesApplied = 0;
      try {
        fc.assert(
          fc.property(fc.array(mutationArb, { minLength: 1, maxLength: 4 }), (mutations) => {
            const text = mutations.reduce(mutate, original);
            const r = analyzeText(file, text, entry.config.config);
            project.setFile({ ...entry, facts: r.facts, skipped: r.skipped });
            const findings = project.check(file);
            assertRangesInside(findings, file, text);
            if (!file.endsWith('.py') || !parses(text)) return;
            for (const f of findings) {
              for (const fix of f.fixes) {
                const edits = fix.edits.filter((e) => e.file === file);
                if (!edits.length) continue;
                let fixed: string;
                try {
                  fixed = applyEdits(text, edits);
                } catch (e) {
                  if (e instanceof OverlappingEditsError) continue;
                  throw e;
                }
                fixesApplied++;
                assert.ok(parses(fixed), `fix "${fix.title}" broke ${name}:\n${fixed}`);
              }
            }
          }),
          { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 20261125) },
        );
      } finally {
        project.setFile(entry);
      }
      assert.ok(fixesApplied >= 0);
    });
  }
});

describe('fuzzer regressions', () => {
  before(() => initPythonParser());

  it('a suppression comment never spans lines (seed 7: "ignore[" closed by a "]" lines below)', () => {
    const text = 'import os\nx = 1  # script-contracts: ignore[hardcoded-path\ny = [1]\n';
    const r = analyzeText('/ws/s.py', text, DEFAULT_CONFIG);
    assert.equal(r.facts?.format, 'python');
    if (r.facts?.format !== 'python') return;
    assert.deepEqual(r.facts.suppressions, []);
  });
});

describe('fuzzer regressions: removing a suppression keeps the rest of the comment a comment', () => {
  before(() => initPythonParser());
  const removeUnused = async (line: string) => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'sc-sup-'));
    try {
      const text = `import os\n\ndef f():\n${line}\n`;
      writeFileSync(join(dir, 'x.py'), text);
      const { project } = await loadProject(dir, { cache: false });
      const f = project.check(join(dir, 'x.py')).find((x) => x.rule === 'unused-suppression')!;
      return applyEdits(text, f.fixes[0].edits).split('\n')[3];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  it('seed 11: text glued after the closing bracket stays commented', async () => {
    assert.equal(await removeUnused('    x = 1  # script-contracts: ignore[hardcoded-path]m.relative_to(src)'), '    x = 1  # m.relative_to(src)');
  });
  it('a comment that is only the suppression goes, with the blanks before it', async () => {
    assert.equal(await removeUnused('    x = 1  # script-contracts: ignore[hardcoded-path]'), '    x = 1');
  });
  it('another comment before the suppression is kept', async () => {
    assert.equal(await removeUnused('    x = 1  # noqa: E501  # script-contracts: ignore[hardcoded-path]'), '    x = 1  # noqa: E501');
  });
});
