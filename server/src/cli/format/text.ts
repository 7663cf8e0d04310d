import type { Finding, Severity } from '../../core';
import { printable } from './printable';

const COLORS: Record<Severity, string> = { error: '\x1b[31m', warning: '\x1b[33m', information: '\x1b[36m', hint: '\x1b[2m' };
const RESET = '\x1b[0m';
const BOLD = '\x1b[1m';

/** `file:line:col: severity rule-id message`, grouped by file, then a summary line. */
export function formatText(
  findings: Finding[],
  rel: (file: string) => string,
  opts: { color: boolean; filesChecked: number; ms: number; fixed: number; baselined?: number },
): string {
  const paint = (s: string, c: string) => (opts.color ? `${c}${s}${RESET}` : s);
  const lines: string[] = [];
  let current: string | undefined;
  for (const f of findings) {
    const file = printable(rel(f.file));
    if (file !== current) {
      if (current !== undefined) lines.push('');
      current = file;
    }
    const where = `${file}:${f.range.start.line + 1}:${f.range.start.character + 1}`;
    const fix = f.fixes.some((x) => x.safe) ? ' [fixable]' : '';
    lines.push(`${paint(where, BOLD)}: ${paint(f.severity, COLORS[f.severity])} ${f.rule} ${printable(f.message)}${fix}`);
  }
  const count = (s: Severity) => findings.filter((f) => f.severity === s).length;
  const files = new Set(findings.map((f) => f.file)).size;
  const counted = (n: number, word: string) => `${n} ${word}${n === 1 || word === 'information' ? '' : 's'}`;
  const parts = [
    counted(count('error'), 'error'),
    counted(count('warning'), 'warning'),
    counted(count('information'), 'information'),
    counted(count('hint'), 'hint'),
  ];
  const fixable = findings.filter((f) => f.fixes.some((x) => x.safe)).length;
  if (lines.length) lines.push('');
  if (opts.fixed) lines.push(`Fixed ${opts.fixed} finding${opts.fixed === 1 ? '' : 's'}.`);
  lines.push(
    findings.length
      ? `${parts.join(', ')} in ${files} file${files === 1 ? '' : 's'} (${opts.filesChecked} files checked in ${Math.round(opts.ms)} ms)${fixable ? `; ${fixable} fixable with --fix` : ''}.`
      : `No findings (${opts.filesChecked} files checked in ${Math.round(opts.ms)} ms).`,
  );
  if (opts.baselined) lines.push(`${opts.baselined} finding${opts.baselined === 1 ? '' : 's'} in the baseline not shown.`);
  return lines.join('\n') + '\n';
}
