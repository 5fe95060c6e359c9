/**
 * The last step of a fanned-out build: finds the manifests of every job under `merge-from`,
 * checks they belong to one build, verifies each released file against its SHA-256, and writes
 * one folder with the files, the merged manifest and a SHA256SUMS that `sha256sum -c` accepts.
 */
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import { UserError } from '../runner/errors.js';
import { hashFile } from '../runner/sha256.js';
import {
  checksumsOf,
  ManifestError,
  mergeManifests,
  parseManifest,
  releaseFiles,
  type Manifest,
} from './manifest.js';
import { MANIFEST_FILE } from './uploads.js';

const MAX_DEPTH = 8;

/** Every regular file under `dir` (symbolic links are not followed), by base name. */
async function indexFiles(dir: string): Promise<Map<string, string[]>> {
  const index = new Map<string, string[]>();
  const walk = async (d: string, depth: number): Promise<void> => {
    if (depth > MAX_DEPTH) return;
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p, depth + 1);
      else if (e.isFile()) index.set(e.name, [...(index.get(e.name) ?? []), p]);
    }
  };
  await walk(dir, 0);
  return index;
}

export interface MergeResult {
  manifest: Manifest;
  manifestPath: string;
  checksumsPath: string;
  sources: number;
}

export async function mergeBuilds(
  mergeFrom: string,
  outputDirectory: string,
  workspace: string,
): Promise<MergeResult> {
  const index = await indexFiles(mergeFrom);
  const out = resolve(outputDirectory);
  // The merged manifest of an earlier merge into the same folder is not one of the jobs'.
  const manifestPaths = (index.get(MANIFEST_FILE) ?? [])
    .filter((p) => resolve(p) !== join(out, MANIFEST_FILE))
    .sort();
  if (manifestPaths.length === 0)
    throw new UserError(
      `no ${MANIFEST_FILE} under ${mergeFrom}: download the build jobs' artifacts there first (actions/download-artifact)`,
    );
  let manifest: Manifest;
  try {
    const parsed = await Promise.all(
      manifestPaths.map(async (p) => {
        const where = relative(workspace, p) || p;
        return { manifest: parseManifest(await readFile(p, 'utf8'), where), where };
      }),
    );
    manifest = mergeManifests(parsed);
  } catch (err) {
    if (err instanceof ManifestError) throw new UserError(err.message);
    throw err;
  }

  await mkdir(out, { recursive: true });
  for (const f of releaseFiles(manifest)) {
    const candidates = index.get(basename(f.file)) ?? [];
    if (candidates.length === 0)
      throw new UserError(
        `${f.file} is in a manifest but not under ${mergeFrom}: download every build job's artifacts`,
      );
    let found: string | undefined;
    for (const c of candidates) {
      if ((await hashFile(c)).sha256 === f.sha256) {
        found = c;
        break;
      }
    }
    if (!found)
      throw new UserError(
        `${f.file} under ${mergeFrom} does not match the SHA-256 in its manifest: the download is corrupt or stale`,
      );
    const dest = join(out, f.file);
    if (resolve(found) !== dest) await copyFile(found, dest);
  }
  const manifestPath = join(out, MANIFEST_FILE);
  const checksumsPath = join(out, 'SHA256SUMS');
  await writeFile(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
  await writeFile(checksumsPath, checksumsOf(manifest, 'release'));
  return { manifest, manifestPath, checksumsPath, sources: manifestPaths.length };
}
