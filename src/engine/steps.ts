/**
 * The bodies of a host deploy's steps (the list that orders them is in deploy.ts). Each one does
 * one thing over the shared context and records in it what it changed, so a failure can be undone
 * by recover.ts: `touched` becomes 'config' before the service configuration is changed and
 * 'binary' before the live binary is swapped.
 */
import { randomBytes } from 'node:crypto';
import { UserError } from '../runner/errors.js';
import { sleep } from '../runner/time.js';
import { explainServiceExit, explainWin32Error } from '../windows/errors.js';
import {
  copyArgv,
  DEFAULT_KEEP_RELEASES,
  asidePath,
  deleteAsidesArgv,
  exeName,
  mkdirArgv,
  moveArgv,
  parseState,
  recordDeployed,
  releasePaths,
  rmdirArgv,
  rollbackTarget,
  type ReleasePaths,
  type ReleaseRecord,
} from '../windows/release.js';
import { redactArgv, ServiceState, stateName } from '../windows/sc.js';
import { planServiceChanges, readServiceConfig } from '../windows/service.js';
import {
  Cancelled,
  START_TIMEOUT_SECONDS,
  ReleaseFailure,
  StoppedAtStart,
  type Ctx,
} from './context.js';
import { checkHealth } from './health.js';
import {
  HostCommandError,
  queryService,
  readServiceAndStatus,
  runOk,
  startService,
  verifyFile,
} from './host.js';
import { runEach } from '../hosts/executor.js';
import { closeJournal, takeTransaction } from './journal.js';
import { applyTuning, TuningError } from './tuning.js';
import type { HealthSpec, TuningReport } from './types.js';

export async function readState(c: Ctx): Promise<void> {
  const text = await c.exec.readFile(c.paths.stateFile);
  if (text) c.state = parseState(text.toString('utf8'), c.paths.stateFile);
  if (c.state.service.toLowerCase() !== c.req.service.name.toLowerCase())
    throw new UserError(
      `The state file ${c.paths.stateFile} belongs to service '${c.state.service}', not '${c.req.service.name}': check the root folder`,
    );
  const tx = takeTransaction(c.state, c.paths.stateFile);
  if (tx) {
    c.interrupted = tx;
    c.log.warning(
      `[${c.req.service.name}] an earlier deploy of ${tx.version} was interrupted at its '${tx.phase}' step (started ${tx.startedAt}${tx.by ? ` by ${tx.by}` : ''})${c.req.dryRun ? ': a deploy will finish or undo it first' : ''}`,
    );
  }
  await readService(c);
}

/** What runs on the host now: the service's configuration and status, and the recorded release. */
export async function readService(c: Ctx): Promise<void> {
  delete c.before.config;
  delete c.before.status;
  if (c.state.current) c.versionBefore = c.state.current.version;
  // One round trip for both reads where the host is remote.
  const { values, status } = await readServiceAndStatus(c.exec, c.req.service.name);
  if (values) c.before.config = readServiceConfig(values);
  if (status) c.before.status = status;
  c.log.info(
    `[${c.req.service.name}] ${
      c.before.config
        ? `installed, ${stateName(status?.state ?? 0)}, release ${c.state.current?.version ?? '(unknown)'}`
        : 'not installed'
    }`,
  );
}

export async function plan(c: Ctx): Promise<void> {
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

export async function tuning(c: Ctx): Promise<void> {
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
    ...(report.notRead ? { notRead: report.notRead } : {}),
    rebootRequired: report.rebootRequired,
  };
  c.plan.push(...report.rows);
}

export async function upload(c: Ctx): Promise<void> {
  const { releaseFile } = c.paths;
  const { sha256, localFile, version } = c.req.release;
  // Only a release the state file records can already be on the host whole (an upload goes to a
  // temporary name first, and a failed release's folder is removed): check it then, else upload.
  const recorded = c.state.releases.some(
    (r) => r.version === version && r.sha256.toLowerCase() === sha256.toLowerCase(),
  );
  const existing = recorded ? await verifyFile(c.exec, releaseFile, sha256) : undefined;
  if (existing?.ok) {
    c.log.info(
      `[${c.req.service.name}] ${releaseFile} is already on the host (sha256 checked by ${existing.method})`,
    );
    return;
  }
  await abortable(c, c.exec.upload(localFile, releaseFile));
  const v = await verifyFile(c.exec, releaseFile, sha256);
  if (!v.ok) {
    await c.exec.run(rmdirArgv(c.paths.releaseDir), { timeoutMs: 30_000 }).catch(() => undefined);
    throw new UserError(
      `Release ${version} arrived damaged on the host: sha256 ${v.actual ?? '(unreadable)'} by ${v.method}, expected ${sha256.toLowerCase()}; it was removed, run the deploy again`,
    );
  }
  c.log.info(`[${c.req.service.name}] uploaded ${releaseFile} (sha256 checked by ${v.method})`);
}

export async function register(c: Ctx): Promise<void> {
  const steps = c.servicePlan?.steps ?? [];
  c.touched = 'config';
  for (const s of steps) {
    c.log.info(`[${c.req.service.name}] ${s.what}: ${redactArgv(s.argv).join(' ')}`);
    await runOk(c.exec, s.argv, s.what);
  }
}

export async function stage(c: Ctx): Promise<void> {
  await stageFile(c, c.paths.releaseFile, c.paths.stagedFile, c.req.release.sha256);
}

export async function stageFile(c: Ctx, from: string, to: string, sha256: string): Promise<void> {
  // copy does not create folders; mkdir fails harmlessly when current\ exists. One round trip.
  const copy = copyArgv(from, to);
  const [, copied] = await runEach(c.exec, [mkdirArgv(c.paths.currentDir), copy], {
    timeoutMs: 120_000,
  });
  if (copied!.exitCode !== 0) throw new HostCommandError(copy, copied!, `copy ${from} to ${to}`);
  const v = await verifyFile(c.exec, to, sha256);
  if (!v.ok)
    throw new UserError(
      `The staged copy ${to} has sha256 ${v.actual ?? '(unreadable)'}, expected ${sha256}: check the disk of the host`,
    );
}

/**
 * Puts an earlier release, kept in its release folder, back on the live path: verified by its
 * sha256 first (a damaged copy is never put in), then staged and swapped in as a new one is.
 */
export async function putReleaseBack(
  c: Ctx,
  prev: Pick<ReleasePaths, 'releaseFile' | 'stagedFile' | 'currentFile' | 'currentDir'>,
  sha256: string,
): Promise<void> {
  const kept = await verifyFile(c.exec, prev.releaseFile, sha256);
  if (!kept.ok)
    throw new UserError(
      `the previous release ${prev.releaseFile} is missing or damaged (sha256 by ${kept.method})`,
    );
  await stageFile(c, prev.releaseFile, prev.stagedFile, sha256);
  await swapIn(c, prev.stagedFile, prev.currentFile, prev.currentDir);
}

export async function swap(c: Ctx): Promise<void> {
  c.touched = 'binary';
  await swapIn(c, c.paths.stagedFile, c.paths.currentFile, c.paths.currentDir);
}

/**
 * Puts the staged binary on the live path while the old process may still run from it: the live
 * file is renamed aside (Windows allows renaming a running executable, not overwriting it), then
 * the staged file is renamed onto the live path. The service restarts into it afterwards.
 */
export async function swapIn(c: Ctx, staged: string, live: string, dir: string): Promise<void> {
  const exe = live.split('\\').at(-1) ?? '';
  const aside = asidePath(live, randomBytes(4).toString('hex'));
  // One round trip: asides of earlier deploys go (their processes have stopped since); the live
  // binary is moved aside (fails harmlessly on a first install); the staged one takes its place.
  const [, moved, placed] = await runEach(
    c.exec,
    [deleteAsidesArgv(dir, exe), moveArgv(live, aside), moveArgv(staged, live)],
    { timeoutMs: 30_000 },
  );
  if (moved!.exitCode === 0) c.aside = aside;
  if (placed!.exitCode === 0) return;
  for (let attempt = 2; ; attempt++) {
    // An antivirus scan or an indexer may hold the new file a moment.
    await sleep(400);
    try {
      await runOk(c.exec, moveArgv(staged, live), `move ${staged} to ${live}`);
      return;
    } catch (e) {
      if (attempt >= 5) throw e;
    }
  }
}

export async function start(c: Ctx): Promise<void> {
  c.startedAt = Date.now();
  const s = await abortable(c, startService(c.exec, c.req.service.name, START_TIMEOUT_SECONDS));
  if (s.ok) return;
  if (s.startError !== undefined)
    throw new ReleaseFailure(
      `sc start failed with ${explainWin32Error(s.startError)}`,
      s.status,
      s.startError,
    );
  // STOPPED while waiting for RUNNING: the process exited; waiting longer cannot help.
  if (s.status?.state === ServiceState.STOPPED)
    throw new StoppedAtStart(
      `it stopped during start with ${explainServiceExit(s.status.win32ExitCode, s.status.serviceExitCode)}`,
      s.status,
    );
  throw new ReleaseFailure(
    `it did not reach RUNNING within ${START_TIMEOUT_SECONDS} s (state ${s.status ? stateName(s.status.state) : 'unknown'})`,
    s.status,
  );
}

export async function health(c: Ctx): Promise<void> {
  const h = await abortable(
    c,
    checkHealth(c.exec, c.req.health, () => isRunning(c)),
  );
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

export async function record(c: Ctx): Promise<void> {
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
  await closeJournal(c, state);
  c.state = state;
  await pruneReleases(c, prune);
}

/** Removes the release folders `recordDeployed` no longer keeps. */
export async function pruneReleases(c: Ctx, prune: readonly string[]): Promise<void> {
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

/**
 * Waits for `work` unless the run is cancelled first: then the wait is given up (what it polls
 * only reads, so it may finish in the background) and the step fails with Cancelled.
 */
export async function abortable<T>(c: Ctx, work: Promise<T>): Promise<T> {
  const signal = c.deps.signal;
  if (!signal) return work;
  work.catch(() => undefined);
  if (signal.aborted) throw new Cancelled();
  let onAbort = () => undefined as void;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(new Cancelled());
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work, aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/** The health check for `version`: the one asked for, expecting that version when it expects one. */
export function healthFor(c: Ctx, version: string): HealthSpec {
  return c.req.health.expectVersion !== undefined
    ? { ...c.req.health, expectVersion: version }
    : c.req.health;
}

export async function isRunning(c: Ctx): Promise<boolean> {
  return (await queryService(c.exec, c.req.service.name))?.state === ServiceState.RUNNING;
}
