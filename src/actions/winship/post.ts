// The root action's post step: the same Go cache save as setup-go's.
import { runGoCachePostStep } from '../../cache/post-step.js';

await runGoCachePostStep('winship');
