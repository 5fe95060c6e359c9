/**
 * What a benchmark run will do, as data: the test binary's arguments, how a run is pinned, the
 * interleaved order of runs, and the time budget that may cut rounds. No processes here.
 */
import { sumDurationParts } from '../../runner/duration.js';

export interface BenchRunSettings {
  /** -test.bench regular expression. */
  pattern: string;
  /** -test.benchtime: a Go duration ("500ms") or an iteration count ("100x"). */
  benchtime: string;
  /** Runs per side. */
  count: number;
  gomaxprocs?: number;
  /** CPUs for taskset -c ("0", "2-3", "0,2"). */
  cpuList?: string;
  /** Bound on the whole run, builds included. */
  timeBudgetMs?: number;
}

const GO_DURATION_PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/y;
const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/**
 * A Go duration as -test.benchtime takes it ("1h30m", "90s", "250ms", "500us") or a plain number
 * of seconds, in milliseconds. Go's units (ns, us) are not the suite's input format, which
 * runner/duration.ts reads.
 */
export function parseDuration(text: string): number | undefined {
  const s = text.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s) * 1000;
  if (s === '' || s === '0') return s === '0' ? 0 : undefined;
  return sumDurationParts(s, GO_DURATION_PART, UNIT_MS);
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)}s`;
  const m = Math.floor(s / 60);
  return `${m}m${Math.round(s - m * 60)}s`;
}

export function isValidBenchtime(text: string): boolean {
  if (/^\d+x$/.test(text)) return true;
  if (/^\d+(\.\d+)?$/.test(text)) return false; // Go wants a unit
  const ms = parseDuration(text);
  return ms !== undefined && ms > 0;
}

export function isValidCpuList(text: string): boolean {
  return /^\d+(-\d+)?(,\d+(-\d+)?)*$/.test(text);
}

/** Arguments for one run of a compiled test binary: benchmarks only, once, with allocations. */
export function benchArgs(s: Pick<BenchRunSettings, 'pattern' | 'benchtime'>): string[] {
  return [
    '-test.run=^$',
    `-test.bench=${s.pattern}`,
    `-test.benchtime=${s.benchtime}`,
    '-test.benchmem',
    '-test.count=1',
  ];
}

export interface Invocation {
  file: string;
  args: string[];
  env: Record<string, string>;
}

/** How to start a binary under the run's settings; `taskset` is its path when pinning is possible. */
export function invocation(
  binary: string,
  args: string[],
  s: Pick<BenchRunSettings, 'gomaxprocs' | 'cpuList'>,
  taskset?: string,
): Invocation {
  const env: Record<string, string> = {};
  if (s.gomaxprocs !== undefined) env.GOMAXPROCS = String(s.gomaxprocs);
  if (s.cpuList && taskset) return { file: taskset, args: ['-c', s.cpuList, binary, ...args], env };
  return { file: binary, args, env };
}

export type Side = 'base' | 'head';

/** The time budget: before each round, is there time for another one as long as the longest so far? */
export class Budget {
  private readonly start: number;
  private longestRound = 0;

  constructor(
    readonly limitMs: number | undefined,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.start = now();
  }

  elapsed(): number {
    return this.now() - this.start;
  }

  remaining(): number {
    return this.limitMs === undefined ? Infinity : this.limitMs - this.elapsed();
  }

  recordRound(ms: number): void {
    this.longestRound = Math.max(this.longestRound, ms);
  }

  /** The first round always starts if any time is left; later ones only if they should fit. */
  roomForRound(): boolean {
    const left = this.remaining();
    return left > 0 && left >= this.longestRound;
  }

  estimateRound(): number {
    return this.longestRound;
  }
}

/** A file name for a package's test binary: readable, unique per import path, no separators. */
export function binaryName(importPath: string, suffix = '.test'): string {
  const safe = importPath.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._-]+/, '');
  let h = 0;
  for (const c of importPath) h = (Math.imul(h, 31) + c.charCodeAt(0)) >>> 0;
  return `${safe.slice(-60)}-${h.toString(16)}${suffix}`;
}
