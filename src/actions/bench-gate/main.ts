// bench-gate: benchmarks the pull request against its merge base (or compares two result files),
// gates on the regressions, reports them in the job summary and on the pull request.
import { readConfig } from '../../bench/config.js';
import { keepYoungGenerationSmall, runBenchGate } from '../../bench/pipeline.js';
import { runAction } from '../../runner/run.js';

export async function run(): Promise<void> {
  keepYoungGenerationSmall();
  await runAction('bench-gate', async (io) => {
    await runBenchGate(readConfig(), io);
  });
}
