import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/runner/errors.js';
import {
  parseGoModVersion,
  parsePlainVersion,
  parseToolVersions,
  parseVersionFile,
  readVersionFile,
} from '../../src/go/version-file.js';

describe('go.mod and go.work', () => {
  it('prefers toolchain over go, wherever they are', () => {
    const mod = 'module example.com/m\n\ntoolchain go1.22.4\n\ngo 1.22.0\n';
    expect(parseGoModVersion(mod)).toEqual({ version: '1.22.4', line: 3, from: 'toolchain' });
  });

  it('reads the go line, with comments, CRLF and a BOM', () => {
    expect(parseGoModVersion('\uFEFFmodule m\r\n\r\ngo 1.21 // language version\r\n')).toEqual({
      version: '1.21',
      line: 3,
      from: 'go',
    });
  });

  it('reads a custom toolchain as its Go release, and ignores toolchain default', () => {
    expect(parseGoModVersion('go 1.21\ntoolchain go1.21.3-bigcorp\n')?.version).toBe('1.21.3');
    expect(parseGoModVersion('go 1.21.0\ntoolchain default\n')?.version).toBe('1.21.0');
  });

  it('does not take a go line from a require block or a comment', () => {
    expect(
      parseGoModVersion('module m\n// go 1.99\nrequire (\n\tgolang.org/x/sys v0.1.0\n)\n'),
    ).toBeUndefined();
  });

  it('go.work is read like go.mod', () => {
    expect(parseVersionFile('/w/go.work', 'go 1.23.1\nuse ./a\n')?.version).toBe('1.23.1');
  });
});

describe('.tool-versions and .go-version', () => {
  it('takes the golang (asdf) or go (mise) entry, first version of several', () => {
    expect(parseToolVersions('nodejs 24.1.0\ngolang 1.23.1 1.22.5\n')).toEqual({
      version: '1.23.1',
      line: 2,
      from: 'golang',
    });
    expect(parseToolVersions('# tools\ngo 1.22.4 # pinned\n')).toEqual({
      version: '1.22.4',
      line: 2,
      from: 'go',
    });
    expect(parseToolVersions('golangci-lint 1.59.0\n')).toBeUndefined();
  });

  it('.go-version: the first line that is not blank or a comment', () => {
    expect(parsePlainVersion('\n# pinned by ops\n1.22.4\n')).toEqual({
      version: '1.22.4',
      line: 3,
      from: 'version',
    });
    expect(parseVersionFile('.go-version', '  \n')).toBeUndefined();
  });
});

describe('reading a version file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'winship-version-file-'));

  it('names the file when it has no version', () => {
    writeFileSync(join(dir, '.tool-versions'), 'nodejs 24\n');
    expect(() => readVersionFile(join(dir, '.tool-versions'), '.tool-versions')).toThrow(
      new UserError(
        ".tool-versions has no Go version: expected a 'golang 1.x.y' line",
        '.tool-versions',
      ),
    );
  });

  it('says a missing file does not exist, and a folder is not a file', () => {
    expect(() => readVersionFile(join(dir, 'nope'), 'nope')).toThrow(
      /^go-version-file 'nope' does not exist/,
    );
    mkdirSync(join(dir, 'sub'));
    expect(() => readVersionFile(join(dir, 'sub'), 'sub')).toThrow(
      /^go-version-file 'sub' is a directory/,
    );
  });

  it('an unreadable file is a UserError, not a crash', () => {
    // A symlink loop cannot be read by anyone, root included.
    symlinkSync(join(dir, 'loop-b'), join(dir, 'loop-a'));
    symlinkSync(join(dir, 'loop-a'), join(dir, 'loop-b'));
    const err = (() => {
      try {
        readVersionFile(join(dir, 'loop-a'), 'loop-a');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toMatch(/^go-version-file 'loop-a' cannot be read \(ELOOP/);
  });
});
