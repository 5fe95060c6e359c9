/**
 * Holm-Bonferroni: with m tests at level α, the family-wise chance of any false alarm stays ≤ α,
 * and it never rejects less than plain Bonferroni. Returned as adjusted p-values (compare each
 * with α), monotone in the raw ones.
 */
export function holmAdjust(pValues: readonly number[]): number[] {
  const m = pValues.length;
  // Indices sorted by p (ties in input order): a typed array, not an object per test.
  const order = new Uint32Array(m);
  for (let i = 0; i < m; i++) order[i] = i;
  order.sort((a, b) => pValues[a]! - pValues[b]! || a - b);
  const adjusted = new Array<number>(m);
  let running = 0;
  for (let rank = 0; rank < m; rank++) {
    const i = order[rank]!;
    running = Math.max(running, Math.min(1, (m - rank) * pValues[i]!));
    adjusted[i] = running;
  }
  return adjusted;
}
