/**
 * The one way an action's entry point runs: expected failures become a single clear annotation,
 * unexpected ones say they are a bug, and neither prints a stack trace to the user's log.
 */
import * as core from '@actions/core';
import { UserError, errorMessage } from './errors.js';

export async function runAction(name: string, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (err) {
    if (err instanceof UserError) {
      const props: core.AnnotationProperties = { title: name };
      if (err.file) props.file = err.file;
      if (err.line) props.startLine = err.line;
      core.error(err.message, props);
      process.exitCode = 1;
    } else {
      if (err instanceof Error && err.stack) core.debug(err.stack);
      core.error(
        `${name}: unexpected error (a bug in winship, please report it): ${errorMessage(err)}`,
        {
          title: name,
        },
      );
      process.exitCode = 1;
    }
  }
}
