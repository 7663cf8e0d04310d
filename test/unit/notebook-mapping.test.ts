// The notebook → sources transform (core/notebook.ts) and the .ipynb reader
// (host/notebook-file.ts): which cells become which files, positions both
// ways, IPython syntax blanked at unchanged positions, and the file layout.
import assert from 'node:assert/strict';
import { analyzeText } from '../../server/src/core/analyze';
import { DEFAULT_CONFIG } from '../../server/src/core/config';
import {
  blankIPython,
  cellLocation,
  fileColumnOf,
  fromCell,
  literalNames,
  notebookSources,
  toCell,
  toCellRange,
  writefileMagic,
  type NotebookCell,
} from '../../server/src/core/notebook';
import { parsePython } from '../../server/src/core/python/parser';
import { lineStarts, offsetAt } from '../../server/src/core/text-edits';
import { readNotebookText, sourceLines, withCellSources } from '../../server/src/host/notebook-file';
import { initPythonParser } from '../../server/src/host/python-parser';

const code = (source: string, id?: string): NotebookCell => ({ kind: 'code', source, ...(id ? { id } : {}) });
const md = (source: string): NotebookCell => ({ kind: 'markdown', source });

/** The text at a position of a text (to compare a source's and a cell's). */
function lineOf(text: string, line: number): string {
  const starts = lineStarts(text);
  return text.slice(starts[line], line + 1 < starts.length ? starts[line + 1] : text.length).replace(/[\r\n]+$/, '');
}

function parsesCleanly(text: string): boolean {
  const tree = parsePython(text);
  try {
    return !tree.rootNode.hasError;
  } finally {
    tree.delete();
  }
}

describe('notebook sources', () => {
  before(() => initPythonParser());

  it('joins the code cells in order into the notebook path, leaving markdown and raw cells out', () => {
    const cells = [md('# Title'), code('import os\nx = 1'), { kind: 'raw', source: 'raw' } as NotebookCell, code('y = 2\n')];
    const { sources } = notebookSources('/ws/nb.ipynb', cells);
    assert.equal(sources.length, 1);
    const [s] = sources;
    assert.equal(s.role, 'cells');
    assert.equal(s.file, '/ws/nb.ipynb');
    assert.equal(s.text, 'import os\nx = 1\ny = 2\n');
    assert.deepEqual(
      s.segments.map((x) => [x.cell, x.line, x.cellLine, x.lines]),
      [
        [1, 0, 0, 2],
        [3, 2, 0, 1],
      ],
    );
  });

  it('maps every position of the joined text to its cell and back', () => {
    const cells = [code('a = 1\nbb = 2'), md('text'), code(''), code('ccc = 3\r\nd = 4\r\n'), code('e = 5')];
    const [s] = notebookSources('/ws/nb.ipynb', cells).sources;
    const starts = lineStarts(s.text);
    let checked = 0;
    for (let line = 0; line < starts.length - 1; line++) {
      const at = toCell(s.segments, { line, character: 1 })!;
      const cellText = cells[at.cell].source;
      assert.equal(lineOf(s.text, line), lineOf(cellText, at.position.line), `line ${line} is cell ${at.cell + 1}'s line ${at.position.line}`);
      assert.deepEqual(fromCell(s.segments, at.cell, at.position), { line, character: 1 });
      checked++;
    }
    assert.equal(checked, 6, 'two lines, one empty cell, two CRLF lines, one line');
    assert.equal(toCell(s.segments, { line: 2, character: 0 })!.cell, 2, 'an empty cell is one empty line');
    assert.equal(fromCell(s.segments, 1, { line: 0, character: 0 }), undefined, 'a markdown cell has no place in the source');
  });

  it('cuts a range that runs into the next cell at the end of its own', () => {
    const [s] = notebookSources('/ws/nb.ipynb', [code('x = (1,\n     2'), code('y = 3')]).sources;
    const r = toCellRange(s.segments, { start: { line: 1, character: 5 }, end: { line: 2, character: 3 } })!;
    assert.equal(r.cell, 0);
    assert.deepEqual(r.range, { start: { line: 1, character: 5 }, end: { line: 1, character: 6 } });
  });

  it('makes a %%writefile cell the file at its path, relative to the notebook, from the line after the magic', () => {
    const cells = [code('import os'), code('%%writefile scripts/train.py\nimport os\nprint(1)\n', 'c1'), code('%%writefile notes.txt\nnot python')];
    const { sources } = notebookSources('/ws/nb/pipeline.ipynb', cells);
    assert.deepEqual(
      sources.map((s) => [s.role, s.file]),
      [
        ['cells', '/ws/nb/pipeline.ipynb'],
        ['writefile', '/ws/nb/scripts/train.py'],
      ],
      'the writefile cells are not part of the joined code; a .txt target is no source',
    );
    const w = sources[1];
    assert.equal(w.text, 'import os\nprint(1)\n');
    assert.deepEqual(toCell(w.segments, { line: 1, character: 3 }), { cell: 1, position: { line: 2, character: 3 } });
    assert.deepEqual(fromCell(w.segments, 1, { line: 1, character: 0 }), { line: 0, character: 0 });
    assert.equal(fromCell(w.segments, 1, { line: 0, character: 0 }), undefined, 'the magic line is not in the file');
  });

  it('reads %%writefile -a as an append, a second %%writefile of the same path as its replacement, and refuses computed names', () => {
    const cells = [
      code('%%writefile a.py\nold = 1\n'),
      code('%%writefile a.py\nx = 1'),
      code('%%writefile -a a.py\ny = 2\n'),
      code('%%writefile {name}.py\nz = 3'),
      code('%%writefile ../../elsewhere.py\nz = 3'),
    ];
    const { sources, problems } = notebookSources('/ws/sub/nb.ipynb', cells, { root: '/ws' });
    const a = sources.find((s) => s.file === '/ws/sub/a.py')!;
    assert.equal(a.text, 'x = 1\ny = 2\n');
    assert.deepEqual(
      a.segments.map((x) => [x.cell, x.line, x.cellLine]),
      [
        [1, 0, 1],
        [2, 1, 1],
      ],
    );
    assert.equal(toCell(a.segments, { line: 1, character: 0 })!.cell, 2);
    assert.deepEqual(
      problems.map((p) => p.cell),
      [0, 3, 4],
      'the overwritten cell, the computed name and the file outside the workspace are said',
    );
    assert.match(problems[1].message, /computed/);
    assert.match(problems[2].message, /outside the workspace/);
    assert.deepEqual(writefileMagic('%%writefile --append "my file.py"'), { target: 'my file.py', append: true });
    assert.equal(writefileMagic('%%bash'), undefined);
  });

  it('expands {NAME} and $NAME in a %%writefile line when the cells bind NAME once, at the top level, to a literal', () => {
    const cells = [
      code(
        'from pathlib import Path\nCODE_FOLDER = Path("code/")\nCODE_FOLDER.mkdir(exist_ok=True)\nos.makedirs(CODE_FOLDER, exist_ok=True)\nSCRIPT = "evaluate.py"  # the name\nDIR = "a"\n',
      ),
      code('%%writefile {CODE_FOLDER}/processing/script.py\nx = 1\n'),
      code('%%writefile $CODE_FOLDER/monitoring/{SCRIPT}\ny = 2\n'),
      code('DIR = "b"  # bound twice: the cell may run after either\n'),
      code('%%writefile {DIR}/train.py\nz = 3\n'),
      code('%%writefile {CODE_FOLDER / "x"}/train.py\nz = 3\n'),
      code('%%writefile {CODE_FOLDER}/{UNBOUND}/sample-request.json\n{}\n'),
      code('%%writefile {UNBOUND}/requirements.txt\npandas\n'),
      code('%%writefile {CODE_FOLDER}/components/train.yml\ntype: command\n'),
      code('%%writefile {CODE_FOLDER}/Dockerfile\nFROM python\n'),
    ];
    const { sources, problems } = notebookSources('/ws/nb.ipynb', cells, { root: '/ws' });
    assert.deepEqual(
      sources.filter((s) => s.role === 'writefile').map((s) => s.file),
      ['/ws/code/processing/script.py', '/ws/code/monitoring/evaluate.py', '/ws/code/components/train.yml', '/ws/code/Dockerfile'],
      'a component definition and a Dockerfile are sources too',
    );
    assert.deepEqual(
      problems.map((p) => [p.cell, p.message]),
      [
        [4, 'the file name {DIR}/train.py is computed when the cell runs; the cell is not checked'],
        [5, 'the file name {CODE_FOLDER / "x"}/train.py is computed when the cell runs; the cell is not checked'],
      ],
      'a computed requirements.txt or JSON file would not be read anyway: nothing to say of it',
    );
  });

  it('counts every binding of a name, in any target, loop, import or keyword argument, and none inside strings', () => {
    const names = literalNames([
      'A = "a"\nB = "b"\nC = "c"\nD = "d"\nE = "e"\nF = "f"\nG = "g"\nH = "h"\n',
      'x, B = 1, 2\nfor C in []: pass\nimport D\nf(E=1)\nF += "x"\nif (G := 1): pass\ndef H(): pass\n',
      'doc = """\nA = "not a binding"\n"""\nprint(A, B)\nI = f"{A}"\nJ = "a" + "b"\n',
    ]);
    assert.deepEqual([...names], [['A', 'a']]);
  });

  it('blanks magics, shell lines and help at unchanged positions, so the joined text parses', () => {
    const source = [
      '%matplotlib inline',
      '!pip install \\',
      '    sagemaker',
      'files = !ls /opt/ml',
      '%cd /tmp',
      'if True:',
      '    !echo "it\'s"',
      'len?',
      's = """',
      '%not a magic inside a string',
      '"""',
      'd = {"a": 1,',
      '     "b": 10 % 3}',
      'x = 5 % 2  # a modulo, not a magic',
      'path = "/opt/ml/processing/input/data"',
    ].join('\n');
    const blanked = blankIPython(source);
    assert.equal(blanked.length, source.length, 'same length');
    assert.deepEqual(lineStarts(blanked), lineStarts(source), 'same lines');
    const lines = blanked.split('\n');
    assert.match(lines[0], /^0 +$/);
    assert.match(lines[1], /^0 +$/);
    assert.match(lines[2], /^ +$/, 'a continuation line goes with its magic');
    assert.match(lines[3], /^files = 0 +$/);
    assert.match(lines[6], /^ {4}0 +$/, 'an indented magic leaves a statement behind');
    assert.match(lines[7], /^0 +$/);
    assert.equal(lines[9], '%not a magic inside a string');
    assert.equal(lines[12], source.split('\n')[12]);
    assert.equal(lines[13], source.split('\n')[13]);
    assert.ok(parsesCleanly(blanked), blanked);
    const col = source.indexOf('/opt/ml/processing') - source.lastIndexOf('\n', source.indexOf('/opt/ml/processing')) - 1;
    const facts = analyzeText('/ws/nb.ipynb', blanked, DEFAULT_CONFIG).facts;
    assert.equal(facts?.format, 'python');
    assert.ok(facts && facts.format === 'python' && !facts.hasSyntaxErrors);
    const c = facts.assignments.find((a) => a.name === 'path');
    assert.equal(c?.value.kind === 'str' && c.value.range[1], col - 1, 'positions are the cell text positions (the literal starts at its quote)');
  });

  it('keeps the body of Python cell magics and leaves out cells of other languages', () => {
    const cells = [code('%%time\nx = 1'), code('%%bash\nls -la'), code('%%html\n<b>x</b>'), code('\n\n%%capture\ny = 2')];
    const [s] = notebookSources('/ws/nb.ipynb', cells).sources;
    assert.deepEqual(
      s.segments.map((x) => x.cell),
      [0, 3],
    );
    assert.ok(parsesCleanly(s.text), s.text);
    assert.equal(notebookSources('/ws/nb.ipynb', [code('x <- 1')], { language: 'R' }).sources.length, 0, 'an R notebook has no Python');
  });
});

describe('the .ipynb reader', () => {
  const notebook = (cells: unknown[], extra: Record<string, unknown> = {}) =>
    JSON.stringify({ cells, metadata: { kernelspec: { language: 'python', name: 'python3' } }, nbformat: 4, nbformat_minor: 5, ...extra }, null, 1);

  it('reads cell types, ids and sources, and steps over outputs without making them', () => {
    const big = 'A'.repeat(3 * 1024 * 1024);
    const text = notebook([
      { cell_type: 'markdown', metadata: {}, source: ['# Title\n', 'more'] },
      {
        cell_type: 'code',
        id: 'x1',
        metadata: { tags: ['a'] },
        execution_count: 3,
        outputs: [{ output_type: 'display_data', data: { 'image/png': big } }],
        source: 'x = 1\ny = 2',
      },
    ]);
    const r = readNotebookText(text);
    assert.ok(!('message' in r));
    assert.deepEqual(r.cells, [
      { kind: 'markdown', source: '# Title\nmore' },
      { kind: 'code', source: 'x = 1\ny = 2', id: 'x1' },
    ]);
    assert.equal(r.language, 'python');
    assert.equal(r.sourceChars, 'x = 1\ny = 2'.length + '# Title\nmore'.length);
  });

  it('says what is wrong and where, for bad JSON and for JSON that is no notebook', () => {
    const broken = '{\n "cells": [\n  {"cell_type": "code", "source": ["x = 1\\n",]}\n ]\n}';
    const r = readNotebookText(broken);
    assert.ok('message' in r);
    assert.equal(r.range.start.line, 2);
    assert.match(r.message, /expected a string/);
    for (const [text, pattern] of [
      ['', /end of the file/],
      ['{"cells": [', /end of the file/],
      ['{"nbformat": 3, "worksheets": []}', /nbformat 3/],
      ['[1, 2]', /expected "\{"/],
      ['{"cells": [{"source": "x = \\q"}]}', /bad escape/],
      ['{"cells": []} trailing', /text after/],
      [`{"cells": [], "outputs": ${'['.repeat(100000)}`, /end of the file/],
    ] as const) {
      const e = readNotebookText(text);
      assert.ok('message' in e, `${text.slice(0, 30)} is refused`);
      assert.match(e.message, pattern);
    }
  });

  it('refuses cells with more text than the limit', () => {
    const r = readNotebookText(notebook([{ cell_type: 'code', source: 'x'.repeat(1000) }]), 999);
    assert.ok('message' in r && /over 999 characters/.test(r.message));
  });

  it('knows where each cell position is in the file, through escapes and line items', () => {
    // Written by hand: JSON.stringify would never write \u00e9 or a tab escape.
    const text = [
      '{"cells": [',
      ' {"cell_type": "code", "source": [',
      '   "%%writefile p.py\\n",',
      '   "x = d[\\"k\\u00e9\\"]\\t# c\\n",',
      '   "y = \\"a\\\\b\\""',
      ' ]},',
      ' {"cell_type": "code", "source": "one = 1\\ntwo = 2\\n"}',
      '], "metadata": {}}',
    ].join('\r\n');
    const r = readNotebookText(text);
    assert.ok(!('message' in r), JSON.stringify(r));
    assert.equal(r.cells[0].source, '%%writefile p.py\nx = d["k\u00e9"]\t# c\ny = "a\\b"');
    const fileStarts = lineStarts(text);
    const cases: [number, number, number, string][] = [
      // cell, line, column in the cell, what the file holds from there
      [0, 1, 4, 'd[\\"k'],
      [0, 1, 6, '\\"k\\u00e9'],
      [0, 1, 7, 'k\\u00e9'],
      [0, 1, 8, '\\u00e9\\"]'],
      [0, 1, 9, '\\"]\\t'],
      [0, 1, 11, '\\t# c'],
      [0, 1, 12, '# c\\n'],
      [0, 2, 5, 'a\\\\b'],
      [0, 2, 6, '\\\\b\\"'],
      [0, 2, 7, 'b\\"'],
      [1, 0, 0, 'one = 1\\n'],
      [1, 1, 0, 'two = 2\\n"'],
    ];
    for (const [cell, line, character, expected] of cases) {
      const at = fileColumnOf(r.info[cell].layout, { line, character })!;
      const raw = text.slice(offsetAt(fileStarts, text, at));
      assert.ok(
        raw.startsWith(expected),
        `cell ${cell + 1} ${line}:${character} is at ${at.line}:${at.character}, which holds ${raw.slice(0, 16)}, not ${expected}`,
      );
    }
  });

  it('gives a finding in a %%writefile cell its place in the cell and in the file', () => {
    const text = notebook([
      { cell_type: 'markdown', source: ['x'] },
      { cell_type: 'code', id: 'w', source: ['%%writefile s.py\n', 'import os\n', 'v = "/opt/ml/x"\n'] },
    ]);
    const r = readNotebookText(text);
    assert.ok(!('message' in r));
    const { sources } = notebookSources('/ws/nb.ipynb', r.cells);
    const w = sources.find((s) => s.role === 'writefile')!;
    const loc = cellLocation(
      { notebook: '/ws/nb.ipynb', role: 'writefile', segments: w.segments },
      { notebook: '/ws/nb.ipynb', role: 'cells', segments: [], cells: r.info },
      {
        start: { line: 1, character: 4 },
        end: { line: 1, character: 15 },
      },
    )!;
    assert.equal(loc.cell, 1);
    assert.equal(loc.id, 'w');
    assert.deepEqual(loc.range, { start: { line: 2, character: 4 }, end: { line: 2, character: 15 } });
    const fileLine = text.split('\n')[loc.inFile!.start.line];
    assert.equal(fileLine.slice(loc.inFile!.start.character, loc.inFile!.end.character), '\\"/opt/ml/x\\"');
  });

  it('rewrites one cell in place, keeping every other byte and the lines that did not change', () => {
    const text = notebook([
      { cell_type: 'code', metadata: {}, outputs: [{ output_type: 'stream', text: ['é\n'] }], source: ['a = 1\n', 'b = "\\u00e9"\n', 'c = 3'] },
      { cell_type: 'code', metadata: {}, outputs: [], source: 'z = 1' },
    ]);
    const r = readNotebookText(text);
    assert.ok(!('message' in r));
    const next = withCellSources(
      text,
      r,
      new Map([
        [0, 'a = 1\nb = "é"\nnew = 2\nc = 3'],
        [1, 'z = 2'],
      ]),
    );
    const again = readNotebookText(next);
    assert.ok(!('message' in again));
    assert.deepEqual(
      again.cells.map((c) => c.source),
      ['a = 1\nb = "é"\nnew = 2\nc = 3', 'z = 2'],
    );
    assert.deepEqual(JSON.parse(next).cells[0].outputs, JSON.parse(text).cells[0].outputs);
    assert.ok(next.includes('    "a = 1\\n",\n    "b = \\"é\\"\\n",\n    "new = 2\\n",\n    "c = 3"\n   ]'), next);
    assert.equal(next.replace(/"source": (\[[^\]]*\]|"[^"]*")/g, ''), text.replace(/"source": (\[[^\]]*\]|"[^"]*")/g, ''), 'nothing but the sources changed');
    assert.deepEqual(sourceLines('a\r\nb\n\nc'), ['a\r\n', 'b\n', '\n', 'c']);
  });
});
