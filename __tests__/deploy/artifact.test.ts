/**
 * Finding the release: build output folders (binary, or only its zip), a single file, SHA256SUMS
 * only, and artifacts downloaded through the ArtifactStore interface (what crosses it is asserted).
 * Everything is checked against the build's sha256 before any host is involved.
 */
import { afterAll, describe, expect, test } from 'vitest';
import {
  copyFileSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chooseRelease, resolveRelease } from '../../src/deploy/artifact.js';
import { extractEntry, zipEntries } from '../../src/deploy/zip.js';
import type { ArtifactStore, DownloadRequest } from '../../src/artifacts/store.js';
import { makeManifest } from '../../src/build/manifest.js';
import { writeArchive } from '../../src/build/archive.js';
import { NAME, releaseFolder as makeReleaseFolder } from '../../lab/release-folder.js';

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});
const releaseFolder = async (...args: Parameters<typeof makeReleaseFolder>) => {
  const dir = await makeReleaseFolder(...args);
  made.push(dir);
  return dir;
};

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const work = () => {
  const dir = mkdtempSync(join(tmpdir(), 'winship-deploy-work-'));
  made.push(dir);
  return dir;
};

function noStore(): ArtifactStore {
  throw new Error('no artifact download expected');
}

describe('a local build output folder', () => {
  test('the windows/amd64 binary with the manifest version and name, verified', async () => {
    const dir = await releaseFolder('1.0.0');
    const r = await resolveRelease({
      artifact: [dir],
      binary: '',
      workspace: '/',
      workDir: work(),
      store: noStore,
    });
    expect(r).toMatchObject({ version: '1.0.0', binaryName: NAME, target: 'windows/amd64' });
    expect(r.localFile).toBe(join(dir, `${NAME}_1.0.0_windows_amd64.exe`));
    expect(r.sha256).toBe(sha(readFileSync(r.localFile)));
  });

  test('only the zip (the build default for Windows): the program is taken out and verified', async () => {
    const dir = await releaseFolder('1.0.0', { zip: true });
    expect(readdirSync(dir).sort()).toEqual([
      'SHA256SUMS',
      `${NAME}_1.0.0_windows_amd64.zip`,
      'manifest.json',
    ]);
    const w = work();
    const r = await resolveRelease({
      artifact: [dir],
      binary: '',
      workspace: '/',
      workDir: w,
      store: noStore,
    });
    expect(r.localFile).toBe(join(w, 'extracted', `${NAME}.exe`));
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
      targets: { sha256: string }[];
    };
    expect(r.sha256).toBe(manifest.targets[0]!.sha256);
  });

  test('a single file given by path: its folder holds the manifest', async () => {
    const dir = await releaseFolder('1.0.0');
    const r = await resolveRelease({
      artifact: [`${NAME}_1.0.0_windows_amd64.exe`],
      binary: '',
      workspace: dir,
      workDir: work(),
      store: noStore,
    });
    expect(r.version).toBe('1.0.0');
  });

  test('a binary that does not match the build sha256 is refused before anything else', async () => {
    const dir = await releaseFolder('1.0.0');
    writeFileSync(join(dir, `${NAME}_1.0.0_windows_amd64.exe`), 'tampered');
    await expect(
      resolveRelease({
        artifact: [dir],
        binary: '',
        workspace: '/',
        workDir: work(),
        store: noStore,
      }),
    ).rejects.toThrow(
      /has sha256 .* but the build recorded .*: the file is corrupt or from another build/,
    );
  });

  test('manifest and SHA256SUMS from different builds are refused', async () => {
    const dir = await releaseFolder('1.0.0');
    writeFileSync(join(dir, 'SHA256SUMS'), `${'0'.repeat(64)}  ${NAME}_1.0.0_windows_amd64.exe\n`);
    await expect(
      resolveRelease({
        artifact: [dir],
        binary: '',
        workspace: '/',
        workDir: work(),
        store: noStore,
      }),
    ).rejects.toThrow(/disagree about/);
  });

  test('a version input that differs from the build is refused', async () => {
    const dir = await releaseFolder('1.0.0');
    await expect(
      resolveRelease({
        artifact: [dir],
        binary: '',
        version: '1.0.1',
        workspace: '/',
        workDir: work(),
        store: noStore,
      }),
    ).rejects.toThrow(/Input 'version': '1.0.1' is not the version of the build \(1.0.0\)/);
  });
});

describe('choosing the binary', () => {
  const t = (target: string, file: string) => {
    const [goos, goarch] = target.split('/') as [string, string];
    return { target, goos, goarch, file, size: 1, sha256: 'a'.repeat(64), seconds: 1 };
  };
  const manifest = makeManifest({ name: 'svc', version: '2.0.0', commit: 'c', date: 'd' }, [
    t('linux/amd64', 'svc_2.0.0_linux_amd64'),
    t('windows/amd64', 'svc_2.0.0_windows_amd64.exe'),
    t('windows/arm64', 'svc_2.0.0_windows_arm64.exe'),
  ]);
  const folder = { dir: '/d', manifest, files: manifest.targets.map((x) => x.file) };

  test('by target or by file name; windows/amd64 by default', () => {
    expect(chooseRelease(folder, '').file).toBe('svc_2.0.0_windows_amd64.exe');
    expect(chooseRelease(folder, 'windows/arm64').file).toBe('svc_2.0.0_windows_arm64.exe');
    expect(chooseRelease(folder, 'svc_2.0.0_windows_arm64.exe').target).toBe('windows/arm64');
  });

  test('a non-Windows target, an unknown one, and a missing file are refused', () => {
    expect(() => chooseRelease(folder, 'linux/amd64')).toThrow(
      /is a linux\/amd64 binary; deploy-windows needs a windows target/,
    );
    expect(() => chooseRelease(folder, 'windows/386')).toThrow(
      /the build has no windows\/386 target/,
    );
    expect(() => chooseRelease({ ...folder, files: [] }, '')).toThrow(
      /add the binary's artifact to 'artifact'/,
    );
  });

  test('SHA256SUMS alone needs the version and names the binary', () => {
    const sums = [{ file: 'svc_3.1.0_windows_amd64.exe', sha256: 'b'.repeat(64) }];
    const f = { dir: '/d', sums, files: ['svc_3.1.0_windows_amd64.exe'] };
    expect(chooseRelease(f, '', '3.1.0')).toMatchObject({
      binaryName: 'svc',
      version: '3.1.0',
      sha256: 'b'.repeat(64),
    });
    expect(() => chooseRelease(f, '')).toThrow(
      /Input 'version': is required when the release has no manifest.json/,
    );
  });

  test('a folder without manifest or checksums is refused: the sha256 must come from the build', () => {
    expect(() => chooseRelease({ dir: '/d', files: ['x.exe'] }, '')).toThrow(
      /has no manifest.json or SHA256SUMS/,
    );
  });
});

describe('workflow artifacts through the ArtifactStore interface', () => {
  test('each named artifact is downloaded into one private folder, then resolved like a folder', async () => {
    const built = await releaseFolder('1.0.0', { zip: true });
    const calls: DownloadRequest[] = [];
    const store: ArtifactStore = {
      upload: () => Promise.reject(new Error('no uploads')),
      download: async (req) => {
        calls.push(req);
        // What the artifact service would put there: the files of that artifact.
        const files =
          req.name === 'hello-service_1.0.0_manifest_windows_amd64'
            ? ['manifest.json', 'SHA256SUMS']
            : [`${NAME}_1.0.0_windows_amd64.zip`];
        for (const f of files) copyFileSync(join(built, f), join(req.path, f));
        return { name: req.name, path: req.path };
      },
    };
    const w = work();
    const names = ['hello-service_1.0.0_manifest_windows_amd64', `${NAME}_1.0.0_windows_amd64.zip`];
    const from = { token: 't0ken', runId: 42, owner: 'o', repo: 'r' };
    const r = await resolveRelease({
      artifact: names,
      binary: '',
      workspace: '/nonexistent',
      workDir: w,
      store: () => store,
      from,
    });
    expect(calls).toEqual(names.map((name) => ({ name, path: join(w, 'artifacts'), from })));
    expect(r.version).toBe('1.0.0');
    expect(r.source).toContain(`artifact 'hello-service_1.0.0_manifest_windows_amd64'`);
  });

  test('a path that does not exist is not mistaken for an artifact name', async () => {
    await expect(
      resolveRelease({
        artifact: ['./dist/missing'],
        binary: '',
        workspace: '/',
        workDir: work(),
        store: noStore,
      }),
    ).rejects.toThrow(/'.\/dist\/missing' does not exist/);
  });
});

describe('zip reading', () => {
  test('reads the entries the build archiver writes, stored or deflated', async () => {
    const dir = work();
    const a = join(dir, 'a.txt');
    writeFileSync(a, 'hello '.repeat(1000));
    const b = join(dir, 'b.bin');
    writeFileSync(b, Buffer.from([0, 1, 2, 3]));
    const zip = join(dir, 'x.zip');
    await writeArchive(
      'zip',
      zip,
      [
        { name: 'a.txt', source: a, mode: 0o644 },
        { name: 'dir/b.bin', source: b, mode: 0o755 },
      ],
      new Date('2024-01-01T00:00:00Z'),
      join(dir, 'tmp'),
    );
    const data = readFileSync(zip);
    expect(zipEntries(data, zip).map((e) => e.name)).toEqual(['a.txt', 'dir/b.bin']);
    expect(extractEntry(data, 'a.txt', zip)?.toString()).toBe('hello '.repeat(1000));
    expect(extractEntry(data, 'dir/b.bin', zip)).toEqual(Buffer.from([0, 1, 2, 3]));
    expect(extractEntry(data, 'missing', zip)).toBeUndefined();
  });

  test('a file that is not a zip is refused clearly', () => {
    expect(() => zipEntries(Buffer.from('not a zip at all, just text'), 'x.zip')).toThrow(
      /x.zip is not a readable zip archive/,
    );
  });
});
