// Glob matching with a guaranteed bound. Patterns come from files an attacker
// may write (a repository's configuration and .gitignore), and a glob compiled
// to a backtracking regular expression can take exponential time on one crafted
// name. Here matching is the classic wildcard algorithm, applied twice: over the
// path's segments (`**` matches any number of them) and, inside a segment, over
// characters (`*` any run, `?` one character, `[...]` a class). Each level
// backtracks only to its last star, so a match costs at most
// O(pattern segments × path segments) segment matches, each O(pattern × name).
//
// Syntax: `*`, `?`, `[abc]`, `[a-z]`, `[!abc]` / `[^abc]`, `{a,b}` (expanded up
// front, at most MAX_EXPANSIONS alternatives), `\` escapes the next character,
// `**` as a whole segment, a trailing `/**` also matches the folder itself, a
// leading `!` negates the pattern. Dots are not special (`*` matches `.x`).

export class GlobError extends Error {}

const MAX_PATTERN_LENGTH = 4096;
const MAX_EXPANSIONS = 256;

type Token = { kind: 'char'; c: string } | { kind: 'any' } | { kind: 'star' } | { kind: 'class'; negated: boolean; items: [string, string][] };
type Segment = { kind: 'globstar' } | { kind: 'tokens'; tokens: Token[]; literal?: string };

interface Compiled {
  negated: boolean;
  alternatives: Segment[][];
}

export type GlobMatcher = (path: string) => boolean;

/** Compile one or more patterns into a matcher of `/`-separated relative paths; throws GlobError on a pattern it refuses. */
export function compileGlobs(patterns: readonly string[]): GlobMatcher {
  const compiled = patterns.map(compile);
  const positive = compiled.filter((c) => !c.negated);
  const negative = compiled.filter((c) => c.negated);
  return (path: string) => {
    const segments = path.split('/');
    if (positive.some((c) => c.alternatives.some((alt) => matchSegments(alt, segments)))) return true;
    // picomatch semantics: a negated pattern matches every path the pattern itself does not.
    return negative.some((c) => !c.alternatives.some((alt) => matchSegments(alt, segments)));
  };
}

/** Does one pattern match one name (no `/` semantics needed: env-var globs and the like)? */
export function globMatchName(name: string, pattern: string): boolean {
  if (!/[*?[{\\]/.test(pattern)) return name === pattern;
  return compileGlobs([pattern])(name);
}

function compile(pattern: string): Compiled {
  if (pattern.length > MAX_PATTERN_LENGTH) throw new GlobError(`pattern is longer than ${MAX_PATTERN_LENGTH} characters`);
  let negated = false;
  let body = pattern;
  if (body.startsWith('!')) {
    negated = true;
    body = body.slice(1);
  }
  const alternatives = expandBraces(body).map((p) => {
    const segs = p.split('/').map(parseSegment);
    // `a/**` also matches `a`.
    return segs;
  });
  return { negated, alternatives };
}

/** `{a,b}c` → `ac`, `bc` (nested braces too); refuses more than MAX_EXPANSIONS results. */
function expandBraces(p: string): string[] {
  let open = -1;
  let depth = 0;
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '{') {
      if (depth === 0) open = i;
      depth++;
    } else if (c === '}' && depth > 0) {
      depth--;
      if (depth === 0) {
        const inner = splitTopLevel(p.slice(open + 1, i));
        if (inner.length < 2) return expandBraces(p.slice(0, open) + '\\{' + p.slice(open + 1, i) + '\\}' + p.slice(i + 1));
        const prefix = p.slice(0, open);
        const rest = expandBraces(p.slice(i + 1));
        const out: string[] = [];
        for (const alt of inner) {
          for (const head of expandBraces(prefix + alt)) {
            for (const tail of rest) {
              out.push(head + tail);
              if (out.length > MAX_EXPANSIONS) throw new GlobError(`braces expand to more than ${MAX_EXPANSIONS} patterns`);
            }
          }
        }
        return out;
      }
    }
  }
  return [p];
}

function splitTopLevel(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') i++;
    else if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (c === ',' && depth === 0) {
      out.push(s.slice(start, i));
      start = i + 1;
    }
  }
  out.push(s.slice(start));
  return out;
}

function parseSegment(seg: string): Segment {
  if (seg === '**') return { kind: 'globstar' };
  const tokens: Token[] = [];
  let literal = '';
  let isLiteral = true;
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i];
    if (c === '\\' && i + 1 < seg.length) {
      tokens.push({ kind: 'char', c: seg[++i] });
      literal += seg[i];
    } else if (c === '*') {
      // `**` inside a segment is a plain star; runs of stars are one.
      if (tokens[tokens.length - 1]?.kind !== 'star') tokens.push({ kind: 'star' });
      isLiteral = false;
    } else if (c === '?') {
      tokens.push({ kind: 'any' });
      isLiteral = false;
    } else if (c === '[') {
      const cls = parseClass(seg, i);
      if (cls) {
        tokens.push(cls.token);
        i = cls.end;
        isLiteral = false;
      } else {
        tokens.push({ kind: 'char', c });
        literal += c;
      }
    } else {
      tokens.push({ kind: 'char', c });
      literal += c;
    }
  }
  return { kind: 'tokens', tokens, literal: isLiteral ? literal : undefined };
}

function parseClass(seg: string, start: number): { token: Token; end: number } | undefined {
  let i = start + 1;
  let negated = false;
  if (seg[i] === '!' || seg[i] === '^') {
    negated = true;
    i++;
  }
  const items: [string, string][] = [];
  let first = true;
  for (; i < seg.length; i++) {
    let c = seg[i];
    if (c === ']' && !first) return { token: { kind: 'class', negated, items }, end: i };
    first = false;
    if (c === '\\' && i + 1 < seg.length) c = seg[++i];
    if (seg[i + 1] === '-' && i + 2 < seg.length && seg[i + 2] !== ']') {
      let hi = seg[i + 2];
      let skip = 2;
      if (hi === '\\' && i + 3 < seg.length) {
        hi = seg[i + 3];
        skip = 3;
      }
      items.push([c, hi]);
      i += skip;
    } else {
      items.push([c, c]);
    }
  }
  return undefined;
}

function tokenMatches(t: Token, c: string): boolean {
  switch (t.kind) {
    case 'char':
      return t.c === c;
    case 'any':
      return true;
    case 'class': {
      const hit = t.items.some(([lo, hi]) => c >= lo && c <= hi);
      return t.negated ? !hit : hit;
    }
    case 'star':
      return false;
  }
}

/** Wildcard match of one segment: linear scan with backtracking to the last star only. */
function matchTokens(tokens: Token[], name: string): boolean {
  let t = 0;
  let n = 0;
  let starT = -1;
  let starN = 0;
  while (n < name.length) {
    const tok = tokens[t];
    if (tok && tok.kind === 'star') {
      starT = t++;
      starN = n;
    } else if (tok && tokenMatches(tok, name[n])) {
      t++;
      n++;
    } else if (starT >= 0) {
      t = starT + 1;
      n = ++starN;
    } else return false;
  }
  while (tokens[t]?.kind === 'star') t++;
  return t === tokens.length;
}

function segmentMatches(seg: Segment, name: string): boolean {
  if (seg.kind === 'globstar') return true;
  if (seg.literal !== undefined) return seg.literal === name;
  return matchTokens(seg.tokens, name);
}

/** The same algorithm one level up: `**` is the star, a segment pattern the character. */
function matchSegments(pattern: Segment[], path: string[]): boolean {
  let p = 0;
  let s = 0;
  let starP = -1;
  let starS = 0;
  while (s < path.length) {
    const seg = pattern[p];
    if (seg && seg.kind === 'globstar') {
      starP = p++;
      starS = s;
    } else if (seg && segmentMatches(seg, path[s])) {
      p++;
      s++;
    } else if (starP >= 0) {
      p = starP + 1;
      s = ++starS;
    } else return false;
  }
  while (pattern[p]?.kind === 'globstar') p++;
  return p === pattern.length;
}
