/**
 * Release folders shaped like actions/build's output (manifest.json, SHA256SUMS, the binary and/or
 * its zip), made with the build's own manifest, checksum and archive code around the example
 * service built for windows/amd64 (buildExampleExe, shared with the engine tests).
 */
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeArchive } from '../src/build/archive.js';
import { hashFile } from '../src/runner/sha256.js';
import { checksumsOf, makeManifest, type ManifestTarget } from '../src/build/manifest.js';
import { buildExampleExe, type ExampleBuildOptions } from './wine.js';
import { execFileSync } from 'node:child_process';
import type { TestSigner } from './code-signing.js';
import { labTemp } from './paths.js';

export const NAME = 'hello-service';

export interface ReleaseFolderOptions extends ExampleBuildOptions {
  /** Put the zip archive in the folder, and the plain binary only when `binary` is true too. */
  zip?: boolean;
  binary?: boolean;
  /** Authenticode-sign the binary with this throwaway certificate before anything hashes it. */
  signer?: TestSigner;
  /** Change one byte of the signed binary (after signing, before hashing): a tampered release. */
  tamper?: boolean;
}

export async function releaseFolder(
  version: string,
  opts: ReleaseFolderOptions = {},
): Promise<string> {
  const exe = await buildExampleExe(version, opts);
  const dir = labTemp(`winship-release-${version}-`);
  const file = `${NAME}_${version}_windows_amd64.exe`;
  const staged = join(dir, file);
  if (opts.signer) {
    execFileSync('osslsigncode', [
      'sign',
      '-pkcs12',
      join(opts.signer.dir, 'signer.pfx'),
      '-pass',
      opts.signer.password,
      '-h',
      'sha256',
      '-in',
      exe,
      '-out',
      staged,
    ]);
    if (opts.tamper) {
      const b = readFileSync(staged);
      b[0x1000] = b[0x1000]! ^ 0xff;
      writeFileSync(staged, b);
    }
  } else copyFileSync(exe, staged);
  const { sha256, size } = await hashFile(staged);
  const target: ManifestTarget = {
    target: 'windows/amd64',
    goos: 'windows',
    goarch: 'amd64',
    file,
    size,
    sha256,
    seconds: 1,
  };
  if (opts.zip) {
    const zipName = `${NAME}_${version}_windows_amd64.zip`;
    const work = join(dir, '.work');
    mkdirSync(work);
    await writeArchive(
      'zip',
      join(dir, zipName),
      [{ name: `${NAME}.exe`, source: staged, mode: 0o755 }],
      new Date('2024-01-01T00:00:00Z'),
      work,
    );
    const z = await hashFile(join(dir, zipName));
    target.archive = { file: zipName, size: z.size, sha256: z.sha256 };
  }
  const manifest = makeManifest(
    { name: NAME, version, commit: '0'.repeat(40), date: '2024-01-01T00:00:00Z' },
    [target],
  );
  writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(join(dir, 'SHA256SUMS'), checksumsOf(manifest));
  // Only the archive travels (as with the build's default `archive: auto` for Windows).
  if (opts.zip && !opts.binary) rmSync(staged);
  rmSync(join(dir, '.work'), { recursive: true, force: true });
  return dir;
}
