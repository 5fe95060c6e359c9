/**
 * The rolling rollout: hosts in batches of `max-parallel`; a batch finishes before the next one
 * starts (each host either deployed or rolled back by the engine); once failures exceed
 * `max-failures`, or the run is cancelled, the hosts not yet started are skipped untouched.
 * A dry run plans every host whatever fails. With waves (waves.ts), the batches run wave by
 * wave, a bake after each wave but the last checks every host running the release so far, and a
 * halt (a failed bake, or max-failures) rolls back what the `on-halt` policy says and skips the
 * later waves untouched. Planning is pure; `runRollout` only sequences the per-host work it is
 * handed (deploy, bake, revert).
 */
import type { HostDeployResult } from '../engine/index.js';
import type { BakeResult } from './bake.js';
import { hostsToRollBack, type OnHalt } from './waves.js';

/**
 * A host's end: the engine's outcome, `skipped` (never started), or `reverted`: deployed and
 * healthy, then put back on its previous release because the rollout halted.
 */
export type HostOutcome = HostDeployResult['outcome'] | 'skipped' | 'reverted';

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
  /** The wave the host was in (1-based), when the rollout has several. */
  wave?: number;
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
  /** The hosts in waves (waves.ts); default: every host in one wave. */
  waves?: readonly (readonly T[])[];
  /** After each wave but the last: the bake over every host running the release so far. */
  bake?: (wave: number, hosts: readonly T[]) => Promise<BakeResult<T>>;
  /** What a halt of a rollout in several waves rolls back (default rollback-wave). */
  onHalt?: OnHalt;
  /** Puts a host this run upgraded back on its previous release (needed unless onHalt is stop). */
  revert?: (host: T, why: string) => Promise<RevertReport>;
  /** Bake after the last wave too (a ring of several, whose next ring waits for this one). */
  bakeLast?: boolean;
  onWaveStart?: (wave: number, hosts: readonly T[]) => void;
  now?: () => number;
}

/** How putting a host back on its previous release went. */
export interface RevertReport {
  ok: boolean;
  /** The release the host runs now, when known. */
  versionAfter?: string;
  /** What happened, in plain words (why it failed, when it did). */
  detail: string;
  durationSeconds: number;
}

export interface WaveReport {
  wave: number;
  hosts: string[];
  result: 'deployed' | 'planned' | 'failed' | 'cancelled' | 'not started';
  /** Hosts of the wave that failed their deploy. */
  failed: number;
  /** The bake after the wave; absent after the last wave, a dry run, or a wave that halted. */
  bake?: {
    verdict: BakeResult<unknown>['verdict'];
    seconds: number;
    failed: { host: string; detail: string }[];
  };
  /** Hosts of this wave the halt rolled back. */
  rolledBack: number;
  seconds: number;
}

export interface RolloutResult {
  reports: HostReport[];
  /** Why hosts were skipped, when they were. */
  stoppedBecause?: 'max-failures' | 'cancelled' | 'bake';
  /** Present when the hosts went in more than one wave. */
  waves?: WaveReport[];
  /** The wave after which a rollout in several waves halted (a failed bake, or max-failures). */
  haltedAtWave?: number;
  /** The on-halt policy applied at the halt. */
  onHalt?: OnHalt;
}

/** Runs the waves and their batches; the reports keep the order of the hosts in the waves. */
export async function runRollout<T>(opts: RolloutOptions<T>): Promise<RolloutResult> {
  const waves = opts.waves ?? (opts.hosts.length ? [opts.hosts] : []);
  const multi = waves.length > 1 || opts.bakeLast === true;
  const now = opts.now ?? Date.now;
  const byHost = new Map<T, HostReport>();
  const waveReports: WaveReport[] = [];
  let failures = 0;
  let batchNo = 0;
  let stoppedBecause: RolloutResult['stoppedBecause'];
  let haltedAtWave: number | undefined;
  let haltWhy = '';
  /** Hosts whose deploy in this run put the release in (not those that already ran it). */
  const upgradedByRun = new Set<T>();

  const skip = (h: T, why: string) =>
    byHost.set(h, {
      host: opts.label(h),
      outcome: 'skipped',
      durationSeconds: 0,
      error: why,
      batch: 0,
    });
  const skipWhy = () =>
    stoppedBecause === 'cancelled'
      ? 'skipped: the run was cancelled before this host started'
      : haltedAtWave !== undefined
        ? `skipped: the rollout halted at wave ${haltedAtWave} (${haltWhy})`
        : `skipped: ${failures} host(s) failed, more than max-failures (${opts.maxFailures})`;

  for (const [wi, wave] of waves.entries()) {
    const w = wi + 1;
    const report: WaveReport = {
      wave: w,
      hosts: wave.map(opts.label),
      result: 'not started',
      failed: 0,
      rolledBack: 0,
      seconds: 0,
    };
    waveReports.push(report);
    if (!stoppedBecause && opts.cancelled()) stoppedBecause = 'cancelled';
    if (stoppedBecause) {
      for (const h of wave) skip(h, skipWhy());
      continue;
    }
    opts.onWaveStart?.(w, wave);
    const waveStarted = now();
    for (const batch of planBatches(wave, opts.maxParallel)) {
      if (!stoppedBecause && opts.cancelled()) stoppedBecause = 'cancelled';
      if (!stoppedBecause && !opts.dryRun && failures > opts.maxFailures) {
        stoppedBecause = 'max-failures';
        if (multi) haltAt(w, `more than max-failures (${opts.maxFailures}) host(s) failed`);
      }
      if (stoppedBecause) {
        for (const h of batch) skip(h, skipWhy());
        continue;
      }
      batchNo++;
      const n = batchNo;
      opts.onBatchStart?.(n, batch);
      const results = await Promise.all(
        batch.map(async (h): Promise<HostReport> => {
          const started = now();
          try {
            return await opts.deploy(h, n);
          } catch (err) {
            return {
              host: opts.label(h),
              outcome: 'failed',
              durationSeconds: (now() - started) / 1000,
              error: err instanceof Error ? err.message : String(err),
              batch: n,
            };
          }
        }),
      );
      for (const [i, r] of results.entries()) {
        byHost.set(batch[i]!, { ...r, ...(multi ? { wave: w } : {}) });
        if (r.outcome === 'deployed') upgradedByRun.add(batch[i]!);
        if (isFailure(r.outcome)) {
          failures++;
          report.failed++;
        }
      }
    }
    report.result = opts.dryRun ? 'planned' : report.failed ? 'failed' : 'deployed';
    // Cancelled while this wave was in flight: its hosts stopped and undid their change.
    if (!stoppedBecause && opts.cancelled()) stoppedBecause = 'cancelled';
    if (stoppedBecause === 'cancelled' && wave.some((h) => byHost.get(h)?.outcome === 'skipped'))
      report.result = 'cancelled';
    if (!stoppedBecause && !opts.dryRun && failures > opts.maxFailures) {
      stoppedBecause = 'max-failures';
      if (multi) haltAt(w, `more than max-failures (${opts.maxFailures}) host(s) failed`);
    }

    // The bake: every host running the release so far must stay healthy.
    const running = waves
      .slice(0, w)
      .flat()
      .filter((h) => isSuccess(byHost.get(h)?.outcome ?? 'skipped'));
    if (
      haltedAtWave === undefined &&
      stoppedBecause !== 'max-failures' &&
      (w < waves.length || opts.bakeLast === true) &&
      !opts.dryRun &&
      opts.bake &&
      running.length
    ) {
      const verdict = await opts.bake(w, running);
      report.bake = {
        verdict: verdict.verdict,
        seconds: verdict.seconds,
        failed: verdict.failed.map((f) => ({ host: opts.label(f.host), detail: f.detail })),
      };
      if (verdict.failed.length) {
        const first = verdict.failed[0]!;
        stoppedBecause = opts.cancelled() ? 'cancelled' : 'bake';
        haltAt(
          w,
          `${verdict.failed.length} host(s) failed the health check during the bake, first ${opts.label(first.host)}: ${first.detail}`,
        );
        for (const f of verdict.failed) {
          const r = byHost.get(f.host)!;
          failures++;
          byHost.set(f.host, {
            ...r,
            outcome: 'failed',
            error: `failed the health check during the bake after wave ${w}: ${f.detail}`,
          });
        }
      } else if (verdict.verdict === 'cancelled' || opts.cancelled()) stoppedBecause = 'cancelled';
    }
    report.seconds = (now() - waveStarted) / 1000;
    if (haltedAtWave === w) await applyHalt(w, report);
  }

  function haltAt(w: number, why: string) {
    if (haltedAtWave !== undefined) return;
    haltedAtWave = w;
    haltWhy = why;
  }

  async function applyHalt(w: number, report: WaveReport): Promise<void> {
    const policy = opts.onHalt ?? 'rollback-wave';
    const upgraded = waves.slice(0, w).map((wave) => ({
      upgraded: wave.filter((h) => upgradedByRun.has(h)),
    }));
    const bakeFailed = (report.bake?.failed ?? []).map((f) =>
      waves.flat().find((h) => opts.label(h) === f.host)!,
    );
    const targets = hostsToRollBack(upgraded, w, policy, bakeFailed);
    if (targets.length && !opts.revert)
      throw new Error('runRollout: a halt to roll back needs revert');
    for (const batch of planBatches(targets, opts.maxParallel)) {
      const done = await Promise.all(
        batch.map(async (h) => {
          try {
            return await opts.revert!(h, haltWhy);
          } catch (err) {
            return {
              ok: false,
              detail: err instanceof Error ? err.message : String(err),
              durationSeconds: 0,
            };
          }
        }),
      );
      for (const [i, rv] of done.entries()) {
        const h = batch[i]!;
        const r = byHost.get(h)!;
        const failedBake = bakeFailed.includes(h);
        const hw = waveReports[(r.wave ?? 1) - 1];
        if (rv.ok && hw) hw.rolledBack++;
        byHost.set(h, {
          ...r,
          outcome: rv.ok ? (failedBake ? 'rolled-back' : 'reverted') : 'failed',
          ...(rv.versionAfter !== undefined ? { versionAfter: rv.versionAfter } : {}),
          durationSeconds: r.durationSeconds + rv.durationSeconds,
          error: `${failedBake ? `${r.error}; ` : `the rollout halted at wave ${w} (${haltWhy}); `}${rv.detail}`,
        });
        if (!rv.ok && !failedBake) failures++;
      }
    }
  }

  const reports = waves.flat().map((h) => byHost.get(h)!);
  return {
    reports,
    ...(stoppedBecause ? { stoppedBecause } : {}),
    ...(multi ? { waves: waveReports } : {}),
    ...(haltedAtWave !== undefined ? { haltedAtWave, onHalt: opts.onHalt ?? 'rollback-wave' } : {}),
  };
}

/**
 * The `deployed`, `failed`, `skipped` and `reverted` outputs: hosts by outcome (planned hosts are
 * in none).
 */
export function outcomeLists(reports: readonly HostReport[]): {
  deployed: string[];
  failed: string[];
  skipped: string[];
  reverted: string[];
} {
  return {
    deployed: reports.filter((r) => isSuccess(r.outcome)).map((r) => r.host),
    failed: reports.filter((r) => isFailure(r.outcome)).map((r) => r.host),
    skipped: reports.filter((r) => r.outcome === 'skipped').map((r) => r.host),
    reverted: reports.filter((r) => r.outcome === 'reverted').map((r) => r.host),
  };
}
