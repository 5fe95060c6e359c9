/**
 * Once per test run: checks that the bundles exist (tests run dist/, not src/) and that the system
 * packages are there, so a missing step fails with one clear line instead of fifty.
 *
 * The lab's big temporary folders (runner homes and tool caches with a Go toolchain each, workflow
 * runs, release folders) go into one folder of this run (`labTemp` in paths.ts, named by
 * WINSHIP_TEST_RUN_DIR for the test workers) and are removed when the run ends: a whole run makes
 * tens of gigabytes of them. Folders of earlier runs whose process is gone (a run that was killed)
 * are removed at the start. TMPDIR itself is left alone: sshd hosts and Wine prefixes that
 * outlive a run must not see their temporary folder vanish.
 */
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CACHE, GOCACHE, NODE24, REPO, RUN_DIR_ENV } from './paths.js';

const RUN_PREFIX = 'winship-test-run-';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export default function setup(): () => void {
  mkdirSync(GOCACHE, { recursive: true });
  mkdirSync(CACHE, { recursive: true });
  if (!existsSync(NODE24)) throw new Error(`${NODE24} is missing: run 'npm ci'`);
  if (!existsSync(join(REPO, 'dist'))) throw new Error("dist/ is missing: run 'npm run bundle'");
  try {
    execFileSync('go', ['version'], { stdio: 'ignore' });
  } catch {
    throw new Error("'go' is not on PATH: run 'bash scripts/provision.sh'");
  }

  // A short path under the system's temporary folder: Unix sockets made in it must stay short.
  const base = tmpdir();
  for (const name of readdirSync(base)) {
    const pid = Number(name.slice(RUN_PREFIX.length));
    if (name.startsWith(RUN_PREFIX) && Number.isInteger(pid) && !alive(pid))
      rmSync(join(base, name), { recursive: true, force: true });
  }
  const runDir = join(base, `${RUN_PREFIX}${process.pid}`);
  mkdirSync(runDir, { recursive: true });
  process.env[RUN_DIR_ENV] = runDir; // the test workers are started after this, with this environment
  return () => rmSync(runDir, { recursive: true, force: true });
}
