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
 * A copy of `text` that holds no reference to the text it was cut from. V8 keeps a piece of a long
 * string (13 characters or more) as a view into it, so one benchmark name kept from a line would
 * keep the whole chunk that line came from. The JSON round trip is exact for every string and
 * gives a flat copy of the piece alone (40 bytes for a 20-character name, where `(' ' + s).slice(1)`
 * costs 72).
 */
export function detach(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}

/**
 * The parser, fed a piece of text at a time (`push`, cut anywhere, even inside a line or between
 * CR and LF) or a line at a time (`line`), so neither side's output is ever held whole. With
 * `onResult`, each result goes to it instead of into `results` (left empty), so a caller that
 * aggregates need not hold one object per line: 200,000 benchmarks run ten times a side are four
 * million lines.
 */
export class BenchmarkParser {
  private readonly results: Result[] = [];
  private readonly warnings: FormatWarning[] = [];
  private config: Record<string, string> = {};
  private frozen: Readonly<Record<string, string>> = Object.freeze({});
  private lineNo = 0;
  /** The start of a line whose end has not come yet. */
  private partial = '';

  constructor(
    private readonly file = '<input>',
    private readonly units: UnitMetaMap = new Map(),
    private readonly onResult?: (result: Result) => void,
  ) {}

  /** A piece of the text; lines end at LF, and a CR before it is dropped. */
  push(chunk: string): void {
    let start = 0;
    for (let end = chunk.indexOf('\n'); end >= 0; end = chunk.indexOf('\n', start)) {
      const piece = chunk.slice(start, end);
      start = end + 1;
      if (this.partial === '') this.line(piece);
      else {
        const whole = this.partial + piece;
        this.partial = '';
        this.line(whole);
      }
    }
    if (start < chunk.length) this.partial += chunk.slice(start);
  }

  /** The end of the text: a last line without a line feed is read too. */
  end(): BenchFile {
    if (this.partial !== '') {
      const last = this.partial;
      this.partial = '';
      this.line(last);
    }
    return { results: this.results, units: this.units, warnings: this.warnings };
  }

  /** One whole line, without its line feed. */
  line(text: string): void {
    const lineNo = ++this.lineNo;
    const file = this.file;
    const line = text.endsWith('\r') ? text.slice(0, -1) : text;

    if (line.startsWith('Benchmark')) {
      const fields = line.slice('Benchmark'.length).split(SPACE);
      if (fields[fields.length - 1] === '') fields.pop();
      const name = fields[0] ?? '';
      const bench = (message: string) => {
        const w: FormatWarning = { file, line: lineNo, message: detach(message) };
        w.benchmark = detach(name);
        if (this.config.pkg !== undefined) w.pkg = this.config.pkg;
        this.warnings.push(w);
      };
      if (fields.length < 2) {
        bench(`missing iteration count in '${line.trim()}'`);
        return;
      }
      if (!INTEGER.test(fields[1]!) || !Number.isSafeInteger(Number(fields[1]))) {
        bench(`parsing iteration count '${fields[1]}': not a whole number`);
        return;
      }
      if (fields.length < 3) {
        bench(`missing measurements after the iteration count of Benchmark${name}`);
        return;
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
        return;
      }
      const result = {
        name,
        config: this.frozen,
        iters: Number(fields[1]),
        values,
        file,
        line: lineNo,
      };
      if (this.onResult) this.onResult(result);
      else this.results.push(result);
      return;
    }

    if (line.startsWith('Unit') && (line.length === 4 || /\s/.test(line[4]!))) {
      const warn = (message: string) =>
        this.warnings.push({ file, line: lineNo, message: detach(message) });
      const fields = line.split(SPACE).filter((f) => f !== '');
      const orig = fields[1];
      if (orig === undefined) {
        warn('missing unit after Unit');
        return;
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
        const have = this.units.get(mapKey);
        if (have) {
          if (have.value !== value)
            warn(
              `metadata ${key} of unit ${orig} already set to ${have.value} (${have.file}:${have.line})`,
            );
          continue;
        }
        this.units.set(detach(mapKey), {
          unit: detach(unit),
          origUnit: detach(orig),
          key: detach(key),
          value: detach(value),
          file,
          line: lineNo,
        });
      }
      return;
    }

    const kv = parseConfigLine(line);
    if (kv) {
      let config = this.config;
      if (kv.value === '') {
        if (!(kv.key in config)) return;
        config = { ...config };
        delete config[kv.key];
      } else {
        if (config[kv.key] === kv.value) return;
        config = { ...config, [detach(kv.key)]: detach(kv.value) };
      }
      this.config = config;
      this.frozen = Object.freeze(config);
    }
  }
}

/** Parses the whole of `text` (see BenchmarkParser, which reads it a piece at a time). */
export function parseBenchmarks(
  text: string,
  file = '<input>',
  units: UnitMetaMap = new Map(),
  onResult?: (result: Result) => void,
): BenchFile {
  const parser = new BenchmarkParser(file, units, onResult);
  parser.push(text);
  return parser.end();
}
