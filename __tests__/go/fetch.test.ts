/** Downloads against the test mirror on 127.0.0.1: hashing in flight, retries, and failures. */
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadFile, fetchText } from '../../src/go/fetch.js';
import { UserError } from '../../src/runner/errors.js';
import { goMirror, serveGoMirror, type GoMirror, type MirrorServer } from '../../lab/go-mirror.js';

const FILE = 'go1.22.4.linux-amd64.tar.gz';
const quick = { retry: { attempts: 3, baseDelayMs: 10 } };
let mirror: GoMirror;
let server: MirrorServer;
const dir = mkdtempSync(join(tmpdir(), 'winship-fetch-'));

beforeAll(async () => {
  mirror = await goMirror();
  server = await serveGoMirror(mirror);
});
afterAll(() => server?.close());

describe('downloading an archive', () => {
  it('streams it to disk and returns the sha256 of what was received', async () => {
    const dest = join(dir, 'a.tar.gz');
    const got = await downloadFile(`${server.url}/${FILE}`, dest, FILE, quick);
    expect(got).toEqual({
      sha256: mirror.file(FILE).sha256,
      size: statSync(mirror.path(FILE)).size,
    });
    expect(readFileSync(dest).equals(readFileSync(mirror.path(FILE)))).toBe(true);
  });

  it('retries a cut connection and a 500, and the retry starts a fresh file', async () => {
    const flaky = await serveGoMirror(mirror, { faults: { [FILE]: ['reset-mid-body', 500] } });
    try {
      const retries: string[] = [];
      const got = await downloadFile(`${flaky.url}/${FILE}`, join(dir, 'b.tar.gz'), FILE, {
        ...quick,
        hooks: { onRetry: (err) => retries.push(String(err)) },
      });
      expect(got.sha256).toBe(mirror.file(FILE).sha256);
      expect(retries).toHaveLength(2);
      expect(flaky.requests).toHaveLength(3);
    } finally {
      await flaky.close();
    }
  });

  it('gives up after the attempts with a message that says so, and leaves no partial file', async () => {
    const down = await serveGoMirror(mirror, { faults: { [FILE]: [503, 503, 503] } });
    const dest = join(dir, 'c.tar.gz');
    try {
      await expect(downloadFile(`${down.url}/${FILE}`, dest, FILE, quick)).rejects.toThrow(
        new UserError(
          `Downloading ${FILE} from ${down.url}/${FILE} failed after 3 attempts (HTTP 503): the server is failing, retry the job later`,
        ),
      );
      expect(existsSync(dest)).toBe(false);
      expect(down.requests).toHaveLength(3);
    } finally {
      await down.close();
    }
  });
});

describe('reading the index', () => {
  it('returns the body', async () => {
    expect(JSON.parse(await fetchText(`${server.url}/?mode=json&include=all`, quick))).toEqual(
      mirror.releases,
    );
  });

  it('a 404 is one request and a UserError naming the setting to check', async () => {
    const before = server.requests.length;
    await expect(
      fetchText(`${server.url}/missing/?mode=json&include=all`, {
        ...quick,
        source: 'GO_DOWNLOAD_BASE_URL',
      }),
    ).rejects.toThrow(
      /^No Go releases index at .* \(HTTP 404\): check GO_DOWNLOAD_BASE_URL points at a Go download mirror$/,
    );
    expect(server.requests.length - before).toBe(1);
  });
});
