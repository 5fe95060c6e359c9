/**
 * Reads the Go benchmark format (golang.org/design/14313-benchmark-format, as golang.org/x/perf's
 * benchfmt reads it): `key: value` configuration lines that hold until changed, `Benchmark…`
 * result lines with an iteration count and any number of value/unit pairs, and `Unit` metadata
 * lines. A line that starts like a result or a Unit line but is malformed becomes a warning with
 * its line number; every other line (PASS, ok, logs) is not part of the format and is ignored.
 * Measurements are finite and not negative (what the testing package can print): in go mode the
 * head's output comes from the code under review, so a value such as 1e400 (Infinity) or -5 is
 * refused as malformed rather than allowed to steer a comparison.
 */
import { tidyUnit } from './units.js';

export interface Value {
  /** In the tidied unit (sec, B, …). */
  value: number;
  unit: string;
  /** As written, when tidying changed it. */
  origValue?: number;
  origUnit?: string;
}

export interface Result {
  /** The full name without the "Benchmark" prefix: base, /sub-parts and the -N suffix. */
  name: string;
  /** File configuration in force at this line (shared between results; do not mutate). */
  config: Readonly<Record<string, string>>;
  iters: number;
  values: Value[];
  file: string;
  line: number;
}

export interface UnitMeta {
  /** Tidied unit. */
  unit: string;
  origUnit: string;
  key: string;
  value: string;
  file: string;
  line: number;
}

export interface FormatWarning {
  file: string;
  line: number;
  message: string;
  /** For a malformed result line: the benchmark it names (without "Benchmark") and its pkg. */
  benchmark?: string;
  pkg?: string;
}

/** Unit metadata by `${tidiedUnit} ${key}`; it carries across files, as in benchfmt. */
export type UnitMetaMap = Map<string, UnitMeta>;

export interface BenchFile {
  results: Result[];
  units: UnitMetaMap;
  warnings: FormatWarning[];
}

export function unitMetaKey(unit: string, key: string): string {
  return `${unit} ${key}`;
}

const SPACE = /\s+/;
const INTEGER = /^\+?\d+$/;
const FLOAT = /^[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)$/;
const LOWER = /\p{Ll}/u;
const UPPER_OR_SPACE = /[\p{Lu}\s]/u;

/** A `key: value` line: the key starts lower-case and has no spaces or capitals. */
export function parseConfigLine(line: string): { key: string; value: string } | undefined {
  if (line.length === 0 || !LOWER.test(line[0]!)) return undefined;
  const colon = line.indexOf(':');
  if (colon <= 0) return undefined;
  const key = line.slice(0, colon);
  if (UPPER_OR_SPACE.test(key)) return undefined;
  const rest = line.slice(colon + 1);
  if (rest === '') return { key, value: '' };
  if (rest[0] !== ' ' && rest[0] !== '\t') return undefined;
  return { key, value: rest.replace(/^[ \t]+/, '') };
}

/**
 * Parses `text`. With `onResult`, each result goes to it instead of into `results` (left empty),
 * so a caller that aggregates need not hold one object per line: 200,000 benchmarks run ten times
 * a side are four million lines.
 */
export function parseBenchmarks(
  text: string,
  file = '<input>',
  units: UnitMetaMap = new Map(),
  onResult?: (result: Result) => void,
): BenchFile {
  const results: Result[] = [];
  const warnings: FormatWarning[] = [];
  let config: Record<string, string> = {};
  let frozen: Readonly<Record<string, string>> = Object.freeze({});
  let lineNo = 0;
  let start = 0;
  const warn = (message: string) => warnings.push({ file, line: lineNo, message });

  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    let line = text.slice(start, end);
    start = end + 1;
    lineNo++;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (end === text.length && line === '') break;

    if (line.startsWith('Benchmark')) {
      const fields = line.slice('Benchmark'.length).split(SPACE);
      if (fields[fields.length - 1] === '') fields.pop();
      const name = fields[0] ?? '';
      const bench = (message: string) => {
        const w: FormatWarning = { file, line: lineNo, message, benchmark: name };
        if (config.pkg !== undefined) w.pkg = config.pkg;
        warnings.push(w);
      };
      if (fields.length < 2) {
        bench(`missing iteration count in '${line.trim()}'`);
        continue;
      }
      if (!INTEGER.test(fields[1]!) || !Number.isSafeInteger(Number(fields[1]))) {
        bench(`parsing iteration count '${fields[1]}': not a whole number`);
        continue;
      }
      if (fields.length < 3) {
        bench(`missing measurements after the iteration count of Benchmark${name}`);
        continue;
      }
      const values: Value[] = [];
      let bad: string | undefined;
      for (let i = 2; i < fields.length; i += 2) {
        const raw = fields[i]!;
        if (!FLOAT.test(raw)) {
          bad = `parsing measurement '${raw}': not a finite number`;
          break;
        }
        const unit = fields[i + 1];
        if (unit === undefined) {
          bad = `missing unit after measurement '${raw}'`;
          break;
        }
        const v = Number(raw);
        if (!Number.isFinite(v)) {
          bad = `parsing measurement '${raw}': not a finite number`;
          break;
        }
        if (raw.startsWith('-')) {
          bad = `parsing measurement '${raw}': negative`;
          break;
        }
        const t = tidyUnit(unit);
        if (!Number.isFinite(v * t.factor)) {
          bad = `measurement '${raw} ${unit}' is not finite in ${t.unit}`;
          break;
        }
        values.push(
          t.factor === 1 && t.unit === unit
            ? { value: v, unit }
            : { value: v * t.factor, unit: t.unit, origValue: v, origUnit: unit },
        );
      }
      if (bad) {
        bench(bad);
        continue;
      }
      const result = { name, config: frozen, iters: Number(fields[1]), values, file, line: lineNo };
      if (onResult) onResult(result);
      else results.push(result);
      continue;
    }

    if (line.startsWith('Unit') && (line.length === 4 || /\s/.test(line[4]!))) {
      const fields = line.split(SPACE).filter((f) => f !== '');
      const orig = fields[1];
      if (orig === undefined) {
        warn('missing unit after Unit');
        continue;
      }
      const unit = tidyUnit(orig).unit;
      for (const kv of fields.slice(2)) {
        const eq = kv.indexOf('=');
        if (eq <= 0) {
          warn(`expected key=value in Unit line, got '${kv}'`);
          continue;
        }
        const key = kv.slice(0, eq);
        const value = kv.slice(eq + 1);
        const mapKey = unitMetaKey(unit, key);
        const have = units.get(mapKey);
        if (have) {
          if (have.value !== value)
            warn(
              `metadata ${key} of unit ${orig} already set to ${have.value} (${have.file}:${have.line})`,
            );
          continue;
        }
        units.set(mapKey, { unit, origUnit: orig, key, value, file, line: lineNo });
      }
      continue;
    }

    const kv = parseConfigLine(line);
    if (kv) {
      if (kv.value === '') {
        if (!(kv.key in config)) continue;
        config = { ...config };
        delete config[kv.key];
      } else {
        if (config[kv.key] === kv.value) continue;
        config = { ...config, [kv.key]: kv.value };
      }
      frozen = Object.freeze(config);
    }
  }
  return { results, units, warnings };
}
