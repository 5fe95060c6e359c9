/**
 * An error the user can act on: its message is shown as is, as one annotation, without a stack.
 * Anything else reaching the entry point is a bug in winship and is reported as one.
 */
export class UserError extends Error {
  constructor(
    message: string,
    /** Optional file the annotation points at (a version file, a profile, a Go source file). */
    readonly file?: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/** A bad action input: always names the input and what would be accepted. */
export class InputError extends UserError {
  constructor(
    readonly input: string,
    problem: string,
  ) {
    super(`Input '${input}': ${problem}`);
    this.name = 'InputError';
  }
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
