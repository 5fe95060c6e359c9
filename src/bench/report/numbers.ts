/**
 * Numbers as benchstat prints them: four significant digits with an SI prefix (binary prefixes
 * for byte units), the CI as ± the larger relative distance from the center, deltas in percent.
 */
import type { Summary } from '../stats/assumption.js';

const DECIMAL: [number, string][] = [
  [1e12, 'T'],
  [1e9, 'G'],
  [1e6, 'M'],
  [1e3, 'k'],
  [1, ''],
  [1e-3, 'm'],
  [1e-6, 'µ'],
  [1e-9, 'n'],
  [1e-12, 'p'],
];
const BINARY: [number, string][] = [
  [1024 ** 4, 'Ti'],
  [1024 ** 3, 'Gi'],
  [1024 ** 2, 'Mi'],
  [1024, 'Ki'],
  [1, ''],
];

/** Bytes in the numerator ("B/op", "B/s") scale by 1024. */
export function isBinaryUnit(unit: string): boolean {
  const numerator = unit.split('/')[0] ?? '';
  return numerator.split(/[*\-\s]/).some((t) => t === 'B' || t === 'bytes');
}

/** The SI (or binary) prefix formatValue would print `value` with, and its factor. */
export function scaleFor(value: number, unit: string): { factor: number; prefix: string } {
  const table = isBinaryUnit(unit) ? BINARY : DECIMAL;
  const abs = Math.abs(value);
  if (!Number.isFinite(abs) || abs === 0) return { factor: 1, prefix: '' };
  const [factor, prefix] = table.find(([f]) => abs >= f * 0.99995) ?? table[table.length - 1]!;
  return { factor, prefix };
}

export function formatValue(value: number, unit: string): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0.000';
  const { factor, prefix } = scaleFor(value, unit);
  return `${(value / factor).toPrecision(4)}${prefix}`;
}

/** The symbol after a value of `unit` per op: s for sec/op, B for B/op, nothing for counts. */
export function unitSymbol(unit: string): string {
  const numerator = unit.split('/')[0] ?? '';
  if (numerator === 'sec') return 's';
  if (numerator === 'B') return 'B';
  return '';
}

/** A change with its sign and unit: +1.234µs, -2.000KiB. */
export function formatSigned(value: number, unit: string): string {
  const sign = value > 0 ? '+' : value < 0 ? '-' : '';
  return `${sign}${formatValue(Math.abs(value), unit)}${unitSymbol(unit)}`;
}

export function formatCI(s: Summary): string {
  if (!Number.isFinite(s.lo) || !Number.isFinite(s.hi)) return '∞';
  if (Math.sign(s.center) !== Math.sign(s.lo) || Math.sign(s.center) !== Math.sign(s.hi))
    return '?';
  if (s.center === 0) return '0%';
  const v = Math.max(s.hi / s.center - 1, 1 - s.lo / s.center);
  return `${(100 * v).toFixed(0)}%`;
}

export function formatSummary(s: Summary, unit: string): string {
  return `${formatValue(s.center, unit)} ± ${formatCI(s)}`;
}

export function formatPercent(fraction: number, signed = true): string {
  if (fraction === Infinity) return '+∞%';
  if (fraction === -Infinity) return '-∞%';
  if (!Number.isFinite(fraction)) return '?';
  const pct = (100 * fraction).toFixed(2);
  return signed && fraction >= 0 ? `+${pct}%` : `${pct}%`;
}

export function formatThreshold(fraction: number): string {
  return `${Number((100 * fraction).toPrecision(6))}%`;
}

export function formatP(p: number): string {
  if (!Number.isFinite(p)) return '';
  if (p === 0) return '0';
  if (p >= 0.001) return p.toFixed(3);
  return p.toExponential(1);
}
