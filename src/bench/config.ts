/**
 * The bench-gate configuration: every input read, validated and defaulted in one place before
 * anything runs, so a typo fails in a second with the input's name instead of after the builds.
 */
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { InputError } from '../runner/errors.js';
import { Inputs } from '../runner/inputs.js';
import { durationInput as runnerDuration } from '../runner/duration.js';
import { coreIO } from '../runner/core-io.js';
import type { RunnerIO } from '../runner/io.js';
import {
  PolicySyntaxError,
  defaultPolicy,
  parseGeomeanRules,
  parseRules,
  type Policy,
} from './compare/policy.js';
import type { HttpSettings } from './latency/run.js';
import { artifactNameProblem } from '../artifacts/store.js';
import { PROFILE_MODES, type ProfileMode } from './profile/plan.js';
import { isValidBenchtime, isValidCpuList, type BenchRunSettings } from './run/plan.js';

export type Mode = 'go' | 'http' | 'files';

export interface BenchGateConfig {
  mode: Mode;
  workingDirectory: string;
  packages: string[];
  settings: BenchRunSettings;
  policy: Policy;
  failOn: 'regression' | 'none';
  baseRef: string;
  baseFile?: string;
  headFile?: string;
  http?: HttpSettings;
  /** `github-token` (or the deprecated `token`). */
  token: string;
  comment: boolean;
  commentKey: string;
  /** When to run the profiled round. */
  profile: ProfileMode;
  /** The workflow artifact that keeps the raw data. */
  artifactName: string;
  retentionDays?: number;
}

const PACKAGE_PATTERN = /^(?!-)[\w.~@+\-/]+$/;

function durationInput(
  inputs: Inputs,
  name: string,
  fallbackMs: number,
  { allowZero = false } = {},
): number {
  return runnerDuration(inputs, name, { fallbackMs, minMs: allowZero ? 0 : 1 });
}

/**
 * `github-token`, the suite's one name for the token; `token`, its old name, still works when set
 * (it has no default any more, so a value means the workflow set it) and says so.
 */
function tokenInput(inputs: Inputs, io: Pick<RunnerIO, 'warning'>): string {
  const old = inputs.secret('token');
  if (old === '') return inputs.secret('github-token');
  io.warning(
    "Input 'token' is deprecated: use 'github-token' (the same token; 'token' wins while both are set)",
  );
  return old;
}

function policyFrom(inputs: Inputs): Policy {
  const alphaText = inputs.string('alpha');
  const alpha = alphaText === '' ? 0.05 : Number(alphaText);
  if (!(alpha > 0 && alpha < 1))
    throw new InputError(
      'alpha',
      `expected a number between 0 and 1 (e.g. 0.05), got '${alphaText}'`,
    );
  let rules;
  try {
    rules = parseRules(inputs.list('thresholds'));
  } catch (err) {
    if (err instanceof PolicySyntaxError) throw new InputError('thresholds', err.message);
    throw err;
  }
  let geomean;
  try {
    geomean = parseGeomeanRules(inputs.list('geomean-threshold'));
  } catch (err) {
    if (err instanceof PolicySyntaxError) throw new InputError('geomean-threshold', err.message);
    throw err;
  }
  return defaultPolicy({ alpha, rules, geomean });
}

function splitArgs(text: string): string[] {
  return (text.includes('\n') ? text.split(/\r?\n/) : text.split(/\s+/))
    .map((a) => a.trim())
    .filter((a) => a !== '');
}

export function readConfig(
  inputs: Inputs = new Inputs(),
  env: NodeJS.ProcessEnv = process.env,
  io: Pick<RunnerIO, 'warning'> = coreIO,
): BenchGateConfig {
  const workspace = env.GITHUB_WORKSPACE || process.cwd();
  const wdText = inputs.string('working-directory') || '.';
  if (wdText.includes('\0')) throw new InputError('working-directory', 'contains a NUL character');
  const workingDirectory = isAbsolute(wdText) ? wdText : resolve(workspace, wdText);

  const baseFileText = inputs.string('base-file');
  const headFileText = inputs.string('head-file');
  if ((baseFileText === '') !== (headFileText === ''))
    throw new InputError(
      baseFileText === '' ? 'base-file' : 'head-file',
      'base-file and head-file go together: set both or neither',
    );
  const requested = inputs.oneOf('mode', ['go', 'http'] as const, 'go');
  const mode: Mode = baseFileText !== '' ? 'files' : requested;

  if (
    mode !== 'files' &&
    !(existsSync(workingDirectory) && statSync(workingDirectory).isDirectory())
  )
    throw new InputError('working-directory', `${workingDirectory} is not a directory`);

  const packages = inputs.list('packages');
  if (packages.length === 0) packages.push('./...');
  for (const p of packages)
    if (!PACKAGE_PATTERN.test(p))
      throw new InputError(
        'packages',
        `'${p}' is not a Go package pattern (e.g. ./..., ./internal/codec)`,
      );

  const pattern = inputs.string('bench') || '.';
  if (/[\r\n\0]/.test(pattern)) throw new InputError('bench', 'must be one line');
  try {
    new RegExp(pattern);
  } catch {
    throw new InputError('bench', `'${pattern}' is not a valid regular expression`);
  }
  const benchtime = inputs.string('benchtime') || '1s';
  if (!isValidBenchtime(benchtime))
    throw new InputError(
      'benchtime',
      `expected a duration like 1s or 200ms, or a count like 1000x, got '${benchtime}'`,
    );

  const count = inputs.integer('count', { min: 1, max: 1000, fallback: 10 });
  const budgetMs = durationInput(inputs, 'time-budget', 0, { allowZero: true });
  const gomaxprocsText = inputs.string('gomaxprocs');
  const cpuList = inputs.string('cpu-list');
  if (cpuList !== '' && !isValidCpuList(cpuList))
    throw new InputError('cpu-list', `expected CPU numbers like 0, 2-3 or 0,2, got '${cpuList}'`);
  const settings: BenchRunSettings = { pattern, benchtime, count };
  if (gomaxprocsText !== '')
    settings.gomaxprocs = inputs.integer('gomaxprocs', { min: 1, max: 4096 });
  if (cpuList !== '') settings.cpuList = cpuList;
  if (budgetMs > 0) settings.timeBudgetMs = budgetMs;

  const cfg: BenchGateConfig = {
    mode,
    workingDirectory,
    packages,
    settings,
    policy: policyFrom(inputs),
    failOn: inputs.oneOf('fail-on', ['regression', 'none'] as const, 'regression'),
    baseRef: inputs.string('base-ref'),
    token: tokenInput(inputs, io),
    comment: inputs.boolean('comment', true),
    commentKey: inputs.string('comment-key') || env.GITHUB_JOB || 'bench-gate',
    profile: inputs.oneOf('profile', PROFILE_MODES, 'on-regression'),
    artifactName: '',
  };
  const key = cfg.commentKey.replace(/\//g, '-');
  cfg.artifactName =
    inputs.string('artifact-name') || (key.startsWith('bench-gate') ? key : `bench-gate-${key}`);
  if (/[^\w.\-/]/.test(cfg.commentKey))
    throw new InputError('comment-key', 'use letters, digits, . - _ and / only');
  const artifactProblem = artifactNameProblem(cfg.artifactName);
  if (artifactProblem) throw new InputError('artifact-name', artifactProblem);
  if (inputs.string('retention-days') !== '')
    cfg.retentionDays = inputs.integer('retention-days', { min: 1, max: 90 });
  if (baseFileText !== '') {
    cfg.baseFile = resolve(workspace, baseFileText);
    cfg.headFile = resolve(workspace, headFileText);
  }
  if (mode === 'http') {
    const pkg = inputs.string('http-package') || '.';
    if (!PACKAGE_PATTERN.test(pkg) || pkg.includes('...'))
      throw new InputError(
        'http-package',
        `'${pkg}' is not one Go main package (e.g. . or ./cmd/server)`,
      );
    const path = inputs.string('http-path') || '/';
    if (!/^\/[^\s]*$/.test(path))
      throw new InputError('http-path', `expected a path starting with '/', got '${path}'`);
    const rate = inputs.number('http-rate', { min: 1, max: 20000, fallback: 200 });
    const args = splitArgs(inputs.string('http-args') || '-addr {addr}');
    if (!args.some((a) => a.includes('{addr}') || a.includes('{port}')))
      throw new InputError(
        'http-args',
        "must contain {addr} or {port} so the server listens where the load goes (e.g. '-addr {addr}')",
      );
    const profileFlag = inputs.string('http-profile-flag');
    if (profileFlag !== '' && !/^--?[A-Za-z0-9][\w.-]*$/.test(profileFlag))
      throw new InputError(
        'http-profile-flag',
        `expected a flag like -cpuprofile that takes a file name, got '${profileFlag}'`,
      );
    cfg.http = {
      ...(profileFlag !== '' ? { profileFlag } : {}),
      pkg,
      args,
      path,
      rate,
      durationMs: durationInput(inputs, 'http-duration', 3000),
      warmupMs: durationInput(inputs, 'http-warmup', 500, { allowZero: true }),
      readyTimeoutMs: durationInput(inputs, 'http-ready-timeout', 30_000),
      requestTimeoutMs: durationInput(inputs, 'http-request-timeout', 5000),
    };
  }
  return cfg;
}
