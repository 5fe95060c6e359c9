import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/runner/errors.js';
import { runProcess, tail } from '../../src/runner/process.js';

describe('runProcess', () => {
  it('returns the exit code and both streams of a program run from an argument vector', async () => {
    const r = await runProcess('sh', ['-c', 'echo out; echo err >&2; exit 3', 'ignored $HOME']);
    expect(r).toMatchObject({ code: 3, signal: null, stdout: 'out\n', stderr: 'err\n' });
    expect(r.timedOut).toBe(false);
  });

  it('passes arguments through without a shell', async () => {
    const r = await runProcess('printf', ['%s|', '$HOME', 'a b', '`x`']);
    expect(r.stdout).toBe('$HOME|a b|`x`|');
  });

  it('kills a program that runs past its deadline and says so', async () => {
    const r = await runProcess('sleep', ['30'], { timeoutMs: 50 });
    expect(r).toMatchObject({ timedOut: true, signal: 'SIGKILL', code: 128 });
  });

  it('turns a program missing from PATH into a UserError that says what to do', async () => {
    await expect(runProcess('winship-no-such-program', [])).rejects.toThrow(UserError);
    await expect(runProcess('winship-no-such-program', [])).rejects.toThrow(
      "'winship-no-such-program' is not on PATH",
    );
    await expect(
      runProcess('winship-no-such-program', [], { missing: 'install it first' }),
    ).rejects.toThrow('install it first');
  });

  it('keeps the last lines of an output for an error message', () => {
    expect(tail('a\nb\nc\n\n', 2)).toBe('b\nc');
  });
});
