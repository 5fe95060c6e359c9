/** "Did you mean": the candidates nearest to a misspelt word, by edit distance. */

export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/**
 * Up to `limit` candidates closest to `word` (case-insensitive), nearest first, ties in the
 * candidates' own order: those within a third of the word's length and at most one edit further
 * than the best, so nonsense suggests nothing and a near miss suggests only its near neighbours.
 */
export function closest(word: string, candidates: readonly string[], limit = 3): string[] {
  const w = word.toLowerCase();
  const max = Math.max(2, Math.ceil(w.length / 3));
  const near = candidates
    .map((c, i) => ({ c, i, d: editDistance(w, c.toLowerCase()) }))
    .filter((x) => x.d <= max)
    .sort((x, y) => x.d - y.d || x.i - y.i);
  const best = near[0]?.d ?? 0;
  return near
    .filter((x) => x.d <= best + 1)
    .slice(0, limit)
    .map((x) => x.c);
}

/** ` (did you mean 'a' or 'b'?)`, or '' when nothing is close. */
export function didYouMean(word: string, candidates: readonly string[], limit = 3): string {
  const near = closest(word, candidates, limit);
  if (near.length === 0) return '';
  const quoted = near.map((n) => `'${n}'`);
  const last = quoted.pop()!;
  return ` (did you mean ${quoted.length ? `${quoted.join(', ')} or ${last}` : last}?)`;
}
