/**
 * A changed benchmark as a picture a reviewer reads without reading numbers: each round's base and
 * head value (so one noisy round stands out from a clean shift), with both medians as flat lines and
 * their confidence intervals. Two renderings of one series: a Mermaid `xychart-beta` for the pull
 * request comment (GitHub renders Mermaid code blocks; xychart has lines and bars, no dots, so the
 * rounds are joined) and a small SVG of our own for the uploaded data, with real dots and CI bands.
 *
 * Only numbers and fixed words go into the Mermaid text: names are printed above it by the
 * Markdown report (escaped there), and a unit must be plain (letters, digits, / % . - _) or the
 * chart says "value". In the SVG every text is XML-escaped with invisible characters shown.
 */
import type { RowResult } from '../compare/gate.js';
import { visible } from './escape.js';
import { formatValue, scaleFor, unitSymbol } from './numbers.js';

export const BASE_COLOR = '#0969da';
export const HEAD_COLOR = '#cf222e';
const BASE_LIGHT = '#54aeff';
const HEAD_LIGHT = '#ff8182';

export interface ChartSeries {
  unit: string;
  base: number[];
  head: number[];
  /** Medians and CIs (lo/hi may be infinite when unbounded). */
  baseSummary: { center: number; lo: number; hi: number };
  headSummary: { center: number; lo: number; hi: number };
}

export function seriesOf(row: RowResult): ChartSeries | undefined {
  if (!row.samples) return undefined;
  return {
    unit: row.unit,
    base: row.samples.base,
    head: row.samples.head,
    baseSummary: row.base,
    headSummary: row.head,
  };
}

function plainUnit(unit: string): string {
  return /^[A-Za-z0-9/%._-]{1,40}$/.test(unit) ? unit : 'value';
}

/** Four significant digits, no exponent: what Mermaid reads as a number. */
function num(v: number): string {
  if (!Number.isFinite(v)) return '0';
  const s = Number(v.toPrecision(4));
  return Math.abs(s) < 1e-6 ? '0' : String(s).includes('e') ? s.toFixed(9) : String(s);
}

function range(s: ChartSeries): { lo: number; hi: number } {
  const finite = [
    ...s.base,
    ...s.head,
    s.baseSummary.lo,
    s.baseSummary.hi,
    s.headSummary.lo,
    s.headSummary.hi,
  ].filter((v) => Number.isFinite(v));
  let lo = Math.min(...finite);
  let hi = Math.max(...finite);
  if (!(hi > lo)) {
    lo = lo - Math.abs(lo) * 0.05 - 1e-12;
    hi = hi + Math.abs(hi) * 0.05 + 1e-12;
  }
  const pad = (hi - lo) * 0.08;
  return { lo: Math.max(0, lo - pad), hi: hi + pad };
}

function ciText(s: ChartSeries['baseSummary'], unit: string): string {
  const sym = unitSymbol(unit);
  if (!Number.isFinite(s.lo) || !Number.isFinite(s.hi)) return 'unbounded';
  return `${formatValue(s.lo, unit)}${sym} to ${formatValue(s.hi, unit)}${sym}`;
}

/** The Mermaid block and the caption line under it, as Markdown lines. */
export function mermaidChart(s: ChartSeries): string[] {
  const n = Math.min(s.base.length, s.head.length);
  const unit = plainUnit(s.unit);
  const { factor, prefix } = scaleFor(
    Math.max(Math.abs(s.baseSummary.center), Math.abs(s.headSummary.center)),
    s.unit,
  );
  const sym = unitSymbol(s.unit);
  const scaled = (v: number) => num(v / factor);
  const { lo, hi } = range(s);
  const rounds = Array.from({ length: n }, (_, i) => `"${i + 1}"`);
  const flat = (v: number) => Array.from({ length: n }, () => scaled(v));
  const axis = `${prefix}${sym}` || unit;
  return [
    '```mermaid',
    `%%{init: {"themeVariables": {"xyChart": {"plotColorPalette": "${BASE_COLOR}, ${HEAD_COLOR}, ${BASE_LIGHT}, ${HEAD_LIGHT}"}}}}%%`,
    'xychart-beta',
    `    title "${unit} by round"`,
    `    x-axis "round" [${rounds.join(', ')}]`,
    `    y-axis "${axis === unit ? unit : `${unit} (${axis})`}" ${scaled(lo)} --> ${scaled(hi)}`,
    `    line [${s.base.slice(0, n).map(scaled).join(', ')}]`,
    `    line [${s.head.slice(0, n).map(scaled).join(', ')}]`,
    `    line [${flat(s.baseSummary.center).join(', ')}]`,
    `    line [${flat(s.headSummary.center).join(', ')}]`,
    '```',
    '',
    `Blue: base, red: head, one point a round; the light flat lines are the medians (95% CI: base ${ciText(s.baseSummary, s.unit)}, head ${ciText(s.headSummary, s.unit)}).${s.base.length !== s.head.length ? ` Base has ${s.base.length} values and head ${s.head.length}; the first ${n} of each are drawn.` : ''}`,
  ];
}

/** Text for SVG: invisible characters shown as escapes, then XML-escaped. */
export function xmlText(text: string): string {
  return visible(text).replace(
    /[&<>"']|[\ud800-\udfff]|[\ufffe\uffff]/g,
    (c) =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? '\ufffd',
  );
}

/** A standalone SVG of the series: dots a round, median lines, CI bands, axis with 5 ticks. */
export function svgChart(s: ChartSeries, title: string): string {
  const W = 640;
  const H = 320;
  const left = 80;
  const right = 20;
  const top = 44;
  const bottom = 44;
  const n = Math.max(s.base.length, s.head.length, 1);
  const { lo, hi } = range(s);
  const x = (i: number) => left + ((i + 0.5) * (W - left - right)) / n;
  const y = (v: number) => top + (1 - (v - lo) / (hi - lo)) * (H - top - bottom);
  const clampY = (v: number) => Math.min(H - bottom, Math.max(top, y(v)));
  const f = (v: number) => v.toFixed(1);
  const sym = unitSymbol(s.unit);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
    `<text x="${left}" y="18" font-size="14" font-weight="bold">${xmlText(title)}</text>`,
    `<text x="${left}" y="34" fill="#57606a">${xmlText(`${s.unit} by round: base (blue) and head (red); lines are medians, bands their 95% CI`)}</text>`,
  ];
  for (const [sum, color] of [
    [s.baseSummary, BASE_COLOR],
    [s.headSummary, HEAD_COLOR],
  ] as const) {
    const y1 = clampY(Number.isFinite(sum.hi) ? sum.hi : hi);
    const y2 = clampY(Number.isFinite(sum.lo) ? sum.lo : lo);
    out.push(
      `<rect x="${left}" y="${f(y1)}" width="${W - left - right}" height="${f(Math.max(0.5, y2 - y1))}" fill="${color}" fill-opacity="0.12"/>`,
      `<line x1="${left}" x2="${W - right}" y1="${f(y(sum.center))}" y2="${f(y(sum.center))}" stroke="${color}" stroke-dasharray="6 4"/>`,
    );
  }
  for (let t = 0; t <= 4; t++) {
    const v = lo + ((hi - lo) * t) / 4;
    out.push(
      `<line x1="${left - 4}" x2="${left}" y1="${f(y(v))}" y2="${f(y(v))}" stroke="#57606a"/>`,
      `<text x="${left - 6}" y="${f(y(v) + 4)}" text-anchor="end">${xmlText(`${formatValue(v, s.unit)}${sym}`)}</text>`,
    );
  }
  out.push(
    `<line x1="${left}" x2="${left}" y1="${top}" y2="${H - bottom}" stroke="#57606a"/>`,
    `<line x1="${left}" x2="${W - right}" y1="${H - bottom}" y2="${H - bottom}" stroke="#57606a"/>`,
    `<text x="${(left + W - right) / 2}" y="${H - 10}" text-anchor="middle">round</text>`,
  );
  for (let i = 0; i < n; i++)
    if (n <= 30 || i % Math.ceil(n / 30) === 0)
      out.push(`<text x="${f(x(i))}" y="${H - bottom + 16}" text-anchor="middle">${i + 1}</text>`);
  for (const [values, color, dx] of [
    [s.base, BASE_COLOR, -3],
    [s.head, HEAD_COLOR, 3],
  ] as const)
    values.forEach((v, i) => {
      if (Number.isFinite(v))
        out.push(`<circle cx="${f(x(i) + dx)}" cy="${f(y(v))}" r="4" fill="${color}"/>`);
    });
  out.push('</svg>', '');
  return out.join('\n');
}
