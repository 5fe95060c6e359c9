// The root action, the common path in one `uses:` line: set up Go, then build the matrix and upload
// the artifacts, in one process over the same core as actions/setup-go and actions/build. Both
// configurations are read and checked before anything is downloaded or built.
import { githubArtifactStore } from '../../artifacts/store.js';
import { readBuildConfig } from '../../build/config.js';
import { runBuildAction } from '../../build/pipeline.js';
import { coreReporter } from '../../build/reporter.js';
import { loadCacheClient } from '../../cache/client.js';
import { reportSetup } from '../../go/report.js';
import { readSetupGoConfig } from '../../go/setup-config.js';
import { setupGo } from '../../go/setup.js';
import { runnerInputs } from '../../runner/inputs.js';
import { runAction } from '../../runner/run.js';
import * as core from '@actions/core';

await runAction('winship', async () => {
  const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
  const goConfig = readSetupGoConfig(runnerInputs, process.env, {
    os: process.platform,
    arch: process.arch,
    cwd: process.cwd(),
  });
  const buildConfig = readBuildConfig(runnerInputs, workspace);

  core.info('winship: set up Go');
  const result = await setupGo(goConfig);
  await reportSetup(goConfig, result, async (req) => {
    const { restoreGoCache } = await import('../../cache/go-cache.js');
    return restoreGoCache({ ...req, load: () => loadCacheClient(process.env) });
  });

  core.info('winship: build');

  await runBuildAction(buildConfig, {
    reporter: coreReporter,
    store: githubArtifactStore(),
    env: { ref: process.env.GITHUB_REF, tmp: process.env.RUNNER_TEMP },
  });
});
