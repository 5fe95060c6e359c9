/**
 * Runs one workflow's jobs on this machine, as the GitHub runner would: jobs in `needs` order,
 * `if:` (job and step, with the status functions), `strategy.matrix` expanded into one job per
 * combination, `env:` at workflow, job and step level, GITHUB_ENV and GITHUB_PATH carried from
 * step to step, step and job `outputs`, `shell: bash` run steps (the runner's own bash command
 * line), and the `GITHUB_*` variables and `github` context of the event. What a `uses:` step
 * runs is decided by `uses.ts`; a step the lab cannot run fails with its name.
 *
 * Deliberate differences from a hosted runner, all visible in the job log: jobs run one after
 * another; a job's `environment:` is recorded (JobRecord.environment), with no reviewer to ask; an action's `post:` runs right after its main step; every job sees this machine (a
 * `windows-*` job runs its setup-go and build as on Linux, and deploy-windows `mode: local`
 * under Wine through WINSHIP_WINE_PREFIX).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  asString,
  evaluateCondition,
  evaluateStringMap,
  evaluateToken,
  type ExprScope,
  type Json,
} from './expressions.js';
import { REPOSITORY, triggers, type WorkflowEvent } from './events.js';
import { expandMatrix } from './matrix.js';
import { loadWorkflow, type JobSpec, type Permissions, type StepSpec } from './parse.js';
import type { FixtureRepo } from './repository.js';
import { parseKeyValueFile } from '../runner.js';
import { runUses, type AttestationRecord, type UsesContext } from './uses.js';
import { labTemp } from '../paths.js';

export interface LabOptions {
  workflow: string;
  event: WorkflowEvent;
  repo: FixtureRepo;
  secrets?: Record<string, string>;
  vars?: Record<string, string>;
  /** ACTIONS_RUNTIME_TOKEN and ACTIONS_RESULTS_URL of the local artifact service. */
  artifacts: { url: string; token: string };
  /** Shared by every job (the runner's tool cache: Go is extracted once). */
  toolCache: string;
  /** Environment every step gets on top of the machine's (GOCACHE, GO_DOWNLOAD_BASE_URL, …). */
  env?: Record<string, string>;
  /** The Wine prefix a `windows-*` job's steps see as WINSHIP_WINE_PREFIX. */
  winePrefix?: string;
  /** GITHUB_API_URL (a local stand-in); default: an address that answers nothing. */
  apiUrl?: string;
  token?: string;
  /** Run only these jobs (and fail if one needs a job not run). */
  jobs?: string[];
  /** Where attestations made by actions/attest-build-provenance are recorded (uses.ts). */
  attestations?: AttestationRecord[];
  /**
   * winship's actions from this folder (a copy with action.yml files edited and dist/ linked)
   * instead of this checkout: how a test puts a fixed defect back and sees the workflow fail.
   */
  actionRoot?: string;
}

export type Outcome = 'success' | 'failure' | 'skipped';

export interface StepRecord {
  id: string;
  name: string;
  uses?: string;
  outcome: Outcome;
  outputs: Record<string, string>;
  log: string;
  /** `::error`/`::warning` lines and the lab's own refusals. */
  annotations: string[];
}

export interface JobRecord {
  id: string;
  name: string;
  matrix: Record<string, Json>;
  result: Outcome;
  outputs: Record<string, string>;
  steps: StepRecord[];
  workspace: string;
  /**
   * The GitHub environment the job deploys to (`environment:`, evaluated). Recorded only: the
   * lab asks no reviewer and has no environment secrets; the run's secrets and vars apply.
   */
  environment?: string;
}

export interface WorkflowRun {
  jobs: Record<string, JobRecord[]>;
  /** The needs result of each job id (a matrix job: failure if any leg failed). */
  result(job: string): Outcome;
  /** Every step log, for a failing assertion's message. */
  log(): string;
}

function jobDisplay(j: JobRecord): string {
  return `${j.name}${Object.keys(j.matrix).length ? ` ${JSON.stringify(j.matrix)}` : ''}`;
}

export async function runWorkflow(opts: LabOptions): Promise<WorkflowRun> {
  const wf = await loadWorkflow(opts.workflow);
  if (!triggers(wf.events, opts.event))
    throw new Error(`${wf.file} does not run for ${opts.event.name} ${opts.event.ref}`);
  const runHome = labTemp('winship-lab-run-');
  const eventPath = join(runHome, 'event.json');
  writeFileSync(eventPath, JSON.stringify(opts.event.payload));
  const ev = opts.event;
  const refName = ev.ref.replace(/^refs\/(heads|tags)\//, '');
  const github: Record<string, Json> = {
    event_name: ev.name,
    event: ev.payload,
    ref: ev.ref,
    ref_name: ev.name === 'pull_request' ? `${ev.ref.split('/')[2]}/merge` : refName,
    ref_type: ev.ref.startsWith('refs/tags/') ? 'tag' : 'branch',
    sha: ev.sha,
    base_ref: ev.baseRef ?? '',
    head_ref: ev.headRef ?? '',
    repository: REPOSITORY,
    repository_owner: REPOSITORY.split('/')[0]!,
    run_id: '4242',
    run_number: '7',
    run_attempt: '1',
    server_url: 'https://github.com',
    api_url: opts.apiUrl ?? 'http://127.0.0.1:9',
    token: opts.token ?? 'lab-github-token',
    workflow: wf.name,
    actor: 'winship-lab',
    action: '',
  };
  const githubEnv: Record<string, string> = {
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: ev.name,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REF: ev.ref,
    GITHUB_REF_NAME: String(github.ref_name),
    GITHUB_REF_TYPE: String(github.ref_type),
    GITHUB_SHA: ev.sha,
    GITHUB_BASE_REF: ev.baseRef ?? '',
    GITHUB_HEAD_REF: ev.headRef ?? '',
    GITHUB_REPOSITORY: REPOSITORY,
    GITHUB_REPOSITORY_OWNER: String(github.repository_owner),
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_NUMBER: '7',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: String(github.api_url),
    GITHUB_WORKFLOW: wf.name,
    GITHUB_ACTOR: 'winship-lab',
    ACTIONS_RUNTIME_TOKEN: opts.artifacts.token,
    ACTIONS_RESULTS_URL: opts.artifacts.url,
  };

  const jobs: Record<string, JobRecord[]> = {};
  const result = (id: string): Outcome => {
    const legs = jobs[id];
    if (!legs) return 'skipped';
    if (legs.some((l) => l.result === 'failure')) return 'failure';
    if (legs.every((l) => l.result === 'skipped')) return 'skipped';
    return 'success';
  };
  const needsContext = (job: JobSpec): Record<string, Json> =>
    Object.fromEntries(
      job.needs.map((n) => [
        n,
        { result: result(n), outputs: Object.assign({}, ...(jobs[n] ?? []).map((l) => l.outputs)) },
      ]),
    );

  const done = new Set<string>();
  const wanted = wf.jobs.filter((j) => !opts.jobs || opts.jobs.includes(j.id));
  while (done.size < wanted.length) {
    const ready = wanted.find((j) => !done.has(j.id) && j.needs.every((n) => done.has(n)));
    if (!ready)
      throw new Error(
        `${wf.file}: jobs ${wanted.filter((j) => !done.has(j.id)).map((j) => j.id)} need jobs not run`,
      );
    done.add(ready.id);
    const base: ExprScope = {
      contexts: {
        github,
        needs: needsContext(ready),
        vars: opts.vars ?? {},
        secrets: { GITHUB_TOKEN: String(github.token), ...opts.secrets },
        inputs: {},
        env: {},
      },
      status: { failed: ready.needs.some((n) => result(n) !== 'success') },
    };
    const strategy = evaluateToken(ready.strategy, base) as Record<string, Json> | null;
    const combos = expandMatrix(strategy?.matrix ?? null);
    jobs[ready.id] = [];
    for (const matrix of combos) {
      const scope: ExprScope = {
        ...base,
        contexts: { ...base.contexts, matrix, strategy: { 'job-total': combos.length } },
      };
      const name = ready.name !== undefined ? asString(evaluateToken(ready.name, scope)) : ready.id;
      const record: JobRecord = {
        id: ready.id,
        name,
        matrix,
        result: 'skipped',
        outputs: {},
        steps: [],
        workspace: '',
      };
      jobs[ready.id]!.push(record);
      if (ready.environment !== undefined) {
        const env = evaluateToken(ready.environment, scope);
        record.environment =
          env && typeof env === 'object' && !Array.isArray(env)
            ? asString((env as Record<string, Json>).name ?? '')
            : asString(env);
      }
      if (!evaluateCondition(ready.if, scope)) continue;
      await runJob(ready, record, scope, {
        opts,
        githubEnv,
        runHome,
        wfEnv: wf.env,
        permissions: ready.permissions ?? wf.permissions,
      });
    }
  }
  return {
    jobs,
    result,
    log: () =>
      Object.values(jobs)
        .flat()
        .map(
          (j) =>
            `== job ${jobDisplay(j)}: ${j.result}\n` +
            j.steps.map((s) => `-- step ${s.name}: ${s.outcome}\n${s.log}`).join('\n'),
        )
        .join('\n'),
  };
}

interface JobEnv {
  opts: LabOptions;
  githubEnv: Record<string, string>;
  runHome: string;
  wfEnv: StepSpec['env'];
  /** The job's effective `permissions:` (its own, else the workflow's); undefined: the defaults. */
  permissions: Permissions | undefined;
}

async function runJob(
  job: JobSpec,
  record: JobRecord,
  scope: ExprScope,
  je: JobEnv,
): Promise<void> {
  const { opts } = je;
  const runsOn = asString(evaluateToken(job.runsOn, scope));
  const windows = /windows/i.test(runsOn);
  const home = mkdtempSync(join(je.runHome, `job-${job.id}-`));
  const workspace = join(home, 'workspace');
  const temp = join(home, 'temp');
  mkdirSync(workspace, { recursive: true });
  mkdirSync(temp, { recursive: true });
  record.workspace = workspace;
  const runner = {
    os: windows ? 'Windows' : 'Linux',
    arch: 'X64',
    temp,
    tool_cache: opts.toolCache,
    name: 'winship-lab',
  };
  const github = { ...(scope.contexts.github as Record<string, Json>), workspace, job: job.id };
  const machine: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && !/^(INPUT_|STATE_|GITHUB_|RUNNER_|ACTIONS_)/.test(k)) machine[k] = v;
  const fixed: Record<string, string> = {
    ...machine,
    ...opts.env,
    ...je.githubEnv,
    GITHUB_WORKSPACE: workspace,
    GITHUB_JOB: job.id,
    RUNNER_TEMP: temp,
    RUNNER_TOOL_CACHE: opts.toolCache,
    // The processes run on this Linux machine whatever runs-on says (see the header).
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    RUNNER_NAME: 'winship-lab',
    ...(windows && opts.winePrefix ? { WINSHIP_WINE_PREFIX: opts.winePrefix } : {}),
  };
  const jobScope: ExprScope = {
    ...scope,
    contexts: { ...scope.contexts, github, runner, steps: {}, job: { status: 'success' } },
    status: { failed: false },
    workspace,
  };
  const envChain = (step?: StepSpec): Record<string, string> => {
    const e = { ...evaluateStringMap(je.wfEnv, jobScope) };
    jobScope.contexts.env = e;
    Object.assign(e, evaluateStringMap(job.env, jobScope));
    jobScope.contexts.env = e;
    if (step) Object.assign(e, evaluateStringMap(step.env, jobScope));
    return e;
  };
  const added: Record<string, string> = {};
  const paths: string[] = [];
  const steps = jobScope.contexts.steps as Record<string, Json>;
  for (const step of job.steps) {
    jobScope.contexts.env = { ...envChain(), ...added };
    const name =
      step.name !== undefined
        ? asString(evaluateToken(step.name, jobScope))
        : (step.uses ?? `Run ${asString(step.run ?? '').split('\n')[0]}`);
    const rec: StepRecord = {
      id: step.id,
      name,
      outcome: 'skipped',
      outputs: {},
      log: '',
      annotations: [],
    };
    if (step.uses) rec.uses = step.uses;
    record.steps.push(rec);
    if (!evaluateCondition(step.if, jobScope)) {
      steps[step.id] = { outputs: {}, outcome: 'skipped', conclusion: 'skipped' };
      continue;
    }
    const stepEnv = { ...envChain(step), ...added };
    jobScope.contexts.env = stepEnv;
    const env: Record<string, string> = {
      ...fixed,
      ...added,
      ...stepEnv,
      PATH: [...paths, fixed.PATH ?? ''].join(':'),
    };
    let ok: boolean;
    try {
      const out = step.uses
        ? await runUses({
            uses: step.uses,
            stepName: name,
            with: evaluateStringMap(step.with, jobScope),
            env,
            workspace,
            home,
            opts,
            windows,
            permissions: je.permissions,
            github: github as unknown as UsesContext['github'],
          })
        : await runShell(
            step,
            asString(evaluateToken(step.run ?? '', jobScope)),
            env,
            workspace,
            temp,
            jobScope,
          );
      rec.log = out.log;
      rec.outputs = out.outputs;
      rec.annotations = out.annotations;
      Object.assign(added, out.env);
      paths.unshift(...out.paths.reverse());
      ok = out.ok;
    } catch (e) {
      rec.log += `${(e as Error).message}\n`;
      rec.annotations.push(`error: step '${name}': ${(e as Error).message}`);
      ok = false;
    }
    rec.outcome = ok ? 'success' : 'failure';
    steps[step.id] = { outputs: rec.outputs, outcome: rec.outcome, conclusion: rec.outcome };
    if (!ok) {
      jobScope.status.failed = true;
      (jobScope.contexts.job as Record<string, Json>).status = 'failure';
    }
  }
  record.result = jobScope.status.failed ? 'failure' : 'success';
  record.outputs = evaluateStringMap(job.outputs, jobScope);
}

export interface StepOutcome {
  ok: boolean;
  log: string;
  outputs: Record<string, string>;
  env: Record<string, string>;
  paths: string[];
  annotations: string[];
}

export function fileCommands(dir: string): Record<string, string> {
  mkdirSync(dir, { recursive: true });
  const files = {
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_ENV: join(dir, 'env'),
    GITHUB_PATH: join(dir, 'path'),
    GITHUB_STATE: join(dir, 'state'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary'),
  };
  for (const f of Object.values(files)) writeFileSync(f, '');
  return files;
}

export function readFileCommands(
  files: Record<string, string>,
): Pick<StepOutcome, 'outputs' | 'env' | 'paths'> {
  return {
    outputs: parseKeyValueFile(readFileSync(files.GITHUB_OUTPUT!, 'utf8')),
    env: parseKeyValueFile(readFileSync(files.GITHUB_ENV!, 'utf8')),
    paths: readFileSync(files.GITHUB_PATH!, 'utf8')
      .split('\n')
      .filter((l) => l !== ''),
  };
}

let shellCount = 0;

async function runShell(
  step: StepSpec,
  script: string,
  env: Record<string, string>,
  workspace: string,
  temp: string,
  scope: ExprScope,
): Promise<StepOutcome> {
  const shell = step.shell ?? 'bash';
  if (shell !== 'bash')
    throw new Error(`shell: ${shell} is not run by the lab (only bash, the default on Linux)`);
  const dir = join(temp, `_step_${++shellCount}`);
  const files = fileCommands(dir);
  const file = join(dir, 'script.sh');
  writeFileSync(file, script);
  const cwd = step.workingDirectory
    ? join(workspace, asString(evaluateToken(step.workingDirectory, scope)))
    : workspace;
  // The runner's command line for `shell: bash`.
  const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', file], {
    env: { ...env, ...files },
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr.on('data', (d: Buffer) => (log += d.toString()));
  const code = await new Promise<number>((res) => child.on('close', (c) => res(c ?? 1)));
  const annotations = log.split('\n').filter((l) => /^::(error|warning|notice)/.test(l));
  if (code !== 0) log += `Error: Process completed with exit code ${code}.\n`;
  return { ok: code === 0, log, annotations, ...readFileCommands(files) };
}
