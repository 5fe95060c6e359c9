/**
 * The profiled round's pure parts: reading what Go 1.19's `go tool pprof -top` printed (real
 * output, captured by fixtures/pprof/make.sh from fixtures/pprof/prog, whose head makes mixRounds do
 * 8 times the work and buildIndex allocate a map per key), attributing it per op, and planning
 * which benchmark gets which profile with which arguments.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateGate } from '../../src/bench/compare/gate.js';
import { defaultPolicy } from '../../src/bench/compare/policy.js';
import { parseBenchmarks } from '../../src/bench/format/parse.js';
import { attribute, harnessMatcher, shortPath } from '../../src/bench/profile/attribute.js';
import {
  MAX_PROFILED,
  benchPattern,
  planProfiles,
  profileArgs,
  quoteMeta,
} from '../../src/bench/profile/plan.js';
import {
  parsePprofTop,
  parsePprofTraces,
  pprofTopArgs,
  pprofTracesArgs,
  shortenFunctionName,
  type PprofTraces,
} from '../../src/bench/profile/pprof.js';

const PPROF = join(import.meta.dirname, 'fixtures', 'pprof');
const fixture = (name: string) => readFileSync(join(PPROF, `${name}.txt`), 'utf8');
const ROOTS = {
  base: ['/tmp/winship-pprof-fixture/base', '/usr/lib/go-1.19/src'],
  head: ['/tmp/winship-pprof-fixture/head', '/usr/lib/go-1.19/src'],
};

describe('reading go tool pprof -top (Go 1.19, captured)', () => {
  it('reads the header total and every row of a CPU top printed in ns', () => {
    const top = parsePprofTop(fixture('base-cpu-top'), 'ns');
    expect(top.type).toBe('cpu');
    expect(top.total).toBe(250_000_000);
    expect(top.skipped).toBe(0);
    expect(top.entries[0]).toEqual({
      name: 'crypto/sha256.block',
      flat: 170_000_000,
      cum: 170_000_000,
      inline: false,
    });
    expect(top.entries.map((e) => e.name)).toContain('example.com/profiled.mixRounds');
    // Flat values add up to the total: no row was lost.
    expect(top.entries.reduce((s, e) => s + e.flat, 0)).toBe(top.total);
  });

  it('reads negative rows of a -diff_base top, and (inline) marks', () => {
    const diff = parsePprofTop(fixture('diff-cpu-top'), 'ns');
    expect(diff.skipped).toBe(0);
    expect(diff.entries[0]!.name).toBe('example.com/profiled.mixRounds');
    expect(diff.entries.some((e) => e.flat < 0)).toBe(true);
    const objects = parsePprofTop(fixture('head-alloc-objects-top'), '');
    expect(objects.type).toBe('alloc_objects');
    expect(objects.skipped).toBe(0);
    const inline = objects.entries.find((e) => e.name === 'regexp.newQueue')!;
    expect(inline.inline).toBe(true);
    expect(objects.entries[0]!.name).toBe('example.com/profiled.buildIndex');
  });

  it('reads file and line with -lines', () => {
    const lines = parsePprofTop(fixture('head-cpu-lines'), 'ns', true);
    expect(lines.skipped).toBe(0);
    const hot = lines.entries.find((e) => e.name === 'example.com/profiled.mixRounds')!;
    expect(hot.file).toBe('/tmp/winship-pprof-fixture/head/work.go');
    expect(hot.line).toBeGreaterThan(0);
  });

  it('reads every stack of -traces, labels skipped, (inline) marks dropped', () => {
    for (const [name, unit] of [
      ['base-cpu-traces', 'ns'],
      ['head-alloc-space-traces', 'B'],
      ['head-alloc-objects-traces', ''],
    ] as const) {
      const t = parsePprofTraces(fixture(name), unit);
      expect(t.skipped, name).toBe(0);
      // One block between each pair of separator lines (the output ends with one).
      expect(t.traces.length, name).toBe(
        fixture(name)
          .split('\n')
          .filter((l) => /^-+\+-+$/.test(l)).length - 1,
      );
      for (const tr of t.traces)
        for (const fn of tr.stack) expect(fn).not.toMatch(/ \(inline\)$|^\s|bytes:/);
    }
    // The stacks add up to the -top total of the same profile.
    const cpu = parsePprofTraces(fixture('base-cpu-traces'), 'ns');
    expect(cpu.traces.reduce((s, t) => s + t.value, 0)).toBe(
      parsePprofTop(fixture('base-cpu-top'), 'ns').total,
    );
    expect(cpu.type).toBe('cpu');
    expect(pprofTracesArgs({ index: 'cpu', binary: '/b', profile: '/p' })).toEqual([
      'tool',
      'pprof',
      '-traces',
      '-sample_index=cpu',
      '-unit=ns',
      '/b',
      '/p',
    ]);
  });

  it('skips what is not a row of the asked unit, and keeps hostile names as they are', () => {
    const text = [
      'Type: cpu',
      'Showing nodes accounting for 30ms, 100% of 30ns total',
      '      flat  flat%   sum%        cum   cum%',
      '      10ns 33.33% 33.33%       10ns 33.33%  evil.example/<img src=x>.`tick`@octocat',
      '      10ms 33.33% 66.66%       10ms 33.33%  wrong.unit',
      '   1e400ns 33.33%   100%    1e400ns 33.33%  not.finite',
      'garbage line',
      '      10ns 33.33%   100%       10ns 33.33%  ',
      '      10ns 33.33%   100%       10ns 33.33%  [l](https://evil.example/) (inline)',
    ].join('\n');
    const top = parsePprofTop(text, 'ns');
    expect(top.entries.map((e) => e.name)).toEqual([
      'evil.example/<img src=x>.`tick`@octocat',
      '[l](https://evil.example/)',
    ]);
    expect(top.skipped).toBe(4);
    expect(top.total).toBe(30);
  });

  it('asks pprof for every node in the unit it reads', () => {
    expect(
      pprofTopArgs({ index: 'cpu', binary: '/d/h.test', profile: '/d/h.prof', diffBase: '/d/b' }),
    ).toEqual([
      'tool',
      'pprof',
      '-top',
      '-nodecount=1000000',
      '-nodefraction=0',
      '-edgefraction=0',
      '-sample_index=cpu',
      '-unit=ns',
      '-diff_base=/d/b',
      '/d/h.test',
      '/d/h.prof',
    ]);
    expect(
      pprofTopArgs({ index: 'alloc_objects', lines: true, binary: 'b', profile: 'p' }),
    ).not.toContain('-unit=');
  });

  it('shortens names the way pprof graph does', () => {
    expect(shortenFunctionName('github.com/winship/hello-service.buildMaps')).toBe(
      'hello-service.buildMaps',
    );
    expect(shortenFunctionName('crypto/sha256.block')).toBe('sha256.block');
    expect(shortenFunctionName('runtime.mallocgc')).toBe('runtime.mallocgc');
    expect(shortenFunctionName('testing.(*B).runN')).toBe('testing.(*B).runN');
    expect(shortenFunctionName('example.com/mod/v2/pkg.(*T).Do')).toBe('pkg.(*T).Do');
    expect(shortenFunctionName('example.com/mod/v3.F')).toBe('mod.F');
  });
});

describe('attribution per op', () => {
  const side = (s: 'base' | 'head', kind: string, perOp: number, unit: 'ns' | 'B' | '') => ({
    traces: parsePprofTraces(fixture(`${s}-${kind}-traces`), unit),
    ...(kind === 'cpu' ? { lines: parsePprofTop(fixture(`${s}-cpu-lines`), unit, true) } : {}),
    perOp,
    roots: ROOTS[s],
  });
  const harness = harnessMatcher('Digest-2');

  it('puts the function that got slower first, with base, head and delta per op and its line', () => {
    const base = side('base', 'cpu', 10e-6, 'ns');
    const a = attribute(base, side('head', 'cpu', 45e-6, 'ns'), {
      direction: 'up',
      limit: 10,
      harness,
      diff: parsePprofTop(fixture('diff-cpu-top'), 'ns'),
    });
    expect(a.warnings).toEqual([]);
    const first = a.rows[0]!;
    expect(first.short).toBe('profiled.mixRounds');
    expect(first.source).toMatch(/^work\.go:\d+$/);
    // base: its share of the base profile times the base's 10µs.
    const top = parsePprofTop(fixture('base-cpu-top'), 'ns');
    const mix = top.entries.find((e) => e.name === 'example.com/profiled.mixRounds')!;
    expect(first.base.flat).toBeCloseTo((mix.flat / top.total!) * 10e-6, 12);
    expect(first.base.cum).toBeCloseTo((mix.cum / top.total!) * 10e-6, 12);
    expect(first.delta.flat).toBeCloseTo(first.head.flat - first.base.flat, 15);
    expect(first.delta.flat).toBeGreaterThan(20e-6);
    // Digest passes the change on to mixRounds: it ranks below it; the harness is not ranked by
    // its cumulative change (every sample goes through it).
    const names = a.rows.map((r) => r.short);
    expect(names.indexOf('profiled.Digest')).not.toBe(0);
    expect(names).not.toContain('testing.(*B).runN');
    for (const r of a.rows) expect(r.score).toBeGreaterThan(0);
  });

  it('puts the allocating function first for allocs/op and B/op', () => {
    for (const [kind, unit] of [
      ['alloc-objects', ''],
      ['alloc-space', 'B'],
    ] as const) {
      const a = attribute(side('base', kind, 3, unit), side('head', kind, 64, unit), {
        direction: 'up',
        limit: 10,
        harness: harnessMatcher('Index-2'),
      });
      expect(a.rows[0]!.name, kind).toBe('example.com/profiled.buildIndex');
      expect(a.rows[0]!.head.flat).toBeGreaterThan(60);
    }
  });

  const traces = (list: [number, string][]): PprofTraces => ({
    traces: list.map(([value, s]) => ({ value, stack: s.split(' ') })),
    skipped: 0,
  });
  const bench = 'testing.(*B).runN p.BenchmarkX.func1';

  it('ranks a function whose own work grew by its cumulative change, before its callee', () => {
    // F's own code got slower (its callee S only a little): F ranks by its cumulative change.
    const before = traces([
      [90, `p.S p.F ${bench}`],
      [10, `p.F ${bench}`],
    ]);
    const after = traces([
      [95, `p.S p.F ${bench}`],
      [25, `p.F ${bench}`],
      [10, `p.BenchmarkX.func1 testing.(*B).runN`],
    ]);
    const a = attribute(
      { traces: before, perOp: 100, roots: [] },
      { traces: after, perOp: 130, roots: [] },
      { direction: 'up', limit: 10, harness: harnessMatcher('X-2') },
    );
    expect(a.rows.map((r) => r.name)).toEqual(['p.F', 'p.BenchmarkX.func1', 'p.S']);
    expect(a.rows[0]!.delta.cum).toBeCloseTo(20, 9);
    expect(a.rows[0]!.delta.flat).toBeCloseTo(15, 9);
  });

  it('ranks a caller that only passes a change on after the callee that has it', () => {
    const before = traces([
      [50, `p.Hash p.Work ${bench}`],
      [50, `p.Other p.Work ${bench}`],
    ]);
    // Other moved too (noise): Work's change is still mostly Slow's.
    const after = traces([
      [50, `p.Hash p.Work ${bench}`],
      [52, `p.Other p.Work ${bench}`],
      [400, `p.Slow p.Work ${bench}`],
    ]);
    const a = attribute(
      { traces: before, perOp: 100, roots: [] },
      { traces: after, perOp: 502, roots: [] },
      { direction: 'up', limit: 10, harness: harnessMatcher('X-2') },
    );
    expect(a.rows[0]!.name).toBe('p.Slow');
    expect(a.rows[0]!.score).toBeCloseTo(400, 9);
    // Work's change (+402) is 400 in Slow: it ranks by the 2 left, below the floor of 0.5% of 402.
    expect(a.rows.map((r) => r.name)).toEqual(['p.Slow']);
    // Noise moving a sibling by a third of the change does not put the caller first.
    const noisy = traces([
      [50, `p.Hash p.Work ${bench}`],
      [180, `p.Other p.Work ${bench}`],
      [400, `p.Slow p.Work ${bench}`],
    ]);
    const n = attribute(
      { traces: before, perOp: 100, roots: [] },
      { traces: noisy, perOp: 630, roots: [] },
      { direction: 'up', limit: 10, harness: harnessMatcher('X-2') },
    );
    expect(n.rows.map((r) => r.name)).toEqual(['p.Slow', 'p.Other', 'p.Work']);
    const down = attribute(
      { traces: after, perOp: 502, roots: [] },
      { traces: before, perOp: 100, roots: [] },
      { direction: 'down', limit: 10, harness: harnessMatcher('X-2') },
    );
    expect(down.rows[0]!.name).toBe('p.Slow');
    expect(down.rows[0]!.delta.flat).toBeCloseTo(-400, 9);
  });

  it('says so when a side has no samples, instead of dividing by zero', () => {
    const a = attribute(
      { traces: { traces: [], skipped: 0 }, perOp: 1, roots: [] },
      side('head', 'cpu', 45e-6, 'ns'),
      { direction: 'up', limit: 10 },
    );
    expect(a.rows).toEqual([]);
    expect(a.warnings[0]).toContain('base profile has no samples');
    // A server that did no work on the base: nothing to explain there, so its cost is zero.
    const idle = attribute(
      { traces: { traces: [], skipped: 0 }, perOp: 0, roots: [] },
      side('head', 'cpu', 45e-6, 'ns'),
      { direction: 'up', limit: 10, harness },
    );
    expect(idle.rows.map((r) => r.short)).toContain('profiled.mixRounds');
    expect(idle.rows[0]!.base).toEqual({ flat: 0, cum: 0 });
  });

  it('shortens paths under a root and leaves others recognisable', () => {
    expect(shortPath('/w/repo/pkg/a.go', ['/w/repo'])).toBe('pkg/a.go');
    expect(shortPath('/home/x/go/pkg/mod/m@v1/b.go', ['/w/repo'])).toBe('…/m@v1/b.go');
  });

  it('knows the benchmark frames', () => {
    const h = harnessMatcher('Sum64String/4B-2');
    expect(h('github.com/cespare/xxhash/v2.BenchmarkSum64String.func1')).toBe(true);
    expect(h('github.com/cespare/xxhash/v2.BenchmarkSum64String')).toBe(true);
    expect(h('p_test.BenchmarkSum64String.func1.2')).toBe(true);
    expect(h('testing.(*B).runN')).toBe(true);
    expect(h('github.com/cespare/xxhash/v2.Sum64String')).toBe(false);
    expect(h('p.BenchmarkSum64StringX')).toBe(false);
  });
});

describe('planning the profiled round', () => {
  const out = (name: string, values: number[], extra = '') =>
    values.map((v) => `Benchmark${name}-2 1000 ${v} ns/op ${extra}`).join('\n');
  const steady = [100, 101, 99, 100.5, 99.5, 100.2, 99.8, 100.1];
  const gateOf = (base: string, head: string) =>
    evaluateGate(parseBenchmarks(base), parseBenchmarks(head), defaultPolicy());

  it('profiles exactly the regressions: CPU for sec/op, memory for allocs/op', () => {
    const base = `pkg: example.com/x\n${out('Slow', steady, '64 B/op 1 allocs/op')}\n${out('Alloc', steady, '64 B/op 1 allocs/op')}\n${out('Fast', steady)}\n${out('Same', steady)}`;
    const head = `pkg: example.com/x\n${out(
      'Slow',
      steady.map((v) => v * 5),
      '64 B/op 1 allocs/op',
    )}\n${out('Alloc', steady, '640 B/op 10 allocs/op')}\n${out(
      'Fast',
      steady.map((v) => v / 5),
    )}\n${out('Same', steady)}`;
    const gate = gateOf(base, head);
    const plan = planProfiles(gate, 'on-regression', { benchtime: '1000x' });
    expect(plan.jobs.map((j) => `${j.name} ${j.kind} ${j.analyses.map((a) => a.index)}`)).toEqual([
      'Slow-2 cpu cpu',
      'Alloc-2 mem alloc_space,alloc_objects',
    ]);
    const slow = plan.jobs[0]!;
    expect(slow.pattern).toBe('^BenchmarkSlow(?:-2)?$');
    expect(slow.analyses[0]!.perOp.head).toBeCloseTo(5 * slow.analyses[0]!.perOp.base, 12);
    // 1000 iterations of 10 allocations: short enough to record every allocation, in one run.
    expect(plan.jobs[1]!.memRate).toBe(1);
    expect(plan.jobs[1]!.runs).toBe(1);
    // 1000 iterations of 100-500ns are far below a second of samples: as many runs as allowed.
    expect(slow.runs).toBe(10);
    expect(planProfiles(gate, 'on-regression', { benchtime: '1s' }).jobs[0]!.runs).toBe(1);
    expect(planProfiles(gate, 'on-regression', { benchtime: '200ms' }).jobs[0]!.runs).toBe(3);

    const always = planProfiles(gate, 'always', { benchtime: '1000x' });
    expect(always.jobs.map((j) => j.name)).toEqual(['Slow-2', 'Alloc-2', 'Fast-2']);
    expect(always.jobs[2]!.analyses[0]!.verdict).toBe('improvement');
    expect(planProfiles(gate, 'never', { benchtime: '1000x' }).jobs).toEqual([]);
    // A long run samples allocations instead of recording each.
    const long = planProfiles(gate, 'on-regression', { benchtime: '10000000x' });
    expect(long.jobs[1]!.memRate).toBeUndefined();
  });

  it(`profiles at most ${MAX_PROFILED} benchmarks and says how many were left`, () => {
    const names = Array.from({ length: MAX_PROFILED + 5 }, (_, i) => `B${i}`);
    const base = names.map((n) => out(n, steady)).join('\n');
    const head = names
      .map((n) =>
        out(
          n,
          steady.map((v) => v * 3),
        ),
      )
      .join('\n');
    const plan = planProfiles(gateOf(base, head), 'on-regression', { benchtime: '1s' });
    expect(plan.jobs).toHaveLength(MAX_PROFILED);
    expect(plan.notes.join('\n')).toContain('5 more changed metric(s) were not profiled');
  });

  it('selects one benchmark per level, quoted, with the GOMAXPROCS suffix optional', () => {
    expect(benchPattern('Parse/json-8')).toBe('^BenchmarkParse$/^json(?:-8)?$');
    expect(benchPattern('Odd/a.b[c]+(d)')).toBe('^BenchmarkOdd$/^a\\.b\\[c\\]\\+\\(d\\)$');
    expect(quoteMeta('a|b^$')).toBe('a\\|b\\^\\$');
  });

  it('runs the profiled round with the measured benchtime and the profile flag', () => {
    expect(
      profileArgs({ pattern: '^BenchmarkX$', kind: 'cpu' }, { benchtime: '200ms' }, '/p/c.prof'),
    ).toEqual([
      '-test.run=^$',
      '-test.bench=^BenchmarkX$',
      '-test.benchtime=200ms',
      '-test.benchmem',
      '-test.count=1',
      '-test.cpuprofile=/p/c.prof',
    ]);
    expect(
      profileArgs(
        { pattern: 'x', kind: 'mem', memRate: 1, runs: 1 },
        { benchtime: '100x' },
        '/p/m.prof',
      ).slice(-2),
    ).toEqual(['-test.memprofile=/p/m.prof', '-test.memprofilerate=1']);
    // Short runs are repeated in the one profiled run, for enough CPU samples.
    expect(
      profileArgs({ pattern: 'x', kind: 'cpu', runs: 5 }, { benchtime: '100x' }, '/p/c.prof'),
    ).toContain('-test.count=5');
  });
});
