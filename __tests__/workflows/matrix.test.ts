/**
 * The lab's `strategy.matrix` expansion, checked against GitHub's documented examples.
 */
import { describe, expect, it } from 'vitest';
import { expandMatrix } from '../../lab/workflow/matrix.js';

describe('strategy.matrix in the lab', () => {
  it('an include-only matrix (build mode: plan) is one job per entry', () => {
    expect(
      expandMatrix({
        include: [
          { goos: 'linux', goarch: 'amd64' },
          { goos: 'windows', goarch: 'amd64' },
          { goos: 'windows', goarch: '386' },
        ],
      }),
    ).toEqual([
      { goos: 'linux', goarch: 'amd64' },
      { goos: 'windows', goarch: 'amd64' },
      { goos: 'windows', goarch: '386' },
    ]);
  });

  it("GitHub's example: includes extend matching combinations or stand alone", () => {
    expect(
      expandMatrix({
        fruit: ['apple', 'pear'],
        animal: ['cat', 'dog'],
        include: [
          { color: 'green' },
          { color: 'pink', animal: 'cat' },
          { fruit: 'apple', shape: 'circle' },
          { fruit: 'banana' },
          { fruit: 'banana', animal: 'cat' },
        ],
      }),
    ).toEqual([
      { fruit: 'apple', animal: 'cat', color: 'pink', shape: 'circle' },
      { fruit: 'apple', animal: 'dog', color: 'green', shape: 'circle' },
      { fruit: 'pear', animal: 'cat', color: 'pink' },
      { fruit: 'pear', animal: 'dog', color: 'green' },
      { fruit: 'banana' },
      { fruit: 'banana', animal: 'cat' },
    ]);
  });
});
