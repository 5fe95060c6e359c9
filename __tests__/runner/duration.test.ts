/**
 * One duration format across the suite (src/runner/duration.ts): `30s`, `10m`, `1h`, Go-style
 * combinations, a bare number as seconds; used by deploy-windows' timeouts and bench-gate's time
 * inputs, with the input's name in every refusal.
 */
import { describe, expect, it } from 'vitest';
import { Inputs } from '../../src/runner/inputs.js';
import { durationInput, durationSeconds, parseDuration } from '../../src/runner/duration.js';
import { readConfig as deployConfig } from '../../src/deploy/config.js';
import { readConfig as benchConfig } from '../../src/bench/config.js';
import { RecordingIO } from '../../src/runner/io.js';

const inputs = (values: Record<string, string>) => new Inputs((n) => values[n] ?? '');

describe('parseDuration', () => {
  it('reads 30s, 10m, 1h, 500ms, 1h30m and bare numbers as seconds', () => {
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('10m')).toBe(600_000);
    expect(parseDuration('1h')).toBe(3_600_000);
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('1.5s')).toBe(1500);
    expect(parseDuration('30')).toBe(30_000);
    expect(parseDuration('0.25')).toBe(250);
    expect(parseDuration(' 2m ')).toBe(120_000);
  });

  it('refuses what is not a duration', () => {
    for (const bad of ['', 's', '10x', '-5s', '1d', '10 m', '5s10', 'ten', '1e3'])
      expect(parseDuration(bad), bad).toBeUndefined();
  });
});

describe('duration inputs', () => {
  it('names the input and the accepted format when refusing', () => {
    expect(() =>
      durationInput(inputs({ timeout: '5 minutes' }), 'timeout', { fallbackMs: 1 }),
    ).toThrow(
      "Input 'timeout': expected a duration like 30s, 10m or 1h (a bare number is seconds), got '5 minutes'",
    );
  });

  it('enforces the limits, said in the same format', () => {
    const i = inputs({ t: '2h', u: '1s' });
    expect(() => durationSeconds(i, 't', { fallback: 1, max: 3600 })).toThrow(
      "Input 't': '2h' is longer than the maximum, 1h",
    );
    expect(() => durationSeconds(i, 'u', { fallback: 1, min: 5 })).toThrow(
      "Input 'u': '1s' is shorter than the minimum, 5s",
    );
    expect(durationSeconds(inputs({}), 't', { fallback: 120 })).toBe(120);
  });

  it('deploy-windows takes timeout: 30s (refused before) and keeps bare seconds', () => {
    const base = {
      hosts: 'admin@web1',
      'ssh-private-key':
        '-----BEGIN OPENSSH PRIVATE KEY-----\nx\n-----END OPENSSH PRIVATE KEY-----',
      'insecure-skip-host-key-check': 'true',
      artifact: 'dist',
    };
    const cfg = deployConfig(
      inputs({
        ...base,
        timeout: '30s',
        'stop-timeout': '1m',
        'health-timeout': '500ms',
        'health-interval': '0.25',
        'lock-stale-after': '2h',
      }),
      {},
    ) as unknown as Record<string, unknown>;
    const text = JSON.stringify(cfg);
    expect(text).toContain('"timeoutSeconds":30');
    expect(text).toContain('"stopTimeoutSeconds":60');
    expect(text).toContain('"timeoutSeconds":0.5');
    expect(text).toContain('"intervalSeconds":0.25');
    expect(text).toContain('"staleAfterSeconds":7200');
    expect(() => deployConfig(inputs({ ...base, timeout: '30 s' }), {})).toThrow(/Input 'timeout'/);
  });

  it('bench-gate takes the same format for its time inputs', () => {
    const env = { GITHUB_WORKSPACE: process.cwd() };
    const cfg = benchConfig(
      inputs({ 'time-budget': '1h', mode: 'http', 'http-duration': '90' }),
      env,
    );
    expect(cfg.settings.timeBudgetMs).toBe(3_600_000);
    expect(cfg.http?.durationMs).toBe(90_000);
    expect(() => benchConfig(inputs({ 'time-budget': '20 minutes' }), env)).toThrow(
      /Input 'time-budget': expected a duration like 30s, 10m or 1h/,
    );
    expect(() => benchConfig(inputs({ mode: 'http', 'http-duration': '0s' }), env)).toThrow(
      /Input 'http-duration': '0s' is shorter than the minimum, 1ms/,
    );
  });
});

describe('github-token, the one name for the token', () => {
  const env = { GITHUB_WORKSPACE: process.cwd() };
  it('bench-gate reads github-token', () => {
    const io = new RecordingIO();
    expect(benchConfig(inputs({ 'github-token': 'ghs_new' }), env, io).token).toBe('ghs_new');
    expect(io.warnings).toEqual([]);
  });

  it('still takes the deprecated token, with a warning', () => {
    const io = new RecordingIO();
    const cfg = benchConfig(inputs({ token: 'ghs_old', 'github-token': 'ghs_default' }), env, io);
    expect(cfg.token).toBe('ghs_old');
    expect(io.warnings.map((w) => w.message)).toEqual([
      "Input 'token' is deprecated: use 'github-token' (the same token; 'token' wins while both are set)",
    ]);
  });
});
