/**
 * setup-go's failures end to end: each is one error annotation that says what to do, exit code 1,
 * and nothing half-installed in the tool cache. Plus the retries that keep a flaky mirror working.
 */
import { existsSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goMirror, serveGoMirror, type GoMirror, type MirrorServer } from '../../lab/go-mirror.js';
import { errorOf, runSetupGo } from './run-setup-go.js';

let mirror: GoMirror;
let server: MirrorServer;

beforeAll(async () => {
  mirror = await goMirror();
  server = await serveGoMirror(mirror);
});
afterAll(() => server?.close());

/** A 127.0.0.1 port nothing listens on. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as { port: number };
  await new Promise((r) => s.close(r));
  return port;
}

function toolCacheIsEmpty(toolCache: string): boolean {
  return (
    !existsSync(join(toolCache, 'go')) ||
    readdirSync(join(toolCache, 'go')).every(
      (v) => readdirSync(join(toolCache, 'go', v)).length === 0,
    )
  );
}

describe('setup-go refuses a tampered archive', () => {
  it('fails with both hashes before extracting, and caches nothing', async () => {
    const tampered = await serveGoMirror(mirror, { tamper: ['go1.22.5.linux-amd64.tar.gz'] });
    try {
      const run = await runSetupGo({
        'go-version': '1.22.5',
        'go-download-base-url': tampered.url,
      });
      expect(run.exitCode).toBe(1);
      const expected = mirror.file('go1.22.5.linux-amd64.tar.gz').sha256;
      const message = errorOf(run);
      expect(message).toMatch(
        new RegExp(
          `^Checksum mismatch for go1\\.22\\.5\\.linux-amd64\\.tar\\.gz from ${tampered.url}/go1\\.22\\.5\\.linux-amd64\\.tar\\.gz: ` +
            `the releases index says sha256 ${expected}, the download is ([0-9a-f]{64}); nothing was installed`,
        ),
      );
      expect(message).not.toContain(`the download is ${expected}`);
      expect(run.stdout).not.toContain('/usr/bin/tar');
      expect(toolCacheIsEmpty(run.toolCache)).toBe(true);
      expect(readdirSync(join(run.home, 'temp')).filter((f) => f.includes('go1.22.5'))).toEqual([]);
      expect(run.post).toBeUndefined();
    } finally {
      await tampered.close();
    }
  });
});

describe('setup-go retries what is transient and only that', () => {
  it('retries an archive after a 503 and a connection cut mid-body, then installs', async () => {
    const flaky = await serveGoMirror(mirror, {
      faults: { 'go1.22.4.linux-amd64.tar.gz': [503, 'reset-mid-body'] },
    });
    try {
      const run = await runSetupGo({
        'go-version': '1.22.4',
        'go-download-base-url': flaky.url,
        cache: 'false',
      });
      expect(run.exitCode, run.stdout).toBe(0);
      expect(run.outputs['go-version']).toBe('1.22.4');
      expect(flaky.requests.filter((r) => r.includes('go1.22.4.linux-amd64.tar.gz'))).toHaveLength(
        3,
      );
      expect(run.stdout).toMatch(/HTTP 503 from .*; attempt 2 in \d\.\d s/);
    } finally {
      await flaky.close();
    }
  });

  it('retries the index after a reset connection', async () => {
    const flaky = await serveGoMirror(mirror, { faults: { index: ['reset-before-body'] } });
    try {
      const run = await runSetupGo({
        'go-version': '1.22.4',
        'go-download-base-url': flaky.url,
        cache: 'false',
      });
      expect(run.exitCode, run.stdout).toBe(0);
      expect(flaky.requests.filter((r) => r.includes('mode=json'))).toHaveLength(2);
    } finally {
      await flaky.close();
    }
  });

  it('does not retry a 404: the mirror lacks the file', async () => {
    const holey = await serveGoMirror(mirror, {
      faults: { 'go1.22.4.linux-amd64.tar.gz': [404, 404, 404, 404] },
    });
    try {
      const run = await runSetupGo({ 'go-version': '1.22.4', 'go-download-base-url': holey.url });
      expect(run.exitCode).toBe(1);
      expect(errorOf(run)).toBe(
        `The releases index lists go1.22.4.linux-amd64.tar.gz but ${holey.url}/go1.22.4.linux-amd64.tar.gz answers HTTP 404: the mirror is missing that file`,
      );
      expect(holey.requests.filter((r) => r.includes('go1.22.4.linux-amd64.tar.gz'))).toHaveLength(
        1,
      );
      expect(toolCacheIsEmpty(run.toolCache)).toBe(true);
    } finally {
      await holey.close();
    }
  });
});

describe('setup-go fails clearly on a bad mirror', () => {
  it('an unreachable mirror', async () => {
    const port = await closedPort();
    const run = await runSetupGo({
      'go-version': '1.22.4',
      'go-download-base-url': `http://127.0.0.1:${port}/golang`,
    });
    expect(run.exitCode).toBe(1);
    expect(errorOf(run)).toBe(
      `Cannot reach the Go download server http://127.0.0.1:${port} (ECONNREFUSED): check go-download-base-url and the runner's network or proxy`,
    );
  });

  it('an unreachable mirror named by GO_DOWNLOAD_BASE_URL is named as such', async () => {
    const port = await closedPort();
    const run = await runSetupGo(
      { 'go-version': '1.22.4' },
      { env: { GO_DOWNLOAD_BASE_URL: `http://127.0.0.1:${port}` } },
    );
    expect(run.exitCode).toBe(1);
    expect(errorOf(run)).toMatch(/check GO_DOWNLOAD_BASE_URL and/);
  });

  it('a base URL that serves no index', async () => {
    const run = await runSetupGo({
      'go-version': '1.22.4',
      'go-download-base-url': server.url.replace(/\/dl$/, '/nothing'),
    });
    expect(run.exitCode).toBe(1);
    expect(errorOf(run)).toBe(
      `No Go releases index at ${server.url.replace(/\/dl$/, '/nothing')}/?mode=json&include=all (HTTP 404): check go-download-base-url points at a Go download mirror`,
    );
  });

  it.each([
    ['<html>proxy login</html>', "not JSON: starts with '<html>proxy login</html>'"],
    ['{"go1.22.4": {}}', 'expected a JSON array of releases'],
    [
      '[{"version": "go1.22.4", "stable": true, "files": [{"filename": "go1.22.4.linux-amd64.tar.gz", "os": "linux", "arch": "amd64"}]}]',
      'a file of go1.22.4 lacks filename, os, arch or sha256',
    ],
    [
      '[{"version": "go1.22.4", "stable": true, "files": [{"filename": "../../etc/passwd", "os": "linux", "arch": "amd64", "sha256": "' +
        'a'.repeat(64) +
        '"}]}]',
      "'../../etc/passwd' is not a plain file name",
    ],
  ])('a malformed index: %s', async (index, detail) => {
    const bad = await serveGoMirror(mirror, { index });
    try {
      const run = await runSetupGo({ 'go-version': '1.22.4', 'go-download-base-url': bad.url });
      expect(run.exitCode).toBe(1);
      expect(errorOf(run)).toBe(
        `The Go releases index at ${bad.url}/?mode=json&include=all is malformed (${detail}): check go-download-base-url points at a Go download mirror`,
      );
    } finally {
      await bad.close();
    }
  });
});

describe('setup-go fails clearly on versions it cannot provide', () => {
  it('an unknown version names the newest there are', async () => {
    const run = await runSetupGo({ 'go-version': '1.21.13', 'go-download-base-url': server.url });
    expect(run.exitCode).toBe(1);
    expect(errorOf(run)).toBe(
      `Go 1.21.13 is not in the releases index at ${server.url}/?mode=json&include=all (newest stable: 1.23.1, 1.22.5, 1.22.4): check go-version, or refresh the mirror`,
    );
  });

  it('a range nothing matches', async () => {
    const run = await runSetupGo({ 'go-version': '^2.0', 'go-download-base-url': server.url });
    expect(run.exitCode).toBe(1);
    expect(errorOf(run)).toMatch(/^Go '\^2\.0' is not in the releases index/);
  });
});

describe('setup-go rejects bad inputs before any download', () => {
  it.each([
    [
      { 'go-version': 'banana' },
      "Input 'go-version': 'banana' is not a Go version: use an exact version (1.22.5), a minor line (1.22), a semver range (^1.22, >=1.21 <1.23), stable or oldstable",
    ],
    [
      { 'go-version': '1.22', architecture: 'sparc' },
      "Input 'architecture': 'sparc' is not an architecture Go ships: use one of x64, amd64, x86_64, x86, x32, ia32, 386, arm64, aarch64, arm, armv6l, armv7l, ppc64le, ppc64, s390x, riscv64, loong64",
    ],
    [
      { 'go-version': '1.22', 'go-download-base-url': 'ftp://mirror.example/go' },
      "Input 'go-download-base-url': 'ftp://mirror.example/go' must be an http(s) URL, e.g. https://go.dev/dl",
    ],
    [
      { 'go-version': '1.22', 'go-download-base-url': 'mirror.example/go' },
      "Input 'go-download-base-url': 'mirror.example/go' is not a URL: give the mirror's base, e.g. https://go.dev/dl",
    ],
    [
      { 'go-version': '1.22', 'check-latest': 'maybe' },
      "Input 'check-latest': expected true or false, got 'maybe'",
    ],
    [
      { 'go-version': '1.22', cache: 'sometimes' },
      "Input 'cache': expected true or false, got 'sometimes'",
    ],
  ])('%j', async (inputs, message) => {
    const before = server.requests.length;
    const run = await runSetupGo(inputs);
    expect(run.exitCode).toBe(1);
    expect(errorOf(run)).toBe(message);
    expect(server.requests.length).toBe(before);
    expect(run.stdout).not.toMatch(/at .*\.js:\d+/);
  });
});
