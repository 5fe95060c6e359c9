/**
 * The gate's result as Markdown: a verdict line, the regressions, then one benchstat-style table
 * per metric (base ± CI, head ± CI, delta, p, n, verdict) with its geomean row, then warnings and
 * what the run did. Pure strings for the job summary and the pull-request comment.
 */
import { escapeCell } from '../../runner/markdown.js';
import type { GateResult, MalformedBenchmark, Regression, RowResult } from '../compare/gate.js';
import type { FormatWarning } from '../format/parse.js';
import type { DetailBlock } from './details.js';
import { literal } from './escape.js';
import { overviewLines } from './overview.js';
import { formatP, formatPercent, formatSummary, formatThreshold, formatValue } from './numbers.js';

/** How names are printed: as they are (annotations, the log) or with `literal` (Markdown). */
export type NameFormat = (text: string) => string;
const plain: NameFormat = (text) => text;

/** `pkg BenchmarkName` as one name. */
function benchmarkName(pkg: string, name: string, fmt: NameFormat): string {
  return fmt(`${pkg ? `${pkg} ` : ''}Benchmark${name}`);
}

export interface ReportContext {
  /** What was compared, e.g. "Go benchmarks, 10 interleaved runs a side". */
  subject: string;
  failOn: 'regression' | 'none';
  /** What the run did and what the time budget cut. */
  notes: string[];
  formatWarnings: FormatWarning[];
  /** Where the full table is, for the note in a report cut to a size limit. */
  fullReport?: string;
  /** Counts per metric (worse, better, same) and geomeans at the top. */
  overview?: boolean;
  /** Lines about the kept raw data (the artifact), after the overview. */
  data?: string[];
  /** Per changed benchmark: charts and where the time went, after the regressions. */
  blocks?: DetailBlock[];
}

const MARK: Record<RowResult['verdict'], string> = {
  regression: '🔴 regression',
  improvement: '🟢 improvement',
  'within-threshold': 'within threshold',
  unchanged: '',
  'not-gated': 'not gated',
};

export function headline(gate: GateResult, failOn: ReportContext['failOn']): string {
  const n = gate.regressions.length;
  const m = gate.malformed.length;
  // Malformed output is never a clean pass: the head could hide a benchmark that way.
  const malformed = m > 0 ? `; ${m} benchmark${m === 1 ? '' : 's'} with malformed results` : '';
  if (n === 0) {
    const imp = gate.improvements.length;
    return `${m > 0 ? '⚠️' : '✅'} No regressions${imp > 0 ? ` (${imp} improvement${imp === 1 ? '' : 's'})` : ''}${malformed}`;
  }
  return `${failOn === 'none' ? '⚠️' : '❌'} ${n} regression${n === 1 ? '' : 's'}${failOn === 'none' ? ' (fail-on: none, not failing)' : ''}${malformed}`;
}

/** One line per benchmark with malformed lines, for the log and the report. */
export function describeMalformed(m: MalformedBenchmark, fmt: NameFormat = plain): string {
  const lines = m.lines === 1 ? '1 malformed line' : `${m.lines} malformed lines`;
  return `${m.side}: ${benchmarkName(m.pkg, m.name, fmt)}: ${lines} not compared (first ${fmt(`${m.first.file}:${m.first.line}: ${m.first.message}`)})`;
}

export function describeRegression(r: Regression): string {
  return regressionLine(r, plain);
}

function regressionLine(r: Regression, fmt: NameFormat): string {
  const where =
    r.kind === 'geomean'
      ? `geomean of ${fmt(r.unit)}`
      : `${benchmarkName(r.pkg, r.name, fmt)} ${fmt(r.unit)}`;
  const p = r.kind === 'geomean' ? '' : `, p=${formatP(r.pAdjusted)}`;
  return `${where}: ${formatValue(r.base, r.unit)} → ${formatValue(r.head, r.unit)} (${formatPercent(r.delta)}, threshold ${formatThreshold(r.threshold)}${p})`;
}

function deltaCell(r: RowResult, alpha: number): string {
  if (r.delta === 0) return '0.00%';
  const d = formatPercent(r.delta);
  if (r.verdict === 'not-gated') return r.comparison.p <= alpha ? d : `~ (${d})`;
  return r.pAdjusted <= alpha ? `**${d}**` : `~ (${d})`;
}

function pCell(r: RowResult): string {
  const p = formatP(r.comparison.p);
  return r.gated && r.pAdjusted !== r.comparison.p ? `${p} (Holm ${formatP(r.pAdjusted)})` : p;
}

function verdictCell(r: RowResult): string {
  const mark = MARK[r.verdict];
  if (
    (r.verdict === 'regression' ||
      r.verdict === 'improvement' ||
      r.verdict === 'within-threshold') &&
    r.threshold !== undefined
  )
    return `${mark} (${formatThreshold(r.threshold)})`;
  return mark;
}

function unitHeading(unit: string, first: RowResult): string {
  // Direction and assumption are per unit (a rule can differ per benchmark; the first row decides).
  const better = first.better;
  const direction = better ? `, ${better} is better` : ', direction unknown (not gated)';
  const label =
    first.base.confidence === 1 && first.comparison.method === 'exact-values' ? 'exact' : 'median';
  return `### ${literal(unit)} (${label}${direction})`;
}

/** The runner drops a step summary over 1 MiB (1,048,576 bytes); this leaves room to spare. */
export const SUMMARY_LIMIT: ReportLimit = { bytes: 1_000_000, name: 'the job summary (1 MiB)' };
/**
 * GitHub refuses a comment body over 65,536 characters; counting UTF-8 bytes is stricter than
 * counting characters, and the marker line and a link to the run still fit.
 */
export const COMMENT_LIMIT: ReportLimit = { bytes: 64_000, name: 'a pull-request comment' };
/** Bullet lists (regressions, malformed, not compared) in a bounded report. */
const LIST_CAP = 50;

export interface ReportLimit {
  bytes: number;
  /** What the limit is for, in the note that says what was left out. */
  name: string;
}

interface RenderOptions {
  /** Rows of gate.rows to print (1 = shown); every row when absent. */
  shown?: Uint8Array;
  /** At most this many entries per bullet list. */
  listCap?: number;
  cutNote?: string;
  /** Blocks of ctx.blocks to print (the first n); all when absent. */
  blocks?: number;
}

function tableRow(cells: readonly string[]): string {
  return `| ${cells.map(escapeCell).join(' | ')} |`;
}

function rowCells(r: RowResult, alpha: number): string[] {
  return [
    literal(r.name),
    formatSummary(r.base, r.unit),
    formatSummary(r.head, r.unit),
    deltaCell(r, alpha),
    pCell(r),
    r.comparison.n1 === r.comparison.n2
      ? String(r.comparison.n1)
      : `${r.comparison.n1}+${r.comparison.n2}`,
    verdictCell(r),
  ];
}

function* capped<T>(items: readonly T[], cap: number, line: (item: T) => string, rest: string) {
  for (const item of items.slice(0, cap)) yield line(item);
  if (items.length > cap) yield `- … and ${items.length - cap} more ${rest}`;
}

/** The report line by line; a bounded one prints the rows in `shown` and caps the lists. */
export function* reportLines(
  gate: GateResult,
  ctx: ReportContext,
  opts: RenderOptions = {},
): Generator<string> {
  const cap = opts.listCap ?? Infinity;
  yield `## bench-gate: ${headline(gate, ctx.failOn)}`;
  yield '';
  const correction =
    gate.comparisons > 1 ? `, Holm-Bonferroni across ${gate.comparisons} gated comparisons` : '';
  yield `${ctx.subject}; Mann-Whitney U test at α = ${gate.alpha}${correction}.`;
  yield '';
  if (opts.cutNote) {
    yield opts.cutNote;
    yield '';
  }
  if (ctx.overview) {
    const overview = overviewLines(gate);
    if (overview.length > 0) {
      yield* overview;
      yield '';
    }
  }
  if (ctx.data && ctx.data.length > 0) {
    yield* ctx.data;
    yield '';
  }

  if (gate.regressions.length > 0) {
    yield '**Regressions**';
    yield '';
    yield* capped(gate.regressions, cap, (r) => `- ${regressionLine(r, literal)}`, 'regressions');
    yield '';
  }

  if (gate.malformed.length > 0) {
    yield '**Malformed results** (those lines were not compared)';
    yield '';
    yield* capped(gate.malformed, cap, (m) => `- ${describeMalformed(m, literal)}`, 'benchmarks');
    yield '';
  }

  const blocks = ctx.blocks ?? [];
  const shownBlocks = Math.min(blocks.length, opts.blocks ?? blocks.length);
  for (const b of blocks.slice(0, shownBlocks)) yield* b.lines;
  if (shownBlocks < blocks.length) {
    yield `*${blocks.length - shownBlocks} more changed benchmark${blocks.length - shownBlocks === 1 ? '' : 's'} with charts and profiles are in ${ctx.fullReport ?? 'the file named by the `report-file` output of this step'}.*`;
    yield '';
  }

  let firstPkg: string | undefined;
  let multiPkg = false;
  for (const r of gate.rows) {
    if (firstPkg === undefined) firstPkg = r.pkg;
    else if (r.pkg !== firstPkg) {
      multiPkg = true;
      break;
    }
  }
  for (const unit of gate.units) {
    let any: RowResult | undefined;
    for (let i = 0; i < gate.rows.length && !any; i++)
      if (gate.rows[i]!.unit === unit && (!opts.shown || opts.shown[i])) any = gate.rows[i];
    if (!any) continue;
    yield unitHeading(unit, any);
    yield '';
    if (!multiPkg && any.pkg) {
      yield `pkg: ${literal(any.pkg)}`;
      yield '';
    }
    yield tableRow(['benchmark', 'base', 'head', 'delta', 'p', 'n', 'verdict']);
    yield '| --- | --- | --- | --- | --- | --- | --- |';
    let pkg: string | undefined;
    for (let i = 0; i < gate.rows.length; i++) {
      const r = gate.rows[i]!;
      if (r.unit !== unit || (opts.shown && !opts.shown[i])) continue;
      if (multiPkg && r.pkg !== pkg) {
        pkg = r.pkg;
        yield tableRow([`**pkg:** ${pkg ? literal(pkg) : '(none)'}`, '', '', '', '', '', '']);
      }
      yield tableRow(rowCells(r, gate.alpha));
    }
    const g = gate.geomeans.find((x) => x.unit === unit);
    if (g && g.rows > 1) {
      const verdict =
        g.threshold === undefined
          ? ''
          : g.regression
            ? `🔴 regression (${formatThreshold(g.threshold)})`
            : `gated at ${formatThreshold(g.threshold)}`;
      yield tableRow([
        '**geomean**',
        formatValue(g.base, unit),
        formatValue(g.head, unit),
        formatPercent(g.delta),
        '',
        '',
        verdict,
      ]);
    }
    yield '';
  }

  if (gate.onlyBase.length + gate.onlyHead.length > 0) {
    yield '**Not compared** (measured on one side only)';
    yield '';
    const seen = new Set<string>();
    const once: string[] = [];
    for (const [side, rows] of [
      ['base', gate.onlyBase],
      ['head', gate.onlyHead],
    ] as const) {
      for (const r of rows) {
        const key = `${side}\u0000${r.pkg}\u0000${r.name}`;
        if (seen.has(key)) continue;
        seen.add(key);
        once.push(`- only in ${side}: ${benchmarkName(r.pkg, r.name, literal)}`);
      }
    }
    yield* capped(once, cap, (l) => l, 'benchmarks');
    yield '';
  }

  const warnings = collectWarnings(gate, ctx.formatWarnings);
  if (warnings.length > 0) {
    yield `<details><summary>Warnings (${warnings.length})</summary>`;
    yield '';
    yield* capped(warnings, cap, (w) => `- ${literal(w)}`, 'warnings');
    yield '';
    yield '</details>';
    yield '';
  }
  if (ctx.notes.length > 0) {
    yield '<details><summary>How this was measured</summary>';
    yield '';
    for (const n of ctx.notes) yield `- ${literal(n)}`;
    yield '';
    yield '</details>';
    yield '';
  }
}

/** Regressions first, then improvements, then the rest, each in table order. */
function priorityOrder(rows: readonly RowResult[]): Uint32Array {
  const order = new Uint32Array(rows.length);
  let k = 0;
  for (const pass of ['regression', 'improvement', undefined] as const)
    for (let i = 0; i < rows.length; i++) {
      const v = rows[i]!.verdict;
      if (pass ? v === pass : v !== 'regression' && v !== 'improvement') order[k++] = i;
    }
  return order;
}

function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

function joinLines(lines: Iterable<string>): string {
  let out = '';
  for (const l of lines) out += l + '\n';
  return out;
}

/**
 * The UTF-8 size of the lines joined, counted without joining them; counting stops once past
 * `stop`, so a report of 200,000 rows is never built whole to learn that it does not fit.
 */
function sizeOf(lines: Iterable<string>, stop = Infinity): number {
  let bytes = 0;
  for (const l of lines) {
    bytes += utf8Length(l) + 1;
    if (bytes > stop) break;
  }
  return bytes;
}

/** Text cut at a line end to `bytes`, ending with `note` (for fixed parts too big by themselves). */
function cutAtLine(lines: Iterable<string>, bytes: number, note: string): string {
  let room = bytes - utf8Length(note) - 2;
  let out = '';
  for (const line of lines) {
    const cost = utf8Length(line) + 1;
    if (cost > room) break;
    room -= cost;
    out += line + '\n';
  }
  return `${out}${note}\n`;
}

/**
 * The report within `limit`: whole when it fits, else as many table rows as fit, regressions
 * first, then improvements, then the rest, and a note near the top that says how many rows were
 * left out and where the full table is (`ctx.fullReport`). Sizes are counted line by line; the
 * text is joined once, when it fits.
 */
export function renderReport(
  gate: GateResult,
  ctx: ReportContext,
  limit: ReportLimit = SUMMARY_LIMIT,
): string {
  // Charts and profiles take at most 40% of the room; the rest is for the tables.
  let blockCount = 0;
  let blockBytes = 0;
  for (const b of ctx.blocks ?? []) {
    const cost = sizeOf(b.lines);
    if (blockBytes + cost > limit.bytes * 0.4) break;
    blockBytes += cost;
    blockCount++;
  }
  const whole = () => reportLines(gate, ctx, { listCap: LIST_CAP, blocks: blockCount });
  if (sizeOf(whole(), limit.bytes) <= limit.bytes) return joinLines(whole());
  const total = gate.rows.length;
  const where = ctx.fullReport ?? 'the file named by the `report-file` output of this step';
  const note = (left: number) =>
    `**Cut to fit ${limit.name}:** ${left.toLocaleString('en')} of ${total.toLocaleString('en')} table rows left out; shown first are the regressions, then the improvements, then the rest. The full table is in ${where}.`;
  const shown = new Uint8Array(total);
  const render = (left: number) =>
    reportLines(gate, ctx, { listCap: LIST_CAP, shown, cutNote: note(left), blocks: blockCount });
  let budget = limit.bytes - sizeOf(render(total));
  const order = priorityOrder(gate.rows);
  let k = 0;
  for (; k < order.length; k++) {
    const r = gate.rows[order[k]!]!;
    const cost = utf8Length(tableRow(rowCells(r, gate.alpha))) + 1;
    if (cost > budget) break;
    budget -= cost;
    shown[order[k]!] = 1;
  }
  // Table headings and package rows were not counted: drop rows from the end until it fits.
  for (;;) {
    const over = sizeOf(render(total - k)) - limit.bytes;
    if (over <= 0) return joinLines(render(total - k));
    if (k === 0) return cutAtLine(render(total), limit.bytes, note(total));
    for (let drop = Math.ceil(over / 40); drop > 0 && k > 0; drop--) shown[order[--k]!] = 0;
  }
}

/**
 * The whole report, every row and list entry, a line at a time (each with its line feed), for a
 * file written as it is generated.
 */
export function* fullReport(gate: GateResult, ctx: ReportContext): Generator<string> {
  for (const line of reportLines(gate, ctx)) yield line + '\n';
}

/** Row warnings grouped by message, so ten rows short of samples make one line. */
export function collectWarnings(gate: GateResult, formatWarnings: FormatWarning[]): string[] {
  const out = [...gate.warnings];
  // The first three rows and a count per message, so 200,000 rows short of samples cost little.
  const byMessage = new Map<string, { first: string[]; count: number }>();
  for (const r of gate.rows) {
    for (const w of r.warnings) {
      const group = byMessage.get(w) ?? { first: [], count: 0 };
      if (group.count++ < 3) group.first.push(`${r.name} ${r.unit}`);
      byMessage.set(w, group);
    }
  }
  for (const [message, { first, count }] of byMessage) {
    out.push(`${message}: ${first.join(', ')}${count > 3 ? ` and ${count - 3} more` : ''}`);
  }
  for (const w of formatWarnings.slice(0, 20)) out.push(`${w.file}:${w.line}: ${w.message}`);
  if (formatWarnings.length > 20)
    out.push(`… and ${formatWarnings.length - 20} more malformed lines`);
  return out;
}
