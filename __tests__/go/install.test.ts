/**
 * setup-go end to end, through the runner harness on the real bundle, against a mirror of real Go
 * archives on 127.0.0.1: every version source, ranges and aliases, tool-cache hits without a
 * server, check-latest, the Windows zip, and a complete toolchain that compiles.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
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

const go = (root: string, ...args: string[]) =>
  execFileSync(join(root, 'bin', 'go'), args, {
    encoding: 'utf8',
    env: { ...process.env, GOROOT: '' },
  }).trim();

describe('setup-go installs from a mirror', () => {
  it('downloads an exact version, verifies it, caches it as go/<semver>/x64 and puts it on PATH', async () => {
    const before = server.requests.length;
    const run = await runSetupGo({
      'go-version': '1.22.5',
      'go-download-base-url': server.url,
      cache: 'false',
    });
    expect(run.exitCode, run.stdout).toBe(0);
    const root = join(run.toolCache, 'go', '1.22.5', 'x64');
    expect(run.outputs).toMatchObject({
      'go-version': '1.22.5',
      'go-root': root,
      'tool-cache-hit': 'false',
      'cache-hit': 'false',
    });
    expect(existsSync(`${root}.complete`)).toBe(true);
    expect(readdirSync(join(run.toolCache, 'go', '1.22.5'))).toEqual(['x64', 'x64.complete']);
    expect(go(root, 'version')).toBe('go version go1.22.5 linux/amd64');
    // GOPATH/bin is added after GOROOT/bin, so it ends up first on PATH, as with actions/setup-go.
    expect(run.paths).toEqual([join(root, 'bin'), join(run.gopath, 'bin')]);
    expect(existsSync(join(run.gopath, 'bin'))).toBe(true);
    expect(run.env).toEqual({ GOTOOLCHAIN: 'local' });
    expect(server.requests.slice(before)).toEqual([
      'GET /dl/?mode=json&include=all',
      'GET /dl/go1.22.5.linux-amd64.tar.gz',
    ]);
    expect(run.stdout).toContain(
      `Verified sha256 ${mirror.file('go1.22.5.linux-amd64.tar.gz').sha256}`,
    );
    // go version and go env, from the one `go env -json`, the env in a log group.
    expect(run.stdout).toContain('go version go1.22.5 linux/amd64');
    expect(run.stdout).toMatch(
      new RegExp(
        `::group::go env\\n[^]*GOROOT='${root}'\\n[^]*GOVERSION='go1.22.5'\\n[^]*::endgroup::`,
      ),
    );
    // The downloaded archive does not stay in RUNNER_TEMP.
    expect(readdirSync(join(run.home, 'temp')).filter((f) => f.endsWith('.tar.gz'))).toEqual([]);
  });

  it('registers a Go problem matcher file for file.go:line:col messages', async () => {
    const run = await runSetupGo({
      'go-version': '1.23.1',
      'go-download-base-url': server.url,
      cache: 'false',
    });
    expect(run.exitCode, run.stdout).toBe(0);
    expect(run.matchers).toHaveLength(1);
    const matcher = JSON.parse(readFileSync(run.matchers[0]!, 'utf8'));
    expect(matcher.problemMatcher[0].owner).toBe('go');
    expect(matcher.problemMatcher[0].pattern[0]).toMatchObject({
      file: 1,
      line: 2,
      column: 3,
      message: 4,
    });
  });

  it.each([
    ['1.22', '1.22.5'],
    ['go1.22.4', '1.22.4'],
    ['>=1.22.0 <1.22.5', '1.22.4'],
    ['~1.22.0', '1.22.5'],
    ['^1.22', '1.23.1'],
    ['1.x', '1.23.1'],
    ['stable', '1.23.1'],
    ['oldstable', '1.22.5'],
    ['1.24rc1', '1.24rc1'],
    ['1.24.0-rc.1', '1.24rc1'],
  ])("resolves go-version '%s' against the mirror's index to %s", async (spec, expected) => {
    const run = await runSetupGo({
      'go-version': spec,
      'go-download-base-url': server.url,
      cache: 'false',
    });
    expect(run.exitCode, run.stdout).toBe(0);
    expect(run.outputs['go-version']).toBe(expected);
    expect(go(run.outputs['go-root']!, 'env', 'GOVERSION')).toBe(`go${expected}`);
  });

  it('takes the mirror from GO_DOWNLOAD_BASE_URL when the input is empty', async () => {
    const before = server.requests.length;
    const run = await runSetupGo(
      { 'go-version': '1.22.4', cache: 'false' },
      { env: { GO_DOWNLOAD_BASE_URL: `${server.url}/` } },
    );
    expect(run.exitCode, run.stdout).toBe(0);
    expect(run.outputs['go-version']).toBe('1.22.4');
    expect(server.requests.slice(before)).toContain('GET /dl/go1.22.4.linux-amd64.tar.gz');
  });
});

describe('setup-go reads the version from a file', () => {
  const cases: [string, Record<string, string>, string, string][] = [
    [
      'go.mod, toolchain over go',
      { 'go.mod': 'module example.com/m\n\ngo 1.22.0\n\ntoolchain go1.22.4\n' },
      'go.mod',
      '1.22.4',
    ],
    [
      'go.mod, go line as a minor line',
      { 'go.mod': 'module example.com/m\n\ngo 1.22 // the language\n' },
      'go.mod',
      '1.22.5',
    ],
    ['go.work', { 'sub/go.work': 'go 1.23.1\n\nuse ./a\n' }, 'sub/go.work', '1.23.1'],
    ['.go-version', { '.go-version': '1.22.4\n' }, '.go-version', '1.22.4'],
    [
      '.tool-versions',
      { '.tool-versions': 'nodejs 24.1.0\ngolang 1.23.1\n' },
      '.tool-versions',
      '1.23.1',
    ],
  ];
  it.each(cases)('%s', async (_name, files, file, expected) => {
    const run = await runSetupGo(
      { 'go-version-file': file, 'go-download-base-url': server.url, cache: 'false' },
      { files },
    );
    expect(run.exitCode, run.stdout).toBe(0);
    expect(run.outputs['go-version']).toBe(expected);
  });

  it('prefers go-version over go-version-file and says so', async () => {
    const run = await runSetupGo(
      {
        'go-version': '1.22.4',
        'go-version-file': 'go.mod',
        'go-download-base-url': server.url,
        cache: 'false',
      },
      { files: { 'go.mod': 'module m\ngo 1.23.1\n' } },
    );
    expect(run.exitCode, run.stdout).toBe(0);
    expect(run.outputs['go-version']).toBe('1.22.4');
    expect(run.annotations.filter((a) => a.level === 'warning').map((a) => a.message)).toEqual([
      'Both go-version and go-version-file are set: go-version is used, go-version-file ignored',
    ]);
  });

  it('fails naming the file when it holds no Go version', async () => {
    const run = await runSetupGo(
      { 'go-version-file': 'go.mod', 'go-download-base-url': server.url },
      { files: { 'go.mod': 'module example.com/m\n\nrequire example.com/x v1.0.0\n' } },
    );
    expect(run.exitCode).toBe(1);
    expect(errorOf(run)).toBe(
      "go.mod has no Go version: expected a 'go 1.x' or 'toolchain go1.x.y' line",
    );
    expect(run.annotations[0]!.file).toBe('go.mod');
  });

  it('fails naming the file and line when the version in it is not one', async () => {
    const run = await runSetupGo(
      { 'go-version-file': '.go-version', 'go-download-base-url': server.url },
      { files: { '.go-version': '# pinned\nlatest-please\n' } },
    );
    expect(run.exitCode).toBe(1);
    expect(errorOf(run)).toMatch(/^\.go-version line 2: 'latest-please' is not a Go version/);
    expect(run.annotations[0]).toMatchObject({ file: '.go-version', line: 2 });
  });

  it('fails clearly when the file does not exist', async () => {
    const run = await runSetupGo({
      'go-version-file': 'nope/go.mod',
      'go-download-base-url': server.url,
    });
    expect(run.exitCode).toBe(1);
    expect(errorOf(run)).toBe(
      "go-version-file 'nope/go.mod' does not exist: check the path (it is relative to the workspace)",
    );
  });
});

describe('setup-go and the tool cache', () => {
  it('uses a cached version with no server running and no network at all', async () => {
    const offline = await serveGoMirror(mirror);
    const first = await runSetupGo({
      'go-version': '1.22.4',
      'go-download-base-url': offline.url,
      cache: 'false',
    });
    expect(first.exitCode, first.stdout).toBe(0);
    await offline.close();

    for (const spec of ['1.22.4', '1.22', '>=1.20']) {
      // The closed server's port answers nothing: any network access would fail this run.
      const run = await runSetupGo(
        { 'go-version': spec, 'go-download-base-url': offline.url, cache: 'false' },
        { toolCache: first.toolCache },
      );
      expect(run.exitCode, run.stdout).toBe(0);
      expect(run.outputs).toMatchObject({
        'go-version': '1.22.4',
        'tool-cache-hit': 'true',
        'go-root': first.outputs['go-root'],
      });
      expect(run.stdout).not.toContain('Reading the Go releases index');
    }
    expect(offline.requests).toHaveLength(2);
  });

  it('with check-latest, reads the index and installs a newer patch than the cached one', async () => {
    const first = await runSetupGo({
      'go-version': '1.22.4',
      'go-download-base-url': server.url,
      cache: 'false',
    });
    expect(first.exitCode, first.stdout).toBe(0);
    const before = server.requests.length;
    const run = await runSetupGo(
      {
        'go-version': '1.22',
        'check-latest': 'true',
        'go-download-base-url': server.url,
        cache: 'false',
      },
      { toolCache: first.toolCache },
    );
    expect(run.exitCode, run.stdout).toBe(0);
    expect(run.outputs).toMatchObject({ 'go-version': '1.22.5', 'tool-cache-hit': 'false' });
    expect(server.requests.slice(before)).toEqual([
      'GET /dl/?mode=json&include=all',
      'GET /dl/go1.22.5.linux-amd64.tar.gz',
    ]);
    expect(readdirSync(join(first.toolCache, 'go')).sort()).toEqual(['1.22.4', '1.22.5']);
  });

  it('resolves an alias through the index but downloads nothing when that version is cached', async () => {
    const first = await runSetupGo({
      'go-version': '1.23.1',
      'go-download-base-url': server.url,
      cache: 'false',
    });
    const before = server.requests.length;
    const run = await runSetupGo(
      { 'go-version': 'stable', 'go-download-base-url': server.url, cache: 'false' },
      { toolCache: first.toolCache },
    );
    expect(run.exitCode, run.stdout).toBe(0);
    expect(run.outputs).toMatchObject({ 'go-version': '1.23.1', 'tool-cache-hit': 'true' });
    expect(server.requests.slice(before)).toEqual(['GET /dl/?mode=json&include=all']);
  });

  it('replaces a half-written install (no .complete marker) instead of using it', async () => {
    const first = await runSetupGo({
      'go-version': '1.22.5',
      'go-download-base-url': server.url,
      cache: 'false',
    });
    const root = first.outputs['go-root']!;
    execFileSync('rm', [`${root}.complete`, join(root, 'bin', 'go')]);
    writeFileSync(join(root, 'leftover'), 'x');
    const run = await runSetupGo(
      { 'go-version': '1.22.5', 'go-download-base-url': server.url, cache: 'false' },
      { toolCache: first.toolCache },
    );
    expect(run.exitCode, run.stdout).toBe(0);
    expect(run.outputs['tool-cache-hit']).toBe('false');
    expect(existsSync(join(root, 'leftover'))).toBe(false);
    expect(go(root, 'version')).toBe('go version go1.22.5 linux/amd64');
  });
});

describe('setup-go for Windows (the zip archive)', () => {
  it('picks the windows-amd64 zip, extracts it with the go/ top folder stripped, and caches it without running it', async () => {
    const before = server.requests.length;
    const run = await runSetupGo(
      { 'go-version': '1.22', 'go-download-base-url': server.url, cache: 'false' },
      { env: { WINSHIP_GO_TARGET_OS: 'windows' } },
    );
    expect(run.exitCode, run.stdout).toBe(0);
    const root = join(run.toolCache, 'go', '1.22.5', 'x64');
    expect(run.outputs).toMatchObject({ 'go-version': '1.22.5', 'go-root': root });
    expect(server.requests.slice(before)).toEqual([
      'GET /dl/?mode=json&include=all',
      'GET /dl/go1.22.5.windows-amd64.zip',
    ]);
    expect(readFileSync(join(root, 'VERSION'), 'utf8')).toBe('go1.22.5\r\n');
    // A real PE executable, cross-compiled for windows/amd64.
    expect(
      readFileSync(join(root, 'bin', 'go.exe'))
        .subarray(0, 2)
        .toString(),
    ).toBe('MZ');
    expect(existsSync(join(root, 'pkg', 'tool', 'windows_amd64'))).toBe(true);
    expect(existsSync(`${root}.complete`)).toBe(true);
    // A Windows go cannot run on Linux: nothing is put on PATH.
    expect(run.paths).toEqual([]);
    expect(run.stdout).toContain(
      'go1.22.5 is a windows/amd64 build: stored in the tool cache, not run on this linux runner',
    );
  });

  it('fails clearly when the version has no build for the architecture asked for', async () => {
    const run = await runSetupGo({
      'go-version': '1.22.5',
      architecture: 'arm64',
      'go-download-base-url': server.url,
    });
    expect(run.exitCode).toBe(1);
    expect(errorOf(run)).toBe(
      "Go 1.22.5 has no tar.gz build for linux/arm64 (it has: linux/amd64, windows/amd64): pick another version or set 'architecture'",
    );
  });
});

describe('setup-go with a complete toolchain', () => {
  it('installs the full go1.19.8 archive and the installed go builds a program', async () => {
    const run = await runSetupGo({
      'go-version': '1.19',
      'go-download-base-url': server.url,
      cache: 'false',
    });
    expect(run.exitCode, run.stdout).toBe(0);
    const root = run.outputs['go-root']!;
    expect(run.outputs['go-version']).toBe('1.19.8');
    writeFileSync(
      join(run.workspace, 'main.go'),
      'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hello from", 42) }\n',
    );
    writeFileSync(join(run.workspace, 'go.mod'), 'module example.com/hello\n\ngo 1.19\n');
    const env = {
      ...process.env,
      GOROOT: '',
      GOPATH: run.gopath,
      GOFLAGS: '-mod=mod',
      CGO_ENABLED: '0',
    };
    execFileSync(join(root, 'bin', 'go'), ['build', '-o', 'hello', '.'], {
      cwd: run.workspace,
      env,
    });
    expect(execFileSync(join(run.workspace, 'hello'), { encoding: 'utf8' })).toBe(
      'hello from 42\n',
    );
    expect(go(root, 'env', 'GOROOT')).toBe(root);
  });
});

describe('setup-go without a version', () => {
  it('warns and reports the Go already on PATH, as actions/setup-go does', async () => {
    const run = await runSetupGo({ cache: 'false' });
    expect(run.exitCode, run.stdout).toBe(0);
    expect(run.outputs['go-version']).toBe(
      execFileSync('go', ['env', 'GOVERSION'], { encoding: 'utf8' }).trim().replace(/^go/, ''),
    );
    expect(run.annotations.map((a) => a.level)).toEqual(['warning']);
  });

  it('fails saying what to set when there is no Go on PATH either', async () => {
    const run = await runSetupGo({ cache: 'false' }, { env: { PATH: '/nonexistent' } });
    expect(run.exitCode).toBe(1);
    expect(errorOf(run)).toBe(
      "No go-version or go-version-file given and no go on PATH: set go-version (e.g. '1.22') or go-version-file: go.mod",
    );
  });
});
