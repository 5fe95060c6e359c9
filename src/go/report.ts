/**
 * What setup-go hands to later steps: the problem matcher, PATH (GOROOT/bin, GOPATH/bin),
 * GOTOOLCHAIN=local, the outputs, `go version` and `go env` in a log group, then the module and
 * build cache restore (when on), whose result is the cache-hit output.
 */
import { mkdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import {
  addMatcher,
  addPath,
  endGroup,
  exportVariable,
  info,
  setOutput,
  startGroup,
} from '../runner/commands.js';
import { firstGopath, formatGoEnv, goVersionLine } from './go-env.js';
import { writeGoMatcher } from './matcher.js';
import type { SetupGoConfig } from './setup-config.js';
import type { SetupResult } from './setup.js';

export interface CacheRestoreRequest {
  workspace: string;
  patterns: string[];
  runnerOs: string;
  arch: string;
  goVersion: string;
  gomodcache?: string;
  gocache?: string;
}

export async function reportSetup(
  config: SetupGoConfig,
  result: SetupResult,
  restoreCache: (req: CacheRestoreRequest) => Promise<boolean>,
): Promise<void> {
  const { env, root } = result;
  mkdirSync(config.temp, { recursive: true });
  addMatcher(writeGoMatcher(config.temp));

  if (root && !result.foreign) {
    addPath(join(root, 'bin'));
    // A GOROOT left by an earlier setup would make this go use that tree's tools and library.
    if (process.env.GOROOT && process.env.GOROOT !== root) exportVariable('GOROOT', root);
  }
  if (env) {
    const gopath = firstGopath(env, config.platform.os === 'windows' ? ';' : delimiter);
    if (gopath) {
      mkdirSync(join(gopath, 'bin'), { recursive: true });
      addPath(join(gopath, 'bin'));
    }
  }
  if (!result.foreign) exportVariable('GOTOOLCHAIN', 'local');

  setOutput('go-version', result.goVersion);
  setOutput('go-root', root ?? env?.GOROOT ?? '');
  setOutput('tool-cache-hit', String(result.toolCacheHit));
  if (env) {
    info(goVersionLine(env));
    startGroup('go env');
    info(formatGoEnv(env, config.platform.os === 'windows'));
    endGroup();
  }
  info(`Successfully set up Go ${result.goVersion}${root ? ` at ${root}` : ''}`);

  let hit = false;
  if (config.cache && env) {
    hit = await restoreCache({
      workspace: config.workspace,
      patterns: config.cacheDependencyPath,
      runnerOs: process.env.RUNNER_OS || config.platform.os,
      arch: config.platform.toolArch,
      goVersion: result.goVersion,
      gomodcache: env.GOMODCACHE,
      gocache: env.GOCACHE,
    });
  }
  setOutput('cache-hit', String(hit));
}
