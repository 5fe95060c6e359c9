import { describe, expect, it } from 'vitest';
import { readConfig } from '../../src/bench/config.js';
import {
  Budget,
  benchArgs,
  binaryName,
  invocation,
  isValidBenchtime,
  isValidCpuList,
  parseDuration,
} from '../../src/bench/run/plan.js';
import { InputError } from '../../src/runner/errors.js';
import { Inputs } from '../../src/runner/inputs.js';

describe('run plan', () => {
  it('runs only benchmarks, once per run, with allocations', () => {
    expect(benchArgs({ pattern: 'Hash|Maps', benchtime: '200ms' })).toEqual([
      '-test.run=^$',
      '-test.bench=Hash|Maps',
      '-test.benchtime=200ms',
      '-test.benchmem',
      '-test.count=1',
    ]);
  });

  it('pins with taskset and sets GOMAXPROCS only when asked', () => {
    expect(invocation('/b/x.test', ['-a'], {}, '/usr/bin/taskset')).toEqual({
      file: '/b/x.test',
      args: ['-a'],
      env: {},
    });
    expect(
      invocation('/b/x.test', ['-a'], { cpuList: '1', gomaxprocs: 1 }, '/usr/bin/taskset'),
    ).toEqual({
      file: '/usr/bin/taskset',
      args: ['-c', '1', '/b/x.test', '-a'],
      env: { GOMAXPROCS: '1' },
    });
    expect(invocation('/b/x.test', [], { cpuList: '1' }, undefined).file).toBe('/b/x.test');
  });

  it('reads Go durations and plain seconds', () => {
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('1.5s')).toBe(1500);
    expect(parseDuration('45')).toBe(45_000);
    expect(parseDuration('0')).toBe(0);
    expect(parseDuration('10 minutes')).toBeUndefined();
    expect(parseDuration('')).toBeUndefined();
    expect(isValidBenchtime('100x')).toBe(true);
    expect(isValidBenchtime('200ms')).toBe(true);
    expect(isValidBenchtime('1')).toBe(false);
    expect(isValidBenchtime('-1s')).toBe(false);
    expect(isValidCpuList('0,2-3')).toBe(true);
    expect(isValidCpuList('0;rm')).toBe(false);
  });

  it('cuts rounds that would not fit the time budget', () => {
    let now = 0;
    const budget = new Budget(10_000, () => now);
    expect(budget.roomForRound()).toBe(true);
    now = 3000;
    budget.recordRound(3000);
    expect(budget.roomForRound()).toBe(true); // 7 s left for a 3 s round
    now = 7500;
    budget.recordRound(4500);
    expect(budget.roomForRound()).toBe(false); // 2.5 s left for a 4.5 s round
    expect(new Budget(undefined, () => now).roomForRound()).toBe(true);
  });

  it('names binaries safely and uniquely per import path', () => {
    const a = binaryName('example.com/a/b');
    expect(a).toMatch(/^example.com_a_b-[0-9a-f]+\.test$/);
    expect(binaryName('example.com/a_b')).not.toBe(a);
    expect(binaryName('../../etc/passwd')).not.toContain('/');
  });
});

function inputs(values: Record<string, string>): Inputs {
  return new Inputs((name) => values[name] ?? '');
}

describe('configuration', () => {
  const env = { GITHUB_WORKSPACE: process.cwd(), GITHUB_JOB: 'bench' };

  it('fills in the defaults', () => {
    const cfg = readConfig(inputs({}), env);
    expect(cfg).toMatchObject({
      mode: 'go',
      packages: ['./...'],
      settings: { pattern: '.', benchtime: '1s', count: 10 },
      failOn: 'regression',
      comment: true,
      commentKey: 'bench',
      profile: 'on-regression',
      artifactName: 'bench-gate-bench',
    });
    expect(cfg.retentionDays).toBeUndefined();
    expect(cfg.policy).toMatchObject({
      alpha: 0.05,
      confidence: 0.95,
      correction: 'holm',
      rules: [],
      geomean: [],
    });
  });

  it('switches to file mode when both files are given', () => {
    const cfg = readConfig(
      inputs({ 'base-file': 'a.txt', 'head-file': 'b.txt', mode: 'http' }),
      env,
    );
    expect(cfg.mode).toBe('files');
    expect(cfg.baseFile).toBe(`${process.cwd()}/a.txt`);
  });

  it.each([
    [{ 'base-file': 'a.txt' }, 'head-file'],
    [{ mode: 'rust' }, 'mode'],
    [{ alpha: '5' }, 'alpha'],
    [{ count: '0' }, 'count'],
    [{ benchtime: 'forever' }, 'benchtime'],
    [{ bench: '(' }, 'bench'],
    [{ packages: './..., -exec=evil' }, 'packages'],
    [{ thresholds: 'sec/op=lots' }, 'thresholds'],
    [{ 'geomean-threshold': 'sec/op=' }, 'geomean-threshold'],
    [{ 'time-budget': 'soon' }, 'time-budget'],
    [{ 'cpu-list': '1; reboot' }, 'cpu-list'],
    [{ gomaxprocs: '0' }, 'gomaxprocs'],
    [{ 'fail-on': 'always' }, 'fail-on'],
    [{ 'working-directory': 'does/not/exist' }, 'working-directory'],
    [{ mode: 'http', 'http-args': '-port 8080' }, 'http-args'],
    [{ mode: 'http', 'http-path': 'healthz' }, 'http-path'],
    [{ mode: 'http', 'http-rate': '0' }, 'http-rate'],
    [{ mode: 'http', 'http-package': './...' }, 'http-package'],
    [{ 'comment-key': 'a b' }, 'comment-key'],
    [{ profile: 'sometimes' }, 'profile'],
    [{ 'artifact-name': 'a/b' }, 'artifact-name'],
    [{ 'retention-days': '91' }, 'retention-days'],
    [{ mode: 'http', 'http-profile-flag': '-cpuprofile /tmp/x' }, 'http-profile-flag'],
    [{ mode: 'http', 'http-profile-flag': 'cpuprofile' }, 'http-profile-flag'],
  ])('rejects %o naming the input', (values, input) => {
    let err: unknown;
    try {
      readConfig(inputs(values as Record<string, string>), env);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).input).toBe(input);
  });

  it('reads the HTTP settings', () => {
    const cfg = readConfig(
      inputs({
        mode: 'http',
        'http-path': '/healthz',
        'http-args': '-addr {addr} -log=false',
        'http-duration': '2s',
        'http-profile-flag': '--cpu.profile',
        profile: 'always',
        'artifact-name': 'gate data',
        'retention-days': '3',
      }),
      env,
    );
    expect(cfg).toMatchObject({ profile: 'always', artifactName: 'gate data', retentionDays: 3 });
    expect(cfg.http).toEqual({
      profileFlag: '--cpu.profile',
      pkg: '.',
      args: ['-addr', '{addr}', '-log=false'],
      path: '/healthz',
      rate: 200,
      durationMs: 2000,
      warmupMs: 500,
      readyTimeoutMs: 30_000,
      requestTimeoutMs: 5000,
    });
  });
});
