// setup-go: installs Go (tool cache, else a verified download from go.dev or a mirror), puts it on
// PATH, and restores the module and build caches. The fast path (a tool-cache hit) loads nothing
// but this file's imports; downloads and @actions/cache are imported only when needed.
import { loadCacheClient } from '../../cache/client.js';
import { reportSetup } from '../../go/report.js';
import { readSetupGoConfig } from '../../go/setup-config.js';
import { setupGo } from '../../go/setup.js';
import { getInput } from '../../runner/commands.js';
import { runLightAction } from '../../runner/entry.js';

await runLightAction('setup-go', async () => {
  const config = readSetupGoConfig(getInput, process.env, {
    os: process.platform,
    arch: process.arch,
    cwd: process.cwd(),
  });
  const result = await setupGo(config);
  await reportSetup(config, result, async (req) => {
    const { restoreGoCache } = await import('../../cache/go-cache.js');
    return restoreGoCache({ ...req, load: () => loadCacheClient(process.env) });
  });
});
