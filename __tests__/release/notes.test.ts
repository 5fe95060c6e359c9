/**
 * The pure half of the GitHub Release: which tag makes which release, the notes (CHANGELOG.md's
 * section, or the commits grouped by Conventional Commit type, or listed), the Checksums section,
 * and which API failures are retried, explained or final.
 */
import { describe, expect, it } from 'vitest';
import { classifyFailure } from '../../src/release/api.js';
import {
  changelogSection,
  checksumsSection,
  commitNotes,
  MAX_BODY,
  releaseNotes,
  type Commit,
} from '../../src/release/notes.js';
import { releaseTagOf } from '../../src/release/tag.js';
import { contentTypeOf } from '../../src/release/step.js';

const CHANGELOG = `# Changelog

All notable changes to this project are documented here.

## [Unreleased]

- nothing yet

## [1.4.0] - 2026-05-01

### Added
- Signed Windows binaries.

### Fixed
- The health check waits for the port.

## [1.3.0] - 2026-04-01

- Older things.

[1.4.0]: https://example.com/compare/v1.3.0...v1.4.0
[1.3.0]: https://example.com/compare/v1.2.0...v1.3.0
`;

const commit = (subject: string, body = '', n = 1): Commit => ({
  sha: `${n}`.repeat(40).slice(0, 40),
  subject,
  body,
});

describe('releaseTagOf', () => {
  it('makes release 1.4.0 of tag v1.4.0, and a pre-release of -rc.1 and other SemVer pre-releases', () => {
    expect(releaseTagOf('refs/tags/v1.4.0')).toEqual({
      tag: 'v1.4.0',
      version: '1.4.0',
      prerelease: false,
    });
    expect(releaseTagOf('refs/tags/v1.4.0-rc.1')).toEqual({
      tag: 'v1.4.0-rc.1',
      version: '1.4.0-rc.1',
      prerelease: true,
    });
    expect(releaseTagOf('refs/tags/v2.0.0-beta.2+build.5')).toMatchObject({ prerelease: true });
  });

  it('makes none of a branch or a tag that is not a version, saying why', () => {
    expect(releaseTagOf('refs/heads/main')).toEqual({
      none: 'refs/heads/main is not a tag: releases are made for tags such as v1.4.0',
    });
    expect(releaseTagOf('refs/tags/nightly')).toEqual({
      none: 'tag nightly is not a version (vMAJOR.MINOR.PATCH, e.g. v1.4.0)',
    });
    expect(releaseTagOf('refs/tags/v1.4')).toHaveProperty('none');
  });
});

describe('changelogSection', () => {
  it("takes the version's section up to the next heading of its level, without link definitions", () => {
    expect(changelogSection(CHANGELOG, '1.4.0')).toBe(
      '### Added\n- Signed Windows binaries.\n\n### Fixed\n- The health check waits for the port.',
    );
    expect(changelogSection(CHANGELOG, '1.3.0')).toBe('- Older things.');
  });

  it('finds `## v1.4.0` and `### 1.4.0` headings too, and never 1.4.0 inside 1.4.01 or 11.4.0', () => {
    expect(changelogSection('## v1.4.0\n\nText.\n', '1.4.0')).toBe('Text.');
    expect(changelogSection('# Log\n### 1.4.0 (May)\nA\n### 1.3.9\nB\n', '1.4.0')).toBe('A');
    expect(changelogSection('## 1.4.01\nno\n## 11.4.0\nno\n', '1.4.0')).toBeUndefined();
  });

  it('says there is none when the version has no section or an empty one', () => {
    expect(changelogSection(CHANGELOG, '9.9.9')).toBeUndefined();
    expect(changelogSection('## 1.4.0\n\n## 1.3.0\nx\n', '1.4.0')).toBeUndefined();
  });
});

describe('commitNotes', () => {
  it('groups Conventional Commits: breaking changes first, then features, fixes, the rest', () => {
    const notes = commitNotes([
      commit('feat(deploy): require-signature', '', 1),
      commit('fix: retry 502 on upload', '', 2),
      commit('chore: bump deps', '', 3),
      commit('feat!: drop Go 1.20', '', 4),
      commit('refactor(api): split', 'BREAKING CHANGE: renamed the output', 5),
    ]);
    expect(notes).toBe(
      [
        '### Breaking changes',
        '',
        '- drop Go 1.20 (4444444)',
        '- **api:** split (5555555)',
        '',
        '### Features',
        '',
        '- **deploy:** require-signature (1111111)',
        '- drop Go 1.20 (4444444)',
        '',
        '### Bug fixes',
        '',
        '- retry 502 on upload (2222222)',
        '',
        '### Other changes',
        '',
        '- bump deps (3333333)',
        '- **api:** split (5555555)',
      ].join('\n'),
    );
  });

  it('lists the commits as they are when most do not use Conventional Commits', () => {
    expect(
      commitNotes([
        commit('Add signing', '', 1),
        commit('fix: typo', '', 2),
        commit('Docs', '', 3),
      ]),
    ).toBe('### Changes\n\n- Add signing (1111111)\n- fix: typo (2222222)\n- Docs (3333333)');
    expect(commitNotes([])).toBe('No changes since the previous release.');
  });
});

describe('releaseNotes', () => {
  const assets = [
    { name: 'SHA256SUMS', sha256: 'b'.repeat(64) },
    { name: 'app_1.4.0_windows_amd64.zip', sha256: 'a'.repeat(64) },
  ];

  it("uses the changelog's section when there is one, then the checksums", () => {
    const n = releaseNotes({
      version: '1.4.0',
      changelog: CHANGELOG,
      commits: [commit('x')],
      assets,
    });
    expect(n.source).toBe('changelog');
    expect(n.body).toBe(`${changelogSection(CHANGELOG, '1.4.0')}\n\n${checksumsSection(assets)}\n`);
  });

  it('falls back to the commits since the previous tag, with a link to the comparison', () => {
    const n = releaseNotes({
      version: '1.5.0',
      changelog: CHANGELOG,
      commits: [commit('feat: more')],
      previousTag: 'v1.4.0',
      assets,
      compareUrl: 'https://ghe.example.com/o/r/compare/v1.4.0...v1.5.0',
    });
    expect(n.source).toBe('commits');
    expect(n.body).toMatch(
      /^## Changes since v1\.4\.0\n\n### Features\n\n- more \(1111111\)\n\nFull list: https:\/\/ghe\.example\.com\/o\/r\/compare\/v1\.4\.0\.\.\.v1\.5\.0\n\n## Checksums/,
    );
  });

  it('stays under the release body limit, dropping the oldest commits and saying how many', () => {
    const many = Array.from({ length: 5000 }, (_, i) =>
      commit(`change number ${i} with a subject long enough to matter`, '', i % 10),
    );
    const n = releaseNotes({ version: '2.0.0', commits: many, assets });
    expect(n.body.length).toBeLessThanOrEqual(MAX_BODY);
    expect(n.body).toContain('- change number 0 with');
    expect(n.body).toMatch(/…and \d+ more commits\./);
    expect(n.body).not.toContain('- change number 4999 with');
    expect(n.body).toContain('## Checksums');
  });

  it('lists the checksums in sha256sum format, sorted by name', () => {
    expect(checksumsSection(assets)).toBe(
      [
        '## Checksums',
        '',
        'SHA-256 (`sha256sum -c SHA256SUMS`):',
        '',
        '```',
        `${'b'.repeat(64)}  SHA256SUMS`,
        `${'a'.repeat(64)}  app_1.4.0_windows_amd64.zip`,
        '```',
      ].join('\n'),
    );
  });
});

describe('classifyFailure', () => {
  const f = (status: number | undefined, message = 'x', headers: Record<string, string> = {}) => ({
    ...(status !== undefined ? { status } : {}),
    message,
    headers,
  });

  it('retries server errors and lost connections with growing back-off', () => {
    expect(classifyFailure(f(502), 1, 100)).toEqual({ kind: 'retry', delayMs: 100 });
    expect(classifyFailure(f(503), 3, 100)).toEqual({ kind: 'retry', delayMs: 400 });
    expect(classifyFailure(f(undefined, 'ECONNRESET'), 1, 100)).toEqual({
      kind: 'retry',
      delayMs: 100,
    });
  });

  it('retries a secondary rate limit after retry-after, and 429', () => {
    expect(
      classifyFailure(
        f(403, 'You have exceeded a secondary rate limit', { 'retry-after': '3' }),
        1,
        100,
      ),
    ).toEqual({ kind: 'retry', delayMs: 3000 });
    expect(classifyFailure(f(429), 1, 100)).toEqual({ kind: 'retry', delayMs: 100 });
    expect(
      classifyFailure(
        f(403, 'You have exceeded a secondary rate limit', { 'retry-after': '600' }),
        1,
        100,
      ),
    ).toEqual({ kind: 'retry', delayMs: 60_000 });
  });

  it('calls any other 403 a missing permission, and 404/422 final', () => {
    expect(classifyFailure(f(403, 'Resource not accessible by integration'), 1, 100)).toEqual({
      kind: 'permission',
    });
    expect(classifyFailure(f(404), 1, 100)).toEqual({ kind: 'fatal' });
    expect(classifyFailure(f(422), 1, 100)).toEqual({ kind: 'fatal' });
  });
});

describe('contentTypeOf', () => {
  it('names the types of the release files', () => {
    expect(contentTypeOf('a.zip')).toBe('application/zip');
    expect(contentTypeOf('a.tar.gz')).toBe('application/gzip');
    expect(contentTypeOf('manifest.json')).toBe('application/json');
    expect(contentTypeOf('SHA256SUMS')).toBe('text/plain');
    expect(contentTypeOf('a.exe')).toBe('application/vnd.microsoft.portable-executable');
  });
});
