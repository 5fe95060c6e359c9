/**
 * Distribution-free confidence intervals for a quantile from order statistics: the number of
 * sample values below the population quantile is Binomial(n, q). Exact for n ≤ 30, the normal
 * approximation with continuity correction above, left-biased when two intervals tie, as benchstat.
 */
import { normalCdf, normalInvCdf } from './normal.js';

export interface QuantileCI {
  n: number;
  quantile: number;
  /** The confidence actually reached (≥ the one asked for). */
  confidence: number;
  /** 1-based order statistics bounding the interval; 0 means -∞ and n+1 means +∞. */
  loOrder: number;
  hiOrder: number;
}

/** Above this n the binomial sums give way to the normal approximation. */
export const EXACT_QUANTILE_CI_LIMIT = 30;

export function choose(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  k = Math.min(k, n - k);
  let r = 1;
  // Each step stays an integer: r·(n-k+i)/i is C(n-k+i, i).
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return Math.round(r);
}

function binomialPmf(n: number, p: number, k: number): number {
  if (k < 0 || k > n) return 0;
  if (p === 0) return k === 0 ? 1 : 0;
  if (p === 1) return k === n ? 1 : 0;
  return choose(n, k) * Math.pow(p, k) * Math.pow(1 - p, n - k);
}

export function quantileCI(n: number, q: number, confidence: number): QuantileCI {
  const res: QuantileCI = { n, quantile: q, confidence: 1, loOrder: 0, hiOrder: n + 1 };
  if (confidence >= 1) return res;

  let l: number;
  let r: number;
  if (n <= EXACT_QUANTILE_CI_LIMIT) {
    // Grow the interval outward from the (lower) mode, always taking the likelier neighbour.
    const x = q === 0 ? 0 : Math.ceil((n + 1) * q) - 1;
    let accum = binomialPmf(n, q, x);
    l = x;
    r = x + 1;
    let lp = binomialPmf(n, q, l - 1);
    let rp = binomialPmf(n, q, r);
    while (accum < confidence && (lp > 0 || rp > 0)) {
      if (lp >= rp) {
        accum += lp;
        l--;
        lp = binomialPmf(n, q, l - 1);
      } else {
        accum += rp;
        r++;
        rp = binomialPmf(n, q, r);
      }
    }
    res.confidence = accum;
  } else {
    const mu = n * q;
    const sigma = Math.sqrt(n * q * (1 - q));
    const alpha = (1 - confidence) / 2;
    const l1 = normalInvCdf(alpha, mu, sigma);
    const r1 = 2 * mu - l1;
    // Band k of the binomial is [k-0.5, k+0.5] of the normal: round out to those edges.
    l = Math.floor(l1 - 0.5) + 1;
    r = Math.ceil(r1 - 0.5) + 1;
    const cdf = (lo: number, hi: number) =>
      normalCdf(hi - 0.5, mu, sigma) - normalCdf(lo - 0.5, mu, sigma);
    res.confidence = cdf(l, r);
    const biased = cdf(l, r - 1);
    if (biased >= confidence && biased < res.confidence) {
      res.confidence = biased;
      r = r - 1;
    }
    if (l <= 0 && r >= n + 1) res.confidence = 1;
  }
  res.loOrder = Math.max(l, 0);
  res.hiOrder = Math.min(r, n + 1);
  return res;
}

/** The interval's bounds in a sorted sample: ±∞ where an order statistic falls outside it. */
export function ciBounds(ci: QuantileCI, sorted: readonly number[]): [number, number] {
  const lo = ci.loOrder < 1 ? -Infinity : sorted[ci.loOrder - 1]!;
  const hi = ci.hiOrder - 1 >= sorted.length ? Infinity : sorted[ci.hiOrder - 1]!;
  return [lo, hi];
}
