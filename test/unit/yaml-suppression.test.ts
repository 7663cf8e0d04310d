import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadProject } from '../../server/src/host/loader';

const STEP = (suppress: string) => `contract:
  entry_point: prep.py
  inputs:
    DATA: { path: /opt/ml/processing/input/data }
    EXTRA: { path: /opt/ml/processing/input/extra }${suppress}
  outputs:
    out: { path: /opt/ml/processing/output }
`;
const SCRIPT = 'def main(input_paths, output_paths):\n    return input_paths["DATA"], output_paths["out"]\n';

async function findings(suppress: string) {
  const dir = mkdtempSync(join(tmpdir(), 'sc-yaml-'));
  try {
    mkdirSync(join(dir, 'steps'));
    writeFileSync(join(dir, 'steps', 'prep.step.yaml'), STEP(suppress));
    writeFileSync(join(dir, 'prep.py'), SCRIPT);
    const { project } = await loadProject(dir, { cache: false });
    return project.check(join(dir, 'steps', 'prep.step.yaml')).map((f) => `${f.range.start.line + 1}:${f.rule}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('suppression comments in .step.yaml files', function () {
  this.timeout(10000);
  it('report the unused channel without a comment', async () => {
    assert.deepEqual(await findings(''), ['5:unused-channel']);
  });
  it('silence it with # script-contracts: ignore[unused-channel]', async () => {
    assert.deepEqual(await findings('  # script-contracts: ignore[unused-channel]'), []);
  });
  it('report a comment that silences nothing', async () => {
    assert.deepEqual(await findings('  # script-contracts: ignore[hardcoded-path]'), ['5:unused-channel', '5:unused-suppression']);
  });
});
