/**
 * The per-service deploy lock on the host: a folder created with `mkdir` (atomic: exactly one of
 * two concurrent creators succeeds) holding `owner.json` (who, since when), which the holder
 * renews every `renewSeconds` while it works: a lease. A lock whose lease ran out (not renewed
 * for `leaseSeconds` by the reader's clock) is watched for one more renewal period, so a holder
 * whose clock is off is not mistaken for a dead one; unchanged, its owner is gone (a killed
 * runner) and the lock is taken over with a warning. A lock without a lease (written by an older
 * winship), or one still renewed but older than `staleAfterSeconds`, is reported as stale and
 * broken only when the caller asked for it.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Executor } from '../hosts/executor.js';
import { UserError } from '../runner/errors.js';
import { sleep } from '../runner/time.js';
import { mkdirArgv, rmdirArgv, type ReleasePaths } from '../windows/release.js';
import type { RunnerIO } from '../runner/io.js';

export interface LockOwner {
  token: string;
  /** Where the deploy runs: runner host name and the workflow run when there is one. */
  by: string;
  version: string;
  createdAt: string;
  /** The lease: renewed by the holder every renewSeconds; gone stale after leaseSeconds. */
  renewedAt?: string;
  leaseSeconds?: number;
  /** Counts renewals, so a renewal shows even when two clocks disagree. */
  renewals?: number;
}

export interface HeldLock {
  owner: LockOwner;
  release(): Promise<void>;
}

export interface LockOptions {
  staleAfterSeconds: number;
  breakStale: boolean;
  version: string;
  now?: () => Date;
  /** How long a lease lasts without renewal (default 90 s). */
  leaseSeconds?: number;
  /** How often the holder renews it (default 30 s). */
  renewSeconds?: number;
}

/**
 * A killed deploy's lock blocks for at most LEASE_SECONDS plus one watched renewal period (about
 * two minutes). Renewing every 30 s keeps the writes rare: a quick deploy writes owner.json once.
 */
export const LEASE_SECONDS = 90;
export const RENEW_SECONDS = 30;

function describeRunner(): string {
  const run = process.env.GITHUB_RUN_ID;
  const repo = process.env.GITHUB_REPOSITORY;
  return run
    ? `${repo ?? 'workflow'} run ${run} on ${hostname()}`
    : `${hostname()} pid ${process.pid}`;
}

async function readOwner(exec: Executor, paths: ReleasePaths): Promise<LockOwner | undefined> {
  const data = await exec.readFile(paths.lockOwnerFile);
  if (!data) return undefined;
  try {
    const o = JSON.parse(data.toString('utf8')) as LockOwner;
    return typeof o.token === 'string' && typeof o.createdAt === 'string' ? o : undefined;
  } catch {
    return undefined;
  }
}

async function tryCreate(exec: Executor, paths: ReleasePaths, owner: LockOwner): Promise<boolean> {
  const r = await exec.run(mkdirArgv(paths.lockPath), { timeoutMs: 30_000 });
  if (r.exitCode !== 0) return false;
  await exec.writeFile(paths.lockOwnerFile, `${JSON.stringify(owner)}\n`);
  return true;
}

/** Renews the lease in the background until stopped; a lock that is no longer ours is left alone. */
function renewer(
  exec: Executor,
  paths: ReleasePaths,
  owner: LockOwner,
  every: number,
  now: () => Date,
): () => Promise<void> {
  let busy: Promise<void> = Promise.resolve();
  let stopped = false;
  const timer = setInterval(() => {
    busy = busy.then(async () => {
      if (stopped) return;
      const current = await readOwner(exec, paths).catch(() => undefined);
      if (stopped || current?.token !== owner.token) return;
      owner.renewedAt = now().toISOString();
      owner.renewals = (owner.renewals ?? 0) + 1;
      await exec
        .writeFile(paths.lockOwnerFile, `${JSON.stringify(owner)}\n`)
        .catch(() => undefined);
    });
  }, every * 1000);
  // A deploy that ends (or a process that exits) is not kept alive by its lease.
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await busy;
  };
}

/** The lease ran out by our clock: watch one more renewal period before calling its owner dead. */
async function leaseExpired(
  exec: Executor,
  paths: ReleasePaths,
  other: LockOwner,
  now: () => Date,
  renewSeconds: number,
): Promise<boolean> {
  if (other.renewedAt === undefined || other.leaseSeconds === undefined) return false;
  const idle = (now().getTime() - Date.parse(other.renewedAt)) / 1000;
  if (!(idle > other.leaseSeconds)) return false;
  await sleep((renewSeconds + Math.min(renewSeconds, 10)) * 1000);
  const again = await readOwner(exec, paths);
  return (
    again !== undefined &&
    again.token === other.token &&
    again.renewedAt === other.renewedAt &&
    again.renewals === other.renewals
  );
}

/** Takes the lock or throws a UserError saying who holds it and what to do. */
export async function acquireLock(
  exec: Executor,
  paths: ReleasePaths,
  opts: LockOptions,
  log: Pick<RunnerIO, 'warning'>,
): Promise<HeldLock> {
  const now = opts.now ?? (() => new Date());
  const leaseSeconds = opts.leaseSeconds ?? LEASE_SECONDS;
  const renewSeconds = opts.renewSeconds ?? RENEW_SECONDS;
  const created = now().toISOString();
  const owner: LockOwner = {
    token: randomBytes(12).toString('hex'),
    by: describeRunner(),
    version: opts.version,
    createdAt: created,
    renewedAt: created,
    leaseSeconds,
    renewals: 0,
  };
  const held = (): HeldLock => {
    const stop = renewer(exec, paths, owner, renewSeconds, now);
    return {
      owner,
      release: async () => {
        await stop();
        await releaseLock(exec, paths, owner);
      },
    };
  };
  if (await tryCreate(exec, paths, owner)) return held();

  let other = await readOwner(exec, paths);
  if (!other) {
    // Created a moment ago and not written yet, or left by a deploy that died in between.
    await sleep(1500);
    other = await readOwner(exec, paths);
  }
  const who = other
    ? `${other.by} (deploying ${other.version}) since ${other.createdAt}`
    : 'an unknown deploy (no owner file)';
  // The age when the lock was found (watching a lease below takes a while).
  const ageSeconds = other ? (now().getTime() - Date.parse(other.createdAt)) / 1000 : undefined;
  if (other && (await leaseExpired(exec, paths, other, now, renewSeconds))) {
    log.warning(
      `Taking over the deploy lock ${paths.lockPath} held by ${who}: its lease (${other.leaseSeconds ?? 0} s) was last renewed at ${other.renewedAt ?? '?'}, so that deploy is gone (cancelled or killed)`,
    );
    await exec.run(rmdirArgv(paths.lockPath), { timeoutMs: 30_000 });
    if (await tryCreate(exec, paths, owner)) return held();
    throw new UserError(
      `Another deploy took the lock ${paths.lockPath} right after the abandoned one was removed: wait for it and run again`,
    );
  }
  const stale = ageSeconds === undefined || ageSeconds > opts.staleAfterSeconds;
  if (!stale)
    throw new UserError(
      `Another deploy holds the lock ${paths.lockPath}: ${who}. Wait for it to finish and run again${
        other?.leaseSeconds !== undefined
          ? ` (if that deploy was killed, its lock frees itself ${other.leaseSeconds} s after its last renewal)`
          : ''
      }`,
    );
  const age = ageSeconds === undefined ? 'of unknown age' : `${Math.round(ageSeconds)} s old`;
  if (!opts.breakStale)
    throw new UserError(
      `A stale deploy lock ${paths.lockPath} (${age}, stale after ${opts.staleAfterSeconds} s) is held by ${who}: if that deploy is gone, run again with break-stale-lock: true`,
    );
  log.warning(`Breaking the stale deploy lock ${paths.lockPath} (${age}) held by ${who}`);
  await exec.run(rmdirArgv(paths.lockPath), { timeoutMs: 30_000 });
  if (await tryCreate(exec, paths, owner)) return held();
  throw new UserError(
    `Another deploy took the lock ${paths.lockPath} right after the stale one was broken: wait for it and run again`,
  );
}

/**
 * Removes the lock if it is still ours (a broken-and-retaken lock belongs to someone else), and
 * checks it is gone: a lock left behind would block the next deploy until it goes stale.
 */
export async function releaseLock(
  exec: Executor,
  paths: ReleasePaths,
  owner: LockOwner,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const current = await readOwner(exec, paths);
    if (!current || current.token !== owner.token) return;
    const r = await exec.run(rmdirArgv(paths.lockPath), { timeoutMs: 30_000 });
    if ((await exec.readFile(paths.lockOwnerFile)) === undefined) return;
    if (attempt >= 3)
      throw new UserError(
        `The deploy lock ${paths.lockPath} could not be removed (rmdir exit code ${r.exitCode}): remove it by hand before the next deploy`,
      );
    await sleep(500);
  }
}
