/**
 * Holm-Bonferroni: with m tests at level α, the family-wise chance of any false alarm stays ≤ α,
 * and it never rejects less than plain Bonferroni. Returned as adjusted p-values (compare each
 * with α), monotone in the raw ones.
 */
export function holmAdjust(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p || a.i - b.i);
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach(({ p, i }, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    adjusted[i] = running;
  });
  return adjusted;
}
