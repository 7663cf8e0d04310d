#!/usr/bin/env node
// Renders a pipeline graph (the JSON of `script-contracts graph --format json`) with the
// Show Pipeline page itself (dist/pipeline-webview.js and .css, as the editor loads them) in
// headless Chromium, and saves a PNG. For the pictures in docs/; the editor test takes the same
// page's screenshot inside VS Code.
//
//   node scripts/render-pipeline.mjs GRAPH.json OUT.png [--width 1600] [--height 1000] [--select STEP-LABEL]
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const [graphFile, out] = args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
if (!graphFile || !out) {
  console.error('usage: node scripts/render-pipeline.mjs GRAPH.json OUT.png [--width W] [--height H] [--select STEP-LABEL]');
  process.exit(2);
}
const graph = JSON.parse(readFileSync(graphFile, 'utf8'));
const width = Number(opt('width', '1600'));
const height = Number(opt('height', '1000'));
const css = readFileSync(join(ROOT, 'dist', 'pipeline-webview.css'), 'utf8');
const js = readFileSync(join(ROOT, 'dist', 'pipeline-webview.js'), 'utf8');
// The body the extension writes (client/src/pipeline.ts), with the editor's theme variables of a light theme.
const page = `<!DOCTYPE html><html><head><meta charset="UTF-8"><style>
:root { --vscode-font-family: system-ui, sans-serif; --vscode-font-size: 13px; --vscode-foreground: #1f2328; --vscode-editor-background: #ffffff;
  --vscode-editorWidget-background: #eef2ff; --vscode-focusBorder: #4f46e5; --vscode-descriptionForeground: #57606a; --vscode-panel-border: #d0d7de;
  --vscode-textLink-foreground: #0969da; --vscode-button-secondaryBackground: #e5e7eb; --vscode-button-secondaryForeground: #1f2328; }
${css}</style></head><body class="vscode-light">
<div id="pipeline-root" data-state="loading">
  <div id="toolbar"><strong>Pipeline</strong><div id="legend"></div><button id="fit" type="button">Fit</button><button id="refresh" type="button">Refresh</button><span id="status">Loading…</span></div>
  <svg id="graph" role="img" aria-label="Pipeline graph"></svg>
  <div id="details"></div>
</div>
<script>window.acquireVsCodeApi = () => ({ postMessage() {}, getState() {}, setState() {} });</script>
<script>${js}</script></body></html>`;

const browser = await chromium.launch({ executablePath: process.env.CHROME || '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
try {
  const context = await browser.newContext({ viewport: { width, height } });
  await context.route('**/*', (r) => (r.request().url().startsWith('data:') || r.request().url() === 'about:blank' ? r.continue() : r.abort()));
  const p = await context.newPage();
  await p.setContent(page);
  await p.evaluate((g) => window.postMessage({ type: 'graph', graph: g }, '*'), graph);
  await p.waitForSelector('#pipeline-root[data-state="ready"]');
  const select = opt('select');
  if (select) {
    const id = graph.steps.find((s) => s.label === select)?.id;
    if (!id) throw new Error(`no step labelled ${select}`);
    await p
      .locator(`g.node[data-step="${id.replace(/"/g, '\\"')}"]`)
      .first()
      .click();
  }
  await p.waitForTimeout(200);
  await p.screenshot({ path: resolve(out) });
  console.log(`${out}: ${graph.steps.length} steps, ${graph.edges.length} edges`);
} finally {
  await browser.close();
}
