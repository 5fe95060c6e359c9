/**
 * The profiled round of the HTTP latency mode: each side's server once more, started with the
 * user's profiling flag (`http-profile-flag`, e.g. `-cpuprofile=FILE`), warmed up and driven at the
 * measured rounds' rate and duration, then stopped with SIGTERM so it writes its CPU profile. The
 * figures are CPU time per request (the profile's samples over the requests sent), read with
 * `go tool pprof` like the benchmarks' profiles.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { warmThenLoad, type HttpSettings } from '../latency/run.js';
import { startServer } from '../latency/server.js';
import { formatDuration, invocation, type BenchRunSettings, type Side } from '../run/plan.js';
import type { ProfileJob } from './plan.js';
import { analyzePair, keepBinary, sourceRoots, type BinaryAt, type ProfileOutcome } from './run.js';

export interface HttpProfileInput {
  jobs: ProfileJob[];
  servers: Partial<Record<Side, BinaryAt>>;
  http: HttpSettings;
  settings: Pick<BenchRunSettings, 'gomaxprocs' | 'cpuList'>;
  taskset?: string;
  remainingMs: () => number;
  dataDir: string;
  roots: Record<Side, string>;
  log?: (message: string) => void;
}

/** The server's arguments with the profiling flag naming `file`. */
export function profiledServerArgs(args: readonly string[], flag: string, file: string): string[] {
  return [...args, `${flag}=${file}`];
}

export async function profileHttp(input: HttpProfileInput): Promise<ProfileOutcome> {
  const started = performance.now();
  const out: ProfileOutcome = { sections: [], notes: [], warnings: [], skipped: [], ms: 0 };
  const job = input.jobs[0];
  if (!job) return out;
  const log = input.log ?? (() => {});
  const flag = input.http.profileFlag!;
  // One server run a side: warm-up, then the measured duration, plus start and stop.
  const estimateMs = 2 * (input.http.warmupMs + input.http.durationMs + 2000);
  const left = input.remainingMs();
  if (left < estimateMs) {
    const why = `the time budget had ${formatDuration(Math.max(0, left))} left and the profiled round needed about ${formatDuration(estimateMs)}`;
    out.skipped.push({ job, why });
    out.notes.push(`profiling skipped: ${why}`);
    return out;
  }
  const dir = join(input.dataDir, 'profiles', job.id);
  mkdirSync(dir, { recursive: true });
  const prof: Record<Side, string> = {
    base: join(dir, 'base.cpu.prof'),
    head: join(dir, 'head.cpu.prof'),
  };
  const kept: Record<Side, string> = { base: '', head: '' };
  const requests: Record<Side, number> = { base: 0, head: 0 };
  for (const side of ['base', 'head'] as const) {
    const bin = input.servers[side];
    if (!bin) {
      out.skipped.push({ job, why: `the ${side} server is missing` });
      return out;
    }
    const inv = invocation(
      bin.binary,
      profiledServerArgs(input.http.args, flag, prof[side]),
      input.settings,
      input.taskset,
    );
    log(`profiling the ${side} server under load`);
    const server = await startServer({
      binary: inv.file,
      args: inv.args,
      cwd: bin.dir,
      path: input.http.path,
      readyTimeoutMs: input.http.readyTimeoutMs,
      env: { ...process.env, ...inv.env },
      label: `${side} (profiled)`,
    });
    try {
      const r = await warmThenLoad(server.url, input.http);
      // The profile covers the warm-up too.
      requests[side] = r.ok + r.failed + Math.floor((input.http.warmupMs / 1000) * input.http.rate);
    } finally {
      await server.stop();
    }
    if (!existsSync(prof[side])) {
      const why = `the ${side} server wrote no profile to the file named by ${flag}: it must stop the CPU profile when it gets SIGTERM`;
      out.skipped.push({ job, why });
      out.warnings.push(`profile of ${job.name}: ${why}`);
      return out;
    }
    kept[side] = keepBinary(input.dataDir, side, bin.binary);
  }
  const sources = await sourceRoots(input.roots);
  for (const measured of job.analyses) {
    const analysis = { ...measured, metric: 'sec/req', perRequest: true };
    const r = await analyzePair({
      job,
      analysis,
      profiles: prof,
      binaries: kept,
      dataDir: input.dataDir,
      roots: sources,
      // CPU seconds per request: the profile's nanoseconds over the requests sent.
      perOp: (side, total) => (requests[side] > 0 ? (total * 1e-9) / requests[side] : 0),
      limit: 10,
    });
    if ('warning' in r) out.warnings.push(r.warning);
    else out.sections.push(r);
  }
  out.ms = performance.now() - started;
  out.notes.push(
    `profiled round after the measured ones: each server once more with ${flag}, ${formatDuration(input.http.warmupMs)} of warm-up and ${formatDuration(input.http.durationMs)} at ${input.http.rate} req/s, in ${formatDuration(out.ms)}; figures are CPU time per request`,
  );
  return out;
}
