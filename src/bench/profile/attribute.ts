/**
 * Where a change went: both sides' pprof tops turned into per-operation figures and ranked. A
 * function's share of its side's profile times that side's median of the metric from the measured
 * rounds is its cost per operation (so the figures add up to the measured sec/op or B/op, and the
 * profiled round's own slower timing does not leak in); the delta is head minus base per op.
 * Everything here is data in, data out.
 */
import { shortenFunctionName, type PprofTop, type TopEntry } from './pprof.js';

export interface SideTops {
  /** `-top`, functions. */
  top: PprofTop;
  /** `-top -lines`, for the source line of each function. */
  lines?: PprofTop;
  /** The side's median of the metric per op, from the measured rounds (seconds, bytes, allocs). */
  perOp: number;
  /** Folders whose prefix is cut from file paths (the module's checkout, GOROOT/src). */
  roots: string[];
}

export interface Cost {
  flat: number;
  cum: number;
}

export interface FunctionChange {
  /** As pprof names it, package-qualified. */
  name: string;
  /** Shortened the way pprof's graph does. */
  short: string;
  /** `file:line` of the function's line with the most samples (head first, else base). */
  source?: string;
  base: Cost;
  head: Cost;
  delta: Cost;
}

export interface Attribution {
  /** Ranked: the largest change in the direction asked for first. */
  rows: FunctionChange[];
  /** Samples (profile totals in pprof's unit) a side, for the report. */
  totals: { base: number; head: number };
  warnings: string[];
}

/** A path as a reviewer reads it: relative to the first root it is under, else its last two parts. */
export function shortPath(file: string, roots: readonly string[]): string {
  const norm = file.replace(/\\/g, '/');
  for (const r of roots) {
    const root = r.replace(/\\/g, '/').replace(/\/+$/, '');
    if (root !== '' && norm.startsWith(`${root}/`)) return norm.slice(root.length + 1);
  }
  const parts = norm.split('/').filter((p) => p !== '');
  return parts.length <= 2 ? norm : `…/${parts.slice(-2).join('/')}`;
}

function byName(entries: readonly TopEntry[]): Map<string, Cost> {
  const out = new Map<string, Cost>();
  for (const e of entries) {
    // pprof prints a function once at function granularity; a hostile profile could repeat it.
    const have = out.get(e.name);
    if (have) {
      have.flat += e.flat;
      have.cum = Math.max(have.cum, e.cum);
    } else out.set(e.name, { flat: e.flat, cum: e.cum });
  }
  return out;
}

/** Each function's hottest line (most flat, then most cum). */
function hottestLines(lines: PprofTop | undefined, roots: readonly string[]): Map<string, string> {
  const best = new Map<string, TopEntry>();
  for (const e of lines?.entries ?? []) {
    if (e.file === undefined || e.line === undefined) continue;
    const have = best.get(e.name);
    if (!have || e.flat > have.flat || (e.flat === have.flat && e.cum > have.cum))
      best.set(e.name, e);
  }
  const out = new Map<string, string>();
  for (const [name, e] of best) out.set(name, `${shortPath(e.file!, roots)}:${e.line}`);
  return out;
}

function total(top: PprofTop): number {
  if (top.total !== undefined) return top.total;
  let sum = 0;
  for (const e of top.entries) sum += e.flat;
  return sum;
}

/**
 * Base and head tops in per-op figures, the `limit` functions that changed most in `direction`
 * ('up': the metric grew, a regression; 'down': it shrank) first: by flat change, then, for
 * functions whose own cost did not move, by cumulative change (the callers of what changed).
 */
export function attribute(
  base: SideTops,
  head: SideTops,
  opts: { direction: 'up' | 'down'; limit: number; diff?: PprofTop },
): Attribution {
  const warnings: string[] = [];
  const totals = { base: total(base.top), head: total(head.top) };
  // A side with no samples and nothing to explain (a server that did no work) costs nothing;
  // with a measured cost to explain, its share of it is unknown.
  const unknown = (t: number, s: SideTops) => !(t > 0) && s.perOp !== 0;
  for (const [side, t, s] of [
    ['base', totals.base, base],
    ['head', totals.head, head],
  ] as const)
    if (unknown(t, s))
      warnings.push(`the ${side} profile has no samples, so nothing can be attributed`);
  if (unknown(totals.base, base) || unknown(totals.head, head))
    return { rows: [], totals, warnings };
  for (const [side, s] of [
    ['base', base],
    ['head', head],
  ] as const)
    if (s.top.skipped > 0)
      warnings.push(`${s.top.skipped} line(s) of the ${side}'s pprof output were not understood`);

  const scaleB = totals.base > 0 ? base.perOp / totals.base : 0;
  const scaleH = totals.head > 0 ? head.perOp / totals.head : 0;
  const b = byName(base.top.entries);
  const h = byName(head.top.entries);
  const zero: Cost = { flat: 0, cum: 0 };
  const sourceH = hottestLines(head.lines, head.roots);
  const sourceB = hottestLines(base.lines, base.roots);
  const all: FunctionChange[] = [];
  for (const name of new Set([...b.keys(), ...h.keys()])) {
    const rb = b.get(name) ?? zero;
    const rh = h.get(name) ?? zero;
    const bc = { flat: rb.flat * scaleB, cum: rb.cum * scaleB };
    const hc = { flat: rh.flat * scaleH, cum: rh.cum * scaleH };
    const change: FunctionChange = {
      name,
      short: shortenFunctionName(name),
      base: bc,
      head: hc,
      delta: { flat: hc.flat - bc.flat, cum: hc.cum - bc.cum },
    };
    const source = sourceH.get(name) ?? sourceB.get(name);
    if (source !== undefined) change.source = source;
    all.push(change);
  }

  // The same change read from `pprof -diff_base` (raw units): a mismatch means the outputs were
  // not read as they were meant.
  if (opts.diff) {
    let mismatched = 0;
    for (const [name, d] of byName(opts.diff.entries)) {
      const raw = (h.get(name)?.flat ?? 0) - (b.get(name)?.flat ?? 0);
      if (Math.abs(raw - d.flat) > 1e-6 * Math.max(1, Math.abs(d.flat))) mismatched++;
    }
    if (mismatched > 0)
      warnings.push(
        `pprof -diff_base and the two sides' profiles disagree on ${mismatched} function(s)`,
      );
  }

  const sign = opts.direction === 'up' ? 1 : -1;
  // Changes below 0.5% of the whole per-op change are noise (setup, the runtime's own start-up).
  const floor = 0.005 * Math.abs(head.perOp - base.perOp);
  const moved = all.filter((c) => sign * c.delta.flat > floor);
  moved.sort((x, y) => sign * (y.delta.flat - x.delta.flat) || x.name.localeCompare(y.name));
  const callers = all.filter((c) => c.delta.flat === 0 && sign * c.delta.cum > floor);
  callers.sort((x, y) => sign * (y.delta.cum - x.delta.cum) || x.name.localeCompare(y.name));
  return { rows: [...moved, ...callers].slice(0, opts.limit), totals, warnings };
}
