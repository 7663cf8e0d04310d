// The step interface's keys have one source: the YAML extractor's lists. The
// JSON Schema the editor's YAML extension validates with must declare exactly
// them, block by block.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { STEP_YAML_KEYS } from '../../server/src/core/yaml/extract';

const schema = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'schemas', 'step.schema.json'), 'utf8'));
const keys = (o: { properties: Record<string, unknown> }) => Object.keys(o.properties).sort();

describe('the step interface schema', () => {
  it('declares exactly the keys the extractor reads, in each block', () => {
    const d = schema.definitions;
    assert.deepEqual(keys(schema), [...STEP_YAML_KEYS.top].sort());
    assert.deepEqual(keys(d.contract), [...STEP_YAML_KEYS.contract].sort());
    assert.deepEqual(keys(d.spec), [...STEP_YAML_KEYS.spec].sort());
    assert.deepEqual(keys(d.dependency), [...STEP_YAML_KEYS.dependency].sort());
    assert.deepEqual(keys(d.output), [...STEP_YAML_KEYS.output].sort());
    assert.deepEqual(keys(d.channelPath.oneOf[1]), [...STEP_YAML_KEYS.channel].sort());
  });
});
