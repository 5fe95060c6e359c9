/**
 * The tuning plan: the profile's settings against what the host holds now, as data. Pure: the
 * engine reads the current values (`commands.ts`), this decides what changes, and the rows print
 * as the dry run and the job summary.
 */
import type { PlanItem } from '../plan-item.js';
import type { ReadResult } from './commands.js';
import {
  formatValue,
  sameValue,
  settingArea,
  settingId,
  settingLabel,
  type SettingValue,
  type TuningProfile,
  type TuningSetting,
} from './settings.js';

/** What the host holds for each setting, by `settingId`. */
export type CurrentValues = ReadonlyMap<string, ReadResult>;

export interface PlannedSetting {
  setting: TuningSetting;
  id: string;
  current: SettingValue;
  change: boolean;
  row: PlanItem;
}

export interface TuningPlan {
  settings: PlannedSetting[];
  /** Every row: settings in profile order, then refusals. */
  rows: PlanItem[];
  /** Settings whose current value could not be read, one line each: the plan cannot be applied. */
  errors: string[];
}

export function planTuning(current: CurrentValues, profile: TuningProfile): TuningPlan {
  const settings: PlannedSetting[] = [];
  const rows: PlanItem[] = [];
  const errors: string[] = [];
  for (const setting of profile.settings) {
    const id = settingId(setting.ref);
    const read = current.get(id);
    const base = {
      area: settingArea(setting.ref),
      setting: settingLabel(setting.ref),
      desired: formatValue(setting.desired),
    };
    if (!read || read.ok !== true) {
      const why = read && read.ok === false ? read.error : 'not read';
      errors.push(`${base.setting}: ${why}`);
      rows.push({ ...base, current: '(unreadable)', action: 'none', note: why });
      continue;
    }
    const change = !sameValue(read.value, setting.desired);
    const row: PlanItem = {
      ...base,
      current: formatValue(read.value),
      action: change ? 'set' : 'none',
      ...(change && setting.reboot ? { note: 'needs a reboot' } : {}),
    };
    rows.push(row);
    settings.push({ setting, id, current: read.value, change, row });
  }
  for (const r of profile.refused)
    rows.push({
      area: r.area,
      setting: r.setting,
      current: '',
      desired: r.desired,
      action: 'refused',
      note: r.reason,
    });
  return { settings, rows, errors };
}
