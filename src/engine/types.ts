/**
 * The host engine's contract with actions/deploy-windows: one request in, one result out; log
 * lines go through the caller's RunnerIO (info and warning) so it can group them per host.
 */
import type { PlanItem } from './plan.js';
import type { ReleaseRecord } from '../windows/release.js';
import type { ServiceConfig, ServiceSpec } from '../windows/service.js';

export type { ServiceSpec } from '../windows/service.js';
export type { PlanItem } from './plan.js';

export interface HealthSpec {
  kind: 'http' | 'tcp' | 'service';
  /** http(s)://127.0.0.1:8080/healthz as seen FROM THE HOST (reached via executor.openTcp). */
  url?: string;
  /** For kind tcp. */
  port?: number;
  /** One attempt may take this long. */
  timeoutSeconds: number;
  /** Pause between attempts. */
  intervalSeconds: number;
  /** Attempts after the first one. */
  retries: number;
  /** Optional: the response body must contain this text (for example the version). */
  expectVersion?: string;
}

export type { TuningProfile } from '../windows/tuning/settings.js';
import type { TuningProfile } from '../windows/tuning/settings.js';

export interface TuningReport {
  changed: number;
  unchanged: number;
  /** Settings the host could not read, skipped (`tuningUnreadable: 'skip'`). */
  notRead?: number;
  rebootRequired: string[];
  rows: PlanItem[];
}

export interface HostDeployRequest {
  service: ServiceSpec;
  release: { version: string; localFile: string; sha256: string; binaryName: string };
  /** Default 'C:\ProgramData\winship'. */
  root: string;
  /** null = no tuning. */
  profile: TuningProfile | null;
  /**
   * A tuning setting the host cannot read (no powercfg under Wine, a stub netsh): 'fail' (the
   * default) fails before any change, 'skip' applies the rest and reports those as skipped.
   */
  tuningUnreadable?: 'fail' | 'skip';
  health: HealthSpec;
  /** Releases kept on the host, the running one included (at least 2; default 3). */
  keepReleases: number;
  lock: { staleAfterSeconds: number; breakStale: boolean };
  /** Plan only: read state, compute, change nothing. */
  dryRun: boolean;
  /** True when the caller already uploaded and verified the release file at releasePaths(...).releaseFile. */
  uploaded?: boolean;
}

export type DeployOutcome = 'deployed' | 'unchanged' | 'rolled-back' | 'failed' | 'planned';

export interface HostDeployResult {
  outcome: DeployOutcome;
  versionBefore?: string;
  versionAfter?: string;
  tuning: { changed: number; unchanged: number; notRead?: number; rebootRequired: string[] };
  healthSeconds?: number;
  durationSeconds: number;
  /** Printable rows for the job summary and the dry run. */
  plan: PlanItem[];
  /** Plain words (for example SCM error 1053 explained). */
  error?: string;
  /** The failed release's exit code (SERVICE_EXIT_CODE when WIN32_EXIT_CODE is 1066). */
  exitCode?: number;
  /** The last lines of the service's log file when a release failed (ServiceSpec.logFile). */
  logTail?: string[];
  /** What the summary should say besides the outcome: an interrupted earlier deploy finished or undone. */
  notes?: string[];
  /** The steps that ran, in order, with their outcome: the visible pipeline. */
  steps: { name: string; status: 'done' | 'skipped' | 'failed'; note?: string }[];
}

/** The journal record (journal.ts): a deploy under way, written to state.json ahead of each live step. */
export const PHASES = ['register', 'swap', 'stop', 'start', 'health', 'rollback'] as const;
export type Phase = (typeof PHASES)[number];

export interface Transaction {
  /** The release going in. */
  version: string;
  sha256: string;
  /** The release that ran before (the one to put back); absent on a first install. */
  from?: ReleaseRecord;
  /** The step about to run (or running) when the record was written. */
  phase: Phase;
  /** The service's configuration before this deploy; absent when the service did not exist. */
  configBefore?: ServiceConfig;
  /** Whether the service was running before this deploy. */
  wasRunning: boolean;
  startedAt: string;
  /** Where the deploy ran (the lock owner's description). */
  by?: string;
}
