/**
 * The bench-gate from end to end: get both sides' benchmark output (files, Go benchmarks or HTTP
 * latency), parse, gate, report, comment, then pass or fail. The steps are listed here in order;
 * each lives in its own module.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  writeFileSync,
  openSync,
  writeSync,
  closeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { coreIO } from '../runner/core-io.js';
import { UserError } from '../runner/errors.js';
import type { RunnerIO } from '../runner/io.js';
import type { BenchGateConfig } from './config.js';
import { evaluateOutputs, type GateResult } from './compare/gate.js';
import { commentBody, commentMarker, upsertComment, type CommentsApi } from './github/comment.js';
import { octokitComments, pullRequestNumber, repoFromEnv } from './github/octokit.js';
import { runHttpLatency } from './latency/run.js';
import {
  COMMENT_LIMIT,
  describeMalformed,
  fullReport,
  describeRegression,
  headline,
  renderReport,
} from './report/markdown.js';
import { addWorktree, findMergeBase, pathInRepo, removeWorktree, repoRoot } from './run/git.js';
import { runGoBenchmarks } from './run/interleave.js';

export interface Measured {
  base: string;
  head: string;
  subject: string;
  notes: string[];
  warnings: string[];
  /** What the time budget cut: shown as an annotation as well as in the report. */
  cut?: string;
}

/** bench-gate's outputs, as declared in actions/bench-gate/action.yml. */
export const BENCH_GATE_OUTPUTS = {
  result: 'result',
  regressions: 'regressions',
  baseOutput: 'base-output',
  headOutput: 'head-output',
  reportFile: 'report-file',
} as const;

/** The pull-request comments API for a token (undefined outside a repository). Swappable in tests. */
export type CommentsSource = (token: string) => Promise<CommentsApi | undefined>;

export const githubComments: CommentsSource = async (token) => {
  const repo = repoFromEnv();
  return repo ? octokitComments(token, repo) : undefined;
};

function which(program: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const p = join(dir, program);
    if (dir && existsSync(p)) return p;
  }
  return undefined;
}

function runnerTemp(): string {
  const base = process.env.RUNNER_TEMP || tmpdir();
  mkdirSync(base, { recursive: true });
  return mkdtempSync(join(base, 'bench-gate-'));
}

function readSide(path: string, input: string): string {
  if (!existsSync(path)) throw new UserError(`${input} ${path} does not exist`);
  return readFileSync(path, 'utf8');
}

async function measure(cfg: BenchGateConfig, io: RunnerIO): Promise<Measured> {
  if (cfg.mode === 'files') {
    return {
      base: readSide(cfg.baseFile!, 'base-file'),
      head: readSide(cfg.headFile!, 'head-file'),
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
  try {
    const baseDir = join(worktree, pathInRepo(root, headDir));
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
        base: r.base.text,
        head: r.head.text,
        subject: `Go benchmarks, ${r.rounds} interleaved run${r.rounds === 1 ? '' : 's'} a side`,
        notes: [commitsNote, ...r.notes],
        warnings: [...warnings, ...r.warnings],
        ...(r.cut ? { cut: r.cut } : {}),
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
      base: r.base.text,
      head: r.head.text,
      subject: `HTTP latency of ${cfg.http!.pkg} ${cfg.http!.path}, ${r.rounds} interleaved round${r.rounds === 1 ? '' : 's'} a side`,
      notes: [commitsNote, ...r.notes],
      warnings: [...warnings, ...r.warnings],
      ...(r.cut ? { cut: r.cut } : {}),
    };
  } finally {
    await removeWorktree(root, worktree);
  }
}

export interface GateOutcome {
  gate: GateResult;
  markdown: string;
  comment?: { action: 'created' | 'updated'; id: number };
}

export async function runBenchGate(
  cfg: BenchGateConfig,
  io: RunnerIO = coreIO,
  comments: CommentsSource = githubComments,
): Promise<GateOutcome> {
  const measured = await measure(cfg, io);
  if (measured.cut) io.warning(`time-budget: ${measured.cut}`);
  const outDir = runnerTemp();
  const baseOut = join(outDir, 'base.txt');
  const headOut = join(outDir, 'head.txt');
  writeFileSync(baseOut, measured.base);
  writeFileSync(headOut, measured.head);
  io.output(BENCH_GATE_OUTPUTS.baseOutput, baseOut);
  io.output(BENCH_GATE_OUTPUTS.headOutput, headOut);

  const baseName = cfg.mode === 'files' ? cfg.baseFile! : 'base';
  const headName = cfg.mode === 'files' ? cfg.headFile! : 'head';
  const { gate, formatWarnings, results } = evaluateOutputs(
    { text: measured.base, file: baseName },
    { text: measured.head, file: headName },
    cfg.policy,
  );
  for (const w of formatWarnings.slice(0, 10))
    io.warning(`${w.file}:${w.line}: malformed benchmark line skipped: ${w.message}`);
  if (results === 0)
    throw new UserError(
      `no benchmark results in ${cfg.mode === 'files' ? 'base-file or head-file' : 'the output of either side'}: check the bench pattern and the files`,
    );

  for (const m of gate.malformed.slice(0, 10)) io.warning(describeMalformed(m));
  gate.warnings.unshift(...measured.warnings);
  if (gate.rows.length === 0)
    gate.warnings.unshift('no benchmark was measured on both sides, so nothing was compared');
  const reportFile = join(outDir, 'report.md');
  const reportCtx = {
    subject: measured.subject,
    failOn: cfg.failOn,
    notes: measured.notes,
    formatWarnings,
    fullReport: `the file named by the \`report-file\` output of this step (${reportFile})`,
  };
  const fd = openSync(reportFile, 'w');
  for (const chunk of fullReport(gate, reportCtx)) writeSync(fd, chunk);
  closeSync(fd);
  io.output(BENCH_GATE_OUTPUTS.reportFile, reportFile);
  const markdown = renderReport(gate, reportCtx);
  await io.summary(markdown);
  io.info(markdown);

  io.output(BENCH_GATE_OUTPUTS.result, gate.result);
  io.output(BENCH_GATE_OUTPUTS.regressions, JSON.stringify(gate.regressions));

  const outcome: GateOutcome = { gate, markdown };
  if (cfg.comment && cfg.token) {
    const pr = pullRequestNumber();
    if (pr === undefined) io.info('not a pull request event: no comment posted');
    else {
      try {
        const api = await comments(cfg.token);
        if (api) {
          const url =
            process.env.GITHUB_SERVER_URL &&
            process.env.GITHUB_REPOSITORY &&
            process.env.GITHUB_RUN_ID
              ? `${process.env.GITHUB_SERVER_URL}/${process.env.GITHUB_REPOSITORY}/actions/runs/${process.env.GITHUB_RUN_ID}`
              : undefined;
          const marker = commentMarker(cfg.commentKey);
          outcome.comment = await upsertComment(
            api,
            pr,
            marker,
            commentBody(marker, renderReport(gate, reportCtx, COMMENT_LIMIT), url),
          );
          io.info(`pull request #${pr}: comment ${outcome.comment.id} ${outcome.comment.action}`);
        }
      } catch (err) {
        // The verdict stands without the comment (e.g. a fork's read-only token).
        io.warning(
          `could not comment on pull request #${pr}: ${err instanceof Error ? err.message : String(err)} (the job summary has the report)`,
        );
      }
    }
  }

  if (gate.result === 'regression') {
    for (const r of gate.regressions) io.warning(`regression: ${describeRegression(r)}`);
    if (cfg.failOn === 'regression') {
      const first = gate.regressions.slice(0, 3).map(describeRegression).join('; ');
      const more = gate.regressions.length > 3 ? ` and ${gate.regressions.length - 3} more` : '';
      throw new UserError(
        `${headline(gate, cfg.failOn)}: ${first}${more}. See the job summary; if this is intended, raise the thresholds or set fail-on: none`,
      );
    }
  }
  return outcome;
}
