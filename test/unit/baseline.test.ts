// The baseline's keys, counts, stale entries and file format (core/baseline.ts),
// and that every rule names the entity its findings are keyed by.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Baseline, baselineOf, formatBaseline, matchBaseline, parseBaseline, rebaseline } from '../../server/src/core/baseline';
import type { Finding } from '../../server/src/core/model';
import { FIXTURES, fixtureCases, fixtureFiles } from '../support/fixture-files';
import { check } from '../support/markers';

const at = (line: number, character = 4) => ({ start: { line, character }, end: { line, character: character + 10 } });
const finding = (file: string, rule: string, entity: string | undefined, line: number): Finding =>
  ({ rule, severity: 'warning', message: `${rule} ${entity}`, file, range: at(line), related: [], fixes: [], entity }) as Finding;
const rel = (f: string) => f.replace(/^\/w\//, '');

describe('baseline', () => {
  it('keys findings by file, rule and entity, never by line, with a count per key', () => {
    const today = [
      finding('/w/s.py', 'hardcoded-path', '/opt/ml/processing/input/data', 10),
      finding('/w/s.py', 'hardcoded-path', '/opt/ml/processing/input/data', 20),
      finding('/w/s.py', 'undeclared-env-var', 'SEED', 30),
    ];
    const b = baselineOf(today, rel);
    assert.equal(b.count('s.py', 'hardcoded-path', '/opt/ml/processing/input/data'), 2, 'two identical findings are two entries');
    assert.equal(b.size, 3);
    // Lines moved; a third use of the same path appeared before the others.
    const later = [
      finding('/w/s.py', 'hardcoded-path', '/opt/ml/processing/input/data', 5),
      finding('/w/s.py', 'hardcoded-path', '/opt/ml/processing/input/data', 15),
      finding('/w/s.py', 'hardcoded-path', '/opt/ml/processing/input/data', 25),
      finding('/w/s.py', 'undeclared-env-var', 'SEED', 40),
      finding('/w/s.py', 'undeclared-env-var', 'OTHER', 41),
    ];
    const m = matchBaseline(later, b, rel, () => true);
    assert.deepEqual(
      m.findings.map((f) => [f.range.start.line, f.baselined === true]),
      [
        [5, true],
        [15, true],
        [25, false],
        [40, true],
        [41, false],
      ],
      'the first `count` of a key by position are accepted, the rest are new',
    );
    assert.equal(m.baselined, 3);
    assert.deepEqual(m.stale, []);
    assert.equal(later[0].baselined, undefined, 'the findings given are not changed');
  });

  it('an accepted finding that no longer occurs is stale, only among the files in scope', () => {
    const b = Baseline.of([
      { file: 's.py', rule: 'hardcoded-path', entity: '/opt/ml/x', count: 2 },
      { file: 's.py', rule: 'missing-contract', entity: '', count: 1 },
      { file: 'other/t.py', rule: 'undeclared-channel', entity: 'DATA', count: 1 },
    ]);
    const m = matchBaseline([finding('/w/s.py', 'hardcoded-path', '/opt/ml/x', 3)], b, rel, (f) => !f.startsWith('other/'));
    assert.deepEqual(m.stale, [
      { file: 's.py', rule: 'hardcoded-path', entity: '/opt/ml/x', count: 1 },
      { file: 's.py', rule: 'missing-contract', entity: '', count: 1 },
    ]);
    const rewritten = rebaseline(b, [finding('/w/s.py', 'hardcoded-path', '/opt/ml/x', 3)], rel, (f) => !f.startsWith('other/'));
    assert.deepEqual(rewritten.entries(), [
      { file: 'other/t.py', rule: 'undeclared-channel', entity: 'DATA', count: 1 },
      { file: 's.py', rule: 'hardcoded-path', entity: '/opt/ml/x', count: 1 },
    ]);
  });

  it('never accepts a configuration error', () => {
    const f = finding('/w/pyproject.toml', 'config-error', 'tool.script-contracts.x', 1);
    assert.equal(baselineOf([f], rel).size, 0);
    const b = Baseline.of([{ file: 'pyproject.toml', rule: 'config-error', entity: 'tool.script-contracts.x', count: 1 }]);
    assert.equal(matchBaseline([f], b, rel).findings[0].baselined, undefined);
  });

  it('the file: sorted, one entry per line, and read back the same; names like __proto__ are plain keys', () => {
    const b = Baseline.of([
      { file: 'z.py', rule: 'unused-channel', entity: 'b', count: 1 },
      { file: '__proto__', rule: 'constructor', entity: '__proto__', count: 3 },
      { file: 'a.py', rule: 'missing-contract', entity: '', count: 1 },
    ]);
    const text = formatBaseline(b);
    assert.equal(
      text,
      '{\n  "version": 1,\n  "findings": {\n    "__proto__": {\n      "constructor": {\n        "__proto__": 3\n      }\n    },\n' +
        '    "a.py": {\n      "missing-contract": {\n        "": 1\n      }\n    },\n    "z.py": {\n      "unused-channel": {\n        "b": 1\n      }\n    }\n  }\n}\n',
    );
    const back = parseBaseline(text);
    assert.ok('baseline' in back);
    assert.deepEqual(back.baseline.entries(), b.entries());
    assert.equal(formatBaseline(back.baseline.withoutOne('__proto__', 'constructor', '__proto__')).includes('"__proto__": 2'), true);
    assert.deepEqual(
      Baseline.of([{ file: 'a', rule: 'r', entity: 'e', count: 1 }])
        .withoutOne('a', 'r', 'e')
        .entries(),
      [],
    );
  });

  it('a malformed file says what is wrong where', () => {
    const error = (text: string) => {
      const r = parseBaseline(text);
      return 'error' in r ? r.error : 'no error';
    };
    assert.match(error('[]'), /must be a JSON object/);
    assert.match(error('{"version": 2, "findings": {}}'), /"version" must be 1/);
    assert.match(error('{"version": 1'), /not valid JSON/);
    assert.match(error('{"version": 1, "findings": {"a.py": {"r": {"e": 0}}}}'), /findings\["a.py"\]\["r"\]\["e"\] must be a positive integer/);
    assert.match(error('{"version": 1, "findings": {"a.py": []}}'), /findings\["a.py"\] must be an object/);
    assert.ok('baseline' in parseBaseline('\ufeff{"version": 1, "findings": {}}'), 'a BOM is fine');
  });
});

describe('every rule names what its findings are about', function () {
  this.timeout(60000);
  // A finding about the file itself has no entity: the script no contract claims, a file that does not parse.
  const ABOUT_THE_FILE = new Set(['missing-contract', 'parse-error']);

  it('on every case of every rule fixture file', async () => {
    const missing = new Set<string>();
    const seen = new Set<string>();
    for (const file of fixtureFiles()) {
      for (const c of fixtureCases(join(FIXTURES, file))) {
        for (const f of await check(c.text)) {
          seen.add(f.rule);
          if (!f.entity && !ABOUT_THE_FILE.has(f.rule)) missing.add(`${f.rule} (${file}: ${c.name})`);
        }
      }
    }
    assert.deepEqual([...missing], []);
    assert.ok(seen.size >= 20, `the fixtures exercise most rules (${seen.size})`);
  });
});
