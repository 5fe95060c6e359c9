/**
 * Units as benchstat tidies them: values are rescaled to base units (ns → sec, MB → B) in the
 * numerator only, so "ns/op" becomes "sec/op" and "MB/s" becomes "B/s". Which way is better is
 * known for the testing package's own units; anything else needs a `Unit … better=` line.
 */

export type Better = 'lower' | 'higher';

export interface Tidied {
  unit: string;
  factor: number;
}

const cache = new Map<string, Tidied>();

export function tidyUnit(unit: string): Tidied {
  switch (unit) {
    case 'ns/op':
      return { unit: 'sec/op', factor: 1e-9 };
    case 'MB/s':
      return { unit: 'B/s', factor: 1e6 };
    case 'B/op':
    case 'allocs/op':
      return { unit, factor: 1 };
  }
  if (!unit.includes('ns') && !unit.includes('MB')) return { unit, factor: 1 };
  const hit = cache.get(unit);
  if (hit) return hit;
  const tidied = tidyTokens(unit);
  cache.set(unit, tidied);
  return tidied;
}

/** Tokens are separated by '*', '/', '-' and spaces; everything after a '/' is denominator. */
function tidyTokens(unit: string): Tidied {
  let factor = 1;
  let out = '';
  let denom = false;
  let i = 0;
  while (i < unit.length) {
    const c = unit[i]!;
    if (c === '*' || c === '/' || c === '-' || /\s/.test(c)) {
      if (c === '*') denom = false;
      else if (c === '/') denom = true;
      out += c;
      i++;
      continue;
    }
    let j = i;
    while (j < unit.length && !/[*/\-\s]/.test(unit[j]!)) j++;
    const tok = unit.slice(i, j);
    if (!denom && tok === 'ns') {
      out += 'sec';
      factor /= 1e9;
    } else if (!denom && tok === 'MB') {
      out += 'B';
      factor *= 1e6;
    } else out += tok;
    i = j;
  }
  return { unit: out, factor };
}

/** The built-in directions (benchstat's), for tidied units. */
export function defaultBetter(tidiedUnit: string): Better | undefined {
  switch (tidiedUnit) {
    case 'sec/op':
    case 'B/op':
    case 'allocs/op':
      return 'lower';
    case 'B/s':
      return 'higher';
  }
  return undefined;
}
