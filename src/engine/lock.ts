/**
 * The per-service deploy lock on the host: a folder created with `mkdir` (atomic: exactly one of
 * two concurrent creators succeeds) holding `owner.json` (who, since when). A lock older than
 * `staleAfterSeconds` is reported; it is broken only when the caller asked for it.
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
}

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

/** Takes the lock or throws a UserError saying who holds it and what to do. */
export async function acquireLock(
  exec: Executor,
  paths: ReleasePaths,
  opts: LockOptions,
  log: Pick<RunnerIO, 'warning'>,
): Promise<HeldLock> {
  const now = opts.now ?? (() => new Date());
  const owner: LockOwner = {
    token: randomBytes(12).toString('hex'),
    by: describeRunner(),
    version: opts.version,
    createdAt: now().toISOString(),
  };
  const held = (): HeldLock => ({ owner, release: () => releaseLock(exec, paths, owner) });
  if (await tryCreate(exec, paths, owner)) return held();

  let other = await readOwner(exec, paths);
  if (!other) {
    // Created a moment ago and not written yet, or left by a deploy that died in between.
    await sleep(1500);
    other = await readOwner(exec, paths);
  }
  const ageSeconds = other ? (now().getTime() - Date.parse(other.createdAt)) / 1000 : undefined;
  const who = other
    ? `${other.by} (deploying ${other.version}) since ${other.createdAt}`
    : 'an unknown deploy (no owner file)';
  const stale = ageSeconds === undefined || ageSeconds > opts.staleAfterSeconds;
  if (!stale)
    throw new UserError(
      `Another deploy holds the lock ${paths.lockPath}: ${who}. Wait for it to finish and run again`,
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
