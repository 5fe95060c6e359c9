import { describe, expect, it } from 'vitest';
import { runsHere, targetPlatform } from '../../src/go/platform.js';

describe('the Go build a runner needs', () => {
  it.each([
    [
      'linux',
      'x64',
      undefined,
      { os: 'linux', arch: 'amd64', toolArch: 'x64', archive: 'tar.gz', exe: '' },
    ],
    [
      'win32',
      'x64',
      undefined,
      { os: 'windows', arch: 'amd64', toolArch: 'x64', archive: 'zip', exe: '.exe' },
    ],
    [
      'darwin',
      'arm64',
      undefined,
      { os: 'darwin', arch: 'arm64', toolArch: 'arm64', archive: 'tar.gz', exe: '' },
    ],
    [
      'linux',
      'x64',
      'x86',
      { os: 'linux', arch: '386', toolArch: 'x86', archive: 'tar.gz', exe: '' },
    ],
    [
      'linux',
      'x64',
      'AMD64',
      { os: 'linux', arch: 'amd64', toolArch: 'x64', archive: 'tar.gz', exe: '' },
    ],
    [
      'linux',
      'arm',
      undefined,
      { os: 'linux', arch: 'armv6l', toolArch: 'arm', archive: 'tar.gz', exe: '' },
    ],
    [
      'linux',
      'ppc64',
      undefined,
      { os: 'linux', arch: 'ppc64le', toolArch: 'ppc64le', archive: 'tar.gz', exe: '' },
    ],
  ])('%s/%s architecture=%s', (hostOs, hostArch, architecture, expected) => {
    expect(targetPlatform({ hostOs, hostArch, architecture })).toEqual(expected);
  });

  it('another OS by WINSHIP_GO_TARGET_OS, which cannot run here', () => {
    const p = targetPlatform({ hostOs: 'linux', hostArch: 'x64', osOverride: 'windows' });
    expect(p).toMatchObject({ os: 'windows', archive: 'zip', toolArch: 'x64' });
    expect(runsHere(p, 'linux')).toBe(false);
    expect(runsHere(targetPlatform({ hostOs: 'linux', hostArch: 'x64' }), 'linux')).toBe(true);
  });

  it('names the input or variable that is wrong', () => {
    expect(() =>
      targetPlatform({ hostOs: 'linux', hostArch: 'x64', architecture: 'sparc' }),
    ).toThrow(/^Input 'architecture': 'sparc' is not/);
    expect(() =>
      targetPlatform({ hostOs: 'linux', hostArch: 'x64', osOverride: 'plan9x' }),
    ).toThrow(/^WINSHIP_GO_TARGET_OS: 'plan9x'/);
    expect(() => targetPlatform({ hostOs: 'linux', hostArch: 'mips' })).toThrow(
      /architecture 'mips' has no Go build/,
    );
  });
});
