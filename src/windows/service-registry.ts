/**
 * A service's current configuration, read from the values of its registry key
 * (`HKLM\SYSTEM\CurrentControlSet\Services\<name>`): numbers and stored strings, the same in every
 * locale, rather than `sc qc` text whose labels and words are translated.
 */
import type { RegValue } from './reg.js';
import type { FailureAction } from './sc.js';
import type { Recovery, ServiceConfig } from './service-spec.js';
import { validateServiceName } from './validate.js';

/** The registry key that holds a service's configuration. */
export function serviceKey(name: string): string {
  return `HKLM\\SYSTEM\\CurrentControlSet\\Services\\${validateServiceName(name)}`;
}

const ACTION_TYPES: Record<number, FailureAction['type']> = {
  0: 'none',
  1: 'restart',
  2: 'reboot',
  3: 'run',
};

/**
 * The `FailureActions` REG_BINARY: a SERVICE_FAILURE_ACTIONS with 32-bit fields (MS-SCMR's
 * SERVICE_FAILURE_ACTIONS_WOW64 layout): dwResetPeriod, reboot message and command placeholders,
 * cActions, the offset of the SC_ACTION array (0x14), then cActions pairs of DWORD Type, Delay.
 */
export function decodeFailureActions(data: Buffer): Recovery | undefined {
  if (data.length < 20) return undefined;
  const resetSeconds = data.readUInt32LE(0);
  const count = data.readUInt32LE(12);
  const offset = data.readUInt32LE(16) || 20;
  if (count > 1024 || offset + count * 8 > data.length) return undefined;
  const actions: FailureAction[] = [];
  for (let i = 0; i < count; i++) {
    const type = ACTION_TYPES[data.readUInt32LE(offset + i * 8)];
    if (type === undefined) return undefined;
    actions.push({ type, delayMs: data.readUInt32LE(offset + i * 8 + 4) });
  }
  return { resetSeconds, actions };
}

function find(values: readonly RegValue[], name: string): RegValue | undefined {
  return values.find((v) => v.name.toLowerCase() === name.toLowerCase());
}

function str(v: RegValue | undefined): string | undefined {
  return v && typeof v.data === 'string' ? v.data : undefined;
}

function num(v: RegValue | undefined): number | undefined {
  if (!v) return undefined;
  if (typeof v.data === 'number') return v.data;
  if (typeof v.data === 'bigint') return Number(v.data);
  return undefined;
}

function list(v: RegValue | undefined): string[] {
  if (!v) return [];
  if (Array.isArray(v.data)) return v.data.filter((s) => s !== '');
  if (typeof v.data === 'string' && v.data !== '') return [v.data];
  return [];
}

/** SERVICE_START_TYPE (the `Start` value) with `DelayedAutostart`, as a start type name. */
function startTypeOf(start: number | undefined, delayed: boolean): ServiceConfig['startType'] {
  switch (start) {
    case 2:
      return delayed ? 'delayed-auto' : 'auto';
    case 3:
      return 'demand';
    case 4:
      return 'disabled';
    case 0:
      return 'boot';
    case 1:
      return 'system';
    default:
      return 'unknown';
  }
}

/** The configuration held by the values of the service key (`reg query <serviceKey>`). */
export function readServiceConfig(values: readonly RegValue[]): ServiceConfig {
  const cfg: ServiceConfig = {
    imagePath: str(find(values, 'ImagePath')) ?? '',
    startType: startTypeOf(num(find(values, 'Start')), num(find(values, 'DelayedAutostart')) === 1),
    account: str(find(values, 'ObjectName')) ?? 'LocalSystem',
    dependencies: list(find(values, 'DependOnService')),
    environment: [...list(find(values, 'Environment'))].sort(byKey),
  };
  const displayName = str(find(values, 'DisplayName'));
  if (displayName !== undefined) cfg.displayName = displayName;
  const description = str(find(values, 'Description'));
  if (description !== undefined) cfg.description = description;
  const fa = find(values, 'FailureActions');
  const recovery = fa && Buffer.isBuffer(fa.data) ? decodeFailureActions(fa.data) : undefined;
  if (recovery) cfg.recovery = recovery;
  cfg.failureFlag = num(find(values, 'FailureActionsOnNonCrashFailures')) === 1;
  return cfg;
}

function byKey(a: string, b: string): number {
  const ka = a.split('=')[0] ?? '';
  const kb = b.split('=')[0] ?? '';
  return ka < kb ? -1 : ka > kb ? 1 : a < b ? -1 : a > b ? 1 : 0;
}
