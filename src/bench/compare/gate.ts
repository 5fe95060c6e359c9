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
  BenchmarkParser,
  unitMetaKey,
  type BenchFile,
  type FormatWarning,
  type UnitMeta,
  type UnitMetaMap,
} from '../format/parse.js';
import { defaultBetter, type Better } from '../format/units.js';
import { assumptionFor } from '../stats/assumption.js';
import { geomean } from '../stats/geomean.js';
import { holmAdjust } from '../stats/holm.js';
import { minimumP } from '../stats/utest.js';
import { Pairer, type CompactPairing, type PairedRows, type Pairing, type Row } from './pair.js';
import { gatingFor, type Policy } from './policy.js';
import { RowTable, centerDelta, type RowResult } from './rows.js';

export type { RowResult, Verdict } from './rows.js';

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

/** One side's benchmark output: its name in warnings, and its text a piece at a time. */
export interface SideText {
  file: string;
  chunks: Iterable<string>;
}

/**
 * Both sides' benchmark output, read a piece at a time, parsed and gated without holding either
 * text or one object per result line.
 */
export function evaluateOutputs(
  base: SideText,
  head: SideText,
  policy: Policy,
): { gate: GateResult; formatWarnings: FormatWarning[]; results: number } {
  const pairer = new Pairer();
  const read = (side: 'base' | 'head', input: SideText) => {
    const parser = new BenchmarkParser(input.file, new Map(), (r) => pairer.add(side, r));
    for (const chunk of input.chunks) parser.push(chunk);
    return parser.end();
  };
  const b = read('base', base);
  const h = read('head', head);
  const results = pairer.results;
  const gate = evaluateGate(b, h, policy, pairer.finish());
  return { gate, formatWarnings: [...b.warnings, ...h.warnings], results };
}

/** `pairing` is computed from the files' results unless given (see evaluateOutputs). */
export function evaluateGate(
  base: BenchFile,
  head: BenchFile,
  policy: Policy,
  pairing: Pairing | CompactPairing = pairResults(base, head),
): GateResult {
  const warnings: string[] = [];
  const units = trustedUnits(base, head, warnings);
  const problems = new Set<string>();
  const given = pairing.rows;
  const paired: PairedRows = Array.isArray(given)
    ? { length: given.length, row: (i) => given[i]!, release: () => {} }
    : given;
  const rowAt = (i: number) => paired.row(i);

  const table = new RowTable(paired.length);
  for (let i = 0; i < paired.length; i++) {
    const row = rowAt(i);
    const assumption = assumptionFor(units.get(unitMetaKey(row.unit, 'assume'))?.value);
    const b = assumption.summary(row.base, policy.confidence);
    const h = assumption.summary(row.head, policy.confidence);
    const comparison = assumption.compare(row.base, row.head, policy.alpha);
    const gating = gatingFor(policy, row.name, row.unit, unitBetter(units, row.unit));
    if (gating.problem) problems.add(gating.problem);
    const delta = centerDelta(b.center, h.center);
    const gated =
      gating.threshold !== undefined &&
      gating.better !== undefined &&
      comparison.method !== 'none' &&
      !Number.isNaN(delta);
    // Constant and equal on both sides (allocs/op, B/op): nothing to test, and nothing to warn about.
    const identical = comparison.method === 'none' && delta === 0;
    table.add({
      pkg: row.pkg,
      name: row.name,
      unit: row.unit,
      base: b,
      head: h,
      comparison,
      gating: {
        ...(gating.better ? { better: gating.better } : {}),
        ...(gating.threshold !== undefined ? { threshold: gating.threshold } : {}),
        source: gating.source,
      },
      gated,
      verdict: identical && gating.better !== undefined ? 'unchanged' : 'not-gated',
      warnings: [
        ...new Set([...b.warnings, ...h.warnings, ...(identical ? [] : comparison.warnings)]),
      ],
    });
  }
  warnings.push(...problems);

  // Only comparisons that can come out either way join the family; exact units (p = 0) decide by
  // themselves and would only dilute the others.
  let size = 0;
  const family = new Uint32Array(table.length);
  for (let i = 0; i < table.length; i++)
    if (table.gated(i) && table.methodOf(i) !== 'exact-values') family[size++] = i;
  const familyP = Array.from(family.subarray(0, size), (i) => table.pOf(i));
  const adjusted = policy.correction === 'holm' ? holmAdjust(familyP) : familyP;
  for (let k = 0; k < size; k++) table.setPAdjusted(family[k]!, adjusted[k]!);

  for (let i = 0; i < table.length; i++) {
    if (!table.gated(i)) continue;
    const delta = table.delta(i);
    if (table.pAdjustedOf(i) > policy.alpha || delta === 0) {
      table.setVerdict(i, 'unchanged');
      continue;
    }
    const g = table.gatingOf(i);
    const side = beyond(delta, g.better!, g.threshold!);
    table.setVerdict(
      i,
      side === 'worse' ? 'regression' : side === 'better' ? 'improvement' : 'within-threshold',
    );
    if (side !== 'within') {
      const row = rowAt(i);
      table.setSamples(i, { base: row.base, head: row.head });
    }
  }

  // Can these sample sizes reach significance at all, after the correction?
  if (size > 0) {
    const level = policy.correction === 'holm' ? policy.alpha / size : policy.alpha;
    let weakest = table.nOf(family[0]!);
    for (let k = 1; k < size; k++) {
      const n = table.nOf(family[k]!);
      if (minimumP(n.n1, n.n2) > minimumP(weakest.n1, weakest.n2)) weakest = n;
    }
    const best = minimumP(weakest.n1, weakest.n2);
    if (best > level)
      warnings.push(
        `with ${weakest.n1}+${weakest.n2} samples the smallest possible p is ${best.toPrecision(3)}, above the ${level.toPrecision(3)} that ${size} corrected comparisons need at alpha ${policy.alpha}: raise count`,
      );
  }

  // Every row's values are read: free them before the rows' views are made.
  paired.release();
  const geomeans = geomeanRows(table, pairing.units, policy);
  const rows = table.views();
  const regressions: Regression[] = [];
  const improvements: RowResult[] = [];
  for (let i = 0; i < table.length; i++) {
    const verdict = table.verdictOf(i);
    if (verdict === 'improvement') improvements.push(rows[i]!);
    if (verdict !== 'regression') continue;
    regressions.push({
      kind: 'benchmark',
      pkg: table.pkgOf(i),
      name: table.nameOf(i),
      unit: table.unitOf(i),
      base: table.center(i, 'base'),
      head: table.center(i, 'head'),
      delta: table.delta(i),
      p: table.pOf(i),
      pAdjusted: table.pAdjustedOf(i),
      threshold: table.gatingOf(i).threshold!,
    });
  }
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
    improvements,
    onlyBase: pairing.onlyBase,
    onlyHead: pairing.onlyHead,
    malformed: [
      ...malformedBenchmarks('base', base.warnings),
      ...malformedBenchmarks('head', head.warnings),
    ],
    units: pairing.units,
    comparisons: size,
    alpha: policy.alpha,
    warnings,
  };
}

/** The files' results paired, kept compact. */
function pairResults(base: BenchFile, head: BenchFile): CompactPairing {
  const pairer = new Pairer();
  for (const r of base.results) pairer.add('base', r);
  for (const r of head.results) pairer.add('head', r);
  return pairer.finish();
}

function geomeanRows(table: RowTable, units: string[], policy: Policy): GeomeanResult[] {
  const out: GeomeanResult[] = [];
  for (const unit of units) {
    const b: number[] = [];
    const h: number[] = [];
    const ratios: number[] = [];
    let better: GeomeanResult['better'];
    for (let i = 0; i < table.length; i++) {
      if (table.unitOf(i) !== unit) continue;
      const bc = table.center(i, 'base');
      const hc = table.center(i, 'head');
      if (!(bc > 0 && hc > 0)) continue;
      b.push(bc);
      h.push(hc);
      ratios.push(hc / bc);
      better ??= table.gatingOf(i).better;
    }
    if (b.length === 0) continue;
    // The geomean of the per-row ratios equals the ratio of the geomeans over the same rows.
    const delta = geomean(ratios) - 1;
    const rule =
      policy.geomean.find((g) => g.unit === unit) ??
      policy.geomean.find((g) => g.unit === undefined);
    const g: GeomeanResult = {
      unit,
      rows: b.length,
      base: geomean(b),
      head: geomean(h),
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
