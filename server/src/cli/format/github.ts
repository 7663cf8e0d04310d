import type { Finding } from '../../core';
import { printable } from './printable';

const LEVEL = { error: 'error', warning: 'warning', information: 'notice', hint: 'notice' } as const;

// Workflow commands need %, CR and LF escaped in the message, and also , and : in properties.
// Other control characters are shown, not passed to the log viewer.
const escapeData = (s: string) => printable(s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'));
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** GitHub Actions annotations, one line per finding. */
export function formatGithub(findings: Finding[], rel: (file: string) => string): string {
  return findings
    .map((f) => {
      const r = f.range;
      const props = [
        `file=${escapeProperty(rel(f.file))}`,
        `line=${r.start.line + 1}`,
        `col=${r.start.character + 1}`,
        `endLine=${r.end.line + 1}`,
        `endColumn=${r.end.character + 1}`,
        `title=${escapeProperty(`script-contracts(${f.rule})`)}`,
      ];
      return `::${LEVEL[f.severity]} ${props.join(',')}::${escapeData(f.message)}\n`;
    })
    .join('');
}
