import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../../src/runner/errors.js';
import { RecordingIO } from '../../src/runner/io.js';
import { runAction } from '../../src/runner/run.js';

afterEach(() => {
  process.exitCode = undefined;
});

describe('runAction, the one entry wrapper', () => {
  it('hands the body its RunnerIO and leaves the exit code alone on success', async () => {
    const io = new RecordingIO();
    await runAction('x', async (got) => got.output('k', 'v'), io);
    expect(io.outputs).toEqual({ k: 'v' });
    expect(io.errors).toEqual([]);
    expect(process.exitCode).toBeUndefined();
  });

  it('turns a UserError into one error annotation pointing at its file, without a stack', async () => {
    const io = new RecordingIO();
    await runAction(
      'setup-go',
      async () => {
        throw new UserError('go.mod line 3 is not a Go version', 'go.mod', 3);
      },
      io,
    );
    expect(io.errors).toEqual([
      {
        message: 'go.mod line 3 is not a Go version',
        props: { title: 'setup-go', file: 'go.mod', line: 3 },
      },
    ]);
    expect(io.allText()).not.toMatch(/\n\s+at /);
    expect(process.exitCode).toBe(1);
  });

  it('reports anything else as a bug in winship, the stack only in the debug log', async () => {
    const io = new RecordingIO();
    await runAction(
      'build',
      async () => {
        throw new TypeError('x is undefined');
      },
      io,
    );
    expect(io.errors).toEqual([
      {
        message: 'build: unexpected error (a bug in winship, please report it): x is undefined',
        props: { title: 'build' },
      },
    ]);
    expect(io.lines.some((l) => l.startsWith('::debug::TypeError: x is undefined'))).toBe(true);
    expect(process.exitCode).toBe(1);
  });
});
