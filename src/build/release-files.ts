/**
 * The files a release is made of, with their digests: each target's archive (or its binary when it
 * has none), a SHA256SUMS of exactly those files, and manifest.json. The same list, in
 * `sha256sum` format, is the `subject-checksums` file that actions/attest-build-provenance takes,
 * so one attestation covers every asset of the release.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { hashFile } from '../runner/sha256.js';
import { formatSha256Sums, type FileDigest } from './checksums.js';
import { checksumsOf, releaseFiles, type Manifest } from './manifest.js';
import { CHECKSUMS_FILE, MANIFEST_FILE } from './uploads.js';

export const SUBJECT_CHECKSUMS_FILE = 'subject-checksums.txt';

export interface ReleaseFile extends FileDigest {
  /** Where the file is on this machine. */
  path: string;
}

export interface ReleaseFiles {
  files: ReleaseFile[];
  /** The `subject-checksums` file: `<sha256>  <name>` for each of `files`. */
  subjectChecksums: string;
}

/** Writes the release's SHA256SUMS and the subject checksums into `dir`; the other files stay in `outputDirectory`. */
export async function writeReleaseFiles(
  manifest: Manifest,
  outputDirectory: string,
  dir: string,
): Promise<ReleaseFiles> {
  const files: ReleaseFile[] = releaseFiles(manifest).map((f) => ({
    ...f,
    path: join(outputDirectory, f.file),
  }));
  const sums = join(dir, CHECKSUMS_FILE);
  await writeFile(sums, checksumsOf(manifest, 'release'));
  const manifestPath = join(outputDirectory, MANIFEST_FILE);
  for (const [file, path] of [
    [CHECKSUMS_FILE, sums],
    [MANIFEST_FILE, manifestPath],
  ] as const)
    files.push({ file, path, ...(await hashFile(path)) });
  const subjectChecksums = join(dir, SUBJECT_CHECKSUMS_FILE);
  await writeFile(subjectChecksums, formatSha256Sums(files));
  return { files, subjectChecksums };
}
