// Integrity under hostile repositories: nothing outside the workspace is read
// or written, no file is corrupted, nothing hangs. Each case here failed before
// the change that made it pass (docs/reliability.md lists them with the guarantee).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, linkSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { analyzeText } from '../../server/src/core/analyze';
import { DEFAULT_CONFIG, parseConfig } from '../../server/src/core/config';
import { compileGlobs } from '../../server/src/core/glob';
import { parsePython } from '../../server/src/core/python/parser';
import { initPythonParser } from '../../server/src/host/python-parser';
import { suppressionEdit } from '../../server/src/core/suppression';
import { applyEdits, lineStarts, offsetAt } from '../../server/src/core/text-edits';
import { extractYaml } from '../../server/src/core/yaml/extract';
import { writeSafeFixes } from '../../server/src/host/fix-writer';
import { loadProject, scanWorkspace } from '../../server/src/host/loader';
import { WorkspaceRoot } from '../../server/src/host/workspace-paths';
import { TreeBudget, type OpenDocument } from '../../server/src/lsp/documents';
import { useTemporaryCacheDir } from '../support/cache-dir';
import { cli } from '../support/run-cli';

const CONTRACT = `from base import ScriptContract

S_CONTRACT = ScriptContract(
    entry_point="s.py",
    expected_input_paths={"DATA": "/opt/ml/processing/input/data"},
    expected_output_paths={"OUT": "/opt/ml/processing/output/out"},
    required_env_vars=[],
)
`;

/** A script whose entry block wires DATA to the wrong path (a safe path-mismatch fix), on the given line ending. */
function mismatchScript(eol: string): string {
  return [
    'import os',
    '',
    'def main(input_paths, output_paths):',
    '    return input_paths["DATA"], output_paths["OUT"]',
    '',
    'if __name__ == "__main__":',
    '    input_paths = {"DATA": "/opt/ml/processing/input/wrong"}',
    '    output_paths = {"OUT": "/opt/ml/processing/output/out"}',
    '    main(input_paths, output_paths)',
    '',
  ].join(eol);
}

function tree(files: Record<string, string | Buffer>, base = mkdtempSync(join(tmpdir(), 'sc-integrity-'))): string {
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(base, name)), { recursive: true });
    writeFileSync(join(base, name), content);
  }
  return base;
}

describe('integrity', function () {
  this.timeout(60000);
  useTemporaryCacheDir('sc-integrity-cache-');
  const dirs: string[] = [];
  const ws = (files: Record<string, string | Buffer>) => {
    const d = tree(files);
    dirs.push(d);
    return d;
  };
  before(() => initPythonParser());
  after(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  describe('paths: a link or `..` never names a file outside the workspace', () => {
    it('canonical names resolve links and `..`, and refuse what leaves the root', () => {
      const outside = ws({ 'secret.py': 'x = 1\n' });
      const root = ws({ 'a/s.py': 'y = 2\n' });
      symlinkSync(join(outside, 'secret.py'), join(root, 'a', 'out.py'));
      symlinkSync(join(root, 'a', 's.py'), join(root, 'in.py'));
      symlinkSync(outside, join(root, 'outdir'));
      symlinkSync(join(root, 'nowhere'), join(root, 'dangling.py'));
      const w = WorkspaceRoot.of(root + '/');
      assert.equal(w.root, root, 'a trailing separator is not part of the root');
      assert.equal(w.canonical(join(root, 'a', 's.py')), join(root, 'a', 's.py'));
      assert.equal(w.canonical(join(root, 'in.py')), join(root, 'a', 's.py'), 'a link inside is its target');
      assert.equal(w.canonical(join(root, './a/./s.py')), join(root, 'a', 's.py'));
      assert.equal(w.canonical(join(root, 'a', 'out.py')), undefined, 'a link to outside');
      assert.equal(w.canonical(`${root}/a/../../${outside.split('/').pop()}/secret.py`), undefined, '`..` out of the root');
      assert.equal(w.canonical(join(root, 'outdir', 'new_contract.py')), undefined, 'a new file in a linked folder outside');
      assert.equal(w.canonical(join(root, 'dangling.py')), undefined, 'a dangling link');
      assert.equal(w.canonical(join(root, 'b', 'new.py')), join(root, 'b', 'new.py'), 'a future file inside');
    });

    it('the walk names each file by its real path: no file through a link, none twice', () => {
      const outside = ws({ 'x.py': 'OUT = "/opt/ml/processing/input/data"\n' });
      const root = ws({ 'contracts/c_contract.py': CONTRACT, 'scripts/s.py': mismatchScript('\n') });
      symlinkSync(join(root, 'scripts', 's.py'), join(root, 's_link.py'));
      symlinkSync(join(root, 'scripts'), join(root, 'scripts_link'));
      symlinkSync(join(outside, 'x.py'), join(root, 'leak.py'));
      linkSync(join(root, 'scripts', 's.py'), join(root, 'hard.py'));
      const scan = scanWorkspace(root);
      // A hard link is a name of its own (both are real paths); fixes go through one of them (below).
      assert.deepEqual(
        scan.selected.map((f) => f.slice(root.length + 1)),
        ['contracts/c_contract.py', 'hard.py', 'scripts/s.py'],
      );
    });

    it('--fix edits a file reached by a link and a hard link once', async () => {
      const root = ws({ 'contracts/c_contract.py': CONTRACT, 'a/s.py': mismatchScript('\n') });
      symlinkSync(join(root, 'a', 's.py'), join(root, 'a', 'link_s.py'));
      mkdirSync(join(root, 'b'));
      linkSync(join(root, 'a', 's.py'), join(root, 'b', 's.py'));
      const r = await cli(['check', '--fix', '--no-color'], root);
      assert.match(r.out, /^Fixed 1 finding\.$/m);
      assert.match(r.err, /not fixed: .*b\/s\.py: it is another name \(a hard link\) of .*a\/s\.py, fixed there/);
      const text = readFileSync(join(root, 'a', 's.py'), 'utf8');
      assert.equal(text, mismatchScript('\n').replace('/opt/ml/processing/input/wrong', '/opt/ml/processing/input/data'));
    });
  });

  describe('one line model for parser positions and edits', () => {
    it('a lone CR is a line break for findings and fixes alike; the file keeps its endings', async () => {
      const root = ws({ 'contracts/c_contract.py': CONTRACT, 'scripts/s.py': mismatchScript('\r') });
      const json = JSON.parse((await cli(['check', '--format', 'json', '--fail-on', 'off'], root)).out) as { rule: string; line: number }[];
      assert.deepEqual(
        json.filter((f) => f.rule === 'path-mismatch').map((f) => f.line),
        [7],
      );
      await cli(['check', '--fix'], root);
      assert.equal(
        readFileSync(join(root, 'scripts', 's.py'), 'utf8'),
        mismatchScript('\r').replace('/opt/ml/processing/input/wrong', '/opt/ml/processing/input/data'),
      );
    });

    it('a column past a line end means that line end, not the next line', () => {
      const text = 'ab\ncd\r\nef\rgh';
      const starts = lineStarts(text);
      assert.deepEqual(starts, [0, 3, 7, 10]);
      assert.equal(offsetAt(starts, text, { line: 0, character: 99 }), 2);
      assert.equal(offsetAt(starts, text, { line: 1, character: 99 }), 5);
      assert.equal(offsetAt(starts, text, { line: 2, character: 99 }), 9);
      assert.equal(applyEdits(text, [{ range: { start: { line: 1, character: 50 }, end: { line: 1, character: 50 } }, newText: '!' }]), 'ab\ncd!\r\nef\rgh');
    });

    it('a BOM survives a fix on the first line, and columns are the columns after it', async () => {
      const script = '\ufeffimport os  # script-contracts: ignore[hardcoded-path]\n' + mismatchScript('\n').split('\n').slice(1).join('\n');
      const root = ws({ 'contracts/c_contract.py': CONTRACT, 'scripts/s.py': script });
      const r = await cli(['check', '--fix', '--no-color'], root);
      assert.match(r.out, /^Fixed 2 findings\.$/m, 'the unused suppression and the path mismatch');
      const after = readFileSync(join(root, 'scripts', 's.py'), 'utf8');
      assert.ok(after.startsWith('\ufeffimport os\n'), JSON.stringify(after.slice(0, 20)));
    });

    it('lines a fix inserts into a CRLF file end in CRLF', async () => {
      const script = [
        'def main(input_paths):',
        '    return input_paths["DATA"], input_paths["EXTRA"]',
        '',
        'if __name__ == "__main__":',
        '    input_paths = {',
        '        "EXTRA": "/opt/ml/processing/input/extra",',
        '    }',
        '    main(input_paths)',
        '',
      ].join('\r\n');
      const contract = CONTRACT.replace(
        '{"DATA": "/opt/ml/processing/input/data"}',
        '{"DATA": "/opt/ml/processing/input/data", "EXTRA": "/opt/ml/processing/input/extra"}',
      );
      const root = ws({ 'contracts/c_contract.py': contract, 'scripts/s.py': script });
      await cli(['check', '--fix'], root);
      const after = readFileSync(join(root, 'scripts', 's.py'), 'utf8');
      assert.match(after, /"DATA": "\/opt\/ml\/processing\/input\/data",\r\n/);
      assert.doesNotMatch(after.replace(/\r\n/g, ''), /\n/, 'no bare LF');
    });
  });

  describe('writes: only over the bytes that were analysed, never through a link, never over a read-only file', () => {
    it('a file that changed after the check is not fixed at stale positions', async () => {
      const root = ws({ 'contracts/c_contract.py': CONTRACT, 'scripts/s.py': mismatchScript('\n') });
      const loaded = await loadProject(root, { cache: false });
      const findings = [...loaded.project.files.keys()].flatMap((f) => loaded.project.check(f));
      const edited = '# a line added by the user\n' + mismatchScript('\n');
      writeFileSync(join(root, 'scripts', 's.py'), edited);
      const outcome = writeSafeFixes(findings, loaded.project, WorkspaceRoot.of(root));
      assert.equal(outcome.fixed, 0);
      assert.match(outcome.refused[0].reason, /changed after it was checked/);
      assert.equal(readFileSync(join(root, 'scripts', 's.py'), 'utf8'), edited);
    });

    it('a file replaced with the same size and time (cp -p, rsync -a) is re-read before it is fixed', async () => {
      const root = ws({ 'contracts/c_contract.py': CONTRACT, 'scripts/s.py': mismatchScript('\n') });
      const file = join(root, 'scripts', 's.py');
      await cli(['check', '--fail-on', 'off'], root); // remembered result and cached facts
      const st = statSync(file);
      // Same length, different bytes: the wrong path moves one line down.
      const swapped = mismatchScript('\n').replace('import os\n\n', 'import os\n#\n').replace('\n\nif __name__', '\nif __name__');
      assert.equal(swapped.length, mismatchScript('\n').length);
      writeFileSync(file, swapped);
      utimesSync(file, st.atime, st.mtime);
      await cli(['check', '--fix'], root);
      assert.equal(readFileSync(file, 'utf8'), swapped.replace('/opt/ml/processing/input/wrong', '/opt/ml/processing/input/data'));
    });

    it('a file that is also a file outside the workspace (a hard link) is not rewritten', async () => {
      const outside = ws({ 's.py': mismatchScript('\n') });
      const root = ws({ 'contracts/c_contract.py': CONTRACT });
      mkdirSync(join(root, 'scripts'));
      linkSync(join(outside, 's.py'), join(root, 'scripts', 's.py'));
      const r = await cli(['check', '--fix', '--no-color'], root);
      assert.match(r.err, /not fixed: .*s\.py: it is also a file outside the workspace \(a hard link\)/);
      assert.equal(readFileSync(join(outside, 's.py'), 'utf8'), mismatchScript('\n'));
    });

    it('a read-only file is not rewritten, even by root, and is not counted as fixed', async () => {
      const root = ws({ 'contracts/c_contract.py': CONTRACT, 'scripts/s.py': mismatchScript('\n') });
      const file = join(root, 'scripts', 's.py');
      chmodSync(file, 0o444);
      const r = await cli(['check', '--fix', '--no-color'], root);
      assert.doesNotMatch(r.out, /^Fixed/m);
      assert.match(r.err, /not fixed: .*s\.py: it is read-only/);
      assert.equal(readFileSync(file, 'utf8'), mismatchScript('\n'));
    });
  });

  describe('fixes marked safe produce valid Python', () => {
    const contract = CONTRACT;
    const scriptWith = (body: string) =>
      `def main(input_paths, output_paths):\n${body}\n    return input_paths["DATA"], output_paths["OUT"]\n\nif __name__ == "__main__":\n    main({"DATA": "/opt/ml/processing/input/data"}, {"OUT": "/opt/ml/processing/output/out"})\n`;

    it('no replacement for a path in a case pattern; a path in an f-string gets the other quote', async () => {
      const body =
        '    match input_paths["DATA"]:\n        case "/opt/ml/processing/input/data":\n            pass\n    data = open(f"{\'/opt/ml/processing/input/data\'}/x.csv")';
      const root = ws({ 'contracts/c_contract.py': contract, 'scripts/s.py': scriptWith(body) });
      const json = JSON.parse((await cli(['check', '--format', 'json', '--fail-on', 'off'], root)).out) as {
        rule: string;
        line: number;
        fixes: { newText?: string; edits: { newText: string }[] }[];
      }[];
      const hard = json.filter((f) => f.rule === 'hardcoded-path');
      assert.deepEqual(
        hard.map((f) => f.line),
        [3, 5],
      );
      assert.deepEqual(hard[0].fixes, [], 'a case pattern takes only literals');
      assert.equal(hard[1].fixes[0].edits[0].newText, "input_paths['DATA']");
      await cli(['check', '--fix'], root);
      const t = parsePython(readFileSync(join(root, 'scripts', 's.py'), 'utf8'));
      assert.equal(t.rootNode.hasError, false);
      t.delete();
    });
  });

  describe('suppression comments go where a comment can be', () => {
    it('after a backslash continuation and after a triple-quoted string, on the line that ends the statement, and they suppress', async () => {
      const text =
        'def main(input_paths):\n    a = "/opt/ml/processing/input/data" + \\\n        "/x"\n    b = f"""{"/opt/ml/processing/input/data"}\n    """\n    return input_paths["DATA"]\n';
      const e1 = suppressionEdit(text, 'python', 1, 'hardcoded-path');
      const e2 = suppressionEdit(text, 'python', 3, 'hardcoded-path');
      assert.equal(e1.range.start.line, 2);
      assert.equal(e2.range.start.line, 4);
      const suppressed = applyEdits(text, [{ ...e1 }, { ...e2 }]);
      const t = parsePython(suppressed);
      assert.equal(t.rootNode.hasError, false, 'still Python');
      t.delete();
      assert.ok(suppressed.includes('"""  # script-contracts: ignore[hardcoded-path]'), 'the string is unchanged');
      const mainBlock = '\nif __name__ == "__main__":\n    main({"DATA": "/opt/ml/processing/input/data"})\n';
      const root = ws({ 'contracts/c_contract.py': CONTRACT, 'scripts/s.py': suppressed + mainBlock });
      const json = JSON.parse((await cli(['check', '--format', 'json', '--fail-on', 'off'], root)).out) as { rule: string; file: string }[];
      assert.deepEqual(
        json.filter((f) => f.file === 'scripts/s.py').map((f) => f.rule),
        [],
        'both findings suppressed, both comments used',
      );
    });
  });

  describe('no hang, bounded memory', () => {
    it('globs match in bounded time: include/exclude patterns and .gitignore lines crafted to backtrack', async () => {
      const evil = '*a*a*a*a*a*a*a*a*a*a*a*a*b';
      assert.equal(compileGlobs([evil])('a'.repeat(80)), false);
      assert.equal(compileGlobs(['**/**/**/**/**/**/**/**/**/x'])('a/'.repeat(60) + 'y'), false);
      const name = 'a'.repeat(80) + '.py';
      const root = ws({
        [name]: 'x = 1\n',
        'pyproject.toml': `[tool.script-contracts]\nexclude = ["${evil}"]\n`,
        '.gitignore': `${evil}\n**/**/**/**/**/**/**/**/**/*b\n`,
      });
      const r = await cli(['check', '--no-cache', '--fail-on', 'off'], root);
      assert.equal(r.code, 0);
    });

    it('a long run of comment lines parses in linear time (tree-sitter-python scans ahead over each)', () => {
      // 50,000 commented-out lines in a function took minutes; the facts around them must stay.
      const text =
        'def main(input_paths):\n    x = "/opt/ml/processing/input/data"\n' +
        '    # old = load("x")\n'.replace('"x"', 'x').repeat(50000) +
        '    return input_paths["DATA"]  # script-contracts: ignore[hardcoded-path]\n';
      const facts = analyzeText('/w/s.py', text, { ...DEFAULT_CONFIG, maxFileSize: 8 * 1024 * 1024 }).facts!;
      assert.equal(facts.format, 'python');
      if (facts.format !== 'python') return;
      assert.deepEqual(
        facts.script.pathUses.map((u) => u.range.start.line),
        [1],
      );
      assert.deepEqual(
        facts.script.channelReads.map((r) => r.keyRange.start.line),
        [50002],
      );
      assert.deepEqual(
        facts.suppressions.map((x) => x.line),
        [50002],
      );
      assert.equal(facts.hasSyntaxErrors, false);
    });

    it('brace expansions that explode are a configuration error', () => {
      const loaded = parseConfig('/w/script-contracts.toml', `exclude = ["${'{a,b}'.repeat(12)}"]\n`)!;
      assert.match(loaded.errors[0].message, /braces expand to more than/);
    });

    it('FIFOs and device links named like configuration or source files are refused, not waited on', async () => {
      const parent = ws({});
      const root = join(parent, 'ws');
      tree({ 'contracts/c_contract.py': CONTRACT, 'scripts/s.py': mismatchScript('\n') }, root);
      mkdirSync(join(root, '.git'));
      execFileSync('mkfifo', [join(root, 'script-contracts.toml'), join(root, '.gitignore'), join(root, 'scripts', 'fifo.py'), join(parent, 'pyproject.toml')]);
      symlinkSync('/dev/zero', join(root, 'pyproject.toml'));
      symlinkSync('/dev/zero', join(root, 'scripts', 'zero.py'));
      const r = await cli(['check', '--no-cache', '--format', 'json', '--fail-on', 'off'], root);
      assert.equal(r.code, 2, 'the FIFO script-contracts.toml is a configuration error');
      assert.match(r.err, /script-contracts\.toml.*cannot read this configuration file: not a regular file/);
    });

    it('a 1.9 GB sparse file is refused by its size, before a byte is read', async () => {
      const root = ws({ 'contracts/c_contract.py': CONTRACT });
      writeFileSync(join(root, 'huge.py'), '');
      truncateSync(join(root, 'huge.py'), Math.floor(1.9 * 1024 ** 3));
      const { project, notices } = await loadProject(root, { cache: false });
      assert.match(project.files.get(join(root, 'huge.py'))!.skipped!, /1945\.6 MB is over the 2\.0 MB limit/);
      assert.ok(notices.some((n) => /max-file-size/.test(n.message)));
    });

    it('trees are kept for a bounded number and size of open documents', () => {
      const budget = new TreeBudget();
      const deleted: number[] = [];
      const docs: OpenDocument[] = [];
      for (let i = 0; i < 40; i++) {
        const doc: OpenDocument = {
          uri: `file:///d${i}.py`,
          file: `/d${i}.py`,
          text: 'x'.repeat(1024 * 1024),
          version: 1,
          tree: { delete: () => deleted.push(i) } as never,
        };
        docs.push(doc);
        budget.keep(doc);
      }
      assert.ok(budget.size <= 16, `at most 16 MB of text keep trees (${budget.size})`);
      assert.deepEqual(deleted, [...Array(40 - budget.size).keys()], 'the least recently edited lose theirs first, and their trees are deleted');
      assert.equal(docs[0].tree, undefined);
    });
  });

  describe('configuration', () => {
    it('keys named like Object.prototype members are unknown keys, not crashes', () => {
      for (const key of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf']) {
        const loaded = parseConfig('/w/script-contracts.toml', `${key} = 1\n`)!;
        assert.equal(loaded.errors.length, 1, key);
        assert.match(loaded.errors[0].message, /unknown key/);
      }
      const long = parseConfig('/w/script-contracts.toml', `${'k'.repeat(60000)} = 1\n`)!;
      assert.match(long.errors[0].message, /^unknown key$/);
    });

    it('20,000 unknown keys: the first 100 and a count of the rest', () => {
      const text = Array.from({ length: 20000 }, (_, i) => `unknown_${i} = ${i}`).join('\n');
      const loaded = parseConfig('/w/script-contracts.toml', text)!;
      assert.equal(loaded.errors.length, 101);
      assert.equal(loaded.errors[100].message, '19900 more configuration problems in this file not shown');
      assert.deepEqual(loaded.errors[99].position, { line: 99, character: 0 });
    });

    it('values that would silently check nothing are errors: a fractional size, patterns that leave the folder', () => {
      const check = (line: string) => parseConfig('/w/script-contracts.toml', line + '\n')!.errors.map((e) => e.message);
      assert.match(check('max-file-size = 0.5')[0], /positive integer/);
      assert.match(check('include = ["/**"]')[0], /is absolute/);
      assert.match(check('include = ["../**"]')[0], /leaves the folder/);
      assert.match(check('exclude = ["a/../../b"]')[0], /leaves the folder/);
      assert.deepEqual(check('include = ["src/**"]'), []);
    });

    it('--config with invalid TOML, an unknown key, a wrong type or a folder fails the run', async () => {
      const root = ws({ 'contracts/c_contract.py': CONTRACT, 'scripts/s.py': mismatchScript('\n') });
      for (const [text, message] of [
        ['[oops', /invalid TOML/],
        ['colour = 1', /unknown key/],
        ['max-file-size = "big"', /positive integer/],
      ] as const) {
        writeFileSync(join(root, 'custom.toml'), text + '\n');
        const r = await cli(['check', '--no-cache', '--config', 'custom.toml'], root);
        assert.equal(r.code, 2, text);
        assert.match(r.err, message);
      }
      const folder = await cli(['check', '--config', 'scripts'], root);
      assert.equal(folder.code, 2);
      assert.match(folder.err, /is a folder/);
    });

    it('configuration above the repository root is not read', async () => {
      const parent = ws({ 'pyproject.toml': '[tool.script-contracts]\nexclude = ["**"]\n' });
      const root = join(parent, 'repo');
      tree({ 'contracts/c_contract.py': CONTRACT, 'scripts/s.py': mismatchScript('\n') }, root);
      mkdirSync(join(root, '.git'));
      const { project } = await loadProject(root, { cache: false });
      assert.ok(project.files.has(join(root, 'scripts', 's.py')));
    });
  });

  describe('odd names and contents', () => {
    it('YAML merge keys are read as YAML 1.1 merges, not unknown keywords; lone-CR YAML parses', () => {
      const yaml = 'base: &b\n  path: /opt/ml/processing/input/data\ncontract:\n  entry_point: s.py\n  inputs:\n    DATA:\n      <<: *b\n';
      const facts = extractYaml('/w/s.step.yaml', yaml);
      assert.deepEqual(
        facts.contract!.keywords.map((k) => k.name),
        ['entry_point', 'inputs'],
      );
      assert.equal(facts.contract!.inputs[0].path, '/opt/ml/processing/input/data');
      const cr = analyzeText('/w/s.step.yaml', 'contract:\r  entry_point: s.py\r  inputs:\r    DATA: /opt/ml/processing/input/data\r', DEFAULT_CONFIG).facts!;
      assert.equal(cr.format, 'yaml');
      assert.deepEqual(cr.format === 'yaml' ? [cr.problems, cr.contract?.inputs[0].nameRange.start.line] : [], [[], 3]);
    });

    it('a file whose name holds a newline or an escape is checked, and printed escaped', async () => {
      const name = 'scripts/odd\nname\x1b[31m.py';
      // In the contract: a `\n` escape and a literal ESC, both valid in a Python string.
      const root = ws({
        'contracts/c_contract.py': CONTRACT.replace('entry_point="s.py"', 'entry_point="odd\\nname\x1b[31m.py"'),
        [name]: mismatchScript('\n'),
      });
      const r = await cli(['check', '--no-cache', '--no-color', '--fail-on', 'off'], root);
      assert.match(r.out, /^scripts\/odd\\x0aname\\x1b\[31m\.py:7:\d+: error path-mismatch/m);
      // biome-ignore lint/suspicious/noControlCharactersInRegex: the escape character must not reach the terminal.
      assert.doesNotMatch(r.out, /\x1b/);
    });

    it('a NUL byte anywhere makes a Python file a skipped binary file, with a notice', async () => {
      const root = ws({ 'contracts/c_contract.py': CONTRACT, 'scripts/s.py': mismatchScript('\n') + '#' + 'x'.repeat(9000) + '\nz = "\0"\n' });
      const { project, notices } = await loadProject(root, { cache: false });
      assert.match(project.files.get(join(root, 'scripts', 's.py'))!.skipped!, /binary/);
      assert.ok(notices.some((n) => n.file.endsWith('s.py')));
    });

    it('SARIF URIs are percent-encoded', async () => {
      const root = ws({ 'contracts/c_contract.py': CONTRACT, 'my scripts/s.py': mismatchScript('\n') });
      const sarif = JSON.parse((await cli(['check', '--no-cache', '--format', 'sarif', '--fail-on', 'off'], root)).out);
      const uris = sarif.runs[0].results.map(
        (r: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => r.locations[0].physicalLocation.artifactLocation.uri,
      );
      assert.ok(uris.includes('my%20scripts/s.py'), uris.join(' '));
    });
  });
});
