/**
 * Pairs base and head measurements: one row per (package, benchmark name, unit), holding every
 * repeated value of each side. Equal names in different packages stay apart; the row order is the
 * order benchmarks first appear, base first, as benchstat keeps it.
 */
import type { BenchFile, Result } from '../format/parse.js';

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

/** Collects results one at a time, so they need not all be held (see parseBenchmarks' onResult). */
export class Pairer {
  private readonly rows = new Map<string, Row>();
  private readonly units: string[] = [];
  /** Results added, both sides. */
  results = 0;

  add(side: 'base' | 'head', r: Result): void {
    this.results++;
    const pkg = r.config.pkg ?? '';
    for (const v of r.values) {
      const key = `${pkg}\u0000${r.name}\u0000${v.unit}`;
      let row = this.rows.get(key);
      if (!row) {
        row = { pkg, name: r.name, unit: v.unit, base: [], head: [] };
        this.rows.set(key, row);
        if (!this.units.includes(v.unit)) this.units.push(v.unit);
      }
      row[side].push(v.value);
    }
  }

  finish(): Pairing {
    const rows: Row[] = [];
    const onlyBase: Row[] = [];
    const onlyHead: Row[] = [];
    for (const row of this.rows.values()) {
      // Exact-size copies: arrays grown by push keep spare capacity, per row and side.
      row.base = row.base.slice();
      row.head = row.head.slice();
      if (row.base.length > 0 && row.head.length > 0) rows.push(row);
      else (row.head.length === 0 ? onlyBase : onlyHead).push(row);
    }
    this.rows.clear();
    return { rows, onlyBase, onlyHead, units: this.units };
  }
}

export function pairSamples(base: BenchFile, head: BenchFile): Pairing {
  const pairer = new Pairer();
  for (const r of base.results) pairer.add('base', r);
  for (const r of head.results) pairer.add('head', r);
  return pairer.finish();
}
