// Writes the rule tables of docs/rules/README.md and the rule list of README.md
// from the rule registry (the compiled out/server/src/core/rules/registry.js:
// run `tsc -b` first). `--check` only reports whether they are up to date
// (test/unit/rule-registry.test.ts runs it), so the docs cannot drift from the code.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

const GROUPS = [
  { title: 'Script rules', subjects: ['script', 'unclaimed-script'] },
  { title: 'Contract and spec rules', subjects: ['contract', 'declaration', 'spec'] },
  { title: 'Suppressions and unreadable input', subjects: ['file', 'suppressions'] },
];
const FIX = { safe: 'safe', unsafe: 'unsafe', mixed: 'safe or unsafe', none: '—' };
const NUMBERS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];

function spell(n) {
  if (n < NUMBERS.length) return NUMBERS[n];
  const tens = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty'];
  return n % 10 ? `${tens[Math.floor(n / 10)]}-${NUMBERS[n % 10]}` : tens[n / 10];
}

export function generated() {
  const { RULES } = require(join(ROOT, 'out', 'server', 'src', 'core', 'rules', 'registry.js'));
  const tables = GROUPS.map((g) => {
    const rows = RULES.filter((r) => g.subjects.includes(r.subject)).map(
      (r) => `| [\`${r.id}\`](${r.id}.md) | ${r.severity} | ${r.appliesTo} | ${FIX[r.fix]} | ${r.summary} |`,
    );
    return [`## ${g.title}`, '', '| Rule | Default severity | Applies to | Fixes | Summary |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
  }).join('\n\n');
  const names = (subjects) =>
    RULES.filter((r) => subjects.includes(r.subject))
      .map((r) => `\`${r.id}\``)
      .join(', ');
  const list = [
    `${spell(RULES.length).replace(/^./, (c) => c.toUpperCase())} rules, each with a page under [docs/rules/](docs/rules/README.md) (what, why, example,`,
    `fix and fix safety); diagnostics link to their page. Script rules: ${names(GROUPS[0].subjects)}.`,
    `Contract and spec rules: ${names(GROUPS[1].subjects)}. Suppressions and unreadable input: ${names(GROUPS[2].subjects)}.`,
  ].join('\n');
  return { tables, list };
}

function replaceBetween(text, name, body) {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  if (i < 0 || j < 0) throw new Error(`markers ${start} / ${end} missing`);
  return text.slice(0, i + start.length) + '\n' + body + '\n' + text.slice(j);
}

export function updatedFiles() {
  const { tables, list } = generated();
  const docsFile = join(ROOT, 'docs', 'rules', 'README.md');
  const readmeFile = join(ROOT, 'README.md');
  return [
    { file: docsFile, text: replaceBetween(readFileSync(docsFile, 'utf8'), 'rule-tables', tables) },
    { file: readmeFile, text: replaceBetween(readFileSync(readmeFile, 'utf8'), 'rule-list', list) },
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const stale = updatedFiles().filter(({ file, text }) => readFileSync(file, 'utf8') !== text);
  if (process.argv.includes('--check')) {
    for (const s of stale) console.error(`${s.file} is out of date: run npm run docs:rules`);
    process.exit(stale.length ? 1 : 0);
  }
  for (const s of stale) writeFileSync(s.file, s.text);
}
