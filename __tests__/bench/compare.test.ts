import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateGate } from '../../src/bench/compare/gate.js';
import { pairSamples } from '../../src/bench/compare/pair.js';
import {
  PolicySyntaxError,
  defaultPolicy,
  gatingFor,
  globToRegExp,
  parseGeomeanRules,
  parsePercent,
  parseRules,
} from '../../src/bench/compare/policy.js';
import { parseBenchmarks } from '../../src/bench/format/parse.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');

/** Benchmark output: `lines` of [name, ...value unit pairs] repeated per value set. */
function bench(pkg: string, rows: [string, number[], string][], extra = ''): string {
  let text = `pkg: ${pkg}\n${extra}`;
  for (const [name, values, unit] of rows)
    for (const v of values) text += `Benchmark${name} 100 ${v} ${unit}\n`;
  return text;
}

const steady = [100, 101, 99, 100.5, 99.5, 100.2, 99.8, 100.1, 99.9, 100.3];
const scaled = (f: number) => steady.map((v) => v * f);

describe('pairing', () => {
  it('pairs by package, name and unit and keeps one-sided benchmarks apart', () => {
    const base = parseBenchmarks(
      bench('a', [
        ['X-2', [1, 2], 'ns/op'],
        ['Old-2', [1], 'ns/op'],
      ]) + bench('b', [['X-2', [5], 'ns/op']]),
    );
    const head = parseBenchmarks(
      bench('a', [
        ['X-2', [3], 'ns/op'],
        ['New-2', [1], 'ns/op'],
      ]) + bench('b', [['X-2', [6, 7], 'ns/op']]),
    );
    const p = pairSamples(base, head);
    expect(p.rows.map((r) => [r.pkg, r.name, r.base.length, r.head.length])).toEqual([
      ['a', 'X-2', 2, 1],
      ['b', 'X-2', 1, 2],
    ]);
    expect(p.onlyBase.map((r) => r.name)).toEqual(['Old-2']);
    expect(p.onlyHead.map((r) => r.name)).toEqual(['New-2']);
    expect(p.units).toEqual(['sec/op']);
  });
});

describe('policy', () => {
  it('parses unit, pattern and direction rules', () => {
    const rules = parseRules([
      'sec/op=3%',
      'BenchmarkParse*:ns/op=10',
      'Flaky:sec/op=off',
      'items/op=5% higher',
    ]);
    expect(rules.map((r) => [r.pattern, r.unit, r.threshold, r.better])).toEqual([
      [undefined, 'sec/op', 0.03, undefined],
      ['BenchmarkParse*', 'sec/op', 0.1, undefined],
      ['Flaky', 'sec/op', 'off', undefined],
      [undefined, 'items/op', 0.05, 'higher'],
    ]);
    expect(parseGeomeanRules(['2%', 'ns/op=1.5%'])).toEqual([
      { threshold: 0.02 },
      { unit: 'sec/op', threshold: 0.015 },
    ]);
  });

  it('rejects rules it cannot read, saying what to write', () => {
    expect(() => parseRules(['sec/op'])).toThrow(PolicySyntaxError);
    expect(() => parseRules(['sec/op=five'])).toThrow("'five' is not a percentage");
    expect(() => parseRules(['sec/op=5% sideways'])).toThrow(
      "direction must be 'lower' or 'higher'",
    );
    expect(() => parseRules([':sec/op=5%'])).toThrow('empty benchmark pattern');
    expect(() => parseRules(['sec/op=5% lower extra'])).toThrow("unexpected 'extra'");
    expect(() => parsePercent('-5%')).toThrow(PolicySyntaxError);
  });

  it('picks the first matching pattern, then the unit rule, then the defaults', () => {
    const policy = defaultPolicy({
      rules: parseRules(['sec/op=3%', 'BenchmarkParse*:sec/op=10%', 'Parse/json*:sec/op=off']),
    });
    expect(gatingFor(policy, 'Parse/xml-2', 'sec/op')).toMatchObject({
      threshold: 0.1,
      better: 'lower',
    });
    expect(gatingFor(policy, 'Hash-2', 'sec/op')).toMatchObject({
      threshold: 0.03,
      source: 'sec/op=3%',
    });
    // The first rule with a pattern wins even when a later one is more specific.
    expect(gatingFor(policy, 'Parse/json-2', 'sec/op')).toMatchObject({ threshold: 0.1 });
    expect(gatingFor(defaultPolicy(), 'X', 'B/op')).toMatchObject({
      threshold: 0.02,
      source: 'default',
    });
    expect(gatingFor(defaultPolicy(), 'X', 'allocs/op')).toMatchObject({ threshold: 0 });
    expect(gatingFor(defaultPolicy(), 'X', 'B/s')).toMatchObject({
      threshold: 0.05,
      better: 'higher',
    });
  });

  it('cannot gate a custom unit without a direction and says how to give one', () => {
    const policy = defaultPolicy({ rules: parseRules(['items/op=5%']) });
    const g = gatingFor(policy, 'X', 'items/op');
    expect(g.threshold).toBeUndefined();
    expect(g.problem).toContain("'items/op=5% lower'");
    expect(gatingFor(defaultPolicy(), 'X', 'items/op', 'higher')).toMatchObject({
      threshold: 0.05,
      better: 'higher',
    });
  });

  it('matches globs across sub-benchmark slashes and nothing else', () => {
    expect(globToRegExp('BenchmarkA*').test('BenchmarkA/b/c-2')).toBe(true);
    expect(globToRegExp('A.b?').test('A.bc')).toBe(true);
    expect(globToRegExp('A.b?').test('AXbc')).toBe(false);
  });
});

describe('the gate', () => {
  it('fails a significant slowdown beyond the threshold and nothing else', () => {
    const base = parseBenchmarks(
      bench('p', [
        ['Slow-2', steady, 'ns/op'],
        ['Same-2', steady, 'ns/op'],
        ['Bit-2', steady, 'ns/op'],
      ]),
    );
    const head = parseBenchmarks(
      bench('p', [
        ['Slow-2', scaled(1.1), 'ns/op'],
        ['Same-2', steady, 'ns/op'],
        ['Bit-2', scaled(1.03), 'ns/op'],
      ]),
    );
    const g = evaluateGate(base, head, defaultPolicy());
    expect(g.result).toBe('regression');
    expect(g.rows.map((r) => [r.name, r.verdict])).toEqual([
      ['Slow-2', 'regression'],
      ['Same-2', 'unchanged'],
      ['Bit-2', 'within-threshold'],
    ]);
    expect(g.comparisons).toBe(3);
    expect(g.regressions).toEqual([
      expect.objectContaining({
        kind: 'benchmark',
        pkg: 'p',
        name: 'Slow-2',
        unit: 'sec/op',
        threshold: 0.05,
      }),
    ]);
    expect(g.regressions[0]!.delta).toBeCloseTo(0.1, 10);
    expect(g.regressions[0]!.pAdjusted).toBeCloseTo(3 * g.regressions[0]!.p, 15);
  });

  it('inverts higher-is-better metrics', () => {
    const base = parseBenchmarks(bench('p', [['T-2', steady, 'MB/s']]));
    const slower = parseBenchmarks(bench('p', [['T-2', scaled(0.9), 'MB/s']]));
    const faster = parseBenchmarks(bench('p', [['T-2', scaled(1.1), 'MB/s']]));
    expect(evaluateGate(base, slower, defaultPolicy()).rows[0]!.verdict).toBe('regression');
    expect(evaluateGate(base, faster, defaultPolicy()).rows[0]!.verdict).toBe('improvement');
  });

  it('fails any significant increase of allocs/op, and sees constant equal counts as unchanged', () => {
    const base = parseBenchmarks(bench('p', [['A-2', Array(10).fill(3), 'allocs/op']]));
    const more = parseBenchmarks(bench('p', [['A-2', Array(10).fill(4), 'allocs/op']]));
    const g = evaluateGate(base, more, defaultPolicy());
    expect(g.rows[0]).toMatchObject({ verdict: 'regression', threshold: 0 });
    expect(g.rows[0]!.comparison.method).toBe('exact-ties');
    const same = evaluateGate(base, base, defaultPolicy());
    expect(same.rows[0]).toMatchObject({ verdict: 'unchanged', warnings: [] });
    expect(same.comparisons).toBe(0);
  });

  it('fails a benchmark that starts allocating, from zero', () => {
    const base = parseBenchmarks(bench('p', [['Z-2', Array(10).fill(0), 'allocs/op']]));
    const head = parseBenchmarks(bench('p', [['Z-2', Array(10).fill(1), 'allocs/op']]));
    const g = evaluateGate(base, head, defaultPolicy());
    expect(g.rows[0]).toMatchObject({ verdict: 'regression', delta: Infinity });
    expect(evaluateGate(head, base, defaultPolicy()).rows[0]).toMatchObject({
      verdict: 'improvement',
      delta: -1,
    });
  });

  it('controls false alarms across many benchmarks with Holm-Bonferroni', () => {
    // Complete separation at n = 5 gives p = 2/C(10,5) = 0.0079: significant alone, not after
    // correcting for 20 comparisons (20 × 0.0079 = 0.16).
    const b6 = [100, 101, 102, 103, 104];
    const h6 = [106, 107, 108, 109, 110];
    const names = Array.from({ length: 20 }, (_, i) => `B${i}-2`);
    const base = parseBenchmarks(
      bench(
        'p',
        names.map((n) => [n, b6, 'ns/op'] as [string, number[], string]),
      ),
    );
    const head = parseBenchmarks(
      bench(
        'p',
        names.map((n, i) => [n, i === 0 ? h6 : b6, 'ns/op'] as [string, number[], string]),
      ),
    );
    const holm = evaluateGate(base, head, defaultPolicy());
    expect(holm.rows[0]!.comparison.p).toBeLessThan(0.05);
    expect(holm.rows[0]!.verdict).toBe('unchanged');
    expect(holm.result).toBe('pass');
    expect(holm.warnings.some((w) => w.includes('raise count'))).toBe(true);
    const uncorrected = evaluateGate(base, head, defaultPolicy({ correction: 'none' }));
    expect(uncorrected.rows[0]!.verdict).toBe('regression');
  });

  it('gates on the geomean when asked: many small slowdowns add up', () => {
    const names = ['A-2', 'B-2', 'C-2', 'D-2'];
    const base = parseBenchmarks(
      bench(
        'p',
        names.map((n) => [n, steady, 'ns/op'] as [string, number[], string]),
      ),
    );
    const head = parseBenchmarks(
      bench(
        'p',
        names.map((n) => [n, scaled(1.04), 'ns/op'] as [string, number[], string]),
      ),
    );
    const off = evaluateGate(base, head, defaultPolicy());
    expect(off.result).toBe('pass');
    expect(off.geomeans[0]!.delta).toBeCloseTo(0.04, 10);
    const on = evaluateGate(base, head, defaultPolicy({ geomean: parseGeomeanRules(['3%']) }));
    expect(on.result).toBe('regression');
    expect(on.regressions).toEqual([
      expect.objectContaining({ kind: 'geomean', unit: 'sec/op', threshold: 0.03 }),
    ]);
  });

  it('honours Unit metadata: direction and exact values', () => {
    const units = 'Unit score better=higher\nUnit size assume=exact\n';
    const base = parseBenchmarks(
      bench(
        'p',
        [
          ['S', steady, 'score'],
          ['Z', [1000, 1000, 1000], 'size'],
        ],
        units,
      ),
    );
    const head = parseBenchmarks(
      bench(
        'p',
        [
          ['S', scaled(0.8), 'score'],
          ['Z', [1001, 1001, 1001], 'size'],
        ],
        units,
      ),
    );
    const g = evaluateGate(base, head, defaultPolicy({ rules: parseRules(['size=0 lower']) }));
    expect(g.rows.find((r) => r.unit === 'score')).toMatchObject({
      verdict: 'regression',
      better: 'higher',
      threshold: 0.05,
    });
    expect(g.rows.find((r) => r.unit === 'size')).toMatchObject({
      verdict: 'regression',
      comparison: expect.objectContaining({ method: 'exact-values', p: 0 }),
    });
    expect(g.comparisons).toBe(1);
    const same = evaluateGate(base, base, defaultPolicy({ rules: parseRules(['size=0 lower']) }));
    expect(same.rows.find((r) => r.unit === 'size')!.verdict).toBe('unchanged');
  });

  it('takes no direction or assumption from the head: a 2x slowdown stays a regression', () => {
    const base = parseBenchmarks(bench('p', [['Slow-2', steady, 'ns/op']]), 'base');
    const head = parseBenchmarks(
      bench(
        'p',
        [
          ['Slow-2', scaled(2), 'ns/op'],
          ['Q-2', scaled(0.5), 'items/op'],
        ],
        'Unit ns/op better=higher\nUnit ns/op assume=exact\nUnit items/op better=higher\n',
      ),
      'head',
    );
    const g = evaluateGate(base, head, defaultPolicy());
    expect(g.result).toBe('regression');
    expect(g.rows[0]).toMatchObject({ name: 'Slow-2', better: 'lower', verdict: 'regression' });
    expect(g.rows[0]!.comparison.method).not.toBe('exact-values');
    expect(g.warnings).toContainEqual(
      "head's 'Unit ns/op better=higher' (head:2) is ignored: the head is the code under test, so metric metadata comes from the action and the base",
    );
  });

  it('keeps the built-in direction of a unit over a Unit line in the base', () => {
    const units = 'Unit ns/op better=higher\n';
    const base = parseBenchmarks(bench('p', [['Slow-2', steady, 'ns/op']], units), 'base');
    const head = parseBenchmarks(bench('p', [['Slow-2', scaled(2), 'ns/op']], units), 'head');
    const g = evaluateGate(base, head, defaultPolicy());
    expect(g.rows[0]).toMatchObject({ better: 'lower', verdict: 'regression' });
    expect(g.warnings).toContainEqual(
      "base's 'Unit ns/op better=higher' (base:2) is ignored: sec/op is lower-is-better",
    );
  });

  it('reports a benchmark whose results are malformed on one side instead of dropping it', () => {
    const base = parseBenchmarks(bench('p', [['Gone-2', steady, 'ns/op']]), 'base');
    const head = parseBenchmarks(
      'pkg: p\n' + steady.map((v, i) => `BenchmarkGone-2 100 ${i ? -v : '1e400'} ns/op\n`).join(''),
      'head',
    );
    const g = evaluateGate(base, head, defaultPolicy());
    expect(g.malformed).toEqual([
      expect.objectContaining({
        side: 'head',
        pkg: 'p',
        name: 'Gone-2',
        lines: 10,
        first: {
          file: 'head',
          line: 2,
          message: "parsing measurement '1e400': not a finite number",
        },
      }),
    ]);
    expect(g.onlyBase.map((r) => r.name)).toEqual(['Gone-2']);
  });

  it('reports but never gates a unit with no known direction', () => {
    const base = parseBenchmarks(bench('p', [['S', steady, 'widgets']]));
    const head = parseBenchmarks(bench('p', [['S', scaled(2), 'widgets']]));
    const g = evaluateGate(base, head, defaultPolicy());
    expect(g.rows[0]!.verdict).toBe('not-gated');
    expect(g.result).toBe('pass');
  });

  it('finds the planted regressions in the fixture files', () => {
    const base = parseBenchmarks(readFileSync(join(FIXTURES, 'base.txt'), 'utf8'), 'base.txt');
    const head = parseBenchmarks(readFileSync(join(FIXTURES, 'head.txt'), 'utf8'), 'head.txt');
    const g = evaluateGate(base, head, defaultPolicy());
    expect(g.regressions.map((r) => `${r.pkg} ${r.name} ${r.unit}`)).toEqual([
      'example.com/svc/codec Encode/size=1K-2 sec/op',
      'example.com/svc/store Scan-2 B/s',
    ]);
    expect(g.improvements.map((r) => `${r.pkg} ${r.name}`)).toEqual([
      'example.com/svc/store Decode-2',
    ]);
    const codecDecode = g.rows.find(
      (r) => r.pkg === 'example.com/svc/codec' && r.name === 'Decode-2' && r.unit === 'sec/op',
    );
    expect(codecDecode!.verdict).toBe('unchanged');
  });
});
