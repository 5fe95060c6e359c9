/**
 * Retrying downloads: which failures are worth another attempt (a 5xx, a reset or cut connection,
 * a timeout) and which are answers (a 404, a refused connection, an unknown host), and the waits
 * between attempts. The policy is data; the loop takes its sleep so tests need not wait.
 */
import { sleep } from '../runner/time.js';
import { shownUrl } from './url-credentials.js';

/** An HTTP answer other than 200. */
export class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    readonly url: string,
  ) {
    super(`HTTP ${status} from ${shownUrl(url)}`);
    this.name = 'HttpStatusError';
  }
}

/** The body ended before Content-Length said it would. */
export class TruncatedError extends Error {
  constructor(
    readonly received: number,
    readonly expected: number,
  ) {
    super(`the connection closed after ${received} of ${expected} bytes`);
    this.name = 'TruncatedError';
  }
}

const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ECONNABORTED',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'ERR_STREAM_PREMATURE_CLOSE',
]);

export function isTransient(err: unknown): boolean {
  if (err instanceof HttpStatusError)
    return err.status >= 500 || err.status === 408 || err.status === 429;
  if (err instanceof TruncatedError) return true;
  if (!(err instanceof Error)) return false;
  const code = (err as NodeJS.ErrnoException).code;
  if (code && TRANSIENT_CODES.has(code)) return true;
  return /socket hang up|aborted|Request timeout/i.test(err.message);
}

export interface RetryPolicy {
  attempts: number;
  /** First wait; each next one doubles, with ±25% jitter so many runners do not retry in step. */
  baseDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 1000 };

export function retryDelay(
  policy: RetryPolicy,
  retry: number,
  random: number = Math.random(),
): number {
  return Math.round(policy.baseDelayMs * 2 ** (retry - 1) * (0.75 + random * 0.5));
}

export interface RetryHooks {
  sleep?: (ms: number) => Promise<void>;
  onRetry?: (err: unknown, delayMs: number, nextAttempt: number) => void;
}

/** Runs `fn` until it succeeds, fails for good, or the attempts are used up (last error thrown). */
export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  policy: RetryPolicy = DEFAULT_RETRY,
  hooks: RetryHooks = {},
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      if (attempt >= policy.attempts || !isTransient(err)) throw err;
      const delay = retryDelay(policy, attempt);
      hooks.onRetry?.(err, delay, attempt + 1);
      await (hooks.sleep ?? sleep)(delay);
    }
  }
}
