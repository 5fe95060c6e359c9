import { githubArtifactStore } from '../../artifacts/store.js';
import { readBuildConfig } from '../../build/config.js';
import { runBuildAction } from '../../build/pipeline.js';
import { coreReporter } from '../../build/reporter.js';
import { runAction } from '../../runner/run.js';
import { runnerInputs } from '../../runner/inputs.js';

await runAction('build', async () => {
  const config = readBuildConfig(runnerInputs, process.env.GITHUB_WORKSPACE || process.cwd());
  await runBuildAction(config, {
    reporter: coreReporter,
    store: githubArtifactStore(),
    env: { ref: process.env.GITHUB_REF, tmp: process.env.RUNNER_TEMP },
  });
});
