// setup-go's post step: saves the Go module and build caches when main did not restore them exactly.
import { loadCacheClient } from '../../cache/client.js';
import { saveGoCache } from '../../cache/go-cache.js';
import { getInput, info } from '../../runner/commands.js';
import { runLightAction } from '../../runner/entry.js';

await runLightAction('setup-go', async () => {
  if (/^(false|no|off|0)$/i.test(getInput('cache')))
    return info('cache: false: not saving the Go cache');
  await saveGoCache(() => loadCacheClient(process.env));
});
