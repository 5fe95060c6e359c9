/**
 * The one context a host deploy's steps share: the request, what was read from the host, what the
 * steps did so far (how far the service was touched decides how a failure is undone), and the
 * engine's own limits. Steps read and write it; nothing else is passed between them.
 */
import type { Executor } from '../hosts/executor.js';
import type { RunnerIO } from '../runner/io.js';
import type { DeployState, ReleasePaths } from '../windows/release.js';
import type { ScQueryStatus } from '../windows/sc.js';
import type { ServiceConfig, ServicePlan } from '../windows/service.js';
import type { HeldLock } from './lock.js';
import type { PlanItem } from './plan.js';
import type { ApplyOptions } from './tuning.js';
import type {
  HostDeployRequest,
  HostDeployResult,
  Transaction,
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
  /**
   * Aborted when the run is cancelled (the runner's SIGINT, then SIGTERM): no further step
   * starts, a wait (upload, start, health) is given up, and what was changed is undone at once.
   */
  signal?: AbortSignal;
  /** The lock's lease and renewal period (tests shorten them). */
  lease?: { leaseSeconds: number; renewSeconds: number };
}

/** A release that did not come up: carries what the SCM said. */
export class ReleaseFailure extends Error {
  constructor(
    message: string,
    readonly status?: ScQueryStatus,
    readonly startError?: number,
  ) {
    super(message);
  }
}

/** The service reached STOPPED while it was starting: a failed start, with its exit code. */
export class StoppedAtStart extends ReleaseFailure {}

/** The run was cancelled: the deploy stops and undoes what it changed. */
export class Cancelled extends ReleaseFailure {
  constructor() {
    super('the run was cancelled (the runner sent SIGINT or SIGTERM)');
  }
}

export interface Before {
  /** undefined: the service did not exist. */
  config?: ServiceConfig;
  status?: ScQueryStatus;
}

export interface Ctx {
  exec: Executor;
  req: HostDeployRequest;
  /** Progress lines and warnings; the caller groups them per host. */
  log: Pick<RunnerIO, 'info' | 'warning'>;
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
  /** This deploy's journal record, once a step that changes the live service began. */
  tx?: Transaction;
  /** A transaction an earlier deploy left unfinished (killed), found in the state file. */
  interrupted?: Transaction;
  /** What the job summary should say besides the outcome (an interrupted deploy resolved). */
  notes: string[];
}

export type ResultOf = (
  outcome: HostDeployResult['outcome'],
  extra?: Partial<HostDeployResult>,
) => HostDeployResult;
