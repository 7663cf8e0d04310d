// The one-edit index answers what the quadratic edit distance answers, on random
// short names over a small alphabet (so that near misses are common).
import assert from 'node:assert/strict';
import { editDistance, oneEditIndex, withinOneEdit } from '../../server/src/core/suggest';

function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}

describe('one-edit matching', () => {
  const random = rng(7);
  const word = () => {
    const n = Math.floor(random() * 6);
    let w = '';
    for (let i = 0; i < n; i++) w += 'abAB_'[Math.floor(random() * 5)];
    return w;
  };

  it('withinOneEdit is editDistance <= 1', () => {
    for (let i = 0; i < 20000; i++) {
      const a = word();
      const b = word();
      assert.equal(withinOneEdit(a, b), editDistance(a, b) <= 1, `${JSON.stringify(a)} ${JSON.stringify(b)}`);
    }
  });

  it('the index finds exactly the names within one edit, case aside, in the list order', () => {
    const names = [...new Set(Array.from({ length: 60 }, word))];
    const near = oneEditIndex(names);
    for (let i = 0; i < 3000; i++) {
      const w = word();
      const expected = names.filter((n) => editDistance(w.toLowerCase(), n.toLowerCase()) <= 1);
      assert.deepEqual(near(w), expected, JSON.stringify(w));
      assert.deepEqual(near(w), expected, 'the remembered answer');
    }
  });
});
