/**
 * The rolling rollout: hosts in batches of `max-parallel`; a batch finishes before the next one
 * starts (each host either deployed or rolled back by the engine); once failures exceed
 * `max-failures`, or the run is cancelled, the hosts not yet started are skipped untouched.
 * A dry run plans every host whatever fails. Planning is pure; `runRollout` only sequences the
 * per-host work it is handed.
 */
import type { HostDeployResult } from '../engine/index.js';

export type HostOutcome = HostDeployResult['outcome'] | 'skipped';

export interface HostReport {
  host: string;
  outcome: HostOutcome;
  versionBefore?: string;
  versionAfter?: string;
  tuning?: HostDeployResult['tuning'];
  healthSeconds?: number;
  durationSeconds: number;
  /** Why the host failed, or why it was skipped. */
  error?: string;
  plan?: HostDeployResult['plan'];
  /** An interrupted earlier deploy this one finished or undid. */
  notes?: string[];
  /** The batch the host was in (1-based); 0 for a host that was skipped before its batch. */
  batch: number;
  /**
   * The steps the host went through (the engine's, or a failed `connect` before it): what the
   * summary says about what was not read or not done.
   */
  steps?: HostDeployResult['steps'];
}

/** Hosts in order, `maxParallel` at a time. */
export function planBatches<T>(hosts: readonly T[], maxParallel: number): T[][] {
  if (!Number.isInteger(maxParallel) || maxParallel < 1)
    throw new Error(`max-parallel must be a whole number of at least 1, got ${maxParallel}`);
  const batches: T[][] = [];
  for (let i = 0; i < hosts.length; i += maxParallel) batches.push(hosts.slice(i, i + maxParallel));
  return batches;
}

export function isFailure(outcome: HostOutcome): boolean {
  return outcome === 'failed' || outcome === 'rolled-back';
}

export function isSuccess(outcome: HostOutcome): boolean {
  return outcome === 'deployed' || outcome === 'unchanged';
}

export interface RolloutOptions<T> {
  hosts: readonly T[];
  label: (host: T) => string;
  maxParallel: number;
  maxFailures: number;
  dryRun: boolean;
  /** Deploys (or plans) one host; must not throw for a host's own failure, but may. */
  deploy: (host: T, batch: number) => Promise<HostReport>;
  /** True once the run was cancelled (SIGINT/SIGTERM): no new host starts. */
  cancelled: () => boolean;
  onBatchStart?: (batch: number, hosts: readonly T[]) => void;
}

export interface RolloutResult {
  reports: HostReport[];
  /** Why hosts were skipped, when they were. */
  stoppedBecause?: 'max-failures' | 'cancelled';
}

/** Runs the batches; the reports keep the order of `hosts`. */
export async function runRollout<T>(opts: RolloutOptions<T>): Promise<RolloutResult> {
  const batches = planBatches(opts.hosts, opts.maxParallel);
  const reports: HostReport[] = [];
  let failures = 0;
  let stoppedBecause: RolloutResult['stoppedBecause'];
  for (const [i, batch] of batches.entries()) {
    if (!stoppedBecause && opts.cancelled()) stoppedBecause = 'cancelled';
    if (!stoppedBecause && !opts.dryRun && failures > opts.maxFailures)
      stoppedBecause = 'max-failures';
    if (stoppedBecause) {
      const why =
        stoppedBecause === 'cancelled'
          ? 'skipped: the run was cancelled before this host started'
          : `skipped: ${failures} host(s) failed, more than max-failures (${opts.maxFailures})`;
      for (const h of batch)
        reports.push({
          host: opts.label(h),
          outcome: 'skipped',
          durationSeconds: 0,
          error: why,
          batch: 0,
        });
      continue;
    }
    opts.onBatchStart?.(i + 1, batch);
    const results = await Promise.all(
      batch.map(async (h): Promise<HostReport> => {
        const started = Date.now();
        try {
          return await opts.deploy(h, i + 1);
        } catch (err) {
          return {
            host: opts.label(h),
            outcome: 'failed',
            durationSeconds: (Date.now() - started) / 1000,
            error: err instanceof Error ? err.message : String(err),
            batch: i + 1,
          };
        }
      }),
    );
    for (const r of results) {
      reports.push(r);
      if (isFailure(r.outcome)) failures++;
    }
    // Cancelled while this batch was in flight: its hosts stopped and undid their change.
    if (!stoppedBecause && opts.cancelled()) stoppedBecause = 'cancelled';
  }
  return stoppedBecause ? { reports, stoppedBecause } : { reports };
}

/** The `deployed`, `failed` and `skipped` outputs: hosts by outcome (planned hosts are in none). */
export function outcomeLists(reports: readonly HostReport[]): {
  deployed: string[];
  failed: string[];
  skipped: string[];
} {
  return {
    deployed: reports.filter((r) => isSuccess(r.outcome)).map((r) => r.host),
    failed: reports.filter((r) => isFailure(r.outcome)).map((r) => r.host),
    skipped: reports.filter((r) => r.outcome === 'skipped').map((r) => r.host),
  };
}
