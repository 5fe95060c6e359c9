/**
 * The `profile` input as a tuning profile: `default`, `none` (null: no tuning) or the path of a
 * YAML/JSON profile inside the workspace (the checked-out repository). A pure loader: it reads the
 * workspace and parses; nothing here touches a host.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { UserError } from '../runner/errors.js';
import { defaultProfile } from '../windows/tuning/builtin.js';
import { parseProfile } from '../windows/tuning/profile.js';
import type { TuningProfile } from '../windows/tuning/settings.js';

/** Errors name the file and line, and say what to use instead. */
export async function loadProfile(spec: string, workspace: string): Promise<TuningProfile | null> {
  const s = spec.trim();
  if (s === 'none') return null;
  if (s === 'default') return defaultProfile();
  if (s === '')
    throw new UserError(
      "Tuning profile is empty: use 'default', 'none' or the path of a YAML/JSON profile file",
    );
  const file = resolve(workspace, s);
  const rel = relative(resolve(workspace), file);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel))
    throw new UserError(
      `Tuning profile '${s}' is outside the repository: give a path inside the workspace`,
    );
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR')
      throw new UserError(
        `Tuning profile '${s}' not found in the repository: use 'default', 'none' or the path of a YAML/JSON file`,
      );
    throw e;
  }
  return parseProfile(text, rel.split('\\').join('/'));
}
