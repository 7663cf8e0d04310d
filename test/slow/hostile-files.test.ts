// Hostile input: each case must give a clear notice or a normal result,
// never a throw, and stay within bounded time (checked by mocha's timeout,
// not by timing assertions).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeText } from '../../server/src/core/analyze';
import { DEFAULT_CONFIG } from '../../server/src/core/config';
import { initPythonParser } from '../../server/src/host/python-parser';
import { entryFromDisk, loadProject } from '../../server/src/host/loader';
import { defaultConfig } from '../../server/src/core/config';

const CONTRACT =
  'C = ScriptContract(entry_point="s.py", expected_input_paths={"DATA": "/opt/ml/processing/input/data"}, expected_output_paths={}, required_env_vars=[])\n';

function workspace(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'sc-hostile-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

describe('hostile files', function () {
  this.timeout(60000);
  const dirs: string[] = [];
  const ws = (files: Record<string, string | Buffer>) => {
    const d = workspace(files);
    dirs.push(d);
    return d;
  };
  before(() => initPythonParser());
  after(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('skips a 50 MB Python file with a notice naming the limit', async () => {
    const big = 'x = "' + 'a'.repeat(1000) + '"\n';
    const dir = ws({ 'c.py': CONTRACT, 's.py': big.repeat(50 * 1024) });
    const { project, notices } = await loadProject(dir, { cache: false });
    assert.match(project.files.get(join(dir, 's.py'))!.skipped!, /over the 2\.0 MB limit/);
    assert.ok(notices.some((n) => n.file === join(dir, 's.py') && /max-file-size/.test(n.message)));
    // The contract still works and says its script exists.
    assert.deepEqual(
      project.check(join(dir, 'c.py')).map((f) => f.rule),
      [],
    );
  });

  it('skips binary and non-UTF-8 files with a reason', async () => {
    const dir = ws({ 'c.py': CONTRACT, 's.py': Buffer.alloc(4096, 0), 'latin.py': Buffer.from([0x78, 0x20, 0x3d, 0x20, 0x22, 0xe9, 0x22, 0x0a]) });
    const { project } = await loadProject(dir, { cache: false });
    assert.match(project.files.get(join(dir, 's.py'))!.skipped!, /binary/);
    assert.match(project.files.get(join(dir, 'latin.py'))!.skipped!, /UTF-8/);
  });

  it('survives 10,000 levels of nesting and 10,000-term concatenations', () => {
    const nested = 'def f(input_paths):\n    x = ' + '('.repeat(10000) + '"/opt/ml/processing/input/data"' + ')'.repeat(10000) + '\n';
    const r1 = analyzeText('/ws/s.py', nested, DEFAULT_CONFIG);
    assert.equal(r1.facts?.format, 'python');
    const chain = 'def f(input_paths):\n    x = "/opt/ml/processing/input/data"' + ' + "/a"'.repeat(10000) + '\n';
    const r2 = analyzeText('/ws/s.py', chain, DEFAULT_CONFIG);
    assert.equal(r2.facts?.format, 'python');
    const lists = 'X = ' + '['.repeat(10000) + ']'.repeat(10000) + '\n';
    assert.equal(analyzeText('/ws/s.py', lists, DEFAULT_CONFIG).facts?.format, 'python');
  });

  it('handles CRLF, mixed line endings, a BOM, tabs and non-ASCII names', async () => {
    const script = '\uFEFFimport os\r\ndef main(input_paths):\r\n\tx = input_paths["DÄTA"]\n\ty = "/opt/ml/processing/input/data"\r\n';
    const dir = ws({ 'c.py': CONTRACT.replace('"DATA"', '"DÄTA"'), 's.py': script });
    const { project } = await loadProject(dir, { cache: false });
    const findings = project.check(join(dir, 's.py'));
    assert.deepEqual(
      findings.map((f) => `${f.range.start.line}:${f.range.start.character}:${f.rule}`),
      ['3:5:hardcoded-path'],
    );
  });

  it('reads a YAML alias bomb and a YAML file with 100,000 keys without expanding or hanging', async () => {
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      ...Array.from(
        { length: 9 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9)
            .fill('*' + String.fromCharCode(97 + i))
            .join(',')}]`,
      ),
      'contract: { entry_point: s.py, inputs: *j }',
    ].join('\n');
    const keys =
      'contract:\n  entry_point: s.py\n  inputs:\n' +
      Array.from({ length: 100000 }, (_, i) => `    k${i}: { path: /opt/ml/processing/input/k${i} }`).join('\n') +
      '\n';
    const script = 'def main(input_paths):\n    return input_paths["k1"]\n';
    const dir = ws({ 'a/bomb.step.yaml': bomb, 'a/s.py': script, 'b/keys.step.yaml': keys, 'b/s.py': script });
    const { project } = await loadProject(dir, { cache: false });
    const bombFindings = project.check(join(dir, 'a', 'bomb.step.yaml'));
    assert.ok(
      bombFindings.every((f) => f.rule === 'unused-channel' || f.rule === 'parse-error'),
      JSON.stringify(bombFindings.map((f) => f.rule)),
    );
    // 100,000 keys is over the default 2 MB limit: skipped with a notice...
    assert.match(project.files.get(join(dir, 'b', 'keys.step.yaml'))!.skipped!, /max-file-size/);
    // ...and read in full when the limit is raised.
    writeFileSync(join(dir, 'b', 'script-contracts.toml'), 'max-file-size = 20000000\n');
    const again = await loadProject(dir, { cache: false });
    const keyFindings = again.project.check(join(dir, 'b', 'keys.step.yaml'));
    assert.equal(keyFindings.filter((f) => f.rule === 'unused-channel').length, 99999, 'each unused declared input is reported');
  });

  it('does not follow symlink loops or links that leave the workspace', async () => {
    const outside = ws({ 'evil.py': 'def main(input_paths):\n    return input_paths["NOPE"]\n' });
    const dir = ws({ 'c.py': CONTRACT, 'sub/s.py': 'def main(input_paths):\n    return input_paths["DATA"]\n' });
    symlinkSync(dir, join(dir, 'sub', 'loop'));
    symlinkSync(outside, join(dir, 'outside'));
    const { project } = await loadProject(dir, { cache: false });
    const files = [...project.files.keys()].map((f) => f.slice(dir.length + 1)).sort();
    assert.deepEqual(files, ['c.py', 'sub/s.py']);
  });

  it("skips what the workspace root's .gitignore ignores", async () => {
    const dir = ws({
      '.gitignore': '# generated\nbuild-out/\n*.gen.py\n/only-root.py\n!keep.py\n',
      'c.py': CONTRACT,
      's.py': 'def main(input_paths):\n    return input_paths["DATA"]\n',
      'build-out/s.py': 'x = 1\n',
      'pkg/a.gen.py': 'x = 1\n',
      'only-root.py': 'x = 1\n',
      'pkg/only-root.py': 'x = 1\n',
    });
    const { project } = await loadProject(dir, { cache: false });
    assert.deepEqual([...project.files.keys()].map((f) => f.slice(dir.length + 1)).sort(), ['c.py', 'pkg/only-root.py', 's.py']);
  });

  it('reports a file deleted between listing and reading as skipped', () => {
    const e = entryFromDisk(join(tmpdir(), 'sc-does-not-exist', 'gone.py'), defaultConfig(), undefined);
    assert.match(e.skipped!, /disappeared/);
  });
});
