// Property-based robustness of the notebook layer: any cells make sources whose
// lines all map back to their cells; blanking IPython syntax keeps every
// length and line; the .ipynb reader reads back what JSON.stringify wrote, in
// either source form, and never throws on a cut or mutated file.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { blankIPython, fromCell, notebookSources, toCell, type NotebookCell } from '../../server/src/core/notebook';
import { lineStarts } from '../../server/src/core/text-edits';
import { readNotebookText, withCellSources } from '../../server/src/host/notebook-file';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const EXAMPLE = readFileSync(join(__dirname, '..', '..', '..', 'examples', 'notebook', 'pipeline.ipynb'), 'utf8');

const piece = fc.constantFrom(
  'x = 1',
  '%pip install a',
  '!ls \\',
  '  y',
  'z = !cmd',
  '"""',
  "'",
  '(',
  ')',
  '#',
  'a?',
  '%%time',
  '%%writefile s.py',
  '\r\n',
  '\n',
  '\r',
  ' ',
  'é',
  '😀',
  '\\',
  '\t',
);
const text = fc.array(piece, { maxLength: 30 }).map((p) => p.join(''));
const cell = fc.record({ kind: fc.constantFrom('code', 'code', 'markdown', 'raw') as fc.Arbitrary<NotebookCell['kind']>, source: text });

describe('notebook layer (fuzz)', function () {
  this.timeout(120000);

  it('blanking keeps the length and the lines of any text', () => {
    fc.assert(
      fc.property(text, (t) => {
        const b = blankIPython(t);
        assert.equal(b.length, t.length);
        assert.deepEqual(lineStarts(b), lineStarts(t));
      }),
      { numRuns: RUNS * 3 },
    );
  });

  it('every line of every source maps to a line of its cell and back', () => {
    fc.assert(
      fc.property(fc.array(cell, { maxLength: 8 }), (cells) => {
        for (const s of notebookSources('/ws/nb.ipynb', cells, { root: '/ws' }).sources) {
          const lines = lineStarts(s.text).length;
          for (let line = 0; line < lines; line++) {
            const at = toCell(s.segments, { line, character: 0 });
            assert.ok(at, `line ${line} of ${s.file} has a cell`);
            assert.equal(cells[at.cell].kind, 'code');
            const back = fromCell(s.segments, at.cell, at.position);
            // The last line of a text ending in a line break is the next cell's place: it maps to the end of its own.
            if (back) assert.ok(back.line === line || line === lines - 1, `${line} → ${JSON.stringify(at)} → ${JSON.stringify(back)}`);
          }
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('reads back any cells JSON.stringify wrote, and rewrites any of them in place', () => {
    fc.assert(
      fc.property(fc.array(cell, { maxLength: 6 }), fc.boolean(), fc.nat(), text, (cells, asList, pick, replacement) => {
        const lines = (s: string) => s.match(/[^\r\n]*(?:\r\n|\n|\r)|[^\r\n]+$/g) ?? [];
        const nb = {
          cells: cells.map((c) => ({ cell_type: c.kind, metadata: {}, source: asList ? lines(c.source) : c.source, outputs: [] })),
          metadata: {},
          nbformat: 4,
        };
        const json = JSON.stringify(nb, null, 1);
        const r = readNotebookText(json);
        assert.ok(!('message' in r), 'message' in r ? r.message : '');
        assert.deepEqual(
          r.cells.map((c) => c.source),
          cells.map((c) => c.source),
        );
        if (!cells.length) return;
        const i = pick % cells.length;
        const next = withCellSources(json, r, new Map([[i, replacement]]));
        const parsed = JSON.parse(next);
        const got = parsed.cells.map((c: { source: string | string[] }) => (Array.isArray(c.source) ? c.source.join('') : c.source));
        assert.deepEqual(
          got,
          cells.map((c, k) => (k === i ? replacement : c.source)),
        );
      }),
      { numRuns: RUNS },
    );
  });

  it('never throws on a cut or mutated notebook', () => {
    fc.assert(
      fc.property(fc.nat(EXAMPLE.length), fc.nat(EXAMPLE.length), fc.constantFrom('', '"', '\\', '{', ']', ',', '\u0000', 'x'), (cut, at, insert) => {
        const mutated = EXAMPLE.slice(0, at) + insert + EXAMPLE.slice(at + 1, Math.max(at + 1, cut));
        const r = readNotebookText(mutated);
        if ('message' in r) assert.ok(r.range.start.line >= 0 && r.message.length > 0);
      }),
      { numRuns: RUNS * 3 },
    );
  });
});
