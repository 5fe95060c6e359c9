/**
 * Installing one Go release into the tool cache: download (hashed in flight), check the sha256
 * against the index BEFORE anything is extracted, extract with @actions/tool-cache into a staging
 * folder next to the final one, then rename it into place and mark it complete. One write of the
 * tree, not tool-cache's extract-to-temp-then-copy; a failure at any step leaves nothing findable.
 */
import { randomUUID } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { extractTar, extractZip } from '@actions/tool-cache';
import { UserError, errorMessage } from '../runner/errors.js';
import type { RunnerIO } from '../runner/io.js';
import { formatBytes, formatSeconds } from '../runner/markdown.js';
import { sleep } from '../runner/time.js';
import { downloadFile, type FetchOptions } from './fetch.js';
import type { GoPlatform } from './platform.js';
import { archiveUrl, type Release, type ReleaseFile } from './releases.js';
import { isInstalled, markComplete, toolDir } from './tool-cache.js';
import { shownUrl } from './url-credentials.js';

export interface InstallRequest {
  release: Release;
  file: ReleaseFile;
  platform: GoPlatform;
  baseUrl: string;
  toolCache: string;
  /** RUNNER_TEMP: where the archive is downloaded to (and removed from). */
  temp: string;
  fetch?: FetchOptions;
}

export class ChecksumMismatchError extends UserError {
  constructor(
    readonly filename: string,
    readonly url: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(
      `Checksum mismatch for ${filename} from ${url}: the releases index says sha256 ${expected}, ` +
        `the download is ${actual}; nothing was installed (a corrupted or tampered mirror?)`,
    );
    this.name = 'ChecksumMismatchError';
  }
}

/**
 * Renames the extracted tree into place (same file system: no second write of ~500 MB). On
 * Windows a scanner can hold a file open for a moment (EPERM, EBUSY): retried, then copied.
 */
async function moveIntoPlace(from: string, to: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return renameSync(from, to);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? '';
      if (!['EPERM', 'EACCES', 'EBUSY'].includes(code)) throw err;
      if (attempt >= 5) break;
      await sleep(100 * 2 ** attempt);
    }
  }
  cpSync(from, to, { recursive: true });
}

/** Installs and returns the Go root (`<tool cache>/go/<semver>/<arch>`). */
export async function installGo(req: InstallRequest, io: RunnerIO): Promise<string> {
  const { release, file, platform } = req;
  const url = archiveUrl(req.baseUrl, file.filename);
  mkdirSync(req.temp, { recursive: true });
  const archive = join(req.temp, `${randomUUID()}-${file.filename}`);

  io.info(`Downloading ${shownUrl(url)}`);
  const started = Date.now();
  const got = await downloadFile(url, archive, file.filename, req.fetch);
  const seconds = (Date.now() - started) / 1000;
  io.info(`Downloaded ${formatBytes(got.size)} in ${formatSeconds(seconds)}`);
  try {
    if (got.sha256 !== file.sha256)
      throw new ChecksumMismatchError(file.filename, shownUrl(url), file.sha256, got.sha256);
    io.info(`Verified sha256 ${got.sha256}`);

    const root = toolDir(req.toolCache, release.semver, platform.toolArch);
    const staging = `${root}.staging-${randomUUID()}`;
    mkdirSync(staging, { recursive: true });
    try {
      try {
        if (platform.archive === 'zip') await extractZip(archive, staging);
        else await extractTar(archive, staging, 'xz');
      } catch (err) {
        throw new UserError(`Extracting ${file.filename} failed: ${errorMessage(err)}`);
      }
      const extracted = join(staging, 'go');
      const goBinary = join(extracted, 'bin', `go${platform.exe}`);
      if (!existsSync(goBinary))
        throw new UserError(
          `${file.filename} is not a Go release archive: it has no go/bin/go${platform.exe}`,
        );
      // Another job on this runner may have installed the same version meanwhile: use theirs.
      if (isInstalled(req.toolCache, release.semver, platform.toolArch)) return root;
      // A folder without its .complete marker (or a marker without its folder) is a leftover.
      rmSync(`${root}.complete`, { force: true });
      rmSync(root, { recursive: true, force: true });
      await moveIntoPlace(extracted, root);
      markComplete(req.toolCache, release.semver, platform.toolArch);
      return root;
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  } finally {
    rmSync(archive, { force: true });
  }
}
