/**
 * The one way an action's entry point runs: the body gets the RunnerIO to report through; expected
 * failures (UserError) become a single clear error annotation, unexpected ones say they are a bug,
 * and neither prints a stack trace to the user's log. Either way the exit code is 1.
 */
import { coreIO } from './core-io.js';
import { UserError, errorMessage } from './errors.js';
import type { RunnerIO } from './io.js';

export async function runAction(
  name: string,
  body: (io: RunnerIO) => Promise<void>,
  io: RunnerIO = coreIO,
): Promise<void> {
  try {
    await body(io);
  } catch (err) {
    process.exitCode = 1;
    if (err instanceof UserError) {
      io.error(err.message, {
        title: name,
        ...(err.file ? { file: err.file } : {}),
        ...(err.line ? { line: err.line } : {}),
      });
    } else {
      if (err instanceof Error && err.stack) io.debug(err.stack);
      io.error(
        `${name}: unexpected error (a bug in winship, please report it): ${errorMessage(err)}`,
        {
          title: name,
        },
      );
    }
  }
}
