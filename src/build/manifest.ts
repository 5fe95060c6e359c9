/**
 * The build manifest: what was built, from which commit, and the size, SHA-256 and build time of
 * every file. One job writes one; the merge step joins the manifests of a fanned-out matrix.
 */
import { formatSha256Sums, type FileDigest } from './checksums.js';

export const MANIFEST_SCHEMA = 'winship/build-manifest@1';

export interface ManifestTarget {
  target: string;
  goos: string;
  goarch: string;
  /** The binary, named `<name>_<version>_<goos>_<goarch>[.exe]`. */
  file: string;
  size: number;
  sha256: string;
  /** Wall-clock seconds of this target's `go build`. */
  seconds: number;
  archive?: { file: string; size: number; sha256: string };
  /** The Authenticode signer of a signed Windows binary (`size` and `sha256` are the signed file's). */
  signature?: ManifestSignature;
}

export interface ManifestSignature {
  subject: string;
  issuer: string;
  /** The signer certificate's thumbprints, upper-case hex: SHA-1 is Windows' `Thumbprint`. */
  sha1: string;
  sha256: string;
  /** An RFC 3161 timestamp is there and verified against the build runner's CAs. */
  timestamped: boolean;
}

export interface Manifest {
  schema: typeof MANIFEST_SCHEMA;
  name: string;
  version: string;
  commit: string;
  date: string;
  targets: ManifestTarget[];
}

export class ManifestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ManifestError';
  }
}

const byTarget = (a: ManifestTarget, b: ManifestTarget) =>
  a.target < b.target ? -1 : a.target > b.target ? 1 : 0;

export function makeManifest(
  head: Omit<Manifest, 'schema' | 'targets'>,
  targets: readonly ManifestTarget[],
): Manifest {
  return { schema: MANIFEST_SCHEMA, ...head, targets: [...targets].sort(byTarget) };
}

/** Every file of the manifest (binaries and archives) with its digest. */
export function manifestFiles(m: Manifest): FileDigest[] {
  return m.targets.flatMap((t) => [
    { file: t.file, sha256: t.sha256, size: t.size },
    ...(t.archive ? [{ ...t.archive }] : []),
  ]);
}

/** The files a user downloads: each target's archive, or its binary when it has none. */
export function releaseFiles(m: Manifest): FileDigest[] {
  return m.targets.map((t) =>
    t.archive ? { ...t.archive } : { file: t.file, sha256: t.sha256, size: t.size },
  );
}

/**
 * SHA256SUMS for `which` files: `all` in the build's own output folder (binaries and archives are
 * both there), `release` after a merge (only what was uploaded: the binaries are inside archives).
 */
export function checksumsOf(m: Manifest, which: 'all' | 'release' = 'all'): string {
  return formatSha256Sums(which === 'all' ? manifestFiles(m) : releaseFiles(m));
}

const isSha = (s: unknown) => typeof s === 'string' && /^[0-9a-f]{64}$/.test(s);
const isName = (s: unknown) => typeof s === 'string' && /^[A-Za-z0-9][A-Za-z0-9._+-]*$/.test(s);
const isSize = (n: unknown) => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;

/** Checks a manifest read from disk (another job's output); `where` names it in errors. */
export function parseManifest(text: string, where: string): Manifest {
  let m: Record<string, unknown>;
  try {
    m = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new ManifestError(`${where} is not JSON`);
  }
  const bad = (what: string) => new ManifestError(`${where}: ${what}`);
  if (m?.schema !== MANIFEST_SCHEMA)
    throw bad(`not a winship build manifest (schema is not ${MANIFEST_SCHEMA})`);
  for (const k of ['name', 'version', 'commit', 'date'] as const)
    if (typeof m[k] !== 'string' || m[k] === '') throw bad(`'${k}' is missing`);
  if (!Array.isArray(m.targets)) throw bad(`'targets' is not a list`);
  for (const t of m.targets as Record<string, unknown>[]) {
    if (
      typeof t.goos !== 'string' ||
      typeof t.goarch !== 'string' ||
      t.target !== `${t.goos}/${t.goarch}`
    )
      throw bad(`a target entry has no consistent target/goos/goarch: ${JSON.stringify(t)}`);
    if (!isName(t.file) || !isSha(t.sha256) || !isSize(t.size) || typeof t.seconds !== 'number')
      throw bad(`target ${t.target} has a bad file, size, sha256 or seconds`);
    if (t.archive !== undefined) {
      const a = t.archive as Record<string, unknown>;
      if (!isName(a.file) || !isSha(a.sha256) || !isSize(a.size))
        throw bad(`target ${t.target} has a bad archive entry`);
    }
    if (t.signature !== undefined) {
      const g = t.signature as Record<string, unknown>;
      if (
        typeof g.subject !== 'string' ||
        typeof g.sha1 !== 'string' ||
        !/^[0-9A-F]{40}$/.test(g.sha1) ||
        typeof g.sha256 !== 'string' ||
        !/^[0-9A-F]{64}$/.test(g.sha256)
      )
        throw bad(`target ${t.target} has a bad signature entry`);
    }
  }
  return m as unknown as Manifest;
}

/**
 * Joins the manifests of one build fanned out over several jobs. They must describe the same
 * name, version and commit; a target built twice (a re-run job) must have given the same bytes.
 */
export function mergeManifests(
  manifests: readonly { manifest: Manifest; where: string }[],
): Manifest {
  if (manifests.length === 0) throw new ManifestError('no manifests to merge');
  const first = manifests[0]!;
  const targets = new Map<string, { t: ManifestTarget; where: string }>();
  for (const { manifest: m, where } of manifests) {
    for (const k of ['name', 'version', 'commit'] as const)
      if (m[k] !== first.manifest[k])
        throw new ManifestError(
          `${where} is for ${k} '${m[k]}' but ${first.where} is for '${first.manifest[k]}': merge only the jobs of one build`,
        );
    for (const t of m.targets) {
      const seen = targets.get(t.target);
      if (!seen) targets.set(t.target, { t, where });
      else if (seen.t.sha256 !== t.sha256 || seen.t.archive?.sha256 !== t.archive?.sha256)
        throw new ManifestError(
          `${t.target} is in ${seen.where} and ${where} with different contents`,
        );
    }
  }
  return makeManifest(
    {
      name: first.manifest.name,
      version: first.manifest.version,
      commit: first.manifest.commit,
      date: first.manifest.date,
    },
    [...targets.values()].map((x) => x.t),
  );
}
