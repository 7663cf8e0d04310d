// The rule registry and everything that must agree with it: one module per
// rule (and the generated index of them), one doc page, one fixture file with a
// defect and a trap, the docs tables and the README list, the configurable ids.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIGURABLE_RULES } from '../../server/src/core/config';
import { RULE_MODULES, RULES } from '../../server/src/core/rules/registry';
import { FIXTURES, fixtureCases } from '../support/fixture-files';

const ROOT = join(__dirname, '..', '..', '..');

describe('rule registry', () => {
  it('the generated index lists exactly the rule modules on disk (npm run build regenerates it)', async () => {
    const { allTs } = await import(join(ROOT, 'scripts', 'rule-index.mjs'));
    assert.equal(readFileSync(join(ROOT, 'server', 'src', 'core', 'rules', 'all.ts'), 'utf8'), allTs());
  });

  it('ids are unique and kebab-case; every module checks something (or is the suppression pass)', () => {
    const ids = RULES.map((r) => r.id);
    assert.deepEqual([...new Set(ids)], ids);
    for (const m of RULE_MODULES) {
      assert.match(m.id, /^[a-z]+(-[a-z]+)*$/);
      assert.ok(m.subject === 'suppressions' || typeof m.check === 'function', m.id);
    }
  });

  it('every rule has a doc page: its id, severity and what/why/example/fixes sections', () => {
    for (const r of RULES) {
      const page = join(ROOT, 'docs', 'rules', `${r.id}.md`);
      assert.ok(existsSync(page), `docs/rules/${r.id}.md is missing`);
      const text = readFileSync(page, 'utf8');
      assert.match(text, new RegExp(`^# ${r.id}\\n`), `${r.id}: the page starts with its id`);
      assert.match(text, new RegExp(`\\*\\*Default severity:\\*\\* ${r.severity}`), `${r.id}: the page states the default severity ${r.severity}`);
      for (const section of ['## What it checks', '## Why it matters', '## Example', '## Fixes'])
        assert.ok(text.includes(section), `${r.id}: "${section}" is missing`);
    }
  });

  it('every rule has a fixture file with a defect it reports and a trap it does not', () => {
    for (const r of RULES) {
      const file = join(FIXTURES, `${r.id}.txt`);
      assert.ok(existsSync(file), `test/fixtures/rules/${r.id}.txt is missing`);
      const cases = fixtureCases(file);
      assert.ok(
        cases.some((c) => c.name.startsWith('defect') && c.text.includes(`# expect: ${r.id}`)),
        `${r.id}: no defect case expecting it`,
      );
      assert.ok(
        cases.some((c) => c.name.startsWith('trap')),
        `${r.id}: no trap case`,
      );
    }
  });

  it('the docs tables and the README rule list are written from the registry (npm run docs:rules)', async () => {
    const { updatedFiles } = await import(join(ROOT, 'scripts', 'rule-docs.mjs'));
    for (const { file, text } of updatedFiles()) assert.equal(readFileSync(file, 'utf8'), text, `${file} is out of date: run npm run docs:rules`);
  });

  it('the configuration accepts exactly the configurable rules', () => {
    assert.deepEqual(
      CONFIGURABLE_RULES,
      RULES.filter((r) => r.configurable).map((r) => r.id),
    );
    assert.ok(!CONFIGURABLE_RULES.includes('parse-error') && !CONFIGURABLE_RULES.includes('config-error'));
  });
});
