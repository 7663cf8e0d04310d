// Runs the extension tests (extensionTestsPath) in code-server's Node extension host, driven by headless
// Chromium. The workbench honours extensionDevelopmentPath/extensionTestsPath in the `payload` query only
// when code-server runs with `--vscode-option enable-smoke-test-driver`; the outcome arrives through
// window.codeAutomationExit(code).
// Usage: node exttest.js BASE_URL WORKSPACE_DIR EXTENSION_DIR TESTS_INDEX_JS
const { launch } = require('./browser');

const [, , base, folder, extDir, testsPath] = process.argv;
const payload = [
  ['extensionDevelopmentPath', `vscode-remote://remote${extDir}`],
  ['extensionTestsPath', `vscode-remote://remote${testsPath}`],
];
const url = `${base}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;

(async () => {
  const { browser, context } = await launch();
  const page = await context.newPage();
  let done;
  const exited = new Promise((resolve) => (done = resolve));
  await page.exposeFunction('codeAutomationExit', async (code) => done(code));
  await page.exposeFunction('codeAutomationLog', (_type, args) => console.log(...(Array.isArray(args) ? args : [args])));
  await page.goto(url);
  const timer = setTimeout(() => done('timeout'), Number(process.env.SC_EXTTEST_TIMEOUT_MS || 240000));
  const code = await exited;
  clearTimeout(timer);
  console.log(`extension tests exit code: ${code}`);
  await browser.close();
  process.exit(code === 0 ? 0 : 1);
})().catch((e) => {
  console.error('exttest:', e);
  process.exit(1);
});
