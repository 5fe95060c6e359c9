/**
 * The bench-gate from end to end: get both sides' benchmark output (files, Go benchmarks or HTTP
 * latency), parse, gate, report, comment, then pass or fail. The steps are listed here in order;
 * each lives in its own module.
 */
import * as core from '@actions/core';
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
import { UserError } from '../runner/errors.js';
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

/** What the gate touches besides files and processes: the runner and GitHub. Swappable in tests. */
export interface Effects {
  info(message: string): void;
  warning(message: string): void;
  setOutput(name: string, value: string): void;
  writeSummary(markdown: string): Promise<void>;
  comments(token: string): Promise<CommentsApi | undefined>;
}

export const runnerEffects: Effects = {
  info: (m) => core.info(m),
  warning: (m) => core.warning(m),
  setOutput: (n, v) => core.setOutput(n, v),
  writeSummary: async (md) => {
    if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(md).write();
  },
  comments: async (token) => {
    const repo = repoFromEnv();
    return repo ? octokitComments(token, repo) : undefined;
  },
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

async function measure(cfg: BenchGateConfig, effects: Effects): Promise<Measured> {
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
  effects.info(
    `base: merge base ${commits.mergeBase.slice(0, 12)} of ${baseRef}; head: ${commits.head.slice(0, 12)}`,
  );
  await addWorktree(root, worktree, commits.mergeBase);
  try {
    const baseDir = join(worktree, pathInRepo(root, headDir));
    const log = (m: string) => effects.info(m);
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
  effects: Effects = runnerEffects,
): Promise<GateOutcome> {
  const measured = await measure(cfg, effects);
  if (measured.cut) effects.warning(`time-budget: ${measured.cut}`);
  const outDir = runnerTemp();
  const baseOut = join(outDir, 'base.txt');
  const headOut = join(outDir, 'head.txt');
  writeFileSync(baseOut, measured.base);
  writeFileSync(headOut, measured.head);
  effects.setOutput('base-output', baseOut);
  effects.setOutput('head-output', headOut);

  const baseName = cfg.mode === 'files' ? cfg.baseFile! : 'base';
  const headName = cfg.mode === 'files' ? cfg.headFile! : 'head';
  const { gate, formatWarnings, results } = evaluateOutputs(
    { text: measured.base, file: baseName },
    { text: measured.head, file: headName },
    cfg.policy,
  );
  for (const w of formatWarnings.slice(0, 10))
    effects.warning(`${w.file}:${w.line}: malformed benchmark line skipped: ${w.message}`);
  if (results === 0)
    throw new UserError(
      `no benchmark results in ${cfg.mode === 'files' ? 'base-file or head-file' : 'the output of either side'}: check the bench pattern and the files`,
    );

  for (const m of gate.malformed.slice(0, 10)) effects.warning(describeMalformed(m));
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
  effects.setOutput('report-file', reportFile);
  const markdown = renderReport(gate, reportCtx);
  await effects.writeSummary(markdown);
  effects.info(markdown);

  effects.setOutput('result', gate.result);
  effects.setOutput('regressions', JSON.stringify(gate.regressions));

  const outcome: GateOutcome = { gate, markdown };
  if (cfg.comment && cfg.token) {
    const pr = pullRequestNumber();
    if (pr === undefined) effects.info('not a pull request event: no comment posted');
    else {
      try {
        const api = await effects.comments(cfg.token);
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
          effects.info(
            `pull request #${pr}: comment ${outcome.comment.id} ${outcome.comment.action}`,
          );
        }
      } catch (err) {
        // The verdict stands without the comment (e.g. a fork's read-only token).
        effects.warning(
          `could not comment on pull request #${pr}: ${err instanceof Error ? err.message : String(err)} (the job summary has the report)`,
        );
      }
    }
  }

  if (gate.result === 'regression') {
    for (const r of gate.regressions) effects.warning(`regression: ${describeRegression(r)}`);
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
