/**
 * Pairs base and head measurements: one row per (package, benchmark name, unit), holding every
 * repeated value of each side. Equal names in different packages stay apart; the row order is the
 * order benchmarks first appear, base first, as benchstat keeps it.
 */
import type { BenchFile } from '../format/parse.js';

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

export function pairSamples(base: BenchFile, head: BenchFile): Pairing {
  const rows = new Map<string, Row>();
  const units: string[] = [];
  const add = (file: BenchFile, side: 'base' | 'head') => {
    for (const r of file.results) {
      const pkg = r.config.pkg ?? '';
      for (const v of r.values) {
        const key = `${pkg}\u0000${r.name}\u0000${v.unit}`;
        let row = rows.get(key);
        if (!row) {
          row = { pkg, name: r.name, unit: v.unit, base: [], head: [] };
          rows.set(key, row);
          if (!units.includes(v.unit)) units.push(v.unit);
        }
        row[side].push(v.value);
      }
    }
  };
  add(base, 'base');
  add(head, 'head');
  const all = [...rows.values()];
  return {
    rows: all.filter((r) => r.base.length > 0 && r.head.length > 0),
    onlyBase: all.filter((r) => r.head.length === 0),
    onlyHead: all.filter((r) => r.base.length === 0),
    units,
  };
}
