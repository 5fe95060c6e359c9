/**
 * The module and build cache through its seam (WINSHIP_CACHE_CLIENT, a recording backend): what
 * main restores and what post saves, under which key, and when nothing crosses at all. The GitHub
 * cache service cannot exist here; the real @actions/cache path is run up to its availability check.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goMirror, serveGoMirror, type MirrorServer } from '../../lab/go-mirror.js';
import { GOCACHE, REPO } from '../../lab/paths.js';
import { decideSave, planGoCache } from '../../src/cache/key.js';
import { runSetupGo } from '../go/run-setup-go.js';

const RECORDER = join(REPO, '__tests__', 'cache', 'fixtures', 'recording-cache.mjs');

let server: MirrorServer;
beforeAll(async () => {
  server = await serveGoMirror(await goMirror());
});
afterAll(() => server?.close());

const GO_SUM = 'example.com/x v1.0.0 h1:abc=\nexample.com/x v1.0.0/go.mod h1:def=\n';

/** @actions/glob's hashFiles: sha256 over the sha256 digests of the matched files, in order. */
function hashFiles(...contents: string[]): string {
  const all = createHash('sha256');
  for (const c of contents) all.update(createHash('sha256').update(c).digest());
  return all.digest('hex');
}

interface SeamCall {
  op: 'restore' | 'save';
  paths: string[];
  primaryKey?: string;
  key?: string;
  restoreKeys?: string[];
}

async function runWithRecorder(
  inputs: Record<string, string>,
  files: Record<string, string>,
  stored: string[] = [],
  prepare?: (dirs: { gopath: string }) => void,
) {
  const log = join(
    REPO,
    '.cache',
    `cache-seam-${process.pid}-${Math.random().toString(36).slice(2)}.jsonl`,
  );
  const run = await runSetupGo(
    { 'go-version': '1.22.5', 'go-download-base-url': server.url, ...inputs },
    {
      files,
      prepare,
      env: {
        WINSHIP_CACHE_CLIENT: RECORDER,
        WINSHIP_TEST_CACHE_LOG: log,
        WINSHIP_TEST_CACHE_STORED: stored.join('\n'),
      },
    },
  );
  const calls: SeamCall[] = existsSync(log)
    ? readFileSync(log, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as SeamCall)
    : [];
  return { run, calls };
}

describe('the Go cache key and save decision (pure)', () => {
  it('keys on OS, arch, Go version and the go.sum hash, over GOMODCACHE and GOCACHE', () => {
    expect(
      planGoCache({
        runnerOs: 'Linux',
        arch: 'x64',
        goVersion: '1.22.5',
        dependencyHash: 'abc',
        gomodcache: '/m',
        gocache: '/c',
      }),
    ).toEqual({
      primaryKey: 'setup-go-Linux-x64-go-1.22.5-abc',
      restoreKeys: [],
      paths: ['/m', '/c'],
    });
  });

  it('drops GOCACHE=off and duplicate paths', () => {
    expect(
      planGoCache({
        runnerOs: 'Windows',
        arch: 'arm64',
        goVersion: '1.23rc1',
        dependencyHash: 'h',
        gomodcache: '/m',
        gocache: 'off',
      }).paths,
    ).toEqual(['/m']);
    expect(
      planGoCache({
        runnerOs: 'Linux',
        arch: 'x64',
        goVersion: '1',
        dependencyHash: 'h',
        gomodcache: '/m',
        gocache: '/m',
      }).paths,
    ).toEqual(['/m']);
  });

  it('saves only when the exact key was not restored and something exists', () => {
    expect(decideSave({ primaryKey: 'k', matchedKey: '', paths: ['/m'] })).toEqual({ save: true });
    expect(decideSave({ primaryKey: 'k', matchedKey: 'k-older', paths: ['/m'] })).toEqual({
      save: true,
    });
    expect(decideSave({ primaryKey: 'k', matchedKey: 'k', paths: ['/m'] }).save).toBe(false);
    expect(decideSave({ primaryKey: '', matchedKey: '', paths: ['/m'] }).save).toBe(false);
    expect(decideSave({ primaryKey: 'k', matchedKey: '', paths: [] }).save).toBe(false);
  });
});

describe('setup-go restores in main and saves in post through the cache seam', () => {
  it('on a miss: restore with the key and paths, then post saves the same key', async () => {
    const { run, calls } = await runWithRecorder({}, { 'go.sum': GO_SUM });
    expect(run.exitCode, run.stdout).toBe(0);
    const key = `setup-go-Linux-x64-go-1.22.5-${hashFiles(GO_SUM)}`;
    const modcache = join(run.gopath, 'pkg', 'mod');
    expect(calls[0]).toEqual({
      op: 'restore',
      paths: [modcache, GOCACHE],
      primaryKey: key,
      restoreKeys: [],
    });
    expect(run.outputs['cache-hit']).toBe('false');
    expect(run.post?.exitCode).toBe(0);
    // The module cache folder does not exist (nothing was downloaded): only GOCACHE is saved.
    expect(calls.slice(1)).toEqual([{ op: 'save', paths: [GOCACHE], key }]);
    expect(run.post?.stdout).toContain(`Not in the cache (does not exist): ${modcache}`);
  });

  it('saves both folders when both exist', async () => {
    // The module cache as a `go mod download` in an earlier job step would have left it.
    const { run, calls } = await runWithRecorder({}, { 'go.sum': GO_SUM }, [], ({ gopath }) =>
      mkdirSync(join(gopath, 'pkg', 'mod'), { recursive: true }),
    );
    expect(run.exitCode, run.stdout).toBe(0);
    const key = `setup-go-Linux-x64-go-1.22.5-${hashFiles(GO_SUM)}`;
    expect(calls[1]).toEqual({ op: 'save', paths: [join(run.gopath, 'pkg', 'mod'), GOCACHE], key });
  });

  it('on an exact hit: cache-hit is true and post saves nothing', async () => {
    const key = `setup-go-Linux-x64-go-1.22.5-${hashFiles(GO_SUM)}`;
    const { run, calls } = await runWithRecorder({}, { 'go.sum': GO_SUM }, [key]);
    expect(run.exitCode, run.stdout).toBe(0);
    expect(run.outputs['cache-hit']).toBe('true');
    expect(run.state).toMatchObject({ GO_CACHE_KEY: key, GO_CACHE_MATCHED_KEY: key });
    expect(calls.map((c) => c.op)).toEqual(['restore']);
    expect(run.post?.stdout).toContain(
      `Not saving the Go cache: cache hit on the exact key ${key}`,
    );
  });

  it('hashes the files cache-dependency-path names (globs, relative to the workspace)', async () => {
    const a = 'example.com/a v1.0.0 h1:a=\n';
    const b = 'example.com/b v1.0.0 h1:b=\n';
    const { run, calls } = await runWithRecorder(
      { 'cache-dependency-path': 'svc/*/go.sum' },
      { 'go.sum': GO_SUM, 'svc/a/go.sum': a, 'svc/b/go.sum': b },
    );
    expect(run.exitCode, run.stdout).toBe(0);
    expect(calls[0]?.primaryKey).toBe(`setup-go-Linux-x64-go-1.22.5-${hashFiles(a, b)}`);
  });

  it('with cache: false nothing crosses the seam, in main or post', async () => {
    const { run, calls } = await runWithRecorder({ cache: 'false' }, { 'go.sum': GO_SUM });
    expect(run.exitCode, run.stdout).toBe(0);
    expect(run.outputs['cache-hit']).toBe('false');
    expect(calls).toEqual([]);
    expect(run.state).toEqual({});
    expect(run.post?.stdout).toContain('cache: false: not saving the Go cache');
  });

  it('without a go.sum it warns and nothing crosses the seam', async () => {
    const { run, calls } = await runWithRecorder({}, { 'go.mod': 'module m\n' });
    expect(run.exitCode, run.stdout).toBe(0);
    expect(calls).toEqual([]);
    expect(run.annotations).toEqual([
      {
        level: 'warning',
        message:
          "No file matches cache-dependency-path 'go.sum' in the workspace: the Go module and build caches are not restored or saved",
      },
    ]);
  });
});

describe('setup-go with the real @actions/cache client', () => {
  it('warns that the cache service is unavailable and carries on', async () => {
    const run = await runSetupGo(
      { 'go-version': '1.22.5', 'go-download-base-url': server.url },
      { files: { 'go.sum': GO_SUM } },
    );
    expect(run.exitCode, run.stdout).toBe(0);
    expect(run.annotations).toEqual([
      {
        level: 'warning',
        message:
          'the GitHub Actions cache service is not available on this runner: the Go module and build caches are not restored or saved',
      },
    ]);
    expect(run.outputs['cache-hit']).toBe('false');
    expect(run.post?.stdout).toContain(
      'Not saving the Go cache: the main step restored no Go cache',
    );
  });
});
