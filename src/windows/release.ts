/**
 * The release layout on a host, its state file, and the file commands a swap uses, as data.
 *
 *   <root>\<service>\releases\<version>\<binary>.exe   every deployed version, sha256 checked
 *   <root>\<service>\current\<binary>.exe              what the service runs (a stable path:
 *                                                      firewall rules and monitoring stay valid)
 *   <root>\<service>\current\<binary>.exe.new          the next binary, staged while the old runs
 *   <root>\<service>\current\<binary>.exe.<id>.old     the binary a swap moved aside (deleted later)
 *   <root>\<service>\state.json                        versions deployed, current and previous
 *   <root>\<service>\tuning-state.json                 previous values of tuned settings
 *   <root>\<service>\deploy.lock\owner.json            the per-service lock (mkdir is atomic)
 *
 * A swap stages the verified release next to the live binary and renames it into place while
 * the old process still runs, so the service is down only for stop and start.
 */
import { UserError } from '../runner/errors.js';
import {
  validateFileName,
  validateServiceName,
  validateVersion,
  validateWindowsPath,
  winJoin,
} from './validate.js';

export const DEFAULT_ROOT = 'C:\\ProgramData\\winship';
export const DEFAULT_KEEP_RELEASES = 3;

export interface ReleasePaths {
  serviceDir: string;
  releasesDir: string;
  releaseDir: string;
  releaseFile: string;
  currentDir: string;
  currentFile: string;
  /** The next binary, copied from the release while the old one still runs. */
  stagedFile: string;
  stateFile: string;
  tuningStateFile: string;
  /** A folder: created atomically by `mkdir`, holding `owner.json`. */
  lockPath: string;
  lockOwnerFile: string;
}

/** `hello-service` and `hello-service.exe` both name `hello-service.exe`. */
export function exeName(binaryName: string): string {
  const name = validateFileName(binaryName, 'binary name');
  return /\.exe$/i.test(name) ? name : `${name}.exe`;
}

/** Every path of one service and version; all inputs are validated first. */
export function releasePaths(
  root: string,
  service: string,
  version: string,
  binaryName: string,
): ReleasePaths {
  const base = validateWindowsPath(root, 'root');
  const svc = validateServiceName(service);
  const ver = validateVersion(version);
  const exe = exeName(binaryName);
  const serviceDir = winJoin(base, svc);
  const releasesDir = winJoin(serviceDir, 'releases');
  const releaseDir = winJoin(releasesDir, ver);
  const currentDir = winJoin(serviceDir, 'current');
  const lockPath = winJoin(serviceDir, 'deploy.lock');
  const paths: ReleasePaths = {
    serviceDir,
    releasesDir,
    releaseDir,
    releaseFile: winJoin(releaseDir, exe),
    currentDir,
    currentFile: winJoin(currentDir, exe),
    stagedFile: winJoin(currentDir, `${exe}.new`),
    stateFile: winJoin(serviceDir, 'state.json'),
    tuningStateFile: winJoin(serviceDir, 'tuning-state.json'),
    lockPath,
    lockOwnerFile: winJoin(lockPath, 'owner.json'),
  };
  validateWindowsPath(paths.stagedFile, 'release path');
  return paths;
}

// ---------------------------------------------------------------------------------------------
// State file

export interface ReleaseRecord {
  version: string;
  sha256: string;
  deployedAt: string;
}

export interface DeployState {
  schema: 1;
  service: string;
  binaryName: string;
  /** The release the service runs. */
  current?: ReleaseRecord;
  /** The release before it: the rollback target. */
  previous?: ReleaseRecord;
  /** Releases kept on the host, most recently deployed first. */
  releases: ReleaseRecord[];
  lastFailure?: { version: string; at: string; error: string };
}

export function emptyState(service: string, binaryName: string): DeployState {
  return { schema: 1, service, binaryName: exeName(binaryName), releases: [] };
}

function isRecord(x: unknown): x is ReleaseRecord {
  const r = x as ReleaseRecord;
  return (
    typeof r === 'object' &&
    r !== null &&
    typeof r.version === 'string' &&
    typeof r.sha256 === 'string' &&
    typeof r.deployedAt === 'string'
  );
}

/** Reads state.json; a file that is not ours is refused rather than overwritten. */
export function parseState(text: string, file: string): DeployState {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new UserError(
      `The deploy state file ${file} on the host is not valid JSON: fix or remove it (it records the deployed versions)`,
    );
  }
  const s = data as DeployState;
  const ok =
    typeof s === 'object' &&
    s !== null &&
    s.schema === 1 &&
    typeof s.service === 'string' &&
    typeof s.binaryName === 'string' &&
    Array.isArray(s.releases) &&
    s.releases.every(isRecord) &&
    (s.current === undefined || isRecord(s.current)) &&
    (s.previous === undefined || isRecord(s.previous));
  if (!ok)
    throw new UserError(
      `The deploy state file ${file} on the host has an unknown layout: fix or remove it (expected schema 1)`,
    );
  for (const r of s.releases) validateVersion(r.version);
  return s;
}

export function serializeState(state: DeployState): string {
  return `${JSON.stringify(state, null, 2)}\n`;
}

/**
 * The state after `record` went live: it becomes current, the old current becomes previous, and
 * the releases beyond `keep` (never current or previous) are returned for deletion.
 */
export function recordDeployed(
  state: DeployState,
  record: ReleaseRecord,
  keep: number,
): { state: DeployState; prune: string[] } {
  if (!Number.isInteger(keep) || keep < 2)
    throw new UserError(
      `keep-releases must be at least 2 (the current and the rollback target), got ${keep}`,
    );
  const old = state.current;
  const previous = old && old.version !== record.version ? old : state.previous;
  const releases = [record, ...state.releases.filter((r) => r.version !== record.version)];
  const protectedVersions = new Set([record.version, previous?.version].filter(Boolean));
  const kept: ReleaseRecord[] = [];
  const prune: string[] = [];
  for (const r of releases) {
    if (kept.length < keep || protectedVersions.has(r.version)) kept.push(r);
    else prune.push(r.version);
  }
  const next: DeployState = { ...state, current: record, releases: kept };
  if (previous) next.previous = previous;
  else delete next.previous;
  delete next.lastFailure;
  return { state: next, prune };
}

/** The state after a release failed and the host went back (or stayed) where it was. */
export function recordFailed(
  state: DeployState,
  version: string,
  error: string,
  at: string,
): DeployState {
  return { ...state, lastFailure: { version, at, error } };
}

/** The release to go back to if `version` fails: the current one, unless it is the same version. */
export function rollbackTarget(state: DeployState, version: string): ReleaseRecord | undefined {
  if (state.current && state.current.version !== version) return state.current;
  if (state.previous && state.previous.version !== version) return state.previous;
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// File commands (cmd.exe built-ins; exit code 0 on success)

export function mkdirArgv(dir: string): string[] {
  return ['cmd.exe', '/c', 'mkdir', validateWindowsPath(dir)];
}

export function rmdirArgv(dir: string): string[] {
  return ['cmd.exe', '/c', 'rmdir', '/s', '/q', validateWindowsPath(dir)];
}

export function copyArgv(from: string, to: string): string[] {
  return ['cmd.exe', '/c', 'copy', '/b', '/y', validateWindowsPath(from), validateWindowsPath(to)];
}

/** A rename within one folder: atomic on NTFS, needs the target not to be running. */
export function moveArgv(from: string, to: string): string[] {
  return ['cmd.exe', '/c', 'move', '/y', validateWindowsPath(from), validateWindowsPath(to)];
}

/**
 * Removes the binaries set aside by earlier swaps (`<exe>.<id>.old`): their processes stopped
 * when those deploys restarted the service. One still in use is simply left for the next time.
 */
export function deleteAsidesArgv(currentDir: string, binaryName: string): string[] {
  return [
    'cmd.exe',
    '/c',
    'del',
    '/f',
    '/q',
    `${validateWindowsPath(currentDir)}\\${exeName(binaryName)}.*.old`,
  ];
}

/** Where the live binary is moved aside to (unique, so an aside still in use is never overwritten). */
export function asidePath(currentFile: string, id: string): string {
  if (!/^[0-9a-f]{4,32}$/.test(id)) throw new Error(`invalid aside id ${id}`);
  return validateWindowsPath(`${currentFile}.${id}.old`);
}
