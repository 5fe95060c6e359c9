/**
 * `powercfg.exe` as argument vectors and parsers. Only GUIDs and the active marker are read: the
 * labels and plan names are translated (`GUID des Energieschemas: … (Ausbalanciert)`).
 */
import { UserError } from '../runner/errors.js';

/**
 * The built-in plans' aliases (Microsoft, "Power and performance tuning": SCHEME_MAX = Power
 * Saver, SCHEME_MIN = High Performance, SCHEME_BALANCED = Balanced) and their GUIDs
 * (GUID_MAX_POWER_SAVINGS, GUID_MIN_POWER_SAVINGS, GUID_TYPICAL_POWER_SAVINGS).
 */
export const POWER_SCHEME_ALIASES = {
  SCHEME_MIN: '8c5e7fda-e8bf-4a96-9a85-a6e23a8c635c',
  SCHEME_MAX: 'a1841308-3541-4fab-bc81-f71556f20b4a',
  SCHEME_BALANCED: '381b4222-f694-41f0-9685-ff5bb260df2e',
} as const;

export type PowerSchemeAlias = keyof typeof POWER_SCHEME_ALIASES;

const GUID = /[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/;
const GUID_ONLY = new RegExp(`^\\{?(${GUID.source})\\}?$`);

/** A plan given as an alias (any case) or a GUID (with or without braces), as a lower-case GUID. */
export function resolvePowerScheme(spec: string): string {
  const alias = spec.trim().toUpperCase();
  if (alias in POWER_SCHEME_ALIASES) return POWER_SCHEME_ALIASES[alias as PowerSchemeAlias];
  const m = GUID_ONLY.exec(spec.trim());
  if (!m)
    throw new UserError(
      `Invalid power plan '${spec}': use SCHEME_MIN (High performance), SCHEME_BALANCED, SCHEME_MAX (Power saver) or a plan GUID from 'powercfg /list'`,
    );
  return (m[1] ?? '').toLowerCase();
}

/** `SCHEME_MIN (8c5e7fda-…)` for a known GUID, the GUID otherwise: for plans and logs. */
export function describePowerScheme(guid: string): string {
  const alias = Object.entries(POWER_SCHEME_ALIASES).find(([, g]) => g === guid.toLowerCase())?.[0];
  return alias ? `${alias} (${guid})` : guid;
}

export function powercfgGetActiveScheme(): string[] {
  return ['powercfg.exe', '/getactivescheme'];
}

export function powercfgSetActive(scheme: string): string[] {
  return ['powercfg.exe', '/setactive', resolvePowerScheme(scheme)];
}

/** The active plan's GUID from `powercfg /getactivescheme` (any display language), lower case. */
export function parseActiveScheme(stdout: string): string | undefined {
  return GUID.exec(stdout)?.[0].toLowerCase();
}

export interface PowerScheme {
  guid: string;
  name: string;
  active: boolean;
}

/** The plans of `powercfg /list`: GUID, name in parentheses, active when a `*` follows the name. */
export function parsePowerSchemeList(stdout: string): PowerScheme[] {
  const out: PowerScheme[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const m = GUID.exec(line);
    if (!m) continue;
    const rest = line.slice(m.index + m[0].length);
    const name = /^\s*\((.*?)\)(?=\s*(\*|\[|$))/.exec(rest)?.[1] ?? '';
    out.push({ guid: m[0].toLowerCase(), name, active: /\)\s*\*/.test(rest) });
  }
  return out;
}
