/**
 * The inputs that shape the build itself, through the bundled action: working-directory, package,
 * binary-name, ldflags with every field, flags, tags, env, cgo, parallel, archive, archive-files
 * and output-directory. Effects are read back from the binaries (`go version -m`, running them).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runAction, type ActionResult } from '../../lab/runner.js';
import { git, gitRepo, TINY_FILES } from './fixtures.js';

let repo: string;
let commit: string;
let r: ActionResult;
let out: string;
let v: string;

beforeAll(async () => {
  const files: Record<string, string> = {
    'mod/go.mod': TINY_FILES['go.mod']!,
    'mod/README.md': '# tiny\n',
  };
  for (const f of ['main.go', 'tag_off.go', 'tag_on.go'])
    files[`mod/cmd/tiny/${f}`] = TINY_FILES[f]!;
  repo = gitRepo({ files });
  commit = git(repo, ['rev-parse', 'HEAD']);
  v = `0.0.0-1-g${commit.slice(0, 7)}`;
  r = await runAction('build', {
    workspace: repo,
    inputs: {
      targets: 'linux/amd64\nwindows/amd64',
      'working-directory': 'mod',
      package: './cmd/tiny',
      'binary-name': 'tinyctl',
      ldflags:
        '-X main.version={{version}} -X main.commit={{ commit }} -X main.date={{date}} -X main.target={{goos}}-{{goarch}}',
      flags: '-gcflags=-N',
      tags: 'extra',
      env: 'GOAMD64=v2',
      parallel: 1,
      archive: 'tar.gz',
      'archive-files': 'README.md',
      'output-directory': 'out',
      upload: false,
    },
  });
  out = join(repo, 'mod', 'out');
}, 600_000);

describe('build inputs', () => {
  it('builds into output-directory under binary-name, one target at a time', () => {
    expect(r.exitCode, r.stdout).toBe(0);
    expect(readdirSync(out).sort()).toEqual(
      [
        'SHA256SUMS',
        'manifest.json',
        `tinyctl_${v}_linux_amd64`,
        `tinyctl_${v}_linux_amd64.tar.gz`,
        `tinyctl_${v}_windows_amd64.exe`,
        `tinyctl_${v}_windows_amd64.tar.gz`,
      ].sort(),
    );
    expect(r.stdout).toContain(
      `tinyctl ${v} (commit ${commit.slice(0, 12)}, 2024-05-01T12:00:00Z): 2 targets, 1 at a time`,
    );
  });

  it('renders every ldflags field and applies the build tags', () => {
    expect(execFileSync(join(out, `tinyctl_${v}_linux_amd64`), { encoding: 'utf8' })).toBe(
      `version=${v} commit=${commit} date=2024-05-01T12:00:00Z target=linux-amd64 tagged=true\n`,
    );
  });

  it('passes flags, tags and env to go build, with cgo off', () => {
    const info = execFileSync('go', ['version', '-m', join(out, `tinyctl_${v}_linux_amd64`)], {
      encoding: 'utf8',
    });
    expect(info).toMatch(/\tbuild\t-gcflags=-N\n/);
    expect(info).toMatch(/\tbuild\t-tags=extra\n/);
    expect(info).toMatch(/\tbuild\tGOAMD64=v2\n/);
    expect(info).toMatch(/\tbuild\tCGO_ENABLED=0\n/);
    expect(info).toMatch(/\tpath\texample\.com\/tools\/tiny\/cmd\/tiny\n/);
  });

  it('archives Windows as tar.gz when asked, with the program and the extra files', () => {
    expect(
      execFileSync('tar', ['-tvzf', join(out, `tinyctl_${v}_windows_amd64.tar.gz`)], {
        encoding: 'utf8',
      }),
    ).toMatch(/^-rw-r--r-- .* README\.md\n-rwxr-xr-x .* tinyctl\.exe\n$/);
  });

  it('builds with cgo: true as CGO_ENABLED=1, and zips a Linux build when asked', async () => {
    const c = await runAction('build', {
      workspace: repo,
      inputs: {
        targets: 'linux/amd64',
        'working-directory': 'mod',
        package: './cmd/tiny',
        cgo: true,
        archive: 'zip',
        upload: false,
        'output-directory': 'cgo',
      },
    });
    expect(c.exitCode, c.stdout).toBe(0);
    const dir = join(repo, 'mod', 'cgo');
    const info = execFileSync('go', ['version', '-m', join(dir, `tiny_${v}_linux_amd64`)], {
      encoding: 'utf8',
    });
    expect(info).toMatch(/\tbuild\tCGO_ENABLED=1\n/);
    expect(
      execFileSync('zipinfo', [join(dir, `tiny_${v}_linux_amd64.zip`)], { encoding: 'utf8' }),
    ).toMatch(/^-rwxr-xr-x .* tiny$/m);
  });

  it('builds every first-class target only when asked: plan mode shows the resolved list with exclude', async () => {
    const p = await runAction('build', {
      workspace: repo,
      inputs: {
        mode: 'plan',
        targets: 'first-class',
        exclude: 'darwin/*, */386, linux/arm',
        'working-directory': 'mod',
        package: './cmd/tiny',
      },
    });
    expect(p.exitCode, p.stdout).toBe(0);
    expect(JSON.parse(p.outputs.matrix!)).toEqual({
      include: [
        { goos: 'linux', goarch: 'amd64' },
        { goos: 'linux', goarch: 'arm64' },
        { goos: 'windows', goarch: 'amd64' },
      ],
    });
  });
});
