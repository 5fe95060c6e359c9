/**
 * Where a change went: both sides' profiles (their stacks, from `go tool pprof -traces`) turned
 * into per-operation figures and ranked. A function's share of its side's profile times that side's
 * median of the metric from the measured rounds is its cost per op (so the figures add up to the
 * measured sec/op or B/op, and the profiled round's own slower timing does not leak in); the delta
 * is head minus base per op. Everything here is data in, data out.
 *
 * The ranking answers "which function got slower", not only "where are the samples": a function is
 * ranked by the change in its cumulative cost, except that a caller whose change is mostly (half or
 * more) in one callee passes it on and is ranked by what is left; and the benchmark's own frames
 * (the testing package, the Benchmark function and its closures), which every sample goes through,
 * are ranked by their own (flat) change. So a slowed function comes before its callers even when
 * noise moves its siblings, and a function whose own work grew comes first even when that work is
 * spread over small callees.
 */
import { quoteMeta } from './plan.js';
import { shortenFunctionName, type PprofTop, type PprofTraces, type TopEntry } from './pprof.js';

export interface SideProfile {
  /** `-traces`: every stack with its value. */
  traces: PprofTraces;
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
  /** What it is ranked by (per op, in the direction asked for). */
  score: number;
}

export interface Attribution {
  /** Ranked: the largest change in the direction asked for first. */
  rows: FunctionChange[];
  /** The profiles' totals in pprof's unit (samples × period for CPU), for the report. */
  totals: { base: number; head: number };
  warnings: string[];
}

/** A caller passes its change on when one callee holds at least this much of it. */
export const PASS_THROUGH = 0.5;

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

/** The testing package and the benchmark's own function and closures (for `name`, e.g. Hash-2). */
export function harnessMatcher(benchmark: string): (fn: string) => boolean {
  const base = benchmark.replace(/-\d+$/, '').split('/')[0] ?? benchmark;
  const own = new RegExp(`(^|[./])Benchmark${quoteMeta(base)}(\\.func\\d+(\\.\\d+)?)*$`);
  return (fn) => fn.startsWith('testing.') || own.test(fn);
}

interface Totals {
  total: number;
  flat: Map<string, number>;
  cum: Map<string, number>;
  /** caller \0 callee → value of the stacks with that call. */
  edges: Map<string, number>;
}

const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);

function sum(traces: PprofTraces): Totals {
  const t: Totals = { total: 0, flat: new Map(), cum: new Map(), edges: new Map() };
  for (const { value, stack } of traces.traces) {
    if (stack.length === 0) continue;
    t.total += value;
    add(t.flat, stack[0]!, value);
    // Each function and call once a stack, however deep the recursion.
    for (const fn of new Set(stack)) add(t.cum, fn, value);
    const calls = new Set<string>();
    for (let i = 0; i + 1 < stack.length; i++) calls.add(`${stack[i + 1]}\u0000${stack[i]}`);
    for (const c of calls) add(t.edges, c, value);
  }
  return t;
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

/**
 * Base and head in per-op figures, the `limit` functions that changed most in `direction` ('up':
 * the metric grew, a regression; 'down': it shrank) first (see the ranking above). `harness` tells
 * the benchmark's own frames; `diff` (pprof's `-top -diff_base`) is checked against both sides.
 */
export function attribute(
  base: SideProfile,
  head: SideProfile,
  opts: {
    direction: 'up' | 'down';
    limit: number;
    harness?: (fn: string) => boolean;
    diff?: PprofTop;
  },
): Attribution {
  const warnings: string[] = [];
  const b = sum(base.traces);
  const h = sum(head.traces);
  const totals = { base: b.total, head: h.total };
  // A side with no samples and nothing to explain (a server that did no work) costs nothing;
  // with a measured cost to explain, its share of it is unknown.
  const unknown = (t: number, s: SideProfile) => !(t > 0) && s.perOp !== 0;
  for (const [side, t, s] of [
    ['base', totals.base, base],
    ['head', totals.head, head],
  ] as const) {
    if (unknown(t, s))
      warnings.push(`the ${side} profile has no samples, so nothing can be attributed`);
    if (s.traces.skipped > 0)
      warnings.push(
        `${s.traces.skipped} stack(s) of the ${side}'s pprof output were not understood`,
      );
  }
  if (unknown(totals.base, base) || unknown(totals.head, head))
    return { rows: [], totals, warnings };

  const scaleB = totals.base > 0 ? base.perOp / totals.base : 0;
  const scaleH = totals.head > 0 ? head.perOp / totals.head : 0;
  const sign = opts.direction === 'up' ? 1 : -1;
  const harness = opts.harness ?? ((fn: string) => fn.startsWith('testing.'));

  // The largest change of one call out of each function, per op.
  const callChange = new Map<string, number>();
  for (const key of new Set([...b.edges.keys(), ...h.edges.keys()])) {
    const d = (h.edges.get(key) ?? 0) * scaleH - (b.edges.get(key) ?? 0) * scaleB;
    const caller = key.slice(0, key.indexOf('\u0000'));
    const have = callChange.get(caller);
    if (have === undefined || sign * d > sign * have) callChange.set(caller, d);
  }

  const sourceH = hottestLines(head.lines, head.roots);
  const sourceB = hottestLines(base.lines, base.roots);
  const all: FunctionChange[] = [];
  for (const name of new Set([...b.cum.keys(), ...h.cum.keys()])) {
    const bc = { flat: (b.flat.get(name) ?? 0) * scaleB, cum: (b.cum.get(name) ?? 0) * scaleB };
    const hc = { flat: (h.flat.get(name) ?? 0) * scaleH, cum: (h.cum.get(name) ?? 0) * scaleH };
    const delta = { flat: hc.flat - bc.flat, cum: hc.cum - bc.cum };
    let score: number;
    if (harness(name)) score = sign * delta.flat;
    else {
      const call = callChange.get(name) ?? 0;
      const passedOn = sign * delta.cum > 0 && sign * call >= PASS_THROUGH * sign * delta.cum;
      score = sign * (passedOn ? delta.cum - call : delta.cum);
    }
    const change: FunctionChange = {
      name,
      short: shortenFunctionName(name),
      base: bc,
      head: hc,
      delta,
      score,
    };
    const source = sourceH.get(name) ?? sourceB.get(name);
    if (source !== undefined) change.source = source;
    all.push(change);
  }

  // The same change read from `pprof -diff_base` (raw units): a mismatch means the outputs were
  // not read as they were meant.
  if (opts.diff) {
    let mismatched = 0;
    // pprof lists a function inlined at some calls and not at others twice.
    const diffFlat = new Map<string, number>();
    for (const d of opts.diff.entries) add(diffFlat, d.name, d.flat);
    for (const [name, flat] of diffFlat) {
      const raw = (h.flat.get(name) ?? 0) - (b.flat.get(name) ?? 0);
      if (Math.abs(raw - flat) > 1e-6 * Math.max(1, Math.abs(flat))) mismatched++;
    }
    if (mismatched > 0)
      warnings.push(
        `pprof -diff_base and the two sides' profiles disagree on ${mismatched} function(s)`,
      );
  }

  // Changes below 0.5% of the whole per-op change are noise (setup, the runtime's own start-up).
  const floor = 0.005 * Math.abs(head.perOp - base.perOp);
  const ranked = all.filter((c) => c.score > floor);
  ranked.sort((x, y) => y.score - x.score || x.name.localeCompare(y.name));
  return { rows: ranked.slice(0, opts.limit), totals, warnings };
}
