/**
 * `netsh` as argument vectors and parsers for the TCP dynamic port range and TCP global settings.
 * French and German netsh translate headers and labels but not numbers or values (`enabled`,
 * `normal`), so the port range is read by position and global settings by English label or, in
 * another display language, by the known row layouts with every value checked against its domain.
 */
import { UserError } from '../runner/errors.js';

export type IpFamily = 'ipv4' | 'ipv6';
export const IP_FAMILIES: readonly IpFamily[] = ['ipv4', 'ipv6'];

export interface PortRange {
  start: number;
  num: number;
}

export function netshShowDynamicPort(family: IpFamily): string[] {
  return ['netsh.exe', 'int', family, 'show', 'dynamicport', 'tcp'];
}

/**
 * Limits from Microsoft KB 929851 ("The default dynamic port range for TCP/IP has changed"): the
 * start is at least 1025, the range at least 255 ports, and the end port at most 65535.
 */
export function validatePortRange(range: PortRange, what = 'TCP dynamic port range'): PortRange {
  const { start, num } = range;
  if (
    !Number.isInteger(start) ||
    !Number.isInteger(num) ||
    start < 1025 ||
    num < 255 ||
    start + num - 1 > 65535
  )
    throw new UserError(
      `Invalid ${what} start=${start} num=${num}: start must be at least 1025, num at least 255, and start+num-1 at most 65535`,
    );
  return range;
}

export function netshSetDynamicPort(family: IpFamily, range: PortRange): string[] {
  const { start, num } = validatePortRange(range);
  return ['netsh.exe', 'int', family, 'set', 'dynamicport', 'tcp', `start=${start}`, `num=${num}`];
}

/**
 * `Start Port : 49152` / `Number of Ports : 16384` (or `Port de démarrage : …`): the first two
 * `label : number` lines are start and count, whatever the labels say.
 */
export function parseDynamicPort(stdout: string): PortRange | undefined {
  const numbers: number[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const m = /:\s*([0-9]+)\s*$/.exec(line);
    if (m) numbers.push(Number(m[1]));
  }
  const [start, num] = numbers;
  if (numbers.length !== 2 || start === undefined || num === undefined) return undefined;
  if (start < 1 || start > 65535 || num < 1 || start + num > 65536) return undefined;
  return { start, num };
}

/** A `netsh int tcp set global` parameter winship can set, with its accepted values. */
export interface TcpGlobalParam {
  /** English label in `netsh int tcp show global`. */
  label: string;
  /** Accepted values (lower case), or a numeric range. */
  values: readonly string[] | { min: number; max: number };
}

const STATE = ['enabled', 'disabled'] as const;

/**
 * Parameters of `netsh int tcp set global` on Windows Server 2019-2025. `default` is not accepted
 * as a desired value: netsh shows the resolved value, so a profile saying `default` would never
 * converge; write the value itself.
 */
export const TCP_GLOBAL_PARAMS: Record<string, TcpGlobalParam> = {
  rss: { label: 'Receive-Side Scaling State', values: STATE },
  autotuninglevel: {
    label: 'Receive Window Auto-Tuning Level',
    values: ['disabled', 'highlyrestricted', 'restricted', 'normal', 'experimental'],
  },
  ecncapability: { label: 'ECN Capability', values: STATE },
  timestamps: { label: 'RFC 1323 Timestamps', values: STATE },
  initialrto: { label: 'Initial RTO', values: { min: 300, max: 3000 } },
  rsc: { label: 'Receive Segment Coalescing State', values: STATE },
  nonsackrttresiliency: { label: 'Non Sack Rtt Resiliency', values: STATE },
  maxsynretransmissions: { label: 'Max SYN Retransmissions', values: { min: 2, max: 8 } },
  fastopen: { label: 'Fast Open', values: STATE },
  fastopenfallback: { label: 'Fast Open Fallback', values: STATE },
  hystart: { label: 'HyStart', values: STATE },
  prr: { label: 'Proportional Rate Reduction', values: STATE },
  pacingprofile: {
    label: 'Pacing Profile',
    values: ['off', 'initialwindow', 'slowstart', 'always'],
  },
};

/** Rows shown but not settable through winship (kept to recognise layouts). */
const READ_ONLY_ROWS: Record<
  string,
  { label: string; values: readonly string[] | { min: number; max: number } }
> = {
  chimney: { label: 'Chimney Offload State', values: ['enabled', 'disabled', 'automatic'] },
  congestionprovider: { label: 'Add-On Congestion Control Provider', values: /* any word */ [] },
};

/** Checks a desired value against the parameter's domain; returns it normalized (lower case). */
export function checkTcpGlobalValue(name: string, value: string | number): string {
  const param = TCP_GLOBAL_PARAMS[name];
  if (!param)
    throw new UserError(
      `Unknown TCP global setting '${name}': supported are ${Object.keys(TCP_GLOBAL_PARAMS).join(', ')}`,
    );
  const v = String(value).trim().toLowerCase();
  if (Array.isArray(param.values)) {
    if (!param.values.includes(v))
      throw new UserError(
        `Invalid value '${value}' for TCP global setting ${name}: use one of ${param.values.join(', ')}`,
      );
    return v;
  }
  const { min, max } = param.values as { min: number; max: number };
  if (!/^[0-9]+$/.test(v) || Number(v) < min || Number(v) > max)
    throw new UserError(
      `Invalid value '${value}' for TCP global setting ${name}: use a number from ${min} to ${max}`,
    );
  return String(Number(v));
}

export function netshShowTcpGlobal(): string[] {
  return ['netsh.exe', 'int', 'tcp', 'show', 'global'];
}

export function netshSetTcpGlobal(name: string, value: string | number): string[] {
  return [
    'netsh.exe',
    'int',
    'tcp',
    'set',
    'global',
    `${name}=${checkTcpGlobalValue(name, value)}`,
  ];
}

/**
 * Row orders seen in real output: Windows Server 2016/2019 (Microsoft's "Performance tuning network
 * adapters" page, with Chimney) and newer builds (German sample, with HyStart and PRR).
 */
const LAYOUTS: readonly (readonly string[])[] = [
  [
    'rss',
    'chimney',
    'autotuninglevel',
    'congestionprovider',
    'ecncapability',
    'timestamps',
    'initialrto',
    'rsc',
    'nonsackrttresiliency',
    'maxsynretransmissions',
    'fastopen',
    'fastopenfallback',
    'pacingprofile',
  ],
  [
    'rss',
    'autotuninglevel',
    'congestionprovider',
    'ecncapability',
    'timestamps',
    'initialrto',
    'rsc',
    'nonsackrttresiliency',
    'maxsynretransmissions',
    'fastopen',
    'fastopenfallback',
    'hystart',
    'prr',
    'pacingprofile',
  ],
];

function fitsDomain(name: string, value: string): boolean {
  const domain = (TCP_GLOBAL_PARAMS[name] ?? READ_ONLY_ROWS[name])?.values;
  if (!domain) return false;
  if (Array.isArray(domain))
    return domain.length === 0
      ? /^[a-z0-9]+$/.test(value)
      : domain.includes(value) || value === 'default';
  return /^[0-9]+$/.test(value);
}

/**
 * The settings of `netsh int tcp show global` by parameter name (`autotuninglevel` -> `normal`).
 * Returns undefined when the output is neither English nor one of the known layouts.
 */
export function parseTcpGlobal(stdout: string): Record<string, string> | undefined {
  const rows: { label: string; value: string }[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const i = line.lastIndexOf(':');
    if (i <= 0) continue;
    const label = line.slice(0, i).trim().replace(/\s+/g, ' ');
    const value =
      line
        .slice(i + 1)
        .trim()
        .split(/\s+/)[0]
        ?.toLowerCase() ?? '';
    if (label !== '' && value !== '') rows.push({ label, value });
  }
  if (rows.length === 0) return undefined;
  const byLabel = new Map(
    Object.entries({ ...TCP_GLOBAL_PARAMS, ...READ_ONLY_ROWS }).map(([name, p]) => [
      p.label.toLowerCase(),
      name,
    ]),
  );
  const english: Record<string, string> = {};
  for (const r of rows) {
    const name = byLabel.get(r.label.toLowerCase());
    if (name) english[name] = r.value;
  }
  if (Object.keys(english).length >= Math.min(3, rows.length)) return english;
  for (const layout of LAYOUTS) {
    if (layout.length !== rows.length) continue;
    if (!layout.every((name, i) => fitsDomain(name, rows[i]?.value ?? ''))) continue;
    return Object.fromEntries(layout.map((name, i) => [name, rows[i]?.value ?? '']));
  }
  return undefined;
}
