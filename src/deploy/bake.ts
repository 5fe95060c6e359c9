/**
 * The bake after a wave: the health check of every host upgraded so far, polled every
 * `health-interval` for `bake-time`; the first host that fails it ends the bake with a verdict
 * of failed. Cancelled (the runner's SIGINT), the bake stops polling but checks every host once
 * more before it returns, so no host is left unchecked. The probe and the clock are handed in.
 */
import { sleep as pause } from '../runner/time.js';

export interface BakeProbe {
  ok: boolean;
  detail: string;
}

export interface BakeOptions<T> {
  hosts: readonly T[];
  durationMs: number;
  intervalMs: number;
  /** One attempt of the host's health check; must not throw (a throw counts as a failure). */
  probe: (host: T) => Promise<BakeProbe>;
  /** Aborted on cancellation. */
  signal?: AbortSignal;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface BakeResult<T> {
  verdict: 'passed' | 'failed' | 'cancelled';
  /** The hosts whose check failed (in the round that ended the bake), with why. */
  failed: { host: T; detail: string }[];
  /** Rounds of checks over every host. */
  rounds: number;
  seconds: number;
}

/** The shortest pause between rounds, whatever `health-interval` says (0 would spin). */
export const MIN_BAKE_INTERVAL_MS = 100;

/** A pause that ends early when `signal` aborts. */
function abortableSleep(
  sleep: (ms: number) => Promise<void>,
  ms: number,
  signal?: AbortSignal,
): Promise<void> {
  if (!signal) return sleep(ms);
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      signal.removeEventListener('abort', done);
      resolve();
    };
    signal.addEventListener('abort', done, { once: true });
    void sleep(ms).then(done);
  });
}

export async function bake<T>(opts: BakeOptions<T>): Promise<BakeResult<T>> {
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? pause;
  const started = now();
  const interval = Math.max(opts.intervalMs, MIN_BAKE_INTERVAL_MS);
  let rounds = 0;
  const round = async () => {
    rounds++;
    const results = await Promise.all(
      opts.hosts.map(async (host) => {
        try {
          return { host, ...(await opts.probe(host)) };
        } catch (e) {
          return { host, ok: false, detail: e instanceof Error ? e.message : String(e) };
        }
      }),
    );
    return results.filter((r) => !r.ok).map(({ host, detail }) => ({ host, detail }));
  };
  const end = (verdict: BakeResult<T>['verdict'], failed: BakeResult<T>['failed']) => ({
    verdict,
    failed,
    rounds,
    seconds: (now() - started) / 1000,
  });
  for (;;) {
    const cancelled = opts.signal?.aborted === true;
    const failed = await round();
    if (failed.length) return end('failed', failed);
    if (cancelled) return end('cancelled', []);
    const left = opts.durationMs - (now() - started);
    if (left <= 0) return end('passed', []);
    await abortableSleep(sleep, Math.min(interval, left), opts.signal);
  }
}
