import type { Finding } from '../../core';

/** Findings as a JSON array with 1-based positions and paths relative to the current folder; `baselined` marks the ones a baseline accepts. */
export function formatJson(findings: Finding[], rel: (file: string) => string): string {
  const pos = (r: Finding['range']) => ({ line: r.start.line + 1, column: r.start.character + 1, endLine: r.end.line + 1, endColumn: r.end.character + 1 });
  return (
    JSON.stringify(
      findings.map((f) => ({
        file: rel(f.file),
        ...pos(f.range),
        severity: f.severity,
        rule: f.rule,
        message: f.message,
        related: f.related.map((r) => ({ file: rel(r.location.file), ...pos(r.location.range), message: r.message })),
        fixes: f.fixes.map((x) => ({
          title: x.title,
          safe: x.safe,
          edits: x.edits.map((e) => ({ file: rel(e.file), ...pos(e.range), newText: e.newText })),
          createFiles: x.createFiles?.map((c) => ({ file: rel(c.file), content: c.content })),
        })),
        baselined: f.baselined === true,
      })),
      null,
      2,
    ) + '\n'
  );
}
