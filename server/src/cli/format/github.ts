import { type Finding, shownFile } from '../../core';
import { printable } from './printable';

const LEVEL = { error: 'error', warning: 'warning', information: 'notice', hint: 'notice' } as const;

// Workflow commands need %, CR and LF escaped in the message, and also , and : in properties.
// Other control characters are shown, not passed to the log viewer.
const escapeData = (s: string) => printable(s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'));
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/**
 * GitHub Actions annotations, one line per finding. One in a notebook cell is
 * placed at its line of the .ipynb file (where GitHub shows the file), and its
 * title names the cell and the line in it: `script-contracts(rule) cell 3:5`.
 */
export function formatGithub(findings: Finding[], rel: (file: string) => string): string {
  return findings
    .map((f) => {
      const r = f.cell?.inFile ?? f.cell?.range ?? f.range;
      const cell = f.cell ? ` cell ${f.cell.cell + 1}:${f.cell.range.start.line + 1}` : '';
      const props = [
        `file=${escapeProperty(rel(shownFile(f)))}`,
        `line=${r.start.line + 1}`,
        `col=${r.start.character + 1}`,
        `endLine=${r.end.line + 1}`,
        `endColumn=${r.end.character + 1}`,
        `title=${escapeProperty(`script-contracts(${f.rule})${cell}`)}`,
      ];
      return `::${LEVEL[f.severity]} ${props.join(',')}::${escapeData(f.message)}\n`;
    })
    .join('');
}
