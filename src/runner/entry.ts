/**
 * `runAction` (run.ts) for actions that must start like bare `node`: the same contract (a UserError
 * is one error annotation and exit code 1, anything else is reported as a bug, never a stack in the
 * log) written with commands.ts instead of @actions/core.
 */
import * as command from './commands.js';
import { UserError, errorMessage } from './errors.js';

export async function runLightAction(name: string, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (err) {
    process.exitCode = 1;
    if (err instanceof UserError) {
      const props: command.AnnotationProperties = { title: name };
      if (err.file) props.file = err.file;
      if (err.line) props.startLine = err.line;
      command.error(err.message, props);
    } else {
      if (err instanceof Error && err.stack) command.debug(err.stack);
      command.error(
        `${name}: unexpected error (a bug in winship, please report it): ${errorMessage(err)}`,
        {
          title: name,
        },
      );
    }
  }
}
