/**
 * What may be assumed about a metric's distribution decides how it is summarised and compared.
 * Callers name the assumption (from a `Unit … assume=` line); this module picks the statistics.
 * Problems are returned as warnings next to the numbers, never thrown.
 */
import { ciBounds, quantileCI } from './quantile-ci.js';
import { UTestError, mannWhitneyU, minimumP, type UTestMethod } from './utest.js';

export interface Summary {
  center: number;
  lo: number;
  hi: number;
  /** The confidence the interval really has (≥ the one asked for). */
  confidence: number;
  warnings: string[];
}

export interface Comparison {
  p: number;
  n1: number;
  n2: number;
  method: UTestMethod | 'exact-values' | 'none';
  warnings: string[];
}

export interface Assumption {
  readonly name: 'nothing' | 'exact';
  readonly summaryLabel: string;
  summary(values: readonly number[], confidence: number): Summary;
  compare(base: readonly number[], head: readonly number[], alpha: number): Comparison;
}

function sorted(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

export function median(sortedValues: readonly number[]): number {
  const n = sortedValues.length;
  if (n === 0) return NaN;
  const mid = n >> 1;
  return n % 2 === 1 ? sortedValues[mid]! : (sortedValues[mid - 1]! + sortedValues[mid]!) / 2;
}

/**
 * One string per distinct warning: a gate over 200,000 rows short of samples would otherwise hold
 * 400,000 copies of the same sentence.
 */
const sharedWarnings = new Map<string, string>();
function shared(message: string): string {
  const have = sharedWarnings.get(message);
  if (have !== undefined) return have;
  sharedWarnings.set(message, message);
  return message;
}

/** The fewest values with a finite median interval at this confidence (2..50, else ">50"). */
function samplesForFiniteCI(confidence: number): string {
  for (let n = 2; n <= 50; n++) {
    const ci = quantileCI(n, 0.5, confidence);
    if (ci.loOrder > 0 && ci.hiOrder <= n) return `>= ${n}`;
  }
  return '> 50';
}

/** The fewest values a side for which complete separation reaches p ≤ α (1..9, else ">9"). */
function samplesForSignificance(alpha: number): { op: string; n: number } {
  for (let n = 1; n <= 9; n++) if (minimumP(n, n) <= alpha) return { op: '>=', n };
  return { op: '>', n: 9 };
}

/** No distributional assumption: the median, order-statistic CIs, the Mann-Whitney U test. */
export const assumeNothing: Assumption = {
  name: 'nothing',
  summaryLabel: 'median',
  summary(values, confidence) {
    const xs = sorted(values);
    const ci = quantileCI(xs.length, 0.5, confidence);
    const [lo, hi] = ciBounds(ci, xs);
    const warnings: string[] = [];
    if (!Number.isFinite(lo) || !Number.isFinite(hi))
      warnings.push(
        shared(
          `need ${samplesForFiniteCI(confidence)} samples for confidence interval at level ${confidence}`,
        ),
      );
    return { center: median(xs), lo, hi, confidence: ci.confidence, warnings };
  },
  compare(base, head, alpha) {
    try {
      const r = mannWhitneyU(base, head);
      const warnings: string[] = [];
      if (r.p > alpha) {
        const need = samplesForSignificance(alpha);
        if (r.n1 < need.n && r.n2 < need.n)
          warnings.push(
            shared(
              `need ${need.op} ${need.n} samples to detect a difference at alpha level ${alpha}`,
            ),
          );
      }
      return { p: r.p, n1: r.n1, n2: r.n2, method: r.method, warnings };
    } catch (err) {
      if (!(err instanceof UTestError)) throw err;
      return {
        p: 1,
        n1: base.length,
        n2: head.length,
        method: 'none',
        warnings: [shared(err.message)],
      };
    }
  },
};

/** Values measured exactly (sizes, counts): the mode is the value, and any change is real. */
export const assumeExact: Assumption = {
  name: 'exact',
  summaryLabel: 'exact',
  summary(values) {
    const xs = sorted(values);
    let mode = xs[0]!;
    let modeCount = 0;
    for (let i = 0; i < xs.length;) {
      let j = i;
      while (j < xs.length && xs[j] === xs[i]) j++;
      if (j - i > modeCount) [mode, modeCount] = [xs[i]!, j - i];
      i = j;
    }
    const warnings =
      modeCount === xs.length
        ? []
        : [`exact distribution expected, but values range from ${xs[0]} to ${xs[xs.length - 1]}`];
    return { center: mode, lo: xs[0]!, hi: xs[xs.length - 1]!, confidence: 1, warnings };
  },
  compare(base, head) {
    return { p: 0, n1: base.length, n2: head.length, method: 'exact-values', warnings: [] };
  },
};

export function assumptionFor(name: string | undefined): Assumption {
  return name === 'exact' ? assumeExact : assumeNothing;
}
