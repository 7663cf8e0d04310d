import { type CellLocation, type Finding, type Range, shownFile } from '../../core';

/**
 * Findings as a JSON array with 1-based positions and paths relative to the
 * current folder; `baselined` marks the ones a baseline accepts. A place in a
 * notebook cell (the finding, a related location or a fix edit) names the
 * notebook as its `file`, adds `cell` (1-based, every cell counted) and `cellId`
 * (nbformat's id, when the cell has one), gives `line`/`column` in the cell's
 * text, and `inFile`: the same range in the .ipynb file's text.
 */
export function formatJson(findings: Finding[], rel: (file: string) => string): string {
  const pos = (r: Range) => ({ line: r.start.line + 1, column: r.start.character + 1, endLine: r.end.line + 1, endColumn: r.end.character + 1 });
  const at = (x: { file: string; range: Range; cell?: CellLocation }) => ({
    file: rel(shownFile(x)),
    ...(x.cell ? { cell: x.cell.cell + 1, ...(x.cell.id !== undefined ? { cellId: x.cell.id } : {}) } : {}),
    ...pos(x.cell?.range ?? x.range),
    ...(x.cell?.inFile ? { inFile: pos(x.cell.inFile) } : {}),
  });
  return (
    JSON.stringify(
      findings.map((f) => ({
        ...at(f),
        severity: f.severity,
        rule: f.rule,
        message: f.message,
        related: f.related.map((r) => ({ ...at(r.location), message: r.message })),
        fixes: f.fixes.map((x) => ({
          title: x.title,
          safe: x.safe,
          edits: x.edits.map((e) => ({ ...at(e), newText: e.newText })),
          createFiles: x.createFiles?.map((c) => ({ file: rel(c.file), content: c.content })),
        })),
        baselined: f.baselined === true,
      })),
      null,
      2,
    ) + '\n'
  );
}
