import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/runner/errors.js';
import { Inputs, splitList } from '../../src/runner/inputs.js';

const from = (values: Record<string, string>) => new Inputs((name) => values[name] ?? '');

describe('Inputs', () => {
  it('splits lists on newlines and commas and drops comments', () => {
    expect(
      splitList('linux/amd64, windows/amd64\n# comment\n darwin/arm64 # trailing\n\n'),
    ).toEqual(['linux/amd64', 'windows/amd64', 'darwin/arm64']);
  });

  it('reads booleans the way YAML authors write them and rejects anything else', () => {
    expect(from({ a: 'true', b: 'False' }).boolean('a')).toBe(true);
    expect(from({ a: 'true', b: 'False' }).boolean('b')).toBe(false);
    expect(from({}).boolean('c', true)).toBe(true);
    expect(() => from({ x: 'maybe' }).boolean('x')).toThrow(InputError);
    expect(() => from({ x: 'maybe' }).boolean('x')).toThrow(
      "Input 'x': expected true or false, got 'maybe'",
    );
  });

  it('bounds integers and names the input in the error', () => {
    expect(from({ n: '4' }).integer('n', { min: 1, max: 8 })).toBe(4);
    expect(() => from({ n: '0' }).integer('n', { min: 1 })).toThrow(
      "Input 'n': must be at least 1, got 0",
    );
    expect(() => from({ n: '1.5' }).integer('n')).toThrow(/whole number/);
    expect(from({}).integer('n', { fallback: 7 })).toBe(7);
  });

  it('accepts only listed values for enumerations', () => {
    expect(from({ m: 'plan' }).oneOf('m', ['build', 'plan'] as const)).toBe('plan');
    expect(() => from({ m: 'deploy' }).oneOf('m', ['build', 'plan'] as const)).toThrow(
      "Input 'm': expected one of build, plan, got 'deploy'",
    );
  });

  it('reads KEY=value lines and rejects a line without =', () => {
    expect(from({ e: 'GOGC=100\n# c\nGOMEMLIMIT=1GiB' }).keyValues('e')).toEqual({
      GOGC: '100',
      GOMEMLIMIT: '1GiB',
    });
    expect(() => from({ e: 'GOGC' }).keyValues('e')).toThrow(/line 1 is not KEY=value/);
  });
});
