import { runDeployAction } from '../../deploy/action.js';
import { runAction } from '../../runner/run.js';

await runAction('deploy-windows', () => runDeployAction());
