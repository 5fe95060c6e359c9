import { describe, expect, it } from 'vitest';
import {
  HttpStatusError,
  TruncatedError,
  isTransient,
  retryDelay,
  withRetry,
} from '../../src/go/retry.js';

const errno = (code: string) => Object.assign(new Error(`connect ${code}`), { code });

describe('which failures are transient', () => {
  it.each([
    [new HttpStatusError(500, 'u'), true],
    [new HttpStatusError(503, 'u'), true],
    [new HttpStatusError(429, 'u'), true],
    [new HttpStatusError(408, 'u'), true],
    [new HttpStatusError(404, 'u'), false],
    [new HttpStatusError(403, 'u'), false],
    [new TruncatedError(10, 20), true],
    [errno('ECONNRESET'), true],
    [errno('ETIMEDOUT'), true],
    [errno('ECONNREFUSED'), false],
    [errno('ENOTFOUND'), false],
    [new Error('socket hang up'), true],
    [new Error('disk full'), false],
    ['a string', false],
  ])('%s -> %s', (err, transient) => expect(isTransient(err)).toBe(transient));
});

describe('retrying', () => {
  it('waits 1 s, 2 s, 4 s (±25%) between attempts', () => {
    const policy = { attempts: 4, baseDelayMs: 1000 };
    expect([1, 2, 3].map((n) => retryDelay(policy, n, 0.5))).toEqual([1000, 2000, 4000]);
    expect(retryDelay(policy, 1, 0)).toBe(750);
    expect(retryDelay(policy, 1, 1)).toBe(1250);
  });

  it('retries a transient failure until it succeeds', async () => {
    const waits: number[] = [];
    let calls = 0;
    const result = await withRetry(
      async () => {
        if (++calls < 3) throw new HttpStatusError(502, 'u');
        return 'ok';
      },
      { attempts: 4, baseDelayMs: 100 },
      { sleep: async (ms) => void waits.push(ms) },
    );
    expect(result).toBe('ok');
    expect(calls).toBe(3);
    expect(waits).toHaveLength(2);
  });

  it('gives up after the last attempt with the last error', async () => {
    let calls = 0;
    const failing = withRetry(
      async () => {
        throw new HttpStatusError(500 + ++calls, 'u');
      },
      { attempts: 3, baseDelayMs: 1 },
      { sleep: async () => {} },
    );
    await expect(failing).rejects.toThrow('HTTP 503 from u');
    expect(calls).toBe(3);
  });

  it('does not retry an answer such as 404', async () => {
    let calls = 0;
    const failing = withRetry(async () => {
      calls++;
      throw new HttpStatusError(404, 'u');
    });
    await expect(failing).rejects.toThrow('HTTP 404 from u');
    expect(calls).toBe(1);
  });
});
