import { readConfig } from '../../bench/config.js';
import { runBenchGate } from '../../bench/pipeline.js';
import { runAction } from '../../runner/run.js';

await runAction('bench-gate', async () => {
  await runBenchGate(readConfig());
});
