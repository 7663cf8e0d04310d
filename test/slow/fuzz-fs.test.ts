// Property-based integrity of `check --fix` on odd filesystems: random
// workspaces of links into and out of the workspace, hard links, BOMs, lone-CR
// and CRLF line endings, control characters in names, and files that change
// between a check and the fix. Whatever the shape: no byte outside the
// workspace changes, every Python file that parsed still parses, and each file
// keeps its BOM and its line endings. FUZZ_FS_RUNS raises the budget.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { parsePython } from '../../server/src/core/python/parser';
import { initPythonParser } from '../../server/src/host/python-parser';
import { loneCrAsLf } from '../../server/src/core/text-edits';
import { useTemporaryCacheDir } from '../support/cache-dir';
import { cli } from '../support/run-cli';

const RUNS = Number(process.env.FUZZ_FS_RUNS ?? 12);

const CONTRACT = `from base import ScriptContract

S_CONTRACT = ScriptContract(
    entry_point="s.py",
    expected_input_paths={"DATA": "/opt/ml/processing/input/data", "EXTRA": "/opt/ml/processing/input/extra"},
    expected_output_paths={},
    required_env_vars=[],
)
`;
// Three safe fixes: a path mismatch, an unwired channel and an unused suppression.
const SCRIPT = [
  'import os  # script-contracts: ignore[undeclared-env-var]',
  '',
  'def main(input_paths):',
  '    return input_paths["DATA"], input_paths["EXTRA"]',
  '',
  'if __name__ == "__main__":',
  '    input_paths = {',
  '        "DATA": "/opt/ml/processing/input/wrong",',
  '    }',
  '    main(input_paths)',
  '',
];

type Eol = '\n' | '\r\n' | '\r';
interface Shape {
  eol: Eol;
  bom: boolean;
  extras: ('link-in' | 'link-out' | 'dir-out' | 'hard-link' | 'hard-link-out' | 'odd-name' | 'link-dir-in')[];
  /** Change the script between a check and the fix, keeping its size and time. */
  swapBeforeFix: boolean;
}

const shapeArb: fc.Arbitrary<Shape> = fc.record({
  eol: fc.constantFrom<Eol>('\n', '\r\n', '\r'),
  bom: fc.boolean(),
  extras: fc.array(fc.constantFrom('link-in', 'link-out', 'dir-out', 'hard-link', 'hard-link-out', 'odd-name', 'link-dir-in'), { maxLength: 5 }),
  swapBeforeFix: fc.boolean(),
});

function digestOf(dir: string): string {
  const h = createHash('sha256');
  for (const name of readdirSync(dir).sort()) h.update(name).update(readFileSync(join(dir, name)));
  return h.digest('hex');
}

function pyFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...pyFiles(p));
    else if (e.isFile() && e.name.endsWith('.py')) out.push(p);
  }
  return out;
}

const endings = (text: string) => ({ crlf: (text.match(/\r\n/g) ?? []).length > 0, lf: /(^|[^\r])\n/.test(text), cr: /\r(?!\n)/.test(text) });

function parses(text: string): boolean {
  const t = parsePython(loneCrAsLf(text.replace(/^\ufeff/, '')));
  try {
    return !t.rootNode.hasError;
  } finally {
    t.delete();
  }
}

describe('fuzzing --fix over odd filesystems', function () {
  this.timeout(0);
  useTemporaryCacheDir('sc-fuzz-fs-');
  before(() => initPythonParser());

  it('never writes outside, never breaks a file, keeps BOMs and line endings', async () => {
    await fc.assert(
      fc.asyncProperty(shapeArb, async (shape) => {
        const base = mkdtempSync(join(tmpdir(), 'sc-fuzz-fs-'));
        try {
          const out = join(base, 'out');
          const ws = join(base, 'ws');
          mkdirSync(out);
          mkdirSync(join(ws, 'contracts'), { recursive: true });
          mkdirSync(join(ws, 'a'));
          writeFileSync(join(out, 's.py'), SCRIPT.join('\n'));
          writeFileSync(join(out, 'other_contract.py'), CONTRACT.replace('S_CONTRACT', 'O_CONTRACT'));
          writeFileSync(join(ws, 'contracts', 's_contract.py'), CONTRACT);
          const script = (shape.bom ? '\ufeff' : '') + SCRIPT.join(shape.eol);
          writeFileSync(join(ws, 'a', 's.py'), script);
          shape.extras.forEach((kind, i) => {
            const dir = join(ws, `x${i}`);
            mkdirSync(dir);
            if (kind === 'link-in') symlinkSync(join(ws, 'a', 's.py'), join(dir, 's.py'));
            if (kind === 'link-out') symlinkSync(join(out, 's.py'), join(dir, 's.py'));
            if (kind === 'dir-out') symlinkSync(out, join(dir, 'out'));
            if (kind === 'link-dir-in') symlinkSync(join(ws, 'a'), join(dir, 'a'));
            if (kind === 'hard-link') linkSync(join(ws, 'a', 's.py'), join(dir, 's.py'));
            if (kind === 'hard-link-out' && !readdirSync(out).includes(`h${i}.py`)) {
              writeFileSync(join(out, `h${i}.py`), SCRIPT.join('\n'));
              linkSync(join(out, `h${i}.py`), join(dir, 's.py'));
            }
            if (kind === 'odd-name') writeFileSync(join(dir, 'odd\n\x1b.py'), script);
          });
          const outside = digestOf(out);
          const before = new Map(pyFiles(ws).map((f) => [f, readFileSync(f, 'utf8')]));
          if (shape.swapBeforeFix) {
            await cli(['check', '--fail-on', 'off'], ws);
            const file = join(ws, 'a', 's.py');
            const st = statSync(file);
            const swapped = script.replace('import os  #', 'import io  #');
            writeFileSync(file, swapped);
            utimesSync(file, st.atime, st.mtime);
            before.set(file, swapped);
          }
          const r = await cli(['check', '--fix', '--fail-on', 'off'], ws);
          assert.equal(r.code, 0, r.err);
          assert.equal(digestOf(out), outside, 'nothing outside the workspace changed');
          for (const [file, old] of before) {
            const now = readFileSync(file, 'utf8');
            if (parses(old)) assert.ok(parses(now), `${file} still parses:\n${JSON.stringify(now)}`);
            assert.equal(now.startsWith('\ufeff'), old.startsWith('\ufeff'), `${file} keeps its BOM`);
            const [e0, e1] = [endings(old), endings(now)];
            for (const k of ['crlf', 'lf', 'cr'] as const) if (!e0[k]) assert.ok(!e1[k], `${file} gained ${k} line endings`);
          }
          const fixed = readFileSync(join(ws, 'a', 's.py'), 'utf8');
          assert.ok(fixed.includes('"DATA": "/opt/ml/processing/input/data"'), 'the fix was made');
        } finally {
          rmSync(base, { recursive: true, force: true });
        }
      }),
      { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 20261201) },
    );
  });
});
