/** The release layout, the state file and the swap/rollback plans (pure). */
import { describe, expect, test } from 'vitest';
import {
  asidePath,
  copyArgv,
  deleteAsidesArgv,
  emptyState,
  exeName,
  mkdirArgv,
  moveArgv,
  parseState,
  recordDeployed,
  recordFailed,
  releasePaths,
  rmdirArgv,
  rollbackTarget,
  serializeState,
  type DeployState,
  type ReleaseRecord,
} from '../../src/windows/release.js';
import { UserError } from '../../src/runner/errors.js';

const rec = (version: string, day = 1): ReleaseRecord => ({
  version,
  sha256: version.replace(/\./g, '').padEnd(64, 'a'),
  deployedAt: `2025-01-0${day}T00:00:00.000Z`,
});

describe('releasePaths', () => {
  test('the layout under the root', () => {
    expect(releasePaths('C:\\ProgramData\\winship', 'hello', '1.4.2', 'hello-service')).toEqual({
      serviceDir: 'C:\\ProgramData\\winship\\hello',
      releasesDir: 'C:\\ProgramData\\winship\\hello\\releases',
      releaseDir: 'C:\\ProgramData\\winship\\hello\\releases\\1.4.2',
      releaseFile: 'C:\\ProgramData\\winship\\hello\\releases\\1.4.2\\hello-service.exe',
      currentDir: 'C:\\ProgramData\\winship\\hello\\current',
      currentFile: 'C:\\ProgramData\\winship\\hello\\current\\hello-service.exe',
      stagedFile: 'C:\\ProgramData\\winship\\hello\\current\\hello-service.exe.new',
      stateFile: 'C:\\ProgramData\\winship\\hello\\state.json',
      tuningStateFile: 'C:\\ProgramData\\winship\\hello\\tuning-state.json',
      lockPath: 'C:\\ProgramData\\winship\\hello\\deploy.lock',
      lockOwnerFile: 'C:\\ProgramData\\winship\\hello\\deploy.lock\\owner.json',
    });
  });

  test('forward slashes and a trailing separator in the root are normalized; .exe is not doubled', () => {
    const p = releasePaths('D:/apps/', 'hello', 'v2.0.0-rc.1+build.5', 'hello.EXE');
    expect(p.releaseFile).toBe('D:\\apps\\hello\\releases\\v2.0.0-rc.1+build.5\\hello.EXE');
    expect(exeName('svc')).toBe('svc.exe');
  });

  test.each([
    [
      'relative root',
      () => releasePaths('apps\\x', 'hello', '1.0.0', 'h'),
      /absolute Windows path/,
    ],
    [
      'root with ..',
      () => releasePaths('C:\\a\\..\\Windows', 'hello', '1.0.0', 'h'),
      /'\.\.' components/,
    ],
    ['root with a quote', () => releasePaths('C:\\a"b', 'hello', '1.0.0', 'h'), /not allowed/],
    [
      'service name with a space',
      () => releasePaths('C:\\a', 'my svc', '1.0.0', 'h'),
      /Invalid service name/,
    ],
    [
      'version with a separator',
      () => releasePaths('C:\\a', 'hello', '1.0\\..\\x', 'h'),
      /Invalid version/,
    ],
    [
      'binary with a separator',
      () => releasePaths('C:\\a', 'hello', '1.0.0', 'bin\\h'),
      /Invalid binary name/,
    ],
    [
      'reserved binary name',
      () => releasePaths('C:\\a', 'hello', '1.0.0', 'con'),
      /Invalid binary name/,
    ],
  ])('refuses a %s', (_what, f, message) => {
    expect(f).toThrow(UserError);
    expect(f).toThrow(message);
  });
});

describe('state file', () => {
  test('round trip', () => {
    const s: DeployState = {
      ...emptyState('hello', 'hello'),
      current: rec('1.0.0'),
      releases: [rec('1.0.0')],
    };
    expect(parseState(serializeState(s), 'C:\\x\\state.json')).toEqual(s);
    expect(s.binaryName).toBe('hello.exe');
  });

  test('a damaged or foreign file is refused, not overwritten', () => {
    expect(() => parseState('{not json', 'C:\\x\\state.json')).toThrow(
      /not valid JSON: fix or remove it/,
    );
    expect(() => parseState('{"schema":2}', 'C:\\x\\state.json')).toThrow(/unknown layout/);
    expect(() =>
      parseState(
        JSON.stringify({
          schema: 1,
          service: 'a',
          binaryName: 'a.exe',
          releases: [{ ...rec('1'), version: '..\\x' }],
        }),
        'f',
      ),
    ).toThrow(/Invalid version/);
  });

  test('recordDeployed: the new release is current, the old one previous', () => {
    const s0 = emptyState('hello', 'hello');
    const { state: s1, prune: p1 } = recordDeployed(s0, rec('1.0.0', 1), 3);
    expect(s1.current?.version).toBe('1.0.0');
    expect(s1.previous).toBeUndefined();
    expect(p1).toEqual([]);
    const { state: s2 } = recordDeployed(s1, rec('2.0.0', 2), 3);
    expect([s2.current?.version, s2.previous?.version]).toEqual(['2.0.0', '1.0.0']);
    expect(s2.releases.map((r) => r.version)).toEqual(['2.0.0', '1.0.0']);
  });

  test('recordDeployed: keeps N releases, prunes the oldest, never current or previous', () => {
    let s = emptyState('hello', 'hello');
    const pruned: string[] = [];
    for (const [i, v] of ['1.0.0', '2.0.0', '3.0.0', '4.0.0', '5.0.0'].entries()) {
      const r = recordDeployed(s, rec(v, i + 1), 3);
      s = r.state;
      pruned.push(...r.prune);
    }
    expect(s.releases.map((r) => r.version)).toEqual(['5.0.0', '4.0.0', '3.0.0']);
    expect(pruned).toEqual(['1.0.0', '2.0.0']);
    // With keep 2, going back to an old release keeps the one it replaced.
    const back = recordDeployed(s, rec('3.0.0', 9), 2);
    expect(back.state.previous?.version).toBe('5.0.0');
    expect(back.state.releases.map((r) => r.version)).toEqual(['3.0.0', '5.0.0']);
    expect(back.prune).toEqual(['4.0.0']);
    expect(() => recordDeployed(s, rec('6.0.0'), 1)).toThrow(/at least 2/);
  });

  test('redeploying the current version keeps the previous one as the rollback target', () => {
    let s = recordDeployed(emptyState('h', 'h'), rec('1.0.0'), 3).state;
    s = recordDeployed(s, rec('2.0.0'), 3).state;
    s = recordDeployed(s, { ...rec('2.0.0'), sha256: 'b'.repeat(64) }, 3).state;
    expect([s.current?.version, s.previous?.version]).toEqual(['2.0.0', '1.0.0']);
    expect(s.releases.map((r) => r.version)).toEqual(['2.0.0', '1.0.0']);
  });

  test('rollbackTarget and recordFailed', () => {
    let s = recordDeployed(emptyState('h', 'h'), rec('1.0.0'), 3).state;
    expect(rollbackTarget(s, '2.0.0')?.version).toBe('1.0.0');
    expect(rollbackTarget(s, '1.0.0')).toBeUndefined();
    expect(rollbackTarget(emptyState('h', 'h'), '1.0.0')).toBeUndefined();
    s = recordDeployed(s, rec('2.0.0'), 3).state;
    expect(rollbackTarget(s, '2.0.0')?.version).toBe('1.0.0');
    const f = recordFailed(s, '3.0.0', 'it exited', '2025-02-01T00:00:00Z');
    expect(f.current?.version).toBe('2.0.0');
    expect(f.lastFailure).toEqual({
      version: '3.0.0',
      at: '2025-02-01T00:00:00Z',
      error: 'it exited',
    });
    expect(recordDeployed(f, rec('3.0.1'), 3).state.lastFailure).toBeUndefined();
  });
});

describe('file commands', () => {
  test('file commands are cmd.exe built-ins with validated paths', () => {
    expect(copyArgv('C:\\a\\x.exe', 'C:\\b\\x.exe.new')).toEqual([
      'cmd.exe',
      '/c',
      'copy',
      '/b',
      '/y',
      'C:\\a\\x.exe',
      'C:\\b\\x.exe.new',
    ]);
    expect(moveArgv('C:\\b\\x.exe.new', 'C:\\b\\x.exe')).toEqual([
      'cmd.exe',
      '/c',
      'move',
      '/y',
      'C:\\b\\x.exe.new',
      'C:\\b\\x.exe',
    ]);
    expect(mkdirArgv('C:\\b\\deploy.lock')).toEqual([
      'cmd.exe',
      '/c',
      'mkdir',
      'C:\\b\\deploy.lock',
    ]);
    expect(deleteAsidesArgv('C:\\b\\current', 'hello')).toEqual([
      'cmd.exe',
      '/c',
      'del',
      '/f',
      '/q',
      'C:\\b\\current\\hello.exe.*.old',
    ]);
    expect(asidePath('C:\\b\\current\\hello.exe', '0a1b2c3d')).toBe(
      'C:\\b\\current\\hello.exe.0a1b2c3d.old',
    );
    expect(() => asidePath('C:\\b\\current\\hello.exe', '../x')).toThrow();
    expect(() => deleteAsidesArgv('C:\\b\\current', 'a*b')).toThrow(UserError);
    expect(rmdirArgv('C:\\b\\deploy.lock')).toEqual([
      'cmd.exe',
      '/c',
      'rmdir',
      '/s',
      '/q',
      'C:\\b\\deploy.lock',
    ]);
    expect(() => rmdirArgv('C:\\b\\..')).toThrow(UserError);
    expect(() => copyArgv('C:\\a & calc', 'C:\\b')).not.toThrow(); // quoted by quote.ts, not a shell
    expect(() => moveArgv('C:\\a|b', 'C:\\b')).toThrow(UserError);
  });
});
