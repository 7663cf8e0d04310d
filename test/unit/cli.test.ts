// The CLI through runCli with captured output: formats, exit codes, --fix.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../server/src/cli/cli';
import { useTemporaryCacheDir } from '../support/cache-dir';
import { parsePython } from '../../server/src/core/python/parser';
import { initPythonParser } from '../../server/src/host/python-parser';

const EXAMPLE = join(__dirname, '..', '..', '..', 'examples', 'seed-pipeline');

async function cli(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  const before = process.cwd();
  let out = '';
  let err = '';
  process.chdir(cwd);
  try {
    const code = await runCli(
      args,
      (s) => (out += s),
      (s) => (err += s),
    );
    return { code, out, err };
  } finally {
    process.chdir(before);
  }
}

describe('script-contracts CLI', function () {
  this.timeout(30000);
  let ws: string;
  beforeEach(() => {
    ws = mkdtempSync(join(tmpdir(), 'sc-cli-'));
    cpSync(EXAMPLE, ws, { recursive: true });
  });
  afterEach(() => rmSync(ws, { recursive: true, force: true }));

  it('json: every finding with 1-based positions, paths relative to the current folder, fixes', async () => {
    const r = await cli(['check', '--format', 'json', '--no-cache'], ws);
    assert.equal(r.code, 1, 'warnings fail by default');
    const findings = JSON.parse(r.out);
    assert.equal(findings.length, 22);
    const f = findings.find((x: { rule: string }) => x.rule === 'undeclared-channel');
    assert.deepEqual(Object.keys(f).slice(0, 9), ['file', 'line', 'column', 'endLine', 'endColumn', 'severity', 'rule', 'message', 'related']);
    assert.equal(f.file, 'scripts/tabular_preprocess.py');
    assert.equal(f.line, 58);
    assert.equal(f.column, 46);
    assert.ok(
      findings.some((x: { severity: string }) => x.severity === 'hint'),
      'every severity is included',
    );
  });

  it('exit codes follow --fail-on; a clean run exits 0', async () => {
    assert.equal((await cli(['check', '--fail-on', 'error', '--no-cache'], ws)).code, 1);
    assert.equal((await cli(['check', '--fail-on', 'off', '--no-cache'], ws)).code, 0);
    assert.equal((await cli(['check', 'scripts/risk_table_mapping.py', '--no-cache'], ws)).code, 0);
  });

  it('text: errors first, then warnings, a count per rule and a summary line; information and hints folded', async () => {
    const r = await cli(['check', '--no-cache', '--no-color'], ws);
    assert.match(r.out, /^scripts\/mims_payload\.py:74:39: error path-mismatch "payload_sample" is wired to/m);
    assert.match(
      r.out,
      /^6 errors, 8 warnings, 7 information, 1 hint in 12 files \(\d+ files checked in \d+ ms\); 4 fixable with --fix; information and hints not listed \(--show-all lists them\)\.$/m,
    );
    const severities = r.out.split('\n').flatMap((l) => /^\S+:\d+:\d+: (\w+) /.exec(l)?.[1] ?? []);
    assert.equal(severities.length, 14, 'only errors and warnings are listed');
    assert.equal(severities.lastIndexOf('error'), 5, 'the six errors come first');
    assert.ok(severities.slice(6).every((s) => s === 'warning'));
    assert.match(r.out, /^hardcoded-path\s+-\s+1\s+1\s+-$/m, 'the per-rule table counts information too');
    const all = await cli(['check', '--no-cache', '--no-color', '--show-all'], ws);
    assert.match(all.out, /^scripts\/mims_package\.py:31:41: hint unused-suppression /m);
    assert.doesNotMatch(all.out, /not listed/);
    const failOnInfo = await cli(['check', '--no-cache', '--no-color', '--fail-on', 'information'], ws);
    assert.match(failOnInfo.out, /: information missing-script /, 'findings that fail the run are always listed');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: an ANSI colour sequence starts with ESC.
    assert.doesNotMatch(r.out, /\x1b\[/, 'no colours unless on a terminal');
  });

  it('sarif 2.1.0 with rule metadata and help; github annotations', async () => {
    const sarif = JSON.parse((await cli(['check', '--format', 'sarif', '--no-cache'], ws)).out);
    assert.equal(sarif.version, '2.1.0');
    const rules = sarif.runs[0].tool.driver.rules;
    assert.ok(rules.find((r: { id: string }) => r.id === 'hardcoded-path').help.markdown.startsWith('# hardcoded-path'));
    assert.equal(sarif.runs[0].results.length, 22);
    const gh = (await cli(['check', '--format', 'github', '--no-cache'], ws)).out.trim().split('\n');
    assert.equal(gh.length, 22);
    assert.ok(
      gh.some((l) => /^::error file=scripts\/mims_payload\.py,line=74,col=39,endLine=74,endColumn=\d+,title=script-contracts\(path-mismatch\)::/.test(l)),
    );
  });

  it('--fix applies the safe fixes, leaves parseable files and reports what remains', async () => {
    await initPythonParser();
    const r = await cli(['check', '--fix', '--no-cache', '--no-color'], ws);
    assert.match(r.out, /^Fixed 4 findings\.$/m);
    const payload = readFileSync(join(ws, 'scripts', 'mims_payload.py'), 'utf8');
    assert.ok(!payload.includes('/opt/ml/processing/payloads'));
    for (const f of ['mims_payload.py', 'tabular_preprocess.py', 'mims_package.py']) {
      const tree = parsePython(readFileSync(join(ws, 'scripts', f), 'utf8'));
      assert.equal(tree.rootNode.hasError, false, `${f} still parses`);
      tree.delete();
    }
    const after = JSON.parse((await cli(['check', '--format', 'json', '--no-cache'], ws)).out);
    assert.equal(after.length, 18);
    assert.ok(!after.some((x: { rule: string }) => ['path-mismatch', 'unbridged-env-var', 'unwired-channel', 'unused-suppression'].includes(x.rule)));
  });

  it("--select and --ignore filter rules like ruff's flags; an unknown id is a usage error", async () => {
    const rulesOf = async (args: string[]) =>
      new Set((JSON.parse((await cli(['check', '--format', 'json', '--no-cache', ...args], ws)).out) as { rule: string }[]).map((f) => f.rule));
    assert.deepEqual([...(await rulesOf(['--select', 'hardcoded-path,unknown-keyword']))].sort(), ['hardcoded-path', 'unknown-keyword']);
    const ignored = await rulesOf(['--ignore', 'hardcoded-path', '--ignore', 'unknown-keyword']);
    assert.ok(!ignored.has('hardcoded-path') && !ignored.has('unknown-keyword') && ignored.has('undeclared-channel'));
    const onlyInfo = await cli(['check', '--no-cache', '--select', 'missing-script'], ws);
    assert.equal(onlyInfo.code, 0, 'an information finding does not fail the default --fail-on warning');
    const typo = await cli(['check', '--select', 'hardcoded-pth'], ws);
    assert.equal(typo.code, 2);
    assert.match(typo.err, /--select: unknown rule "hardcoded-pth" \(did you mean "hardcoded-path"\?\)/);
  });

  it('usage and configuration errors exit 2 with a clear message', async () => {
    const unknown = await cli(['check', '--colour'], ws);
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /unknown option --colour/);
    assert.equal((await cli(['check', 'missing-folder'], ws)).code, 2);
    assert.equal((await cli(['check', '--format', 'xml'], ws)).code, 2);
    writeFileSync(join(ws, 'pyproject.toml'), '[tool.script-contracts]\nmax-file-size = "big"\n');
    const bad = await cli(['check', '--no-cache'], ws);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /configuration error in pyproject\.toml:2: tool\.script-contracts\.max-file-size: must be a positive integer/);
    writeFileSync(join(ws, 'pyproject.toml'), '[tool.script-contracts\n');
    const broken = await cli(['check', '--no-cache'], ws);
    assert.equal(broken.code, 2);
    assert.match(broken.err, /invalid TOML/);
  });

  describe('with the cache', () => {
    const cacheDir = useTemporaryCacheDir('sc-cli-cache-');
    const rules = async () =>
      (JSON.parse((await cli(['check', '--format', 'json', '--fail-on', 'off'], ws)).out) as { rule: string; file: string }[]).map(
        (f) => `${f.file} ${f.rule}`,
      );

    it('a repeated check reports exactly what a fresh one does, and any change to a file or the configuration is seen', async () => {
      const fresh = JSON.parse((await cli(['check', '--format', 'json', '--fail-on', 'off', '--no-cache'], ws)).out);
      const first = await rules();
      assert.ok(
        readdirSync(cacheDir()).some((f) => f.endsWith('.result.json')),
        'the result was remembered',
      );
      assert.deepEqual(
        first,
        fresh.map((f: { rule: string; file: string }) => `${f.file} ${f.rule}`),
      );
      assert.deepEqual(await rules(), first, 'the remembered result is the same');

      const script = join(ws, 'scripts', 'tabular_preprocess.py');
      writeFileSync(script, readFileSync(script, 'utf8').replace('def main(', 'def _unused_helper():\n    return os.environ["NEWLY_READ_VAR"]\n\n\ndef main('));
      const afterEdit = await rules();
      assert.equal(
        afterEdit.filter((r) => r === 'scripts/tabular_preprocess.py undeclared-env-var').length,
        first.filter((r) => r === 'scripts/tabular_preprocess.py undeclared-env-var').length + 1,
        'the edit is seen',
      );

      const pyproject = join(ws, 'pyproject.toml');
      writeFileSync(pyproject, readFileSync(pyproject, 'utf8') + 'undeclared-env-var = "off"\n');
      const afterConfig = await rules();
      assert.ok(afterConfig.length > 0 && !afterConfig.some((r) => r.endsWith(' undeclared-env-var')), 'the configuration change is seen');
    });

    it('checking one path reports only that path, from the same remembered result', async () => {
      const all = await rules();
      const one = JSON.parse((await cli(['check', 'scripts/tabular_preprocess.py', '--format', 'json', '--fail-on', 'off'], ws)).out) as { file: string }[];
      assert.ok(one.length > 0);
      assert.ok(one.every((f) => f.file === 'scripts/tabular_preprocess.py'));
      assert.equal(one.length, all.filter((r) => r.startsWith('scripts/tabular_preprocess.py ')).length);
    });
  });

  it('rule prints a rule page; an unknown rule exits 2', async () => {
    const r = await cli(['rule', 'path-mismatch'], ws);
    assert.equal(r.code, 0);
    assert.match(r.out, /^# path-mismatch/);
    assert.equal((await cli(['rule', 'no-such-rule'], ws)).code, 2);
  });
});
