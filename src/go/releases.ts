/**
 * The releases index in go.dev's format (`https://go.dev/dl/?mode=json&include=all`): every Go
 * release with its files and their sha256. A mirror serves the same document at
 * `<base>/?mode=json&include=all` and the archives at `<base>/<filename>`, setup-go's layout.
 */
import { UserError } from '../runner/errors.js';
import { goToSemver } from './version.js';
import { shownUrl } from './url-credentials.js';

export const DEFAULT_BASE_URL = 'https://go.dev/dl';

export interface ReleaseFile {
  filename: string;
  os: string;
  arch: string;
  sha256: string;
  size?: number;
  kind: string;
}

export interface Release {
  /** Go's name: go1.22.5 */
  version: string;
  /** 1.22.5 */
  semver: string;
  stable: boolean;
  files: ReleaseFile[];
}

export function indexUrl(base: string): string {
  return `${base}/?mode=json&include=all`;
}

export function archiveUrl(base: string, filename: string): string {
  return `${base}/${encodeURIComponent(filename)}`;
}

/** A base URL as given (input or GO_DOWNLOAD_BASE_URL), without trailing slashes; http(s) only. */
export function normalizeBaseUrl(raw: string, source: string): string {
  const text = raw.trim().replace(/\/+$/, '');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UserError(
      `${source}: '${shownUrl(raw)}' is not a URL: give the mirror's base, e.g. https://go.dev/dl`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new UserError(
      `${source}: '${shownUrl(raw)}' must be an http(s) URL, e.g. https://go.dev/dl`,
    );
  if (url.search || url.hash)
    throw new UserError(
      `${source}: '${shownUrl(raw)}' must be the mirror's base without a query: the index is read from <base>/?mode=json&include=all`,
    );
  return text;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Parses and checks the index. Releases whose names are not Go versions are skipped (the real
 * index lists only those, a mirror may add others); anything structurally wrong is an error, since
 * the sha256 in here is what every download is checked against.
 */
export function parseReleaseIndex(text: string, url: string): Release[] {
  const bad = (detail: string) =>
    new UserError(
      `The Go releases index at ${shownUrl(url)} is malformed (${detail}): check go-download-base-url points at a Go download mirror`,
    );
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    const start = text.trimStart().slice(0, 40).replace(/\s+/g, ' ');
    throw bad(`not JSON: starts with '${start}'`);
  }
  if (!Array.isArray(doc)) throw bad('expected a JSON array of releases');
  const releases: Release[] = [];
  for (const [i, entry] of doc.entries()) {
    if (!isObject(entry) || typeof entry.version !== 'string' || !Array.isArray(entry.files))
      throw bad(`release #${i + 1} has no version or files`);
    const semver = goToSemver(entry.version);
    if (!semver) continue;
    const files: ReleaseFile[] = [];
    for (const f of entry.files) {
      if (
        !isObject(f) ||
        typeof f.filename !== 'string' ||
        typeof f.os !== 'string' ||
        typeof f.arch !== 'string' ||
        typeof f.sha256 !== 'string'
      )
        throw bad(`a file of ${entry.version} lacks filename, os, arch or sha256`);
      if (!/^[0-9a-f]{64}$/i.test(f.sha256)) throw bad(`${f.filename} has no valid sha256`);
      if (!/^[A-Za-z0-9][A-Za-z0-9._+-]*$/.test(f.filename))
        throw bad(`'${f.filename}' is not a plain file name`);
      files.push({
        filename: f.filename,
        os: f.os,
        arch: f.arch,
        sha256: f.sha256.toLowerCase(),
        size: typeof f.size === 'number' ? f.size : undefined,
        kind: typeof f.kind === 'string' ? f.kind : 'archive',
      });
    }
    releases.push({ version: entry.version, semver, stable: entry.stable === true, files });
  }
  if (releases.length === 0) throw bad('it lists no Go releases');
  return releases;
}
