/**
 * deployToHost: one release of one service onto one Windows host, as a visible list of named
 * steps over one context (goreleaser's pipes). Each step does one thing (its body is in
 * steps.ts); a step that does not apply says why it is skipped; the result lists every step.
 *
 *   validate -> secure folders -> lock -> read state -> resume interrupted deploy -> plan ->
 *   tuning -> upload release -> register service -> stage release -> swap -> stop -> start ->
 *   health -> record                                                       (unlock always)
 *
 * Before each step that changes the live service (`phase`), the state file on the host is
 * rewritten with a journal record (journal.ts), so a deploy killed at any point is finished or
 * undone by the next one (resume.ts). A cancelled run (the runner's SIGINT, `deps.signal`) starts
 * no further step and gives up a wait in progress; what was changed is undone at once.
 *
 * The swap renames the verified binary onto the live path while the old process still runs (a
 * running executable can be renamed, not overwritten), so the service is down for stop + start.
 *
 * Never half-done: once the service was touched, a failure ends in recover.ts: a rollback to the
 * previous release (restore its configuration and binary, restart, check health again), or on a
 * first install a stopped, registered service; the result says which, in plain words.
 */
import type { Executor } from '../hosts/executor.js';
import { errorMessage, UserError } from '../runner/errors.js';
import { emptyState } from '../windows/release.js';
import { ServiceState } from '../windows/sc.js';
import type { RunnerIO } from '../runner/io.js';
import { Cancelled, ReleaseFailure, type Ctx, type EngineDeps } from './context.js';
import { checkTextCarried, stopService } from './host.js';
import { journal, type Phase } from './journal.js';
import { acquireLock } from './lock.js';
import { recover } from './recover.js';
import { resumeInterrupted } from './resume.js';
import { ACLS_SKIPPED, aclsEnforceable, secureFolders } from './secure-folders.js';
import {
  health,
  plan,
  readState,
  record,
  register,
  stage,
  start,
  swap,
  tuning,
  upload,
} from './steps.js';
import type { HostDeployRequest, HostDeployResult } from './types.js';
import { validateRequest } from './validate.js';

export {
  START_TIMEOUT_SECONDS,
  LOG_TAIL_LINES,
  type ApplyTuning,
  type EngineDeps,
} from './context.js';

export interface Step {
  name: string;
  /** A reason to skip the step, or false to run it. */
  skip?: (c: Ctx) => string | false;
  /** Listed in the result only when it runs (it applies to few deploys). */
  unlistedWhenSkipped?: true;
  /** The journal phase written to the host before the step runs (it changes the live service). */
  phase?: Phase;
  run: (c: Ctx) => Promise<void>;
}

const notLive = (c: Ctx): string | false =>
  c.req.dryRun ? 'dry run' : c.unchanged ? 'already deployed and healthy' : false;

const disabled = (c: Ctx): string | false =>
  notLive(c) || (c.req.service.startType === 'disabled' ? 'the service is disabled' : false);

/** The steps of a deploy, in order: `validate` runs before them, before the first command. */
export const PIPELINE: readonly Step[] = [
  {
    name: 'secure folders',
    skip: (c) =>
      c.req.dryRun
        ? 'dry run: folders are not created or locked'
        : aclsEnforceable(c.exec)
          ? false
          : ACLS_SKIPPED,
    run: secureFolders,
  },
  {
    name: 'lock',
    skip: (c) => (c.req.dryRun ? 'dry run: nothing is changed, no lock taken' : false),
    run: async (c) => {
      c.lock = await acquireLock(
        c.exec,
        c.paths,
        { ...c.req.lock, version: c.req.release.version, now: c.now, ...c.deps.lease },
        c.log,
      );
    },
  },
  { name: 'read state', run: readState },
  {
    name: 'resume interrupted deploy',
    unlistedWhenSkipped: true,
    skip: (c) =>
      !c.interrupted
        ? 'no interrupted deploy'
        : c.req.dryRun
          ? `dry run: the deploy of ${c.interrupted.version} cut off at '${c.interrupted.phase}' is left for a real deploy`
          : false,
    run: resumeInterrupted,
  },
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
    phase: 'register',
    run: register,
  },
  { name: 'stage release', skip: notLive, run: stage },
  { name: 'swap', skip: notLive, phase: 'swap', run: swap },
  {
    name: 'stop',
    skip: (c) =>
      notLive(c) || (c.before.status?.state === ServiceState.RUNNING ? false : 'not running'),
    phase: 'stop',
    run: async (c) => {
      await stopService(c.exec, c.req.service.name, c.req.service.stopTimeoutSeconds, c.log);
    },
  },
  { name: 'start', skip: disabled, phase: 'start', run: start },
  { name: 'health', skip: disabled, phase: 'health', run: health },
  { name: 'record', skip: notLive, run: record },
];

export async function deployToHost(
  exec: Executor,
  req: HostDeployRequest,
  log: Pick<RunnerIO, 'info' | 'warning'>,
  deps: EngineDeps = {},
): Promise<HostDeployResult> {
  const started = Date.now();
  const now = deps.now ?? (() => new Date());
  // Everything is validated before the first command runs.
  const validated = await validateRequest(req);
  await checkTextCarried(exec, req.service); // non-ASCII the host cannot read is refused here
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
    notes: [],
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
    ...(c.notes.length ? { notes: c.notes } : {}),
    ...extra,
  });

  try {
    for (const step of PIPELINE) {
      const why = step.skip?.(c);
      if (why) {
        // A dry run that found an interrupted deploy lists it with its reason.
        if (!step.unlistedWhenSkipped || c.interrupted)
          c.steps.push({ name: step.name, status: 'skipped', note: why });
        continue;
      }
      log.info(`[${req.service.name}] ${step.name}`);
      try {
        // Once healthy, the release is recorded even when the run is being cancelled.
        if (deps.signal?.aborted && step.name !== 'record') throw new Cancelled();
        if (step.phase) await journal(c, step.phase);
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
      if (e instanceof Cancelled)
        return result('failed', {
          error: `The run was cancelled before ${req.release.version} was put in: ${req.service.name} was left as it was${c.state.current ? `, on ${c.state.current.version}` : ''}`,
          ...(c.state.current ? { versionAfter: c.state.current.version } : {}),
        });
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
