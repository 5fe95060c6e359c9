/**
 * The seam between setup-go and a cache backend: two calls, restore and save. The real backend is
 * @actions/cache (GitHub's cache service), imported only when a cache is actually used. A runner
 * without that service (GHES without cache, a laptop, these tests) can name an ES module exporting
 * `restore` and `save` in WINSHIP_CACHE_CLIENT to plug another backend in.
 */
import { existsSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UserError } from '../runner/errors.js';

export interface CacheClient {
  /** Restores `paths` saved under `primaryKey` (else the newest under a restore key); the key restored, or undefined. */
  restore(paths: string[], primaryKey: string, restoreKeys: string[]): Promise<string | undefined>;
  save(paths: string[], key: string): Promise<void>;
}

export type CacheClientSource =
  { client: CacheClient; name: string } | { client: undefined; reason: string };

/** The backend to use, or why there is none. */
export async function loadCacheClient(
  env: NodeJS.ProcessEnv = process.env,
): Promise<CacheClientSource> {
  const custom = env.WINSHIP_CACHE_CLIENT;
  if (custom) {
    if (!isAbsolute(custom) || !existsSync(custom))
      throw new UserError(
        `WINSHIP_CACHE_CLIENT: '${custom}' is not an absolute path to an existing ES module`,
      );
    const mod = (await import(pathToFileURL(custom).href)) as Partial<CacheClient>;
    if (typeof mod.restore !== 'function' || typeof mod.save !== 'function')
      throw new UserError(`WINSHIP_CACHE_CLIENT: ${custom} must export functions restore and save`);
    return { client: { restore: mod.restore, save: mod.save }, name: custom };
  }
  const cache = await import('@actions/cache');
  if (!cache.isFeatureAvailable())
    return {
      client: undefined,
      reason: 'the GitHub Actions cache service is not available on this runner',
    };
  return {
    name: '@actions/cache',
    client: {
      restore: (paths, primaryKey, restoreKeys) =>
        cache.restoreCache(paths, primaryKey, restoreKeys),
      save: async (paths, key) => {
        await cache.saveCache(paths, key);
      },
    },
  };
}
