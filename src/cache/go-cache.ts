/**
 * The Go module and build caches across jobs: main restores them (after Go is set up, since the
 * key needs its version and the paths come from its env), post saves them when the key was not an
 * exact hit. A cache is an optimisation: every failure here is a warning, never a failed job.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { errorMessage } from '../runner/errors.js';
import type { RunnerIO } from '../runner/io.js';
import type { CacheClientSource } from './client.js';
import { decideSave, planGoCache } from './key.js';

export const CACHE_STATE = {
  primaryKey: 'GO_CACHE_KEY',
  matchedKey: 'GO_CACHE_MATCHED_KEY',
  paths: 'GO_CACHE_PATHS',
} as const;

export const DEFAULT_DEPENDENCY_PATH = 'go.sum';

export interface RestoreRequest {
  workspace: string;
  /** cache-dependency-path patterns; empty means go.sum at the workspace root. */
  patterns: string[];
  runnerOs: string;
  arch: string;
  goVersion: string;
  gomodcache?: string;
  gocache?: string;
  /** Loads the backend (client.ts's loadCacheClient in the action). */
  load: () => Promise<CacheClientSource>;
}

/** Hash of the dependency files (@actions/glob's hashFiles: the same as `hashFiles()` in YAML). */
export async function dependencyHash(workspace: string, patterns: string[]): Promise<string> {
  const { hashFiles } = await import('@actions/glob');
  // Relative patterns are relative to the workspace, whatever the step's working directory.
  const rooted = patterns.map((p) => {
    const negated = p.startsWith('!');
    const body = negated ? p.slice(1) : p;
    return `${negated ? '!' : ''}${isAbsolute(body) ? body : join(workspace, body)}`;
  });
  return hashFiles(rooted.join('\n'), workspace);
}

/** Restores; true on an exact hit. Leaves the key and paths in the state for the post step. */
export async function restoreGoCache(req: RestoreRequest, io: RunnerIO): Promise<boolean> {
  const patterns = req.patterns.length > 0 ? req.patterns : [DEFAULT_DEPENDENCY_PATH];
  try {
    const hash = await dependencyHash(req.workspace, patterns);
    if (!hash) {
      io.warning(
        `No file matches cache-dependency-path '${patterns.join(', ')}' in the workspace: ` +
          'the Go module and build caches are not restored or saved',
      );
      return false;
    }
    const plan = planGoCache({ ...req, dependencyHash: hash });
    const source = await req.load();
    if (!source.client) {
      io.warning(`${source.reason}: the Go module and build caches are not restored or saved`);
      return false;
    }
    io.saveState(CACHE_STATE.primaryKey, plan.primaryKey);
    io.saveState(CACHE_STATE.paths, JSON.stringify(plan.paths));
    const matched = await source.client.restore(plan.paths, plan.primaryKey, plan.restoreKeys);
    if (!matched) {
      io.info(`Go cache not found for key ${plan.primaryKey}`);
      return false;
    }
    io.saveState(CACHE_STATE.matchedKey, matched);
    io.info(`Go cache restored from key ${matched}`);
    return matched === plan.primaryKey;
  } catch (err) {
    io.warning(`Restoring the Go cache failed: ${errorMessage(err)}`);
    return false;
  }
}

/** The post step: saves what main planned unless main restored that exact key. */
export async function saveGoCache(
  load: () => Promise<CacheClientSource>,
  io: RunnerIO,
): Promise<void> {
  let paths: string[];
  try {
    paths = JSON.parse(io.getState(CACHE_STATE.paths) || '[]') as string[];
  } catch {
    paths = [];
  }
  const existing = paths.filter((p) => existsSync(p));
  const missing = paths.filter((p) => !existing.includes(p));
  const decision = decideSave({
    primaryKey: io.getState(CACHE_STATE.primaryKey),
    matchedKey: io.getState(CACHE_STATE.matchedKey),
    paths: existing,
  });
  if (!decision.save) return io.info(`Not saving the Go cache: ${decision.reason}`);
  if (missing.length > 0) io.info(`Not in the cache (does not exist): ${missing.join(', ')}`);
  const key = io.getState(CACHE_STATE.primaryKey);
  try {
    const source = await load();
    if (!source.client) return io.warning(`${source.reason}: the Go cache is not saved`);
    await source.client.save(existing, key);
    io.info(`Go cache saved with key ${key}`);
  } catch (err) {
    io.warning(`Saving the Go cache failed: ${errorMessage(err)}`);
  }
}
