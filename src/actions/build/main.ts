// build: cross-compiles the Go service for each target, signs the Windows binaries when a
// certificate is given, archives and checksums the binaries, writes the manifest, uploads the
// artifacts, and on a version tag with `release: true` publishes the GitHub Release.
import { githubArtifactStore } from '../../artifacts/store.js';
import { readBuildConfig } from '../../build/config.js';
import { runBuildAction } from '../../build/pipeline.js';
import { readReleaseConfig } from '../../release/config.js';
import { runReleaseStep } from '../../release/step.js';
import { Inputs, runnerInputs } from '../../runner/inputs.js';
import type { RunnerIO } from '../../runner/io.js';
import { runAction } from '../../runner/run.js';

/** Reads and checks the build's inputs now; the step it returns builds, uploads and releases. */
export function buildStep(io: RunnerIO): () => Promise<void> {
  const inputs = new Inputs(runnerInputs, (s) => io.mask(s));
  const config = readBuildConfig(inputs, process.env.GITHUB_WORKSPACE || process.cwd());
  const release = readReleaseConfig(inputs, process.env, config.mode);
  return async () => {
    const built = await runBuildAction(config, {
      io,
      store: githubArtifactStore(),
      env: { ref: process.env.GITHUB_REF, tmp: process.env.RUNNER_TEMP },
    });
    if (release && built)
      await runReleaseStep(release, built, { io, cwd: config.workingDirectory });
  };
}

export async function run(): Promise<void> {
  await runAction('build', (io) => buildStep(io)());
}
