/**
 * Go mode: build each side's test binaries once, then run them base, head, base, head, … so the
 * machine's drift lands on both sides alike. Returns the raw benchmark output of each side and
 * notes that say what ran and what the time budget cut.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../../runner/errors.js';
import { buildTestBinary, listBenchPackages, type GoPackage } from './go.js';
import {
  Budget,
  benchArgs,
  binaryName,
  formatDuration,
  invocation,
  type BenchRunSettings,
  type Side,
} from './plan.js';
import { runProcess, tail } from '../../runner/process.js';

export interface GoRunInput {
  settings: BenchRunSettings;
  /** Package patterns, as given to go list (./..., ./pkg/x). */
  patterns: string[];
  headDir: string;
  baseDir: string;
  /** Where binaries go. */
  workDir: string;
  /** Path of taskset when CPU pinning was asked for and is available. */
  taskset?: string;
  log?: (message: string) => void;
}

export interface SideOutput {
  text: string;
  runs: number;
}

export interface GoRunOutcome {
  base: SideOutput;
  head: SideOutput;
  rounds: number;
  /** What the time budget cut, if anything. */
  cut?: string;
  notes: string[];
  warnings: string[];
  /** Each package's test binaries and where they ran, for the profiled round. */
  binaries: Map<string, Partial<Record<Side, { binary: string; dir: string }>>>;
  /** Milliseconds left of the time budget now (Infinity without one). */
  remainingMs: () => number;
}

interface Target {
  importPath: string;
  head: { binary: string; dir: string };
  base?: { binary: string; dir: string };
}

export async function runGoBenchmarks(input: GoRunInput): Promise<GoRunOutcome> {
  const { settings } = input;
  const log = input.log ?? (() => {});
  const budget = new Budget(settings.timeBudgetMs);
  const notes: string[] = [];
  const warnings: string[] = [];

  const headList = await listBenchPackages(input.headDir, input.patterns);
  if (headList.packages.length === 0)
    throw new UserError(
      `no package matching '${input.patterns.join(' ')}' has benchmarks (func BenchmarkX(b *testing.B) in a _test.go file)`,
    );
  warnings.push(...headList.warnings.map((w) => `head: ${w}`));
  const baseList = await listBenchPackages(input.baseDir, input.patterns).catch((err: unknown) => {
    warnings.push(`base: ${err instanceof Error ? err.message : String(err)}`);
    return { packages: [] as GoPackage[], warnings: [] };
  });
  warnings.push(...baseList.warnings.map((w) => `base: ${w}`));
  const baseByPath = new Map(baseList.packages.map((p) => [p.importPath, p]));

  const buildStart = budget.elapsed();
  const targets: Target[] = [];
  for (const side of ['head', 'base'] as const)
    mkdirSync(join(input.workDir, side), { recursive: true });
  for (const pkg of headList.packages) {
    const head = { binary: join(input.workDir, 'head', binaryName(pkg.importPath)), dir: pkg.dir };
    log(`building ${pkg.importPath} (head)`);
    const hb = await buildTestBinary(
      input.headDir,
      pkg.importPath,
      head.binary,
      budget.remaining(),
    );
    if (hb.timedOut)
      throw new UserError(
        `the time budget ran out while building ${pkg.importPath}: raise time-budget`,
      );
    if (hb.code !== 0)
      throw new UserError(`go test -c ${pkg.importPath} failed on the head: ${tail(hb.stderr, 8)}`);
    const target: Target = { importPath: pkg.importPath, head };
    const basePkg = baseByPath.get(pkg.importPath);
    if (basePkg) {
      const base = {
        binary: join(input.workDir, 'base', binaryName(pkg.importPath)),
        dir: basePkg.dir,
      };
      log(`building ${pkg.importPath} (base)`);
      const bb = await buildTestBinary(
        input.baseDir,
        pkg.importPath,
        base.binary,
        budget.remaining(),
      );
      if (bb.timedOut)
        throw new UserError(
          `the time budget ran out while building ${pkg.importPath} (base): raise time-budget`,
        );
      if (bb.code === 0) target.base = base;
      else
        warnings.push(
          `base of ${pkg.importPath} does not build, so it is not compared: ${tail(bb.stderr, 3)}`,
        );
    } else {
      warnings.push(
        `${pkg.importPath} has no benchmarks on the base: its results are shown as new`,
      );
    }
    targets.push(target);
  }
  notes.push(
    `built ${targets.length} test binar${targets.length === 1 ? 'y' : 'ies'} a side with go test -c in ${formatDuration(budget.elapsed() - buildStart)}`,
  );

  const args = benchArgs(settings);
  const out: Record<Side, string[]> = { base: [], head: [] };
  const runs: Record<Side, number> = { base: 0, head: 0 };
  let rounds = 0;
  let cut: string | undefined;

  const runOne = async (binary: string, dir: string) => {
    const inv = invocation(binary, args, settings, input.taskset);
    return runProcess(inv.file, inv.args, {
      cwd: dir,
      env: { ...process.env, ...inv.env },
      timeoutMs: budget.remaining(),
    });
  };

  roundLoop: for (let round = 1; round <= settings.count; round++) {
    if (!budget.roomForRound()) {
      cut = `the time budget of ${formatDuration(settings.timeBudgetMs!)} cut rounds ${round}–${settings.count} (a round took up to ${formatDuration(budget.estimateRound())}, ${formatDuration(Math.max(0, budget.remaining()))} were left)`;
      break;
    }
    const roundStart = budget.elapsed();
    log(`round ${round}/${settings.count}`);
    for (const t of targets) {
      const pending: [Side, string][] = [];
      for (const side of ['base', 'head'] as const) {
        const bin = side === 'base' ? t.base : t.head;
        if (!bin) continue;
        const r = await runOne(bin.binary, bin.dir);
        if (r.timedOut) {
          cut = `the time budget of ${formatDuration(settings.timeBudgetMs!)} ran out in round ${round} (${side} of ${t.importPath}): that round's unpaired results and rounds ${round + 1}–${settings.count} were cut`;
          break roundLoop;
        }
        if (r.code !== 0) {
          const why = tail(r.stdout + r.stderr, 10);
          if (side === 'head')
            throw new UserError(
              `the benchmarks of ${t.importPath} failed on the head (exit ${r.code}): ${why}`,
            );
          warnings.push(
            `the benchmarks of ${t.importPath} failed on the base (exit ${r.code}), so it is not compared: ${tail(why, 3)}`,
          );
          delete t.base;
          continue;
        }
        pending.push([side, r.stdout]);
      }
      // Commit a package's round only once both sides ran, so a cut never leaves one side ahead.
      for (const [side, text] of pending) {
        out[side].push(text);
        runs[side]++;
      }
    }
    rounds = round;
    budget.recordRound(budget.elapsed() - roundStart);
  }

  const pin = settings.cpuList
    ? input.taskset
      ? `, pinned to CPUs ${settings.cpuList} with taskset`
      : ''
    : '';
  const procs = settings.gomaxprocs !== undefined ? `, GOMAXPROCS=${settings.gomaxprocs}` : '';
  notes.push(
    `ran ${rounds} round${rounds === 1 ? '' : 's'} of base and head interleaved (-test.bench=${settings.pattern} -test.benchtime=${settings.benchtime} -test.benchmem${procs}${pin})`,
  );
  if (cut) notes.push(cut);
  notes.push(`total time ${formatDuration(budget.elapsed())}`);
  if (rounds === 0)
    throw new UserError(
      `no benchmark round finished within the time budget of ${formatDuration(settings.timeBudgetMs ?? 0)}: raise time-budget or lower benchtime`,
    );
  const binaries: GoRunOutcome['binaries'] = new Map();
  for (const t of targets)
    binaries.set(t.importPath, { head: t.head, ...(t.base ? { base: t.base } : {}) });
  return {
    base: { text: out.base.join(''), runs: runs.base },
    head: { text: out.head.join(''), runs: runs.head },
    rounds,
    notes,
    warnings,
    binaries,
    remainingMs: () => budget.remaining(),
    ...(cut ? { cut } : {}),
  };
}
