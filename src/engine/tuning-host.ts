/**
 * Tuning settings on the host, one at a time: read the current value (commands shared by several
 * settings run once; registry values that `reg query` cannot show exactly come from `reg export`)
 * and change a value, then read it back, so success means the host now holds it.
 */
import { win32 } from 'node:path';
import type { ExecResult, Executor } from '../hosts/executor.js';
import { errorMessage } from '../runner/errors.js';
import { parseRegExport, regExport, sameRegKey } from '../windows/reg.js';
import { readCommand, readValue, setCommand, type ReadResult } from '../windows/tuning/commands.js';
import {
  formatValue,
  sameValue,
  settingId,
  type SettingRef,
  type SettingValue,
} from '../windows/tuning/settings.js';

/** Runs a command; an executor that throws (no such program, connection lost) becomes an exit code. */
export async function run(exec: Executor, argv: string[]): Promise<ExecResult> {
  try {
    return await exec.run(argv, { timeoutMs: 60_000 });
  } catch (e) {
    return { exitCode: -1, stdout: '', stderr: errorMessage(e) };
  }
}

/** Reads a registry value from `reg export`, exact for every type (used when reg query is not). */
async function readExported(
  exec: Executor,
  ref: Extract<SettingRef, { kind: 'registry' }>,
  scratch: string,
): Promise<ReadResult> {
  const argv = regExport(ref.key, scratch);
  await exec.writeFile(scratch, ''); // reg export needs the folder to exist
  const res = await run(exec, argv);
  if (res.exitCode !== 0)
    return {
      ok: false,
      error: `reg export of ${ref.key} exited with ${res.exitCode}: ${res.stderr.trim() || res.stdout.trim()}`,
    };
  const file = await exec.readFile(scratch);
  if (!file) return { ok: false, error: `reg export wrote no file at ${scratch}` };
  const block = parseRegExport(file).find((b) => sameRegKey(b.key, ref.key));
  const v = block?.values.find((x) => x.name.toLowerCase() === ref.name.toLowerCase());
  return {
    ok: true,
    value: { kind: 'registry', value: v ? { type: v.type, data: v.data } : null },
  };
}

/** The current value of each setting, by id; commands shared by several settings run once. */
export async function readCurrent(
  exec: Executor,
  refs: SettingRef[],
  scratch: string,
): Promise<Map<string, ReadResult>> {
  const outputs = new Map<string, ExecResult>();
  const current = new Map<string, ReadResult>();
  for (const ref of refs) {
    const argv = readCommand(ref);
    const key = JSON.stringify(argv);
    let res = outputs.get(key);
    if (!res) {
      res = await run(exec, argv);
      outputs.set(key, res);
    }
    const read = readValue(ref, res);
    current.set(
      settingId(ref),
      read.ok === 'export' && ref.kind === 'registry'
        ? await readExported(exec, ref, scratch)
        : (read as ReadResult),
    );
  }
  return current;
}

function describeFailure(argv: string[], res: ExecResult): string {
  const text = `${res.stderr}\n${res.stdout}`
    .split(/\r?\n/)
    .find((l) => l.trim() !== '')
    ?.trim();
  return `${argv[0]} exited with ${res.exitCode}${text ? `: ${text}` : ''}`;
}

/** Runs the set command and reads the setting back: success means the host now holds the value. */
export async function change(
  exec: Executor,
  ref: SettingRef,
  value: SettingValue,
  scratch: string,
): Promise<string | undefined> {
  const argv = setCommand(ref, value);
  const res = await run(exec, argv);
  if (res.exitCode !== 0) return describeFailure(argv, res);
  const after = (await readCurrent(exec, [ref], scratch)).get(settingId(ref));
  if (!after || after.ok !== true)
    return `changed, but reading it back failed: ${after && after.ok === false ? after.error : ''}`;
  if (!sameValue(after.value, value))
    return `${argv[0]} reported success but the host holds ${formatValue(after.value)}`;
  return undefined;
}

export function scratchFile(stateFile: string): string {
  return win32.join(win32.dirname(stateFile), 'tuning-read.reg');
}
