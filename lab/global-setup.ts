/**
 * Once per test run: checks that the bundles exist (tests run dist/, not src/) and that the system
 * packages are there, so a missing step fails with one clear line instead of fifty.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { CACHE, GOCACHE, NODE24, REPO } from './paths.js';

export default function setup(): void {
  mkdirSync(GOCACHE, { recursive: true });
  mkdirSync(CACHE, { recursive: true });
  if (!existsSync(NODE24)) throw new Error(`${NODE24} is missing: run 'npm ci'`);
  if (!existsSync(join(REPO, 'dist'))) throw new Error("dist/ is missing: run 'npm run bundle'");
  try {
    execFileSync('go', ['version'], { stdio: 'ignore' });
  } catch {
    throw new Error("'go' is not on PATH: run 'bash scripts/provision.sh'");
  }
}
