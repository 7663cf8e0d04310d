// "Did you mean ...?": the closest name within a small edit distance.

export function suggest(word: string, candidates: readonly string[]): string {
  const best = closest(word, candidates);
  return best ? ` (did you mean "${best}"?)` : '';
}

/** The candidate within a small edit distance, case-insensitively; undefined when none is close. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  // Names are short; a word far longer than any is a typo of none (and would cost length² to compare).
  if (word.length > 200) return undefined;
  let best: string | undefined;
  let bestScore = Infinity;
  const w = word.toLowerCase();
  for (const c of candidates) {
    const d = editDistance(w, c.toLowerCase());
    if (d < bestScore) {
      bestScore = d;
      best = c;
    }
  }
  if (best === undefined) return undefined;
  const limit = Math.max(2, Math.floor(Math.max(word.length, best.length) / 3));
  return bestScore <= limit || best.toLowerCase() === w ? best : undefined;
}

export function editDistance(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

/** Levenshtein distance at most 1, in one pass (editDistance is quadratic). */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.length > b.length) [a, b] = [b, a];
  if (b.length - a.length > 1) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  // Past the first difference, the rest must agree: after one substitution (same lengths) or one insertion.
  const skipA = a.length === b.length ? 1 : 0;
  for (let j = i + skipA, k = i + 1; k < b.length; j++, k++) if (a[j] !== b[k]) return false;
  return true;
}

/**
 * The names of a fixed list within one edit of a word, case-insensitively, in the list's order. Indexed by
 * single-character deletions (two strings within one edit share one of them), so each query costs its word's
 * length, not the list's: a workspace of thousands of step types asks this once per unknown name.
 */
export function oneEditIndex(names: readonly string[]): (word: string) => string[] {
  const byVariant = new Map<string, number[]>();
  const add = (variant: string, at: number) => {
    const list = byVariant.get(variant);
    if (!list) byVariant.set(variant, [at]);
    else if (list[list.length - 1] !== at) list.push(at);
  };
  const lower = names.map((n) => n.toLowerCase());
  lower.forEach((n, at) => {
    add(n, at);
    for (let i = 0; i < n.length; i++) add(n.slice(0, i) + n.slice(i + 1), at);
  });
  const memo = new Map<string, string[]>();
  return (word) => {
    const w = word.toLowerCase();
    const known = memo.get(w);
    if (known) return known;
    const hits = new Set<number>();
    const probe = (variant: string) => {
      for (const at of byVariant.get(variant) ?? []) if (withinOneEdit(w, lower[at])) hits.add(at);
    };
    probe(w);
    for (let i = 0; i < w.length; i++) probe(w.slice(0, i) + w.slice(i + 1));
    const found = [...hits].sort((x, y) => x - y).map((at) => names[at]);
    memo.set(w, found);
    return found;
  };
}
