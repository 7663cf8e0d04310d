import { type Finding, type Severity, shownFile } from '../../core';
import { printable } from './printable';

const COLORS: Record<Severity, string> = { error: '\x1b[31m', warning: '\x1b[33m', information: '\x1b[36m', hint: '\x1b[2m' };
const RESET = '\x1b[0m';
const BOLD = '\x1b[1m';
const ORDER: Severity[] = ['error', 'warning', 'information', 'hint'];

export interface TextOptions {
  color: boolean;
  filesChecked: number;
  ms: number;
  fixed: number;
  /** List information and hint findings too; otherwise they are only counted (the editor shows them). */
  showAll: boolean;
  /** Findings the baseline accepts, left out of `findings`: said in one line. */
  baselined?: number;
}

/**
 * Errors first, then warnings (then, with showAll, information and hints), each as
 * `file:line:col: severity rule-id message` in file order; a count per rule; a summary line.
 * Information and hints are what is harmless as written: a first screen of them would hide
 * the findings that need work, so by default they are folded into the counts.
 */
export function formatText(findings: Finding[], rel: (file: string) => string, opts: TextOptions): string {
  const paint = (s: string, c: string) => (opts.color ? `${c}${s}${RESET}` : s);
  const lines: string[] = [];
  const listed = opts.showAll ? ORDER : (['error', 'warning'] as Severity[]);
  for (const severity of listed) {
    const group = findings.filter((f) => f.severity === severity);
    if (!group.length) continue;
    let current: string | undefined;
    for (const f of group) {
      const file = printable(rel(shownFile(f)));
      if (file !== current && current !== undefined) lines.push('');
      current = file;
      const where = `${file}:${position(f)}`;
      const fix = f.fixes.some((x) => x.safe) ? ' [fixable]' : '';
      lines.push(`${paint(where, BOLD)}: ${paint(f.severity, COLORS[f.severity])} ${f.rule} ${printable(f.message)}${fix}`);
    }
    lines.push('');
  }
  if (findings.length) lines.push(...ruleTable(findings), '');
  const count = (s: Severity) => findings.filter((f) => f.severity === s).length;
  const files = new Set(findings.map(shownFile)).size;
  const counted = (n: number, word: string) => `${n} ${word}${n === 1 || word === 'information' ? '' : 's'}`;
  const parts = ORDER.map((s) => counted(count(s), s));
  const fixable = findings.filter((f) => f.fixes.some((x) => x.safe)).length;
  const folded = opts.showAll ? 0 : count('information') + count('hint');
  if (opts.fixed) lines.push(`Fixed ${opts.fixed} finding${opts.fixed === 1 ? '' : 's'}.`);
  const notes = [fixable ? `${fixable} fixable with --fix` : '', folded ? `information and hints not listed (--show-all lists them)` : ''].filter(Boolean);
  lines.push(
    findings.length
      ? `${parts.join(', ')} in ${files} file${files === 1 ? '' : 's'} (${opts.filesChecked} files checked in ${Math.round(opts.ms)} ms)${notes.length ? `; ${notes.join('; ')}` : ''}.`
      : `No findings (${opts.filesChecked} files checked in ${Math.round(opts.ms)} ms).`,
  );
  if (opts.baselined) lines.push(`${opts.baselined} finding${opts.baselined === 1 ? '' : 's'} in the baseline not shown.`);
  return lines.join('\n') + '\n';
}

/** `line:col`, 1-based; in a notebook `cell N:line:col`, N counting every cell from 1 and the line the cell's own. */
export function position(f: Pick<Finding, 'range' | 'cell'>): string {
  const r = f.cell?.range ?? f.range;
  const at = `${r.start.line + 1}:${r.start.character + 1}`;
  return f.cell ? `cell ${f.cell.cell + 1}:${at}` : at;
}

/** `rule  errors warnings information hints`, most findings first. */
function ruleTable(findings: Finding[]): string[] {
  const byRule = new Map<string, Record<Severity, number>>();
  for (const f of findings) {
    const row = byRule.get(f.rule) ?? { error: 0, warning: 0, information: 0, hint: 0 };
    row[f.severity]++;
    byRule.set(f.rule, row);
  }
  const rows = [...byRule].sort(([a, x], [b, y]) => rank(y) - rank(x) || total(y) - total(x) || (a < b ? -1 : 1));
  const width = Math.max(4, ...rows.map(([r]) => r.length));
  const cell = (n: number) => String(n || '-').padStart(11);
  const out = [`${'rule'.padEnd(width)}${'error'.padStart(11)}${'warning'.padStart(11)}${'information'.padStart(12)}${'hint'.padStart(11)}`];
  for (const [r, row] of rows) out.push(`${r.padEnd(width)}${cell(row.error)}${cell(row.warning)} ${cell(row.information)}${cell(row.hint)}`);
  return out;
}

const total = (r: Record<Severity, number>) => r.error + r.warning + r.information + r.hint;
/** Rules with errors before rules with only warnings, and so on. */
const rank = (r: Record<Severity, number>) => (r.error ? 4 : r.warning ? 3 : r.information ? 2 : 1);
