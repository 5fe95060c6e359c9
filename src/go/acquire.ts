/**
 * The network half of setup-go, loaded only when the tool cache cannot answer: read the releases
 * index, pick the release, and install it unless that exact version is cached already.
 */
import { errorMessage } from '../runner/errors.js';
import type { RunnerIO } from '../runner/io.js';
import { fetchText, type FetchOptions } from './fetch.js';
import { installGo } from './install.js';
import type { GoPlatform } from './platform.js';
import { indexUrl, parseReleaseIndex, type Release } from './releases.js';
import { resolveRelease } from './resolve.js';
import { isInstalled, toolDir } from './tool-cache.js';
import { describeRequest, type VersionRequest } from './version.js';
import { shownUrl } from './url-credentials.js';

export interface Acquired {
  root: string;
  release: Release;
  /** The resolved version was in the tool cache already. */
  cached: boolean;
}

export interface AcquireOptions {
  baseUrl: string;
  baseUrlSource: string;
  platform: GoPlatform;
  toolCache: string;
  temp: string;
}

export async function acquireGo(
  req: VersionRequest,
  opts: AcquireOptions,
  io: RunnerIO,
): Promise<Acquired> {
  const fetch: FetchOptions = {
    source: opts.baseUrlSource,
    hooks: {
      onRetry: (err, delay, attempt) =>
        io.info(`${errorMessage(err)}; attempt ${attempt} in ${(delay / 1000).toFixed(1)} s`),
    },
  };
  const url = indexUrl(opts.baseUrl);
  io.info(`Reading the Go releases index at ${shownUrl(url)}`);
  const releases = parseReleaseIndex(await fetchText(url, fetch), shownUrl(url));
  const { release, file } = resolveRelease(req, releases, opts.platform, shownUrl(url));
  io.info(`Resolved ${describeRequest(req)} to ${release.version} (${file.filename})`);
  if (isInstalled(opts.toolCache, release.semver, opts.platform.toolArch)) {
    const root = toolDir(opts.toolCache, release.semver, opts.platform.toolArch);
    io.info(`Found in the tool cache: ${root}`);
    return { root, release, cached: true };
  }
  const root = await installGo(
    {
      release,
      file,
      platform: opts.platform,
      baseUrl: opts.baseUrl,
      toolCache: opts.toolCache,
      temp: opts.temp,
      fetch,
    },
    io,
  );
  io.info(`Installed ${release.version} into ${root}`);
  return { root, release, cached: false };
}
