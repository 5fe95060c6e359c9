/**
 * `release: true` through the bundled build action, as the runner runs it, against the local
 * recorder of GitHub's Releases REST API (lab/github-releases.ts; GITHUB_API_URL and
 * GITHUB_SERVER_URL point at it): a tag publishes the archives, a SHA256SUMS of them and
 * manifest.json with notes from the commits since the previous tag; a re-run replaces the assets;
 * an -rc tag is a pre-release with its CHANGELOG.md section as notes; a token without
 * contents: write fails with that permission named; a branch makes no release.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalReleasesApi, type LocalReleasesApi } from '../../lab/github-releases.js';
import { runAction, type ActionResult } from '../../lab/runner.js';
import type { Manifest } from '../../src/build/manifest.js';
import { commitAll, git, gitRepo, tempDir, TINY_FILES } from './fixtures.js';

const TOKEN = 'ghs_release_e2e';
let gh: LocalReleasesApi;
let repo: string;
let first: ActionResult;
let rerun: ActionResult;

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function release(workspace: string, tag: string, extra: Record<string, string> = {}) {
  return runAction('build', {
    workspace,
    inputs: {
      targets: 'windows/amd64, linux/amd64',
      upload: false,
      release: true,
      'github-token': TOKEN,
      ...extra,
    },
    env: {
      GITHUB_REF: tag.startsWith('refs/') ? tag : `refs/tags/${tag}`,
      GITHUB_API_URL: gh.url,
      GITHUB_SERVER_URL: gh.serverUrl,
      GITHUB_REPOSITORY: 'winship-test/hello-service',
    },
  });
}

beforeAll(async () => {
  gh = await startLocalReleasesApi({ token: TOKEN });
  repo = gitRepo({ files: TINY_FILES });
  git(repo, ['tag', 'v1.1.0']);
  writeFileSync(join(repo, 'a.txt'), 'a');
  commitAll(repo, 'feat(api): a new endpoint', '2024-05-02T12:00:00Z');
  writeFileSync(join(repo, 'b.txt'), 'b');
  commitAll(repo, 'fix: close the listener on stop', '2024-05-03T12:00:00Z');
  git(repo, ['tag', 'v1.2.0']);
  first = await release(repo, 'v1.2.0');
  rerun = await release(repo, 'v1.2.0');
}, 600_000);

afterAll(async () => {
  await gh?.close();
});

describe('build with release: true on tag v1.2.0', () => {
  it('publishes one release with the archives, SHA256SUMS and manifest.json as assets', () => {
    expect(first.exitCode, first.stdout).toBe(0);
    expect(gh.releases).toHaveLength(1);
    const rel = gh.releases[0]!;
    expect(rel).toMatchObject({
      tag_name: 'v1.2.0',
      name: 'tiny 1.2.0',
      draft: false,
      prerelease: false,
    });
    expect(rel.assets.map((a) => a.name).sort()).toEqual([
      'SHA256SUMS',
      'manifest.json',
      'tiny_1.2.0_linux_amd64.tar.gz',
      'tiny_1.2.0_windows_amd64.zip',
    ]);
    for (const a of rel.assets.filter((x) => x.name.startsWith('tiny_')))
      expect(a.data.equals(readFileSync(join(repo, 'dist', a.name))), a.name).toBe(true);
    const manifest = JSON.parse(
      rel.assets.find((a) => a.name === 'manifest.json')!.data.toString(),
    ) as Manifest;
    expect(manifest.version).toBe('1.2.0');
  });

  it("attaches a SHA256SUMS that checks exactly the release's archives", () => {
    const rel = gh.releases[0]!;
    const sums = rel.assets.find((a) => a.name === 'SHA256SUMS')!.data.toString();
    const archives = rel.assets.filter((a) => a.name.startsWith('tiny_'));
    expect(sums).toBe(
      archives
        .map((a) => `${sha256(a.data)}  ${a.name}\n`)
        .sort((x, y) => (x.slice(66) < y.slice(66) ? -1 : 1))
        .join(''),
    );
  });

  it('writes notes from the commits since v1.1.0, grouped by type, and the checksums of every asset', () => {
    const body = gh.releases[0]!.body;
    expect(body).toMatch(
      /^## Changes since v1\.1\.0\n\n### Features\n\n- \*\*api:\*\* a new endpoint \([0-9a-f]{7}\)\n\n### Bug fixes\n\n- close the listener on stop \([0-9a-f]{7}\)\n/,
    );
    expect(body).toContain(
      `Full list: ${gh.serverUrl}/winship-test/hello-service/compare/v1.1.0...v1.2.0`,
    );
    for (const a of gh.releases[0]!.assets) expect(body).toContain(`${sha256(a.data)}  ${a.name}`);
  });

  it('sets release-url, release-id and release-assets, and subject-checksums for attestation', () => {
    const rel = gh.releases[0]!;
    expect(first.outputs['release-url']).toBe(
      `${gh.serverUrl}/winship-test/hello-service/releases/tag/v1.2.0`,
    );
    expect(first.outputs['release-id']).toBe(String(rel.id));
    expect((JSON.parse(first.outputs['release-assets']!) as string[]).sort()).toEqual(
      rel.assets
        .map((a) => `${gh.serverUrl}/winship-test/hello-service/releases/download/v1.2.0/${a.name}`)
        .sort(),
    );
    // The format actions/attest-build-provenance's subject-checksums takes: sha256sum lines. The
    // release holds the re-run's files now (manifest.json records build times), so its list.
    const subjects = readFileSync(rerun.outputs['subject-checksums']!, 'utf8');
    expect(subjects.split('\n').filter(Boolean).sort()).toEqual(
      rel.assets.map((a) => `${sha256(a.data)}  ${a.name}`).sort(),
    );
    expect(first.summary).toMatch(/### Release v1\.2\.0\n\n\[.*\]\(.*\): created, 4 assets/);
  });

  it('on a re-run updates the same release and replaces its four assets', () => {
    expect(rerun.exitCode, rerun.stdout).toBe(0);
    expect(gh.releases).toHaveLength(1);
    expect(gh.releases[0]!.assets).toHaveLength(4);
    expect(rerun.outputs['release-id']).toBe(first.outputs['release-id']);
    expect(rerun.summary).toMatch(/updated, 4 assets \(4 replaced\)/);
  });
});

describe('build with release: true, other cases', () => {
  it('makes an -rc tag a pre-release, its CHANGELOG.md section the notes, and a draft with release-draft', async () => {
    writeFileSync(
      join(repo, 'CHANGELOG.md'),
      '# Changelog\n\n## [1.3.0-rc.1] - 2024-05-04\n\n### Added\n- Signed binaries.\n\n## [1.2.0]\n\n- old\n',
    );
    commitAll(repo, 'docs: changelog for 1.3.0-rc.1', '2024-05-04T12:00:00Z');
    git(repo, ['tag', 'v1.3.0-rc.1']);
    const r = await release(repo, 'v1.3.0-rc.1', { 'release-draft': 'true' });
    expect(r.exitCode, r.stdout).toBe(0);
    const rel = gh.releases.find((x) => x.tag_name === 'v1.3.0-rc.1')!;
    expect(rel).toMatchObject({ prerelease: true, draft: true });
    expect(rel.body).toMatch(/^### Added\n- Signed binaries\.\n\n## Checksums\n/);
  });

  it('fails with the permission named when the token cannot write releases', async () => {
    gh.readOnlyTokens.add('ghs_read_only');
    const r = await release(repo, 'v1.3.0-rc.1', { 'github-token': 'ghs_read_only' });
    expect(r.exitCode).toBe(1);
    const errors = r.annotations.filter((a) => a.level === 'error').map((a) => a.message);
    expect(errors).toEqual([
      expect.stringMatching(
        /HTTP 403: Resource not accessible by integration.*permissions: contents: write/,
      ),
    ]);
    expect(r.stdout).not.toMatch(/\n\s+at /);
  });

  it("publishes a fan-out's merged build from the merge job, with every target's archive", async () => {
    git(repo, ['tag', 'v1.5.0']);
    const artifacts = join(tempDir('winship-merge-release-'), 'artifacts');
    for (const target of ['windows/amd64', 'linux/amd64']) {
      const checkout = join(tempDir(), 'tiny');
      execFileSync('git', ['clone', '-q', repo, checkout]);
      const r = await runAction('build', {
        workspace: checkout,
        inputs: { targets: target, upload: false },
        env: { GITHUB_REF: 'refs/tags/v1.5.0' },
      });
      expect(r.exitCode, r.stdout).toBe(0);
      // Where actions/download-artifact puts the job's two artifacts: a folder each.
      const dist = join(checkout, 'dist');
      const m = JSON.parse(readFileSync(join(dist, 'manifest.json'), 'utf8')) as Manifest;
      const archive = m.targets[0]!.archive!.file;
      mkdirSync(join(artifacts, archive), { recursive: true });
      cpSync(join(dist, archive), join(artifacts, archive, archive));
      const meta = join(artifacts, `manifest_${target.replace('/', '_')}`);
      mkdirSync(meta, { recursive: true });
      for (const f of ['manifest.json', 'SHA256SUMS']) cpSync(join(dist, f), join(meta, f));
    }
    const mergeCheckout = join(tempDir(), 'tiny');
    execFileSync('git', ['clone', '-q', repo, mergeCheckout]);
    const merged = await runAction('build', {
      workspace: mergeCheckout,
      inputs: {
        mode: 'merge',
        'merge-from': artifacts,
        upload: false,
        release: true,
        'github-token': TOKEN,
      },
      env: {
        GITHUB_REF: 'refs/tags/v1.5.0',
        GITHUB_API_URL: gh.url,
        GITHUB_SERVER_URL: gh.serverUrl,
        GITHUB_REPOSITORY: 'winship-test/hello-service',
      },
    });
    expect(merged.exitCode, merged.stdout).toBe(0);
    const rel = gh.releases.find((x) => x.tag_name === 'v1.5.0')!;
    expect(rel.assets.map((a) => a.name).sort()).toEqual([
      'SHA256SUMS',
      'manifest.json',
      'tiny_1.5.0_linux_amd64.tar.gz',
      'tiny_1.5.0_windows_amd64.zip',
    ]);
    const manifest = JSON.parse(
      rel.assets.find((a) => a.name === 'manifest.json')!.data.toString(),
    ) as Manifest;
    expect(manifest.targets.map((t) => t.target)).toEqual(['linux/amd64', 'windows/amd64']);
    expect(rel.body).toMatch(/^## Changes since v1\.2\.0\n/);
  });

  it('makes no release for a branch, and says so', async () => {
    const before = gh.requests.length;
    const r = await release(repo, 'refs/heads/main');
    expect(r.exitCode, r.stdout).toBe(0);
    expect(r.stdout).toContain('release: true, but refs/heads/main is not a tag');
    expect(gh.requests.length).toBe(before);
  });
});
