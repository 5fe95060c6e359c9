// setup-go's post step: saves the Go module and build caches when main did not restore them exactly.
import { runGoCachePostStep } from '../../cache/post-step.js';

await runGoCachePostStep('setup-go');
