/**
 * Recovery after a failed step: the failure is explained (what the SCM said, the service log's
 * last lines), then undone as far as the service was touched: a configuration change is put
 * back; a swapped binary is rolled back to the previous release and its health checked again;
 * a first install is stopped and left registered. The result says which, in plain words.
 */
import { errorMessage, UserError } from '../runner/errors.js';
import { explainServiceExit, explainWin32Error } from '../windows/errors.js';
import {
  recordFailed,
  releasePaths,
  rmdirArgv,
  rollbackTarget,
  serializeState,
} from '../windows/release.js';
import { ServiceState, stateName } from '../windows/sc.js';
import {
  planServiceChanges,
  readServiceConfig,
  restoreTarget,
  type ServiceConfig,
} from '../windows/service.js';
import {
  LOG_TAIL_LINES,
  ReleaseFailure,
  START_TIMEOUT_SECONDS,
  StoppedAtStart,
  type Ctx,
  type ResultOf,
} from './context.js';
import { checkHealth } from './health.js';
import {
  queryService,
  readServiceKey,
  runOk,
  startService,
  stopService,
  tailFile,
} from './host.js';
import { closeJournal, journal, type JournaledState } from './journal.js';
import { healthFor, isRunning, putReleaseBack } from './steps.js';
import type { HostDeployResult } from './types.js';

/**
 * Undoes a failed deploy. Before the binary was replaced: restore the configuration and the old
 * service state. After: roll back to the previous release and check its health; on a first
 * install, stop the new service and leave it registered.
 */
export async function recover(c: Ctx, err: unknown, result: ResultOf): Promise<HostDeployResult> {
  const name = c.req.service.name;
  const version = c.req.release.version;
  const reason = errorMessage(err);
  const undo = (step: string, status: 'done' | 'failed', note?: string) =>
    c.steps.push({ name: `rollback: ${step}`, status, ...(note ? { note } : {}) });

  // Written ahead: a rollback cut short (the runner's SIGKILL) is finished by the next deploy.
  await journal(c, 'rollback').catch(() => undefined);

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
  if (
    c.touched === 'binary' &&
    !(err instanceof StoppedAtStart) &&
    status &&
    status.state === ServiceState.STOPPED
  )
    what += `; the service stopped with ${explainServiceExit(status.win32ExitCode, status.serviceExitCode)}`;
  if (err instanceof ReleaseFailure && status?.win32ExitCode === 1066)
    what += ` (SCM: ${explainWin32Error(1066)})`;
  else if (status && status.win32ExitCode !== 0 && status.win32ExitCode !== 1066)
    what += ` (SCM: ${explainWin32Error(status.win32ExitCode)})`;
  // The log's last lines travel in the result (logTail) and are printed once, by the caller.
  c.log.warning(what);
  const diag = {
    ...(exitCode !== undefined ? { exitCode } : {}),
    ...(logTail.length ? { logTail } : {}),
  };

  const restore = async () => {
    const n = await restoreConfig(c, c.before.config);
    if (n !== undefined) undo('restore configuration', 'done', n ? `${n} command(s)` : 'unchanged');
  };

  /** The failure recorded; `undone`: the journal is closed, else kept for the next deploy. */
  const writeFailure = async (undone = true) => {
    const failed = recordFailed(c.state, version, what, c.now().toISOString());
    if (undone) await closeJournal(c, failed).catch(() => undefined);
    else
      await c.exec
        .writeFile(
          c.paths.stateFile,
          serializeState({ ...failed, transaction: c.tx } as JournaledState),
        )
        .catch(() => undefined);
    // A release that never went live is not kept (nothing would ever prune it).
    if (undone && !c.state.releases.some((r) => r.version === version))
      await c.exec.run(rmdirArgv(c.paths.releaseDir), { timeoutMs: 60_000 }).catch(() => undefined);
  };

  try {
    if (c.touched === 'config') {
      // The new binary never went live and the service was not stopped: put the configuration back.
      await restore();
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
      if (c.before.config) await restore();
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
    await putReleaseBack(c, prev, target.sha256);
    undo(`put ${target.version} back`, 'done');
    await stopService(c.exec, name, c.req.service.stopTimeoutSeconds, c.log);
    undo('stop the failed release', 'done');
    await restore();
    const s = await startService(c.exec, name, START_TIMEOUT_SECONDS);
    if (!s.ok)
      throw new UserError(
        `${target.version} did not start again (${stateName(s.status?.state ?? 0)})`,
      );
    // The release put back answers with its own version, not the one that failed.
    const h = await checkHealth(c.exec, healthFor(c, target.version), () => isRunning(c));
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
    await writeFailure(false);
    return result('failed', {
      error: `${what}. The rollback failed too: ${errorMessage(e)}. Check the host`,
      ...diag,
    });
  }
}

/**
 * Puts the service's configuration back to `before` (what was read before a deploy changed it),
 * for the settings a deploy manages. Returns the number of commands run, or undefined when there
 * was nothing to restore (no configuration before, or no service now).
 */
export async function restoreConfig(
  c: Ctx,
  before: ServiceConfig | undefined,
): Promise<number | undefined> {
  const name = c.req.service.name;
  if (!before) return undefined;
  const values = await readServiceKey(c.exec, name);
  if (!values) return undefined;
  const now = readServiceConfig(values);
  const back = planServiceChanges(name, now, restoreTarget(name, before, c.desired), {
    restoring: true,
  });
  for (const s of back.steps) await runOk(c.exec, s.argv, `restore: ${s.what}`);
  return back.steps.length;
}
