// build: cross-compiles the Go service for each target, archives and checksums the binaries, writes
// the manifest and uploads the artifacts.
import { githubArtifactStore } from '../../artifacts/store.js';
import { readBuildConfig } from '../../build/config.js';
import { runBuildAction } from '../../build/pipeline.js';
import { runnerInputs } from '../../runner/inputs.js';
import type { RunnerIO } from '../../runner/io.js';
import { runAction } from '../../runner/run.js';

/** Reads and checks the build's inputs now; the step it returns builds and uploads. */
export function buildStep(io: RunnerIO): () => Promise<void> {
  const config = readBuildConfig(runnerInputs, process.env.GITHUB_WORKSPACE || process.cwd());
  return () =>
    runBuildAction(config, {
      io,
      store: githubArtifactStore(),
      env: { ref: process.env.GITHUB_REF, tmp: process.env.RUNNER_TEMP },
    });
}

export async function run(): Promise<void> {
  await runAction('build', (io) => buildStep(io)());
}
