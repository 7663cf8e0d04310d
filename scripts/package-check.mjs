#!/usr/bin/env node
// Checks the contents of the packaged extension: node scripts/package-check.mjs [dist/script-contracts.vsix]
// Lists the .vsix (a zip) entries, fails when a forbidden file is inside or a required one is missing,
// and prints the size. No dependencies: reads the zip's central directory itself.
import { readFileSync, statSync } from 'node:fs';

const file = process.argv.slice(2).find((a) => !a.startsWith('--')) || 'dist/script-contracts.vsix';
const verbose = process.argv.includes('--list');

/** Names of the entries of a zip file, from its central directory. */
export function zipEntries(buf) {
  // End of central directory record: signature 0x06054b50, at most 65535+22 bytes from the end.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip file (no end of central directory record)');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries = [];
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error(`bad central directory entry at ${p}`);
    const compressed = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    entries.push({ name: buf.toString('utf8', p + 46, p + 46 + nameLen), size, compressed });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

const buf = readFileSync(file);
const entries = zipEntries(buf);
const names = entries.map((e) => e.name);
const ext = names.filter((n) => n.startsWith('extension/')).map((n) => n.slice('extension/'.length));

// vsce's own files at the top of the zip
const META = new Set(['[Content_Types].xml', 'extension.vsixmanifest']);
const required = [
  'package.json',
  'readme.md|README.md',
  'LICENSE.txt|LICENSE',
  'dist/server.js',
  'dist/client.js',
  'dist/pipeline-webview.js',
  'dist/pipeline-webview.css',
  'dist/parse-worker.js',
  'dist/tree-sitter.wasm',
  'dist/tree-sitter-python.wasm',
  'schemas/step.schema.json',
  'syntaxes/script-contracts.injection.json',
  'images/icon.png',
];
const allowed = [
  /^package\.json$/,
  /^(README|CHANGELOG)\.md$/i,
  /^LICENSE(\.txt|\.md)?$/i,
  // package.json "files" is the one include list of the npm package and the .vsix (vsce refuses a
  // .vscodeignore beside it), so the CLI launcher (1 KB) rides along; the extension never runs it.
  /^bin\/script-contracts\.js$/,
  /^dist\/(server|client|parse-worker|pipeline-webview)\.js$/,
  /^dist\/pipeline-webview\.css$/,
  /^dist\/tree-sitter(-python)?\.wasm$/,
  /^docs\/[^/]+\.md$/,
  /^docs\/rules\/[^/]+\.md$/,
  /^schemas\/[^/]+\.json$/,
  /^syntaxes\/[^/]+\.json$/,
  /^images\/icon\.png$/,
];
const problems = [];
for (const r of required) {
  if (!r.split('|').some((alt) => ext.includes(alt))) problems.push(`missing: ${r}`);
}
if (!ext.some((n) => /^docs\/rules\/[^/]+\.md$/.test(n))) problems.push('missing: docs/rules/*.md (rule documentation)');
for (const n of names) {
  if (META.has(n) || n.endsWith('/')) continue;
  if (!n.startsWith('extension/')) {
    problems.push(`unexpected top-level entry: ${n}`);
    continue;
  }
  const rel = n.slice('extension/'.length);
  if (/(^|\/)node_modules\//.test(rel)) problems.push(`forbidden (node_modules): ${rel}`);
  else if (/\.(ts|map|tsbuildinfo|vsix)$/.test(rel) && !rel.endsWith('.d.ts')) problems.push(`forbidden (source/build artefact): ${rel}`);
  else if (!allowed.some((re) => re.test(rel))) problems.push(`forbidden (not shipped): ${rel}`);
}

const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
if (verbose) for (const e of entries) console.log(`${String(e.size).padStart(10)}  ${e.name}`);
const unpacked = entries.reduce((s, e) => s + e.size, 0);
console.log(`${file}: ${entries.length} entries, ${kib(statSync(file).size)} packed, ${kib(unpacked)} unpacked`);
for (const e of entries.filter((x) => x.size > 100 * 1024)) console.log(`  large: ${e.name} ${kib(e.size)}`);
if (problems.length) {
  console.error(`package-check: ${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log('package-check: ok');
