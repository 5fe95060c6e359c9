/**
 * Post step: removes the private folder under RUNNER_TEMP that held the downloaded build.
 */
import { rmSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { DEPLOY_STATE } from '../../deploy/outputs.js';
import { runAction } from '../../runner/run.js';

export async function run(): Promise<void> {
  await runAction('deploy-windows', async (io) => {
    const temp = process.env.RUNNER_TEMP;
    const path = io.getState(DEPLOY_STATE.workDir);
    // Only what main created under RUNNER_TEMP: a tampered state must not delete anything else.
    if (!path || !temp || !resolve(path).startsWith(resolve(temp) + sep)) return;
    rmSync(path, { recursive: true, force: true });
    io.info(`Removed ${path}`);
  });
}
