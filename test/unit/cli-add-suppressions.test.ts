// `check --add-suppressions`: one comment per finding line, where a comment can
// go, written with --fix's care; a second check reports nothing and every
// written file still parses.
import assert from 'node:assert/strict';
import { cpSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parsePython } from '../../server/src/core/python/parser';
import { initPythonParser } from '../../server/src/host/python-parser';
import { cli } from '../support/run-cli';

const EXAMPLE = join(__dirname, '..', '..', '..', 'examples', 'seed-pipeline');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : [join(dir, n)]));
}

function assertParses(file: string): void {
  const text = readFileSync(file, 'utf8');
  if (file.endsWith('.py')) {
    const tree = parsePython(text);
    try {
      assert.equal(tree.rootNode.hasError, false, `${file} still parses`);
    } finally {
      tree.delete();
    }
  } else if (file.endsWith('.yaml')) parseYaml(text);
}

describe('check --add-suppressions', function () {
  this.timeout(60000);
  let ws: string;
  before(() => initPythonParser());
  beforeEach(() => {
    ws = mkdtempSync(join(tmpdir(), 'sc-suppress-'));
  });
  afterEach(() => rmSync(ws, { recursive: true, force: true }));

  const write = (tree: Record<string, string>) => {
    for (const [name, text] of Object.entries(tree)) {
      mkdirSync(dirname(join(ws, name)), { recursive: true });
      writeFileSync(join(ws, name), text);
    }
  };
  const json = async (...args: string[]) =>
    JSON.parse((await cli(['check', '--format', 'json', '--fail-on', 'off', '--no-cache', ...args], ws)).out) as { file: string; rule: string; line: number }[];

  it('on the example: every finding gets its comment, a second check reports only what no comment can silence, every file still parses', async () => {
    cpSync(EXAMPLE, ws, { recursive: true });
    const before = new Map(files(ws).map((f) => [f, readFileSync(f, 'utf8')]));
    const r = await cli(['check', '--add-suppressions', '--no-cache', '--no-color'], ws);
    assert.match(r.err, /added 20 suppression comments for 21 findings in 12 files/);
    // An unused suppression cannot be suppressed: it is reported, and said why.
    assert.match(
      r.err,
      /not suppressed: scripts\/mims_package\.py:31: unused-suppression: an unused suppression is removed, not suppressed \(--fix removes it\)/,
    );
    assert.deepEqual(
      (await json()).map((f) => f.rule),
      ['unused-suppression'],
    );
    for (const [file, text] of before) {
      const now = readFileSync(file, 'utf8');
      if (now === text) continue;
      assertParses(file);
      const [a, b] = [text.split('\n'), now.split('\n')];
      assert.equal(a.length, b.length, `${file}: no line added or removed`);
      a.forEach((line, i) => {
        const suffix = b[i].startsWith(line) ? b[i].slice(line.length) : undefined;
        assert.ok(b[i] === line || /^ {2}# script-contracts: ignore\[[a-z, -]+\]$/.test(suffix ?? ''), `${file}:${i + 1}: ${b[i]}`);
      });
    }
    const preprocess = readFileSync(join(ws, 'scripts', 'tabular_preprocess.py'), 'utf8');
    assert.ok(preprocess.includes('    metadata = load_metadata(input_paths.get("metadata"))  # script-contracts: ignore[undeclared-channel]\n'));
    const evalContract = readFileSync(join(ws, 'contracts', 'model_eval_contract.py'), 'utf8');
    assert.ok(
      evalContract.includes('"code_input": "/opt/ml/processing/input/code",  # script-contracts: ignore[contract-input-unspecified, unused-channel]'),
      'two findings on one line: one comment naming both rules',
    );
    // A #! first line cannot carry a comment: the suppression goes after the docstring that follows it, and covers line 1.
    const conversion = readFileSync(join(ws, 'scripts', 'currency_conversion.py'), 'utf8').split('\n');
    assert.equal(conversion[0], '#!/usr/bin/env python');
  });

  it('with --fix as well, nothing at all remains', async () => {
    cpSync(EXAMPLE, ws, { recursive: true });
    const r = await cli(['check', '--fix', '--add-suppressions', '--no-cache', '--no-color'], ws);
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, /^No findings/m);
    assert.deepEqual(await json(), []);
  });

  it('merges into a suppression on the line, goes after backslash continuations and multi-line strings, keeps BOM and CRLF', async () => {
    const contract =
      'from base import ScriptContract\n\nC = ScriptContract(\n    entry_point="s.py",\n    expected_input_paths={"DATA": "/opt/ml/processing/input/data"},\n    expected_output_paths={},\n)\n';
    const script = [
      '\ufeffimport os',
      '',
      '',
      'def main(input_paths):',
      '    a = os.environ["ONE"]  # script-contracts: ignore[hardcoded-path]  # keep this note',
      '    b = "/opt/ml/processing/input/data" + \\',
      '        os.environ["TWO"]',
      '    c = f"""{os.environ["THREE"]}',
      '    """',
      '    return input_paths["DATA"], a, b, c',
      '',
      '',
      'if __name__ == "__main__":',
      '    main({"DATA": "/opt/ml/processing/input/data"})',
      '',
    ].join('\r\n');
    write({ 'script-contracts.toml': '', 'contracts/c_contract.py': contract, 's.py': script });
    const before = await json();
    assert.deepEqual(before.map((f) => `${f.line}:${f.rule}`).sort(), [
      '5:undeclared-env-var',
      '5:unused-suppression',
      '6:hardcoded-path',
      '7:undeclared-env-var',
      '8:undeclared-env-var',
    ]);
    const r = await cli(['check', '--add-suppressions', '--no-cache'], ws);
    assert.match(r.err, /added 3 suppression comments for 4 findings in 1 file/);
    const bytes = readFileSync(join(ws, 's.py'));
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'the BOM is kept');
    const text = bytes.toString('utf8').slice(1);
    assert.equal(text.replace(/\r\n/g, '').includes('\n'), false, 'every line still ends in CRLF');
    const lines = text.split('\r\n');
    assert.equal(
      lines[4],
      '    a = os.environ["ONE"]  # script-contracts: ignore[hardcoded-path, undeclared-env-var]  # keep this note',
      'merged into the existing one',
    );
    assert.equal(lines[5], '    b = "/opt/ml/processing/input/data" + \\', 'never after a backslash');
    assert.equal(lines[6], '        os.environ["TWO"]  # script-contracts: ignore[hardcoded-path, undeclared-env-var]');
    assert.equal(lines[7], '    c = f"""{os.environ["THREE"]}', 'never inside a string');
    assert.equal(lines[8], '    """  # script-contracts: ignore[undeclared-env-var]');
    assertParses(join(ws, 's.py'));
    // The merged comment is used now, so nothing is left; not even its unused-suppression.
    assert.deepEqual(await json(), []);
  });

  it('in a .step.yaml file too; a #! first line moves the comment to the next line', async () => {
    write({
      'script-contracts.toml': '',
      'steps/prep.step.yaml':
        'contract:\n  entry_point: prep.py\n  inputs:\n    DATA: { path: /opt/ml/processing/input/data }\n    EXTRA: { path: /opt/ml/processing/input/extra }\n  outputs:\n    out: { path: /opt/ml/processing/output }\n',
      'prep.py': 'def main(input_paths, output_paths):\n    return input_paths["DATA"], output_paths["out"]\n',
      'job.py': '#!/usr/bin/env python\nimport sys\n\nif __name__ == "__main__":\n    print(sys.argv, input_paths["DATA"])\n',
    });
    assert.deepEqual((await json()).map((f) => `${f.file}:${f.line}:${f.rule}`).sort(), ['job.py:1:missing-contract', 'steps/prep.step.yaml:5:unused-channel']);
    await cli(['check', '--add-suppressions', '--no-cache'], ws);
    const yaml = readFileSync(join(ws, 'steps', 'prep.step.yaml'), 'utf8');
    assert.ok(yaml.includes('    EXTRA: { path: /opt/ml/processing/input/extra }  # script-contracts: ignore[unused-channel]\n'));
    assertParses(join(ws, 'steps', 'prep.step.yaml'));
    assert.deepEqual(readFileSync(join(ws, 'job.py'), 'utf8').split('\n').slice(0, 2), [
      '#!/usr/bin/env python',
      'import sys  # script-contracts: ignore[missing-contract]',
    ]);
    assert.deepEqual(await json(), []);
  });

  it('never writes a file that has a name outside the workspace, nor suppresses findings the baseline accepts', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'sc-suppress-outside-'));
    try {
      write({ 'script-contracts.toml': '', 'a.py': 'if __name__ == "__main__":\n    print(input_paths["A"])\n' });
      writeFileSync(join(outside, 'b.py'), 'if __name__ == "__main__":\n    print(input_paths["B"])\n');
      linkSync(join(outside, 'b.py'), join(ws, 'b.py'));
      await cli(['check', '--write-baseline', '--no-cache'], ws);
      writeFileSync(join(ws, 'c.py'), 'if __name__ == "__main__":\n    print(input_paths["C"])\n');
      const r = await cli(['check', '--add-suppressions', '--no-cache'], ws);
      assert.match(r.err, /added 1 suppression comment for 1 finding in 1 file/);
      assert.ok(readFileSync(join(ws, 'c.py'), 'utf8').includes('# script-contracts: ignore[missing-contract]'));
      assert.ok(!readFileSync(join(ws, 'a.py'), 'utf8').includes('script-contracts:'), 'accepted by the baseline: left alone');
      rmSync(join(ws, '.script-contracts-baseline.json'));
      const again = await cli(['check', '--add-suppressions', '--no-cache'], ws);
      assert.match(again.err, /not suppressed: b\.py: it is also a file outside the workspace \(a hard link\)/);
      assert.ok(!readFileSync(join(outside, 'b.py'), 'utf8').includes('script-contracts:'));
      assert.ok(readFileSync(join(ws, 'a.py'), 'utf8').includes('# script-contracts: ignore[missing-contract]'));
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
