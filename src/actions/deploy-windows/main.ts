// deploy-windows: rolls a built release out to Windows hosts over SSH (or this machine), as a
// Windows service, host by host.
import { runDeployAction } from '../../deploy/action.js';
import { runAction } from '../../runner/run.js';

export async function run(): Promise<void> {
  await runAction('deploy-windows', (io) => runDeployAction({ io }));
}
