/**
 * setup-go from configuration to a ready Go: which version (input or file), from the tool cache
 * when it can answer (no network, nothing heavy loaded), else from the index and a download
 * (acquire.ts, loaded on demand), then one `go env -json` for everything that is reported.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunnerIO } from '../runner/io.js';
import { UserError } from '../runner/errors.js';
import { readGoEnv, type GoEnv } from './go-env.js';
import { runsHere } from './platform.js';
import { pickInstalled } from './resolve.js';
import type { SetupGoConfig } from './setup-config.js';
import { installedVersions, toolDir } from './tool-cache.js';
import { readVersionFile } from './version-file.js';
import {
  describeRequest,
  parseVersionSpec,
  withoutGoPrefix,
  type VersionRequest,
} from './version.js';

export interface SetupResult {
  /** GOROOT of the Go set up; undefined when the Go already on PATH is used. */
  root?: string;
  /** The version as actions/setup-go outputs it: 1.22.5, 1.24rc1. */
  goVersion: string;
  /** `go env -json`; undefined for another OS's build, which cannot run here. */
  env?: GoEnv;
  /** The version came from the tool cache (no download). */
  toolCacheHit: boolean;
  /** The build is for another OS (WINSHIP_GO_TARGET_OS): installed, not run. */
  foreign: boolean;
  /** Where the request was resolved from, for the cache key and logs. */
  request?: VersionRequest;
}

/** The version spec to use and where it came from (for messages and annotations). */
export function versionSource(
  config: SetupGoConfig,
  io: RunnerIO,
): { spec: string; where: string; file?: string; line?: number } | undefined {
  if (config.versionSpec) return { spec: config.versionSpec, where: "Input 'go-version'" };
  if (!config.versionFile) return undefined;
  const { path, shownAs } = config.versionFile;
  const found = readVersionFile(path, shownAs);
  io.info(`Read Go ${found.version} from ${shownAs} (${found.from}, line ${found.line})`);
  return {
    spec: found.version,
    where: `${shownAs} line ${found.line}`,
    file: shownAs,
    line: found.line,
  };
}

export function requestFrom(source: {
  spec: string;
  where: string;
  file?: string;
  line?: number;
}): VersionRequest {
  try {
    return parseVersionSpec(source.spec, source.where);
  } catch (err) {
    if (err instanceof UserError && source.file)
      throw new UserError(err.message, source.file, source.line);
    throw err;
  }
}

/** The environment `go` runs with: our GOROOT, not one left over from an earlier setup. */
function envFor(root: string): NodeJS.ProcessEnv {
  const env = { ...process.env };
  if (env.GOROOT && env.GOROOT !== root) delete env.GOROOT;
  return env;
}

function versionOf(root: string): string | undefined {
  try {
    return readFileSync(join(root, 'VERSION'), 'utf8').split(/\r?\n/)[0]?.trim() || undefined;
  } catch {
    return undefined;
  }
}

export async function setupGo(config: SetupGoConfig, io: RunnerIO): Promise<SetupResult> {
  for (const w of config.warnings) io.warning(w);
  const source = versionSource(config, io);
  if (!source) return useGoOnPath(config, io);

  const request = requestFrom(source);
  io.info(`Setup go version spec ${source.spec}`);
  const { platform } = config;
  let root: string | undefined;
  let goName: string | undefined;
  let toolCacheHit = false;
  if (!config.checkLatest) {
    const version = pickInstalled(request, installedVersions(config.toolCache, platform.toolArch));
    if (version) {
      root = toolDir(config.toolCache, version, platform.toolArch);
      toolCacheHit = true;
      io.info(`Found in the tool cache: ${root}`);
    }
  }
  if (!root) {
    const { acquireGo } = await import('./acquire.js');
    const got = await acquireGo(request, config, io);
    root = got.root;
    goName = got.release.version;
    toolCacheHit = got.cached;
  }

  if (!runsHere(platform, config.hostOs)) {
    const name = goName ?? versionOf(root) ?? describeRequest(request);
    io.info(
      `${name} is a ${platform.os}/${platform.arch} build: stored in the tool cache, not run on this ${config.hostOs} runner`,
    );
    return { root, goVersion: withoutGoPrefix(name), toolCacheHit, foreign: true, request };
  }
  const env = await readGoEnv(
    join(root, 'bin', `go${platform.exe}`),
    config.workspace,
    envFor(root),
  );
  // GOVERSION may carry experiments after a space: `go1.22.5 X:nocoverageredesign`.
  const reported = (env.GOVERSION ?? '').split(' ')[0] ?? '';
  if (goName && reported && reported !== goName)
    io.warning(
      `The releases index calls this archive ${goName} but its go reports ${reported}: check the mirror`,
    );
  return {
    root,
    goVersion: withoutGoPrefix(reported || goName || ''),
    env,
    toolCacheHit,
    foreign: false,
    request,
  };
}

/** No version asked for: like actions/setup-go, report the Go already on PATH (if any). */
async function useGoOnPath(config: SetupGoConfig, io: RunnerIO): Promise<SetupResult> {
  io.warning('Neither go-version nor go-version-file is set: using the Go already on PATH');
  let env: GoEnv;
  try {
    env = await readGoEnv(`go${config.platform.exe}`, config.workspace, process.env);
  } catch (err) {
    if (!(err instanceof UserError) || !/ENOENT/.test(err.message)) throw err;
    throw new UserError(
      "No go-version or go-version-file given and no go on PATH: set go-version (e.g. '1.22') or go-version-file: go.mod",
    );
  }
  return {
    goVersion: withoutGoPrefix((env.GOVERSION ?? '').split(' ')[0] ?? ''),
    env,
    toolCacheHit: false,
    foreign: false,
  };
}
