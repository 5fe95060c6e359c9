/**
 * The bundled build action, run like the runner runs it, on the example service checked out at a
 * release tag: outputs, files, manifest, checksums, archives, log groups and the job summary.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../../src/build/manifest.js';
import { runAction, type ActionResult } from '../../lab/runner.js';
import { EXAMPLE } from '../../lab/paths.js';
import { FIXED_DATE, git, gitRepo } from './fixtures.js';

const V = '1.2.3';
const LINUX = `hello-service_${V}_linux_amd64`;
const WINDOWS = `hello-service_${V}_windows_amd64.exe`;

let repo: string;
let commit: string;
let r: ActionResult;
let dist: string;

beforeAll(async () => {
  repo = gitRepo({ copyFrom: EXAMPLE, files: { LICENSE: 'MIT License\n' } });
  git(repo, ['tag', '-a', `v${V}`, '-m', 'release']);
  commit = git(repo, ['rev-parse', 'HEAD']);
  r = await runAction('build', {
    workspace: repo,
    env: { GITHUB_REF: `refs/tags/v${V}`, GITHUB_REF_NAME: `v${V}`, GITHUB_REF_TYPE: 'tag' },
    inputs: { targets: 'linux/amd64, windows/amd64', 'archive-files': 'LICENSE', upload: false },
  });
  dist = join(repo, 'dist');
}, 600_000);

const sha256 = (file: string) =>
  execFileSync('sha256sum', [file], { encoding: 'utf8' }).slice(0, 64);

describe('build on the example service at tag v1.2.3', () => {
  it('succeeds without error annotations', () => {
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    expect(r.annotations.filter((a) => a.level === 'error')).toEqual([]);
  });

  it('sets the outputs: version from the tag, the matrix, the manifest, checksums and subject checksums paths', () => {
    expect(r.outputs).toEqual({
      version: V,
      matrix: '{"include":[{"goos":"linux","goarch":"amd64"},{"goos":"windows","goarch":"amd64"}]}',
      manifest: join(dist, 'manifest.json'),
      checksums: join(dist, 'SHA256SUMS'),
      artifacts: '[]',
      // upload: false: upload-artifact's three outputs are there, keyed by nothing.
      'artifact-id': '{}',
      'artifact-url': '{}',
      'artifact-digest': '{}',
      'subject-checksums': expect.stringMatching(
        /winship-release-files-.*\/subject-checksums\.txt$/,
      ),
    });
  });

  it('writes a manifest that matches the files on disk', () => {
    const m = JSON.parse(readFileSync(join(dist, 'manifest.json'), 'utf8')) as Manifest;
    expect(m).toMatchObject({ name: 'hello-service', version: V, commit, date: FIXED_DATE });
    expect(m.targets.map((t) => [t.target, t.file, t.archive?.file])).toEqual([
      ['linux/amd64', LINUX, `${LINUX}.tar.gz`],
      ['windows/amd64', WINDOWS, `hello-service_${V}_windows_amd64.zip`],
    ]);
    for (const t of m.targets) {
      expect(t.size).toBe(statSync(join(dist, t.file)).size);
      expect(t.sha256).toBe(sha256(join(dist, t.file)));
      expect(t.archive!.sha256).toBe(sha256(join(dist, t.archive!.file)));
      expect(t.seconds).toBeGreaterThan(0);
    }
  });

  it('writes SHA256SUMS that sha256sum -c verifies', () => {
    expect(execFileSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: dist, encoding: 'utf8' })).toBe(
      [LINUX, `${LINUX}.tar.gz`, WINDOWS, `hello-service_${V}_windows_amd64.zip`]
        .map((f) => `${f}: OK\n`)
        .join(''),
    );
  });

  it('puts version, commit and commit date into the binary through the default ldflags', () => {
    expect(execFileSync(join(dist, LINUX), ['-version'], { encoding: 'utf8' }).trim()).toBe(
      `hello-service ${V} (${commit}, ${FIXED_DATE})`,
    );
    const info = execFileSync('go', ['version', '-m', join(dist, LINUX)], { encoding: 'utf8' });
    expect(info).toMatch(/build\t-trimpath=true/);
    expect(info).toMatch(/build\tCGO_ENABLED=0/);
    expect(info).not.toMatch(/vcs\./);
  });

  it('archives the program under its plain name with the extra files, sorted', () => {
    expect(execFileSync('tar', ['-tzf', join(dist, `${LINUX}.tar.gz`)], { encoding: 'utf8' })).toBe(
      'LICENSE\nhello-service\n',
    );
    const zip = execFileSync(
      'zipinfo',
      ['-1', join(dist, `hello-service_${V}_windows_amd64.zip`)],
      { encoding: 'utf8' },
    );
    expect(zip).toBe('LICENSE\nhello-service.exe\n');
    const x = execFileSync('tar', ['-xOzf', join(dist, `${LINUX}.tar.gz`), 'hello-service'], {
      maxBuffer: 64 << 20,
    });
    expect(x.equals(readFileSync(join(dist, LINUX)))).toBe(true);
  });

  it("shows each target's build in a log group of its own", () => {
    for (const t of ['linux/amd64', 'windows/amd64']) {
      const start = r.stdout.indexOf(`::group::${t}: built in `);
      expect(start, r.stdout).toBeGreaterThanOrEqual(0);
      const end = r.stdout.indexOf('::endgroup::', start);
      const group = r.stdout.slice(start, end);
      expect(group).toContain(
        `GOOS=${t.split('/')[0]} GOARCH=amd64 CGO_ENABLED=0 go build -trimpath -buildvcs=false`,
      );
      expect(group.slice(1)).not.toContain('::group::');
    }
  });

  it('summarises one row per target with size, short sha256 and time, then totals', () => {
    const m = JSON.parse(readFileSync(join(dist, 'manifest.json'), 'utf8')) as Manifest;
    const rows = r.summary.split('\n').filter((l) => l.startsWith('| '));
    expect(rows[0]).toBe('| Target | File | Size | SHA-256 | Time |');
    expect(rows).toHaveLength(5);
    m.targets.forEach((t, i) => {
      expect(rows[i + 2]).toMatch(
        new RegExp(
          `^\\| ${t.target} \\| \`${t.archive!.file.replace(/\./g, '\\.')}\` \\| [0-9.]+ MiB \\| \`${t.archive!.sha256.slice(0, 12)}\` \\| [0-9.]+ s \\|$`,
        ),
      );
    });
    expect(rows[4]).toMatch(
      /^\| \*\*Total\*\* \| 2 targets: 2 built \| [0-9.]+ MiB \| {2}\| [0-9.]+ s wall/,
    );
    expect(r.summary).toContain(`### Build: hello-service ${V}`);
  });

  it('leaves the checkout as it was, apart from dist/', () => {
    expect(git(repo, ['status', '--porcelain'])).toBe('?? dist/');
  });
});
