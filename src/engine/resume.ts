/**
 * An interrupted deploy found in the state file (journal.ts) is resolved before this deploy
 * plans anything. Finished, when the release it was putting in is live, running and healthy: it is
 * recorded as deployed. Otherwise undone: the release it replaced is put back (binary and
 * configuration), started and checked; on an interrupted first install the service is stopped.
 * Either way the log and the job summary say which, and this deploy then goes on from there.
 */
import { UserError } from '../runner/errors.js';
import {
  DEFAULT_KEEP_RELEASES,
  exeName,
  recordDeployed,
  recordFailed,
  releasePaths,
} from '../windows/release.js';
import { START_TIMEOUT_SECONDS, type Ctx } from './context.js';
import { checkHealth } from './health.js';
import { startService, stopService, verifyFile } from './host.js';
import { closeJournal, type Transaction } from './journal.js';
import { restoreConfig } from './recover.js';
import { healthFor, isRunning, pruneReleases, putReleaseBack, readService } from './steps.js';

export async function resumeInterrupted(c: Ctx): Promise<void> {
  const tx = c.interrupted;
  if (!tx) return;
  const finished = await finish(c, tx);
  const note = finished ?? (await undo(c, tx));
  delete c.interrupted;
  c.notes.push(note);
  c.log.warning(`[${c.req.service.name}] ${note}`);
  await readService(c);
}

/** The interrupted release is live, running and healthy: record it. */
async function finish(c: Ctx, tx: Transaction): Promise<string | undefined> {
  // Only after `start` does the process run the new binary (before it, the old process may still
  // answer a health check that does not ask for a version).
  if (tx.phase !== 'start' && tx.phase !== 'health') return undefined;
  const live = await verifyFile(c.exec, c.paths.currentFile, tx.sha256);
  if (!live.ok || !(await isRunning(c))) return undefined;
  const h = await checkHealth(c.exec, healthFor(c, tx.version), () => isRunning(c));
  if (!h.ok) return undefined;
  const { state, prune } = recordDeployed(
    { ...c.state, binaryName: exeName(c.req.release.binaryName) },
    { version: tx.version, sha256: tx.sha256, deployedAt: c.now().toISOString() },
    c.req.keepReleases ?? DEFAULT_KEEP_RELEASES,
  );
  await closeJournal(c, state);
  c.state = state;
  await pruneReleases(c, prune);
  return `Finished the interrupted deploy of ${tx.version} (cut off at its '${tx.phase}' step): it is live and healthy (${h.detail})`;
}

/** Puts back what ran before the interrupted deploy, as far as it had changed anything. */
async function undo(c: Ctx, tx: Transaction): Promise<string> {
  const name = c.req.service.name;
  const at = `cut off at its '${tx.phase}' step`;
  try {
    if (tx.phase === 'register') {
      // Only the configuration may have changed; the old binary kept running.
      await restoreConfig(c, tx.configBefore);
      if (tx.wasRunning && !(await isRunning(c))) {
        const s = await startService(c.exec, name, START_TIMEOUT_SECONDS);
        if (!s.ok)
          throw new UserError(`${name} did not start again after its configuration was restored`);
      }
      await closeJournal(c, failedState(c, tx));
      return `Undid the interrupted deploy of ${tx.version} (${at}): its configuration change was put back; the binary had not been replaced`;
    }
    const from = tx.from;
    if (!from) {
      await stopService(c.exec, name, c.req.service.stopTimeoutSeconds, c.log);
      await closeJournal(c, failedState(c, tx));
      return `Undid the interrupted first install of ${tx.version} (${at}): the service is stopped and registered, and is installed again now`;
    }
    const prev = releasePaths(c.req.root, name, from.version, c.state.binaryName);
    const live = await verifyFile(c.exec, prev.currentFile, from.sha256);
    if (!live.ok) {
      await putReleaseBack(c, prev, from.sha256);
      await stopService(c.exec, name, c.req.service.stopTimeoutSeconds, c.log);
    } else if (tx.phase !== 'swap') {
      // The old binary is back in place, but the process may still be the new one (a rollback
      // cut off between its swap and its stop): restart it from the live file.
      await stopService(c.exec, name, c.req.service.stopTimeoutSeconds, c.log);
    }
    await restoreConfig(c, tx.configBefore);
    if (tx.wasRunning && !(await isRunning(c))) {
      const s = await startService(c.exec, name, START_TIMEOUT_SECONDS);
      if (!s.ok) throw new UserError(`${from.version} did not start again`);
    }
    let health = '';
    if (tx.wasRunning) {
      const h = await checkHealth(c.exec, healthFor(c, from.version), () => isRunning(c));
      if (!h.ok) throw new UserError(`${from.version} is running but not healthy: ${h.detail}`);
      health = `, which is healthy (${h.detail})`;
    }
    await closeJournal(c, failedState(c, tx));
    return `Undid the interrupted deploy of ${tx.version} (${at}): ${from.version} was put back${health}`;
  } catch (e) {
    throw new UserError(
      `An interrupted deploy of ${tx.version} (${at}) could not be undone: ${e instanceof Error ? e.message : String(e)}. Check the host; the record stays in ${c.paths.stateFile} for the next deploy`,
    );
  }
}

function failedState(c: Ctx, tx: Transaction) {
  return recordFailed(
    c.state,
    tx.version,
    `interrupted at its '${tx.phase}' step (the run was cancelled or killed) and undone by the next deploy`,
    c.now().toISOString(),
  );
}
