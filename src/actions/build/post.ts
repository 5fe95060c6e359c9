// build's post step: removes the signing key's folder when the main step could not.
import { runAction } from '../../runner/run.js';
import { removeSigningKeyStep } from '../../signing/post-step.js';

export async function run(): Promise<void> {
  await runAction('build', async (io) => removeSigningKeyStep(io, process.env.RUNNER_TEMP));
}
