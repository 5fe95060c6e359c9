/**
 * The bench-gate from end to end: get both sides' benchmark output (files, Go benchmarks or HTTP
 * latency), parse, gate, report, comment, then pass or fail. The steps are listed here in order;
 * each lives in its own module.
 */
import { mkdirSync, readdirSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { githubArtifactStore, type ArtifactStore } from '../artifacts/store.js';
import { coreIO } from '../runner/core-io.js';
import { UserError } from '../runner/errors.js';
import type { RunnerIO } from '../runner/io.js';
import type { BenchGateConfig } from './config.js';
import { evaluateOutputs, type GateResult } from './compare/gate.js';
import { commentBody, commentMarker, upsertComment, type CommentsApi } from './github/comment.js';
import { octokitComments, pullRequestNumber, repoFromEnv } from './github/octokit.js';
import {
  type ReportContext,
  COMMENT_LIMIT,
  describeMalformed,
  fullReport,
  describeRegression,
  headline,
  renderReport,
} from './report/markdown.js';
import { detailBlocks, type DetailBlock } from './report/details.js';
import { literal } from './report/escape.js';
import { seriesOf, svgChart } from './report/chart.js';
import { type ProfileOutcome } from './profile/run.js';
import { keepSide, measure, runnerTemp, textChunks } from './measure.js';
import { profileRound } from './profile/round.js';

/**
 * Stops V8 from growing its young generation for the rest of the process. Node sizes it by the
 * machine's memory, up to two 64 MB semi-spaces on a machine of a runner's size, and parsing
 * millions of lines grows it there: at 200,000 benchmarks bench-gate peaked at 448 MB with under
 * 100 MB of live data; at its starting size (a few MB) it peaks at about 165 MB, as fast
 * (`npm run bench gate-scale`). Node takes `--max-semi-space-size` only on its command line, which
 * an action cannot set, and a growth factor of 1 works only set at run time (on the command line
 * it has no effect). Should a Node release ignore it, only the memory changes, and gate-scale
 * shows it.
 */
export function keepYoungGenerationSmall(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
}

/** bench-gate's outputs, as declared in actions/bench-gate/action.yml. */
export const BENCH_GATE_OUTPUTS = {
  result: 'result',
  regressions: 'regressions',
  baseOutput: 'base-output',
  headOutput: 'head-output',
  reportFile: 'report-file',
  profileDiff: 'profile-diff',
  artifactId: 'artifact-id',
} as const;

/** The pull-request comments API for a token (undefined outside a repository). Swappable in tests. */
export type CommentsSource = (token: string) => Promise<CommentsApi | undefined>;

export const githubComments: CommentsSource = async (token) => {
  const repo = repoFromEnv();
  return repo ? octokitComments(token, repo) : undefined;
};

/**
 * Writes the pieces to `path` as they come, through one buffer: no piece outlives its write, so a
 * 16 MB report is never a string, nor a heap of 64 KB strings waiting for a full collection.
 */
function writePieces(path: string, pieces: Iterable<string>): void {
  const fd = openSync(path, 'w');
  try {
    const buffer = Buffer.allocUnsafe(1 << 16);
    let used = 0;
    const flush = () => {
      for (let at = 0; at < used;) at += writeSync(fd, buffer, at, used - at);
      used = 0;
    };
    for (const piece of pieces) {
      // Three bytes a UTF-16 unit at most.
      if (used + piece.length * 3 > buffer.length) {
        flush();
        if (piece.length * 3 > buffer.length) {
          const bytes = Buffer.from(piece, 'utf8');
          for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at);
          continue;
        }
      }
      used += buffer.write(piece, used);
    }
    flush();
  } finally {
    closeSync(fd);
  }
}

export interface GateOutcome {
  gate: GateResult;
  markdown: string;
  comment?: { action: 'created' | 'updated'; id: number };
  profiles?: ProfileOutcome;
  artifact?: { name: string; id?: number };
}

/** Every file under `dir`, for the artifact. */
function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p));
    else if (e.isFile()) out.push(p);
  }
  return out.sort();
}

function runUrl(): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: run } = process.env;
  return server && repo && run ? `${server}/${repo}/actions/runs/${run}` : undefined;
}

export async function runBenchGate(
  cfg: BenchGateConfig,
  io: RunnerIO = coreIO,
  comments: CommentsSource = githubComments,
  store: ArtifactStore = githubArtifactStore(),
): Promise<GateOutcome> {
  const measured = await measure(cfg, io);
  let evaluated: ReturnType<typeof evaluateOutputs>;
  let profiled: Awaited<ReturnType<typeof profileRound>>;
  const outDir = runnerTemp();
  try {
    if (measured.cut) io.warning(`time-budget: ${measured.cut}`);
    const baseOut = join(outDir, 'base.txt');
    const headOut = join(outDir, 'head.txt');
    keepSide(measured.base, baseOut);
    keepSide(measured.head, headOut);
    // Read back from the kept copies a piece at a time; the runs' text is needed no more.
    measured.base = { path: baseOut };
    measured.head = { path: headOut };
    io.output(BENCH_GATE_OUTPUTS.baseOutput, baseOut);
    io.output(BENCH_GATE_OUTPUTS.headOutput, headOut);

    const baseName = cfg.mode === 'files' ? cfg.baseFile! : 'base';
    const headName = cfg.mode === 'files' ? cfg.headFile! : 'head';
    evaluated = evaluateOutputs(
      { file: baseName, chunks: textChunks(baseOut) },
      { file: headName, chunks: textChunks(headOut) },
      cfg.policy,
    );
    if (evaluated.results === 0)
      throw new UserError(
        `no benchmark results in ${cfg.mode === 'files' ? 'base-file or head-file' : 'the output of either side'}: check the bench pattern and the files`,
      );
    // After the measured rounds and the verdict, so profiling never disturbs a measurement.
    profiled = await profileRound(cfg, measured, evaluated.gate, outDir, io);
  } finally {
    await measured.cleanup?.();
  }
  const { gate, formatWarnings } = evaluated;
  for (const w of formatWarnings.slice(0, 10))
    io.warning(`${w.file}:${w.line}: malformed benchmark line skipped: ${w.message}`);

  for (const m of gate.malformed.slice(0, 10)) io.warning(describeMalformed(m));
  gate.warnings.unshift(...measured.warnings);
  const profiles = profiled.outcome;
  if (profiles) {
    measured.notes.push(...profiles.notes);
    gate.warnings.push(...profiles.warnings);
    for (const w of profiles.warnings) io.warning(w);
  }
  if (gate.rows.length === 0)
    gate.warnings.unshift('no benchmark was measured on both sides, so nothing was compared');

  // The pictures, in the kept data as SVG.
  let chart = 0;
  for (const r of gate.rows) {
    const series = seriesOf(r);
    if (!series) continue;
    mkdirSync(join(outDir, 'charts'), { recursive: true });
    // Numbered: two names the code under review chose may read the same once made safe.
    const file = `${String(++chart).padStart(3, '0')}-${r.name}-${r.unit}`
      .replace(/[^A-Za-z0-9._-]+/g, '_')
      .slice(0, 80);
    writeFileSync(
      join(outDir, 'charts', `${file}.svg`),
      svgChart(series, `${r.pkg ? `${r.pkg} ` : ''}Benchmark${r.name}`),
    );
  }
  const blocks: DetailBlock[] = detailBlocks({
    gate,
    sections: profiles?.sections ?? [],
    skipped: profiles?.skipped ?? [],
    ...(profiled.notProfiled ? { notProfiled: profiled.notProfiled } : {}),
    profilesOff: cfg.profile === 'never',
    artifactName: cfg.artifactName,
  });
  const profileDiff = join(outDir, 'profile-diff.md');
  writeFileSync(
    profileDiff,
    blocks.length === 0
      ? '# bench-gate: where the time went\n\nNo benchmark changed beyond its threshold, so nothing was profiled.\n'
      : `# bench-gate: where the time went\n\n${blocks.map((b) => b.lines.join('\n')).join('\n')}`,
  );
  io.output(BENCH_GATE_OUTPUTS.profileDiff, profileDiff);

  const reportFile = join(outDir, 'report.md');
  const reportCtx: ReportContext = {
    subject: measured.subject,
    failOn: cfg.failOn,
    notes: measured.notes,
    formatWarnings,
    fullReport: `the file named by the \`report-file\` output of this step (${reportFile})`,
    overview: true,
    blocks,
    data: [`**Raw data:** the artifact ${literal(cfg.artifactName)} keeps ${keptData(cfg)}.`],
  };
  writePieces(reportFile, fullReport(gate, reportCtx));
  io.output(BENCH_GATE_OUTPUTS.reportFile, reportFile);

  const outcome: GateOutcome = { gate, markdown: '', ...(profiles ? { profiles } : {}) };
  reportCtx.data = await keepData(cfg, outDir, store, io, outcome);
  const markdown = renderReport(gate, reportCtx);
  outcome.markdown = markdown;
  await io.summary(markdown);
  io.info(markdown);

  io.output(BENCH_GATE_OUTPUTS.result, gate.result);
  io.output(BENCH_GATE_OUTPUTS.regressions, JSON.stringify(gate.regressions));

  if (cfg.comment && cfg.token) {
    const pr = pullRequestNumber();
    if (pr === undefined) io.info('not a pull request event: no comment posted');
    else {
      try {
        const api = await comments(cfg.token);
        if (api) {
          const marker = commentMarker(cfg.commentKey);
          outcome.comment = await upsertComment(
            api,
            pr,
            marker,
            commentBody(marker, renderReport(gate, reportCtx, COMMENT_LIMIT), runUrl()),
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

/** What the data folder holds, in words. */
function keptData(cfg: BenchGateConfig): string {
  return cfg.mode === 'files'
    ? "both sides' benchmark output, the full report and each chart as SVG"
    : "both sides' benchmark output, the full report, the profiles with both test binaries that read them, and each chart as SVG";
}

/**
 * Uploads the data folder as one artifact where the runner has an artifact service; returns the
 * report's lines about it. A failed upload is a warning: the verdict stands without it.
 */
async function keepData(
  cfg: BenchGateConfig,
  dir: string,
  store: ArtifactStore,
  io: RunnerIO,
  outcome: GateOutcome,
): Promise<string[]> {
  const what = keptData(cfg);
  const name = literal(cfg.artifactName);
  if (!process.env.ACTIONS_RUNTIME_TOKEN) {
    io.info(`no artifact service (ACTIONS_RUNTIME_TOKEN is not set): the data stays in ${dir}`);
    return [
      `**Raw data:** ${what}: in ${literal(dir)} on the runner (no artifact service to upload to).`,
    ];
  }
  try {
    const r = await store.upload({
      name: cfg.artifactName,
      files: filesUnder(dir),
      rootDirectory: dir,
      ...(cfg.retentionDays !== undefined ? { retentionDays: cfg.retentionDays } : {}),
    });
    outcome.artifact = { name: r.name, ...(r.id !== undefined ? { id: r.id } : {}) };
    if (r.id !== undefined) io.output(BENCH_GATE_OUTPUTS.artifactId, String(r.id));
    io.info(`uploaded artifact ${r.name}${r.size !== undefined ? ` (${r.size} bytes)` : ''}`);
    const run = runUrl();
    const link = run && r.id !== undefined ? `[${name}](${run}/artifacts/${r.id})` : name;
    const download = process.env.GITHUB_RUN_ID
      ? `gh run download ${process.env.GITHUB_RUN_ID} -n ${cfg.artifactName} -D bench-gate-data`
      : undefined;
    return [
      `**Raw data:** the artifact ${link} keeps ${what}.${download ? ` Download it with ${literal(download)}, then run the \`go tool pprof -http=:\` command under a profile in that folder.` : ''}`,
    ];
  } catch (err) {
    io.warning(
      `uploading the artifact ${cfg.artifactName} failed: ${err instanceof Error ? err.message : String(err)} (the data stays in ${dir})`,
    );
    return [`**Raw data:** ${what}: in ${literal(dir)} on the runner (the upload failed).`];
  }
}
