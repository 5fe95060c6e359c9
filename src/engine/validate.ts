/**
 * Everything a host deploy request must satisfy, checked before the first command runs on the
 * host: the service and health specs, the paths the release will use, the checksum format, the
 * number of releases kept, the lock timeout, and the local release file against its checksum.
 */
import { stat } from 'node:fs/promises';
import { hashFile } from '../runner/sha256.js';
import { UserError } from '../runner/errors.js';
import { DEFAULT_KEEP_RELEASES, releasePaths, type ReleasePaths } from '../windows/release.js';
import { desiredConfig, validateServiceSpec, type ServiceConfig } from '../windows/service.js';
import { validateHealthSpec } from './health.js';
import type { HostDeployRequest } from './types.js';

const SHA256 = /^[0-9a-fA-F]{64}$/;

/** The release's paths on the host and the service configuration it asks for. */
export async function validateRequest(
  req: HostDeployRequest,
): Promise<{ paths: ReleasePaths; desired: ServiceConfig }> {
  validateServiceSpec(req.service);
  validateHealthSpec(req.health);
  const paths = releasePaths(
    req.root,
    req.service.name,
    req.release.version,
    req.release.binaryName,
  );
  if (!SHA256.test(req.release.sha256))
    throw new UserError(
      `Invalid sha256 '${req.release.sha256}' for release ${req.release.version}: expected 64 hex digits`,
    );
  const keep = req.keepReleases ?? DEFAULT_KEEP_RELEASES;
  if (!Number.isInteger(keep) || keep < 2)
    throw new UserError(
      `keep-releases must be a whole number of at least 2 (the running release and the rollback target), got ${keep}`,
    );
  if (!(req.lock.staleAfterSeconds > 0))
    throw new UserError(
      `Invalid stale lock timeout ${req.lock.staleAfterSeconds}: use seconds above 0`,
    );
  if (!req.uploaded && !req.dryRun) {
    let actual: string;
    try {
      actual = await localSha256(req.release.localFile);
    } catch {
      throw new UserError(
        `Release file ${req.release.localFile} cannot be read: check the path of the downloaded build`,
      );
    }
    if (actual !== req.release.sha256.toLowerCase())
      throw new UserError(
        `Release file ${req.release.localFile} has sha256 ${actual}, expected ${req.release.sha256.toLowerCase()}: the download is corrupt or the checksum belongs to another build`,
      );
  }
  return { paths, desired: desiredConfig(req.service, paths.currentFile) };
}

/**
 * The release file's SHA-256, streamed and hashed once a run for every host that deploys it (a
 * fleet of a hundred hosts checks the same file a hundred times); a file changed meanwhile (size,
 * modification time or inode) is hashed again.
 */
async function localSha256(file: string): Promise<string> {
  const st = await stat(file);
  const key = `${file}\0${st.size}\0${st.mtimeMs}\0${st.ino}`;
  let digest = localDigests.get(key);
  if (!digest) {
    digest = hashFile(file).then((d) => d.sha256);
    localDigests.set(key, digest);
    digest.catch(() => localDigests.delete(key));
  }
  return digest;
}
const localDigests = new Map<string, Promise<string>>();
