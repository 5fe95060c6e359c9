/**
 * The report's pictures and per-benchmark details: the overview counts, a Mermaid chart and an SVG
 * of every round of a changed benchmark, and the "Where the time went" table, whose function names
 * come from the head's profile and are printed like benchmark names.
 */
import { describe, expect, it } from 'vitest';
import { evaluateGate } from '../../src/bench/compare/gate.js';
import { defaultPolicy } from '../../src/bench/compare/policy.js';
import { parseBenchmarks } from '../../src/bench/format/parse.js';
import type { ProfileSection } from '../../src/bench/profile/run.js';
import { mermaidChart, seriesOf, svgChart, xmlText } from '../../src/bench/report/chart.js';
import { detailBlocks, profileSectionLines } from '../../src/bench/report/details.js';
import { renderReport } from '../../src/bench/report/markdown.js';
import { overviewLines } from '../../src/bench/report/overview.js';
import { expectNoLiveMarkup } from './markdown-check.js';

const steady = [100, 101, 99, 100.5, 99.5, 100.2, 99.8, 100.1];
const lines = (name: string, f: (v: number, i: number) => number, extra = '') =>
  steady.map((v, i) => `Benchmark${name}-2 1000 ${f(v, i)} ns/op ${extra}`).join('\n');

function gateOf(head: (v: number, i: number) => number) {
  const base = `pkg: example.com/x\n${lines('Slow', (v) => v)}\n${lines('Fast', (v) => v)}\n${lines('Same', (v) => v)}`;
  const hd = `pkg: example.com/x\n${lines('Slow', head)}\n${lines('Fast', (v) => v / 2)}\n${lines('Same', (v) => v)}`;
  return evaluateGate(parseBenchmarks(base), parseBenchmarks(hd), defaultPolicy());
}

function section(names: string[]): ProfileSection {
  return {
    job: { id: '01-Slow-2-cpu', pkg: 'example.com/x', name: 'Slow-2', kind: 'cpu', runs: 1 },
    analysis: {
      index: 'cpu',
      metric: 'sec/op',
      perOp: { base: 100e-9, head: 300e-9 },
      verdict: 'regression',
      units: ['sec/op'],
    },
    attribution: {
      rows: names.map((n, i) => ({
        name: n,
        short: n,
        source: `work.go:${10 + i}`,
        base: { flat: 10e-9, cum: 20e-9 },
        head: { flat: 110e-9 - i * 1e-9, cum: 120e-9 },
        delta: { flat: 100e-9 - i * 1e-9, cum: 100e-9 },
        score: 100e-9 - i * 1e-9,
      })),
      totals: { base: 500e7, head: 900e7 },
      warnings: [],
    },
    files: {
      base: 'profiles/01-Slow-2-cpu/base.cpu.prof',
      head: 'profiles/01-Slow-2-cpu/head.cpu.prof',
      baseBinary: 'bin/base/x.test',
      headBinary: 'bin/head/x.test',
      diff: 'profiles/01-Slow-2-cpu/diff.cpu.txt',
    },
  };
}

describe('the overview', () => {
  it('counts worse, better and same per metric, with the geomean', () => {
    const gate = gateOf((v) => v * 3);
    expect(overviewLines(gate)).toEqual([
      '| metric | worse | better | same | geomean |',
      '| --- | --- | --- | --- | --- |',
      `| \`sec/op\` | 🔴 1 | 🟢 1 | 1 | ${gate.geomeans[0]!.delta > 0 ? '+' : ''}${(100 * gate.geomeans[0]!.delta).toFixed(2)}% |`,
    ]);
  });
});

describe('charts', () => {
  it('draws every round of both sides and both medians in a Mermaid xychart', () => {
    const gate = gateOf((v) => v * 3);
    const slow = gate.rows.find((r) => r.name === 'Slow-2')!;
    const chart = mermaidChart(seriesOf(slow)!);
    expect(chart[0]).toBe('```mermaid');
    expect(chart).toContain('xychart-beta');
    const series = chart.filter((l) => l.trim().startsWith('line ['));
    expect(series).toHaveLength(4);
    for (const s of series) expect(s.split(',')).toHaveLength(steady.length);
    // Nanoseconds: the values are read in ns, the medians flat.
    expect(series[0]).toBe(`    line [${steady.join(', ')}]`);
    expect(series[1]).toBe(
      `    line [${steady.map((v) => Number((v * 3).toPrecision(4))).join(', ')}]`,
    );
    expect(chart.join('\n')).toContain('y-axis "sec/op (ns)"');
    expect(chart.at(-1)).toMatch(/^Blue: base, red: head.*95% CI: base .*ns to .*ns, head/);
    // Unchanged benchmarks have no samples kept and no chart.
    expect(seriesOf(gate.rows.find((r) => r.name === 'Same-2')!)).toBeUndefined();
  });

  it('one noisy round shows as one point, not a shift', () => {
    const gate = gateOf((v, i) => (i === 3 ? v * 10 : v * 1.5));
    const row = gate.rows.find((r) => r.name === 'Slow-2')!;
    const head = mermaidChart(seriesOf(row)!).filter((l) => l.includes('line ['))[1]!;
    const values = head
      .replace(/.*\[|\].*/g, '')
      .split(', ')
      .map(Number);
    expect(values.filter((v) => v > 500)).toHaveLength(1);
  });

  it('never puts a unit the output chose into Mermaid text', () => {
    const chart = mermaidChart({
      unit: 'x"]\n```\n<img src=x>',
      base: [1, 2],
      head: [3, 4],
      baseSummary: { center: 1.5, lo: -Infinity, hi: Infinity },
      headSummary: { center: 3.5, lo: -Infinity, hi: Infinity },
    });
    expect(chart.slice(1, -3).join('\n')).not.toMatch(/<img|```|x"\]/);
    expect(chart.join('\n')).toContain('title "value by round"');
    expect(chart.at(-1)).toContain('base unbounded');
  });

  it('writes an SVG with a dot a round, medians and CI bands, every text escaped', () => {
    const gate = gateOf((v) => v * 3);
    const slow = gate.rows.find((r) => r.name === 'Slow-2')!;
    const svg = svgChart(seriesOf(slow)!, 'evil.example/<img src=x> BenchmarkSlow-2 & "q"\u202e');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.match(/<circle /g)).toHaveLength(2 * steady.length);
    expect(svg.match(/stroke-dasharray/g)).toHaveLength(2);
    expect(svg.match(/fill-opacity="0.12"/g)).toHaveLength(2);
    expect(svg).toContain(
      'evil.example/&lt;img src=x&gt; BenchmarkSlow-2 &amp; &quot;q&quot;\\u202e',
    );
    expect(svg).not.toContain('<img');
    expect(xmlText('a\u0000b')).toBe('a\\u0000b');
  });
});

describe('where the time went', () => {
  it('lists functions with base, head and delta per op, and the command to open the profiles', () => {
    const md = profileSectionLines(section(['pkg.hot', 'pkg.warm']), 'bench-gate-data').join('\n');
    expect(md).toContain('#### Where the time went');
    expect(md).toContain(
      '| `pkg.hot` | `work.go:10` | 10.00ns | 110.0ns | **+100.0ns** | +100.0ns |',
    );
    expect(md).toContain(
      '`go tool pprof -http=: -sample_index=cpu -diff_base=profiles/01-Slow-2-cpu/base.cpu.prof bin/head/x.test profiles/01-Slow-2-cpu/head.cpu.prof`',
    );
    expect(md).toContain('500 and 900 samples');
  });

  it('prints hostile function names from the head profile as text', () => {
    const hostile = [
      'evil.example/<img src=x>.F',
      '@octocat.G',
      '[l](https://evil.example/).H',
      'tick`s.I',
      '|pipe|.J',
      '<!--.K',
      'x\n| injected | row |',
    ];
    const gate = gateOf((v) => v * 3);
    const blocks = detailBlocks({ gate, sections: [section(hostile)], skipped: [] });
    const md = renderReport(gate, {
      subject: 's',
      failOn: 'regression',
      notes: [],
      formatWarnings: [],
      overview: true,
      blocks,
    });
    expectNoLiveMarkup(md);
    expect(md).toContain('``tick`s.I``');
    expect(md).toContain('`x\\n\\| injected \\| row \\|`');
    // The section sits in the block of its benchmark, after its chart.
    const at = md.indexOf('### 🔴 `example.com/x BenchmarkSlow-2`');
    expect(at).toBeGreaterThan(0);
    expect(md.indexOf('```mermaid', at)).toBeLessThan(md.indexOf('#### Where the time went', at));
    expect(md.indexOf('### 🟢 `example.com/x BenchmarkFast-2`')).toBeGreaterThan(
      md.indexOf('#### Where the time went'),
    );
  });

  it('says why a planned profile did not run, and keeps the blocks within a comment', () => {
    const gate = gateOf((v) => v * 3);
    const blocks = detailBlocks({
      gate,
      sections: [],
      skipped: [
        {
          job: { pkg: 'example.com/x', name: 'Slow-2', kind: 'cpu' },
          why: 'the time budget had 1.0s left and the profiled round needed about 4.0s',
        },
      ],
    });
    const md = blocks.map((b) => b.lines.join('\n')).join('\n');
    expect(md).toContain('#### Where the time went');
    expect(md).toContain('Not profiled: `the time budget had 1.0s left');
    const many = Array.from({ length: 60 }, () => blocks[0]!);
    const small = renderReport(
      gate,
      { subject: 's', failOn: 'regression', notes: [], formatWarnings: [], blocks: many },
      { bytes: 20_000, name: 'a small limit' },
    );
    expect(Buffer.byteLength(small)).toBeLessThanOrEqual(20_000);
    expect(small).toMatch(/\*\d+ more changed benchmarks with charts and profiles are in/);
  });
});
