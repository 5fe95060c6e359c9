// The post step shared by setup-go and the root action: saves the Go module and build caches when
// main did not restore them exactly (and not at all with `cache: false`).
import { Inputs } from '../runner/inputs.js';
import type { RunnerIO } from '../runner/io.js';
import { loadCacheClient } from './client.js';
import { saveGoCache } from './go-cache.js';

export async function saveGoCacheStep(io: RunnerIO, inputs = new Inputs()): Promise<void> {
  if (!inputs.boolean('cache', true)) return io.info('cache: false: not saving the Go cache');
  await saveGoCache(() => loadCacheClient(process.env), io);
}
