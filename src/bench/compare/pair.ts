/**
 * Pairs base and head measurements: one row per (package, benchmark name, unit), holding every
 * repeated value of each side. Equal names in different packages stay apart; the row order is the
 * order benchmarks first appear, base first, as benchstat keeps it.
 *
 * At scale (200,000 benchmarks run ten times a side are four million values) the rows are columns
 * of typed arrays, not an object and two arrays each: see Pairer.
 */
import { detach, type BenchFile, type Result } from '../format/parse.js';

export interface Row {
  pkg: string;
  name: string;
  unit: string;
  base: number[];
  head: number[];
}

export interface Pairing {
  /** Rows measured on both sides. */
  rows: Row[];
  /** Measured on one side only: reported, never compared. */
  onlyBase: Row[];
  onlyHead: Row[];
  /** Units in order of first appearance. */
  units: string[];
}

/** The rows measured on both sides, each made into a Row only when asked for. */
export interface PairedRows {
  readonly length: number;
  /** Row `i`, with fresh arrays of its values in the order measured. */
  row(i: number): Row;
  /** Frees the values: no row is read after this. */
  release(): void;
}

/** Pairing with the rows measured on both sides kept compact (see Pairer.finish). */
export interface CompactPairing extends Omit<Pairing, 'rows'> {
  rows: PairedRows;
}

const PAGE_BITS = 16;
const PAGE = 1 << PAGE_BITS;
const NONE = -1;

/**
 * Every value of every row and side, 12 bytes each: the values in pages of a Float64Array, and per
 * value the index of the next one of its row and side (values of one row need not come together:
 * interleaved rounds print each benchmark once a round). Pages, so growing never copies.
 */
class ValueStore {
  private readonly values: Float64Array[] = [];
  private readonly next: Int32Array[] = [];
  private size = 0;

  /** Appends `v` after `last` (NONE for a first value); returns its index. */
  add(v: number, last: number): number {
    const i = this.size++;
    const page = i >>> PAGE_BITS;
    if (page === this.values.length) {
      this.values.push(new Float64Array(PAGE));
      this.next.push(new Int32Array(PAGE));
    }
    this.values[page]![i & (PAGE - 1)] = v;
    this.next[page]![i & (PAGE - 1)] = NONE;
    if (last !== NONE) this.next[last >>> PAGE_BITS]![last & (PAGE - 1)] = i;
    return i;
  }

  /** `count` values from index `first` on, following the links. */
  list(first: number, count: number): number[] {
    const out = new Array<number>(count);
    let at = first;
    for (let k = 0; k < count; k++) {
      out[k] = this.values[at >>> PAGE_BITS]![at & (PAGE - 1)]!;
      at = this.next[at >>> PAGE_BITS]![at & (PAGE - 1)]!;
    }
    return out;
  }
}

type SideName = 'base' | 'head';

/** Per row: its group (package and unit), then per side the first and last value and a count. */
const GROUP = 0;
const FIRST = { base: 1, head: 4 } as const;
const LAST = { base: 2, head: 5 } as const;
const COUNT = { base: 3, head: 6 } as const;
const FIELDS = 7;
const ROW_PAGE_BITS = 12;
const ROW_PAGE = 1 << ROW_PAGE_BITS;

/**
 * Collects results one at a time, so they need not all be held (see BenchmarkParser's onResult).
 * Per row it keeps seven numbers (28 bytes) and the name, one copy that is also the key the row is
 * found by; per value 12 bytes.
 */
export class Pairer {
  /** Row number by name, per group. */
  private index: Map<string, number>[] = [];
  /** Group number by package number and unit number. */
  private readonly groupIds = new Map<number, number>();
  private readonly groups: { pkg: string; unit: string }[] = [];
  private readonly pkgIds = new Map<string, number>();
  private readonly pkgs: string[] = [];
  private readonly unitIds = new Map<string, number>();
  private readonly units: string[] = [];
  private names: string[] = [];
  private pages: Int32Array[] = [];
  private store = new ValueStore();
  private lastConfig: Result['config'] | undefined;
  private lastPkgId = 0;
  /** Results added, both sides. */
  results = 0;

  private pkgId(config: Result['config']): number {
    if (config === this.lastConfig) return this.lastPkgId;
    const pkg = config.pkg ?? '';
    let id = this.pkgIds.get(pkg);
    if (id === undefined) {
      id = this.pkgs.length;
      const own = detach(pkg);
      this.pkgs.push(own);
      this.pkgIds.set(own, id);
    }
    this.lastConfig = config;
    this.lastPkgId = id;
    return id;
  }

  private groupId(pkgId: number, unit: string): number {
    let unitId = this.unitIds.get(unit);
    if (unitId === undefined) {
      unitId = this.units.length;
      const own = detach(unit);
      this.units.push(own);
      this.unitIds.set(own, unitId);
    }
    const key = pkgId * 0x100000000 + unitId;
    let id = this.groupIds.get(key);
    if (id === undefined) {
      id = this.groups.length;
      this.groups.push({ pkg: this.pkgs[pkgId]!, unit: this.units[unitId]! });
      this.groupIds.set(key, id);
      this.index.push(new Map());
    }
    return id;
  }

  add(side: SideName, r: Result): void {
    this.results++;
    const pkg = this.pkgId(r.config);
    for (const v of r.values) {
      const group = this.groupId(pkg, v.unit);
      const byName = this.index[group]!;
      let row = byName.get(r.name);
      if (row === undefined) {
        row = this.names.length;
        const name = detach(r.name);
        this.names.push(name);
        byName.set(name, row);
        if (row >>> ROW_PAGE_BITS === this.pages.length)
          this.pages.push(new Int32Array(ROW_PAGE * FIELDS));
        const at = (row & (ROW_PAGE - 1)) * FIELDS;
        const page = this.pages[row >>> ROW_PAGE_BITS]!;
        page.fill(NONE, at, at + FIELDS);
        page[at + GROUP] = group;
        page[at + COUNT.base] = 0;
        page[at + COUNT.head] = 0;
      }
      const page = this.pages[row >>> ROW_PAGE_BITS]!;
      const at = (row & (ROW_PAGE - 1)) * FIELDS;
      const value = this.store.add(v.value, page[at + LAST[side]]!);
      if (page[at + FIRST[side]] === NONE) page[at + FIRST[side]] = value;
      page[at + LAST[side]] = value;
      page[at + COUNT[side]]!++;
    }
  }

  private field(row: number, field: number): number {
    return this.pages[row >>> ROW_PAGE_BITS]![(row & (ROW_PAGE - 1)) * FIELDS + field]!;
  }

  private row(i: number): Row {
    const group = this.groups[this.field(i, GROUP)]!;
    const values = (side: SideName) =>
      this.store.list(this.field(i, FIRST[side]), this.field(i, COUNT[side]));
    return {
      pkg: group.pkg,
      name: this.names[i]!,
      unit: group.unit,
      base: values('base'),
      head: values('head'),
    };
  }

  /**
   * The pairing. The rows measured on both sides stay in this Pairer's columns and are read one at
   * a time until `release`; the others (reported by name only) become Rows.
   */
  finish(): CompactPairing {
    const onlyBase: Row[] = [];
    const onlyHead: Row[] = [];
    const n = this.names.length;
    const paired = new Uint32Array(n);
    let k = 0;
    for (let i = 0; i < n; i++) {
      const head = this.field(i, COUNT.head);
      if (this.field(i, COUNT.base) > 0 && head > 0) paired[k++] = i;
      else (head === 0 ? onlyBase : onlyHead).push(this.row(i));
    }
    // Only the columns are read from here on.
    this.index = [];
    const rows = paired.slice(0, k);
    return {
      rows: {
        length: k,
        row: (i) => this.row(rows[i]!),
        release: () => {
          this.pages = [];
          this.store = new ValueStore();
          this.names = [];
        },
      },
      onlyBase,
      onlyHead,
      units: this.units,
    };
  }
}

export function pairSamples(base: BenchFile, head: BenchFile): Pairing {
  const pairer = new Pairer();
  for (const r of base.results) pairer.add('base', r);
  for (const r of head.results) pairer.add('head', r);
  const { rows, ...rest } = pairer.finish();
  return { rows: Array.from({ length: rows.length }, (_, i) => rows.row(i)), ...rest };
}
