/**
 * The gate policy: how much worse a metric may get before a significant change fails the check,
 * and which way is worse. Defaults per unit, overridden per unit and per benchmark pattern:
 *
 *   sec/op=3%                  every benchmark's time
 *   BenchmarkParse*:sec/op=10% one family of benchmarks (glob; * also crosses '/')
 *   BenchmarkFlaky:sec/op=off  not gated, still reported
 *   items/op=5% higher         a custom unit and its direction
 */
import { defaultBetter, tidyUnit, type Better } from '../format/units.js';
import { splitGomaxprocs } from '../format/name.js';

/** Default thresholds as fractions. Latency percentiles are noisier than ns/op, the tail most. */
export const DEFAULT_THRESHOLDS: Readonly<Record<string, number>> = {
  'sec/op': 0.05,
  'B/s': 0.05,
  'B/op': 0.02,
  'allocs/op': 0,
  'p50-sec/req': 0.1,
  'p99-sec/req': 0.2,
};
/** For any other unit whose direction is known (from a Unit line or a rule). */
export const FALLBACK_THRESHOLD = 0.05;

export interface ThresholdRule {
  /** Benchmark-name glob, or undefined for every benchmark. */
  pattern?: string;
  matcher?: RegExp;
  /** Tidied unit. */
  unit: string;
  /** Fraction (0.05 = 5%), or 'off'. */
  threshold: number | 'off';
  better?: Better;
  /** The text of the rule, for the report. */
  source: string;
}

export interface Policy {
  alpha: number;
  /** Confidence level of the summary intervals. */
  confidence: number;
  rules: ThresholdRule[];
  /** Gate on the geomean of each unit (fraction), when set. */
  geomean: { unit?: string; threshold: number }[];
  /** Multiple-testing correction across the gated comparisons. */
  correction: 'holm' | 'none';
}

export class PolicySyntaxError extends Error {}

export function defaultPolicy(overrides: Partial<Policy> = {}): Policy {
  return {
    alpha: 0.05,
    confidence: 0.95,
    rules: [],
    geomean: [],
    correction: 'holm',
    ...overrides,
  };
}

export function parsePercent(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*%?$/.exec(text.trim());
  if (!m) throw new PolicySyntaxError(`'${text}' is not a percentage (write 5% or 0.5%)`);
  return Number(m[1]) / 100;
}

export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (const c of glob) {
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** One rule a line: `[pattern:]unit=percent|off [lower|higher]`. */
export function parseRules(lines: readonly string[]): ThresholdRule[] {
  return lines.map((source) => {
    const eq = source.indexOf('=');
    if (eq <= 0)
      throw new PolicySyntaxError(`'${source}': expected [pattern:]unit=percent, e.g. sec/op=5%`);
    const left = source.slice(0, eq).trim();
    const [amount = '', direction, extra] = source
      .slice(eq + 1)
      .trim()
      .split(/\s+/);
    if (extra !== undefined) throw new PolicySyntaxError(`'${source}': unexpected '${extra}'`);
    const colon = left.lastIndexOf(':');
    const pattern = colon >= 0 ? left.slice(0, colon).trim() : undefined;
    const unitText = colon >= 0 ? left.slice(colon + 1).trim() : left;
    if (unitText === '' || /\s/.test(unitText))
      throw new PolicySyntaxError(`'${source}': missing or invalid unit`);
    if (pattern === '')
      throw new PolicySyntaxError(`'${source}': empty benchmark pattern before ':'`);
    if (direction !== undefined && direction !== 'lower' && direction !== 'higher')
      throw new PolicySyntaxError(
        `'${source}': direction must be 'lower' or 'higher', got '${direction}'`,
      );
    const threshold = /^(off|none)$/i.test(amount) ? 'off' : parsePercent(amount);
    const rule: ThresholdRule = { unit: tidyUnit(unitText).unit, threshold, source };
    if (pattern !== undefined) {
      rule.pattern = pattern;
      rule.matcher = globToRegExp(pattern);
    }
    if (direction) rule.better = direction;
    return rule;
  });
}

/** `5%` (every unit with a direction) or `unit=5%`, one a line. */
export function parseGeomeanRules(lines: readonly string[]): Policy['geomean'] {
  return lines.map((line) => {
    const eq = line.indexOf('=');
    if (eq < 0) return { threshold: parsePercent(line) };
    const unit = line.slice(0, eq).trim();
    if (unit === '') throw new PolicySyntaxError(`'${line}': missing unit before '='`);
    return { unit: tidyUnit(unit).unit, threshold: parsePercent(line.slice(eq + 1)) };
  });
}

function nameMatches(rule: ThresholdRule, name: string): boolean {
  if (!rule.matcher) return true;
  const bare = splitGomaxprocs(name).prefix;
  return [`Benchmark${name}`, `Benchmark${bare}`, name, bare].some((n) => rule.matcher!.test(n));
}

export interface Gating {
  threshold?: number;
  better?: Better;
  /** Why: the rule's text, or "default". */
  source: string;
  /** Set when the metric cannot be gated although a rule asked for it. */
  problem?: string;
}

/**
 * The threshold and direction for one row. The first matching pattern rule wins, then the first
 * rule for the unit alone, then the defaults. The direction: the rule's, else the built-in one of
 * the testing package's units, else `unitBetter` (a Unit line of the base, never of the head).
 */
export function gatingFor(policy: Policy, name: string, unit: string, unitBetter?: Better): Gating {
  const rule =
    policy.rules.find((r) => r.unit === unit && r.pattern !== undefined && nameMatches(r, name)) ??
    policy.rules.find((r) => r.unit === unit && r.pattern === undefined);
  const better = rule?.better ?? defaultBetter(unit) ?? unitBetter;
  if (rule?.threshold === 'off') return { source: rule.source, ...(better ? { better } : {}) };
  const threshold = rule ? rule.threshold : (DEFAULT_THRESHOLDS[unit] ?? FALLBACK_THRESHOLD);
  if (!better) {
    return rule
      ? {
          source: rule.source,
          problem: `${unit} has no known direction: write '${rule.source} lower' or '… higher', or add 'Unit ${unit} better=lower' to the benchmark output`,
        }
      : { source: 'no direction known' };
  }
  return { threshold: threshold as number, better, source: rule ? rule.source : 'default' };
}
