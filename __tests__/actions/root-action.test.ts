/**
 * The root action: actions/setup-go and actions/build in one process. Its action.yml is generated
 * from theirs (a drift test), and one run installs Go from the local mirror, puts it on PATH for the
 * build in the same process, and cross-compiles the example service with it.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rootActionYaml } from '../../scripts/root-action.js';
import { git, gitRepo } from '../build/fixtures.js';
import {
  goMirror,
  MIRROR_VERSIONS,
  serveGoMirror,
  type MirrorServer,
} from '../../lab/go-mirror.js';
import { EXAMPLE, REPO } from '../../lab/paths.js';
import { runAction, type ActionResult } from '../../lab/runner.js';

describe('root action.yml', () => {
  it('is generated from actions/setup-go and actions/build (run `npm run generate` when this fails)', () => {
    expect(readFileSync(join(REPO, 'action.yml'), 'utf8')).toBe(rootActionYaml());
  });

  it('declares every input and output of both parts', () => {
    const root = readFileSync(join(REPO, 'action.yml'), 'utf8');
    for (const name of [
      'go-version',
      'go-download-base-url',
      'cache',
      'targets',
      'ldflags',
      'upload',
      'matrix',
      'go-root',
    ])
      expect(root).toMatch(new RegExp(`^  ${name}:$`, 'm'));
  });
});

describe('root action end to end', () => {
  let server: MirrorServer;
  let run: ActionResult;
  let repo: string;
  const goVersion = MIRROR_VERSIONS.full.slice(2);

  beforeAll(async () => {
    server = await serveGoMirror(await goMirror());
    repo = gitRepo({ copyFrom: EXAMPLE });
    git(repo, ['tag', '-a', 'v2.0.1', '-m', 'release']);
    // A PATH with git and tar but no go: the build can only find the Go that setup-go installed.
    const scratch = mkdtempSync(join(tmpdir(), 'winship-root-'));
    const bin = join(scratch, 'bin');
    mkdirSync(bin);
    for (const tool of ['git', 'tar', 'gzip', 'uname'])
      symlinkSync(execFileSync('which', [tool], { encoding: 'utf8' }).trim(), join(bin, tool));
    run = await runAction('.', {
      workspace: repo,
      env: {
        GITHUB_REF: 'refs/tags/v2.0.1',
        GITHUB_REF_NAME: 'v2.0.1',
        GITHUB_REF_TYPE: 'tag',
        GOPATH: join(scratch, 'gopath'),
        GOROOT: undefined,
        PATH: bin,
      },
      inputs: {
        'go-version': goVersion,
        'go-download-base-url': server.url,
        cache: false,
        targets: 'linux/amd64',
        upload: false,
      },
    });
  }, 600_000);
  afterAll(() => server?.close());

  it('succeeds with the outputs of both parts', () => {
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.outputs['go-version']).toBe(goVersion);
    expect(run.outputs['go-root']).toBe(join(run.home, 'toolcache', 'go', goVersion, 'x64'));
    expect(run.outputs.version).toBe('2.0.1');
    expect(run.outputs.matrix).toBe('{"include":[{"goos":"linux","goarch":"amd64"}]}');
  });

  it('builds with the Go it installed and adds it to PATH for later steps', () => {
    expect(run.paths[0]).toBe(join(run.outputs['go-root']!, 'bin'));
    expect(run.env.GOTOOLCHAIN).toBe('local');
    const manifest = JSON.parse(readFileSync(run.outputs.manifest!, 'utf8')) as {
      targets: { file: string }[];
    };
    const binary = join(repo, 'dist', manifest.targets[0]!.file);
    expect(execFileSync(binary, ['-version'], { encoding: 'utf8' })).toMatch(
      /^hello-service 2\.0\.1 /,
    );
  });
});
