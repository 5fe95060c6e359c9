// The root action's post step: the same Go cache save as setup-go's.
import { saveGoCacheStep } from '../../cache/post-step.js';
import { runAction } from '../../runner/run.js';

export async function run(): Promise<void> {
  await runAction('winship', (io) => saveGoCacheStep(io));
}
