/**
 * One format for every duration input of the suite: a number and a unit, `500ms`, `30s`, `10m`,
 * `1h`, or several as Go writes them (`1h30m`), or a bare number, which is seconds (`30`,
 * `0.25`), so inputs that took seconds keep their meaning.
 */
import { InputError } from './errors.js';
import type { Inputs } from './inputs.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h)/y;

/**
 * The milliseconds of `text` made only of `<number><unit>` parts (`1h30m`), each matched by the
 * sticky `part` (number, unit) and weighed by `unitMs`; undefined when anything else is in it.
 */
export function sumDurationParts(
  text: string,
  part: RegExp,
  unitMs: Readonly<Record<string, number>>,
): number | undefined {
  let ms = 0;
  let pos = 0;
  while (pos < text.length) {
    part.lastIndex = pos;
    const m = part.exec(text);
    if (!m) return undefined;
    ms += Number(m[1]) * unitMs[m[2]!]!;
    pos = part.lastIndex;
  }
  return ms;
}

/** Milliseconds, or undefined when `text` is not a duration. */
export function parseDuration(text: string): number | undefined {
  const s = text.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s) * 1000;
  if (s === '') return undefined;
  return sumDurationParts(s, PART, UNIT_MS);
}

export interface DurationLimits {
  /** Used when the input is empty. */
  fallbackMs: number;
  minMs?: number;
  maxMs?: number;
}

function describe(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

/** A duration input in milliseconds, validated against its limits, named in the error. */
export function durationInput(inputs: Inputs, name: string, limits: DurationLimits): number {
  const text = inputs.string(name);
  if (text === '') return limits.fallbackMs;
  const ms = parseDuration(text);
  if (ms === undefined)
    throw new InputError(
      name,
      `expected a duration like 30s, 10m or 1h (a bare number is seconds), got '${text}'`,
    );
  if (limits.minMs !== undefined && ms < limits.minMs)
    throw new InputError(name, `'${text}' is shorter than the minimum, ${describe(limits.minMs)}`);
  if (limits.maxMs !== undefined && ms > limits.maxMs)
    throw new InputError(name, `'${text}' is longer than the maximum, ${describe(limits.maxMs)}`);
  return ms;
}

/** The same in seconds, for inputs the code keeps in seconds. */
export function durationSeconds(
  inputs: Inputs,
  name: string,
  limits: { fallback: number; min?: number; max?: number },
): number {
  return (
    durationInput(inputs, name, {
      fallbackMs: limits.fallback * 1000,
      ...(limits.min !== undefined ? { minMs: limits.min * 1000 } : {}),
      ...(limits.max !== undefined ? { maxMs: limits.max * 1000 } : {}),
    }) / 1000
  );
}
