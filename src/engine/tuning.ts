/**
 * Tuning effects over an Executor: read what the host holds, plan (pure, windows/tuning/plan),
 * change only what differs, and record the previous value of every setting winship changed in a
 * state file on the host, so `revertTuning` can put each one back (deleting values that did not
 * exist). A host that already matches the profile is read and left alone: 0 changes.
 *
 * The state file keeps the value from before winship's FIRST change of a setting: applying again,
 * or applying another profile later, never overwrites what revert will restore.
 */
import type { Executor } from '../hosts/executor.js';
import { UserError } from '../runner/errors.js';
import type { RunnerIO } from '../runner/io.js';
import { planTuning, type PlannedSetting } from '../windows/tuning/plan.js';
import {
  formatValue,
  sameValue,
  settingArea,
  settingLabel,
  type TuningProfile,
} from '../windows/tuning/settings.js';
import { validateWindowsPath } from '../windows/validate.js';
import type { PlanItem } from './plan.js';
import { change, readCurrent, scratchFile } from './tuning-host.js';
import { loadState, saveState, type StateEntry } from './tuning-state.js';
import type { TuningReport } from './types.js';

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

export interface ApplyOptions {
  /** Plan only: read the host and report what would change. */
  dryRun: boolean;
  log?: Pick<RunnerIO, 'info' | 'warning'>;
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
    ...(plan.errors.length ? { notRead: plan.errors.length } : {}),
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
  opts: { log?: Pick<RunnerIO, 'info' | 'warning'> } = {},
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
