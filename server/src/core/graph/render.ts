// The pipeline view as Mermaid and Graphviz DOT text: steps as boxes,
// external producers as parallelograms, a red cross for each dependency
// nothing feeds; edges coloured by state (resolved green, ambiguous amber,
// external grey and dashed, unsatisfiable red).
import type { PipelineView, ViewEdge } from './view';

export const EDGE_COLOURS = { resolved: '#2e7d32', ambiguous: '#d97706', external: '#6b7280', unsatisfiable: '#dc2626', 'unknown-sources': '#9ca3af' } as const;

const reasonText = (e: ViewEdge) =>
  e.state === 'external' ? e.dependency : `${e.output} → ${e.dependency}${e.reason && e.reason !== 'name' ? ` (${e.reason})` : ''}`;

/** Mermaid text: `"` cannot appear in a label, and `#` starts an entity. */
function mm(text: string): string {
  return text.replace(/#/g, '#35;').replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
}

export function toMermaid(view: PipelineView): string {
  const ids = new Map<string, string>();
  const lines = ['flowchart LR'];
  view.steps.forEach((s, i) => {
    ids.set(s.id, `s${i}`);
    const kind = s.kind ? `<br/><i>${mm(s.kind.value)}</i>` : '';
    lines.push(`  s${i}["${mm(s.label)}${kind}"]`);
  });
  view.externals.forEach((x, i) => {
    ids.set(x.id, `x${i}`);
    lines.push(`  x${i}[/"${mm(x.label)} (external)"/]:::external`);
  });
  const styles: string[] = [];
  let n = 0;
  for (const e of view.edges) {
    const from = ids.get(e.from);
    const to = ids.get(e.to);
    if (!from || !to) continue;
    const arrow = e.state === 'external' ? '-.->' : e.state === 'ambiguous' ? '-.->' : '-->';
    lines.push(`  ${from} ${arrow}|"${mm(reasonText(e))}"| ${to}`);
    styles.push(`  linkStyle ${n++} stroke:${EDGE_COLOURS[e.state]}`);
  }
  view.unresolved.forEach((u, i) => {
    const to = ids.get(u.to);
    if (!to) return;
    lines.push(`  u${i}(("✗")):::${u.state === 'unsatisfiable' ? 'unsatisfiable' : 'unknown'}`);
    lines.push(`  u${i} -.->|"${mm(`no producer → ${u.dependency}`)}"| ${to}`);
    styles.push(`  linkStyle ${n++} stroke:${EDGE_COLOURS[u.state]}`);
  });
  lines.push(...styles);
  lines.push('  classDef external fill:#f3f4f6,stroke:#6b7280,color:#374151');
  lines.push('  classDef unsatisfiable fill:#fee2e2,stroke:#dc2626,color:#991b1b');
  lines.push('  classDef unknown fill:#f3f4f6,stroke:#9ca3af,color:#6b7280');
  return lines.join('\n') + '\n';
}

/** A DOT quoted string (a line break in the text is written as DOT's line-break escape). */
const dq = (text: string) => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;

export function toDot(view: PipelineView): string {
  const lines = [
    'digraph pipeline {',
    '  rankdir=LR;',
    '  graph [fontname="Helvetica", nodesep=0.3, ranksep=0.9];',
    '  node [shape=box, style="rounded,filled", fillcolor="#eef2ff", color="#4f46e5", fontname="Helvetica", fontsize=11];',
    '  edge [fontname="Helvetica", fontsize=9, arrowsize=0.7];',
  ];
  for (const s of view.steps) lines.push(`  ${dq(s.id)} [label=${dq(s.kind ? `${s.label}\n${s.kind.value}` : s.label)}];`);
  for (const x of view.externals)
    lines.push(`  ${dq(x.id)} [label=${dq(`${x.label}\n(external)`)}, shape=parallelogram, fillcolor="#f3f4f6", color="#6b7280"];`);
  for (const e of view.edges) {
    const style = e.state === 'external' || e.state === 'ambiguous' ? ', style=dashed' : '';
    lines.push(
      `  ${dq(e.from)} -> ${dq(e.to)} [label=${dq(reasonText(e))}, color=${dq(EDGE_COLOURS[e.state])}, fontcolor=${dq(EDGE_COLOURS[e.state])}${style}];`,
    );
  }
  view.unresolved.forEach((u, i) => {
    lines.push(`  ${dq(`unresolved:${i}`)} [label="✗", shape=circle, fillcolor="#fee2e2", color=${dq(EDGE_COLOURS[u.state])}, width=0.3];`);
    lines.push(
      `  ${dq(`unresolved:${i}`)} -> ${dq(u.to)} [label=${dq(`no producer → ${u.dependency}`)}, color=${dq(EDGE_COLOURS[u.state])}, fontcolor=${dq(EDGE_COLOURS[u.state])}, style=dashed];`,
    );
  });
  lines.push('}');
  return lines.join('\n') + '\n';
}
