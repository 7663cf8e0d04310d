// Property paths (`properties.ProcessingOutputConfig.Outputs['X'].S3Output.S3Uri`):
// parsed the way the framework's property reference parses them, and walked
// over the shapes the SageMaker SDK gives a step's `properties` (the Describe*
// response of its job, sagemaker-properties.ts): an attribute must be a member
// of the structure it is read from, `[i]` / `['name']` index a list, `['key']`
// a map. A misspelled attribute raises AttributeError when the pipeline is
// defined; a key inside `Outputs['...']` is not checked by the SDK at all.
import { SHAPES, STEP_PROPERTY_ROOTS, type Shape } from './sagemaker-properties';

export type PathSegment = { kind: 'attr'; name: string; offset: number } | { kind: 'key'; key: string; offset: number } | { kind: 'index'; offset: number };

/** The segments after `properties.`, with their offsets in the path; undefined when the text is not a property path. */
export function parsePropertyPath(path: string): PathSegment[] | undefined {
  const m = /^properties\./.exec(path);
  if (!m) return undefined;
  const out: PathSegment[] = [];
  let i = m[0].length;
  while (i < path.length) {
    const rest = path.slice(i);
    let t: RegExpExecArray | null;
    if ((t = /^\.?([A-Za-z_][A-Za-z0-9_]*)/.exec(rest)) && (out.length === 0 || rest.startsWith('.'))) {
      out.push({ kind: 'attr', name: t[1], offset: i + (rest.startsWith('.') ? 1 : 0) });
      i += t[0].length;
    } else if ((t = /^\[\s*(['"])(.*?)\1\s*\]/.exec(rest))) {
      out.push({ kind: 'key', key: t[2], offset: i + t[0].indexOf(t[2]) });
      i += t[0].length;
    } else if ((t = /^\[\s*\d+\s*\]/.exec(rest))) {
      out.push({ kind: 'index', offset: i });
      i += t[0].length;
    } else return undefined;
  }
  return out.length ? out : undefined;
}

/** The step kinds whose properties are known (the SDK's shapes), by the names step registries use. */
export function propertyRoots(kind: string): string[] | undefined {
  return STEP_PROPERTY_ROOTS[kind];
}

export const KNOWN_KINDS = Object.keys(STEP_PROPERTY_ROOTS);

export interface PathProblem {
  /** Offset of the segment in the path. */
  offset: number;
  length: number;
  message: string;
  /** Names that would be valid at that point. */
  expected: string[];
}

/** Walks a parsed path over the kind's shapes; the first segment the shapes do not have, or undefined. */
export function checkPropertyPath(kind: string, segments: PathSegment[]): PathProblem | undefined {
  const roots = STEP_PROPERTY_ROOTS[kind];
  if (!roots) return undefined;
  // The SDK merges the members of all the kind's shapes (a tuning step has two).
  let current: Shape[] = roots.map((r) => SHAPES[r]);
  let where = `a ${kind} step's properties`;
  for (const seg of segments) {
    const next: Shape[] = [];
    for (const s of current) {
      if (typeof s === 'string') continue;
      if (seg.kind === 'attr' && 'm' in s && s.m[seg.name]) next.push(SHAPES[s.m[seg.name]]);
      if ((seg.kind === 'index' || seg.kind === 'key') && 'l' in s) next.push(SHAPES[s.l]);
      if (seg.kind === 'key' && 'v' in s) next.push(SHAPES[s.v]);
    }
    if (!next.length) {
      const members = [...new Set(current.flatMap((s) => (typeof s !== 'string' && 'm' in s ? Object.keys(s.m) : [])))].sort();
      const scalar = current.every((s) => typeof s === 'string');
      const text = seg.kind === 'attr' ? seg.name : seg.kind === 'key' ? `['${seg.key}']` : '[…]';
      const message = scalar
        ? `${where} is a ${current[0]} value: it has no ${seg.kind === 'attr' ? `attribute ${seg.name}` : 'items'}`
        : seg.kind === 'attr'
          ? `${where} have no attribute ${seg.name}`
          : `${where} cannot be indexed with ${text}`;
      return { offset: seg.offset, length: seg.kind === 'attr' ? seg.name.length : seg.kind === 'key' ? seg.key.length : 1, message, expected: members };
    }
    current = next;
    where = seg.kind === 'attr' ? seg.name : `${where}${seg.kind === 'key' ? `['${seg.key}']` : '[i]'}`;
  }
  return undefined;
}

/** `properties.ProcessingOutputConfig.Outputs['X']`: the output name a processing path reads, and its offset. */
export function processingOutputKey(segments: PathSegment[]): { key: string; offset: number } | undefined {
  const [a, b, c] = segments;
  if (a?.kind === 'attr' && a.name === 'ProcessingOutputConfig' && b?.kind === 'attr' && b.name === 'Outputs' && c?.kind === 'key')
    return { key: c.key, offset: c.offset };
  return undefined;
}
