/**
 * The commands that read and change each kind of setting, and the reading of their output into
 * values: argument vectors and parsers only, the engine runs them. Reads return an error message
 * instead of a value when the host cannot answer (no powercfg under Wine, a stub netsh).
 */
import type { ExecResult } from '../exec-result.js';
import {
  netshSetDynamicPort,
  netshSetTcpGlobal,
  netshShowDynamicPort,
  netshShowTcpGlobal,
  parseDynamicPort,
  parseTcpGlobal,
} from '../netsh.js';
import { parseActiveScheme, powercfgGetActiveScheme, powercfgSetActive } from '../powercfg.js';
import { parseRegQueryKeys, regAdd, regDelete, regQuery, sameRegKey } from '../reg.js';
import { scConfig } from '../sc.js';
import { serviceKey } from '../service-registry.js';
import type { ServiceStart, SettingRef, SettingValue } from './settings.js';

export type ReadResult = { ok: true; value: SettingValue } | { ok: false; error: string };

/** The command whose output `readValue` understands. Settings sharing a command run it once. */
export function readCommand(ref: SettingRef): string[] {
  switch (ref.kind) {
    case 'registry':
      // The whole key: one command for every value a profile sets under it.
      return regQuery(ref.key);
    case 'service-start':
      return regQuery(serviceKey(ref.service));
    case 'power-plan':
      return powercfgGetActiveScheme();
    case 'dynamic-port':
      return netshShowDynamicPort(ref.family);
    case 'tcp-global':
      return netshShowTcpGlobal();
  }
}

function firstLine(res: ExecResult): string {
  const text = `${res.stderr}\n${res.stdout}`.split(/\r?\n/).find((l) => l.trim() !== '');
  return text ? `: ${text.trim()}` : '';
}

function failed(argv: readonly string[], res: ExecResult): string {
  return `${argv[0]} exited with ${res.exitCode}${firstLine(res)}`;
}

/** Service start types from the `Start` and `DelayedAutostart` values (SERVICE_*_START numbers). */
export function startTypeFromRegistry(start: number, delayed: number): ServiceStart | undefined {
  switch (start) {
    case 0:
      return 'boot';
    case 1:
      return 'system';
    case 2:
      return delayed === 1 ? 'delayed-auto' : 'auto';
    case 3:
      return 'demand';
    case 4:
      return 'disabled';
    default:
      return undefined;
  }
}

/**
 * The current value from the read command's result. For registry values, `needsExport` says the
 * printed data cannot be trusted (REG_MULTI_SZ joins items with `\0`; Wine prints REG_QWORD as
 * `(null)`) and the engine should read the value from `reg export` instead.
 */
export function readValue(ref: SettingRef, res: ExecResult): ReadResult | { ok: 'export' } {
  const argv = readCommand(ref);
  switch (ref.kind) {
    case 'registry': {
      // reg.exe exits 1 when the key does not exist; the message is localized, the code is not.
      if (res.exitCode === 1) return { ok: true, value: { kind: 'registry', value: null } };
      if (res.exitCode !== 0) return { ok: false, error: failed(argv, res) };
      const block = parseRegQueryKeys(res.stdout).find((b) => sameRegKey(b.key, ref.key));
      // An existing key without values prints nothing (Wine); anything else without the key's own
      // block is not what reg query prints: never guess "absent" from it.
      if (!block)
        return res.stdout.trim() === ''
          ? { ok: true, value: { kind: 'registry', value: null } }
          : { ok: false, error: `reg.exe printed no block for ${ref.key}` };
      const hit = block.values.find((v) => v.name.toLowerCase() === ref.name.toLowerCase());
      if (!hit) {
        const printed = res.stdout
          .split(/\r?\n/)
          .some((l) => l.toLowerCase().startsWith(`    ${ref.name.toLowerCase()}    reg_`));
        // Printed with data reg query cannot show exactly (Wine: REG_QWORD as "(null)").
        if (printed) return { ok: 'export' };
        return { ok: true, value: { kind: 'registry', value: null } };
      }
      if (hit.type === 'REG_MULTI_SZ' || hit.type === 'REG_QWORD') return { ok: 'export' };
      return { ok: true, value: { kind: 'registry', value: { type: hit.type, data: hit.data } } };
    }
    case 'service-start': {
      if (res.exitCode === 1)
        return { ok: false, error: `service ${ref.service} is not installed on this host` };
      if (res.exitCode !== 0) return { ok: false, error: failed(argv, res) };
      const values =
        parseRegQueryKeys(res.stdout).find((b) => sameRegKey(b.key, serviceKey(ref.service)))
          ?.values ?? [];
      const num = (name: string) => {
        const v = values.find((x) => x.name.toLowerCase() === name.toLowerCase());
        return v?.type === 'REG_DWORD' ? (v.data as number) : undefined;
      };
      const start = startTypeFromRegistry(num('Start') ?? -1, num('DelayedAutostart') ?? 0);
      if (!start) return { ok: false, error: `service ${ref.service} has no readable Start value` };
      return { ok: true, value: { kind: 'service-start', start } };
    }
    case 'power-plan': {
      if (res.exitCode !== 0)
        return {
          ok: false,
          error: `powercfg.exe is missing or failed (exit ${res.exitCode}${firstLine(res)})`,
        };
      const scheme = parseActiveScheme(res.stdout);
      if (!scheme) return { ok: false, error: 'powercfg /getactivescheme printed no plan GUID' };
      return { ok: true, value: { kind: 'power-plan', scheme } };
    }
    case 'dynamic-port': {
      if (res.exitCode !== 0) return { ok: false, error: failed(argv, res) };
      const range = parseDynamicPort(res.stdout);
      if (!range)
        return {
          ok: false,
          error: `netsh printed no ${ref.family} dynamic port range (a stub netsh, such as Wine's, prints nothing)`,
        };
      return { ok: true, value: { kind: 'dynamic-port', range } };
    }
    case 'tcp-global': {
      if (res.exitCode !== 0) return { ok: false, error: failed(argv, res) };
      const value = parseTcpGlobal(res.stdout)?.[ref.name];
      if (!value)
        return {
          ok: false,
          error: `netsh int tcp show global printed no readable ${ref.name} (a stub netsh prints nothing; an unknown display language is not guessed)`,
        };
      return { ok: true, value: { kind: 'tcp-global', value } };
    }
  }
}

/** The command that makes the host hold `value` (registry `null` deletes the value). */
export function setCommand(ref: SettingRef, value: SettingValue): string[] {
  if (ref.kind === 'registry' && value.kind === 'registry')
    return value.value === null
      ? regDelete(ref.key, ref.name)
      : regAdd(ref.key, ref.name, value.value.type, value.value.data);
  if (ref.kind === 'service-start' && value.kind === 'service-start') {
    if (value.start === 'boot' || value.start === 'system')
      throw new Error(`winship never sets the driver start type ${value.start}`);
    return scConfig(ref.service, { start: value.start });
  }
  if (ref.kind === 'power-plan' && value.kind === 'power-plan')
    return powercfgSetActive(value.scheme);
  if (ref.kind === 'dynamic-port' && value.kind === 'dynamic-port')
    return netshSetDynamicPort(ref.family, value.range);
  if (ref.kind === 'tcp-global' && value.kind === 'tcp-global')
    return netshSetTcpGlobal(ref.name, value.value);
  throw new Error(`value of kind ${value.kind} does not fit setting ${ref.kind}`);
}
