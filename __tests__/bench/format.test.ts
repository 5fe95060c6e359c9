import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nameParts } from '../../src/bench/format/name.js';
import {
  BenchmarkParser,
  parseBenchmarks,
  parseConfigLine,
  unitMetaKey,
} from '../../src/bench/format/parse.js';
import { defaultBetter, tidyUnit } from '../../src/bench/format/units.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');

describe('parseBenchmarks', () => {
  it('reads go test output: config lines, results with every value/unit pair, noise ignored', () => {
    const text = [
      'goos: linux',
      'goarch: amd64',
      'pkg: example.com/a',
      'cpu: Intel(R) Xeon(R) Processor',
      'BenchmarkHash-2   \t  1000\t   1234 ns/op\t 53.10 MB/s\t  512 B/op\t   3 allocs/op',
      'PASS',
      'ok  \texample.com/a\t1.2s',
    ].join('\n');
    const f = parseBenchmarks(text, 'a.txt');
    expect(f.warnings).toEqual([]);
    expect(f.results).toHaveLength(1);
    const r = f.results[0]!;
    expect(r).toMatchObject({ name: 'Hash-2', iters: 1000, line: 5, file: 'a.txt' });
    expect(r.config).toEqual({
      goos: 'linux',
      goarch: 'amd64',
      pkg: 'example.com/a',
      cpu: 'Intel(R) Xeon(R) Processor',
    });
    expect(r.values.map((v) => v.unit)).toEqual(['sec/op', 'B/s', 'B/op', 'allocs/op']);
    expect(r.values[0]!.value).toBeCloseTo(1234e-9, 20);
    expect(r.values[0]).toMatchObject({ origValue: 1234, origUnit: 'ns/op' });
    expect(r.values[1]!.value).toBeCloseTo(53.1e6, 3);
    expect(r.values[2]).toEqual({ value: 512, unit: 'B/op' });
  });

  it('keeps configuration until changed, deletes it on an empty value, and tells packages apart', () => {
    const text = [
      'pkg: example.com/a',
      'note: first',
      'BenchmarkX 1 10 ns/op',
      'pkg: example.com/b',
      'note:',
      'BenchmarkX 1 20 ns/op',
    ].join('\n');
    const { results } = parseBenchmarks(text);
    expect(results.map((r) => r.config)).toEqual([
      { pkg: 'example.com/a', note: 'first' },
      { pkg: 'example.com/b' },
    ]);
  });

  it('accepts custom b.ReportMetric units and repeated -count lines', () => {
    const text =
      'BenchmarkQ 10 5 ns/op 42 items/op 0.5 hit-ratio\nBenchmarkQ 10 6 ns/op 43 items/op 0.6 hit-ratio\n';
    const { results } = parseBenchmarks(text);
    expect(results).toHaveLength(2);
    expect(results[1]!.values.map((v) => [v.unit, v.value])).toEqual([
      ['sec/op', 6 * 1e-9], // value × factor, exactly as benchunit.Tidy computes it
      ['items/op', 43],
      ['hit-ratio', 0.6],
    ]);
  });

  it('reports malformed result and Unit lines with their line numbers and skips them', () => {
    const text = [
      'pkg: p',
      'BenchmarkOK 10 1 ns/op',
      'BenchmarkNoIters',
      'BenchmarkBadIters abc 1 ns/op',
      'BenchmarkNoValues 10',
      'BenchmarkBadValue 10 x1 ns/op',
      'BenchmarkNoUnit 10 5',
      'BenchmarkNaN 10 NaN ns/op',
      'Unit',
      'Unit ns/op better',
      'Unit ns/op better=lower',
      'Unit ns/op better=higher',
      'BenchmarkOK 10 2 ns/op',
    ].join('\r\n');
    const f = parseBenchmarks(text, 'in.txt');
    expect(f.results.map((r) => r.line)).toEqual([2, 13]);
    expect(f.warnings.map((w) => w.line)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 12]);
    expect(f.warnings.every((w) => w.file === 'in.txt')).toBe(true);
    expect(f.warnings[1]!.message).toContain("parsing iteration count 'abc'");
    expect(f.warnings[4]!.message).toContain("missing unit after measurement '5'");
    expect(f.warnings[8]!.message).toContain('already set to lower');
    expect(f.units.get(unitMetaKey('sec/op', 'better'))).toMatchObject({
      value: 'lower',
      origUnit: 'ns/op',
      line: 11,
    });
  });

  it('does not take ordinary lines for configuration', () => {
    expect(parseConfigLine('ok  \texample.com/a\t1.2s')).toBeUndefined();
    expect(parseConfigLine('Key: value')).toBeUndefined();
    expect(parseConfigLine('key:value')).toBeUndefined();
    expect(parseConfigLine('my key: value')).toBeUndefined();
    expect(parseConfigLine('commit:\t abc123')).toEqual({ key: 'commit', value: 'abc123' });
    expect(parseConfigLine('ключ: значение')).toEqual({ key: 'ключ', value: 'значение' });
    expect(parseBenchmarks('Units are fun\nUnitless: x\n').warnings).toEqual([]);
  });

  it('reads the fixture files: both packages, the broken line reported at line 39', () => {
    const head = parseBenchmarks(readFileSync(join(FIXTURES, 'head.txt'), 'utf8'), 'head.txt');
    expect(new Set(head.results.map((r) => r.config.pkg))).toEqual(
      new Set(['example.com/svc/codec', 'example.com/svc/store']),
    );
    expect(head.results.filter((r) => r.name === 'Decode-2')).toHaveLength(20);
    expect(head.warnings).toEqual([
      {
        file: 'head.txt',
        line: 39,
        message: "parsing iteration count 'abc': not a whole number",
        benchmark: 'Broken-2',
        pkg: 'example.com/svc/store',
      },
    ]);
    expect(head.units.get(unitMetaKey('items/op', 'better'))?.value).toBe('higher');
  });

  it('parses 100,000 result lines', () => {
    const line =
      'BenchmarkEncode/size=1K-2   \t  751196\t    1331.2 ns/op\t    1024 B/op\t       3 allocs/op\n';
    const { results, warnings } = parseBenchmarks('pkg: x\n' + line.repeat(100_000));
    expect(results).toHaveLength(100_000);
    expect(warnings).toEqual([]);
    expect(results[99_999]!.line).toBe(100_001);
  });
});

/** `text` pushed to a BenchmarkParser in pieces that end at each of `cuts`. */
function parseInPieces(text: string, cuts: readonly number[], file = 'in.txt') {
  const parser = new BenchmarkParser(file);
  let at = 0;
  for (const cut of [...cuts, text.length]) {
    parser.push(text.slice(at, cut));
    at = cut;
  }
  return parser.end();
}

describe('BenchmarkParser, fed a piece at a time', () => {
  // Config, results, Unit lines, malformed lines, CRLF and LF endings, a lone CR inside a line,
  // empty lines, and a last line with no line feed.
  const text = [
    'goos: linux\r',
    'pkg: example.com/a',
    'BenchmarkHash-2   \t  1000\t   1234 ns/op\t 53.10 MB/s\t  512 B/op\r',
    'Unit items/op better=higher\r',
    'BenchmarkQ 10 5 ns/op 42 items/op',
    'BenchmarkBadIters abc 1 ns/op\r',
    '',
    'note: a\rb',
    'BenchmarkHash-2 1000 1240 ns/op 53.0 MB/s 512 B/op',
    '\r',
    'pkg: example.com/b\r',
    'Unit items/op better=lower',
    'BenchmarkNoUnit 10 5\r',
    'BenchmarkLast-2 1 7 ns/op',
  ].join('\n');
  const whole = parseBenchmarks(text, 'in.txt');

  it('reads the same results, units and warnings as the whole text', () => {
    expect(whole.results).toHaveLength(4);
    expect(whole.warnings.map((w) => w.line)).toEqual([6, 12, 13]);
    expect(whole.results[3]).toMatchObject({ name: 'Last-2', line: 14 });
    expect(whole.results[2]!.config).toEqual({ goos: 'linux', pkg: 'example.com/a', note: 'a\rb' });
    expect(parseInPieces(text, [])).toEqual(whole);
  });

  it('wherever the text is cut: inside a line, between CR and LF, at a line end', () => {
    for (let cut = 0; cut <= text.length; cut++) expect(parseInPieces(text, [cut])).toEqual(whole);
    const crlf = text.indexOf('\r\n');
    expect(parseInPieces(text, [crlf + 1])).toEqual(whole);
  });

  it('in many pieces of random sizes, empty ones included', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let trial = 0; trial < 200; trial++) {
      const cuts: number[] = [];
      for (let at = 0; at < text.length;) {
        at = Math.min(text.length, at + Math.floor(random() * 12));
        cuts.push(at);
      }
      expect(parseInPieces(text, cuts)).toEqual(whole);
    }
    // One character a piece.
    expect(
      parseInPieces(
        text,
        Array.from({ length: text.length }, (_, i) => i),
      ),
    ).toEqual(whole);
  });

  it('a line at a time, as lines without their line feeds', () => {
    const parser = new BenchmarkParser('in.txt');
    for (const line of text.split('\n')) parser.line(line);
    expect(parser.end()).toEqual(whole);
  });

  it('reads the last line without a line feed, and a text that ends in one the same', () => {
    expect(parseInPieces('BenchmarkX 1 10 ns/op', [5]).results).toHaveLength(1);
    expect(parseInPieces('BenchmarkX 1 10 ns/op\r', [21]).results).toHaveLength(1);
    expect(parseInPieces('BenchmarkX 1 10 ns/op\n', [21])).toEqual(
      parseBenchmarks('BenchmarkX 1 10 ns/op\n', 'in.txt'),
    );
    expect(parseInPieces('', [])).toEqual(parseBenchmarks('', 'in.txt'));
  });

  it('hands each result to onResult instead of keeping it', () => {
    const seen: string[] = [];
    const parser = new BenchmarkParser('in.txt', new Map(), (r) =>
      seen.push(`${r.name}:${r.line}`),
    );
    parser.push(text.slice(0, 100));
    parser.push(text.slice(100));
    const f = parser.end();
    expect(f.results).toEqual([]);
    expect(seen).toEqual(whole.results.map((r) => `${r.name}:${r.line}`));
    expect(f.warnings).toEqual(whole.warnings);
  });
});

describe('benchmark names', () => {
  it('splits sub-benchmarks, key=value parts and the GOMAXPROCS suffix', () => {
    expect(nameParts('Encode/size=1K/gzip-8')).toEqual({
      base: 'Encode',
      parts: [{ key: 'size', value: '1K' }, { value: 'gzip' }],
      gomaxprocs: 8,
    });
    expect(nameParts('Plain')).toEqual({ base: 'Plain', parts: [] });
    expect(nameParts('Dash-')).toEqual({ base: 'Dash-', parts: [] });
    expect(nameParts('Sub/n=-1')).toEqual({
      base: 'Sub',
      parts: [{ key: 'n', value: '' }],
      gomaxprocs: 1,
    });
  });
});

describe('units', () => {
  it('tidies like benchstat: ns to sec and MB to B in the numerator only', () => {
    expect(tidyUnit('ns/op')).toEqual({ unit: 'sec/op', factor: 1e-9 });
    expect(tidyUnit('x-ns/op')).toEqual({ unit: 'x-sec/op', factor: 1e-9 });
    expect(tidyUnit('MB/s')).toEqual({ unit: 'B/s', factor: 1e6 });
    expect(tidyUnit('MB*MB/s')).toEqual({ unit: 'B*B/s', factor: 1e12 });
    expect(tidyUnit('MB/MB')).toEqual({ unit: 'B/MB', factor: 1e6 });
    expect(tidyUnit('op/ns')).toEqual({ unit: 'op/ns', factor: 1 });
    expect(tidyUnit('p99-ns/req')).toEqual({ unit: 'p99-sec/req', factor: 1e-9 });
  });

  it('knows which way is better for the testing package units only', () => {
    expect(defaultBetter('sec/op')).toBe('lower');
    expect(defaultBetter('B/op')).toBe('lower');
    expect(defaultBetter('allocs/op')).toBe('lower');
    expect(defaultBetter('B/s')).toBe('higher');
    expect(defaultBetter('items/op')).toBeUndefined();
  });
});

describe('the head is untrusted: values the parser refuses', () => {
  it('refuses non-finite and negative values as malformed lines with their line number', () => {
    const text = [
      'pkg: example.com/p',
      'BenchmarkOK-2 10 5 ns/op',
      'BenchmarkHuge-2 10 1e400 ns/op',
      'BenchmarkNeg-2 10 -5 ns/op',
      'BenchmarkNegZero-2 10 -0 ns/op',
      'BenchmarkScaled-2 10 1e303 MB/s',
      'BenchmarkIters-2 1' + '0'.repeat(400) + ' 5 ns/op',
      'BenchmarkLater-2 10 5 ns/op -1 B/op',
    ].join('\n');
    const f = parseBenchmarks(text, 'head');
    expect(f.results.map((r) => r.name)).toEqual(['OK-2']);
    expect(f.warnings.map((w) => [w.line, w.benchmark, w.pkg])).toEqual([
      [3, 'Huge-2', 'example.com/p'],
      [4, 'Neg-2', 'example.com/p'],
      [5, 'NegZero-2', 'example.com/p'],
      [6, 'Scaled-2', 'example.com/p'],
      [7, 'Iters-2', 'example.com/p'],
      [8, 'Later-2', 'example.com/p'],
    ]);
    expect(f.warnings[0]!.message).toBe("parsing measurement '1e400': not a finite number");
    expect(f.warnings[1]!.message).toBe("parsing measurement '-5': negative");
    expect(f.warnings[3]!.message).toBe("measurement '1e303 MB/s' is not finite in B/s");
    expect(f.warnings[4]!.message).toContain('iteration count');
    expect(f.warnings[5]!.message).toBe("parsing measurement '-1': negative");
  });
});
