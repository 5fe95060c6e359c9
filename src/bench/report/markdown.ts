/**
 * The gate's result as Markdown: a verdict line, the regressions, then one benchstat-style table
 * per metric (base ± CI, head ± CI, delta, p, n, verdict) with its geomean row, then warnings and
 * what the run did. Pure strings for the job summary and the pull-request comment.
 */
import { table } from '../../runner/markdown.js';
import type { GateResult, MalformedBenchmark, Regression, RowResult } from '../compare/gate.js';
import type { FormatWarning } from '../format/parse.js';
import { literal } from './escape.js';
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

function unitHeading(unit: string, rows: RowResult[]): string {
  const better = rows.find((r) => r.better)?.better;
  const direction = better ? `, ${better} is better` : ', direction unknown (not gated)';
  const label =
    rows[0]?.base.confidence === 1 && rows[0]?.comparison.method === 'exact-values'
      ? 'exact'
      : 'median';
  return `### ${literal(unit)} (${label}${direction})`;
}

export function renderReport(gate: GateResult, ctx: ReportContext): string {
  const out: string[] = [];
  out.push(`## bench-gate: ${headline(gate, ctx.failOn)}`, '');
  const correction =
    gate.comparisons > 1 ? `, Holm-Bonferroni across ${gate.comparisons} gated comparisons` : '';
  out.push(`${ctx.subject}; Mann-Whitney U test at α = ${gate.alpha}${correction}.`, '');

  if (gate.regressions.length > 0) {
    out.push('**Regressions**', '');
    for (const r of gate.regressions) out.push(`- ${regressionLine(r, literal)}`);
    out.push('');
  }

  if (gate.malformed.length > 0) {
    out.push('**Malformed results** (those lines were not compared)', '');
    for (const m of gate.malformed) out.push(`- ${describeMalformed(m, literal)}`);
    out.push('');
  }

  const multiPkg = new Set(gate.rows.map((r) => r.pkg)).size > 1;
  for (const unit of gate.units) {
    const rows = gate.rows.filter((r) => r.unit === unit);
    if (rows.length === 0) continue;
    out.push(unitHeading(unit, rows), '');
    if (!multiPkg && rows[0]!.pkg) out.push(`pkg: ${literal(rows[0]!.pkg)}`, '');
    const header = ['benchmark', 'base', 'head', 'delta', 'p', 'n', 'verdict'];
    const body: string[][] = [];
    let pkg: string | undefined;
    for (const r of rows) {
      if (multiPkg && r.pkg !== pkg) {
        pkg = r.pkg;
        body.push([`**pkg:** ${pkg ? literal(pkg) : '(none)'}`, '', '', '', '', '', '']);
      }
      body.push([
        literal(r.name),
        formatSummary(r.base, unit),
        formatSummary(r.head, unit),
        deltaCell(r, gate.alpha),
        pCell(r),
        r.comparison.n1 === r.comparison.n2
          ? String(r.comparison.n1)
          : `${r.comparison.n1}+${r.comparison.n2}`,
        verdictCell(r),
      ]);
    }
    const g = gate.geomeans.find((x) => x.unit === unit);
    if (g && g.rows > 1) {
      const verdict =
        g.threshold === undefined
          ? ''
          : g.regression
            ? `🔴 regression (${formatThreshold(g.threshold)})`
            : `gated at ${formatThreshold(g.threshold)}`;
      body.push([
        '**geomean**',
        formatValue(g.base, unit),
        formatValue(g.head, unit),
        formatPercent(g.delta),
        '',
        '',
        verdict,
      ]);
    }
    out.push(table(header, body));
  }

  if (gate.onlyBase.length + gate.onlyHead.length > 0) {
    out.push('**Not compared** (measured on one side only)', '');
    const seen = new Set<string>();
    for (const [side, rows] of [
      ['base', gate.onlyBase],
      ['head', gate.onlyHead],
    ] as const) {
      for (const r of rows) {
        const key = `${side} ${r.pkg} ${r.name}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(`- only in ${side}: ${benchmarkName(r.pkg, r.name, literal)}`);
      }
    }
    out.push('');
  }

  const warnings = collectWarnings(gate, ctx.formatWarnings);
  if (warnings.length > 0) {
    out.push(`<details><summary>Warnings (${warnings.length})</summary>`, '');
    for (const w of warnings) out.push(`- ${literal(w)}`);
    out.push('', '</details>', '');
  }
  if (ctx.notes.length > 0) {
    out.push('<details><summary>How this was measured</summary>', '');
    for (const n of ctx.notes) out.push(`- ${literal(n)}`);
    out.push('', '</details>', '');
  }
  return out.join('\n');
}

/** Row warnings grouped by message, so ten rows short of samples make one line. */
export function collectWarnings(gate: GateResult, formatWarnings: FormatWarning[]): string[] {
  const out = [...gate.warnings];
  const byMessage = new Map<string, string[]>();
  for (const r of gate.rows) {
    for (const w of r.warnings) {
      const list = byMessage.get(w) ?? [];
      list.push(`${r.name} ${r.unit}`);
      byMessage.set(w, list);
    }
  }
  for (const [message, where] of byMessage) {
    const shown = where.slice(0, 3).join(', ');
    out.push(`${message}: ${shown}${where.length > 3 ? ` and ${where.length - 3} more` : ''}`);
  }
  for (const w of formatWarnings.slice(0, 20)) out.push(`${w.file}:${w.line}: ${w.message}`);
  if (formatWarnings.length > 20)
    out.push(`… and ${formatWarnings.length - 20} more malformed lines`);
  return out;
}
