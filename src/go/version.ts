/**
 * Go version names and what a user may ask for. Go names its releases `go1.22.5`, `go1.20`,
 * `go1.21rc2`; matching wants semver (`1.22.5`, `1.20.0`, `1.21.0-rc.2`), so every comparison
 * happens on the semver form and the Go form is kept for display and file names.
 */
import semverClean from 'semver/functions/clean.js';
import semverValid from 'semver/functions/valid.js';
import validRange from 'semver/ranges/valid.js';
import { UserError } from '../runner/errors.js';

/** What a version spec asks for. */
export type VersionRequest =
  | { kind: 'exact'; version: string }
  /** `spec`: the user's words when they are not the range itself (`1.22` for `~1.22.0`). */
  | { kind: 'range'; range: string; spec?: string }
  | { kind: 'alias'; alias: 'stable' | 'oldstable' };

const GO_VERSION = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:(rc|beta|alpha)(\d+))?$/;

/**
 * `go1.22.5` -> `1.22.5`, `go1.20` -> `1.20.0`, `go1.21rc2` -> `1.21.0-rc.2`, `1.9.2beta1` ->
 * `1.9.2-beta.1`; undefined when the text is not a Go release name.
 */
export function goToSemver(name: string): string | undefined {
  const m = GO_VERSION.exec(name.trim().replace(/^go/, ''));
  if (!m) return undefined;
  const [, major, minor = '0', patch = '0', pre, preN] = m;
  return `${Number(major)}.${Number(minor)}.${Number(patch)}${pre ? `-${pre}.${Number(preN)}` : ''}`;
}

/** `go1.22.5`, `go1.21rc2` -> `1.22.5`, `1.21rc2`: the form actions/setup-go outputs. */
export function withoutGoPrefix(name: string): string {
  return name.replace(/^go/, '');
}

/**
 * Parses a `go-version` (or the version read from a version file): an exact version (`1.22.3`,
 * `go1.22.3`, `1.23rc1`, `1.24.0-rc.1`), a minor line (`1.22`: its newest patch), a semver range
 * (`^1.22`, `>=1.21 <1.23`, `1.22.x`) or `stable` / `oldstable`. `where` names the source in errors.
 */
export function parseVersionSpec(spec: string, where: string): VersionRequest {
  const text = spec.trim();
  const lower = text.toLowerCase();
  if (lower === 'stable' || lower === 'oldstable') return { kind: 'alias', alias: lower };
  const bare = text.replace(/^(go|v)(?=\d)/, '');
  const m = GO_VERSION.exec(bare);
  if (m) {
    const [, , minor, patch, pre] = m;
    // `1.22` and `1` mean "the newest release of that line", as in actions/setup-go.
    if (patch === undefined && pre === undefined)
      return { kind: 'range', range: minor === undefined ? `${bare}.x` : `~${bare}.0`, spec: text };
    return { kind: 'exact', version: goToSemver(bare)! };
  }
  const exact = semverValid(bare);
  if (exact) return { kind: 'exact', version: semverClean(exact) ?? exact };
  if (text !== '' && validRange(text)) return { kind: 'range', range: text };
  throw new UserError(
    `${where}: '${spec}' is not a Go version: use an exact version (1.22.5), a minor line (1.22), ` +
      `a semver range (^1.22, >=1.21 <1.23), stable or oldstable`,
  );
}

/** A short description of a request for log lines and errors. */
export function describeRequest(req: VersionRequest): string {
  switch (req.kind) {
    case 'exact':
      return req.version;
    case 'range':
      return `'${req.spec ?? req.range}'`;
    case 'alias':
      return req.alias;
  }
}
