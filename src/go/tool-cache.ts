/**
 * The runner's tool cache as @actions/tool-cache lays it out: `<RUNNER_TOOL_CACHE>/go/<semver>/
 * <arch>/` plus a `<arch>.complete` marker written last, so a half-written folder is never used.
 * Read here with plain fs calls (tool-cache's `find` would load an HTTP stack on the path that
 * must start fastest); tests check both agree on the layout.
 */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import semverValid from 'semver/functions/valid.js';

export const TOOL_NAME = 'go';

export function toolDir(root: string, version: string, toolArch: string): string {
  return join(root, TOOL_NAME, version, toolArch);
}

export function isInstalled(root: string, version: string, toolArch: string): boolean {
  const dir = toolDir(root, version, toolArch);
  return existsSync(`${dir}.complete`) && existsSync(dir);
}

/** Every complete Go in the tool cache for this architecture (semver folder names). */
export function installedVersions(root: string, toolArch: string): string[] {
  let names: string[];
  try {
    names = readdirSync(join(root, TOOL_NAME));
  } catch {
    return [];
  }
  return names.filter((v) => semverValid(v) === v && isInstalled(root, v, toolArch));
}

/** Marks a folder complete: from now on it is found. */
export function markComplete(root: string, version: string, toolArch: string): void {
  writeFileSync(`${toolDir(root, version, toolArch)}.complete`, '');
}
