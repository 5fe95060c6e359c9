// setup-go's post step: saves the Go module and build caches when main did not restore them exactly.
import { saveGoCacheStep } from '../../cache/post-step.js';
import { runAction } from '../../runner/run.js';

export async function run(): Promise<void> {
  await runAction('setup-go', (io) => saveGoCacheStep(io));
}
