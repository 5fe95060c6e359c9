// The root action, the common path in one `uses:` line: set up Go, then build the matrix and upload
// the artifacts, in one process, by the same steps as actions/setup-go and actions/build. Both
// configurations are read and checked before anything is downloaded or built.
import { runAction } from '../../runner/run.js';
import { buildStep } from '../build/main.js';
import { setupGoStep } from '../setup-go/main.js';

export async function run(): Promise<void> {
  await runAction('winship', async (io) => {
    const setUpGo = setupGoStep(io);
    const build = buildStep(io);
    io.info('winship: set up Go');
    await setUpGo();
    io.info('winship: build');
    await build();
  });
}
