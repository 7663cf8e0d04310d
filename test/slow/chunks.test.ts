// The top-level statement scanner and the partial parse built on it: the
// scanner on tricky layouts, and facts from a partial parse deep-equal to facts
// from a full parse on every Python file of the example and of the 1x bench
// workspace.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeText, PARTIAL_MIN_SIZE, partialFacts } from '../../server/src/core/analyze';
import { chunkModule, planPartial, scanLines } from '../../server/src/core/python/chunks';
import { parsePython } from '../../server/src/core/python/parser';
import { initPythonParser } from '../../server/src/host/python-parser';
import { extractPython } from '../../server/src/core/python/extract';
import { ConfigResolver } from '../../server/src/host/loader';

const ROOT = join(__dirname, '..', '..', '..');

/** [kind, text] of each top-level statement. */
function chunksOf(text: string): [string, string][] | undefined {
  const mc = chunkModule(text);
  return mc?.chunks.map((c) => [c.kind, text.slice(c.start, c.end)]);
}

describe('python/chunks: top-level statements', () => {
  it('splits simple statements, defs and classes, leaving comments and blank lines out', () => {
    const text = 'import os\n\n# a comment\nX = 1\n\ndef f(a):\n    return a\n\n\nclass C(Base):\n    y = 2\n';
    assert.deepEqual(chunksOf(text), [
      ['stmt', 'import os\n'],
      ['stmt', 'X = 1\n'],
      ['def', 'def f(a):\n    return a\n'],
      ['class', 'class C(Base):\n    y = 2\n'],
    ]);
  });

  it('does not start statements inside triple-quoted strings holding column-0 lines', () => {
    const text = "DOC = \"\"\"\ndef not_a_def():\nclass Nope:\n'''\n\"\"\"\nY = r'''\nx = 1\n\\'''\n'''\nZ = b\"x\"\n";
    assert.deepEqual(chunksOf(text), [
      ['stmt', 'DOC = """\ndef not_a_def():\nclass Nope:\n\'\'\'\n"""\n'],
      ['stmt', "Y = r'''\nx = 1\n\\'''\n'''\n"],
      ['stmt', 'Z = b"x"\n'],
    ]);
  });

  it('handles prefixed and empty strings, and quotes inside the other quote', () => {
    const text = 'A = f"{x}" + rb\'\\\'\' + ""\nB = "it\'s # not a comment"  # but this is (\nC = 3\n';
    assert.deepEqual(
      chunksOf(text)?.map((c) => c[1]),
      ['A = f"{x}" + rb\'\\\'\' + ""\n', 'B = "it\'s # not a comment"  # but this is (\n', 'C = 3\n'],
    );
  });

  it('keeps brackets spanning lines together, including column-0 lines and comments inside', () => {
    const text = 'CALL = dict(\na=1,\n# inside\n    b=[\n1,\n],\n)\nNEXT = 2\n';
    assert.deepEqual(chunksOf(text), [
      ['stmt', 'CALL = dict(\na=1,\n# inside\n    b=[\n1,\n],\n)\n'],
      ['stmt', 'NEXT = 2\n'],
    ]);
  });

  it('joins decorators to the def/class they decorate', () => {
    const text = '@dataclass\n@other(\n  x=1,\n)\nclass D:\n    a: int\n\n@cache\nasync def g():\n    pass\n';
    assert.deepEqual(chunksOf(text), [
      ['class', '@dataclass\n@other(\n  x=1,\n)\nclass D:\n    a: int\n'],
      ['def', '@cache\nasync def g():\n    pass\n'],
    ]);
  });

  it('joins else/elif/except/finally at column 0 to the previous statement', () => {
    const text =
      'try:\n    import x\nexcept ImportError:\n    x = None\nelse:\n    pass\nfinally:\n    y = 1\nif a:\n    b\n# between\nelif c:\n    d\nelse:\n    e\nZ = 1\n';
    assert.deepEqual(chunksOf(text), [
      ['stmt', 'try:\n    import x\nexcept ImportError:\n    x = None\nelse:\n    pass\nfinally:\n    y = 1\n'],
      ['stmt', 'if a:\n    b\n# between\nelif c:\n    d\nelse:\n    e\n'],
      ['stmt', 'Z = 1\n'],
    ]);
  });

  it('follows backslash continuations (in code and in strings)', () => {
    const text = 'X = 1 + \\\n2\nS = "a\\\nb"\ndef f(a, \\\nb):\n    return a\n';
    assert.deepEqual(chunksOf(text), [
      ['stmt', 'X = 1 + \\\n2\n'],
      ['stmt', 'S = "a\\\nb"\n'],
      ['def', 'def f(a, \\\nb):\n    return a\n'],
    ]);
  });

  it('handles CRLF line endings and counts rows by LF', () => {
    const text = 'import os\r\n\r\ndef f():\r\n    """doc\r\n"""\r\n    return 1\r\nX = (\r\n1)\r\n';
    assert.deepEqual(chunksOf(text), [
      ['stmt', 'import os\r\n'],
      ['def', 'def f():\r\n    """doc\r\n"""\r\n    return 1\r\n'],
      ['stmt', 'X = (\r\n1)\r\n'],
    ]);
    const lines = scanLines(text)!;
    assert.deepEqual(
      lines.map((l) => [l.row, l.endRow, l.endCol]),
      [
        [0, 1, 0],
        [2, 3, 0],
        [3, 5, 0],
        [5, 6, 0],
        [6, 8, 0],
      ],
    );
  });

  it('gives the end column of a last line without a newline', () => {
    const lines = scanLines('x = 1\ny = (2,\n 3)')!;
    assert.deepEqual(
      lines.map((l) => [l.row, l.endRow, l.endCol]),
      [
        [0, 1, 0],
        [1, 2, 3],
      ],
    );
  });

  it('gives up on text it cannot follow', () => {
    assert.equal(chunkModule('x = (1,\n'), undefined, 'unclosed bracket');
    assert.equal(chunkModule('x = 1)\n'), undefined, 'stray closing bracket');
    assert.equal(chunkModule('x = """abc\n'), undefined, 'unterminated triple-quoted string');
    assert.equal(chunkModule('x = "abc\ny = 1\n'), undefined, 'unterminated string');
    assert.equal(chunkModule('    x = 1\n'), undefined, 'unexpected indent');
    assert.equal(chunkModule('else:\n    pass\n'), undefined, 'else without a statement');
    assert.equal(chunkModule('@deco\nx = 1\n'), undefined, 'decorator without def');
    assert.equal(chunkModule('x = 1\ry = 2\n'), undefined, 'lone CR');
  });

  it('stubs defs and classes without hits, keeping headers, imports, returns and class fields', () => {
    const text = [
      'import os',
      'def quiet(a):',
      '    """Doc."""',
      '    for i in range(3):',
      '        a += i',
      '    from x import Y',
      '    return Y',
      'class K(Base):',
      '    field: int = 1',
      '    @property',
      '    def m(self):',
      '        return 1',
      '    other = 2',
      'def loud():',
      '    return os.environ["X"]',
      '',
    ].join('\n');
    const plan = planPartial(text, { words: ['environ'], literals: [], constantMarkers: [] })!;
    const parsed = plan.segments.map((s) => text.slice(s.start, s.end)).join('');
    assert.equal(
      parsed,
      [
        'import os',
        'def quiet(a):',
        '    from x import Y',
        '    return Y',
        'class K(Base):',
        '    field: int = 1',
        '    other = 2',
        'def loud():',
        '    return os.environ["X"]',
        '',
      ].join('\n'),
    );
  });
});

// ---------------------------------------------------------------------------
// Equivalence of partial and full parses on real workspaces.

function pythonFiles(dir: string, out: string[] = []): string[] {
  for (const d of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, d.name);
    if (d.isDirectory()) pythonFiles(full, out);
    else if (d.name.endsWith('.py')) out.push(full);
  }
  return out.sort();
}

describe('python/chunks: partial parse gives the same facts as a full parse', function () {
  this.timeout(120000);
  let generated: string | undefined;
  before(async () => {
    await initPythonParser();
  });
  after(() => {
    if (generated) rmSync(generated, { recursive: true, force: true });
  });

  const workspaces = (): string[] => {
    const bench = join(ROOT, 'bench', 'workspaces', 's100-seed1');
    if (existsSync(bench)) return [join(ROOT, 'examples', 'seed-pipeline'), bench];
    generated = mkdtempSync(join(tmpdir(), 'sc-chunks-'));
    const r = spawnSync(process.execPath, [join(ROOT, 'bench', 'generate.mjs'), '--steps', '100', '--out', join(generated, 'ws')], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return [join(ROOT, 'examples', 'seed-pipeline'), join(generated, 'ws')];
  };

  it('for every .py file of examples/seed-pipeline and the 1x bench workspace', () => {
    let files = 0;
    let big = 0;
    let bigPartial = 0;
    let partial = 0;
    let parsed = 0;
    let total = 0;
    for (const ws of workspaces()) {
      const resolver = new ConfigResolver();
      for (const file of pythonFiles(ws)) {
        const text = readFileSync(file, 'utf8');
        const config = resolver.forFile(file).config;
        const tree = parsePython(text);
        const full = extractPython(tree, text, config);
        tree.delete();
        files++;
        total += text.length;
        // Whatever the file's size: the threshold is a cost decision, not a correctness one.
        const facts = partialFacts(text, config);
        if (text.length >= PARTIAL_MIN_SIZE) big++;
        if (!facts) continue;
        partial++;
        if (text.length >= PARTIAL_MIN_SIZE) bigPartial++;
        assert.deepStrictEqual(facts, full, `partial facts differ for ${file}`);
        // And through analyzeText, both ways.
        const a = analyzeText(file, text, config, { partial: true }).facts;
        const b = analyzeText(file, text, config, { partial: false }).facts;
        assert.deepStrictEqual(a, b, `analyzeText facts differ for ${file}`);
        parsed++;
      }
    }
    assert.ok(files > 400, `only ${files} files`);
    assert.ok(big > 150 && bigPartial >= big * 0.9, `only ${bigPartial} of ${big} large files took the partial parse`);
    assert.ok(partial >= bigPartial);
    assert.ok(total > 0 && parsed > 0);
  });

  it('keeps whole-file parses for callers that keep the tree', () => {
    const text = 'import os\n\n' + Array.from({ length: 400 }, (_, i) => `def f${i}(a):\n    return a + ${i}\n`).join('\n');
    const config = new ConfigResolver().forDir(tmpdir()).config;
    const r = analyzeText('/x/big.py', text, config, { keepTree: true });
    try {
      assert.ok(r.tree);
      assert.equal(r.tree!.rootNode.namedChildren.length, 401);
      assert.equal(r.tree!.rootNode.descendantForIndex(text.indexOf('a + 399'))?.type, 'identifier');
    } finally {
      r.tree?.delete();
    }
  });

  it('falls back to a full parse when the parsed part has a syntax error, and still reports it', () => {
    const body = Array.from({ length: 300 }, (_, i) => `def f${i}(a):\n    return a + ${i}\n`).join('\n');
    const text = `import os\nX = (1 +\n    )\n${body}`;
    const config = new ConfigResolver().forDir(tmpdir()).config;
    assert.equal(partialFacts(text, config), undefined);
    const facts = analyzeText('/x/bad.py', text, config).facts;
    assert.equal(facts?.format === 'python' && facts.hasSyntaxErrors, true);
  });

  it('falls back when a path constant or an os alias was not known to the plan', () => {
    const body = Array.from({ length: 300 }, (_, i) => `def f${i}(a):\n    return a + ${i}\n`).join('\n');
    const config = new ConfigResolver().forDir(tmpdir()).config;
    const split = `P = "/opt/" "ml/input/data"\n${body}\ndef use():\n    return open(P)\n`;
    assert.equal(partialFacts(split, config), undefined);
    const tree = parsePython(split);
    assert.deepStrictEqual(analyzeText('/x/s.py', split, config).facts, extractPython(tree, split, config));
    tree.delete();
    const alias = `from os import environ as E\n${body}\ndef use():\n    return E["X"]\n`;
    assert.equal(partialFacts(alias, config), undefined);
  });
});
