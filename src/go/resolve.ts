/**
 * From "what the user asked for" to one release and one archive: against the releases index for a
 * download, or against the versions already in the tool cache for an offline hit. Pure: data in,
 * data out, with errors that say what exists instead.
 */
import rcompare from 'semver/functions/rcompare.js';
import satisfies from 'semver/functions/satisfies.js';
import semverMinor from 'semver/functions/minor.js';
import semverMajor from 'semver/functions/major.js';
import { UserError } from '../runner/errors.js';
import type { GoPlatform } from './platform.js';
import type { Release, ReleaseFile } from './releases.js';
import { describeRequest, type VersionRequest } from './version.js';

export interface Resolved {
  release: Release;
  file: ReleaseFile;
}

function matches(req: VersionRequest, semver: string): boolean {
  if (req.kind === 'exact') return semver === req.version;
  if (req.kind === 'range') return satisfies(semver, req.range);
  return false;
}

/** The archive of a release for a platform: `go1.22.5.linux-amd64.tar.gz`, `….windows-amd64.zip`. */
export function archiveFor(release: Release, platform: GoPlatform): ReleaseFile | undefined {
  return release.files.find(
    (f) =>
      f.os === platform.os &&
      f.arch === platform.arch &&
      (f.kind === 'archive' || f.kind === '') &&
      f.filename.endsWith(`.${platform.archive}`),
  );
}

function newestFirst(releases: readonly Release[]): Release[] {
  return [...releases].sort((a, b) => rcompare(a.semver, b.semver));
}

/** `stable`: the newest stable release; `oldstable`: the newest of the previous minor line. */
function aliasRelease(alias: 'stable' | 'oldstable', releases: Release[]): Release | undefined {
  const stable = releases.filter((r) => r.stable);
  const newest = stable[0];
  if (!newest || alias === 'stable') return newest;
  const line = (r: Release) => semverMajor(r.semver) * 1000 + semverMinor(r.semver);
  return stable.find((r) => line(r) < line(newest));
}

function newestNames(releases: Release[]): string {
  return releases
    .filter((r) => r.stable)
    .slice(0, 3)
    .map((r) => r.semver)
    .join(', ');
}

/**
 * Picks the release and archive for `req`. A range takes the newest matching release that has a
 * build for the platform; an exact version or an alias names one release, which must have it.
 */
export function resolveRelease(
  req: VersionRequest,
  index: readonly Release[],
  platform: GoPlatform,
  indexUrl: string,
): Resolved {
  const releases = newestFirst(index);
  const target = `${platform.os}/${platform.arch}`;
  const candidates =
    req.kind === 'alias'
      ? [aliasRelease(req.alias, releases)].filter((r): r is Release => !!r)
      : releases.filter((r) => matches(req, r.semver));
  if (candidates.length === 0) {
    throw new UserError(
      `Go ${describeRequest(req)} is not in the releases index at ${indexUrl} (newest stable: ${newestNames(releases) || 'none'}): ` +
        'check go-version, or refresh the mirror',
    );
  }
  for (const release of candidates) {
    const file = archiveFor(release, platform);
    if (file) return { release, file };
  }
  const newest = candidates[0]!;
  const builds = [
    ...new Set(newest.files.filter((f) => f.kind === 'archive').map((f) => `${f.os}/${f.arch}`)),
  ];
  const has = `${candidates.length === 1 ? 'it has' : `${newest.semver} has`}: ${builds.join(', ') || 'none'}`;
  const what =
    candidates.length === 1
      ? `Go ${newest.semver} has no ${platform.archive} build for ${target}`
      : `No Go release matching ${describeRequest(req)} has a ${platform.archive} build for ${target}`;
  throw new UserError(`${what} (${has}): pick another version or set 'architecture'`);
}

/**
 * The version to use from those in the tool cache (semver folder names), or undefined: an exact
 * version must be there, a range takes the newest there. Aliases always need the index.
 */
export function pickInstalled(
  req: VersionRequest,
  installed: readonly string[],
): string | undefined {
  if (req.kind === 'alias') return undefined;
  return [...installed].sort(rcompare).find((v) => matches(req, v));
}
