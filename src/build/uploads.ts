/**
 * Which artifacts a build uploads: one per target (its archive, or the binary when there is no
 * archive) and one with the manifest and SHA256SUMS, which the merge step of a fan-out reads.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { artifactNameProblem, type UploadRequest } from '../artifacts/store.js';
import type { Manifest } from './manifest.js';
import { renderTemplate, type ArtifactNameField, type Template } from './template.js';

export const MANIFEST_FILE = 'manifest.json';
export const CHECKSUMS_FILE = 'SHA256SUMS';

export interface UploadOptions {
  outputDirectory: string;
  artifactName?: Template<ArtifactNameField>;
  retentionDays?: number;
  compressionLevel: number;
  overwrite?: boolean;
}

/** The key of the manifest's artifact in the per-artifact outputs (the others: the target). */
export const MANIFEST_KEY = 'manifest';

export class UploadPlanError extends Error {}

/**
 * Without an `artifact-name` template each file is uploaded as-is (no zip around a zip) and the
 * artifact is named after the file; with one, the file is zipped under the rendered name, because
 * the artifact service names unzipped artifacts after their file.
 */
export function planUploads(manifest: Manifest, opts: UploadOptions): UploadRequest[] {
  type Common = Pick<
    UploadRequest,
    'rootDirectory' | 'retentionDays' | 'compressionLevel' | 'overwrite'
  >;
  const common = (): Common => {
    const c: Common = {
      rootDirectory: opts.outputDirectory,
      compressionLevel: opts.compressionLevel,
    };
    if (opts.retentionDays !== undefined) c.retentionDays = opts.retentionDays;
    if (opts.overwrite) c.overwrite = true;
    return c;
  };
  const requests: UploadRequest[] = manifest.targets.map((t) => {
    const file = t.archive?.file ?? t.file;
    if (!opts.artifactName)
      return { name: file, files: [join(opts.outputDirectory, file)], ...common(), asIs: true };
    const name = renderTemplate(opts.artifactName, {
      name: manifest.name,
      version: manifest.version,
      goos: t.goos,
      goarch: t.goarch,
    });
    return { name, files: [join(opts.outputDirectory, file)], ...common(), asIs: false };
  });
  const seen = new Map<string, string>();
  manifest.targets.forEach((t, i) => {
    const problem = artifactNameProblem(requests[i]!.name);
    if (problem)
      throw new UploadPlanError(
        `renders '${requests[i]!.name}' for ${t.target}, which is not a valid artifact name: ${problem}`,
      );
    const other = seen.get(requests[i]!.name);
    if (other)
      throw new UploadPlanError(
        `gives ${other} and ${t.target} the same artifact name '${requests[i]!.name}': include {{goos}} and {{goarch}}`,
      );
    seen.set(requests[i]!.name, t.target);
  });
  requests.push({
    name: manifestArtifactName(manifest),
    files: [join(opts.outputDirectory, MANIFEST_FILE), join(opts.outputDirectory, CHECKSUMS_FILE)],
    ...common(),
    asIs: false,
  });
  return requests;
}

/**
 * Unique per job of a fan-out: the target for a one-target job, else a digest of the target list.
 * Merge steps find manifests by file name, so the artifact name only has to be unique.
 */
export function manifestArtifactName(m: Manifest): string {
  const targets = m.targets.map((t) => `${t.goos}_${t.goarch}`);
  const which =
    targets.length === 1
      ? targets[0]!
      : createHash('sha256').update(targets.join(',')).digest('hex').slice(0, 12);
  return `${m.name}_${m.version}_manifest_${which}`;
}

/** The artifact a merge step uploads: the merged manifest and checksums of the whole matrix. */
export function mergedUpload(m: Manifest, opts: UploadOptions): UploadRequest {
  const r: UploadRequest = {
    name: `${m.name}_${m.version}_checksums`,
    files: [join(opts.outputDirectory, MANIFEST_FILE), join(opts.outputDirectory, CHECKSUMS_FILE)],
    rootDirectory: opts.outputDirectory,
    compressionLevel: opts.compressionLevel,
    asIs: false,
  };
  if (opts.retentionDays !== undefined) r.retentionDays = opts.retentionDays;
  if (opts.overwrite) r.overwrite = true;
  return r;
}
