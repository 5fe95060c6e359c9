import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { closest } from '../../src/build/closest.js';
import {
  matrixOf,
  parseDistList,
  resolveTargets,
  TargetError,
  type Port,
} from '../../src/build/targets.js';

// The real port list of the Go on PATH (1.19 here), as the action reads it.
let ports: Port[];
beforeAll(() => {
  ports = parseDistList(
    execFileSync('go', ['tool', 'dist', 'list', '-json'], { encoding: 'utf8' }),
  );
});

const names = (ts: { goos: string; goarch: string }[]) => ts.map((t) => `${t.goos}/${t.goarch}`);

function targetError(fn: () => unknown): TargetError {
  try {
    fn();
  } catch (err) {
    if (err instanceof TargetError) return err;
    throw err;
  }
  throw new Error('expected a TargetError');
}

describe('go tool dist list', () => {
  it('reads every port with its FirstClass flag', () => {
    expect(ports.length).toBeGreaterThan(30);
    expect(ports).toContainEqual({
      goos: 'windows',
      goarch: 'amd64',
      firstClass: true,
      cgoSupported: true,
    });
    expect(ports.find((p) => p.goos === 'plan9' && p.goarch === 'amd64')?.firstClass).toBe(false);
  });

  it('refuses output that is not the JSON list', () => {
    expect(() => parseDistList('linux/amd64\n')).toThrow(/not JSON/);
    expect(() => parseDistList('{}')).toThrow(/not print a list/);
  });
});

describe('resolveTargets', () => {
  it('expands first-class to the ports Go marks FirstClass, in dist-list order', () => {
    expect(names(resolveTargets(['first-class'], [], ports))).toEqual([
      'darwin/amd64',
      'darwin/arm64',
      'linux/386',
      'linux/amd64',
      'linux/arm',
      'linux/arm64',
      'windows/386',
      'windows/amd64',
    ]);
  });

  it('expands all to every port', () => {
    expect(resolveTargets(['all'], [], ports)).toHaveLength(ports.length);
  });

  it('keeps explicit pairs in the order given and mixes them with keywords without duplicates', () => {
    expect(names(resolveTargets(['windows/amd64', 'linux/amd64'], [], ports))).toEqual([
      'windows/amd64',
      'linux/amd64',
    ]);
    const mixed = names(resolveTargets(['first-class', 'linux/riscv64', 'linux/amd64'], [], ports));
    expect(mixed).toHaveLength(9);
    expect(mixed.at(-1)).toBe('linux/riscv64');
  });

  it('excludes exact pairs and wildcards on either half', () => {
    expect(
      names(resolveTargets(['first-class'], ['darwin/*', '*/386', 'linux/arm'], ports)),
    ).toEqual(['linux/amd64', 'linux/arm64', 'windows/amd64']);
  });

  it('fails an unknown target with the closest valid names', () => {
    const e = targetError(() => resolveTargets(['linux/amd46'], [], ports));
    expect(e.input).toBe('targets');
    expect(e.message).toMatch(
      /'linux\/amd46' is not a target of this Go \(did you mean 'linux\/amd64'/,
    );
    expect(targetError(() => resolveTargets(['windwos/amd64'], [], ports)).message).toContain(
      "'windows/amd64'",
    );
    expect(targetError(() => resolveTargets(['Linux/AMD64'], [], ports)).message).toContain(
      "did you mean 'linux/amd64'",
    );
  });

  it('fails a target that is not GOOS/GOARCH', () => {
    expect(targetError(() => resolveTargets(['linux'], [], ports)).message).toMatch(
      /'linux' is not GOOS\/GOARCH/,
    );
    expect(targetError(() => resolveTargets(['linux/amd64/v3'], [], ports)).message).toMatch(
      /not GOOS\/GOARCH/,
    );
    expect(targetError(() => resolveTargets(['linux/*'], [], ports)).message).toMatch(
      /not GOOS\/GOARCH/,
    );
  });

  it('fails an empty list, a duplicate, and an exclude that leaves nothing', () => {
    expect(targetError(() => resolveTargets([], [], ports)).message).toMatch(/no targets given/);
    expect(
      targetError(() => resolveTargets(['linux/amd64', 'windows/amd64', 'linux/amd64'], [], ports))
        .message,
    ).toBe("'linux/amd64' is listed twice");
    expect(targetError(() => resolveTargets(['all', 'all'], [], ports)).message).toBe(
      "'all' is listed twice",
    );
    const e = targetError(() => resolveTargets(['windows/amd64'], ['windows/*'], ports));
    expect(e.input).toBe('exclude');
    expect(e.message).toMatch(/nothing is left/);
  });

  it('checks exclude entries too, with suggestions', () => {
    const e = targetError(() => resolveTargets(['first-class'], ['windos/*'], ports));
    expect(e.input).toBe('exclude');
    expect(e.message).toMatch(/'windos' in 'windos\/\*' is not a GOOS \(did you mean 'windows'/);
    expect(targetError(() => resolveTargets(['first-class'], ['*/amd46'], ports)).message).toMatch(
      /did you mean 'amd64'/,
    );
    expect(targetError(() => resolveTargets(['first-class'], ['*/*'], ports)).message).toMatch(
      /not GOOS\/GOARCH/,
    );
  });
});

describe('matrixOf', () => {
  it('gives the include list strategy.matrix expects', () => {
    expect(matrixOf([{ goos: 'linux', goarch: 'amd64' }])).toEqual({
      include: [{ goos: 'linux', goarch: 'amd64' }],
    });
  });
});

describe('closest', () => {
  it('suggests nothing for a word unlike every candidate', () => {
    expect(closest('zzzzzzzzzz/qqqq', ['linux/amd64', 'windows/386'])).toEqual([]);
  });
});
