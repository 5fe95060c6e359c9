/**
 * A mirror URL that carries credentials (`http://user:password@mirror/dl`): the password reaches
 * the runner only as a secret (::add-mask::), never in the log or an error, whether the setup
 * succeeds or a download fails; and the credentials are sent as HTTP Basic auth, which is what
 * the user meant by putting them there. The mirror here sits behind a front that demands them.
 */
import { randomBytes } from 'node:crypto';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goMirror, serveGoMirror, type GoMirror, type MirrorServer } from '../../lab/go-mirror.js';
import type { ActionResult } from '../../lab/runner.js';
import { errorOf, runSetupGo } from './run-setup-go.js';

const USER = 'mirror-user';
const PASSWORD = `s3cret-${randomBytes(6).toString('hex')}`;

let mirror: GoMirror;

/**
 * A front on 127.0.0.1 that answers 401 unless the request carries Basic USER:PASSWORD, and
 * otherwise passes the request to `backend` (the test mirror, with its faults).
 */
async function authenticatingFront(
  backend: MirrorServer,
): Promise<{ base: string; server: Server; seen: string[] }> {
  const target = new URL(backend.url);
  const seen: string[] = [];
  const expected = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;
  const server = createServer((req, res) => {
    seen.push(req.headers.authorization === expected ? 'authorized' : 'anonymous');
    if (req.headers.authorization !== expected)
      return void res
        .writeHead(401, { 'www-authenticate': 'Basic realm="go"' })
        .end('who are you\n');
    const up = request(
      { host: target.hostname, port: target.port, path: req.url, method: req.method },
      (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      },
    );
    up.on('error', () => req.socket.destroy());
    up.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { base: `http://${USER}:${PASSWORD}@127.0.0.1:${port}${target.pathname}`, server, seen };
}

/** Everything the runner would show: the log and the summary, less the mask commands. */
function shown(run: ActionResult): string {
  return [run.stdout, run.stderr, run.summary, ...run.annotations.map((a) => a.message)]
    .join('\n')
    .split('\n')
    .filter((l) => !l.startsWith('::add-mask::'))
    .join('\n');
}

function expectNoCredentials(run: ActionResult) {
  const text = shown(run);
  expect(text).not.toContain(PASSWORD);
  expect(text).not.toContain(`${USER}:${PASSWORD}`);
  expect(text).not.toContain(encodeURIComponent(PASSWORD));
  expect(run.masks).toContain(PASSWORD);
}

beforeAll(async () => {
  mirror = await goMirror();
});

describe('setup-go with credentials in go-download-base-url', () => {
  const servers: { close(): unknown }[] = [];
  afterAll(async () => {
    for (const s of servers) await s.close();
  });
  const front = async (faults: Record<string, (number | 'reset-before-body')[]> = {}) => {
    const backend = await serveGoMirror(mirror, { faults });
    const f = await authenticatingFront(backend);
    servers.push(backend, { close: () => new Promise((r) => f.server.close(r)) });
    return f;
  };

  it('installs through a mirror that requires them, and prints them nowhere', async () => {
    const f = await front();
    const run = await runSetupGo({
      'go-version': '1.22.5',
      'go-download-base-url': f.base,
      cache: 'false',
    });
    expect(run.exitCode).toBe(0);
    expect(f.seen).toEqual(['authorized', 'authorized']);
    expect(run.outputs['go-version']).toBe('1.22.5');
    expect(run.stdout).toContain('Reading the Go releases index at http://***@127.0.0.1:');
    expectNoCredentials(run);
  });

  it('a 404 for the archive after a retried 503: the error and the retry line hide them', async () => {
    const f = await front({ 'go1.22.5.linux-amd64.tar.gz': [503, 404] });
    const run = await runSetupGo({
      'go-version': '1.22.5',
      'go-download-base-url': f.base,
      cache: 'false',
    });
    expect(run.exitCode).toBe(1);
    expect(errorOf(run)).toMatch(
      /^The releases index lists go1\.22\.5\.linux-amd64\.tar\.gz but http:\/\/\*\*\*@127\.0\.0\.1:\d+\/dl\/go1\.22\.5\.linux-amd64\.tar\.gz answers HTTP 404/,
    );
    expect(run.stdout).toMatch(
      /HTTP 503 from http:\/\/\*\*\*@127\.0\.0\.1:\d+\/dl\/go1\.22\.5\.linux-amd64\.tar\.gz; attempt 2/,
    );
    expectNoCredentials(run);
  });

  it('a 401 for the index (wrong or missing credentials): the error hides them', async () => {
    const f = await front({ index: [401] });
    const run = await runSetupGo({
      'go-version': '1.22.5',
      'go-download-base-url': f.base,
      cache: 'false',
    });
    expect(run.exitCode).toBe(1);
    expect(errorOf(run)).toMatch(
      /^http:\/\/\*\*\*@127\.0\.0\.1:\d+\/dl\/\?mode=json&include=all answers HTTP 401 for the Go releases index: the mirror wants credentials/,
    );
    expectNoCredentials(run);
  });

  it('a base URL refused as malformed hides them too', async () => {
    const f = await front();
    const run = await runSetupGo({
      'go-version': '1.22.5',
      'go-download-base-url': `${f.base}?token=1`,
      cache: 'false',
    });
    expect(run.exitCode).toBe(1);
    expect(errorOf(run)).toMatch(
      /'http:\/\/\*\*\*@127\.0\.0\.1:\d+\/dl\?token=1' must be the mirror's base without a query/,
    );
    expectNoCredentials(run);
  });
});
