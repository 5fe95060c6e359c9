import { describe, expect, it } from 'vitest';
import {
  archiveUrl,
  indexUrl,
  normalizeBaseUrl,
  parseReleaseIndex,
} from '../../src/go/releases.js';
import { goMirror } from '../../lab/go-mirror.js';

const URL = 'http://mirror/dl/?mode=json&include=all';
const sha = (c: string) => c.repeat(64);

describe('the releases index', () => {
  it("parses the test mirror's index, files and real sha256 included", async () => {
    const mirror = await goMirror();
    const releases = parseReleaseIndex(JSON.stringify(mirror.releases), URL);
    expect(releases.map((r) => [r.version, r.semver, r.stable])).toEqual([
      ['go1.24rc1', '1.24.0-rc.1', false],
      ['go1.23.1', '1.23.1', true],
      ['go1.22.5', '1.22.5', true],
      ['go1.22.4', '1.22.4', true],
      ['go1.19.8', '1.19.8', true],
    ]);
    expect(releases[2]!.files.map((f) => f.filename)).toEqual([
      'go1.22.5.linux-amd64.tar.gz',
      'go1.22.5.windows-amd64.zip',
    ]);
    expect(releases[2]!.files[0]!.sha256).toBe(mirror.file('go1.22.5.linux-amd64.tar.gz').sha256);
  });

  it("keeps go.dev's fields, lower-cases sha256, and skips releases that are not Go versions", () => {
    const text = JSON.stringify([
      { version: 'gotip', stable: false, files: [] },
      {
        version: 'go1.20',
        stable: true,
        files: [
          {
            filename: 'go1.20.src.tar.gz',
            os: '',
            arch: '',
            version: 'go1.20',
            sha256: sha('A'),
            size: 26,
            kind: 'source',
          },
          {
            filename: 'go1.20.linux-amd64.tar.gz',
            os: 'linux',
            arch: 'amd64',
            version: 'go1.20',
            sha256: sha('b'),
            size: 99,
            kind: 'archive',
          },
        ],
      },
    ]);
    expect(parseReleaseIndex(text, URL)).toEqual([
      {
        version: 'go1.20',
        semver: '1.20.0',
        stable: true,
        files: [
          {
            filename: 'go1.20.src.tar.gz',
            os: '',
            arch: '',
            sha256: sha('a'),
            size: 26,
            kind: 'source',
          },
          {
            filename: 'go1.20.linux-amd64.tar.gz',
            os: 'linux',
            arch: 'amd64',
            sha256: sha('b'),
            size: 99,
            kind: 'archive',
          },
        ],
      },
    ]);
  });

  it.each([
    ['', "not JSON: starts with ''"],
    ['null', 'expected a JSON array of releases'],
    ['[]', 'it lists no Go releases'],
    ['[{"version": "go1.22.4"}]', 'release #1 has no version or files'],
    [
      '[{"version": "go1.22.4", "files": [{"filename": "a.tar.gz", "os": "linux", "arch": "amd64", "sha256": "abc"}]}]',
      'a.tar.gz has no valid sha256',
    ],
  ])('rejects %j', (text, detail) => {
    expect(() => parseReleaseIndex(text, URL)).toThrow(
      `The Go releases index at ${URL} is malformed (${detail}): check go-download-base-url points at a Go download mirror`,
    );
  });
});

describe('mirror URLs, in setup-go layout', () => {
  it('index and archives under the base', () => {
    expect(indexUrl('https://go.dev/dl')).toBe('https://go.dev/dl/?mode=json&include=all');
    expect(archiveUrl('http://mirror:8080/golang', 'go1.22.5.linux-amd64.tar.gz')).toBe(
      'http://mirror:8080/golang/go1.22.5.linux-amd64.tar.gz',
    );
  });

  it('normalizes a base and refuses what is not one', () => {
    expect(normalizeBaseUrl(' https://mirror.corp/go/// ', 'x')).toBe('https://mirror.corp/go');
    expect(() => normalizeBaseUrl('file:///srv/go', 'x')).toThrow(
      "x: 'file:///srv/go' must be an http(s) URL",
    );
    expect(() => normalizeBaseUrl('https://mirror/dl/?mode=json', 'x')).toThrow(
      /must be the mirror's base without a query/,
    );
    expect(() => normalizeBaseUrl('not a url', 'x')).toThrow(/is not a URL/);
  });
});
