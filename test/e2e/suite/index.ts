// Entry point VS Code calls in the extension host (extensionTestsPath): runs the mocha (tdd) suites
// bundled next to this file. Bundled with mocha inside (test/e2e/build.mjs), `vscode` stays external.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

interface TestResult {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs?: number;
  error?: string;
}

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'tdd',
    color: false,
    timeout: Number(process.env.SC_E2E_TEST_TIMEOUT_MS || 60000),
    reporter: 'spec',
    grep: process.env.SC_E2E_GREP || undefined,
  });
  for (const f of fs.readdirSync(__dirname).sort()) if (f.endsWith('.test.js')) mocha.addFile(path.join(__dirname, f));
  const results: TestResult[] = [];
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const summary = `${runner.stats?.passes ?? 0} passed, ${failures} failed`;
      console.log(`extension tests: ${summary}`);
      // run.sh reads this file (the extension host inherits code-server's environment)
      const out = process.env.SC_E2E_RESULT;
      if (out)
        fs.writeFileSync(out, JSON.stringify({ passes: runner.stats?.passes ?? 0, failures, pending: runner.stats?.pending ?? 0, tests: results }, null, 2));
      if (failures > 0) reject(new Error(`${failures} tests failed.`));
      else resolve();
    });
    runner.on('pass', (t) => results.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration }));
    runner.on('fail', (t, err: Error) => results.push({ title: t.fullTitle(), state: 'failed', durationMs: t.duration, error: err?.message }));
    runner.on('pending', (t) => results.push({ title: t.fullTitle(), state: 'pending' }));
  });
}
