import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkLocalUrl, openModelLoad } from '../../src/bench/latency/loadgen.js';
import { resultLine, benchmarkName } from '../../src/bench/latency/run.js';
import { parseBenchmarks } from '../../src/bench/format/parse.js';

/**
 * A real HTTP server on 127.0.0.1. /stall answers at once except during one 300 ms window after
 * its first request, when it holds every response until the window closes (a GC pause, a lock).
 */
let server: http.Server;
let base: string;
let stallStart: number | undefined;
let received = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    received++;
    if (req.url === '/error') {
      res.statusCode = 500;
      res.end('no');
      return;
    }
    if (req.url === '/hang') return; // never answers
    const now = performance.now();
    stallStart ??= now + 300;
    const stallEnd = stallStart + 300;
    const wait = now >= stallStart && now < stallEnd ? stallEnd - now : 0;
    setTimeout(() => res.end('ok'), wait);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe('open-model load generator', () => {
  it('sends at the fixed rate and shows a stall in every request queued behind it', async () => {
    received = 0;
    const r = await openModelLoad({
      url: `${base}/stall`,
      rate: 200,
      durationMs: 1200,
      timeoutMs: 5000,
    });
    expect(r.intended).toBe(240);
    expect(r.ok).toBe(240);
    expect(received).toBe(240);
    expect(r.failed).toBe(0);
    // ~60 requests were due during the 300 ms stall; measured from their intended send time they
    // waited 0–300 ms, so well over 1% of all requests took over 100 ms. A closed-loop client
    // (send, wait, send) would have seen one slow request, below the 99th percentile.
    expect(r.p99Ns).toBeGreaterThan(100e6);
    expect(r.maxNs).toBeGreaterThan(200e6);
    expect(r.p50Ns).toBeLessThan(r.p99Ns);
  });

  it('counts error statuses and timeouts as failures with their latency', async () => {
    const errors = await openModelLoad({
      url: `${base}/error`,
      rate: 50,
      durationMs: 200,
      timeoutMs: 2000,
    });
    expect(errors).toMatchObject({ intended: 10, ok: 0, failed: 10, failures: { 'HTTP 500': 10 } });
    const hangs = await openModelLoad({
      url: `${base}/hang`,
      rate: 20,
      durationMs: 100,
      timeoutMs: 150,
    });
    expect(hangs).toMatchObject({ intended: 2, ok: 0, failed: 2, failures: { timeout: 2 } });
    expect(hangs.p50Ns).toBeGreaterThanOrEqual(150e6);
  });

  it('only ever loads a local server', () => {
    expect(() => checkLocalUrl('http://example.com/')).toThrow('only ever sent to a local');
    expect(() => checkLocalUrl('https://127.0.0.1/')).toThrow();
    expect(checkLocalUrl('http://127.0.0.1:8080/x').port).toBe('8080');
  });

  it('writes each round as a benchmark line the gate reads back', () => {
    const name = benchmarkName({ path: '/api/v1/items', rate: 200 });
    expect(name).toBe('HTTP/path=api_v1_items/rate=200');
    const line = resultLine(name, {
      intended: 10,
      ok: 9,
      failed: 1,
      p50Ns: 120000,
      p90Ns: 0,
      p99Ns: 950000,
      maxNs: 0,
      lateSends: 0,
      failures: {},
    });
    const parsed = parseBenchmarks('Unit p50-ns/req better=lower\n' + line);
    expect(parsed.warnings).toEqual([]);
    expect(parsed.results[0]!.values.map((v) => [v.unit, v.value])).toEqual([
      ['p50-sec/req', 120000 * 1e-9],
      ['p99-sec/req', 950000 * 1e-9],
      ['ok/req', 0.9],
    ]);
  });
});
