/** `go env -json` from the real Go on this machine: one call gives what `go version` and `go env` print. */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  firstGopath,
  formatGoEnv,
  goVersionLine,
  parseGoEnv,
  readGoEnv,
} from '../../src/go/go-env.js';
import { UserError } from '../../src/runner/errors.js';
import { DEBIAN_GOROOT } from '../../lab/go-mirror.js';
import { REPO } from '../../lab/paths.js';

const GO = `${DEBIAN_GOROOT}/bin/go`;

describe('go env -json', () => {
  it('gives the same version line as `go version`', async () => {
    const env = await readGoEnv(GO, REPO, process.env);
    expect(goVersionLine(env)).toBe(execFileSync(GO, ['version'], { encoding: 'utf8' }).trim());
    expect(env.GOROOT).toBe(DEBIAN_GOROOT);
  });

  it('prints every variable `go env` prints, with the same values, quoted for sh', async () => {
    const extra = { GOFLAGS: "-tags=it's", GOTOOLCHAIN: 'local' };
    const env = await readGoEnv(GO, REPO, { ...process.env, ...extra });
    // Go 1.19 quotes with "…", Go 1.21+ with '…' (which this follows); compare what the shell reads.
    const shell = (script: string) =>
      execFileSync('sh', ['-c', `${script}\nenv`], { encoding: 'utf8', env: {} })
        .split('\n')
        .filter((l) => /^(GO|CGO_|AR=|CC=|CXX=|PKG_CONFIG=)/.test(l))
        // GOGCCFLAGS names a fresh temporary folder on every call.
        .map((l) => l.replace(/go-build\d+/, 'go-buildN'))
        .sort();
    const plain = execFileSync(GO, ['env'], {
      encoding: 'utf8',
      env: { ...process.env, ...extra },
    });
    const exported = (text: string) =>
      text
        .split('\n')
        .filter(Boolean)
        .map((l) => `export ${l}`)
        .join('\n');
    expect(shell(exported(formatGoEnv(env)))).toEqual(shell(exported(plain)));
    expect(formatGoEnv({ GOFLAGS: "-tags=it's" })).toBe("GOFLAGS='-tags=it'\\''s'");
  });

  it('formats Windows-style as set KEY=value', () => {
    expect(formatGoEnv({ GOOS: 'windows', GOPATH: 'C:\\Users\\a\\go' }, true)).toBe(
      'set GOOS=windows\nset GOPATH=C:\\Users\\a\\go',
    );
  });

  it('takes the first GOPATH entry for bin', () => {
    expect(firstGopath({ GOPATH: '/a:/b' }, ':')).toBe('/a');
    expect(firstGopath({ GOPATH: 'C:\\a;D:\\b' }, ';')).toBe('C:\\a');
    expect(firstGopath({}, ':')).toBeUndefined();
  });

  it('a go that does not run is a UserError naming it', async () => {
    await expect(readGoEnv('/nonexistent/bin/go', REPO, process.env)).rejects.toThrow(UserError);
    await expect(readGoEnv('/bin/false', REPO, process.env)).rejects.toThrow(
      /^'\/bin\/false env -json' failed/,
    );
  });

  it('rejects output that is not an object', () => {
    expect(() => parseGoEnv('[]')).toThrow('go env -json did not print an object');
  });
});
