/**
 * setup-go's inputs as one typed configuration, checked up front so a bad input fails before
 * anything is downloaded. Reads through an InputSource, so it is unit-testable with a plain map.
 */
import { isAbsolute, join } from 'node:path';
import { tmpdir } from 'node:os';
import { coreIO } from '../runner/core-io.js';
import { InputError, UserError } from '../runner/errors.js';
import { Inputs, type InputSource } from '../runner/inputs.js';
import { targetPlatform, type GoPlatform } from './platform.js';
import { DEFAULT_BASE_URL, normalizeBaseUrl } from './releases.js';
import { maskUrlCredentials } from './url-credentials.js';

export interface SetupGoConfig {
  /** `go-version` as given; wins over the file. */
  versionSpec?: string;
  /** `go-version-file`, absolute and as the user wrote it. */
  versionFile?: { path: string; shownAs: string };
  checkLatest: boolean;
  baseUrl: string;
  /** Where baseUrl came from, for messages. */
  baseUrlSource: string;
  cache: boolean;
  /** Glob patterns of the files whose hash keys the module cache (default: go.sum). */
  cacheDependencyPath: string[];
  platform: GoPlatform;
  hostOs: string;
  workspace: string;
  toolCache: string;
  temp: string;
  /** Things worth a warning that are not errors (both version inputs given, …). */
  warnings: string[];
}

export function readSetupGoConfig(
  input: InputSource,
  env: NodeJS.ProcessEnv,
  host: { os: string; arch: string; cwd: string },
  /** Registers a secret (credentials in the mirror URL) with the runner's log. */
  mask: (secret: string) => void = (s) => coreIO.mask(s),
): SetupGoConfig {
  const warnings: string[] = [];
  const inputs = new Inputs(input);
  const workspace = env.GITHUB_WORKSPACE || host.cwd;
  const toolCache = env.RUNNER_TOOL_CACHE;
  if (!toolCache)
    throw new UserError(
      'RUNNER_TOOL_CACHE is not set: setup-go runs on a GitHub Actions runner (or set it to a folder)',
    );

  const versionSpec = input('go-version') || undefined;
  const fileInput = input('go-version-file');
  let versionFile: SetupGoConfig['versionFile'];
  if (fileInput) {
    if (versionSpec)
      warnings.push(
        'Both go-version and go-version-file are set: go-version is used, go-version-file ignored',
      );
    else
      versionFile = {
        path: isAbsolute(fileInput) ? fileInput : join(workspace, fileInput),
        shownAs: fileInput,
      };
  }

  const baseInput = input('go-download-base-url');
  const baseEnv = env.GO_DOWNLOAD_BASE_URL ?? '';
  const [rawBase, baseUrlSource] = baseInput
    ? [baseInput, 'go-download-base-url']
    : baseEnv.trim()
      ? [baseEnv, 'GO_DOWNLOAD_BASE_URL']
      : [DEFAULT_BASE_URL, 'go-download-base-url'];
  maskUrlCredentials(rawBase, mask); // before anything can print it (url-credentials.ts)
  let baseUrl: string;
  try {
    baseUrl = normalizeBaseUrl(rawBase, baseUrlSource);
  } catch (err) {
    if (baseUrlSource === 'go-download-base-url' && err instanceof UserError)
      throw new InputError(
        'go-download-base-url',
        err.message.replace(/^go-download-base-url: /, ''),
      );
    throw err;
  }

  const architecture = input('architecture');
  const platform = targetPlatform({
    hostOs: host.os,
    hostArch: host.arch,
    architecture: architecture || undefined,
    osOverride: env.WINSHIP_GO_TARGET_OS || undefined,
  });

  return {
    versionSpec,
    versionFile,
    checkLatest: inputs.boolean('check-latest', false),
    baseUrl,
    baseUrlSource,
    cache: inputs.boolean('cache', true),
    cacheDependencyPath: input('cache-dependency-path')
      .split(/\r?\n/)
      .map((p) => p.trim())
      .filter((p) => p !== '' && !p.startsWith('#')),
    platform,
    hostOs: host.os,
    workspace,
    toolCache,
    temp: env.RUNNER_TEMP || tmpdir(),
    warnings,
  };
}
