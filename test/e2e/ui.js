// Browser UI test: what a person sees in VS Code (code-server) with the packaged extension installed.
// Env: CS_URL (workbench URL with ?folder=<workspace>), SHOTS (screenshot folder), SC_UI_RESULT (JSON results).
// Each step is a test; a failed step leaves a `failure-<step>.png` and the next steps still run.
const fs = require('node:fs');
const path = require('node:path');
const { launch } = require('./browser');

const URL = process.env.CS_URL;
const SHOTS = process.env.SHOTS || path.join(__dirname, '..', '..', 'test-artifacts', 'screenshots');
const FILE = 'tabular_preprocess.py';
const HARDCODED_LINE = 40; // examples/seed-pipeline/README.md, finding 1 (hardcoded-path)
const HARDCODED_TEXT = '"part-0.csv"'; // only line 40 contains it
const t0 = Date.now();
const log = (...a) => console.log(`[ui ${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);
const results = [];

(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  const { browser, context } = await launch();
  const page = await context.newPage();
  page.on('pageerror', (e) => log('pageerror:', e.message));
  const shot = (name) => page.screenshot({ path: path.join(SHOTS, `${name}.png`) });

  /** Text of the rendered editor lines (Monaco renders spaces as NBSP). */
  const editorText = () => page.evaluate(() => (document.querySelector('.monaco-editor .view-lines')?.textContent ?? '').replace(/\u00a0/g, ' '));
  /** Number of squiggles on the rendered line containing `text` (-1 when the line is not rendered). */
  const squigglesOnLine = (text) =>
    page.evaluate((needle) => {
      const editor = document.querySelector('.monaco-editor');
      const line = [...editor.querySelectorAll('.view-lines .view-line')].find((l) => l.textContent.replace(/\u00a0/g, ' ').includes(needle));
      if (!line) return -1;
      const rows = [...editor.querySelectorAll('.view-overlays > div')].filter((r) => r.style.top === line.style.top);
      return rows.reduce((n, r) => n + r.querySelectorAll('[class*="squiggly-"]').length, 0);
    }, text);
  const waitFor = async (what, fn, ms = 30000) => {
    const end = Date.now() + ms;
    for (;;) {
      const v = await fn();
      if (v) return v;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await page.waitForTimeout(200);
    }
  };
  const quickInput = async (keys, text) => {
    await page.keyboard.press(keys);
    await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
    await page.keyboard.type(text);
  };
  const goTo = async (lineCol) => {
    await quickInput('Control+G', `${lineCol}`);
    await page.keyboard.press('Enter');
    await page.waitForTimeout(200);
  };
  const closeWidgets = async () => {
    await page.mouse.move(5, 880);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
  };
  async function step(name, fn) {
    const s = Date.now();
    try {
      await fn();
      results.push({ title: `ui: ${name}`, state: 'passed', durationMs: Date.now() - s });
      log(`✔ ${name}`);
    } catch (e) {
      results.push({ title: `ui: ${name}`, state: 'failed', durationMs: Date.now() - s, error: e.message });
      log(`✘ ${name}: ${e.message.split('\n')[0]}`);
      await shot(`failure-${name.replace(/[^a-z0-9]+/gi, '-')}`).catch(() => {});
      await closeWidgets().catch(() => {});
    }
  }

  let opened = false;
  await step('open the script with Quick Open', async () => {
    await page.goto(URL);
    await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
    await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60000 });
    await quickInput('Control+P', FILE);
    await page.waitForSelector(`.quick-input-list .monaco-list-row:has-text("${FILE}")`, { timeout: 20000 });
    await page.keyboard.press('Enter');
    await page.waitForSelector(`.tab.active:has-text("${FILE}")`, { timeout: 20000 });
    await page.waitForSelector('.monaco-editor .view-lines', { timeout: 20000 });
    opened = true;
  });
  if (!opened) return finish(browser);

  await step('squiggle on the hard-coded path and hover shows the rule', async () => {
    await page.click('.monaco-editor .view-lines');
    await goTo(`${HARDCODED_LINE}:40`);
    await waitFor(`a squiggle on line ${HARDCODED_LINE}`, async () => (await squigglesOnLine(HARDCODED_TEXT)) > 0, 90000);
    // hover the squiggle with the mouse, as a person would; fall back to the keyboard hover
    const box = await page.evaluate((needle) => {
      const editor = document.querySelector('.monaco-editor');
      const line = [...editor.querySelectorAll('.view-lines .view-line')].find((l) => l.textContent.replace(/\u00a0/g, ' ').includes(needle));
      const row = [...editor.querySelectorAll('.view-overlays > div')].find((r) => r.style.top === line.style.top && r.querySelector('[class*="squiggly-"]'));
      const r = row.querySelector('[class*="squiggly-"]').getBoundingClientRect();
      return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
    }, HARDCODED_TEXT);
    await page.mouse.move(box.x, box.y);
    let hover = await page.waitForSelector('.monaco-hover:visible:has-text("hardcoded-path")', { timeout: 8000 }).catch(() => null);
    if (!hover) {
      await page.keyboard.press('Control+K');
      await page.keyboard.press('Control+I');
      hover = await page.waitForSelector('.monaco-hover:visible:has-text("hardcoded-path")', { timeout: 10000 });
    }
    // biome-ignore lint/performance/useDomNodeTextContent: a Playwright locator's rendered text, not a DOM node.
    log('hover:', (await hover.innerText()).replace(/\s+/g, ' ').slice(0, 200));
    await shot('1-hover');
    await closeWidgets();
  });

  await step('language status shows the indexed contracts', async () => {
    const item = await page.waitForSelector('[id="status.languageStatus"]', { timeout: 10000 });
    await item.click();
    const hover =
      (await page.waitForSelector('.context-view .hover-language-status:has-text("Script Contracts")', { timeout: 15000 }).catch(() => null)) ??
      (await page.waitForSelector('.monaco-hover:visible:has-text("Script Contracts")', { timeout: 15000 }));
    // biome-ignore lint/performance/useDomNodeTextContent: a Playwright locator's rendered text, not a DOM node.
    await waitFor('the status to name the contracts', async () => /contract/.test(await hover.innerText()), 30000);
    // biome-ignore lint/performance/useDomNodeTextContent: as above.
    log('language status:', (await hover.innerText()).replace(/\s+/g, ' ').slice(0, 200));
    await page.waitForTimeout(600); // let the popup finish appearing
    await shot('2-language-status');
    await closeWidgets();
  });

  await step('Problems panel lists the finding', async () => {
    await quickInput('F1', 'View: Focus on Problems View');
    await page.waitForTimeout(400);
    await page.keyboard.press('Enter');
    // the list is virtualised: with many findings the row may be off-screen, so filter the view first
    const filter = page.locator('.viewpane-filter input').first();
    await filter.waitFor({ state: 'visible', timeout: 10000 });
    await filter.fill('hardcoded-path');
    const row = await page.waitForSelector('.markers-panel .monaco-list-row:has-text("hardcoded-path")', { timeout: 30000 });
    // biome-ignore lint/performance/useDomNodeTextContent: a Playwright locator's rendered text, not a DOM node.
    log('problems row:', (await row.innerText()).replace(/\s+/g, ' ').slice(0, 200));
    await shot('3-problems');
  });

  await step('completion inside input_paths[" offers the logical names', async () => {
    await page.click('.monaco-editor .view-lines');
    await goTo('57');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('probe = input_paths["'); // auto-closing gives input_paths[""] with the cursor inside
    let row = await page.waitForSelector('.suggest-widget .monaco-list-row:has-text("METADATA")', { timeout: 3000 }).catch(() => null);
    if (!row) {
      await page.keyboard.press('Control+Space');
      row = await page.waitForSelector('.suggest-widget .monaco-list-row:has-text("METADATA")', { timeout: 15000 });
    }
    const rows = await page.$$eval('.suggest-widget .monaco-list-row', (els) => els.map((e) => e.textContent.trim()));
    log('completion rows:', rows.join(' | ').slice(0, 200));
    if (!rows.some((r) => r.startsWith('DATA')) || !rows.some((r) => r.startsWith('SIGNATURE')))
      throw new Error(`expected DATA and SIGNATURE too, got ${rows.join(' | ')}`);
    await shot('4-completion');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Shift+K'); // delete the probe line again
    await waitFor('the probe line to be gone', async () => !(await editorText()).includes('probe = '), 5000);
  });

  await step('quick fix replaces the hard-coded path and the squiggle goes', async () => {
    await page.click('.monaco-editor .view-lines');
    await goTo(`${HARDCODED_LINE}:40`);
    await waitFor(`a squiggle on line ${HARDCODED_LINE}`, async () => (await squigglesOnLine(HARDCODED_TEXT)) > 0, 30000);
    // On a loaded machine the first Ctrl+. can arrive before the editor has settled (seen once in CI-like
    // runs with other jobs on the same 2 cores): press again, at most three times, before failing.
    let menu = false;
    for (let attempt = 1; attempt <= 3 && !menu; attempt++) {
      await page.keyboard.press('Control+.');
      menu = await page.waitForSelector('.action-widget .monaco-list-row', { timeout: 10000 }).then(
        () => true,
        () => false,
      );
      if (!menu) {
        log(`quick fix menu not open after Ctrl+. (attempt ${attempt})`);
        await page.keyboard.press('Escape');
        await goTo(`${HARDCODED_LINE}:40`);
      }
    }
    if (!menu) throw new Error('the quick fix menu did not open after three Ctrl+. presses');
    const titles = await page.$$eval('.action-widget .monaco-list-row', (els) => els.map((e) => e.textContent.trim()));
    log('code actions:', titles.join(' | ').slice(0, 300));
    await shot('5-quickfix');
    const fix =
      (await page.$('.action-widget .monaco-list-row.action:has-text("input_paths")')) ??
      (await page.$('.action-widget .monaco-list-row.action:has-text("DATA")')) ??
      // otherwise the first fix that is not a suppression or a documentation link
      (await page.$(
        '.action-widget .monaco-list-row.action:not(:has-text("ignore")):not(:has-text("Ignore")):not(:has-text("uppress")):not(:has-text("ocumentation"))',
      ));
    if (!fix) throw new Error(`no quick fix mentioning input_paths/DATA among: ${titles.join(' | ')}`);
    await fix.click();
    await waitFor('the fixed text', async () => (await editorText()).includes('join(input_paths["DATA"], "part-0.csv")'), 10000);
    await waitFor('the squiggle on the fixed line to go', async () => (await squigglesOnLine(HARDCODED_TEXT)) === 0, 20000);
    await page.waitForTimeout(300);
    await shot('6-after-fix');
  });

  await step('Show Pipeline: the graph, why an edge binds, and a step opens its spec', async () => {
    await closeWidgets();
    // The whole editor area for the view: the quick-fixed script reverted, no other editor, no panel.
    for (const command of ['File: Revert File', 'View: Close All Editor Groups', 'View: Close Panel', 'View: Close Secondary Side Bar']) {
      await quickInput('F1', command);
      await page.waitForSelector(`.quick-input-list .monaco-list-row:has-text("${command.split(': ')[1]}")`, { timeout: 10000 }).catch(() => {});
      await page.keyboard.press('Enter');
      await page.waitForTimeout(300);
    }
    await quickInput('F1', 'Script Contracts: Show Pipeline');
    await page.waitForSelector('.quick-input-list .monaco-list-row:has-text("Show Pipeline")', { timeout: 15000 });
    await page.keyboard.press('Enter');
    // The webview's page sits in nested frames; find the one holding the view, drawn.
    const frame = await waitFor(
      'the pipeline view to draw the graph',
      async () => {
        for (const f of page.frames()) {
          const root = await f.$('#pipeline-root[data-state="ready"]').catch(() => null);
          if (root) return f;
        }
        return undefined;
      },
      60000,
    );
    const steps = await frame.$$eval('g.node.step', (els) => els.map((e) => e.textContent));
    log('pipeline steps:', steps.join(' | '));
    if (steps.length !== 6) throw new Error(`expected the example's 6 steps, got ${steps.length}`);
    // the packaging step's output feeds the payload step: click that edge's label
    // (the event goes to the edge itself: at its label's centre another edge or a step may lie on top)
    await frame.locator('g.edge', { hasText: 'packaged_model → model_input' }).first().dispatchEvent('click');
    const details = await frame.waitForSelector('#details:has-text("Why it binds")', { timeout: 10000 });
    // biome-ignore lint/performance/useDomNodeTextContent: a Playwright handle's rendered text, not a DOM node.
    const why = (await details.innerText()).replace(/\s+/g, ' ');
    log('edge details:', why.slice(0, 200));
    if (!/model_artifacts/.test(why)) throw new Error(`the details do not say the types: ${why}`);
    await page.waitForTimeout(300);
    await shot('7-pipeline');
    // a step opens its spec in the editor
    await frame.locator('g.node.step', { hasText: 'Payload' }).first().dispatchEvent('click');
    await page.waitForSelector('.tab:has-text("payload_spec.py")', { timeout: 15000 });
    await page.waitForTimeout(300);
    await shot('8-pipeline-step');
  });

  return finish(browser);
})().catch((e) => {
  log('crashed:', e);
  results.push({ title: 'ui: harness', state: 'failed', error: String(e?.message) });
  writeResults();
  process.exit(1);
});

function writeResults() {
  if (process.env.SC_UI_RESULT) fs.writeFileSync(process.env.SC_UI_RESULT, JSON.stringify({ tests: results }, null, 2));
}

async function finish(browser) {
  await browser.close().catch(() => {});
  writeResults();
  const failed = results.filter((r) => r.state === 'failed').length;
  log(`${results.length - failed} passed, ${failed} failed (screenshots in ${SHOTS})`);
  process.exit(failed ? 1 : 0);
}
