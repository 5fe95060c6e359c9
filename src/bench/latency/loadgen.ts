/**
 * An open-model load generator: requests are sent at a fixed arrival rate whatever the server
 * does, and each latency is measured from the request's *intended* send time. A server that
 * stalls for 200 ms therefore shows 200 ms of queued requests, not one slow one: coordinated
 * omission cannot hide the stall. Latencies go into an HDR histogram (hdr-histogram-js).
 */
import http from 'node:http';
import { sleep } from '../../runner/time.js';

export interface LoadSettings {
  /** http://127.0.0.1:port/path */
  url: string;
  /** Requests per second. */
  rate: number;
  durationMs: number;
  /** A request slower than this counts as failed (its latency is still recorded). */
  timeoutMs: number;
}

export interface LoadResult {
  intended: number;
  ok: number;
  failed: number;
  p50Ns: number;
  p90Ns: number;
  p99Ns: number;
  maxNs: number;
  /** Sends more than 1 ms behind schedule: the generator itself could not keep up. */
  lateSends: number;
  /** Status codes and errors of failed requests, counted. */
  failures: Record<string, number>;
}

type Histogram = {
  recordValue(v: number): void;
  getValueAtPercentile(p: number): number;
  readonly maxValue: number;
  destroy(): void;
};

async function newHistogram(): Promise<Histogram> {
  // A CommonJS package: bundled, its exports arrive under `default`.
  type Hdr = typeof import('hdr-histogram-js');
  const mod = (await import('hdr-histogram-js')) as Hdr & { default?: Hdr };
  const build = mod.build ?? mod.default!.build;
  // Nanoseconds, 3 significant digits, resizing up to whatever a stall produces.
  return build({
    lowestDiscernibleValue: 1,
    numberOfSignificantValueDigits: 3,
    autoResize: true,
  }) as unknown as Histogram;
}

export function checkLocalUrl(url: string): URL {
  const u = new URL(url);
  if (
    u.protocol !== 'http:' ||
    (u.hostname !== '127.0.0.1' && u.hostname !== 'localhost' && u.hostname !== '[::1]')
  )
    throw new Error(`load is only ever sent to a local http:// server, not ${url}`);
  return u;
}

export async function openModelLoad(settings: LoadSettings): Promise<LoadResult> {
  const target = checkLocalUrl(settings.url);
  if (!(settings.rate > 0) || !(settings.durationMs > 0))
    throw new Error('rate and duration must be positive');
  const histogram = await newHistogram();
  // No socket limit: an open model must never queue a request behind a slow one in the client.
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  const intervalNs = 1e9 / settings.rate;
  const total = Math.max(1, Math.floor((settings.durationMs / 1000) * settings.rate));
  const result: LoadResult = {
    intended: total,
    ok: 0,
    failed: 0,
    p50Ns: 0,
    p90Ns: 0,
    p99Ns: 0,
    maxNs: 0,
    lateSends: 0,
    failures: {},
  };
  const inFlight: Promise<void>[] = [];

  const fire = (intendedNs: bigint) =>
    new Promise<void>((resolve) => {
      let done = false;
      const finish = (failure?: string) => {
        if (done) return;
        done = true;
        const latency = Number(process.hrtime.bigint() - intendedNs);
        histogram.recordValue(Math.max(1, latency));
        if (failure) {
          result.failed++;
          result.failures[failure] = (result.failures[failure] ?? 0) + 1;
        } else result.ok++;
        resolve();
      };
      const req = http.request(target, { method: 'GET', agent }, (res) => {
        res.resume();
        res.on('end', () =>
          finish(res.statusCode && res.statusCode < 400 ? undefined : `HTTP ${res.statusCode}`),
        );
        res.on('error', (e) => finish(e.message));
      });
      req.setTimeout(settings.timeoutMs, () => {
        finish('timeout');
        req.destroy();
      });
      req.on('error', (e: NodeJS.ErrnoException) => finish(e.code ?? e.message));
      req.end();
    });

  const start = process.hrtime.bigint();
  for (let i = 0; i < total;) {
    const now = process.hrtime.bigint();
    // Send everything that is due, each stamped with the time it should have gone out.
    while (i < total) {
      const intended = start + BigInt(Math.round(i * intervalNs));
      if (intended > now) break;
      if (now - intended > 1_000_000n) result.lateSends++;
      inFlight.push(fire(intended));
      i++;
    }
    if (i >= total) break;
    const nextNs = Number(start + BigInt(Math.round(i * intervalNs)) - process.hrtime.bigint());
    if (nextNs > 1_500_000) await sleep(Math.floor(nextNs / 1e6) - 1);
    else await new Promise<void>((r) => setImmediate(r));
  }
  await Promise.all(inFlight);
  agent.destroy();

  result.p50Ns = histogram.getValueAtPercentile(50);
  result.p90Ns = histogram.getValueAtPercentile(90);
  result.p99Ns = histogram.getValueAtPercentile(99);
  result.maxNs = histogram.maxValue;
  histogram.destroy();
  return result;
}
