/**
 * What a tuning profile is made of: a setting is a reference (which registry value, service, plan,
 * port range or TCP parameter) plus a desired value. Values read from a host, recorded in the state
 * file and desired by a profile share one representation, so comparing, printing and recording
 * them is one function each.
 */
import { ABSENT, type PlanArea } from '../plan-item.js';
import { describePowerScheme } from '../powercfg.js';
import type { IpFamily, PortRange } from '../netsh.js';
import { formatRegData, sameRegValue, type RegData, type RegType } from '../reg.js';

export type StartType = 'auto' | 'delayed-auto' | 'demand' | 'disabled';
/** Start types a host can report; `boot` and `system` belong to drivers and are never set. */
export type ServiceStart = StartType | 'boot' | 'system';

export type SettingRef =
  | { kind: 'registry'; key: string; name: string }
  | { kind: 'service-start'; service: string }
  | { kind: 'power-plan' }
  | { kind: 'dynamic-port'; family: IpFamily }
  | { kind: 'tcp-global'; name: string };

export type SettingValue =
  | { kind: 'registry'; value: { type: RegType; data: RegData } | null }
  | { kind: 'service-start'; start: ServiceStart }
  | { kind: 'power-plan'; scheme: string }
  | { kind: 'dynamic-port'; range: PortRange }
  | { kind: 'tcp-global'; value: string };

export interface TuningSetting {
  ref: SettingRef;
  desired: SettingValue;
  /** One line: why this setting helps (built-in settings always have one). */
  why?: string;
  /** True when the change takes effect only after a restart of Windows. */
  reboot: boolean;
  /** The Microsoft page that documents the setting (built-in settings always have one). */
  source?: string;
  /** Line in the profile file, for messages. */
  line?: number;
}

/** A setting the profile asked for and winship will not apply, with the reason and what to do. */
export interface Refusal {
  area: PlanArea;
  setting: string;
  desired: string;
  reason: string;
  line?: number;
}

export interface TuningProfile {
  /** `default`, or the profile file's path as the user gave it. */
  name: string;
  settings: TuningSetting[];
  refused: Refusal[];
}

/** Stable identity of a setting (state file key, duplicate detection); case-insensitive like Windows. */
export function settingId(ref: SettingRef): string {
  switch (ref.kind) {
    case 'registry':
      return `registry:${ref.key}\\${ref.name}`.toUpperCase();
    case 'service-start':
      return `service-start:${ref.service}`.toUpperCase();
    case 'power-plan':
      return 'POWER-PLAN';
    case 'dynamic-port':
      return `DYNAMIC-PORT:${ref.family}`.toUpperCase();
    case 'tcp-global':
      return `TCP-GLOBAL:${ref.name}`.toUpperCase();
  }
}

/** How the setting is named in plans and reports. */
export function settingLabel(ref: SettingRef): string {
  switch (ref.kind) {
    case 'registry':
      return `${ref.key}\\${ref.name}`;
    case 'service-start':
      return `service ${ref.service} start type`;
    case 'power-plan':
      return 'active power plan';
    case 'dynamic-port':
      return `TCP dynamic port range (${ref.family})`;
    case 'tcp-global':
      return `TCP global ${ref.name}`;
  }
}

export function settingArea(ref: SettingRef): PlanArea {
  switch (ref.kind) {
    case 'registry':
      return 'registry';
    case 'service-start':
      return 'service';
    case 'power-plan':
      return 'power';
    default:
      return 'netsh';
  }
}

export function formatValue(v: SettingValue): string {
  switch (v.kind) {
    case 'registry':
      return v.value === null
        ? ABSENT
        : `${v.value.type} ${formatRegData(v.value.type, v.value.data)}`;
    case 'service-start':
      return v.start;
    case 'power-plan':
      return describePowerScheme(v.scheme);
    case 'dynamic-port':
      return `start=${v.range.start} num=${v.range.num} (${v.range.start}-${v.range.start + v.range.num - 1})`;
    case 'tcp-global':
      return v.value;
  }
}

export function sameValue(a: SettingValue, b: SettingValue): boolean {
  if (a.kind === 'registry' && b.kind === 'registry') {
    if (a.value === null || b.value === null) return a.value === b.value;
    return sameRegValue(a.value, b.value);
  }
  if (a.kind === 'service-start' && b.kind === 'service-start') return a.start === b.start;
  if (a.kind === 'power-plan' && b.kind === 'power-plan')
    return a.scheme.toLowerCase() === b.scheme.toLowerCase();
  if (a.kind === 'dynamic-port' && b.kind === 'dynamic-port')
    return a.range.start === b.range.start && a.range.num === b.range.num;
  if (a.kind === 'tcp-global' && b.kind === 'tcp-global') return a.value === b.value;
  return false;
}

/** JSON for the state file: REG_QWORD as a decimal string, binary data as hex. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [k: string]: JsonValue };

export function valueToJson(v: SettingValue): JsonValue {
  if (v.kind !== 'registry' || v.value === null) return v as unknown as JsonValue;
  const { type, data } = v.value;
  const json: JsonValue =
    typeof data === 'bigint'
      ? data.toString()
      : Buffer.isBuffer(data)
        ? data.toString('hex')
        : (data as JsonValue);
  return { kind: 'registry', value: { type, data: json } };
}

export function valueFromJson(j: JsonValue): SettingValue {
  const v = j as unknown as SettingValue;
  if (v.kind !== 'registry' || v.value === null) return v;
  const { type, data } = v.value as { type: RegType; data: unknown };
  if (type === 'REG_QWORD')
    return { kind: 'registry', value: { type, data: BigInt(data as string) } };
  if (type === 'REG_BINARY' || type === 'REG_NONE')
    return { kind: 'registry', value: { type, data: Buffer.from(data as string, 'hex') } };
  return { kind: 'registry', value: { type, data: data as RegData } };
}
