/**
 * Which release a ref makes: tag `v1.4.0` is release 1.4.0; a tag with a SemVer pre-release part
 * (`v1.4.0-rc.1`, `v2.0.0-beta.2`) is a pre-release; anything else makes none. Pure.
 */
export interface ReleaseTag {
  tag: string;
  version: string;
  prerelease: boolean;
}

const SEMVER_TAG =
  /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z.-]+)?$/;

/** The release of `ref` (GITHUB_REF), or why there is none. */
export function releaseTagOf(ref: string | undefined): ReleaseTag | { none: string } {
  if (!ref?.startsWith('refs/tags/'))
    return { none: `${ref || 'this run'} is not a tag: releases are made for tags such as v1.4.0` };
  const tag = ref.slice('refs/tags/'.length);
  const m = SEMVER_TAG.exec(tag);
  if (!m) return { none: `tag ${tag} is not a version (vMAJOR.MINOR.PATCH, e.g. v1.4.0)` };
  return {
    tag,
    version: tag.replace(/^v/, '').replace(/\+.*$/, ''),
    prerelease: m[4] !== undefined,
  };
}
