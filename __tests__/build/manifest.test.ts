import { describe, expect, it } from 'vitest';
import {
  checksumsOf,
  makeManifest,
  mergeManifests,
  parseManifest,
  releaseFiles,
  type Manifest,
  type ManifestTarget,
} from '../../src/build/manifest.js';

const sha = (c: string) => c.repeat(64);
const head = {
  name: 'app',
  version: '1.0.0',
  commit: sha('c').slice(0, 40),
  date: '2024-05-01T12:00:00Z',
};
const target = (goos: string, goarch: string, c: string, archive = true): ManifestTarget => ({
  target: `${goos}/${goarch}`,
  goos,
  goarch,
  file: `app_1.0.0_${goos}_${goarch}`,
  size: 10,
  sha256: sha(c),
  seconds: 1.5,
  ...(archive
    ? {
        archive: {
          file: `app_1.0.0_${goos}_${goarch}.tar.gz`,
          size: 5,
          sha256: sha(c === 'a' ? 'b' : 'e'),
        },
      }
    : {}),
});

const job = (targets: ManifestTarget[], over: Partial<Manifest> = {}) => ({
  ...makeManifest(head, targets),
  ...over,
});

describe('manifest', () => {
  it('sorts targets and lists binaries and archives in SHA256SUMS, releases only the archives', () => {
    const m = makeManifest(head, [
      target('windows', 'amd64', 'd'),
      target('linux', 'amd64', 'a', true),
    ]);
    expect(m.targets.map((t) => t.target)).toEqual(['linux/amd64', 'windows/amd64']);
    expect(checksumsOf(m).trim().split('\n')).toHaveLength(4);
    expect(releaseFiles(m).map((f) => f.file)).toEqual([
      'app_1.0.0_linux_amd64.tar.gz',
      'app_1.0.0_windows_amd64.tar.gz',
    ]);
    const bare = makeManifest(head, [target('linux', 'arm', 'f', false)]);
    expect(checksumsOf(bare, 'release')).toBe(`${sha('f')}  app_1.0.0_linux_arm\n`);
  });

  it('round-trips through JSON and refuses what is not a manifest', () => {
    const m = makeManifest(head, [target('linux', 'amd64', 'a')]);
    expect(parseManifest(JSON.stringify(m), 'm.json')).toEqual(m);
    expect(() => parseManifest('{', 'm.json')).toThrow('m.json is not JSON');
    expect(() => parseManifest('{"schema":"other"}', 'm.json')).toThrow(
      /not a winship build manifest/,
    );
    const bad = { ...m, targets: [{ ...m.targets[0], sha256: 'zz' }] };
    expect(() => parseManifest(JSON.stringify(bad), 'm.json')).toThrow(
      /target linux\/amd64 has a bad file, size, sha256/,
    );
    const evil = { ...m, targets: [{ ...m.targets[0], file: '../../etc/passwd' }] };
    expect(() => parseManifest(JSON.stringify(evil), 'm.json')).toThrow(/bad file/);
  });

  it('merges the jobs of one build, and a re-run job that built the same bytes', () => {
    const merged = mergeManifests([
      { manifest: job([target('windows', 'amd64', 'd')]), where: 'a/manifest.json' },
      { manifest: job([target('linux', 'amd64', 'a')]), where: 'b/manifest.json' },
      { manifest: job([target('linux', 'amd64', 'a')]), where: 'c/manifest.json' },
    ]);
    expect(merged.targets.map((t) => t.target)).toEqual(['linux/amd64', 'windows/amd64']);
    expect(merged).toMatchObject(head);
  });

  it('refuses manifests of different builds, and one target with two contents', () => {
    expect(() =>
      mergeManifests([
        { manifest: job([target('linux', 'amd64', 'a')]), where: 'a/manifest.json' },
        {
          manifest: job([target('linux', 'arm64', 'd')], { version: '1.0.1' }),
          where: 'b/manifest.json',
        },
      ]),
    ).toThrow(
      "b/manifest.json is for version '1.0.1' but a/manifest.json is for '1.0.0': merge only the jobs of one build",
    );
    expect(() =>
      mergeManifests([
        { manifest: job([target('linux', 'amd64', 'a')]), where: 'a/manifest.json' },
        { manifest: job([target('linux', 'amd64', 'd')]), where: 'b/manifest.json' },
      ]),
    ).toThrow('linux/amd64 is in a/manifest.json and b/manifest.json with different contents');
    expect(() => mergeManifests([])).toThrow(/no manifests/);
  });
});
