import { describe, expect, it } from 'vitest';
import { limiter, runBounded } from '../../src/build/scheduler.js';

/** Work whose completion the test controls, to observe how many items are in flight. */
function controlled() {
  let inFlight = 0;
  let maxInFlight = 0;
  const started: number[] = [];
  const release: (() => void)[] = [];
  const work = (item: number) =>
    new Promise<number>((resolve) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      started.push(item);
      release[item] = () => {
        inFlight--;
        resolve(item * 10);
      };
    });
  return { work, started, release, max: () => maxInFlight };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('runBounded', () => {
  it('never runs more than the limit at once and starts the next as one finishes', async () => {
    const c = controlled();
    const done = runBounded([0, 1, 2, 3, 4], 2, c.work);
    await tick();
    expect(c.started).toEqual([0, 1]);
    c.release[1]!();
    await tick();
    expect(c.started).toEqual([0, 1, 2]);
    for (const i of [0, 2]) c.release[i]!();
    await tick();
    c.release[3]!();
    c.release[4]!();
    expect(await done).toEqual([0, 10, 20, 30, 40]);
    expect(c.max()).toBe(2);
  });

  it('returns results in the order of the items, not of completion', async () => {
    const c = controlled();
    const done = runBounded([0, 1, 2], 3, c.work);
    await tick();
    for (const i of [2, 0, 1]) c.release[i]!();
    expect(await done).toEqual([0, 10, 20]);
  });

  it('runs one at a time with limit 1', async () => {
    const c = controlled();
    const done = runBounded([0, 1, 2], 1, c.work);
    for (const i of [0, 1, 2]) {
      await tick();
      expect(c.started).toHaveLength(i + 1);
      c.release[i]!();
    }
    await done;
    expect(c.max()).toBe(1);
  });

  it('handles no items and refuses a limit below one', async () => {
    expect(await runBounded([], 2, async () => 1)).toEqual([]);
    await expect(runBounded([1], 0, async () => 1)).rejects.toThrow(/positive integer/);
  });
});

describe('limiter', () => {
  it('lets at most the limit run at once and queues the rest in order', async () => {
    const gate = limiter(2);
    const c = controlled();
    const done = Promise.all([0, 1, 2, 3].map((i) => gate(() => c.work(i))));
    await tick();
    expect(c.started).toEqual([0, 1]);
    c.release[0]!();
    await tick();
    expect(c.started).toEqual([0, 1, 2]);
    for (const i of [1, 2, 3]) {
      await tick();
      c.release[i]!();
    }
    expect(await done).toEqual([0, 10, 20, 30]);
    expect(c.max()).toBe(2);
  });

  it('frees the slot when the function fails', async () => {
    const gate = limiter(1);
    await expect(gate(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await gate(async () => 5)).toBe(5);
  });
});
