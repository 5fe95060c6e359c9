/**
 * Health checks against real HTTP, HTTPS and TCP servers on 127.0.0.1, reached through an
 * executor's openTcp (the local executor's: a plain TCP connection, as the Wine executor's).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkHealth, probe, validateHealthSpec } from '../../src/engine/health.js';
import type { HealthSpec } from '../../src/engine/types.js';
import { LocalWindowsExecutor } from '../../src/hosts/local.js';
import { UserError } from '../../src/runner/errors.js';
import { freePort } from '../../lab/wine.js';

const exec = new LocalWindowsExecutor();
const running = async () => true;
let http: Server;
let httpPort: number;
let requests = 0;
let https: Server;
let httpsPort: number;
let silent: TcpServer;
let silentPort: number;
const silentSockets: Socket[] = [];
let dir: string;

function listen(server: Server | TcpServer, port: number): Promise<void> {
  return new Promise((r) => server.listen(port, '127.0.0.1', () => r()));
}

beforeAll(async () => {
  http = createHttpServer((req, res) => {
    requests++;
    if (req.url === '/healthz') return res.end('{"status":"ok","version":"2.0.0"}');
    // Answers with the body given in the path: what an old or another release might say.
    if (req.url?.startsWith('/body/')) return res.end(decodeURIComponent(req.url.slice(6)));
    if (req.url === '/flaky') {
      // 503 for the first two requests after a reset, then 200.
      return requests % 3 === 0 ? res.end('ok') : ((res.statusCode = 503), res.end('starting'));
    }
    res.statusCode = 500;
    res.end('broken');
  });
  httpPort = await freePort();
  await listen(http, httpPort);

  dir = mkdtempSync(join(tmpdir(), 'winship-health-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=hello.example',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  https = createHttpsServer(
    { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) },
    (_req, res) => res.end('secure 2.0.0'),
  );
  httpsPort = await freePort();
  await listen(https, httpsPort);

  // Accepts connections and never answers.
  silent = createTcpServer((socket) => silentSockets.push(socket));
  silentPort = await freePort();
  await listen(silent, silentPort);
});

afterAll(async () => {
  for (const s of silentSockets) s.destroy();
  for (const s of [http, https, silent]) {
    (s as Server).closeAllConnections?.();
    await new Promise((r) => s.close(() => r(undefined)));
  }
  rmSync(dir, { recursive: true, force: true });
});

const spec = (over: Partial<HealthSpec>): HealthSpec => ({
  kind: 'http',
  url: `http://127.0.0.1:${httpPort}/healthz`,
  timeoutSeconds: 2,
  intervalSeconds: 0.05,
  retries: 0,
  ...over,
});

describe('http', () => {
  test('2xx is healthy; the body can be required to contain the version', async () => {
    expect(await probe(exec, spec({}), running)).toEqual({
      ok: true,
      detail: `HTTP 200 from http://127.0.0.1:${httpPort}/healthz`,
    });
    expect((await probe(exec, spec({ expectVersion: '2.0.0' }), running)).ok).toBe(true);
    const wrong = await probe(exec, spec({ expectVersion: '3.0.0' }), running);
    expect(wrong.ok).toBe(false);
    expect(wrong.detail).toMatch(/answers version '2\.0\.0', not '3\.0\.0'/);
  });

  const answering = (body: string) =>
    `http://127.0.0.1:${httpPort}/body/${encodeURIComponent(body)}`;
  test.each([
    // JSON: the version field decides, whole.
    ['{"version":"1.0.0-rc.1"}', '1.0.0', false],
    ['{"version":"1.2.10"}', '1.2.1', false],
    ['{"version":"1.0.0+build.7"}', '1.0.0', false],
    ['{"status":"1.0.0","version":"0.9.0"}', '1.0.0', false],
    ['{"version":"1.2.1"}', '1.2.1', true],
    ['{"version":"v1.2.1"}', '1.2.1', true],
    ['{ "name": "svc", "version": "1.0.0-rc.1" }', '1.0.0-rc.1', true],
    // Not JSON (or JSON without a top-level version): a whole token of the text.
    ['hello-service 1.2.10', '1.2.1', false],
    ['version=1.0.0-rc.1', '1.0.0', false],
    ['release 11.0.0', '1.0.0', false],
    ['hello-service 1.2.1\n', '1.2.1', true],
    ['hello-service/v1.2.1 (go1.19)', '1.2.1', true],
    ['Running version 1.0.0.', '1.0.0', true],
    ['{"build":{"version":"1.0.0"}}', '1.0.0', true],
    ['{"build":{"version":"1.0.0-rc.1"}}', '1.0.0', false],
  ])('the body %s, expecting %s: healthy is %s', async (body, version, ok) => {
    const r = await probe(exec, spec({ url: answering(body), expectVersion: version }), running);
    expect(r.ok).toBe(ok);
    if (!ok) expect(r.detail).toContain(`'${version}'`);
  });

  test('a non-2xx answer is unhealthy', async () => {
    const r = await probe(exec, spec({ url: `http://127.0.0.1:${httpPort}/other` }), running);
    expect(r).toEqual({ ok: false, detail: `HTTP 500 from http://127.0.0.1:${httpPort}/other` });
  });

  test('retries until healthy, counting attempts', async () => {
    requests = 0;
    const r = await checkHealth(
      exec,
      spec({ url: `http://127.0.0.1:${httpPort}/flaky`, retries: 5 }),
      running,
    );
    expect(r.ok).toBe(true);
    expect(r.attempts).toBe(3);
  });

  test('gives up after 1 + retries attempts with the last reason', async () => {
    const r = await checkHealth(
      exec,
      spec({ url: `http://127.0.0.1:${httpPort}/other`, retries: 2 }),
      running,
    );
    expect(r).toMatchObject({
      ok: false,
      attempts: 3,
      detail: `HTTP 500 from http://127.0.0.1:${httpPort}/other`,
    });
  });

  test('a closed port and a server that never answers are unhealthy', async () => {
    const closed = await freePort();
    const refused = await probe(exec, spec({ url: `http://127.0.0.1:${closed}/healthz` }), running);
    expect(refused.ok).toBe(false);
    expect(refused.detail).toMatch(/ECONNREFUSED/);
    const hung = await probe(
      exec,
      spec({ url: `http://127.0.0.1:${silentPort}/healthz`, timeoutSeconds: 0.3 }),
      running,
    );
    expect(hung).toEqual({
      ok: false,
      detail: `http://127.0.0.1:${silentPort}/healthz: no answer within 0.3 s`,
    });
  });

  test('stops early when the service is no longer running', async () => {
    const closed = await freePort();
    const r = await checkHealth(
      exec,
      spec({ url: `http://127.0.0.1:${closed}/`, retries: 50, intervalSeconds: 1 }),
      async () => false,
    );
    expect(r.ok).toBe(false);
    expect(r.attempts).toBe(1);
    expect(r.detail).toMatch(/the service is no longer running/);
  });

  test('https with a self-signed certificate (the check asks whether the release answers)', async () => {
    const r = await probe(
      exec,
      spec({ url: `https://127.0.0.1:${httpsPort}/healthz`, expectVersion: '2.0.0' }),
      running,
    );
    expect(r).toEqual({ ok: true, detail: `HTTP 200 from https://127.0.0.1:${httpsPort}/healthz` });
  });
});

describe('tcp and service', () => {
  test('tcp: a listening port is healthy, a closed one is not', async () => {
    expect((await probe(exec, spec({ kind: 'tcp', port: silentPort }), running)).ok).toBe(true);
    const closed = await freePort();
    expect((await probe(exec, spec({ kind: 'tcp', port: closed }), running)).ok).toBe(false);
  });

  test('service: the state decides', async () => {
    expect((await probe(exec, spec({ kind: 'service' }), async () => true)).ok).toBe(true);
    expect(
      await checkHealth(exec, spec({ kind: 'service', retries: 1 }), async () => false),
    ).toMatchObject({
      ok: false,
      attempts: 2,
      detail: 'the service is not RUNNING',
    });
  });
});

describe('validateHealthSpec', () => {
  test.each([
    [{ kind: 'ping' as never }, /Invalid health check kind/],
    [{ url: 'ftp://127.0.0.1/x' }, /only http and https/],
    [{ url: 'not a url' }, /Invalid health URL/],
    [{ url: 'http://user:pw@127.0.0.1/' }, /credentials/],
    [{ kind: 'tcp' as const, port: 70000 }, /Invalid health port/],
    [{ timeoutSeconds: 0 }, /Invalid health timeout/],
    [{ intervalSeconds: -1 }, /Invalid health interval/],
    [{ retries: 1.5 }, /Invalid health retries/],
  ])('refuses %o', (over, message) => {
    expect(() => validateHealthSpec(spec(over))).toThrow(UserError);
    expect(() => validateHealthSpec(spec(over))).toThrow(message);
  });
});
