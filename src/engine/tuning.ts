/**
 * Tuning effects over an Executor: read what the host holds, plan (pure, windows/tuning/plan),
 * change only what differs, and record the previous value of every setting winship changed in a
 * state file on the host, so `revertTuning` can put each one back (deleting values that did not
 * exist). A host that already matches the profile is read and left alone: 0 changes.
 *
 * The state file keeps the value from before winship's FIRST change of a setting: applying again,
 * or applying another profile later, never overwrites what revert will restore.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve, win32 } from 'node:path';
import type { ExecResult, Executor } from '../hosts/executor.js';
import { UserError, errorMessage } from '../runner/errors.js';
import { parseRegExport, regExport, sameRegKey } from '../windows/reg.js';
import { defaultProfile } from '../windows/tuning/builtin.js';
import { readCommand, readValue, setCommand, type ReadResult } from '../windows/tuning/commands.js';
import { planTuning, type PlannedSetting } from '../windows/tuning/plan.js';
import { parseProfile } from '../windows/tuning/profile.js';
import {
  formatValue,
  sameValue,
  settingArea,
  settingId,
  settingLabel,
  valueFromJson,
  valueToJson,
  type JsonValue,
  type SettingRef,
  type SettingValue,
  type TuningProfile,
} from '../windows/tuning/settings.js';
import { validateWindowsPath } from '../windows/validate.js';
import type { PlanItem } from './plan.js';
import type { EngineLog, TuningReport } from './types.js';

export type { TuningProfile } from '../windows/tuning/settings.js';
export type { TuningReport } from './types.js';

/** A tuning step that failed part-way: the message names every failed setting; `report` has all rows. */
export class TuningError extends UserError {
  constructor(
    message: string,
    readonly report: TuningReport,
  ) {
    super(message);
    this.name = 'TuningError';
  }
}

/**
 * `default`, `none` (null: no tuning) or the path of a YAML/JSON profile inside the workspace
 * (the checked-out repository); errors name the file and line.
 */
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

interface StateEntry {
  id: string;
  ref: SettingRef;
  /** The value before winship's first change (registry `null`: the value did not exist). */
  previous: SettingValue;
  /** Whether changing this setting needs a reboot (so does putting it back). */
  reboot: boolean;
  recordedAt: string;
}

interface StateFile {
  version: 1;
  entries: StateEntry[];
}

async function loadState(exec: Executor, stateFile: string): Promise<StateFile> {
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

async function saveState(exec: Executor, stateFile: string, state: StateFile): Promise<void> {
  const json = {
    version: 1,
    entries: state.entries.map((e) => ({ ...e, previous: valueToJson(e.previous) })),
  };
  await exec.writeFile(stateFile, JSON.stringify(json, null, 2) + '\n');
}

/** Runs a command; an executor that throws (no such program, connection lost) becomes an exit code. */
async function run(exec: Executor, argv: string[]): Promise<ExecResult> {
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
async function readCurrent(
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
async function change(
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

function scratchFile(stateFile: string): string {
  return win32.join(win32.dirname(stateFile), 'tuning-read.reg');
}

export interface ApplyOptions {
  /** Plan only: read the host and report what would change. */
  dryRun: boolean;
  log?: EngineLog;
  /**
   * What to do with a setting whose current value cannot be read (the host lacks the tool:
   * no powercfg under Wine, a stub netsh). `fail` (the default) changes nothing and fails;
   * `skip` leaves those settings alone, says so in the log and the rows, and applies the rest.
   */
  unreadable?: 'fail' | 'skip';
}

/**
 * Brings the host to the profile. Fails before changing anything when a setting cannot be read
 * (a tool the host lacks: no powercfg under Wine, a stub netsh), and after trying every change
 * when some failed, with a TuningError naming each. `changed` counts settings changed (in a dry
 * run: that would change).
 */
export async function applyTuning(
  exec: Executor,
  profile: TuningProfile,
  stateFile: string,
  opts: ApplyOptions,
): Promise<TuningReport> {
  const state = validateWindowsPath(stateFile, 'tuning state file');
  const scratch = scratchFile(state);
  const current = await readCurrent(
    exec,
    profile.settings.map((s) => s.ref),
    scratch,
  );
  const plan = planTuning(current, profile);
  for (const r of profile.refused) opts.log?.warning(`Tuning: refused ${r.setting}: ${r.reason}`);
  const changes = plan.settings.filter((s) => s.change);
  const report = (changed: PlannedSetting[], rows: PlanItem[]): TuningReport => ({
    changed: changed.length,
    unchanged: plan.settings.length - changes.length,
    rebootRequired: changed.filter((s) => s.setting.reboot).map((s) => settingLabel(s.setting.ref)),
    rows,
  });
  if (plan.errors.length > 0 && opts.unreadable === 'skip') {
    for (const e of plan.errors)
      opts.log?.warning(`Tuning: skipped (cannot read it on ${exec.label}): ${e}`);
    for (const row of plan.rows)
      if (row.current === '(unreadable)') row.note = `skipped: ${row.note ?? 'cannot read'}`;
  } else if (plan.errors.length > 0)
    throw new TuningError(
      `Cannot read the current value of ${plan.errors.length} tuning setting(s) on ${exec.label}, nothing was changed: ` +
        `${plan.errors.join('; ')}. Use a profile without these settings (or 'none'), or fix the host.`,
      report([], plan.rows),
    );
  if (opts.dryRun || changes.length === 0) return report(opts.dryRun ? changes : [], plan.rows);

  // Record what the host holds before changing anything, so a failure half-way can be reverted.
  const saved = await loadState(exec, state);
  const recorded = new Set(saved.entries.map((e) => e.id));
  const now = new Date().toISOString();
  for (const c of changes)
    if (!recorded.has(c.id))
      saved.entries.push({
        id: c.id,
        ref: c.setting.ref,
        previous: c.current,
        reboot: c.setting.reboot,
        recordedAt: now,
      });
  await saveState(exec, state, saved);

  const done: PlannedSetting[] = [];
  const failures: string[] = [];
  for (const c of changes) {
    const failure = await change(exec, c.setting.ref, c.setting.desired, scratch);
    if (failure) {
      failures.push(`${settingLabel(c.setting.ref)}: ${failure}`);
      c.row.note = `failed: ${failure}`;
    } else {
      done.push(c);
      opts.log?.info(
        `Tuning: ${c.row.setting}: ${c.row.current} -> ${c.row.desired}${c.setting.reboot ? ' (needs a reboot)' : ''}`,
      );
    }
  }
  const result = report(done, plan.rows);
  if (failures.length > 0)
    throw new TuningError(
      `${failures.length} of ${changes.length} tuning change(s) failed on ${exec.label} (the previous values are recorded; revert restores them): ${failures.join('; ')}`,
      result,
    );
  return result;
}

/**
 * Restores every recorded setting to its value from before winship changed it, deleting registry
 * values that did not exist; the state file is emptied (failed entries stay for a retry).
 */
export async function revertTuning(
  exec: Executor,
  stateFile: string,
  opts: { log?: EngineLog } = {},
): Promise<TuningReport> {
  const state = validateWindowsPath(stateFile, 'tuning state file');
  const scratch = scratchFile(state);
  const saved = await loadState(exec, state);
  const entries = [...saved.entries].reverse();
  const current = await readCurrent(
    exec,
    entries.map((e) => e.ref),
    scratch,
  );
  const rows: PlanItem[] = [];
  const failures: string[] = [];
  const kept: StateEntry[] = [];
  let changed = 0;
  let unchanged = 0;
  const rebootRequired: string[] = [];
  for (const e of entries) {
    const now = current.get(e.id);
    const row: PlanItem = {
      area: settingArea(e.ref),
      setting: settingLabel(e.ref),
      current: now?.ok === true ? formatValue(now.value) : '(unreadable)',
      desired: formatValue(e.previous),
      action: 'none',
    };
    rows.push(row);
    if (now?.ok === true && sameValue(now.value, e.previous)) {
      unchanged++;
      continue;
    }
    row.action = e.previous.kind === 'registry' && e.previous.value === null ? 'delete' : 'set';
    const failure = await change(exec, e.ref, e.previous, scratch);
    if (failure) {
      failures.push(`${row.setting}: ${failure}`);
      row.note = `failed: ${failure}`;
      kept.push(e);
    } else {
      changed++;
      if (e.reboot) rebootRequired.push(row.setting);
      opts.log?.info(`Tuning revert: ${row.setting}: ${row.current} -> ${row.desired}`);
    }
  }
  if (saved.entries.length > 0)
    await saveState(exec, state, { version: 1, entries: kept.reverse() });
  const report: TuningReport = { changed, unchanged, rebootRequired, rows };
  if (failures.length > 0)
    throw new TuningError(
      `${failures.length} tuning revert(s) failed on ${exec.label}: ${failures.join('; ')}`,
      report,
    );
  return report;
}
