/**
 * The profiled round, as data: which benchmarks get a profile (the regressions; with `profile:
 * always` the improvements too), which kind (a CPU profile explains sec/op and B/s, a memory
 * profile B/op and allocs/op), the `-test.bench` pattern that selects exactly that benchmark, the
 * test binary's arguments (the measured rounds' benchtime, plus the profile flag) and what the
 * round should cost. It runs after the measured rounds, so profiling never disturbs them.
 */
import type { GateResult, RowResult } from '../compare/gate.js';
import { splitGomaxprocs } from '../format/name.js';
import { parseDuration, type BenchRunSettings } from '../run/plan.js';
import type { SampleIndex } from './pprof.js';

export type ProfileMode = 'on-regression' | 'always' | 'never';
export const PROFILE_MODES: readonly ProfileMode[] = ['on-regression', 'always', 'never'];

export type ProfileKind = 'cpu' | 'mem';
/** sec/op, B/op, allocs/op; in http mode the latency unit, and sec/req (CPU per request) once read. */
export type ProfiledMetric = string;

export interface ProfileAnalysis {
  index: SampleIndex;
  /** The metric whose per-op medians scale the profile (B/s is explained by sec/op). */
  metric: ProfiledMetric;
  perOp: { base: number; head: number };
  verdict: 'regression' | 'improvement';
  /** The gated metrics this explains, in table order. */
  units: string[];
  /** http mode: CPU time per request of a server under load, not a share of a measured metric. */
  perRequest?: boolean;
}

export interface ProfileJob {
  /** Unique and safe as a file name. */
  id: string;
  pkg: string;
  /** The benchmark as printed, without "Benchmark" (Hash-2, Parse/json-8). */
  name: string;
  kind: ProfileKind;
  /** `-test.bench` that selects exactly this benchmark. */
  pattern: string;
  /** `-test.memprofilerate`: 1 (every allocation) when the round is short enough, else Go's default. */
  memRate?: number;
  /**
   * `-test.count` of the profiled run: for a CPU profile, enough runs of the measured benchtime for
   * about a second of samples (Go samples at 100 Hz), at most MAX_PROFILE_RUNS; 1 for memory.
   */
  runs: number;
  analyses: ProfileAnalysis[];
  /** Expected wall time of both sides' runs, for the time budget. */
  estimateMs: number;
}

export interface ProfilePlan {
  jobs: ProfileJob[];
  /** What was asked for but cannot be profiled, with why. */
  notes: string[];
}

/** Recording every allocation is exact but slow: above this many per run, Go's sampling is used. */
export const EXACT_MEM_LIMIT = 2_000_000;
/** At most this many benchmarks are profiled in one run (regressions first); the rest are named. */
export const MAX_PROFILED = 20;
/** A CPU profile wants about this long a run: 100 samples at Go's 100 Hz. */
export const PROFILE_TARGET_MS = 1000;
export const MAX_PROFILE_RUNS = 10;
/** Start-up and profile writing of one test binary run, for the estimate. */
const RUN_OVERHEAD_MS = 300;

const KIND: Record<string, { kind: ProfileKind; index: SampleIndex; metric: ProfiledMetric }> = {
  'sec/op': { kind: 'cpu', index: 'cpu', metric: 'sec/op' },
  'B/s': { kind: 'cpu', index: 'cpu', metric: 'sec/op' },
  'B/op': { kind: 'mem', index: 'alloc_space', metric: 'B/op' },
  'allocs/op': { kind: 'mem', index: 'alloc_objects', metric: 'allocs/op' },
  // http mode: a server's CPU profile under the load explains its latency.
  'p50-sec/req': { kind: 'cpu', index: 'cpu', metric: 'p50-sec/req' },
  'p99-sec/req': { kind: 'cpu', index: 'cpu', metric: 'p50-sec/req' },
};

/** Go's regexp.QuoteMeta. */
export function quoteMeta(text: string): string {
  return text.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

/**
 * `-test.bench` for one benchmark as printed: one anchored, quoted element per '/' level (the
 * testing package matches level by level). The printed -N suffix is GOMAXPROCS, not part of the
 * name matched, unless GOMAXPROCS was 1 (then nothing is appended and a -N is the name's own), so
 * the last level accepts it either way.
 */
export function benchPattern(name: string): string {
  const { prefix, procs } = splitGomaxprocs(name);
  const parts = prefix.split('/');
  parts[0] = `Benchmark${parts[0]}`;
  const last = parts.length - 1;
  return parts
    .map((p, i) => `^${quoteMeta(p)}${i === last && procs !== undefined ? `(?:-${procs})?` : ''}$`)
    .join('/');
}

/** How many iterations one run does: N for `Nx`, else the benchtime over the time per op. */
export function iterationsPerRun(benchtime: string, secPerOp: number): number {
  const fixed = /^(\d+)x$/.exec(benchtime);
  if (fixed) return Number(fixed[1]);
  const ms = parseDuration(benchtime) ?? 1000;
  return secPerOp > 0 ? ms / 1000 / secPerOp : Infinity;
}

/** A run's wall time: N iterations, or the benchtime with calibration (up to about twice it). */
function runMs(benchtime: string, secPerOp: number | undefined): number {
  const fixed = /^(\d+)x$/.exec(benchtime);
  if (fixed && secPerOp !== undefined) return Number(fixed[1]) * secPerOp * 1000;
  return 2 * (parseDuration(benchtime) ?? 1000);
}

/** The test binary's arguments for one profiled run of `job` writing its profile to `file`. */
export function profileArgs(
  job: Pick<ProfileJob, 'pattern' | 'kind' | 'memRate'> & { runs?: number },
  settings: Pick<BenchRunSettings, 'benchtime'>,
  file: string,
): string[] {
  return [
    '-test.run=^$',
    `-test.bench=${job.pattern}`,
    `-test.benchtime=${settings.benchtime}`,
    '-test.benchmem',
    `-test.count=${job.runs ?? 1}`,
    ...(job.kind === 'cpu'
      ? [`-test.cpuprofile=${file}`]
      : [
          `-test.memprofile=${file}`,
          ...(job.memRate !== undefined ? [`-test.memprofilerate=${job.memRate}`] : []),
        ]),
  ];
}

function safeId(text: string): string {
  return (
    text
      .replace(/[^A-Za-z0-9._-]+/g, '_')
      .replace(/^[._-]+/, '')
      .slice(0, 60) || 'x'
  );
}

/** The profiled round for a gate's result. */
export function planProfiles(
  gate: GateResult,
  mode: ProfileMode,
  settings: Pick<BenchRunSettings, 'benchtime'>,
): ProfilePlan {
  const notes: string[] = [];
  if (mode === 'never') return { jobs: [], notes };
  const wanted = (r: RowResult) =>
    r.verdict === 'regression' || (mode === 'always' && r.verdict === 'improvement');
  const rowOf = new Map<string, RowResult>();
  for (const r of gate.rows) rowOf.set(`${r.pkg}\u0000${r.name}\u0000${r.unit}`, r);
  const jobs = new Map<string, ProfileJob>();
  const benchmarks = new Set<string>();
  let over = 0;
  const changed = [
    ...gate.rows.filter((r) => r.verdict === 'regression'),
    ...gate.rows.filter((r) => r.verdict === 'improvement'),
  ];
  for (const r of changed) {
    if (!wanted(r)) continue;
    const bench = `${r.pkg}\u0000${r.name}`;
    if (!benchmarks.has(bench)) {
      if (benchmarks.size >= MAX_PROFILED) {
        over++;
        continue;
      }
      benchmarks.add(bench);
    }
    const k = KIND[r.unit];
    if (!k) {
      notes.push(`${r.name} ${r.unit}: no profile explains this metric`);
      continue;
    }
    const metricRow = rowOf.get(`${r.pkg}\u0000${r.name}\u0000${k.metric}`);
    if (!metricRow) {
      notes.push(`${r.name} ${r.unit}: no ${k.metric} was measured to scale a profile by`);
      continue;
    }
    const key = `${r.pkg}\u0000${r.name}\u0000${k.kind}`;
    let job = jobs.get(key);
    if (!job) {
      job = {
        id: `${String(jobs.size + 1).padStart(2, '0')}-${safeId(r.name)}-${k.kind}`,
        pkg: r.pkg,
        name: r.name,
        kind: k.kind,
        pattern: benchPattern(r.name),
        analyses: [],
        runs: 1,
        estimateMs: 0,
      };
      jobs.set(key, job);
    }
    const verdict = r.verdict as ProfileAnalysis['verdict'];
    const have = job.analyses.find((a) => a.index === k.index);
    if (have) {
      have.units.push(r.unit);
      if (verdict === 'regression') have.verdict = verdict;
    } else
      job.analyses.push({
        index: k.index,
        metric: k.metric,
        perOp: { base: metricRow.base.center, head: metricRow.head.center },
        verdict,
        units: [r.unit],
      });
  }
  for (const job of jobs.values()) {
    const time = rowOf.get(`${job.pkg}\u0000${job.name}\u0000sec/op`);
    let ms = 0;
    let shortest = Infinity;
    for (const side of ['base', 'head'] as const) {
      const one = runMs(settings.benchtime, time?.[side].center);
      shortest = Math.min(shortest, one);
      ms += one;
    }
    if (job.kind === 'mem') {
      const allocs = rowOf.get(`${job.pkg}\u0000${job.name}\u0000allocs/op`);
      const perRun =
        Math.max(allocs?.base.center ?? Infinity, allocs?.head.center ?? Infinity) *
        iterationsPerRun(settings.benchtime, time?.head.center ?? 0);
      if (perRun <= EXACT_MEM_LIMIT) {
        job.memRate = 1;
        ms *= 3;
      }
    }
    // CPU samples come at 100 Hz; memory samples by bytes allocated, which one run has plenty of.
    if (job.kind === 'cpu' && shortest > 0)
      job.runs = Math.min(MAX_PROFILE_RUNS, Math.max(1, Math.ceil(PROFILE_TARGET_MS / shortest)));
    job.estimateMs = 2 * RUN_OVERHEAD_MS + ms * job.runs;
  }
  if (over > 0)
    notes.push(
      `${over} more changed metric(s) were not profiled: at most ${MAX_PROFILED} benchmarks are profiled a run`,
    );
  return { jobs: [...jobs.values()], notes };
}
