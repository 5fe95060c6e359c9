import { describe, expect, it } from 'vitest';
import { targetPlatform } from '../../src/go/platform.js';
import type { Release } from '../../src/go/releases.js';
import { pickInstalled, resolveRelease } from '../../src/go/resolve.js';
import { goToSemver, parseVersionSpec } from '../../src/go/version.js';

const URL = 'http://mirror/dl/?mode=json&include=all';
const linux = targetPlatform({ hostOs: 'linux', hostArch: 'x64' });
const windows = targetPlatform({ hostOs: 'win32', hostArch: 'x64' });
const linuxArm = targetPlatform({ hostOs: 'linux', hostArch: 'arm64' });

function release(version: string, stable: boolean, builds: string[]): Release {
  return {
    version,
    semver: goToSemver(version)!,
    stable,
    files: [
      {
        filename: `${version}.src.tar.gz`,
        os: '',
        arch: '',
        sha256: 'a'.repeat(64),
        kind: 'source',
      },
      ...builds.map((b) => {
        const [os, arch] = b.split('/') as [string, string];
        const ext = os === 'windows' ? 'zip' : 'tar.gz';
        return {
          filename: `${version}.${os}-${arch}.${ext}`,
          os,
          arch,
          sha256: 'b'.repeat(64),
          kind: 'archive',
        };
      }),
      {
        filename: `${version}.windows-amd64.msi`,
        os: 'windows',
        arch: 'amd64',
        sha256: 'c'.repeat(64),
        kind: 'installer',
      },
    ],
  };
}

// Deliberately not in order: the index's order is not trusted.
const index: Release[] = [
  release('go1.22.5', true, ['linux/amd64', 'windows/amd64']),
  release('go1.24rc1', false, ['linux/amd64', 'linux/arm64']),
  release('go1.23.1', true, ['linux/amd64', 'windows/amd64']),
  release('go1.23.0', true, ['linux/amd64', 'linux/arm64']),
  release('go1.22.4', true, ['linux/amd64', 'linux/arm64', 'windows/amd64']),
  release('go1.20', true, ['linux/amd64']),
];

const resolve = (spec: string, platform = linux) => {
  const { release: r, file } = resolveRelease(parseVersionSpec(spec, 'x'), index, platform, URL);
  return `${r.version} ${file.filename}`;
};

describe('resolving against the index', () => {
  it.each([
    ['1.22.4', 'go1.22.4 go1.22.4.linux-amd64.tar.gz'],
    ['1.22', 'go1.22.5 go1.22.5.linux-amd64.tar.gz'],
    ['1.20', 'go1.20 go1.20.linux-amd64.tar.gz'],
    ['1.20.0', 'go1.20 go1.20.linux-amd64.tar.gz'],
    ['^1.22', 'go1.23.1 go1.23.1.linux-amd64.tar.gz'],
    ['stable', 'go1.23.1 go1.23.1.linux-amd64.tar.gz'],
    ['oldstable', 'go1.22.5 go1.22.5.linux-amd64.tar.gz'],
    ['1.24rc1', 'go1.24rc1 go1.24rc1.linux-amd64.tar.gz'],
  ])('%s -> %s', (spec, expected) => expect(resolve(spec)).toBe(expected));

  it('picks the .zip on Windows, never the .msi installer', () => {
    expect(resolve('1.22.5', windows)).toBe('go1.22.5 go1.22.5.windows-amd64.zip');
  });

  it('a range skips releases without a build for the platform', () => {
    expect(resolve('^1.22', linuxArm)).toBe('go1.23.0 go1.23.0.linux-arm64.tar.gz');
    expect(resolve('1.22', linuxArm)).toBe('go1.22.4 go1.22.4.linux-arm64.tar.gz');
  });

  it('a range leaves release candidates out unless it names one', () => {
    expect(resolve('>=1.23.0')).toBe('go1.23.1 go1.23.1.linux-amd64.tar.gz');
    expect(resolve('>=1.24.0-rc.1')).toBe('go1.24rc1 go1.24rc1.linux-amd64.tar.gz');
  });

  it('an exact version or an alias without a build for the platform says which builds exist', () => {
    expect(() => resolve('1.22.5', linuxArm)).toThrow(
      "Go 1.22.5 has no tar.gz build for linux/arm64 (it has: linux/amd64, windows/amd64): pick another version or set 'architecture'",
    );
    expect(() => resolve('stable', linuxArm)).toThrow(
      /^Go 1\.23\.1 has no tar\.gz build for linux\/arm64/,
    );
    expect(() => resolve('1.20', windows)).toThrow(
      "Go 1.20.0 has no zip build for windows/amd64 (it has: linux/amd64): pick another version or set 'architecture'",
    );
    const s390x = targetPlatform({ hostOs: 'linux', hostArch: 's390x' });
    expect(() => resolve('^1.22', s390x)).toThrow(
      "No Go release matching '^1.22' has a tar.gz build for linux/s390x (1.23.1 has: linux/amd64, windows/amd64): pick another version or set 'architecture'",
    );
  });

  it('an unknown version lists the newest stable ones', () => {
    expect(() => resolve('1.21')).toThrow(
      `Go '1.21' is not in the releases index at ${URL} (newest stable: 1.23.1, 1.23.0, 1.22.5): check go-version, or refresh the mirror`,
    );
  });

  it('oldstable needs two minor lines', () => {
    const only = [
      release('go1.23.1', true, ['linux/amd64']),
      release('go1.23.0', true, ['linux/amd64']),
    ];
    expect(() => resolveRelease({ kind: 'alias', alias: 'oldstable' }, only, linux, URL)).toThrow(
      /^Go oldstable is not in the releases index/,
    );
  });
});

describe('resolving against the tool cache', () => {
  const installed = ['1.22.4', '1.23.1', '1.24.0-rc.1', '1.22.5'];
  it.each([
    ['1.22.4', '1.22.4'],
    ['1.22', '1.22.5'],
    ['^1.22', '1.23.1'],
    ['1.24rc1', '1.24.0-rc.1'],
    ['1.21', undefined],
    ['1.22.6', undefined],
    ['stable', undefined],
  ])('%s -> %s', (spec, expected) =>
    expect(pickInstalled(parseVersionSpec(spec, 'x'), installed)).toBe(expected),
  );
});
