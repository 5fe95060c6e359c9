/**
 * Every JavaScript action runs under @github/local-action (the action author's debugger), from its
 * TypeScript source, exactly as the README's "Debug an action locally" says, and every output its
 * action.yml declares reaches local-action, which sees only what goes through @actions/core.
 * Inputs are chosen to finish quickly and still set every output: Go from a tool cache that
 * already holds this machine's Go; one build target, uploaded to local-action's artifact folder
 * and released for tag v1.0.0 to the lab's Releases API recorder; bench-gate on two result files
 * with its data kept as an artifact; deploy-windows in mode: local on Linux without Wine (the host
 * fails, and the outputs say so).
 */
import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { git, gitRepo } from '../build/fixtures.js';
import { startLocalReleasesApi } from '../../lab/github-releases.js';
import { releaseFolder } from '../../lab/release-folder.js';
import { EXAMPLE, NODE24, REPO } from '../../lab/paths.js';

const execFileP = promisify(execFile);
const LOCAL_ACTION = join(
  REPO,
  'node_modules',
  '@github',
  'local-action',
  'bin',
  'local-action.js',
);
const GOROOT = '/usr/lib/go-1.19';
const TOKEN = 'ghs_local_action';

interface LocalRun {
  code: number;
  stdout: string;
  /** The names of the outputs set, sorted. */
  outputs: string[];
  /** Each output's last value. */
  values: Record<string, string>;
}

/** `local-action run <action dir> <entry> <env file> [--post <entry>]`, as a user types it. */
async function localAction(
  name: string,
  inputs: Record<string, string>,
  env: Record<string, string>,
  post = false,
): Promise<LocalRun> {
  const actionDir = name === 'winship' ? REPO : join(REPO, 'actions', name);
  // The command the README gives, from the repository root: `src/actions/<name>/…` for both. local-
  // action resolves the entry point against the action's folder (actions/<name>/src links to
  // ../../src for that) and --post against the working directory.
  const entry = (file: string) => join('src', 'actions', name, file);
  const postEntry = entry;
  const dir = mkdtempSync(join(tmpdir(), `winship-local-action-${name}-`));
  const envFile = join(dir, '.env');
  const lines = Object.entries({
    ...env,
    ...Object.fromEntries(
      Object.entries(inputs).map(([k, v]) => [`INPUT_${k.replace(/ /g, '_').toUpperCase()}`, v]),
    ),
  }).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  writeFileSync(envFile, `${lines.join('\n')}\n`);
  const args = [LOCAL_ACTION, 'run', relative(REPO, actionDir) || '.', entry('main.ts'), envFile];
  if (post) args.push('--post', postEntry('post.ts'));
  const r = await execFileP(NODE24, args, {
    cwd: REPO,
    // local-action starts tsx through npm: the Node it finds first on PATH is the one that runs.
    env: {
      PATH: `${dirname(NODE24)}:${GOROOT}/bin:/usr/local/bin:/usr/bin:/bin`,
      HOME: process.env.HOME ?? dir,
      NO_COLOR: '1',
    },
    maxBuffer: 64 * 1024 * 1024,
    timeout: 600_000,
  }).then(
    (ok) => ({ code: 0, stdout: ok.stdout + ok.stderr }),
    (err: { code?: number; stdout?: string; stderr?: string }) => ({
      code: typeof err.code === 'number' ? err.code : 1,
      stdout: `${err.stdout ?? ''}${err.stderr ?? ''}`,
    }),
  );
  const set = [...r.stdout.matchAll(/^::set-output name=([^:]+)::(.*)$/gm)];
  const values = Object.fromEntries(set.map((m) => [m[1]!, m[2]!]));
  return { ...r, outputs: Object.keys(values).sort(), values };
}

function declaredOutputs(name: string): string[] {
  const file = name === 'winship' ? 'action.yml' : join('actions', name, 'action.yml');
  const doc = parse(readFileSync(join(REPO, file), 'utf8')) as { outputs?: object };
  return Object.keys(doc.outputs ?? {}).sort();
}

/**
 * local-action's stand-in for the artifact service (a folder); ACTIONS_RUNTIME_TOKEN is what tells
 * an action that the runner has an artifact service at all (its value is not used by the stub).
 */
function localArtifacts(dir: string): Record<string, string> {
  return {
    LOCAL_ACTION_ARTIFACT_PATH: dir,
    LOCAL_ACTION_WORKSPACE: dir,
    ACTIONS_RUNTIME_TOKEN: 'local-action',
  };
}

/** A runner's folders, and a tool cache that holds this machine's Go 1.19.8 as if installed. */
function runnerDirs(): Record<string, string> {
  const home = mkdtempSync(join(tmpdir(), 'winship-local-action-runner-'));
  const toolCache = join(home, 'tool-cache');
  mkdirSync(join(toolCache, 'go', '1.19.8'), { recursive: true });
  symlinkSync(GOROOT, join(toolCache, 'go', '1.19.8', 'x64'));
  writeFileSync(join(toolCache, 'go', '1.19.8', 'x64.complete'), '');
  for (const d of ['temp', 'gopath']) mkdirSync(join(home, d));
  return {
    RUNNER_TOOL_CACHE: toolCache,
    RUNNER_TEMP: join(home, 'temp'),
    GOPATH: join(home, 'gopath'),
    GOCACHE: join(REPO, '.cache', 'go-build'),
    GOFLAGS: '-mod=mod',
    GITHUB_REF: 'refs/heads/main',
  };
}

describe.skipIf(!existsSync(GOROOT))('every JS action under @github/local-action', () => {
  let repo: string;
  beforeAll(() => {
    repo = gitRepo({ copyFrom: EXAMPLE });
    git(repo, ['tag', 'v1.0.0']);
  });

  it('setup-go: all outputs, and the post step runs', async () => {
    const r = await localAction(
      'setup-go',
      { 'go-version': '1.19.8', cache: 'false' },
      { ...runnerDirs(), GITHUB_WORKSPACE: repo },
      true,
    );
    expect(r.code, r.stdout).toBe(0);
    expect(r.outputs, r.stdout).toEqual(declaredOutputs('setup-go'));
    expect(r.stdout).toContain('::set-output name=tool-cache-hit::true');
    expect(r.stdout).toContain('cache: false: not saving the Go cache');
  }, 600_000);

  /**
   * A build that sets every output: uploads (to local-action's own artifact stand-in, a folder)
   * and a release of tag v1.0.0 (to the lab's recorder of the Releases API).
   */
  async function releaseBuild(name: 'build' | 'winship', inputs: Record<string, string>) {
    const gh = await startLocalReleasesApi({ token: TOKEN });
    try {
      const artifacts = mkdtempSync(join(tmpdir(), 'winship-local-action-artifacts-'));
      const r = await localAction(
        name,
        { targets: 'linux/amd64', release: 'true', 'github-token': TOKEN, ...inputs },
        {
          ...runnerDirs(),
          GITHUB_WORKSPACE: repo,
          GITHUB_REF: 'refs/tags/v1.0.0',
          GITHUB_API_URL: gh.url,
          // github.com: @actions/artifact refuses other servers (GHES); the API is the recorder.
          GITHUB_SERVER_URL: 'https://github.com',
          GITHUB_REPOSITORY: 'winship-test/hello-service',
          GITHUB_RUN_ID: '77',
          ...localArtifacts(artifacts),
        },
      );
      return { r, gh, artifacts: readdirSync(artifacts).sort() };
    } finally {
      await gh.close();
    }
  }

  it('build: all outputs (uploads and a release)', async () => {
    const { r, gh, artifacts } = await releaseBuild('build', {});
    expect(r.code, r.stdout).toBe(0);
    expect(r.outputs, r.stdout).toEqual(declaredOutputs('build'));
    expect(r.values.version).toBe('1.0.0');
    expect(artifacts).toContain('hello-service_1.0.0_linux_amd64.tar.gz.zip');
    const ids = JSON.parse(r.values['artifact-id']!) as Record<string, number>;
    expect(Object.keys(ids)).toEqual(['linux/amd64', 'manifest']);
    expect(JSON.parse(r.values['artifact-url']!)['linux/amd64']).toBe(
      `https://github.com/winship-test/hello-service/actions/runs/77/artifacts/${ids['linux/amd64']}`,
    );
    expect(r.values['release-id']).toBe(String(gh.releases[0]!.id));
    expect(JSON.parse(r.values['release-assets']!)).toHaveLength(gh.releases[0]!.assets.length);
  }, 600_000);

  it('winship (the root action): all outputs of setup-go and build', async () => {
    const { r } = await releaseBuild('winship', { 'go-version': '1.19.8', cache: 'false' });
    expect(r.code, r.stdout).toBe(0);
    expect(r.outputs, r.stdout).toEqual(declaredOutputs('winship'));
    expect(r.values['go-version']).toBe('1.19.8');
    expect(r.values.version).toBe('1.0.0');
  }, 600_000);

  it('bench-gate: all outputs', async () => {
    const fixtures = join(REPO, '__tests__', 'bench', 'fixtures');
    const r = await localAction(
      'bench-gate',
      {
        'base-file': join(fixtures, 'base.txt'),
        'head-file': join(fixtures, 'head.txt'),
        'fail-on': 'none',
      },
      {
        ...runnerDirs(),
        GITHUB_WORKSPACE: repo,
        ...localArtifacts(mkdtempSync(join(tmpdir(), 'winship-local-action-artifacts-'))),
      },
    );
    expect(r.code, r.stdout).toBe(0);
    expect(r.outputs, r.stdout).toEqual(declaredOutputs('bench-gate'));
    expect(r.values.result).toBe('regression');
    expect(r.values['artifact-id']).toMatch(/^\d+$/);
  }, 600_000);

  it('deploy-windows: all outputs when the host fails, and the post step cleans up', async () => {
    const release = await releaseFolder('1.0.0');
    const r = await localAction(
      'deploy-windows',
      { mode: 'local', artifact: release },
      { ...runnerDirs(), GITHUB_WORKSPACE: repo },
      true,
    );
    expect(r.outputs, r.stdout).toEqual(declaredOutputs('deploy-windows'));
    expect(r.stdout).toMatch(/::set-output name=failed::\["[^"]+"\]/);
    expect(r.stdout).toMatch(/must be Windows/);
    // main's state reached the post step through @actions/core.
    expect(r.stdout).toMatch(/Removed .*winship-deploy-/);
  }, 600_000);
});
