/**
 * The exact null distribution of the Mann-Whitney U statistic, conditional on the tie pattern:
 * every way of drawing sample 1 from the pooled ranks is equally likely. Without ties this is the
 * classic Mann-Whitney distribution; with ties it is the conditional one of Klotz (1966).
 *
 * One dynamic programme covers both: walk the tie groups in rank order and count, for each number
 * j of sample-1 values drawn so far, the ways to reach each value of 2U. Drawing r of a group's t
 * values adds r·2·(sample-2 values below) + r·(t−r) (each tie counts ½) to 2U, never less than
 * zero, so states above the U of interest can be dropped.
 */
import { choose } from './quantile-ci.js';

/**
 * P(U₁ ≤ u) where U₁ counts (sample-1 value > sample-2 value) pairs, ties ½, for samples of sizes
 * n1 and n2 whose pooled sorted values fall into tie groups of the given sizes (summing to n1+n2).
 */
export function uCdf(n1: number, n2: number, ties: readonly number[], u: number): number {
  const limit = Math.floor(2 * u + 1e-9);
  if (limit < 0) return 0;
  if (limit >= 2 * n1 * n2) return 1;
  // ways[j][twoU]: count of draws of j sample-1 values from the groups seen so far.
  let ways: Float64Array[] = [new Float64Array(limit + 1)];
  ways[0]![0] = 1;
  let seen = 0;
  for (const t of ties) {
    const next: Float64Array[] = [];
    const jMax = Math.min(n1, seen + t);
    for (let j = 0; j <= jMax; j++) next.push(new Float64Array(limit + 1));
    for (let j = 0; j < ways.length; j++) {
      const row = ways[j]!;
      const below2 = seen - j; // sample-2 values in earlier groups
      for (let r = 0; r <= t && j + r <= n1; r++) {
        const add = r * 2 * below2 + r * (t - r);
        if (add > limit) continue;
        const c = choose(t, r);
        const out = next[j + r]!;
        for (let v = 0; v + add <= limit; v++) {
          const w = row[v]!;
          if (w !== 0) out[v + add] = out[v + add]! + w * c;
        }
      }
    }
    ways = next;
    seen += t;
  }
  const final = ways[n1];
  if (!final) return 0;
  let count = 0;
  for (let v = 0; v <= limit; v++) count += final[v]!;
  return count / choose(n1 + n2, n1);
}
