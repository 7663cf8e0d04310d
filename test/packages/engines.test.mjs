// The Node.js versions the README and package.json state are the ones the dependencies declare
// (scripts/check-engines.mjs reads every package's engines.node) and the one the bundle is built for.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { engines, lowest, OPTIONAL_RUNNERS, satisfies } from '../../scripts/check-engines.mjs';
import { ROOT } from './helpers.mjs';

const read = (f) => readFileSync(join(ROOT, f), 'utf8');

describe('Node.js versions', () => {
  const e = engines(ROOT);
  const manifest = JSON.parse(read('package.json'));
  const readme = read('README.md');
  const major = (v) => v.split('.')[0];

  it('evaluates the range forms packages use', () => {
    const cases = [
      ['^18.18.0 || ^20.9.0 || >=21.1.0', '20.8.0', false],
      ['^18.18.0 || ^20.9.0 || >=21.1.0', '20.9.0', true],
      ['18 || 20 || >=22', '21.5.0', false],
      ['18 || 20 || >=22', '20.1.0', true],
      ['>= 14', '14.0.0', true],
      ['6.* || 8.* || >= 10.*', '7.0.0', false],
      ['>=16 || 14 >=14.17', '14.16.0', false],
      ['>=16 || 14 >=14.17', '14.17.0', true],
      ['>=0.6.11 <=0.7.0 || >=0.7.3', '0.7.1', false],
      ['1.2 - 2.3', '2.3.5', true],
      ['1.2 - 2.3', '2.4.0', false],
      ['>14', '14.9.0', false],
      ['*', '0.1.0', true],
    ];
    for (const [range, version, expected] of cases) assert.equal(satisfies(range, version), expected, `${range} ∋ ${version}`);
    assert.equal(lowest(['>=20', '20 || >=22', '>=20.18.1']), '20.18.1');
  });

  it('the bundle needs Node 20: the build target, engines.node and the launcher agree, and its packages accept 20', () => {
    assert.match(read('scripts/build.mjs'), /target: 'node20'/);
    assert.equal(manifest.engines.node, '>=20');
    assert.match(read('bin/script-contracts.js'), /if \(major < 20\)/);
    for (const bundled of [
      'smol-toml',
      'tree-sitter-python',
      'vscode-languageserver',
      'vscode-languageserver-textdocument',
      'vscode-uri',
      'web-tree-sitter',
      'yaml',
    ]) {
      assert.ok(Number(major(e.direct[bundled].lowest)) <= 20, `${bundled} accepts Node 20`);
    }
    assert.match(readme, /\| The CLI, the language server, the extension's bundle[^|]*\| 20\+ \|/);
  });

  it('development needs what every dependency but the optional runner accepts; README and devEngines say so', () => {
    assert.deepEqual(OPTIONAL_RUNNERS, ['@vscode/test-electron']);
    assert.equal(manifest.devEngines.runtime.version, `>=${e.withoutOptionalRunners}`);
    assert.ok(readme.includes(`On a fresh machine with Node.js ${e.withoutOptionalRunners}+`));
    assert.ok(readme.includes(`| Developing: \`npm ci\`, the build, every \`npm test\` step, \`npm run package\` | ${e.withoutOptionalRunners}+ |`));
  });

  it('the optional runner, and so the whole tree, need what the README states', () => {
    const runner = major(e.direct['@vscode/test-electron'].lowest);
    assert.ok(readme.includes(`| \`test/e2e/runTest.ts\` (\`@vscode/test-electron\` ${manifest.devDependencies['@vscode/test-electron']}) | ${runner}+ |`));
    assert.ok(readme.includes(`Every package in package-lock.json accepts Node.js ${major(e.all)}+.`));
  });
});
