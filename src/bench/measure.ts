/**
 * The measured rounds of bench-gate: each side's benchmark output as a file (files mode) or the
 * text of interleaved Go benchmark runs or HTTP latency runs in the base's git worktree and the
 * head's checkout, with what the profiled round needs afterwards.
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readSync,
  realpathSync,
  writeFileSync,
  openSync,
  closeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { UserError } from '../runner/errors.js';
import type { RunnerIO } from '../runner/io.js';
import type { BenchGateConfig } from './config.js';
import { runHttpLatency } from './latency/run.js';
import type { BinaryAt } from './profile/run.js';
import { addWorktree, findMergeBase, pathInRepo, removeWorktree, repoRoot } from './run/git.js';
import { runGoBenchmarks } from './run/interleave.js';
import type { Side } from './run/plan.js';

/** One side's benchmark output: a file (files mode), or the text the runs printed. */
export type SideOutput = { path: string } | { text: string };

export interface Measured {
  base: SideOutput;
  head: SideOutput;
  subject: string;
  notes: string[];
  warnings: string[];
  /** What the time budget cut: shown as an annotation as well as in the report. */
  cut?: string;
  /** What the profiled round needs: the binaries, the budget left, each side's module folder. */
  session?: {
    binaries: Map<string, Partial<Record<Side, BinaryAt>>>;
    remainingMs: () => number;
    roots: Record<Side, string>;
    taskset?: string;
  };
  /** Removes the base's worktree once the profiled round is done. */
  cleanup?: () => Promise<void>;
}

function which(program: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const p = join(dir, program);
    if (dir && existsSync(p)) return p;
  }
  return undefined;
}

export function runnerTemp(): string {
  const base = process.env.RUNNER_TEMP || tmpdir();
  mkdirSync(base, { recursive: true });
  return mkdtempSync(join(base, 'bench-gate-'));
}

function sideFile(path: string, input: string): SideOutput {
  if (!existsSync(path)) throw new UserError(`${input} ${path} does not exist`);
  return { path };
}

/** Kept in the data folder, so the artifact and the base-output/head-output outputs have it. */
export function keepSide(side: SideOutput, to: string): void {
  if ('path' in side) copyFileSync(side.path, to);
  else writeFileSync(to, side.text);
}

/** A file's text a piece at a time, so a 100 MB file is never held whole. */
export function* textChunks(path: string): Generator<string> {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(1 << 14);
    const decoder = new StringDecoder('utf8');
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) break;
      yield decoder.write(buffer.subarray(0, n));
    }
    const rest = decoder.end();
    if (rest) yield rest;
  } finally {
    closeSync(fd);
  }
}

export async function measure(cfg: BenchGateConfig, io: RunnerIO): Promise<Measured> {
  if (cfg.mode === 'files') {
    return {
      base: sideFile(cfg.baseFile!, 'base-file'),
      head: sideFile(cfg.headFile!, 'head-file'),
      subject: 'Compared two result files',
      notes: [`base: ${cfg.baseFile}`, `head: ${cfg.headFile}`],
      warnings: [],
    };
  }
  const headDir = realpathSync(cfg.workingDirectory);
  const root = await repoRoot(headDir);
  const baseRef = cfg.baseRef || (process.env.GITHUB_BASE_REF ? process.env.GITHUB_BASE_REF : '');
  if (!baseRef)
    throw new UserError(
      "Input 'base-ref': not a pull request, so set base-ref to the branch or commit to compare with",
    );
  const commits = await findMergeBase(root, baseRef);
  const work = runnerTemp();
  const worktree = join(work, 'base-src');
  let taskset: string | undefined;
  const warnings: string[] = [];
  if (cfg.settings.cpuList) {
    taskset = which('taskset');
    if (!taskset) warnings.push('cpu-list is set but taskset is not installed: running unpinned');
  }
  io.info(
    `base: merge base ${commits.mergeBase.slice(0, 12)} of ${baseRef}; head: ${commits.head.slice(0, 12)}`,
  );
  await addWorktree(root, worktree, commits.mergeBase);
  const cleanup = () => removeWorktree(root, worktree);
  try {
    const baseDir = join(worktree, pathInRepo(root, headDir));
    const roots = { base: worktree, head: root };
    const log = (m: string) => io.info(m);
    const commitsNote = `base is ${commits.mergeBase.slice(0, 12)} (merge base with ${baseRef}), head is ${commits.head.slice(0, 12)}`;
    if (cfg.mode === 'go') {
      const r = await runGoBenchmarks({
        settings: cfg.settings,
        patterns: cfg.packages,
        headDir,
        baseDir,
        workDir: join(work, 'bin'),
        ...(taskset ? { taskset } : {}),
        log,
      });
      return {
        base: { text: r.base.text },
        head: { text: r.head.text },
        subject: `Go benchmarks, ${r.rounds} interleaved run${r.rounds === 1 ? '' : 's'} a side`,
        notes: [commitsNote, ...r.notes],
        warnings: [...warnings, ...r.warnings],
        ...(r.cut ? { cut: r.cut } : {}),
        session: {
          binaries: r.binaries,
          remainingMs: r.remainingMs,
          roots,
          ...(taskset ? { taskset } : {}),
        },
        cleanup,
      };
    }
    const r = await runHttpLatency({
      count: cfg.settings.count,
      ...(cfg.settings.timeBudgetMs !== undefined
        ? { timeBudgetMs: cfg.settings.timeBudgetMs }
        : {}),
      ...(cfg.settings.gomaxprocs !== undefined ? { gomaxprocs: cfg.settings.gomaxprocs } : {}),
      ...(cfg.settings.cpuList && taskset ? { cpuList: cfg.settings.cpuList, taskset } : {}),
      http: cfg.http!,
      headDir,
      baseDir,
      workDir: join(work, 'bin'),
      log,
    });
    return {
      base: { text: r.base.text },
      head: { text: r.head.text },
      subject: `HTTP latency of ${cfg.http!.pkg} ${cfg.http!.path}, ${r.rounds} interleaved round${r.rounds === 1 ? '' : 's'} a side`,
      notes: [commitsNote, ...r.notes],
      warnings: [...warnings, ...r.warnings],
      ...(r.cut ? { cut: r.cut } : {}),
      session: {
        binaries: new Map([['', { base: r.servers.base, head: r.servers.head }]]),
        remainingMs: r.remainingMs,
        roots,
        ...(taskset ? { taskset } : {}),
      },
      cleanup,
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}
