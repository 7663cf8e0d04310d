// Shared Playwright setup: Debian's headless chromium, and no network beyond the local code-server.
const { chromium } = require('playwright-core');

async function launch() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROME || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  await context.route('**/*', (r) => {
    const url = r.request().url();
    return /^(https?|wss?):\/\/127\.0\.0\.1[:/]/.test(url) || /^(data|blob):/.test(url) ? r.continue() : r.abort();
  });
  return { browser, context };
}

module.exports = { launch };
