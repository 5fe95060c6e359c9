/**
 * The post step of build and the root action: removes the signing key's folder if the main step
 * could not (a failure or cancellation between writing and removing it). Only a folder under
 * RUNNER_TEMP named as main names it: a tampered state must not delete anything else.
 */
import { rmSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { RunnerIO } from '../runner/io.js';
import { SIGNING_STATE } from './config.js';

export function removeSigningKeyStep(io: RunnerIO, runnerTemp: string | undefined): void {
  const path = io.getState(SIGNING_STATE.keyDir);
  if (!path || !runnerTemp) return;
  const abs = resolve(path);
  if (dirname(abs) !== resolve(runnerTemp) || !basename(abs).startsWith('winship-signing-')) return;
  rmSync(abs, { recursive: true, force: true });
  io.info(`Removed the signing key folder ${abs}`);
}
