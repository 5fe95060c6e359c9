// The post step shared by setup-go and the root action: saves the Go module and build caches when
// main did not restore them exactly (and not at all with `cache: false`).
import { getInput, info } from '../runner/commands.js';
import { runLightAction } from '../runner/entry.js';
import { loadCacheClient } from './client.js';
import { saveGoCache } from './go-cache.js';

export function runGoCachePostStep(action: string): Promise<void> {
  return runLightAction(action, async () => {
    if (/^(false|no|off|0)$/i.test(getInput('cache')))
      return info('cache: false: not saving the Go cache');
    await saveGoCache(() => loadCacheClient(process.env));
  });
}
