/**
 * HTTP mode: build the base and head servers once, then per round start each in turn on
 * 127.0.0.1, warm it up, drive it at a fixed arrival rate and stop it. Every round adds one p50
 * and one p99 a side, written in the Go benchmark format so the gate compares them like any
 * benchmark (with Unit lines that say lower is better).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../../runner/errors.js';
import { buildProgram } from '../run/go.js';
import { Budget, binaryName, formatDuration, invocation, type Side } from '../run/plan.js';
import { tail } from '../../runner/process.js';
import { openModelLoad, type LoadResult } from './loadgen.js';
import { startServer } from './server.js';

export interface HttpSettings {
  /** Go main package of the server, relative to the working directory. */
  pkg: string;
  /** Server arguments; {addr} and {port} are filled in. */
  args: string[];
  path: string;
  rate: number;
  durationMs: number;
  warmupMs: number;
  readyTimeoutMs: number;
  requestTimeoutMs: number;
  /** A flag of the server that makes it write a CPU profile to the file named (http-profile-flag). */
  profileFlag?: string;
}

export interface HttpRunInput {
  count: number;
  timeBudgetMs?: number;
  gomaxprocs?: number;
  cpuList?: string;
  taskset?: string;
  http: HttpSettings;
  headDir: string;
  baseDir: string;
  workDir: string;
  log?: (message: string) => void;
}

/** The warm-up (unmeasured, when set), then the measured open-model load, against `url`. */
export async function warmThenLoad(url: string, http: HttpSettings): Promise<LoadResult> {
  const load = (durationMs: number) =>
    openModelLoad({ url, rate: http.rate, durationMs, timeoutMs: http.requestTimeoutMs });
  if (http.warmupMs > 0) await load(http.warmupMs);
  return load(http.durationMs);
}

export function benchmarkName(s: Pick<HttpSettings, 'path' | 'rate'>): string {
  const path = s.path.replace(/^\/+/, '').replace(/[/\s]+/g, '_') || 'root';
  return `HTTP/path=${path}/rate=${s.rate}`;
}

export const LATENCY_UNITS = [
  'Unit p50-ns/req better=lower',
  'Unit p99-ns/req better=lower',
  'Unit ok/req better=higher',
];

/** One round of one side as a benchmark result line. */
export function resultLine(name: string, r: LoadResult): string {
  const done = r.ok + r.failed;
  const okRatio = done === 0 ? 0 : r.ok / done;
  return `Benchmark${name} ${done} ${r.p50Ns} p50-ns/req ${r.p99Ns} p99-ns/req ${okRatio} ok/req\n`;
}

export async function runHttpLatency(input: HttpRunInput) {
  const log = input.log ?? (() => {});
  const budget = new Budget(input.timeBudgetMs);
  const notes: string[] = [];
  const warnings: string[] = [];
  const binaries: Partial<Record<Side, string>> = {};
  for (const side of ['head', 'base'] as const) {
    const dir = side === 'head' ? input.headDir : input.baseDir;
    mkdirSync(join(input.workDir, side), { recursive: true });
    const out = join(input.workDir, side, binaryName(input.http.pkg, '.server'));
    log(`building ${input.http.pkg} (${side})`);
    const b = await buildProgram(dir, input.http.pkg, out, budget.remaining());
    if (b.timedOut)
      throw new UserError(
        `the time budget ran out while building the ${side} server: raise time-budget`,
      );
    if (b.code !== 0)
      throw new UserError(`go build ${input.http.pkg} failed on the ${side}: ${tail(b.stderr, 8)}`);
    binaries[side] = out;
  }
  notes.push(
    `built the base and head servers (${input.http.pkg}) in ${formatDuration(budget.elapsed())}`,
  );

  const name = benchmarkName(input.http);
  const header = `pkg: ${input.http.pkg}\n${LATENCY_UNITS.join('\n')}\n`;
  const text: Record<Side, string> = { base: header, head: header };
  const failedTotals: Record<Side, number> = { base: 0, head: 0 };
  let late = 0;
  let rounds = 0;
  let cut: string | undefined;
  for (let round = 1; round <= input.count; round++) {
    if (!budget.roomForRound()) {
      cut = `the time budget of ${formatDuration(input.timeBudgetMs!)} cut rounds ${round}–${input.count}`;
      break;
    }
    const roundStart = budget.elapsed();
    const lines: Partial<Record<Side, string>> = {};
    for (const side of ['base', 'head'] as const) {
      const inv = invocation(binaries[side]!, input.http.args, input, input.taskset);
      log(`round ${round}/${input.count}: ${side} server`);
      const server = await startServer({
        binary: inv.file,
        args: inv.args,
        cwd: side === 'head' ? input.headDir : input.baseDir,
        path: input.http.path,
        readyTimeoutMs: input.http.readyTimeoutMs,
        env: { ...process.env, ...inv.env },
        label: side,
      });
      try {
        const r = await warmThenLoad(server.url, input.http);
        failedTotals[side] += r.failed;
        late += r.lateSends;
        if (r.failed > 0)
          warnings.push(
            `${side}, round ${round}: ${r.failed} of ${r.intended} requests failed (${Object.entries(
              r.failures,
            )
              .map(([k, v]) => `${k}×${v}`)
              .join(', ')})`,
          );
        lines[side] = resultLine(name, r);
      } finally {
        await server.stop();
      }
    }
    text.base += lines.base!;
    text.head += lines.head!;
    rounds = round;
    budget.recordRound(budget.elapsed() - roundStart);
  }
  notes.push(
    `ran ${rounds} round${rounds === 1 ? '' : 's'} of base and head in turn: open model at ${input.http.rate} req/s for ${formatDuration(input.http.durationMs)} after ${formatDuration(input.http.warmupMs)} of warm-up, latency measured from each request's intended send time`,
  );
  if (late > 0)
    warnings.push(
      `${late} requests went out more than 1 ms late (the load generator was short of CPU); their latency still counts from the intended time`,
    );
  if (cut) notes.push(cut);
  notes.push(`total time ${formatDuration(budget.elapsed())}`);
  if (rounds === 0)
    throw new UserError(`no round finished within the time budget: raise time-budget`);
  return {
    base: { text: text.base, runs: rounds },
    head: { text: text.head, runs: rounds },
    rounds,
    notes,
    warnings,
    failed: failedTotals,
    servers: {
      base: { binary: binaries.base!, dir: input.baseDir },
      head: { binary: binaries.head!, dir: input.headDir },
    },
    remainingMs: () => budget.remaining(),
    ...(cut ? { cut } : {}),
  };
}
