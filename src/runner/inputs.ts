/**
 * Typed, validated action inputs. Each reader names the input in its error, so a workflow author
 * sees which line of their YAML to fix; nothing here throws anything but InputError.
 */
import * as core from '@actions/core';
import { coreIO } from './core-io.js';
import { InputError } from './errors.js';

export type InputSource = (name: string) => string;

/**
 * The runner's inputs through @actions/core (INPUT_<NAME>, trimmed), so a stand-in for the runner
 * such as @github/local-action can fill in the defaults from action.yml as the runner does.
 */
export const runnerInputs: InputSource = (name) => core.getInput(name);

export class Inputs {
  constructor(
    private readonly source: InputSource = runnerInputs,
    /** Where secrets are registered for masking (the runner's log in an action). */
    private readonly mask: (secret: string) => void = (s) => coreIO.mask(s),
  ) {}

  string(name: string): string {
    return this.source(name);
  }

  required(name: string): string {
    const value = this.source(name);
    if (value === '') throw new InputError(name, 'is required and was empty');
    return value;
  }

  /** A secret: masked in the log from the moment it is read. */
  secret(name: string): string {
    const value = this.source(name);
    if (value !== '') {
      this.mask(value);
      // Multi-line secrets (private keys) are masked line by line as well.
      for (const line of value.split(/\r?\n/)) if (line.trim().length > 3) this.mask(line.trim());
    }
    return value;
  }

  boolean(name: string, fallback = false): boolean {
    const value = this.source(name);
    if (value === '') return fallback;
    if (/^(true|yes|on|1)$/i.test(value)) return true;
    if (/^(false|no|off|0)$/i.test(value)) return false;
    throw new InputError(name, `expected true or false, got '${value}'`);
  }

  integer(name: string, opts: { min?: number; max?: number; fallback?: number } = {}): number {
    const value = this.source(name);
    if (value === '') {
      if (opts.fallback !== undefined) return opts.fallback;
      throw new InputError(name, 'is required and was empty');
    }
    if (!/^-?\d+$/.test(value))
      throw new InputError(name, `expected a whole number, got '${value}'`);
    const n = Number(value);
    if (opts.min !== undefined && n < opts.min)
      throw new InputError(name, `must be at least ${opts.min}, got ${n}`);
    if (opts.max !== undefined && n > opts.max)
      throw new InputError(name, `must be at most ${opts.max}, got ${n}`);
    return n;
  }

  number(name: string, opts: { min?: number; max?: number; fallback?: number } = {}): number {
    const value = this.source(name);
    if (value === '') {
      if (opts.fallback !== undefined) return opts.fallback;
      throw new InputError(name, 'is required and was empty');
    }
    const n = Number(value);
    if (!Number.isFinite(n)) throw new InputError(name, `expected a number, got '${value}'`);
    if (opts.min !== undefined && n < opts.min)
      throw new InputError(name, `must be at least ${opts.min}, got ${n}`);
    if (opts.max !== undefined && n > opts.max)
      throw new InputError(name, `must be at most ${opts.max}, got ${n}`);
    return n;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback?: T): T {
    const value = this.source(name);
    if (value === '' && fallback !== undefined) return fallback;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    throw new InputError(name, `expected one of ${allowed.join(', ')}, got '${value}'`);
  }

  /** A list given one item a line or comma-separated; blanks and `#` comments are dropped. */
  list(name: string): string[] {
    return splitList(this.source(name));
  }

  /** `KEY=value` lines (one per line); a line without `=` is an error naming it. */
  keyValues(name: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [i, raw] of this.source(name).split(/\r?\n/).entries()) {
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) continue;
      const eq = line.indexOf('=');
      if (eq <= 0) throw new InputError(name, `line ${i + 1} is not KEY=value: '${line}'`);
      out[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
    }
    return out;
  }
}

export function splitList(value: string): string[] {
  return value
    .split(/\r?\n/)
    .map((line) => line.replace(/(^|\s)#.*$/, ''))
    .flatMap((line) => line.split(','))
    .map((item) => item.trim())
    .filter((item) => item !== '');
}
