/**
 * The gate: a benchmark regresses when its change is significant after correcting for the number
 * of comparisons (Holm-Bonferroni) and worse than its threshold. Everything is data in, data out;
 * the verdicts carry their own numbers and warnings so the report can show why.
 *
 * The head is the code under review: in go mode it prints its own output, so nothing in that
 * output may decide how it is judged. Unit metadata (direction, assumption) comes from the
 * action's unit table and the base only; the head's Unit lines are ignored with a warning, and a
 * benchmark whose lines were malformed on either side is listed, never silently dropped.
 */
import {
  parseBenchmarks,
  unitMetaKey,
  type BenchFile,
  type FormatWarning,
  type UnitMeta,
  type UnitMetaMap,
} from '../format/parse.js';
import { defaultBetter, type Better } from '../format/units.js';
import { assumptionFor, type Comparison, type Summary } from '../stats/assumption.js';
import { geomean } from '../stats/geomean.js';
import { holmAdjust } from '../stats/holm.js';
import { minimumP } from '../stats/utest.js';
import { Pairer, pairSamples, type Pairing, type Row } from './pair.js';
import { gatingFor, type Policy } from './policy.js';

export type Verdict =
  /** Significant, worse, beyond the threshold: fails the gate. */
  | 'regression'
  /** Significant, better, beyond the threshold. */
  | 'improvement'
  /** Significant but within the threshold either way. */
  | 'within-threshold'
  /** No significant difference. */
  | 'unchanged'
  /** Reported only: no direction, threshold off, or no test possible. */
  | 'not-gated';

export interface RowResult {
  pkg: string;
  name: string;
  unit: string;
  better?: Better;
  base: Summary;
  head: Summary;
  comparison: Comparison;
  /** head / base − 1 of the centers (medians). */
  delta: number;
  threshold?: number;
  thresholdSource: string;
  /** In the corrected family? */
  gated: boolean;
  /** After Holm; equal to p when not in the family. */
  pAdjusted: number;
  verdict: Verdict;
  warnings: string[];
  /**
   * Every value of each side in the order measured (one a round in go and http mode), kept for
   * regressions and improvements only, for their charts.
   */
  samples?: { base: number[]; head: number[] };
}

export interface GeomeanResult {
  unit: string;
  rows: number;
  base: number;
  head: number;
  delta: number;
  better?: Better;
  threshold?: number;
  regression: boolean;
}

export interface Regression {
  kind: 'benchmark' | 'geomean';
  pkg: string;
  name: string;
  unit: string;
  base: number;
  head: number;
  delta: number;
  p: number;
  pAdjusted: number;
  threshold: number;
}

/** A benchmark with malformed result lines on one side: those lines were not compared. */
export interface MalformedBenchmark {
  side: 'base' | 'head';
  pkg: string;
  name: string;
  /** How many of its lines were malformed. */
  lines: number;
  first: { file: string; line: number; message: string };
}

export interface GateResult {
  result: 'pass' | 'regression';
  rows: RowResult[];
  geomeans: GeomeanResult[];
  regressions: Regression[];
  improvements: RowResult[];
  onlyBase: Row[];
  onlyHead: Row[];
  malformed: MalformedBenchmark[];
  units: string[];
  /** Size of the Holm family. */
  comparisons: number;
  alpha: number;
  warnings: string[];
}

function unitBetter(units: UnitMetaMap, unit: string): Better | undefined {
  const v = units.get(unitMetaKey(unit, 'better'))?.value;
  return v === 'lower' || v === 'higher' ? v : undefined;
}

/** Is the change in the bad direction, and by more than the threshold? */
function beyond(delta: number, better: Better, threshold: number): 'worse' | 'better' | 'within' {
  const worse = better === 'lower' ? delta : -delta;
  if (worse > threshold) return 'worse';
  if (-worse > threshold) return 'better';
  return 'within';
}

function unitLine(side: 'base' | 'head', meta: UnitMeta): string {
  return `${side}'s 'Unit ${meta.origUnit} ${meta.key}=${meta.value}' (${meta.file}:${meta.line})`;
}

/** The base's Unit metadata, minus what the action's own unit table already decides. */
function trustedUnits(base: BenchFile, head: BenchFile, warnings: string[]): UnitMetaMap {
  const units: UnitMetaMap = new Map();
  for (const [key, meta] of base.units) {
    const builtIn = meta.key === 'better' ? defaultBetter(meta.unit) : undefined;
    if (builtIn !== undefined && builtIn !== meta.value)
      warnings.push(`${unitLine('base', meta)} is ignored: ${meta.unit} is ${builtIn}-is-better`);
    else units.set(key, meta);
  }
  for (const [key, meta] of head.units) {
    if (base.units.get(key)?.value !== meta.value)
      warnings.push(
        `${unitLine('head', meta)} is ignored: the head is the code under test, so metric metadata comes from the action and the base`,
      );
  }
  return units;
}

/** Malformed result lines grouped by side and benchmark, in order of first appearance. */
export function malformedBenchmarks(
  side: MalformedBenchmark['side'],
  warnings: readonly FormatWarning[],
): MalformedBenchmark[] {
  const byName = new Map<string, MalformedBenchmark>();
  for (const w of warnings) {
    if (w.benchmark === undefined) continue;
    const pkg = w.pkg ?? '';
    const key = `${pkg}\u0000${w.benchmark}`;
    const have = byName.get(key);
    if (have) have.lines++;
    else
      byName.set(key, {
        side,
        pkg,
        name: w.benchmark,
        lines: 1,
        first: { file: w.file, line: w.line, message: w.message },
      });
  }
  return [...byName.values()];
}

/** Both sides' benchmark output, parsed and gated without holding one object per result line. */
export function evaluateOutputs(
  base: { text: string; file: string },
  head: { text: string; file: string },
  policy: Policy,
): { gate: GateResult; formatWarnings: FormatWarning[]; results: number } {
  const pairer = new Pairer();
  const b = parseBenchmarks(base.text, base.file, new Map(), (r) => pairer.add('base', r));
  const h = parseBenchmarks(head.text, head.file, new Map(), (r) => pairer.add('head', r));
  const results = pairer.results;
  const gate = evaluateGate(b, h, policy, pairer.finish());
  return { gate, formatWarnings: [...b.warnings, ...h.warnings], results };
}

/** `pairing` is computed from the files' results unless given (see evaluateOutputs). */
export function evaluateGate(
  base: BenchFile,
  head: BenchFile,
  policy: Policy,
  pairing: Pairing = pairSamples(base, head),
): GateResult {
  const warnings: string[] = [];
  const units = trustedUnits(base, head, warnings);
  const problems = new Set<string>();

  // Rows with the same warnings share one list (read only), so many rows cost little memory.
  const lists = new Map<string, string[]>();
  const sameList = (list: string[]) => {
    const key = list.join('\n');
    const have = lists.get(key);
    if (have) return have;
    lists.set(key, list);
    return list;
  };
  const rows: RowResult[] = pairing.rows.map((row) => {
    const assumption = assumptionFor(units.get(unitMetaKey(row.unit, 'assume'))?.value);
    const b = assumption.summary(row.base, policy.confidence);
    const h = assumption.summary(row.head, policy.confidence);
    const comparison = assumption.compare(row.base, row.head, policy.alpha);
    const gating = gatingFor(policy, row.name, row.unit, unitBetter(units, row.unit));
    if (gating.problem) problems.add(gating.problem);
    // From zero (a benchmark that did not allocate now does) the change is infinite, not unknown.
    const delta =
      b.center === h.center
        ? 0
        : b.center === 0
          ? Math.sign(h.center) * Infinity
          : h.center / b.center - 1;
    const gated =
      gating.threshold !== undefined &&
      gating.better !== undefined &&
      comparison.method !== 'none' &&
      !Number.isNaN(delta);
    // Constant and equal on both sides (allocs/op, B/op): nothing to test, and nothing to warn about.
    const identical = comparison.method === 'none' && delta === 0;
    const result: RowResult = {
      pkg: row.pkg,
      name: row.name,
      unit: row.unit,
      base: b,
      head: h,
      comparison,
      delta,
      thresholdSource: gating.source,
      gated,
      pAdjusted: comparison.p,
      verdict: identical && gating.better !== undefined ? 'unchanged' : 'not-gated',
      warnings: sameList([
        ...new Set([...b.warnings, ...h.warnings, ...(identical ? [] : comparison.warnings)]),
      ]),
    };
    if (gating.better) result.better = gating.better;
    if (gating.threshold !== undefined) result.threshold = gating.threshold;
    return result;
  });
  warnings.push(...problems);

  // Only comparisons that can come out either way join the family; exact units (p = 0) decide by
  // themselves and would only dilute the others.
  const family = rows.filter((r) => r.gated && r.comparison.method !== 'exact-values');
  const adjusted =
    policy.correction === 'holm'
      ? holmAdjust(family.map((r) => r.comparison.p))
      : family.map((r) => r.comparison.p);
  family.forEach((r, i) => (r.pAdjusted = adjusted[i]!));

  for (const r of rows) {
    if (!r.gated) continue;
    if (r.pAdjusted > policy.alpha || r.delta === 0) {
      r.verdict = 'unchanged';
      continue;
    }
    const side = beyond(r.delta, r.better!, r.threshold!);
    r.verdict =
      side === 'worse' ? 'regression' : side === 'better' ? 'improvement' : 'within-threshold';
  }
  rows.forEach((r, i) => {
    if (r.verdict === 'regression' || r.verdict === 'improvement') {
      const row = pairing.rows[i]!;
      r.samples = { base: row.base, head: row.head };
    }
  });

  // Can these sample sizes reach significance at all, after the correction?
  if (family.length > 0) {
    const level = policy.correction === 'holm' ? policy.alpha / family.length : policy.alpha;
    const weakest = family.reduce((w, r) =>
      minimumP(r.comparison.n1, r.comparison.n2) > minimumP(w.comparison.n1, w.comparison.n2)
        ? r
        : w,
    );
    const best = minimumP(weakest.comparison.n1, weakest.comparison.n2);
    if (best > level)
      warnings.push(
        `with ${weakest.comparison.n1}+${weakest.comparison.n2} samples the smallest possible p is ${best.toPrecision(3)}, above the ${level.toPrecision(3)} that ${family.length} corrected comparisons need at alpha ${policy.alpha}: raise count`,
      );
  }

  const geomeans = geomeanRows(rows, pairing.units, policy);
  const regressions: Regression[] = rows
    .filter((r) => r.verdict === 'regression')
    .map((r) => ({
      kind: 'benchmark',
      pkg: r.pkg,
      name: r.name,
      unit: r.unit,
      base: r.base.center,
      head: r.head.center,
      delta: r.delta,
      p: r.comparison.p,
      pAdjusted: r.pAdjusted,
      threshold: r.threshold!,
    }));
  for (const g of geomeans) {
    if (g.regression)
      regressions.push({
        kind: 'geomean',
        pkg: '',
        name: 'geomean',
        unit: g.unit,
        base: g.base,
        head: g.head,
        delta: g.delta,
        p: NaN,
        pAdjusted: NaN,
        threshold: g.threshold!,
      });
  }

  return {
    result: regressions.length > 0 ? 'regression' : 'pass',
    rows,
    geomeans,
    regressions,
    improvements: rows.filter((r) => r.verdict === 'improvement'),
    onlyBase: pairing.onlyBase,
    onlyHead: pairing.onlyHead,
    malformed: [
      ...malformedBenchmarks('base', base.warnings),
      ...malformedBenchmarks('head', head.warnings),
    ],
    units: pairing.units,
    comparisons: family.length,
    alpha: policy.alpha,
    warnings,
  };
}

function geomeanRows(rows: RowResult[], units: string[], policy: Policy): GeomeanResult[] {
  const out: GeomeanResult[] = [];
  for (const unit of units) {
    const usable = rows.filter((r) => r.unit === unit && r.base.center > 0 && r.head.center > 0);
    if (usable.length === 0) continue;
    const b = geomean(usable.map((r) => r.base.center));
    const h = geomean(usable.map((r) => r.head.center));
    // The geomean of the per-row ratios equals the ratio of the geomeans over the same rows.
    const delta = geomean(usable.map((r) => r.head.center / r.base.center)) - 1;
    const better = usable.find((r) => r.better)?.better;
    const rule =
      policy.geomean.find((g) => g.unit === unit) ??
      policy.geomean.find((g) => g.unit === undefined);
    const g: GeomeanResult = {
      unit,
      rows: usable.length,
      base: b,
      head: h,
      delta,
      regression: false,
    };
    if (better) g.better = better;
    if (rule && better) {
      g.threshold = rule.threshold;
      g.regression = beyond(delta, better, rule.threshold) === 'worse';
    }
    out.push(g);
  }
  return out;
}
