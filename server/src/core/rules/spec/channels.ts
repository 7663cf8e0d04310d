// What the spec rules over the pipeline graph share: a spec's channels with
// those its job-type variants restate, and positions inside a literal.
import type { ChannelDecl, SpecDecl } from '../../facts';
import type { Range } from '../../model';

export interface SpecChannel {
  channel: ChannelDecl;
  /** The variant restating it; undefined for the base spec's own. */
  variant?: string;
}

/** The spec's dependencies, then those its variants restate (each declaration once, by where it is written). */
export function specDependencies(spec: SpecDecl): SpecChannel[] {
  return withVariants(spec, 'input');
}

export function specOutputs(spec: SpecDecl): SpecChannel[] {
  return withVariants(spec, 'output');
}

function withVariants(spec: SpecDecl, direction: 'input' | 'output'): SpecChannel[] {
  const out: SpecChannel[] = (direction === 'input' ? spec.dependencies : spec.outputs).map((channel) => ({ channel }));
  for (const v of spec.variants ?? []) {
    const restated = direction === 'input' ? v.restated.input : v.restated.output;
    for (const channel of direction === 'input' ? v.dependencies : v.outputs) if (restated.includes(channel.name)) out.push({ channel, variant: v.name });
  }
  return out;
}

export const rangeKey = (r: Range) => `${r.start.line}:${r.start.character}:${r.end.line}:${r.end.character}`;

/**
 * The range of `value.slice(offset, offset + length)` inside the literal at
 * `range`, when the literal is one line spelled as its value (plain, or
 * between two quotes, no escapes); undefined otherwise.
 */
export function innerRange(value: string, range: Range, offset: number, length: number): Range | undefined {
  if (range.start.line !== range.end.line) return undefined;
  const delta = range.end.character - range.start.character - value.length;
  if (delta !== 0 && delta !== 2) return undefined;
  const at = range.start.character + delta / 2 + offset;
  return { start: { line: range.start.line, character: at }, end: { line: range.start.line, character: at + length } };
}

/** `a`, `a and b`, `a, b and c`. */
export function listText(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
