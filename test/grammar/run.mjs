// Static checks of what the extension contributes besides code:
//  1. the TextMate injection grammar (syntaxes/script-contracts.injection.json), with scope assertions in
//     test/grammar/*.py run by vscode-tmgrammar-test on top of the Python base grammar (MagicPython, as
//     shipped by VS Code; taken from the tm-grammars package);
//  2. the JSON Schema for *.step.yaml files (schemas/step.schema.json): valid and invalid fixtures, and
//     every *.step.yaml under examples/.
// Prints `N passed, N failed` and exits non-zero on any failure.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const here = join(root, 'test', 'grammar');
let passed = 0;
let failed = 0;
const ok = (name) => {
  passed++;
  console.log(`  ✓ ${name}`);
};
const fail = (name, why) => {
  failed++;
  console.log(`  ✗ ${name}\n${String(why).replace(/^/gm, '      ')}`);
};

// ---- 1. grammar
console.log('grammar (syntaxes/script-contracts.injection.json)');
const pythonGrammar = process.env.PYTHON_GRAMMAR || require.resolve('tm-grammars/grammars/python.json');
const cli = require.resolve('vscode-tmgrammar-test/dist/unit.js');
for (const file of readdirSync(here)
  .filter((f) => f.endsWith('.py'))
  .sort()) {
  const r = spawnSync(process.execPath, [cli, '--config', join(root, 'package.json'), '-g', pythonGrammar, join(here, file)], { encoding: 'utf8', cwd: root });
  if (r.status === 0) ok(file);
  else fail(file, (r.stdout + r.stderr).trim());
}

// ---- 2. schema
console.log('schema (schemas/step.schema.json)');
const Ajv = require('ajv');
const YAML = require('yaml');
const schema = JSON.parse(readFileSync(join(root, 'schemas', 'step.schema.json'), 'utf8'));
let validate;
try {
  validate = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true }).compile(schema);
  ok('schema compiles (strict)');
} catch (e) {
  fail('schema compiles (strict)', e.message);
}
const load = (file) => YAML.parse(readFileSync(file, 'utf8'));
const errorsOf = () =>
  (validate.errors || []).map((e) => `${e.instancePath || '/'} ${e.message}${e.params?.additionalProperty ? ` (${e.params.additionalProperty})` : ''}`);

if (validate) {
  const good = join(here, 'fixtures', 'risk_table_mapping.step.yaml');
  if (validate(load(good))) ok('accepts the documented shape (fixtures/risk_table_mapping.step.yaml)');
  else fail('accepts the documented shape', errorsOf().join('\n'));

  const bad = load(join(here, 'fixtures', 'invalid.step.yaml'));
  validate(bad);
  const got = errorsOf().join('\n');
  const expected = [
    ["/contract must have required property 'entry_point'", 'missing entry_point'],
    ['/contract must NOT have additional properties (colour)', 'unknown contract key'],
    ['/contract/inputs property name must be valid', 'logical name with a dash'],
    ['/contract/inputs/data-input/path must match pattern "^/"', 'relative container path'],
    ['/contract/env_vars/required must be array', 'env_vars.required not a list'],
    ["/spec must have required property 'step_type'", 'missing step_type'],
    ['/spec/node_type must be equal to one of the allowed values', 'unknown node_type'],
    ['/spec/dependencies/data_input/required must be boolean', 'required not a boolean'],
  ];
  for (const [needle, what] of expected) {
    if (got.includes(needle)) ok(`rejects: ${what}`);
    else fail(`rejects: ${what}`, `expected an error containing\n  ${needle}\ngot:\n${got}`);
  }

  const examples = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.step.yaml')) examples.push(p);
    }
  };
  if (existsSync(join(root, 'examples'))) walk(join(root, 'examples'));
  for (const file of examples.sort()) {
    const rel = relative(root, file);
    let data;
    try {
      data = load(file);
    } catch (e) {
      // a YAML syntax error may be a planted finding (parse-error); the schema has nothing to say about it
      console.log(`  - ${rel}: not YAML (${e.message.split('\n')[0]}), skipped`);
      continue;
    }
    if (validate(data)) ok(`example conforms: ${rel}`);
    else fail(`example conforms: ${rel}`, errorsOf().join('\n') + '\n(if this file is a deliberate mistake, rename it or list it in test/grammar/run.mjs)');
  }
  if (examples.length === 0) console.log('  - no examples/**/*.step.yaml yet');
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
