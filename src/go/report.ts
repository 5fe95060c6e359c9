/**
 * What setup-go hands to later steps: the problem matcher, PATH (GOROOT/bin, GOPATH/bin),
 * GOTOOLCHAIN=local, the outputs, `go version` and `go env` in a log group, then the module and
 * build cache restore (when on), whose result is the cache-hit output.
 */
import { mkdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { RunnerIO } from '../runner/io.js';
import { firstGopath, formatGoEnv, goVersionLine, type GoEnv } from './go-env.js';
import { writeGoMatcher } from './matcher.js';
import type { SetupGoConfig } from './setup-config.js';
import type { SetupResult } from './setup.js';

/** setup-go's outputs, as declared in actions/setup-go/action.yml (and the root action.yml). */
export const SETUP_GO_OUTPUTS = {
  goVersion: 'go-version',
  goRoot: 'go-root',
  toolCacheHit: 'tool-cache-hit',
  cacheHit: 'cache-hit',
} as const;

export async function reportSetup(
  config: SetupGoConfig,
  result: SetupResult,
  /** Restores the module and build caches of the Go just set up; true on an exact hit. */
  restoreCache: (installed: { goVersion: string; env: GoEnv }) => Promise<boolean>,
  io: RunnerIO,
): Promise<void> {
  const { env, root } = result;
  mkdirSync(config.temp, { recursive: true });
  io.addMatcher(writeGoMatcher(config.temp));

  if (root && !result.foreign) {
    io.addPath(join(root, 'bin'));
    // A GOROOT left by an earlier setup would make this go use that tree's tools and library.
    if (process.env.GOROOT && process.env.GOROOT !== root) io.exportVariable('GOROOT', root);
  }
  if (env) {
    const gopath = firstGopath(env, config.platform.os === 'windows' ? ';' : delimiter);
    if (gopath) {
      mkdirSync(join(gopath, 'bin'), { recursive: true });
      io.addPath(join(gopath, 'bin'));
    }
  }
  if (!result.foreign) io.exportVariable('GOTOOLCHAIN', 'local');

  io.output(SETUP_GO_OUTPUTS.goVersion, result.goVersion);
  io.output(SETUP_GO_OUTPUTS.goRoot, root ?? env?.GOROOT ?? '');
  io.output(SETUP_GO_OUTPUTS.toolCacheHit, String(result.toolCacheHit));
  if (env) {
    io.info(goVersionLine(env));
    io.logGroup('go env', formatGoEnv(env, config.platform.os === 'windows'));
  }
  io.info(`Successfully set up Go ${result.goVersion}${root ? ` at ${root}` : ''}`);

  let hit = false;
  if (config.cache && env) hit = await restoreCache({ goVersion: result.goVersion, env });
  io.output(SETUP_GO_OUTPUTS.cacheHit, String(hit));
}
