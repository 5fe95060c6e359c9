/**
 * A release folder or archive made by someone hostile: every name read from the manifest, from
 * SHA256SUMS or from a zip's directory is refused unless it is a plain name, and nothing is ever
 * written outside the private work folder (the runner's disk is not the attacker's to write).
 * The zips are built byte by byte here, so each escape is exactly the one named.
 */
import { afterAll, describe, expect, test } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { chooseRelease, resolveRelease } from '../../src/deploy/artifact.js';
import { extractEntry, zipEntries } from '../../src/deploy/zip.js';
import { makeManifest, MANIFEST_SCHEMA } from '../../src/build/manifest.js';
import { runAction } from '../../lab/runner.js';
import { makeClientKey } from '../../lab/sshd.js';

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});
const tmp = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
};
const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

interface RawEntry {
  name: string;
  data: Buffer;
  /** Unix mode in the high 16 bits of the external attributes (made by Unix). */
  unixMode?: number;
  /** The name in the local header, when it is to differ from the central directory's. */
  localName?: string;
}

/** A stored (uncompressed) zip with exactly these names: no library second-guesses them. */
function rawZip(entries: RawEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const localName = Buffer.from(e.localName ?? e.name, 'utf8');
    const crc = crc32(e.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(localName.length, 26);
    locals.push(local, localName, e.data);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(e.unixMode !== undefined ? (3 << 8) | 20 : 20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(0, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(e.data.length, 20);
    central.writeUInt32LE(e.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(e.unixMode !== undefined ? (e.unixMode << 16) >>> 0 : 0, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + localName.length + e.data.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}

const program = Buffer.from('MZ not really a program');

describe('zip entry names are checked when the directory is read', () => {
  test('a plain archive made by hand is read (the builder itself is sound)', () => {
    const zip = rawZip([
      { name: 'svc.exe', data: program, unixMode: 0o100755 },
      { name: 'docs/README.txt', data: Buffer.from('hi') },
    ]);
    expect(zipEntries(zip, 'ok.zip').map((e) => e.name)).toEqual(['svc.exe', 'docs/README.txt']);
    expect(extractEntry(zip, 'svc.exe', 'ok.zip')).toEqual(program);
  });

  const escapes: [string, RawEntry][] = [
    ['a parent folder (..)', { name: '../pwned.exe', data: program }],
    ['a parent folder deeper in the path', { name: 'a/../../pwned.exe', data: program }],
    ['an absolute path', { name: '/tmp/pwned.exe', data: program }],
    ['a drive letter with a slash', { name: 'C:/Windows/pwned.exe', data: program }],
    ['a drive-relative path', { name: 'C:pwned.exe', data: program }],
    ['backslash separators climbing out', { name: '..\\..\\pwned.exe', data: program }],
    ['a UNC path', { name: '\\\\server\\share\\pwned.exe', data: program }],
    ['a NUL byte', { name: 'svc.exe\u0000.txt', data: program }],
    ['a control character', { name: 'svc\u001b[2J.exe', data: program }],
    ['an empty name', { name: '', data: program }],
    ['a symbolic link', { name: 'svc.exe', data: Buffer.from('/etc/passwd'), unixMode: 0o120777 }],
  ];
  test.each(escapes)('an entry with %s is refused', (_what, entry) => {
    const zip = rawZip([entry]);
    expect(() => zipEntries(zip, 'hostile.zip')).toThrow(/hostile\.zip: entry .* is refused/);
  });

  test('a local header that names another file than the directory is refused', () => {
    const zip = rawZip([{ name: 'svc.exe', localName: '../pwned.exe', data: program }]);
    expect(() => extractEntry(zip, 'svc.exe', 'hostile.zip')).toThrow(
      /hostile\.zip: entry svc\.exe cannot be read: its local header names another file than the central directory/,
    );
  });
});

describe('names from the manifest and SHA256SUMS', () => {
  const target = (file: string, archive?: { file: string; sha256: string }) => ({
    target: 'windows/amd64',
    goos: 'windows',
    goarch: 'amd64',
    file,
    size: program.length,
    sha256: sha(program),
    seconds: 1,
    ...(archive ? { archive: { ...archive, size: 1 } } : {}),
  });

  test.each([
    ['../../x/pwned'],
    ['..\\..\\x\\pwned'],
    ['C:pwned'],
    ['/tmp/pwned'],
    ['..'],
    ['svc\u0000'],
  ])('a manifest name %j is refused when the release is chosen', (name) => {
    const manifest = makeManifest({ name, version: '1.0.0', commit: 'c', date: 'd' }, [
      target('svc_1.0.0_windows_amd64.exe', { file: 'svc.zip', sha256: 'b'.repeat(64) }),
    ]);
    expect(() => chooseRelease({ dir: '/d', manifest, files: ['svc.zip'] }, '')).toThrow(
      /manifest\.json in \/d: 'name' .* is not a valid program name/,
    );
  });

  test('a manifest named ../../x/pwned with a matching zip writes nothing outside the work folder', async () => {
    const root = tmp('winship-hostile-');
    const release = join(root, 'release');
    const workDir = join(root, 'a', 'b', 'work');
    mkdirSync(release);
    mkdirSync(workDir, { recursive: true });
    mkdirSync(join(root, 'a', 'b', 'x'));
    const name = '../../x/pwned';
    const zip = rawZip([{ name: `${name}.exe`, data: program }]);
    writeFileSync(join(release, 'svc.zip'), zip);
    writeFileSync(
      join(release, 'manifest.json'),
      JSON.stringify({
        schema: MANIFEST_SCHEMA,
        name,
        version: '1.0.0',
        commit: 'c',
        date: 'd',
        targets: [target('svc_1.0.0_windows_amd64.exe', { file: 'svc.zip', sha256: sha(zip) })],
      }),
    );
    await expect(
      resolveRelease({
        artifact: [release],
        binary: '',
        workspace: '/',
        workDir,
        store: () => {
          throw new Error('no download expected');
        },
      }),
    ).rejects.toThrow(/'name' '\.\.\/\.\.\/x\/pwned' is not a valid program name/);
    // join(workDir, 'extracted', '../../x/pwned.exe') is root/a/b/x/pwned.exe (outside workDir).
    expect(existsSync(join(root, 'a', 'b', 'x', 'pwned.exe'))).toBe(false);
    expect(readdirSync(workDir)).toEqual([]);
  });

  test('a SHA256SUMS line naming a path is refused', async () => {
    const release = tmp('winship-hostile-sums-');
    writeFileSync(join(release, 'SHA256SUMS'), `${sha(program)}  ../../pwned.exe\n`);
    await expect(
      resolveRelease({
        artifact: [release],
        binary: '',
        version: '1.0.0',
        workspace: '/',
        workDir: tmp('winship-hostile-work-'),
        store: () => {
          throw new Error('no download expected');
        },
      }),
    ).rejects.toThrow(/SHA256SUMS.*'\.\.\/\.\.\/pwned\.exe' is not a plain file name/);
  });
});

describe('through the deploy-windows bundle, as the runner runs it', () => {
  test('a hostile manifest fails the step with a clear error, writes nothing outside, and the post step removes the work folder', async () => {
    const root = tmp('winship-hostile-action-');
    const release = join(root, 'release');
    mkdirSync(release);
    const name = '../../../pwned';
    const zip = rawZip([{ name: `${name}.exe`, data: program }]);
    writeFileSync(join(release, 'svc.zip'), zip);
    const manifest = {
      schema: MANIFEST_SCHEMA,
      name,
      version: '1.0.0',
      commit: 'c',
      date: 'd',
      targets: [
        {
          target: 'windows/amd64',
          goos: 'windows',
          goarch: 'amd64',
          file: 'svc_1.0.0_windows_amd64.exe',
          size: program.length,
          sha256: sha(program),
          seconds: 1,
          archive: { file: 'svc.zip', size: zip.length, sha256: sha(zip) },
        },
      ],
    };
    writeFileSync(join(release, 'manifest.json'), JSON.stringify(manifest));
    const r = await runAction('deploy-windows', {
      inputs: {
        hosts: 'admin@127.0.0.1',
        'ssh-private-key': makeClientKey(join(root, 'key')).privateKey,
        'insecure-skip-host-key-check': 'true',
        artifact: release,
        'dry-run': 'true',
      },
      timeoutMs: 60_000,
    });
    // RUNNER_TEMP/winship-deploy-x/extracted/../../../pwned.exe would be one level above
    // RUNNER_TEMP: inside the runner home, which the harness keeps.
    const work = r.state['work-dir']!;
    expect(work).toBeTruthy();
    expect(existsSync(join(work, '..', '..', 'pwned.exe'))).toBe(false);
    expect(r.exitCode).toBe(1);
    expect(r.annotations.map((a) => a.message).join('\n')).toMatch(
      /'name' '\.\.\/\.\.\/\.\.\/pwned' is not a valid program name/,
    );
    expect(r.post?.stdout).toContain(`Removed ${work}`);
    expect(existsSync(work)).toBe(false);
  });
});
