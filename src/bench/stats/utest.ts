/**
 * The two-sided Mann-Whitney U test as benchstat runs it: exact without ties up to 50 values a
 * side, exact conditional on ties up to 25, otherwise the normal approximation with tie and
 * continuity corrections.
 */
import { normalCdf } from './normal.js';
import { uCdf } from './udist.js';

export const EXACT_LIMIT = 50;
export const TIES_EXACT_LIMIT = 25;

export type UTestMethod = 'exact' | 'exact-ties' | 'normal';

export interface UTestResult {
  n1: number;
  n2: number;
  /** U of sample 1: pairs where its value is the larger, ties counting ½. */
  u: number;
  p: number;
  method: UTestMethod;
}

export class UTestError extends Error {}

export function mannWhitneyU(x1: readonly number[], x2: readonly number[]): UTestResult {
  const n1 = x1.length;
  const n2 = x2.length;
  if (n1 === 0 || n2 === 0) throw new UTestError('a sample is empty');

  const pooled: { v: number; first: boolean }[] = [];
  for (const v of x1) pooled.push({ v, first: true });
  for (const v of x2) pooled.push({ v, first: false });
  pooled.sort((a, b) => a.v - b.v);

  // Rank sum of sample 1 with mid-ranks for ties, and the tie group sizes in rank order.
  let r1 = 0;
  const ties: number[] = [];
  let hasTies = false;
  for (let i = 0; i < pooled.length;) {
    const start = i;
    let inFirst = 0;
    const v = pooled[i]!.v;
    for (; i < pooled.length && pooled[i]!.v === v; i++) if (pooled[i]!.first) inFirst++;
    r1 += ((start + 1 + i) / 2) * inFirst;
    ties.push(i - start);
    if (i - start > 1) hasTies = true;
  }
  const u1 = r1 - (n1 * (n1 + 1)) / 2;
  const u2 = n1 * n2 - u1;
  const uSmall = Math.min(u1, u2);

  const exact = hasTies
    ? n1 <= TIES_EXACT_LIMIT && n2 <= TIES_EXACT_LIMIT
    : n1 <= EXACT_LIMIT && n2 <= EXACT_LIMIT;
  if (exact) {
    if (ties.length === 1) throw new UTestError('all samples are equal');
    // Symmetric about the observed U: the two tails together are all of the mass.
    // Otherwise double the lower tail of U₁ at the smaller U, as benchstat (go-moremath) does.
    const p = u1 === u2 ? 1 : Math.min(1, 2 * uCdf(n1, n2, ties, uSmall));
    return { n1, n2, u: u1, p, method: hasTies ? 'exact-ties' : 'exact' };
  }

  const n = n1 + n2;
  const tieSum = ties.reduce((s, t) => s + t * t * t - t, 0);
  const mean = (n1 * n2) / 2;
  const sd = Math.sqrt((n1 * n2 * (n + 1 - tieSum / (n * (n - 1)))) / 12);
  if (sd === 0) throw new UTestError('all samples are equal');
  let numer = u1 - mean;
  numer -= Math.sign(numer) * 0.5; // continuity correction
  const z = numer / sd;
  const p = 2 * Math.min(normalCdf(z), 1 - normalCdf(z));
  return { n1, n2, u: u1, p, method: 'normal' };
}

/** The smallest p-value any data could give for samples of these sizes (complete separation). */
export function minimumP(n1: number, n2: number): number {
  if (n1 === 0 || n2 === 0) return 1;
  const ties = new Array<number>(n1 + n2).fill(1);
  if (n1 <= EXACT_LIMIT && n2 <= EXACT_LIMIT) return Math.min(1, 2 * uCdf(n1, n2, ties, 0));
  const n = n1 + n2;
  const sd = Math.sqrt((n1 * n2 * (n + 1)) / 12);
  const z = (-(n1 * n2) / 2 + 0.5) / sd;
  return 2 * normalCdf(z);
}
