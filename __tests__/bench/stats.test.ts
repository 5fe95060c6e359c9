import { describe, expect, it } from 'vitest';
import { assumeExact, assumeNothing } from '../../src/bench/stats/assumption.js';
import { geomean } from '../../src/bench/stats/geomean.js';
import { holmAdjust } from '../../src/bench/stats/holm.js';
import { erf, erfc, normalCdf, normalInvCdf } from '../../src/bench/stats/normal.js';
import { choose, quantileCI } from '../../src/bench/stats/quantile-ci.js';
import { uCdf } from '../../src/bench/stats/udist.js';
import { UTestError, mannWhitneyU, minimumP } from '../../src/bench/stats/utest.js';

/** Equal to `digits` significant digits. */
function expectSig(actual: number, expected: number, digits = 6) {
  expect(Number(actual.toPrecision(digits))).toBe(Number(expected.toPrecision(digits)));
}

const range = (n: number, f: (i: number) => number = (i) => i) =>
  Array.from({ length: n }, (_, i) => f(i));

describe('Mann-Whitney U test: the issue vectors, to 6 significant digits', () => {
  it.each([
    ['[1,2,3,4] vs [5,6,7,8]', [1, 2, 3, 4], [5, 6, 7, 8], 0.0285714, 'exact'],
    ['[1,2,3] vs [4,5,6]', [1, 2, 3], [4, 5, 6], 0.1, 'exact'],
    ['[1,2,2,3,4] vs [2,3,5,5,6]', [1, 2, 2, 3, 4], [2, 3, 5, 5, 6], 0.111111, 'exact-ties'],
    ['[10,10,10,11] vs [10,11,11,11]', [10, 10, 10, 11], [10, 11, 11, 11], 0.485714, 'exact-ties'],
    ['0..59 vs the same plus 10.5', range(60), range(60, (i) => i + 10.5), 0.00256689, 'normal'],
  ] as const)('%s', (_, x, y, p, method) => {
    const r = mannWhitneyU(x, y);
    expectSig(r.p, p);
    expect(r.method).toBe(method);
  });

  it('gives the same p whichever sample comes first', () => {
    const a = [1, 2, 2, 3, 4];
    const b = [2, 3, 5, 5, 6];
    expect(mannWhitneyU(b, a).p).toBeCloseTo(mannWhitneyU(a, b).p, 15);
  });

  it('matches go-moremath on ties, including the lower-tail quirk it doubles', () => {
    // From go-moremath's utest_test.go (what benchstat runs).
    expectSig(mannWhitneyU([2, 1, 3, 5], [2, 2, 2, 2]).p, 0.7142857142857143, 10);
    expect(mannWhitneyU([2, 1, 3, 5], [1, 1, 1, 1, 1]).p).toBe(0);
    expectSig(mannWhitneyU([2, 1, 3, 5], [0, 4, 6, 7]).p, 0.48571428571428577, 10);
    expect(mannWhitneyU([2, 1, 3, 5], [2, 1, 3, 5]).p).toBe(1);
  });

  it('matches R wilcox.test on large samples through the normal approximation', () => {
    const l1 = range(500, (i) => i * 2);
    const l2 = range(600, (i) => i * 2 - 41);
    const l3 = [...l2];
    for (let i = 0; i < 30; i++) l3[i] = l1[i]!;
    const r12 = mannWhitneyU(l1, l2);
    expect(r12.u).toBe(135250); // go-moremath reports the same U
    expectSig(r12.p, 0.0049335360814172224, 10);
    expectSig(mannWhitneyU(l1, l3).p, 0.0038703814239617884, 10);
    expect(mannWhitneyU(l1, l1).p).toBe(1);
  });

  it('switches to the normal approximation above 50 values, or above 25 with ties', () => {
    expect(
      mannWhitneyU(
        range(50),
        range(50, (i) => i + 0.5),
      ).method,
    ).toBe('exact');
    expect(
      mannWhitneyU(
        range(51),
        range(51, (i) => i + 0.5),
      ).method,
    ).toBe('normal');
    const tied = range(25, (i) => Math.floor(i / 2));
    expect(
      mannWhitneyU(
        tied,
        tied.map((v) => v + 1),
      ).method,
    ).toBe('exact-ties');
    const tied26 = range(26, (i) => Math.floor(i / 2));
    expect(
      mannWhitneyU(
        tied26,
        tied26.map((v) => v + 1),
      ).method,
    ).toBe('normal');
  });

  it('refuses samples that are empty or all equal', () => {
    expect(() => mannWhitneyU([], [1])).toThrow(UTestError);
    expect(() => mannWhitneyU([3, 3, 3], [3, 3])).toThrow('all samples are equal');
    expect(() =>
      mannWhitneyU(
        range(60, () => 1),
        range(60, () => 1),
      ),
    ).toThrow('all samples are equal');
  });

  it('knows the smallest p reachable per sample size (benchstat uTestMinP)', () => {
    const table = [
      1, 0.3333333333333333, 0.1, 0.02857142857142857, 0.007936507936507936, 0.0021645021645021645,
      0.0005827505827505828, 0.0001554001554001554, 4.113533525298231e-5,
    ];
    table.forEach((p, i) => expectSig(minimumP(i + 1, i + 1), p, 12));
  });

  it('has an exact distribution whose mass sums to one, with and without ties', () => {
    expect(
      uCdf(
        5,
        7,
        range(12, () => 1),
        35,
      ),
    ).toBe(1);
    expectSig(
      uCdf(
        5,
        7,
        range(12, () => 1),
        17.5 - 0.5,
      ) +
        (1 -
          uCdf(
            5,
            7,
            range(12, () => 1),
            17.5,
          )),
      1,
      12,
    );
    // Ties: a single group of all 4 values puts every draw at U = n1·n2/2.
    expect(uCdf(2, 2, [4], 1.5)).toBe(0);
    expect(uCdf(2, 2, [4], 2)).toBe(1);
  });
});

describe('median confidence intervals (order statistics of Binomial(n, 0.5))', () => {
  it('reproduces go-moremath QuantileCI cases', () => {
    const check = (n: number, q: number, c: number, lo: number, hi: number, conf: number) => {
      const r = quantileCI(n, q, c);
      expect([r.loOrder, r.hiOrder]).toEqual([lo, hi]);
      expectSig(r.confidence, conf, 8);
    };
    check(4, 0.5, 0.001, 2, 3, 0.375);
    check(4, 0.25, 0.001, 1, 2, 0.421875);
    check(4, 0, 0.001, 0, 1, 1);
    check(4, 1, 0.001, 4, 5, 1);
    check(4, 0.5, 0.3750001, 1, 3, 0.375 + 0.25);
    check(4, 0.5, 0.99, 0, 5, 1);
    check(4, 0.5, 0.99 - 0.0625, 0, 4, 0.375 + 2 * 0.25 + 0.0625);
    check(5, 0.5, 0.001, 2, 3, 0.3125);
    check(5, 0.5, 0.3125001, 2, 4, 0.625);
    check(5, 0.5, 0.99 - 0.03125, 0, 5, 1 - 0.03125);
  });

  it('is exact up to n = 30 and a normal approximation above', () => {
    // n = 30: exact binomial sums give orders 10..21 at ≥ 95% (confidence 0.9572).
    const exact = quantileCI(30, 0.5, 0.95);
    expect([exact.loOrder, exact.hiOrder]).toEqual([10, 21]);
    expectSig(exact.confidence, 0.957226, 6);
    // n = 100: N(50, 5²); Φ⁻¹(0.025) = 40.20 rounds out to orders [40, 61) at Φ(2.1) − Φ(−2.1) =
    // 0.9643; dropping the top band still holds 95% (Φ(1.9) − Φ(−2.1) = 0.95342), so it is taken.
    const approx = quantileCI(100, 0.5, 0.95);
    expect([approx.loOrder, approx.hiOrder]).toEqual([40, 60]);
    expectSig(approx.confidence, 0.95342, 5);
  });

  it('gives a finite interval from 6 samples and warns below', () => {
    const six = assumeNothing.summary([-10, 2, 3, 4, 5, 6], 0.95);
    expect(six).toMatchObject({
      center: 3.5,
      lo: -10,
      hi: 6,
      confidence: 1 - 0.03125,
      warnings: [],
    });
    // n = 5 cannot reach 95% without running off the low end (left-biased, as benchstat).
    const five = assumeNothing.summary([1, 2, 3, 4, 5], 0.95);
    expect(five.lo).toBe(-Infinity);
    expect(five.hi).toBe(5);
    expect(five.warnings).toEqual(['need >= 6 samples for confidence interval at level 0.95']);
    expect(assumeNothing.summary([-10, 2, 3, 4, 5, 6], 0.99).warnings).toEqual([
      'need >= 8 samples for confidence interval at level 0.99',
    ]);
  });

  it('warns when a comparison can never be significant at the sample size', () => {
    const small = assumeNothing.compare([-1, -1, -1], [1, 1, 1], 0.05);
    expect(small.p).toBe(0.1);
    expect(small.warnings).toEqual([
      'need >= 4 samples to detect a difference at alpha level 0.05',
    ]);
    const enough = assumeNothing.compare([-1, -1, -1, -1], [1, 1, 1, 1], 0.05);
    expectSig(enough.p, 0.02857142857142857, 10);
    expect(enough.warnings).toEqual([]);
    expect(assumeNothing.compare([1, 1, 1, 1], [1, 1, 1, 1], 0.05)).toMatchObject({
      p: 1,
      warnings: ['all samples are equal'],
    });
  });

  it('treats assume=exact metrics as exact values', () => {
    expect(assumeExact.summary([1, 1, 1, 1], 0.95)).toMatchObject({
      center: 1,
      lo: 1,
      hi: 1,
      confidence: 1,
      warnings: [],
    });
    expect(assumeExact.summary([1, 2, 2, 3], 0.95).warnings).toEqual([
      'exact distribution expected, but values range from 1 to 3',
    ]);
    expect(assumeExact.compare([1], [2], 0.05).p).toBe(0);
  });
});

describe('normal distribution', () => {
  it('is accurate in the tails the tests use', () => {
    expectSig(erfc(1), 0.157299207050285, 14);
    expectSig(erfc(3), 2.209049699858544e-5, 14);
    expectSig(erfc(5), 1.537459794428035e-12, 13);
    expectSig(erf(0.5), 0.520499877813047, 14);
    expectSig(erfc(-1), 1.842700792949715, 14);
    expectSig(normalCdf(-1.959963984540054), 0.025, 12);
    expectSig(normalInvCdf(0.025), -1.959963984540054, 12);
    expect(normalInvCdf(0)).toBe(-Infinity);
    expect(choose(50, 25)).toBe(126410606437752);
  });
});

describe('Holm-Bonferroni', () => {
  it('adjusts step-down and keeps the order of the raw p-values', () => {
    // m = 4: sorted 0.01, 0.02, 0.03, 0.04 → 0.04, 0.06, 0.06, 0.06.
    const adj = holmAdjust([0.03, 0.01, 0.04, 0.02]);
    [0.06, 0.04, 0.06, 0.06].forEach((v, i) => expect(adj[i]).toBeCloseTo(v, 12));
    expect(holmAdjust([0.5, 0.9])).toEqual([1, 1]);
    expect(holmAdjust([])).toEqual([]);
  });
});

describe('geomean', () => {
  it('is the n-th root of the product and undefined for non-positive values', () => {
    expect(geomean([1, 4, 16])).toBeCloseTo(4, 12);
    expect(geomean([2])).toBe(2);
    expect(geomean([1, 0])).toBeNaN();
    expect(geomean([])).toBeNaN();
  });
});
