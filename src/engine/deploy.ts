/**
 * deployToHost: one release of one service onto one Windows host, as a visible list of named
 * steps over one context (goreleaser's pipes). Each step reads the context, does one thing and
 * records what it did; a step that does not apply says why it is skipped.
 *
 *   validate -> lock -> read state -> plan -> tuning -> upload release -> register service ->
 *   stage release -> swap -> stop -> start -> health -> record            (unlock always)
 *
 * The swap renames the verified binary onto the live path while the old process still runs (a
 * running executable can be renamed, not overwritten), so the service is down for stop + start.
 *
 * Never half-done: once the service was touched, a failure ends in a rollback to the previous
 * release (restore its configuration and binary, restart, check health again), or on a first
 * install in a stopped, registered service; the result says which, in plain words.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Executor } from '../hosts/executor.js';
import { errorMessage, UserError } from '../runner/errors.js';
import { explainServiceExit, explainWin32Error } from '../windows/errors.js';
import {
  copyArgv,
  DEFAULT_KEEP_RELEASES,
  emptyState,
  asidePath,
  deleteAsidesArgv,
  exeName,
  mkdirArgv,
  moveArgv,
  parseState,
  recordDeployed,
  recordFailed,
  releasePaths,
  rmdirArgv,
  rollbackTarget,
  serializeState,
  type DeployState,
  type ReleasePaths,
  type ReleaseRecord,
} from '../windows/release.js';
import { redactArgv, ServiceState, stateName, type ScQueryStatus } from '../windows/sc.js';
import {
  desiredConfig,
  planServiceChanges,
  readServiceConfig,
  restoreTarget,
  validateServiceSpec,
  type ServiceConfig,
  type ServicePlan,
} from '../windows/service.js';
import { checkHealth, validateHealthSpec } from './health.js';
import {
  queryService,
  readServiceKey,
  runOk,
  startService,
  stopService,
  tailFile,
  verifyFile,
} from './host.js';
import { acquireLock, type HeldLock } from './lock.js';
import { applyTuning, TuningError, type ApplyOptions } from './tuning.js';
import type { PlanItem } from './plan.js';
import type {
  EngineLog,
  HostDeployRequest,
  HostDeployResult,
  TuningProfile,
  TuningReport,
} from './types.js';

/** How long `sc start` plus the wait for RUNNING may take. */
export const START_TIMEOUT_SECONDS = 60;
/** Lines of the service log reported when a release fails. */
export const LOG_TAIL_LINES = 20;

export type ApplyTuning = (
  exec: Executor,
  profile: TuningProfile,
  stateFile: string,
  opts: ApplyOptions,
) => Promise<TuningReport>;

export interface EngineDeps {
  /** The tuning engine; src/engine/tuning.ts unless given. */
  applyTuning?: ApplyTuning;
  now?: () => Date;
}

/** A release that did not come up: carries what the SCM said. */
class ReleaseFailure extends Error {
  constructor(
    message: string,
    readonly status?: ScQueryStatus,
    readonly startError?: number,
  ) {
    super(message);
  }
}

interface Before {
  /** undefined: the service did not exist. */
  config?: ServiceConfig;
  status?: ScQueryStatus;
}

interface Ctx {
  exec: Executor;
  req: HostDeployRequest;
  log: EngineLog;
  deps: EngineDeps;
  now: () => Date;
  paths: ReleasePaths;
  desired: ServiceConfig;
  lock?: HeldLock;
  state: DeployState;
  before: Before;
  servicePlan?: ServicePlan;
  plan: PlanItem[];
  tuning: HostDeployResult['tuning'];
  /** Same version, same binary, same configuration, running and healthy. */
  unchanged: boolean;
  /** How far the deploy changed the service: decides how a failure is undone. */
  touched: 'none' | 'config' | 'binary';
  /** The release that ran before this deploy. */
  versionBefore?: string;
  /** Where the swap moved the previous live binary. */
  aside?: string;
  startedAt?: number;
  healthSeconds?: number;
  steps: HostDeployResult['steps'];
}

interface Step {
  name: string;
  /** A reason to skip the step, or false to run it. */
  skip?: (c: Ctx) => string | false;
  run: (c: Ctx) => Promise<void>;
}

const SHA256 = /^[0-9a-fA-F]{64}$/;

// ---------------------------------------------------------------------------------------------
// The pipeline

const notLive = (c: Ctx): string | false =>
  c.req.dryRun ? 'dry run' : c.unchanged ? 'already deployed and healthy' : false;

const PIPELINE: Step[] = [
  {
    name: 'lock',
    skip: (c) => (c.req.dryRun ? 'dry run: nothing is changed, no lock taken' : false),
    run: async (c) => {
      c.lock = await acquireLock(
        c.exec,
        c.paths,
        { ...c.req.lock, version: c.req.release.version, now: c.now },
        c.log,
      );
    },
  },
  { name: 'read state', run: readState },
  { name: 'plan', run: plan },
  {
    name: 'tuning',
    skip: (c) => (c.req.profile === null ? 'no tuning profile' : false),
    run: tuning,
  },
  {
    name: 'upload release',
    skip: (c) => notLive(c) || (c.req.uploaded ? 'uploaded and verified by the caller' : false),
    run: upload,
  },
  {
    name: 'register service',
    skip: (c) =>
      notLive(c) || (c.servicePlan?.steps.length === 0 ? 'configuration unchanged' : false),
    run: register,
  },
  { name: 'stage release', skip: notLive, run: stage },
  { name: 'swap', skip: notLive, run: swap },
  {
    name: 'stop',
    skip: (c) =>
      notLive(c) || (c.before.status?.state === ServiceState.RUNNING ? false : 'not running'),
    run: async (c) => {
      await stopService(c.exec, c.req.service.name, c.req.service.stopTimeoutSeconds, c.log);
    },
  },
  {
    name: 'start',
    skip: (c) =>
      notLive(c) || (c.req.service.startType === 'disabled' ? 'the service is disabled' : false),
    run: start,
  },
  {
    name: 'health',
    skip: (c) =>
      notLive(c) || (c.req.service.startType === 'disabled' ? 'the service is disabled' : false),
    run: health,
  },
  { name: 'record', skip: notLive, run: record },
];

export async function deployToHost(
  exec: Executor,
  req: HostDeployRequest,
  log: EngineLog,
  deps: EngineDeps = {},
): Promise<HostDeployResult> {
  const started = Date.now();
  const now = deps.now ?? (() => new Date());
  // Everything is validated before the first command runs.
  const validated = await validate(req);
  const c: Ctx = {
    exec,
    req,
    log,
    deps,
    now,
    ...validated,
    state: emptyState(req.service.name, req.release.binaryName),
    before: {},
    plan: [],
    tuning: { changed: 0, unchanged: 0, rebootRequired: [] },
    unchanged: false,
    touched: 'none',
    steps: [{ name: 'validate', status: 'done' }],
  };
  const result = (
    outcome: HostDeployResult['outcome'],
    extra: Partial<HostDeployResult> = {},
  ): HostDeployResult => ({
    outcome,
    ...(c.versionBefore !== undefined ? { versionBefore: c.versionBefore } : {}),
    tuning: c.tuning,
    ...(c.healthSeconds !== undefined ? { healthSeconds: c.healthSeconds } : {}),
    durationSeconds: (Date.now() - started) / 1000,
    plan: c.plan,
    steps: c.steps,
    ...extra,
  });

  try {
    for (const step of PIPELINE) {
      const why = step.skip?.(c);
      if (why) {
        c.steps.push({ name: step.name, status: 'skipped', note: why });
        continue;
      }
      log.info(`[${req.service.name}] ${step.name}`);
      try {
        await step.run(c);
        c.steps.push({ name: step.name, status: 'done' });
      } catch (e) {
        c.steps.push({ name: step.name, status: 'failed', note: errorMessage(e) });
        throw e;
      }
    }
    if (req.dryRun) return result('planned');
    if (c.unchanged) return result('unchanged', { versionAfter: req.release.version });
    return result('deployed', { versionAfter: req.release.version });
  } catch (e) {
    if (c.touched === 'none') {
      if (!(e instanceof UserError) && !(e instanceof ReleaseFailure)) throw e;
      return result('failed', {
        error: errorMessage(e),
        ...(c.state.current ? { versionAfter: c.state.current.version } : {}),
      });
    }
    return await recover(c, e, result);
  } finally {
    if (c.lock) {
      await c.lock.release().catch((e: unknown) => {
        log.warning(`Could not remove the deploy lock ${c.paths.lockPath}: ${errorMessage(e)}`);
      });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Steps

async function validate(
  req: HostDeployRequest,
): Promise<{ paths: ReleasePaths; desired: ServiceConfig }> {
  validateServiceSpec(req.service);
  validateHealthSpec(req.health);
  const paths = releasePaths(
    req.root,
    req.service.name,
    req.release.version,
    req.release.binaryName,
  );
  if (!SHA256.test(req.release.sha256))
    throw new UserError(
      `Invalid sha256 '${req.release.sha256}' for release ${req.release.version}: expected 64 hex digits`,
    );
  const keep = req.keepReleases ?? DEFAULT_KEEP_RELEASES;
  if (!Number.isInteger(keep) || keep < 2)
    throw new UserError(
      `keep-releases must be a whole number of at least 2 (the running release and the rollback target), got ${keep}`,
    );
  if (!(req.lock.staleAfterSeconds > 0))
    throw new UserError(
      `Invalid stale lock timeout ${req.lock.staleAfterSeconds}: use seconds above 0`,
    );
  if (!req.uploaded && !req.dryRun) {
    let data: Buffer;
    try {
      data = await readFile(req.release.localFile);
    } catch {
      throw new UserError(
        `Release file ${req.release.localFile} cannot be read: check the path of the downloaded build`,
      );
    }
    const actual = createHash('sha256').update(data).digest('hex');
    if (actual !== req.release.sha256.toLowerCase())
      throw new UserError(
        `Release file ${req.release.localFile} has sha256 ${actual}, expected ${req.release.sha256.toLowerCase()}: the download is corrupt or the checksum belongs to another build`,
      );
  }
  return { paths, desired: desiredConfig(req.service, paths.currentFile) };
}

async function readState(c: Ctx): Promise<void> {
  const text = await c.exec.readFile(c.paths.stateFile);
  if (text) c.state = parseState(text.toString('utf8'), c.paths.stateFile);
  if (c.state.current) c.versionBefore = c.state.current.version;
  if (c.state.service.toLowerCase() !== c.req.service.name.toLowerCase())
    throw new UserError(
      `The state file ${c.paths.stateFile} belongs to service '${c.state.service}', not '${c.req.service.name}': check the root folder`,
    );
  const values = await readServiceKey(c.exec, c.req.service.name);
  if (values) c.before.config = readServiceConfig(values);
  const status = await queryService(c.exec, c.req.service.name);
  if (status) c.before.status = status;
  c.log.info(
    `[${c.req.service.name}] ${
      c.before.config
        ? `installed, ${stateName(status?.state ?? 0)}, release ${c.state.current?.version ?? '(unknown)'}`
        : 'not installed'
    }`,
  );
}

async function plan(c: Ctx): Promise<void> {
  const name = c.req.service.name;
  const { version, sha256 } = c.req.release;
  const opts = c.req.service.password !== undefined ? { password: c.req.service.password } : {};
  c.servicePlan = planServiceChanges(name, c.before.config, c.desired, opts);
  const cur = c.state.current;
  const sameRelease = cur?.version === version && cur.sha256.toLowerCase() === sha256.toLowerCase();
  c.plan.push({
    area: 'release',
    setting: `${name} release`,
    current: cur ? cur.version : '(none)',
    desired: version,
    action: sameRelease ? 'none' : cur ? 'update' : 'create',
    ...(cur && cur.version === version && !sameRelease
      ? { note: 'same version, different binary: redeployed' }
      : {}),
  });
  c.plan.push(...c.servicePlan.rows);
  const target = rollbackTarget(c.state, version);
  if (!c.req.dryRun && !sameRelease)
    c.log.info(
      `[${name}] rollback target: ${target ? target.version : 'none (a failure leaves the service stopped and registered)'}`,
    );

  if (
    !c.req.dryRun &&
    sameRelease &&
    c.servicePlan.steps.length === 0 &&
    c.before.status?.state === ServiceState.RUNNING
  ) {
    // The live file must still be that release (nobody replaced it by hand), and answer.
    const live = await verifyFile(c.exec, c.paths.currentFile, sha256);
    const h = live.ok ? await checkHealth(c.exec, c.req.health, () => isRunning(c)) : undefined;
    if (h?.ok) {
      c.unchanged = true;
      c.log.info(`[${name}] ${version} is already deployed and healthy (${h.detail})`);
    } else {
      c.log.warning(
        `[${name}] ${version} is recorded as deployed but ${
          h ? `not healthy (${h.detail})` : `${c.paths.currentFile} differs from it`
        }: deploying it again`,
      );
    }
  }
}

async function tuning(c: Ctx): Promise<void> {
  const profile = c.req.profile;
  if (profile === null) return;
  const apply = c.deps.applyTuning ?? applyTuning;
  let report: TuningReport;
  try {
    report = await apply(c.exec, profile, c.paths.tuningStateFile, {
      dryRun: c.req.dryRun,
      log: c.log,
      ...(c.req.tuningUnreadable ? { unreadable: c.req.tuningUnreadable } : {}),
    });
  } catch (e) {
    // The rows of a partly failed tuning still belong in the summary.
    if (e instanceof TuningError) c.plan.push(...e.report.rows);
    throw e;
  }
  c.tuning = {
    changed: report.changed,
    unchanged: report.unchanged,
    rebootRequired: report.rebootRequired,
  };
  c.plan.push(...report.rows);
}

async function upload(c: Ctx): Promise<void> {
  const { releaseFile } = c.paths;
  const { sha256, localFile, version } = c.req.release;
  const existing = await verifyFile(c.exec, releaseFile, sha256);
  if (existing.ok) {
    c.log.info(
      `[${c.req.service.name}] ${releaseFile} is already on the host (sha256 checked by ${existing.method})`,
    );
    return;
  }
  await c.exec.upload(localFile, releaseFile);
  const v = await verifyFile(c.exec, releaseFile, sha256);
  if (!v.ok) {
    await c.exec.run(rmdirArgv(c.paths.releaseDir), { timeoutMs: 30_000 }).catch(() => undefined);
    throw new UserError(
      `Release ${version} arrived damaged on the host: sha256 ${v.actual ?? '(unreadable)'} by ${v.method}, expected ${sha256.toLowerCase()}; it was removed, run the deploy again`,
    );
  }
  c.log.info(`[${c.req.service.name}] uploaded ${releaseFile} (sha256 checked by ${v.method})`);
}

async function register(c: Ctx): Promise<void> {
  const steps = c.servicePlan?.steps ?? [];
  c.touched = 'config';
  for (const s of steps) {
    c.log.info(`[${c.req.service.name}] ${s.what}: ${redactArgv(s.argv).join(' ')}`);
    await runOk(c.exec, s.argv, s.what);
  }
}

async function stage(c: Ctx): Promise<void> {
  await stageFile(c, c.paths.releaseFile, c.paths.stagedFile, c.req.release.sha256);
}

async function stageFile(c: Ctx, from: string, to: string, sha256: string): Promise<void> {
  // copy does not create folders; mkdir fails harmlessly when current\ exists.
  await c.exec.run(mkdirArgv(c.paths.currentDir), { timeoutMs: 30_000 });
  await runOk(c.exec, copyArgv(from, to), `copy ${from} to ${to}`);
  const v = await verifyFile(c.exec, to, sha256);
  if (!v.ok)
    throw new UserError(
      `The staged copy ${to} has sha256 ${v.actual ?? '(unreadable)'}, expected ${sha256}: check the disk of the host`,
    );
}

async function swap(c: Ctx): Promise<void> {
  c.touched = 'binary';
  await swapIn(c, c.paths.stagedFile, c.paths.currentFile, c.paths.currentDir);
}

/**
 * Puts the staged binary on the live path while the old process may still run from it: the live
 * file is renamed aside (Windows allows renaming a running executable, not overwriting it), then
 * the staged file is renamed onto the live path. The service restarts into it afterwards.
 */
async function swapIn(c: Ctx, staged: string, live: string, dir: string): Promise<void> {
  const exe = live.split('\\').at(-1) ?? '';
  // Asides of earlier deploys belong to processes that have stopped since.
  await c.exec.run(deleteAsidesArgv(dir, exe), { timeoutMs: 30_000 });
  // Fails harmlessly when there is no live binary yet (first install).
  const aside = asidePath(live, randomBytes(4).toString('hex'));
  const moved = await c.exec.run(moveArgv(live, aside), { timeoutMs: 30_000 });
  if (moved.exitCode === 0) c.aside = aside;
  for (let attempt = 1; ; attempt++) {
    try {
      await runOk(c.exec, moveArgv(staged, live), `move ${staged} to ${live}`);
      return;
    } catch (e) {
      // An antivirus scan or an indexer may hold the new file a moment.
      if (attempt >= 5) throw e;
      await new Promise((r) => setTimeout(r, 400));
    }
  }
}

async function start(c: Ctx): Promise<void> {
  c.startedAt = Date.now();
  const s = await startService(c.exec, c.req.service.name, START_TIMEOUT_SECONDS);
  if (!s.ok) {
    const state = s.status ? stateName(s.status.state) : 'unknown';
    throw new ReleaseFailure(
      s.startError !== undefined
        ? `sc start failed with ${explainWin32Error(s.startError)}`
        : `it did not reach RUNNING within ${START_TIMEOUT_SECONDS} s (state ${state})`,
      s.status,
      s.startError,
    );
  }
}

async function health(c: Ctx): Promise<void> {
  const h = await checkHealth(c.exec, c.req.health, () => isRunning(c));
  if (!h.ok) {
    const status = await queryService(c.exec, c.req.service.name);
    throw new ReleaseFailure(
      `the health check failed after ${h.attempts} attempt(s): ${h.detail}`,
      status,
    );
  }
  c.healthSeconds = (Date.now() - (c.startedAt ?? Date.now())) / 1000;
  c.log.info(`[${c.req.service.name}] healthy: ${h.detail}`);
}

async function record(c: Ctx): Promise<void> {
  const rec: ReleaseRecord = {
    version: c.req.release.version,
    sha256: c.req.release.sha256.toLowerCase(),
    deployedAt: c.now().toISOString(),
  };
  const keep = c.req.keepReleases ?? DEFAULT_KEEP_RELEASES;
  const { state, prune } = recordDeployed(
    { ...c.state, binaryName: exeName(c.req.release.binaryName) },
    rec,
    keep,
  );
  await c.exec.writeFile(c.paths.stateFile, serializeState(state));
  c.state = state;
  for (const v of prune) {
    const dir = releasePaths(
      c.req.root,
      c.req.service.name,
      v,
      c.req.release.binaryName,
    ).releaseDir;
    const r = await c.exec.run(rmdirArgv(dir), { timeoutMs: 60_000 });
    if (r.exitCode !== 0) c.log.warning(`Could not remove the old release ${dir}`);
    else c.log.info(`[${c.req.service.name}] removed old release ${v}`);
  }
}

async function isRunning(c: Ctx): Promise<boolean> {
  return (await queryService(c.exec, c.req.service.name))?.state === ServiceState.RUNNING;
}

// ---------------------------------------------------------------------------------------------
// Recovery

/**
 * Undoes a failed deploy. Before the binary was replaced: restore the configuration and the old
 * service state. After: roll back to the previous release and check its health; on a first
 * install, stop the new service and leave it registered.
 */
async function recover(
  c: Ctx,
  err: unknown,
  result: (o: HostDeployResult['outcome'], x?: Partial<HostDeployResult>) => HostDeployResult,
): Promise<HostDeployResult> {
  const name = c.req.service.name;
  const version = c.req.release.version;
  const reason = errorMessage(err);
  const undo = (step: string, status: 'done' | 'failed', note?: string) =>
    c.steps.push({ name: `rollback: ${step}`, status, ...(note ? { note } : {}) });

  // What the failed release left behind: exit codes, SCM error, log lines.
  let status = err instanceof ReleaseFailure ? err.status : undefined;
  if (c.touched === 'binary') status = (await queryService(c.exec, name)) ?? status;
  const logTail = c.req.service.logFile
    ? await tailFile(c.exec, c.req.service.logFile, LOG_TAIL_LINES)
    : [];
  const exitCode =
    status && status.state === ServiceState.STOPPED && status.win32ExitCode !== 0
      ? status.win32ExitCode === 1066
        ? status.serviceExitCode
        : status.win32ExitCode
      : undefined;
  let what = `Release ${version} of ${name} failed: ${reason}`;
  if (c.touched === 'binary' && status && status.state === ServiceState.STOPPED)
    what += `; the service stopped with ${explainServiceExit(status.win32ExitCode, status.serviceExitCode)}`;
  if (err instanceof ReleaseFailure && status?.win32ExitCode === 1066)
    what += ` (SCM: ${explainWin32Error(1066)})`;
  else if (status && status.win32ExitCode !== 0 && status.win32ExitCode !== 1066)
    what += ` (SCM: ${explainWin32Error(status.win32ExitCode)})`;
  if (logTail.length > 0) {
    c.log.warning(`[${name}] last lines of ${c.req.service.logFile ?? ''}:\n${logTail.join('\n')}`);
    what += `; last log line: ${logTail.at(-1)?.trim() ?? ''}`;
  }
  c.log.warning(what);
  const diag = {
    ...(exitCode !== undefined ? { exitCode } : {}),
    ...(logTail.length ? { logTail } : {}),
  };

  const restoreConfig = async () => {
    if (!c.before.config) return;
    const values = await readServiceKey(c.exec, name);
    if (!values) return;
    const now = readServiceConfig(values);
    const back = planServiceChanges(name, now, restoreTarget(name, c.before.config, c.desired), {
      restoring: true,
    });
    for (const s of back.steps) await runOk(c.exec, s.argv, `restore: ${s.what}`);
    undo(
      'restore configuration',
      'done',
      back.steps.length ? `${back.steps.length} command(s)` : 'unchanged',
    );
  };

  const writeFailure = async () => {
    const failed = recordFailed(c.state, version, what, c.now().toISOString());
    await c.exec.writeFile(c.paths.stateFile, serializeState(failed)).catch(() => undefined);
    // A release that never went live is not kept (nothing would ever prune it).
    if (!c.state.releases.some((r) => r.version === version))
      await c.exec.run(rmdirArgv(c.paths.releaseDir), { timeoutMs: 60_000 }).catch(() => undefined);
  };

  try {
    if (c.touched === 'config') {
      // The new binary never went live and the service was not stopped: put the configuration back.
      await restoreConfig();
      if (c.before.status?.state === ServiceState.RUNNING && !(await isRunning(c))) {
        const s = await startService(c.exec, name, START_TIMEOUT_SECONDS);
        undo('start the old release', s.ok ? 'done' : 'failed');
      }
      await writeFailure();
      return result('failed', {
        error: c.before.config
          ? `${what}. The previous release was not replaced and its configuration was restored`
          : `${what}. No release went live: the service is registered and not started`,
        ...(c.state.current ? { versionAfter: c.state.current.version } : {}),
        ...diag,
      });
    }

    const target = rollbackTarget(c.state, version);
    if (!target) {
      await stopService(c.exec, name, c.req.service.stopTimeoutSeconds, c.log);
      undo('stop the failed release', 'done');
      // A service that existed without a recorded release (installed by hand, or its state file
      // was lost): its configuration goes back; its old binary was moved aside, not deleted.
      if (c.before.config) await restoreConfig();
      await writeFailure();
      return result('failed', {
        error: c.before.config
          ? `${what}. No recorded previous release to roll back to (${c.paths.stateFile} has none): the service is stopped, its configuration restored, and its previous binary kept as ${c.aside ?? '(none)'}`
          : `${what}. No previous release to roll back to (first install): the service is stopped and left registered`,
        ...diag,
      });
    }

    c.log.warning(`[${name}] rolling back to ${target.version}`);
    const prev = releasePaths(c.req.root, name, target.version, c.state.binaryName);
    const ok = await verifyFile(c.exec, prev.releaseFile, target.sha256);
    if (!ok.ok)
      throw new UserError(
        `the previous release ${prev.releaseFile} is missing or damaged (sha256 by ${ok.method})`,
      );
    await stageFile(c, prev.releaseFile, prev.stagedFile, target.sha256);
    await swapIn(c, prev.stagedFile, prev.currentFile, prev.currentDir);
    undo(`put ${target.version} back`, 'done');
    await stopService(c.exec, name, c.req.service.stopTimeoutSeconds, c.log);
    undo('stop the failed release', 'done');
    await restoreConfig();
    const s = await startService(c.exec, name, START_TIMEOUT_SECONDS);
    if (!s.ok)
      throw new UserError(
        `${target.version} did not start again (${stateName(s.status?.state ?? 0)})`,
      );
    // The release put back answers with its own version, not the one that failed.
    const health =
      c.req.health.expectVersion !== undefined
        ? { ...c.req.health, expectVersion: target.version }
        : c.req.health;
    const h = await checkHealth(c.exec, health, () => isRunning(c));
    if (!h.ok) throw new UserError(`${target.version} is running but not healthy: ${h.detail}`);
    undo(`health of ${target.version}`, 'done', h.detail);
    await writeFailure();
    return result('rolled-back', {
      versionAfter: target.version,
      error: `${what}. Rolled back to ${target.version}, which is healthy`,
      ...diag,
    });
  } catch (e) {
    undo('rollback', 'failed', errorMessage(e));
    await writeFailure();
    return result('failed', {
      error: `${what}. The rollback failed too: ${errorMessage(e)}. Check the host`,
      ...diag,
    });
  }
}
