// Runs the same extension tests in a VS Code downloaded by @vscode/test-electron (for machines with
// internet access; the offline harness is test/e2e/run.sh). Usage, after `npm run build`:
//   node test/e2e/build.mjs && node out/e2e/runTest.js
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '..', '..');
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'sc-e2e-'));
  fs.cpSync(path.join(root, 'examples', 'seed-pipeline'), workspace, { recursive: true });
  try {
    await runTests({
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(root, 'out', 'e2e', 'suite', 'index.js'),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
      extensionTestsEnv: { SC_E2E_RESULT: path.join(root, 'test-artifacts', 'exttest-result.json') },
    });
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
