/**
 * Post step: removes the private folder under RUNNER_TEMP that held the downloaded build (and a
 * key file, should one ever be written there; main keeps the SSH key in memory only).
 */
import * as core from '@actions/core';
import { rmSync } from 'node:fs';
import { resolve, sep } from 'node:path';

const temp = process.env.RUNNER_TEMP;
for (const name of ['work-dir', 'key-file']) {
  const path = core.getState(name);
  // Only what main created under RUNNER_TEMP: a tampered state must not delete anything else.
  if (!path || !temp || !resolve(path).startsWith(resolve(temp) + sep)) continue;
  rmSync(path, { recursive: true, force: true });
  core.info(`Removed ${path}`);
}
