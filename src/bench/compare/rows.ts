/**
 * The gate's rows, kept as columns. A gate over 200,000 benchmarks holds 200,000 rows; as objects
 * (a row, two summaries, a comparison, their warning lists and boxed numbers) they cost about 550
 * bytes each, as columns about 120. Each row is still read as a RowResult: gate.rows holds one
 * small view per row whose properties are read from the columns when asked for, so the report,
 * the profiled round and the tests read rows as plain values.
 */
import type { Better } from '../format/units.js';
import type { Comparison, Summary } from '../stats/assumption.js';

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

/** head / base − 1 of the centers. From zero (a benchmark that did not allocate now does) the
 * change is infinite, not unknown. */
export function centerDelta(base: number, head: number): number {
  return base === head ? 0 : base === 0 ? Math.sign(head) * Infinity : head / base - 1;
}

/** The same few values (units, packages, warning lists, rules) stored once, each row a number. */
class Interned<T> {
  readonly values: T[] = [];
  private readonly ids = new Map<unknown, number>();
  id(value: T, key: unknown = value): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(value);
      this.ids.set(key, id);
    }
    return id;
  }
}

/** How a row is gated: shared by every row the same rule covers. */
export interface RowGating {
  better?: Better;
  threshold?: number;
  source: string;
}

/** A row as evaluateGate adds it, before the verdicts. */
export interface NewRow {
  pkg: string;
  name: string;
  unit: string;
  base: Summary;
  head: Summary;
  comparison: Comparison;
  gating: RowGating;
  gated: boolean;
  verdict: Verdict;
  warnings: string[];
}

/**
 * What many rows share: package, unit, gating, sample counts, test method, interval confidences,
 * warning lists. Stored once per distinct combination; each row holds its number.
 */
interface Profile {
  pkg: string;
  unit: string;
  gating: RowGating;
  n1: number;
  n2: number;
  method: Comparison['method'];
  confidence: [number, number];
  /** Base summary's, head summary's, comparison's and the row's warnings. */
  warnings: [string[], string[], string[], string[]];
  gated: boolean;
}

/** Per row: center, lo and hi of the base, then of the head, then p and the adjusted p. */
const FLOATS = 8;
const P = 6;
const P_ADJUSTED = 7;

export class RowTable {
  readonly length: number;
  private readonly names: string[];
  private readonly pkgs = new Interned<string>();
  private readonly units = new Interned<string>();
  private readonly lists = new Interned<string[]>();
  private readonly gatings = new Interned<RowGating>();
  private readonly profiles = new Interned<Profile>();
  private readonly verdicts = new Interned<Verdict>();
  private readonly floats: Float64Array;
  private readonly profile: Uint32Array;
  private readonly verdict: Uint8Array;
  private readonly samples = new Map<number, { base: number[]; head: number[] }>();
  private added = 0;

  constructor(length: number) {
    this.length = length;
    this.names = new Array<string>(length);
    this.floats = new Float64Array(length * FLOATS);
    this.profile = new Uint32Array(length);
    this.verdict = new Uint8Array(length);
  }

  /** A warning list stored once for every row that has the same one (read only). */
  private list(list: string[]): number {
    return this.lists.id(list, JSON.stringify(list));
  }

  add(r: NewRow): void {
    const i = this.added++;
    this.names[i] = r.name;
    const g = r.gating;
    const gating = this.gatings.id(g, JSON.stringify([g.better, g.threshold, g.source]));
    const lists = [r.base.warnings, r.head.warnings, r.comparison.warnings, r.warnings].map((l) =>
      this.list(l),
    );
    const c = r.comparison;
    // Numbers only (names are the head's to choose, so no separator is safe in them).
    const key = [
      this.pkgs.id(r.pkg),
      this.units.id(r.unit),
      gating,
      c.n1,
      c.n2,
      c.method,
      r.base.confidence,
      r.head.confidence,
      ...lists,
      r.gated,
    ].join(' ');
    this.profile[i] = this.profiles.id(
      {
        pkg: r.pkg,
        unit: r.unit,
        gating: this.gatings.values[gating]!,
        n1: c.n1,
        n2: c.n2,
        method: c.method,
        confidence: [r.base.confidence, r.head.confidence],
        warnings: lists.map((l) => this.lists.values[l]!) as Profile['warnings'],
        gated: r.gated,
      },
      key,
    );
    const at = i * FLOATS;
    this.floats.set([r.base.center, r.base.lo, r.base.hi, r.head.center, r.head.lo, r.head.hi], at);
    this.floats[at + P] = c.p;
    this.floats[at + P_ADJUSTED] = c.p;
    this.setVerdict(i, r.verdict);
  }

  /** One view per row, each read from the columns. */
  views(): RowResult[] {
    return Array.from({ length: this.length }, (_, i) => new RowView(this, i));
  }

  setVerdict(i: number, v: Verdict): void {
    this.verdict[i] = this.verdicts.id(v);
  }

  setPAdjusted(i: number, p: number): void {
    this.floats[i * FLOATS + P_ADJUSTED] = p;
  }

  setSamples(i: number, samples: { base: number[]; head: number[] }): void {
    this.samples.set(i, samples);
  }

  private profileOf(i: number): Profile {
    return this.profiles.values[this.profile[i]!]!;
  }
  pkgOf(i: number): string {
    return this.profileOf(i).pkg;
  }
  nameOf(i: number): string {
    return this.names[i]!;
  }
  unitOf(i: number): string {
    return this.profileOf(i).unit;
  }
  gatingOf(i: number): RowGating {
    return this.profileOf(i).gating;
  }
  gated(i: number): boolean {
    return this.profileOf(i).gated;
  }
  verdictOf(i: number): Verdict {
    return this.verdicts.values[this.verdict[i]!]!;
  }
  center(i: number, side: 'base' | 'head'): number {
    return this.floats[i * FLOATS + (side === 'base' ? 0 : 3)]!;
  }
  delta(i: number): number {
    return centerDelta(this.center(i, 'base'), this.center(i, 'head'));
  }
  summaryOf(i: number, side: 'base' | 'head'): Summary {
    const k = side === 'base' ? 0 : 1;
    const at = i * FLOATS + 3 * k;
    const profile = this.profileOf(i);
    return {
      center: this.floats[at]!,
      lo: this.floats[at + 1]!,
      hi: this.floats[at + 2]!,
      confidence: profile.confidence[k]!,
      warnings: profile.warnings[k]!,
    };
  }
  comparisonOf(i: number): Comparison {
    const profile = this.profileOf(i);
    return {
      p: this.pOf(i),
      n1: profile.n1,
      n2: profile.n2,
      method: profile.method,
      warnings: profile.warnings[2],
    };
  }
  pOf(i: number): number {
    return this.floats[i * FLOATS + P]!;
  }
  pAdjustedOf(i: number): number {
    return this.floats[i * FLOATS + P_ADJUSTED]!;
  }
  nOf(i: number): { n1: number; n2: number } {
    const profile = this.profileOf(i);
    return { n1: profile.n1, n2: profile.n2 };
  }
  methodOf(i: number): Comparison['method'] {
    return this.profileOf(i).method;
  }
  warningsOf(i: number): string[] {
    return this.profileOf(i).warnings[3];
  }
  samplesOf(i: number): { base: number[]; head: number[] } | undefined {
    return this.samples.get(i);
  }
}

/**
 * A row of a RowTable read as a RowResult: 40 bytes however many fields it shows. Its fields are
 * getters, so `{ ...row }` is empty; copy one with `row.toJSON()`.
 */
class RowView implements RowResult {
  readonly #t: RowTable;
  readonly #i: number;
  constructor(table: RowTable, index: number) {
    this.#t = table;
    this.#i = index;
  }
  get pkg(): string {
    return this.#t.pkgOf(this.#i);
  }
  get name(): string {
    return this.#t.nameOf(this.#i);
  }
  get unit(): string {
    return this.#t.unitOf(this.#i);
  }
  get better(): Better | undefined {
    return this.#t.gatingOf(this.#i).better;
  }
  get base(): Summary {
    return this.#t.summaryOf(this.#i, 'base');
  }
  get head(): Summary {
    return this.#t.summaryOf(this.#i, 'head');
  }
  get comparison(): Comparison {
    return this.#t.comparisonOf(this.#i);
  }
  get delta(): number {
    return this.#t.delta(this.#i);
  }
  get threshold(): number | undefined {
    return this.#t.gatingOf(this.#i).threshold;
  }
  get thresholdSource(): string {
    return this.#t.gatingOf(this.#i).source;
  }
  get gated(): boolean {
    return this.#t.gated(this.#i);
  }
  get pAdjusted(): number {
    return this.#t.pAdjustedOf(this.#i);
  }
  get verdict(): Verdict {
    return this.#t.verdictOf(this.#i);
  }
  get warnings(): string[] {
    return this.#t.warningsOf(this.#i);
  }
  get samples(): { base: number[]; head: number[] } | undefined {
    return this.#t.samplesOf(this.#i);
  }
  /** The row as a plain object: a view's fields are getters, which JSON and spreads skip. */
  toJSON(): RowResult {
    const { better, threshold, samples } = this;
    return {
      pkg: this.pkg,
      name: this.name,
      unit: this.unit,
      ...(better ? { better } : {}),
      base: this.base,
      head: this.head,
      comparison: this.comparison,
      delta: this.delta,
      ...(threshold !== undefined ? { threshold } : {}),
      thresholdSource: this.thresholdSource,
      gated: this.gated,
      pAdjusted: this.pAdjusted,
      verdict: this.verdict,
      warnings: this.warnings,
      ...(samples ? { samples } : {}),
    };
  }
}
