import { readFileSync } from 'node:fs';
import { type CellLocation, RULES, type Finding, type Range, shownFile } from '../../core';
import { ruleDocPath } from '../../host/docs';

const LEVEL = { error: 'error', warning: 'warning', information: 'note', hint: 'note' } as const;

/** SARIF 2.1.0 with rule metadata; each rule carries its documentation page as help text. */
/** A relative path as a URI reference (RFC 3986): each segment percent-encoded, so spaces and `#` stay part of the name. */
export function pathUri(rel: string): string {
  return rel.split('/').map(encodeURIComponent).join('/');
}

/**
 * With a baseline in use, each result says whether it is in it (`unchanged`) or
 * `new`. A location in a notebook cell is the .ipynb file with the `region` of
 * the text in that file (what a viewer of the file highlights), a logical
 * location `cell N` (fully qualified `path/nb.ipynb:cell N`), and the cell in
 * the location's `properties`: `cell` (1-based, every cell counted), `cellId`
 * and `cellRegion` (the region in the cell's text).
 */
export function formatSarif(findings: Finding[], rel: (file: string) => string, version: string, opts: { baseline?: boolean } = {}): string {
  const region = (r: Range) => ({
    startLine: r.start.line + 1,
    startColumn: r.start.character + 1,
    endLine: r.end.line + 1,
    endColumn: r.end.character + 1,
  });
  const physical = (x: { file: string; range: Range; cell?: CellLocation }) => ({
    physicalLocation: {
      artifactLocation: { uri: pathUri(rel(shownFile(x))), uriBaseId: '%SRCROOT%' },
      region: region(x.cell?.inFile ?? x.cell?.range ?? x.range),
    },
    ...(x.cell
      ? {
          logicalLocations: [{ name: `cell ${x.cell.cell + 1}`, fullyQualifiedName: `${rel(shownFile(x))}:cell ${x.cell.cell + 1}` }],
          properties: { cell: x.cell.cell + 1, ...(x.cell.id !== undefined ? { cellId: x.cell.id } : {}), cellRegion: region(x.cell.range) },
        }
      : {}),
  });
  const ruleIndex = new Map(RULES.map((r, i) => [r.id, i]));
  const help = (id: string) => {
    const file = ruleDocPath(id);
    if (!file) return undefined;
    const markdown = readFileSync(file, 'utf8');
    return { text: markdown, markdown };
  };
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'script-contracts',
            version,
            rules: RULES.map((r) => ({
              id: r.id,
              name: r.id,
              shortDescription: { text: r.summary },
              fullDescription: { text: r.summary },
              help: help(r.id),
              defaultConfiguration: { level: r.severity === 'off' ? 'none' : LEVEL[r.severity] },
              properties: { appliesTo: r.appliesTo },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        results: findings.map((f) => ({
          ruleId: f.rule,
          ruleIndex: ruleIndex.get(f.rule),
          level: LEVEL[f.severity],
          baselineState: opts.baseline ? (f.baselined ? 'unchanged' : 'new') : undefined,
          message: { text: f.message },
          locations: [physical(f)],
          relatedLocations: f.related.map((r, i) => ({ id: i + 1, message: { text: r.message }, ...physical(r.location) })),
        })),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
