// The README's install routes name files, hook ids and inputs that exist.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ROOT, VERSION } from './helpers.mjs';

const read = (f) => readFileSync(join(ROOT, f), 'utf8');

describe('README install routes', () => {
  const readme = read('README.md');
  const install = readme.slice(readme.indexOf('## Install'), readme.indexOf('## The CLI'));

  it('every relative link in the README points at a file of the repository', () => {
    const links = [...readme.matchAll(/\]\(([^)#:\s]+)(#[^)]*)?\)/g)].map((m) => m[1]);
    assert.ok(links.length > 10);
    for (const l of links) assert.ok(existsSync(join(ROOT, l)), `${l} exists`);
  });

  it('the pre-commit snippet names the hook of .pre-commit-hooks.yaml', () => {
    const hooks = parse(read('.pre-commit-hooks.yaml'));
    const snippet = parse(/```yaml\n( {2}repos:[\s\S]*?)```/.exec(install)[1].replace(/^ {2}/gm, ''));
    assert.deepEqual(
      snippet.repos[0].hooks.map((h) => h.id),
      hooks.map((h) => h.id),
    );
    assert.equal(snippet.repos[0].rev, `v${VERSION}`);
  });

  it('the Action snippet uses only inputs action.yml declares, and names every one', () => {
    const action = parse(read('action.yml'));
    const snippet = /```yaml\n( {2}- uses: actions\/checkout[\s\S]*?)```/.exec(install)[1];
    const named = [...snippet.matchAll(/^\s+#?\s*([a-z-]+):/gm)].map((m) => m[1]).filter((k) => !['uses', 'with'].includes(k));
    assert.deepEqual([...new Set(named)].sort(), Object.keys(action.inputs).sort());
    assert.equal(action.runs.using, 'node20');
    assert.ok(existsSync(join(ROOT, action.runs.main)));
  });

  it('the wheel and tarball names are the ones the builds make', () => {
    assert.ok(install.includes(`script_contracts-${VERSION}-py3-none-any.whl`));
    assert.ok(install.includes(`script-contracts-${VERSION}.tgz`));
  });
});
