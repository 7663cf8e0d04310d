// The "Script Contracts: Show Pipeline" view, inside a webview: lays the
// pipeline graph out with dagre and draws it as SVG. Steps are nodes; edges
// are coloured by state (resolved, ambiguous, external, unsatisfiable).
// Clicking a step shows it and opens its spec; its contract and script are a
// click away in the details panel. Clicking an edge shows why it binds. The
// extension sends a new graph after every edit ({ type: 'graph' }). Runs under
// a Content-Security-Policy that allows only this script and its stylesheet:
// no inline script or style, no remote resource.
import { graphlib, layout } from '@dagrejs/dagre';

// The shapes of the server's PipelineView (server/src/core/graph/view.ts), as far as this view reads them.
interface Range {
  start: { line: number; character: number };
  end: { line: number; character: number };
}
interface Loc {
  file: string;
  range: Range;
}
interface Finding {
  rule: string;
  severity: string;
  message: string;
}
interface Step {
  id: string;
  label: string;
  kind?: { value: string; source: string };
  nodeType?: string;
  spec: Loc;
  contract?: Loc & { name: string };
  script?: Loc;
  variants: string[];
  dependencies: { name: string; type?: string; required: boolean; state: string; location: Loc }[];
  outputs: { name: string; type?: string; propertyPath?: string; location: Loc }[];
  counts: Record<string, number>;
}
interface Edge {
  id: string;
  from: string;
  output: string;
  to: string;
  dependency: string;
  state: 'resolved' | 'ambiguous' | 'external';
  reason?: string;
  certain: boolean;
  why: string[];
  findings: Finding[];
}
interface Unresolved {
  to: string;
  dependency: string;
  required: boolean;
  state: 'unsatisfiable' | 'unknown-sources';
  why: string;
  findings: Finding[];
}
interface View {
  steps: Step[];
  externals: { id: string; label: string }[];
  edges: Edge[];
  unresolved: Unresolved[];
  counts: Record<string, number>;
}
type ToView = { type: 'graph'; graph: View | null; error?: string };

declare function acquireVsCodeApi(): { postMessage(message: unknown): void; getState(): unknown; setState(state: unknown): void };
const vscode = acquireVsCodeApi();

const SVG = 'http://www.w3.org/2000/svg';
/** Above this many edges, labels are drawn only for the selected step's edges. */
const LABELLED_EDGES = 80;

const root = document.getElementById('pipeline-root')!;
const svg = document.getElementById('graph') as unknown as SVGSVGElement;
const details = document.getElementById('details')!;
const legend = document.getElementById('legend')!;
let view: View | undefined;
let selected: { kind: 'step' | 'edge'; id: string } | undefined;
let transform = { x: 0, y: 0, k: 1 };
let size = { width: 1, height: 1 };

function el<K extends keyof SVGElementTagNameMap>(name: K, attrs: Record<string, string | number>, parent?: Element): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  parent?.appendChild(e);
  return e;
}

function html<K extends keyof HTMLElementTagNameMap>(name: K, text?: string, cls?: string, parent?: Element): HTMLElementTagNameMap[K] {
  const e = document.createElement(name);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  parent?.appendChild(e);
  return e;
}

const open = (loc: Loc) => vscode.postMessage({ type: 'open', uri: loc.file, range: loc.range });
const nodeWidth = (label: string, sub?: string) => Math.max(label.length, sub?.length ?? 0) * 7.4 + 28;
const edgeLabel = (e: Edge) => (e.state === 'external' ? e.dependency : `${e.output} → ${e.dependency}`);

function render(): void {
  svg.replaceChildren();
  legend.replaceChildren();
  if (!view) return;
  const g = new graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'LR', nodesep: 18, ranksep: 90, edgesep: 8, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  const labelled = view.edges.length <= LABELLED_EDGES;
  for (const s of view.steps) g.setNode(s.id, { width: nodeWidth(s.label, s.kind?.value), height: s.kind ? 44 : 32 });
  for (const x of view.externals) g.setNode(x.id, { width: nodeWidth(x.label) + 10, height: 30 });
  for (let i = 0; i < view.unresolved.length; i++) g.setNode(`unresolved:${i}`, { width: 22, height: 22 });
  for (const e of view.edges) {
    if (!g.hasNode(e.from) || !g.hasNode(e.to)) continue;
    g.setEdge(e.from, e.to, labelled ? { width: edgeLabel(e).length * 6.2, height: 14, labelpos: 'c' } : {}, e.id);
  }
  view.unresolved.forEach((u, i) => {
    g.setEdge(`unresolved:${i}`, u.to, labelled ? { width: (u.dependency.length + 2) * 6.2, height: 14 } : {}, `unresolved:${i}`);
  });
  layout(g);
  const graph = g.graph();
  size = { width: graph.width ?? 1, height: graph.height ?? 1 };

  const defs = el('defs', {}, svg);
  for (const state of ['resolved', 'ambiguous', 'external', 'unsatisfiable', 'unknown-sources']) {
    const m = el(
      'marker',
      { id: `arrow-${state}`, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' },
      defs,
    );
    el('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: `arrowhead ${state}` }, m);
  }
  const layer = el('g', { id: 'layer' }, svg);
  const edgesLayer = el('g', { class: 'edges' }, layer);
  const nodesLayer = el('g', { class: 'nodes' }, layer);
  const focus = selected?.kind === 'step' ? selected.id : undefined;
  const neighbours = new Set<string>();
  if (focus) {
    for (const e of view.edges) if (e.from === focus || e.to === focus) neighbours.add(e.from === focus ? e.to : e.from);
    view.unresolved.forEach((u, i) => {
      if (u.to === focus) neighbours.add(`unresolved:${i}`);
    });
  }

  const drawEdge = (id: string, from: string, to: string, state: string, text: string, onClick: () => void, dashed: boolean) => {
    const points = g.edge({ v: from, w: to, name: id })?.points as { x: number; y: number }[] | undefined;
    if (!points?.length) return;
    const d = points.map((p, i) => `${i ? 'L' : 'M'} ${p.x.toFixed(1)} ${p.y.toFixed(1)}`).join(' ');
    const near = focus === undefined || focus === from || focus === to;
    const cls = `edge ${state}${selected?.id === id ? ' selected' : ''}${focus && near ? ' related' : ''}${near ? '' : ' faded'}`;
    const group = el('g', { class: cls, 'data-edge': id }, edgesLayer);
    el('path', { d, class: `line${dashed ? ' dashed' : ''}`, 'marker-end': `url(#arrow-${state})` }, group);
    // A wide transparent stroke on top: an edge is easy to click.
    el('path', { d, class: 'hit' }, group);
    const show = labelled || (focus && (focus === from || focus === to)) || selected?.id === id;
    if (show) {
      const label = g.edge({ v: from, w: to, name: id }) as { x?: number; y?: number };
      const mid = label.x !== undefined ? { x: label.x, y: label.y! } : points[Math.floor(points.length / 2)];
      const t = el('text', { x: mid.x, y: mid.y + 4, class: 'edge-label', 'text-anchor': 'middle' }, group);
      t.textContent = text;
    }
    group.addEventListener('click', (ev) => {
      ev.stopPropagation();
      onClick();
    });
  };
  for (const e of view.edges) {
    if (!g.hasNode(e.from) || !g.hasNode(e.to)) continue;
    drawEdge(e.id, e.from, e.to, e.state, edgeLabel(e), () => select({ kind: 'edge', id: e.id }), e.state !== 'resolved' || !e.certain);
  }
  view.unresolved.forEach((u, i) => {
    drawEdge(`unresolved:${i}`, `unresolved:${i}`, u.to, u.state, `✗ ${u.dependency}`, () => select({ kind: 'edge', id: `unresolved:${i}` }), true);
  });

  const drawNode = (id: string, label: string, sub: string | undefined, cls: string, onClick: () => void, title: string) => {
    const n = g.node(id);
    // With a step selected, the steps it does not touch fade out.
    const near = !focus || focus === id || neighbours.has(id);
    const group = el(
      'g',
      {
        class: `node ${cls}${selected?.id === id ? ' selected' : ''}${near ? '' : ' faded'}`,
        transform: `translate(${n.x - n.width / 2}, ${n.y - n.height / 2})`,
        'data-step': id,
      },
      nodesLayer,
    );
    el('title', {}, group).textContent = title;
    el('rect', { width: n.width, height: n.height, rx: cls.includes('unresolved') ? n.width / 2 : 6 }, group);
    const t = el('text', { x: n.width / 2, y: sub ? 18 : n.height / 2 + 4, 'text-anchor': 'middle', class: 'label' }, group);
    t.textContent = label;
    if (sub) {
      const k = el('text', { x: n.width / 2, y: 34, 'text-anchor': 'middle', class: 'kind' }, group);
      k.textContent = sub;
    }
    group.addEventListener('click', (ev) => {
      ev.stopPropagation();
      onClick();
    });
  };
  for (const s of view.steps) {
    const problems = (s.counts.error ?? 0) + (s.counts.warning ?? 0);
    drawNode(
      s.id,
      s.label,
      s.kind?.value,
      `step${problems ? ' has-problems' : ''}`,
      () => {
        select({ kind: 'step', id: s.id });
        open(s.spec);
      },
      `${s.label}${problems ? ` — ${problems} problem${problems === 1 ? '' : 's'}` : ''}`,
    );
  }
  for (const x of view.externals)
    drawNode(x.id, x.label, undefined, 'external', () => select({ kind: 'step', id: x.id }), `${x.label}: produced outside this workspace`);
  view.unresolved.forEach((u, i) => {
    drawNode(`unresolved:${i}`, '✗', undefined, `unresolved ${u.state}`, () => select({ kind: 'edge', id: `unresolved:${i}` }), u.why);
  });

  const c = view.counts;
  for (const [state, text] of [
    ['resolved', `${c.resolved} resolved`],
    ['ambiguous', `${c.ambiguous} ambiguous`],
    ['external', `${c.external} external`],
    ['unsatisfiable', `${c.unsatisfiable} unsatisfiable`],
  ]) {
    const item = html('span', undefined, `legend-item ${state}`, legend);
    html('span', undefined, 'swatch', item);
    html('span', text, undefined, item);
  }
  html('span', `${c.steps} steps`, 'legend-steps', legend);
  applyTransform();
}

function fitToView(): void {
  const box = svg.getBoundingClientRect();
  const k = Math.min(box.width / size.width, box.height / size.height, 1.5) || 1;
  transform = { k, x: (box.width - size.width * k) / 2, y: Math.max(0, (box.height - size.height * k) / 2) };
  applyTransform();
}

function applyTransform(): void {
  document
    .getElementById('layer')
    ?.setAttribute('transform', `translate(${transform.x.toFixed(1)}, ${transform.y.toFixed(1)}) scale(${transform.k.toFixed(3)})`);
}

function select(s: typeof selected): void {
  selected = s;
  vscode.setState({ selected });
  render();
  showDetails();
}

function findingsList(list: Finding[], parent: Element): void {
  if (!list.length) return;
  html('h3', 'Findings', undefined, parent);
  const ul = html('ul', undefined, 'findings', parent);
  for (const f of list) {
    const li = html('li', undefined, `finding ${f.severity}`, ul);
    html('span', `${f.severity} ${f.rule}`, 'rule', li);
    html('span', ` ${f.message}`, undefined, li);
  }
}

function link(text: string, loc: Loc | undefined, parent: Element): void {
  if (!loc) return;
  const a = html('a', text, 'open-link', parent);
  a.setAttribute('href', '#');
  a.addEventListener('click', (ev) => {
    ev.preventDefault();
    open(loc);
  });
}

function showDetails(): void {
  details.replaceChildren();
  if (!view || !selected) {
    html('p', 'Click a step to open its spec, or an edge to see why it binds.', 'hint', details);
    return;
  }
  const sel = selected;
  const stepOf = (id: string) => view!.steps.find((s) => s.id === id);
  const labelOf = (id: string) => stepOf(id)?.label ?? view!.externals.find((x) => x.id === id)?.label ?? id;
  if (sel.kind === 'step') {
    const s = stepOf(sel.id);
    if (!s) {
      html('h2', labelOf(sel.id), undefined, details);
      html('p', 'In external-step-types: produced outside this workspace.', undefined, details);
      return;
    }
    html('h2', s.label, undefined, details);
    if (s.kind) html('p', `${s.kind.value} step (${s.kind.source})`, 'kind', details);
    const links = html('p', undefined, 'links', details);
    link('spec', s.spec, links);
    link('contract', s.contract, links);
    link('script', s.script, links);
    if (s.variants.length) html('p', `job-type variants: ${s.variants.join(', ')}`, undefined, details);
    html('h3', 'Dependencies', undefined, details);
    const deps = html('ul', undefined, undefined, details);
    for (const d of s.dependencies) {
      const li = html('li', undefined, `dep ${d.state}`, deps);
      link(d.name, d.location, li);
      html('span', ` ${d.type ?? ''}${d.required ? '' : ' (optional)'} — ${d.state}`, undefined, li);
    }
    html('h3', 'Outputs', undefined, details);
    const outs = html('ul', undefined, undefined, details);
    for (const o of s.outputs) {
      const li = html('li', undefined, undefined, outs);
      link(o.name, o.location, li);
      html('span', ` ${o.type ?? ''}`, undefined, li);
    }
    return;
  }
  if (sel.id.startsWith('unresolved:')) {
    const u = view.unresolved[Number(sel.id.slice('unresolved:'.length))];
    if (!u) return;
    html('h2', `No producer → ${labelOf(u.to)}.${u.dependency}`, undefined, details);
    html('p', u.why, 'why', details);
    const dep = stepOf(u.to)?.dependencies.find((d) => d.name === u.dependency);
    link('open the dependency', dep?.location, html('p', undefined, 'links', details));
    findingsList(u.findings, details);
    return;
  }
  const e = view.edges.find((x) => x.id === sel.id);
  if (!e) return;
  html('h2', `${labelOf(e.from)}${e.output ? `.${e.output}` : ''} → ${labelOf(e.to)}.${e.dependency}`, undefined, details);
  html('p', e.state === 'external' ? 'external producer' : `${e.state}${e.reason ? `, by ${e.reason}` : ''}`, `state ${e.state}`, details);
  const links = html('p', undefined, 'links', details);
  const out = stepOf(e.from)?.outputs.find((o) => o.name === e.output);
  const dep = stepOf(e.to)?.dependencies.find((d) => d.name === e.dependency);
  link('output', out?.location, links);
  link('dependency', dep?.location, links);
  html('h3', 'Why it binds', undefined, details);
  const ul = html('ul', undefined, 'why', details);
  for (const w of e.why) html('li', w, undefined, ul);
  findingsList(e.findings, details);
}

// Pan with the mouse, zoom with the wheel.
let drag: { x: number; y: number; tx: number; ty: number } | undefined;
/** Set once the user pans or zooms: the view then stops fitting itself to the window. */
let moved = false;
window.addEventListener('resize', () => {
  if (!moved) fitToView();
});
svg.addEventListener('mousedown', (ev) => {
  drag = { x: ev.clientX, y: ev.clientY, tx: transform.x, ty: transform.y };
});
window.addEventListener('mousemove', (ev) => {
  if (!drag) return;
  moved = true;
  transform = { ...transform, x: drag.tx + ev.clientX - drag.x, y: drag.ty + ev.clientY - drag.y };
  applyTransform();
});
window.addEventListener('mouseup', () => {
  drag = undefined;
});
svg.addEventListener(
  'wheel',
  (ev) => {
    ev.preventDefault();
    moved = true;
    const box = svg.getBoundingClientRect();
    const k = Math.min(4, Math.max(0.05, transform.k * (ev.deltaY < 0 ? 1.15 : 1 / 1.15)));
    const px = ev.clientX - box.left;
    const py = ev.clientY - box.top;
    transform = { k, x: px - ((px - transform.x) * k) / transform.k, y: py - ((py - transform.y) * k) / transform.k };
    applyTransform();
  },
  { passive: false },
);
svg.addEventListener('click', () => select(undefined));
document.getElementById('fit')!.addEventListener('click', () => {
  moved = false;
  fitToView();
});
document.getElementById('refresh')!.addEventListener('click', () => vscode.postMessage({ type: 'refresh' }));

window.addEventListener('message', (ev: MessageEvent<ToView>) => {
  const m = ev.data;
  if (m?.type !== 'graph') return;
  const first = !view;
  view = m.graph ?? undefined;
  root.dataset.state = m.graph ? 'ready' : 'empty';
  document.getElementById('status')!.textContent = m.error ?? (m.graph ? '' : 'No pipeline: no step specifications in this workspace folder.');
  if (
    selected &&
    view &&
    !view.steps.some((s) => s.id === selected!.id) &&
    !view.edges.some((e) => e.id === selected!.id) &&
    !selected.id.startsWith('unresolved:')
  )
    selected = undefined;
  render();
  if (first) fitToView();
  showDetails();
  root.dataset.edges = String(view?.edges.length ?? 0);
  vscode.postMessage({ type: 'rendered', steps: view?.steps.length ?? 0, edges: view?.edges.length ?? 0 });
});

selected = (vscode.getState() as { selected?: typeof selected } | undefined)?.selected;
vscode.postMessage({ type: 'ready' });
