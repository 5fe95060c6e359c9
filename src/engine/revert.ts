/**
 * After a deploy: the two things a rollout in waves asks of a host it already upgraded. One
 * attempt of its health check (the bake polls it), and putting it back on the release it ran
 * before (a halt). The way back is a deploy of that release, kept on the host in its release
 * folder, through the same steps as any deploy: lock, journal, stage and sha256 check, swap, start,
 * health of that release, record. So a revert cut off by the runner is finished or undone by the
 * next deploy like any other, and a host put back ends healthy on its previous release or says
 * why not.
 */
import type { Executor } from '../hosts/executor.js';
import { errorMessage } from '../runner/errors.js';
import type { RunnerIO } from '../runner/io.js';
import { parseState, releasePaths, type ReleaseRecord } from '../windows/release.js';
import { ServiceState } from '../windows/sc.js';
import type { EngineDeps } from './context.js';
import { deployToHost } from './deploy.js';
import { probe, type ProbeResult } from './health.js';
import { queryService } from './host.js';
import type { HostDeployRequest, HostDeployResult } from './types.js';

/** One attempt of the host's health check for the service of `req`, as the deploy checks it. */
export async function probeHealth(exec: Executor, req: HostDeployRequest): Promise<ProbeResult> {
  const running = async () =>
    (await queryService(exec, req.service.name))?.state === ServiceState.RUNNING;
  try {
    return await probe(exec, req.health, running);
  } catch (e) {
    return { ok: false, detail: errorMessage(e) };
  }
}

export interface RevertResult {
  ok: boolean;
  /** The release the host runs afterwards, when known. */
  versionAfter?: string;
  detail: string;
  /** The deploy of the previous release, when one ran. */
  deploy?: HostDeployResult;
}

/**
 * Puts a host that runs `req`'s release (deployed by this run) back on the release before it,
 * recorded in its state file as `previous`. A host that does not run `req`'s release is left
 * alone; one without a previous release (a first install) is left as it is, and says so.
 */
export async function revertHost(
  exec: Executor,
  req: HostDeployRequest,
  log: Pick<RunnerIO, 'info' | 'warning'>,
  deps: EngineDeps = {},
): Promise<RevertResult> {
  const { version, binaryName } = req.release;
  const paths = releasePaths(req.root, req.service.name, version, binaryName);
  const text = await exec.readFile(paths.stateFile);
  const state = text ? parseState(text.toString('utf8'), paths.stateFile) : undefined;
  const current = state?.current;
  if (!current || current.version !== version)
    return {
      ok: false,
      ...(current ? { versionAfter: current.version } : {}),
      detail: `not rolled back: the host's state file names ${current ? current.version : 'no release'} as running, not ${version}`,
    };
  const previous: ReleaseRecord | undefined = state.previous;
  if (!previous || previous.version === version)
    return {
      ok: false,
      versionAfter: version,
      detail: `not rolled back: ${version} was its first release (no previous release to go back to); it still runs ${version}`,
    };
  log.warning(`[${req.service.name}] rolling back to ${previous.version} (the rollout halted)`);
  const back: HostDeployRequest = {
    ...req,
    release: { version: previous.version, sha256: previous.sha256, localFile: '', binaryName },
    // The previous release is on the host already, in its release folder; staging checks its sha256.
    uploaded: true,
    health:
      req.health.expectVersion !== undefined
        ? { ...req.health, expectVersion: previous.version }
        : req.health,
    dryRun: false,
  };
  const r = await deployToHost(exec, back, log, deps);
  if (r.outcome === 'deployed' || r.outcome === 'unchanged')
    return {
      ok: true,
      versionAfter: previous.version,
      detail: `rolled back to ${previous.version}, which is healthy`,
      deploy: r,
    };
  return {
    ok: false,
    ...(r.versionAfter !== undefined ? { versionAfter: r.versionAfter } : {}),
    detail: `the rollback to ${previous.version} failed: ${r.error ?? r.outcome}`,
    deploy: r,
  };
}
