/**
 * The tuning state file on the host (`tuning-state.json`): for every setting winship changed, its
 * value from before winship's FIRST change, so a revert can put each one back (deleting values
 * that did not exist). A file winship cannot read is refused, never overwritten.
 */
import type { Executor } from '../hosts/executor.js';
import { UserError, errorMessage } from '../runner/errors.js';
import {
  valueFromJson,
  valueToJson,
  type JsonValue,
  type SettingRef,
  type SettingValue,
} from '../windows/tuning/settings.js';

export interface StateEntry {
  id: string;
  ref: SettingRef;
  /** The value before winship's first change (registry `null`: the value did not exist). */
  previous: SettingValue;
  /** Whether changing this setting needs a reboot (so does putting it back). */
  reboot: boolean;
  recordedAt: string;
}

export interface StateFile {
  version: 1;
  entries: StateEntry[];
}

export async function loadState(exec: Executor, stateFile: string): Promise<StateFile> {
  const buf = await exec.readFile(stateFile);
  if (!buf || buf.length === 0) return { version: 1, entries: [] };
  try {
    const json = JSON.parse(buf.toString('utf8')) as { version?: number; entries?: unknown[] };
    if (json.version !== 1 || !Array.isArray(json.entries)) throw new Error('unknown layout');
    return {
      version: 1,
      entries: json.entries.map((raw) => {
        const e = raw as {
          id: string;
          ref: SettingRef;
          previous: JsonValue;
          reboot?: boolean;
          recordedAt: string;
        };
        return {
          id: e.id,
          ref: e.ref,
          previous: valueFromJson(e.previous),
          reboot: e.reboot === true,
          recordedAt: e.recordedAt,
        };
      }),
    };
  } catch (e) {
    throw new UserError(
      `Tuning state file ${stateFile} on the host is unreadable (${errorMessage(e)}): restore it or move it away before tuning again`,
    );
  }
}

export async function saveState(
  exec: Executor,
  stateFile: string,
  state: StateFile,
): Promise<void> {
  const json = {
    version: 1,
    entries: state.entries.map((e) => ({ ...e, previous: valueToJson(e.previous) })),
  };
  await exec.writeFile(stateFile, JSON.stringify(json, null, 2) + '\n');
}
