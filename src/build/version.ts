/**
 * The build version, commit and date, from git facts only: a tag ref gives `1.2.3`, anything else
 * `0.0.0-<commits>-g<sha>`. The date is the commit date, so two builds of one commit agree.
 */
import semver from 'semver';

/** What git and the runner say about the checkout (read by git.ts). */
export interface GitFacts {
  /** Full SHA-1 of HEAD. */
  commit: string;
  /** Committer date of HEAD, seconds since the epoch. */
  commitTime: number;
  /** `git rev-list --count HEAD`. */
  commitCount: number;
  /** The tag name when the workflow runs for a tag ref (GITHUB_REF=refs/tags/…), else undefined. */
  refTag?: string;
}

export interface BuildVersion {
  /** `1.2.3`, `1.2.3-rc.1`, or `0.0.0-42-gabc1234`. */
  version: string;
  commit: string;
  /** RFC 3339 UTC, second precision: `2024-05-01T12:00:00Z`. */
  date: string;
  /** The commit time as a Date: the mtime of every archive entry. */
  time: Date;
  /** True when the version came from a tag. */
  tagged: boolean;
}

export class VersionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VersionError';
  }
}

export function resolveVersion(git: GitFacts): BuildVersion {
  if (!/^[0-9a-f]{40}$/.test(git.commit))
    throw new VersionError(`'${git.commit}' is not a commit SHA`);
  const time = new Date(git.commitTime * 1000);
  const date = time.toISOString().replace(/\.\d{3}Z$/, 'Z');
  if (git.refTag !== undefined) {
    const version = versionFromTag(git.refTag);
    return { version, commit: git.commit, date, time, tagged: true };
  }
  const version = `0.0.0-${git.commitCount}-g${git.commit.slice(0, 7)}`;
  return { version, commit: git.commit, date, time, tagged: false };
}

/** `v1.2.3` and `1.2.3` give `1.2.3`; anything that is not semantic versioning is refused. */
export function versionFromTag(tag: string): string {
  const bare = tag.replace(/^v/, '');
  if (semver.valid(bare) !== bare)
    throw new VersionError(
      `tag '${tag}' is not a semantic version (v1.2.3 or v1.2.3-rc.1): tag the release like that`,
    );
  return bare;
}

/**
 * The four 16-bit numbers of a Windows file version: major.minor.patch and, for an untagged
 * build, the commit count (so two untagged builds still sort by history), each capped at 65535.
 */
export function windowsVersionNumbers(version: string): [number, number, number, number] {
  const v = semver.parse(version);
  if (!v) return [0, 0, 0, 0];
  const untagged = /^0\.0\.0-(\d+)-g[0-9a-f]+$/.exec(version);
  const fourth = untagged ? Number(untagged[1]) : 0;
  const cap = (n: number) => Math.max(0, Math.min(65535, n));
  return [cap(v.major), cap(v.minor), cap(v.patch), cap(fourth)];
}
