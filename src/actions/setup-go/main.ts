// setup-go: installs Go (tool cache, else a verified download from go.dev or a mirror), puts it on
// PATH, and restores the module and build caches. The fast path (a tool-cache hit) loads nothing
// heavy: downloads and @actions/cache are imported only when needed, and the bundle keeps only the
// light parts of @actions/core (scripts/bundle.mjs).
import { loadCacheClient } from '../../cache/client.js';
import { reportSetup } from '../../go/report.js';
import { readSetupGoConfig } from '../../go/setup-config.js';
import { setupGo } from '../../go/setup.js';
import { runnerInputs } from '../../runner/inputs.js';
import type { RunnerIO } from '../../runner/io.js';
import { runAction } from '../../runner/run.js';

/** Reads and checks setup-go's inputs now; the step it returns sets Go up and reports it. */
export function setupGoStep(io: RunnerIO): () => Promise<void> {
  const config = readSetupGoConfig(
    runnerInputs,
    process.env,
    { os: process.platform, arch: process.arch, cwd: process.cwd() },
    (secret) => io.mask(secret),
  );
  return async () => {
    const result = await setupGo(config, io);
    await reportSetup(
      config,
      result,
      async ({ goVersion, env }) => {
        const { restoreGoCache } = await import('../../cache/go-cache.js');
        const request = {
          workspace: config.workspace,
          patterns: config.cacheDependencyPath,
          runnerOs: process.env.RUNNER_OS || config.platform.os,
          arch: config.platform.toolArch,
          goVersion,
          gomodcache: env.GOMODCACHE,
          gocache: env.GOCACHE,
          load: () => loadCacheClient(process.env),
        };
        return restoreGoCache(request, io);
      },
      io,
    );
  };
}

export async function run(): Promise<void> {
  await runAction('setup-go', (io) => setupGoStep(io)());
}
