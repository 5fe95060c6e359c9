// The root action's post step: removes a signing key folder main left behind, then the same Go
// cache save as setup-go's.
import { saveGoCacheStep } from '../../cache/post-step.js';
import { runAction } from '../../runner/run.js';
import { removeSigningKeyStep } from '../../signing/post-step.js';

export async function run(): Promise<void> {
  await runAction('winship', async (io) => {
    removeSigningKeyStep(io, process.env.RUNNER_TEMP);
    await saveGoCacheStep(io);
  });
}
