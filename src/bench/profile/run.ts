/**
 * The profiled round: each planned benchmark runs once a side with its profile flag (the measured
 * rounds' settings, pinning and GOMAXPROCS), then the installed Go's `go tool pprof` reads the two
 * profiles (each side's top, the head's and base's lines, and `-diff_base`), and the tops become
 * per-op figures. The profiles and the test binaries that read them are kept in the data folder.
 */
import { copyFileSync, existsSync, linkSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { runProcess, tail } from '../../runner/process.js';
import { formatDuration, invocation, type BenchRunSettings, type Side } from '../run/plan.js';
import { attribute, harnessMatcher, type Attribution } from './attribute.js';
import { profileArgs, type ProfileAnalysis, type ProfileJob } from './plan.js';
import {
  INDEX_UNIT,
  parsePprofTop,
  parsePprofTraces,
  pprofTopArgs,
  pprofTracesArgs,
  type PprofTop,
  type PprofTraces,
} from './pprof.js';

export interface BinaryAt {
  binary: string;
  /** The package folder the binary runs in (as in the measured rounds). */
  dir: string;
}

export interface ProfileRunInput {
  jobs: ProfileJob[];
  /** Test binaries by import path. */
  binaries: Map<string, Partial<Record<Side, BinaryAt>>>;
  settings: Pick<BenchRunSettings, 'benchtime' | 'gomaxprocs' | 'cpuList'>;
  taskset?: string;
  /** Milliseconds left of the time budget (Infinity for none). */
  remainingMs: () => number;
  /** Where profiles and binaries are kept (the uploaded data). */
  dataDir: string;
  /** Module folders of each side, cut from file paths. */
  roots: Record<Side, string>;
  /** Rows per section. */
  limit?: number;
  log?: (message: string) => void;
}

export interface ProfileSection {
  job: Pick<ProfileJob, 'id' | 'pkg' | 'name' | 'kind' | 'memRate' | 'runs'>;
  analysis: ProfileAnalysis;
  attribution: Attribution;
  /** Paths relative to the data folder. */
  files: { base: string; head: string; baseBinary: string; headBinary: string; diff: string };
}

export interface ProfileOutcome {
  sections: ProfileSection[];
  /** For "How this was measured". */
  notes: string[];
  warnings: string[];
  /** Benchmarks planned but not profiled (time budget, failures): their sections say so. */
  skipped: { job: ProfileJob; why: string }[];
  ms: number;
}

/** A hard link where it can be (same file system), else a copy. */
function keep(from: string, to: string): void {
  mkdirSync(join(to, '..'), { recursive: true });
  if (existsSync(to)) return;
  try {
    linkSync(from, to);
  } catch {
    copyFileSync(from, to);
  }
}

/** Did the run print a result line of exactly this benchmark? */
export function ranBenchmark(stdout: string, name: string): boolean {
  const prefix = `Benchmark${name}`;
  return stdout
    .split('\n')
    .some((l) => l.startsWith(prefix) && /^[ \t]/.test(l.slice(prefix.length)));
}

async function goRoot(): Promise<string | undefined> {
  const r = await runProcess('go', ['env', 'GOROOT']).catch(() => undefined);
  const root = r?.code === 0 ? r.stdout.trim() : '';
  return root === '' ? undefined : root;
}

async function pprof(args: string[], cwd: string): Promise<{ text: string; error?: string }> {
  const r = await runProcess('go', args, { cwd, timeoutMs: 120_000 });
  if (r.code !== 0) return { text: r.stdout, error: tail(r.stderr || r.stdout, 3) };
  return { text: r.stdout };
}

/**
 * Reads one pair of profiles with the installed Go's pprof: each side's top (functions and lines)
 * and `-diff_base`, kept as text next to the profiles; `perOp` gives a side's metric per op from
 * its profile total (in pprof's unit).
 */
export async function analyzePair(a: {
  job: ProfileJob;
  analysis: ProfileAnalysis;
  profiles: Record<Side, string>;
  binaries: Record<Side, string>;
  dataDir: string;
  roots: Record<Side, string[]>;
  perOp: (side: Side, total: number) => number;
  limit: number;
}): Promise<ProfileSection | { warning: string }> {
  const { job, analysis } = a;
  const unit = INDEX_UNIT[analysis.index];
  const traces = (side: Side) =>
    pprof(
      pprofTracesArgs({
        index: analysis.index,
        binary: a.binaries[side],
        profile: a.profiles[side],
      }),
      a.dataDir,
    );
  const lines = (side: Side) =>
    pprof(
      pprofTopArgs({
        index: analysis.index,
        lines: true,
        binary: a.binaries[side],
        profile: a.profiles[side],
      }),
      a.dataDir,
    );
  // Independent reads, side by side. The base's lines only name functions the head no longer
  // has, which only an improvement lists.
  const [bt, ht, hl, bl, diff] = await Promise.all([
    traces('base'),
    traces('head'),
    lines('head'),
    analysis.verdict === 'improvement' ? lines('base') : Promise.resolve(undefined),
    pprof(
      pprofTopArgs({
        index: analysis.index,
        diffBase: a.profiles.base,
        binary: a.binaries.head,
        profile: a.profiles.head,
      }),
      a.dataDir,
    ),
  ]);
  for (const [side, r] of [
    ['base', bt],
    ['head', ht],
  ] as const)
    if (r.error)
      return {
        warning: `go tool pprof could not read the ${side} profile of ${job.name}: ${r.error}`,
      };
  const sides: Record<Side, { traces: PprofTraces; lines?: PprofTop }> = {
    base: {
      traces: parsePprofTraces(bt.text, unit),
      ...(bl && !bl.error ? { lines: parsePprofTop(bl.text, unit, true) } : {}),
    },
    head: {
      traces: parsePprofTraces(ht.text, unit),
      ...(!hl.error ? { lines: parsePprofTop(hl.text, unit, true) } : {}),
    },
  };
  const diffFile = join(a.profiles.head, '..', `diff.${analysis.index}.txt`);
  writeFileSync(diffFile, diff.text);
  const side = (s: Side) => {
    const t = sides[s];
    let total = 0;
    for (const tr of t.traces.traces) total += tr.value;
    return {
      traces: t.traces,
      ...(t.lines ? { lines: t.lines } : {}),
      perOp: a.perOp(s, total),
      roots: a.roots[s],
    };
  };
  const attribution = attribute(side('base'), side('head'), {
    direction: analysis.verdict === 'regression' ? 'up' : 'down',
    limit: a.limit,
    harness: harnessMatcher(job.name),
    ...(diff.error ? {} : { diff: parsePprofTop(diff.text, unit, false) }),
  });
  const rel = (p: string) => relative(a.dataDir, p);
  return {
    job: {
      id: job.id,
      pkg: job.pkg,
      name: job.name,
      kind: job.kind,
      runs: job.runs,
      ...(job.memRate !== undefined ? { memRate: job.memRate } : {}),
    },
    analysis,
    attribution,
    files: {
      base: rel(a.profiles.base),
      head: rel(a.profiles.head),
      baseBinary: rel(a.binaries.base),
      headBinary: rel(a.binaries.head),
      diff: rel(diffFile),
    },
  };
}

/** The kept copy of a side's binary in the data folder. */
export function keepBinary(dataDir: string, side: Side, binary: string): string {
  const to = join(dataDir, 'bin', side, binary.split('/').pop()!);
  keep(binary, to);
  return to;
}

/**
 * The folders cut from each side's file paths: its checkout, and GOROOT/src (standard library
 * files read as crypto/sha256/…).
 */
export async function sourceRoots(roots: Record<Side, string>): Promise<Record<Side, string[]>> {
  const root = await goRoot();
  const goSrc = root ? [join(root, 'src')] : [];
  return { base: [roots.base, ...goSrc], head: [roots.head, ...goSrc] };
}

export async function runProfiles(input: ProfileRunInput): Promise<ProfileOutcome> {
  const started = performance.now();
  const log = input.log ?? (() => {});
  const out: ProfileOutcome = { sections: [], notes: [], warnings: [], skipped: [], ms: 0 };
  if (input.jobs.length === 0) return out;
  const sources = await sourceRoots(input.roots);
  let processes = 0;
  let budgetCut: string | undefined;

  for (const job of input.jobs) {
    if (budgetCut) {
      out.skipped.push({ job, why: budgetCut });
      continue;
    }
    const left = input.remainingMs();
    if (left < job.estimateMs) {
      budgetCut = `the time budget had ${formatDuration(Math.max(0, left))} left and the profiled round needed about ${formatDuration(job.estimateMs)}`;
      out.skipped.push({ job, why: budgetCut });
      continue;
    }
    const bins = input.binaries.get(job.pkg);
    if (!bins?.base || !bins.head) {
      out.skipped.push({ job, why: 'its test binaries are not both there' });
      continue;
    }
    const dir = join(input.dataDir, 'profiles', job.id);
    mkdirSync(dir, { recursive: true });
    const prof: Record<Side, string> = {
      base: join(dir, `base.${job.kind}.prof`),
      head: join(dir, `head.${job.kind}.prof`),
    };
    const kept: Record<Side, string> = { base: '', head: '' };
    let failed: string | undefined;
    for (const side of ['base', 'head'] as const) {
      const bin = bins[side]!;
      const inv = invocation(
        bin.binary,
        profileArgs(job, input.settings, prof[side]),
        input.settings,
        input.taskset,
      );
      log(`profiling ${job.name} (${job.kind}, ${side})`);
      processes++;
      const r = await runProcess(inv.file, inv.args, {
        cwd: bin.dir,
        env: { ...process.env, ...inv.env },
        timeoutMs: input.remainingMs(),
      });
      if (r.timedOut) {
        budgetCut = `the time budget ran out during its profiled run (${side})`;
        failed = budgetCut;
        break;
      }
      if (r.code !== 0) {
        failed = `its profiled run failed on the ${side} (exit ${r.code}): ${tail(r.stdout + r.stderr, 3)}`;
        break;
      }
      if (!ranBenchmark(r.stdout, job.name)) {
        failed = `the profiled run on the ${side} did not run it (pattern ${job.pattern})`;
        break;
      }
      if (!existsSync(prof[side])) {
        failed = `the profiled run on the ${side} wrote no profile`;
        break;
      }
      kept[side] = keepBinary(input.dataDir, side, bin.binary);
    }
    if (failed) {
      out.skipped.push({ job, why: failed });
      if (!failed.startsWith('the time budget'))
        out.warnings.push(`profile of ${job.name}: ${failed}`);
      continue;
    }

    for (const analysis of job.analyses) {
      const r = await analyzePair({
        job,
        analysis,
        profiles: prof,
        binaries: kept,
        dataDir: input.dataDir,
        roots: sources,
        perOp: (side) => analysis.perOp[side],
        limit: input.limit ?? 10,
      });
      if ('warning' in r) out.warnings.push(r.warning);
      else out.sections.push(r);
    }
  }
  out.ms = performance.now() - started;
  const profiled = new Set(out.sections.map((s) => s.job.id)).size;
  out.notes.push(
    `profiled round after the measured ones: ${profiled} of ${input.jobs.length} benchmark profile${input.jobs.length === 1 ? '' : 's'} (${processes} test binary run${processes === 1 ? '' : 's'}, same -test.benchtime=${input.settings.benchtime}${input.settings.gomaxprocs !== undefined ? ` and GOMAXPROCS=${input.settings.gomaxprocs}` : ''}) and go tool pprof in ${formatDuration(out.ms)}`,
  );
  if (budgetCut)
    out.notes.push(
      `profiling skipped for ${out.skipped.length} benchmark profile(s): ${budgetCut}`,
    );
  return out;
}
