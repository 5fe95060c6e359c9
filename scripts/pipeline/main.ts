/**
 * The whole winship pipeline on this machine, through the real action bundles and the
 * runner-faithful harness: setup-go from a local mirror, the build matrix, the benchmark gate
 * between two versions of the example (one deliberately slower: the gate fails it and passes the
 * other), and a rolling deploy to two local "Windows hosts" (Wine behind loopback sshd) with the
 * default tuning profile, ending with /healthz answering the new version on each host.
 *
 * Each step prints a progress line and its job summary; all summaries are written to one Markdown
 * file. Everything started here is stopped at the end, also on failure.
 */
import { cpSync, mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { goMirror, serveGoMirror, type MirrorServer } from '../../lab/go-mirror.js';
import { EXAMPLE, REPO } from '../../lab/paths.js';
import { runAction, type ActionResult, type RunOptions } from '../../lab/runner.js';
import { deployTo, startFleet } from './deploy.js';
import { git } from './git.js';

export interface StepReport {
  title: string;
  ok: boolean;
  seconds: number;
  summary: string;
  note: string;
}

const reports: StepReport[] = [];
const cleanups: (() => Promise<void> | void)[] = [];
export const onCleanup = (fn: () => Promise<void> | void) => cleanups.push(fn);

const out = join(REPO, 'out');
const summaryFile = join(out, 'pipeline-summary.md');

/** Runs one pipeline step, printing `[n/N] title … result` and the step's job summary. */
export async function step(
  n: number,
  total: number,
  title: string,
  body: () => Promise<{ ok: boolean; summary: string; note: string }>,
): Promise<void> {
  process.stdout.write(`[${n}/${total}] ${title} … `);
  const t0 = performance.now();
  const r = await body();
  const seconds = (performance.now() - t0) / 1000;
  reports.push({ title, ok: r.ok, seconds, summary: r.summary, note: r.note });
  console.log(`${r.ok ? 'ok' : 'FAILED'} (${seconds.toFixed(1)} s) ${r.note}`);
  if (r.summary.trim()) console.log(indent(r.summary.trim()));
  writeSummary();
  if (!r.ok) throw new Error(`step ${n} (${title}) failed`);
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}

function writeSummary(): void {
  mkdirSync(out, { recursive: true });
  const body = reports
    .map(
      (r) =>
        `## ${r.ok ? '✅' : '❌'} ${r.title} (${r.seconds.toFixed(1)} s)\n\n${r.note}\n\n${r.summary.trim()}\n`,
    )
    .join('\n');
  writeFileSync(summaryFile, `# winship local pipeline\n\n${body}`);
}

/** The harness options every step shares: one runner home (one job), the workspace, Go on PATH. */
export interface Job {
  home: string;
  workspace: string;
  toolCache: string;
  path: string;
  env: Record<string, string | undefined>;
}

export function run(
  job: Job,
  action: string,
  inputs: RunOptions['inputs'],
  extra: Partial<RunOptions> = {},
): Promise<ActionResult> {
  return runAction(action, {
    home: job.home,
    workspace: job.workspace,
    toolCache: job.toolCache,
    inputs,
    timeoutMs: 900_000,
    ...extra,
    env: { ...job.env, PATH: job.path, ...extra.env },
  });
}

export function failure(r: ActionResult): string {
  const errors = r.annotations.filter((a) => a.level === 'error').map((a) => a.message);
  return errors.length ? errors.join('; ') : `exit code ${r.exitCode}`;
}

async function main(): Promise<void> {
  const TOTAL = 6;
  const scratch = mkdtempSync(join(tmpdir(), 'winship-pipeline-'));
  onCleanup(() => undefined);
  const job: Job = {
    home: join(scratch, 'runner'),
    workspace: join(scratch, 'hello-service'),
    toolCache: join(scratch, 'toolcache'),
    path: process.env.PATH ?? '',
    env: { GOPATH: join(scratch, 'gopath'), GOROOT: undefined },
  };

  // The example as a user's repository: main at v1.0.0, and two pull requests on top of it.
  cpSync(EXAMPLE, job.workspace, { recursive: true });
  git(job.workspace, 'init', '-q', '-b', 'main');
  git(job.workspace, 'add', '-A');
  git(job.workspace, 'commit', '-q', '-m', 'hello-service');
  git(job.workspace, 'tag', '-a', 'v1.0.0', '-m', 'v1.0.0');

  let mirror: MirrorServer | undefined;
  await step(1, TOTAL, 'setup-go from a local Go mirror (go.mod says go 1.19)', async () => {
    mirror = await serveGoMirror(await goMirror());
    onCleanup(() => mirror?.close());
    const r = await run(job, 'setup-go', {
      'go-version-file': 'go.mod',
      'go-download-base-url': mirror.url,
      cache: false,
    });
    job.path = [...r.paths, job.path].join(':');
    Object.assign(job.env, r.env);
    return {
      ok: r.exitCode === 0,
      summary: r.summary,
      note:
        r.exitCode === 0 ? `Go ${r.outputs['go-version']} at ${r.outputs['go-root']}` : failure(r),
    };
  });

  let dist = '';
  await step(2, TOTAL, 'build linux/amd64, windows/amd64, darwin/arm64 at tag v1.0.0', async () => {
    const r = await run(
      job,
      'build',
      { targets: 'linux/amd64, windows/amd64, darwin/arm64', upload: false },
      {
        env: { GITHUB_REF: 'refs/tags/v1.0.0', GITHUB_REF_NAME: 'v1.0.0', GITHUB_REF_TYPE: 'tag' },
      },
    );
    dist = join(job.workspace, 'dist');
    const sums =
      r.exitCode === 0 ? readFileSync(r.outputs.checksums!, 'utf8').trim().split('\n').length : 0;
    return {
      ok: r.exitCode === 0,
      summary: r.summary,
      note:
        r.exitCode === 0
          ? `version ${r.outputs.version}, ${sums} files in SHA256SUMS (${dist})`
          : failure(r),
    };
  });

  const gate =
    (branch: string, change: (dir: string) => void, expectRegression: boolean) => async () => {
      git(job.workspace, 'checkout', '-q', '-b', branch, 'main');
      change(job.workspace);
      git(job.workspace, 'commit', '-q', '-am', branch);
      const r = await run(job, 'bench-gate', {
        'base-ref': 'main',
        bench: '^BenchmarkHash$',
        benchtime: '300x',
        count: 10,
      });
      git(job.workspace, 'checkout', '-q', 'main');
      const result = r.outputs.result ?? '';
      const asExpected = expectRegression
        ? r.exitCode === 1 && result === 'regression'
        : r.exitCode === 0 && result !== 'regression';
      return {
        ok: asExpected,
        summary: r.summary,
        note: `result ${result || '(none)'}, exit code ${r.exitCode}: ${asExpected ? 'as expected' : 'NOT as expected'}${expectRegression ? ' (the gate fails this pull request)' : ''}`,
      };
    };
  const edit = (file: string, from: string, to: string) => (dir: string) => {
    const p = join(dir, file);
    const text = readFileSync(p, 'utf8');
    if (!text.includes(from)) throw new Error(`${file} does not contain ${from}`);
    writeFileSync(p, text.replace(from, to));
  };
  await step(
    3,
    TOTAL,
    'bench-gate on a pull request that doubles the hashing work',
    gate('slower-hash', edit('work.go', 'var slowdownPct = ""', 'var slowdownPct = "100"'), true),
  );
  await step(
    4,
    TOTAL,
    'bench-gate on a pull request that changes only the README',
    gate('docs-only', edit('README.md', '# hello-service', '# hello-service (docs edited)'), false),
  );

  const fleet = await startFleet(2);
  await step(
    5,
    TOTAL,
    'deploy-windows v1.0.0: rolling to two Wine hosts over loopback sshd, default tuning',
    () => deployTo(job, fleet, dist, '1.0.0'),
  );

  await step(
    6,
    TOTAL,
    'release v1.1.0: build windows/amd64, rolling upgrade of both hosts',
    async () => {
      git(job.workspace, 'commit', '-q', '--allow-empty', '-m', 'release 1.1.0');
      git(job.workspace, 'tag', '-a', 'v1.1.0', '-m', 'v1.1.0');
      const b = await run(
        job,
        'build',
        { targets: 'windows/amd64', upload: false, 'output-directory': 'dist-1.1.0' },
        {
          env: {
            GITHUB_REF: 'refs/tags/v1.1.0',
            GITHUB_REF_NAME: 'v1.1.0',
            GITHUB_REF_TYPE: 'tag',
          },
        },
      );
      if (b.exitCode !== 0) return { ok: false, summary: b.summary, note: failure(b) };
      const d = await deployTo(job, fleet, join(job.workspace, 'dist-1.1.0'), '1.1.0');
      return {
        ...d,
        summary: `${b.summary}
${d.summary}`,
      };
    },
  );
  console.log(`\nAll steps passed. Job summaries: ${summaryFile}`);
}

async function cleanup(): Promise<void> {
  for (const fn of cleanups.reverse()) {
    try {
      await fn();
    } catch (e) {
      console.error(`cleanup: ${(e as Error).message}`);
    }
  }
}

let exitCode = 0;
try {
  await main();
} catch (e) {
  console.error(`\npipeline failed: ${(e as Error).message}\nJob summaries so far: ${summaryFile}`);
  exitCode = 1;
} finally {
  await cleanup();
}
process.exit(exitCode);
