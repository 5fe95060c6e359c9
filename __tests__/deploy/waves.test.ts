/**
 * Waves: parsing `waves` (counts and percentages, cumulative), planning the hosts of each wave,
 * and which hosts each `on-halt` policy rolls back. Pure; bad input is refused with what to write.
 */
import { describe, expect, test } from 'vitest';
import { hostsToRollBack, parseWaves, planWaves } from '../../src/deploy/waves.js';

const fleet = (n: number) => Array.from({ length: n }, (_, i) => `h${i + 1}`);
const sizes = (waves: string[][]) => waves.map((w) => w.length);

describe('parseWaves', () => {
  test('counts and percentages, comma- or line-separated; empty is one wave', () => {
    expect(parseWaves('1, 10%, 50%, 100%')).toEqual([
      { kind: 'count', hosts: 1 },
      { kind: 'percent', percent: 10 },
      { kind: 'percent', percent: 50 },
      { kind: 'percent', percent: 100 },
    ]);
    expect(parseWaves('2\n12.5%\n# the rest\n100%')).toHaveLength(3);
    expect(parseWaves('')).toEqual([]);
  });

  test.each([
    ['10%, 5%', /'5%' after '10%': the entries are cumulative/],
    ['3, 3', /'3' after '3'/],
    ['1, 150%', /'150%' is not a share of the fleet/],
    ['0', /at least one host/],
    ['0%', /'0%' is not a share/],
    ['ten', /'ten' is neither a host count nor a percentage/],
    ['-1', /neither a host count nor a percentage/],
    ['1.5', /neither a host count/],
    ['50 %%', /neither/],
  ])('refuses %s', (text, message) => {
    expect(() => parseWaves(text)).toThrow(message);
    expect(() => parseWaves(text)).toThrow(/^Input 'waves': /);
  });
});

describe('planWaves', () => {
  test('1, 10%, 50%, 100% of 100 hosts: 1, 9, 40, 50, in the order given', () => {
    const waves = planWaves(fleet(100), parseWaves('1, 10%, 50%, 100%'));
    expect(sizes(waves)).toEqual([1, 9, 40, 50]);
    expect(waves[0]).toEqual(['h1']);
    expect(waves.flat()).toEqual(fleet(100));
  });

  test('a share rounds up, and a wave that adds no host is left out', () => {
    // 10% and 20% of 3 hosts are both 1 host: the canary; 50% is 2.
    expect(sizes(planWaves(fleet(3), parseWaves('10%, 20%, 50%, 100%')))).toEqual([1, 1, 1]);
    expect(sizes(planWaves(fleet(10), parseWaves('15%, 100%')))).toEqual([2, 8]);
  });

  test('hosts the last entry leaves out form a last wave: `1` is a canary, then the rest', () => {
    expect(sizes(planWaves(fleet(5), parseWaves('1')))).toEqual([1, 4]);
    expect(sizes(planWaves(fleet(5), parseWaves('1, 40%')))).toEqual([1, 1, 3]);
  });

  test('a count beyond the fleet is the whole fleet; no waves is one wave', () => {
    expect(sizes(planWaves(fleet(3), parseWaves('1, 10')))).toEqual([1, 2]);
    expect(sizes(planWaves(fleet(4), []))).toEqual([4]);
    expect(planWaves([], parseWaves('1, 50%'))).toEqual([]);
  });

  test('a count and a share that go backwards once resolved are refused, naming both', () => {
    // 10 hosts, then 5% of 100 = 5 hosts: fewer than before.
    expect(() => planWaves(fleet(100), parseWaves('10, 5%'))).toThrow(
      /'5%' is 5 of 100 host\(s\), fewer than the 10 done after '10'/,
    );
    // The same list is fine on a larger fleet.
    expect(sizes(planWaves(fleet(1000), parseWaves('10, 5%')))).toEqual([10, 40, 950]);
  });
});

describe('hostsToRollBack', () => {
  const waves = [{ upgraded: ['a'] }, { upgraded: ['b', 'c'] }, { upgraded: ['d'] }];

  test('rollback-wave: the halted wave, plus a host of an earlier wave that failed the bake', () => {
    expect(hostsToRollBack(waves, 2, 'rollback-wave')).toEqual(['b', 'c']);
    expect(hostsToRollBack(waves, 2, 'rollback-wave', ['a'])).toEqual(['a', 'b', 'c']);
  });

  test('rollback-all: every host upgraded up to the halt, never a later wave', () => {
    expect(hostsToRollBack(waves, 2, 'rollback-all')).toEqual(['a', 'b', 'c']);
  });

  test('stop: none, even the host that failed', () => {
    expect(hostsToRollBack(waves, 2, 'stop', ['b'])).toEqual([]);
  });

  test('a host that failed the bake but was not upgraded by this run is not rolled back', () => {
    expect(
      hostsToRollBack([{ upgraded: [] }, { upgraded: ['b'] }], 2, 'rollback-wave', ['x']),
    ).toEqual(['b']);
  });
});
