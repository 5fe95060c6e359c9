/**
 * What the Go module and build caches are saved and restored under, as actions/setup-go does:
 * key `setup-go-<RUNNER_OS>-<arch>-go-<version>-<hash of go.sum>`, paths GOMODCACHE and GOCACHE,
 * and a save only when the key was not restored exactly (an exact hit is already stored).
 */

export interface GoCachePlan {
  primaryKey: string;
  /** Prefixes tried when the exact key misses; none, like actions/setup-go (no stale growth). */
  restoreKeys: string[];
  paths: string[];
}

export function planGoCache(p: {
  runnerOs: string;
  arch: string;
  goVersion: string;
  dependencyHash: string;
  gomodcache?: string;
  gocache?: string;
}): GoCachePlan {
  const paths = [
    ...new Set([p.gomodcache, p.gocache].filter((x): x is string => !!x && x !== 'off')),
  ];
  return {
    primaryKey: `setup-go-${p.runnerOs}-${p.arch}-go-${p.goVersion}-${p.dependencyHash}`,
    restoreKeys: [],
    paths,
  };
}

export type SaveDecision = { save: true } | { save: false; reason: string };

/** The post step's decision from what main left in the state. */
export function decideSave(state: {
  primaryKey: string;
  matchedKey: string;
  paths: string[];
}): SaveDecision {
  if (!state.primaryKey)
    return { save: false, reason: 'the main step restored no Go cache (cache off, or no go.sum)' };
  if (state.matchedKey === state.primaryKey)
    return {
      save: false,
      reason: `cache hit on the exact key ${state.primaryKey}: nothing new to save`,
    };
  if (state.paths.length === 0) return { save: false, reason: 'no Go cache folder exists to save' };
  return { save: true };
}
