/**
 * A rollout in waves over four scripted Windows hosts (the engine's fake executor): the real
 * engine deploys, the real bake polls each host's health, the real revert puts hosts back through
 * the engine. One host's service dies during the bake after wave 2; each on-halt policy must leave
 * exactly the hosts it promises on each release, and the host of wave 3 must never see a call.
 * Fast: no Wine, no sshd (deploy-action.test.ts and waves-wine.test.ts cover the real thing).
 */
import { describe, expect, test } from 'vitest';
import { bake } from '../../src/deploy/bake.js';
import { runRollout, type HostReport, type RolloutResult } from '../../src/deploy/rollout.js';
import { summaryMarkdown } from '../../src/deploy/report.js';
import type { OnHalt } from '../../src/deploy/waves.js';
import {
  deployToHost,
  probeHealth,
  revertHost,
  type HostDeployRequest,
} from '../../src/engine/index.js';
import { RecordingIO } from '../../src/runner/io.js';
import { parseState, releasePaths } from '../../src/windows/release.js';
import { FakeExecutor, type FakeWindows } from '../engine/fake-executor.js';
import { NAME, ROOT, newHost, release, request } from '../engine/fake-deploy.js';

interface Host {
  label: string;
  host: FakeWindows;
}

const stateOf = (h: Host) =>
  parseState(h.host.text(releasePaths(ROOT, NAME, '1.0.0', NAME).stateFile) ?? '', 'state.json');

/** The service process dies: the health endpoint stops answering. */
function crash(h: FakeWindows): void {
  const s = h.service(NAME)!;
  s.state = 1;
  s.win32ExitCode = 1067;
  delete s.running;
}

interface Run {
  hosts: Host[];
  result: RolloutResult;
  /** Executors made per host during the rollout (a host never contacted has none). */
  execs: Map<string, FakeExecutor>;
}

/**
 * Four hosts on 1.0.0, then 2.0.0 in waves [a], [b, c], [d]; `during` runs in the bake after
 * `wave` (before its first check), as a failure or a cancellation would arrive.
 */
async function rollout(
  policy: OnHalt,
  during: { wave: number; act: (hosts: Host[], abort: AbortController) => void },
): Promise<Run> {
  const hosts: Host[] = ['a', 'b', 'c', 'd'].map((label) => ({ label, host: newHost() }));
  const v1 = request(release('1.0.0'));
  for (const h of hosts) {
    const r = await deployToHost(new FakeExecutor(h.host, h.label), v1, new RecordingIO());
    expect(r.outcome, r.error).toBe('deployed');
  }
  const req: HostDeployRequest = request(release('2.0.0'));
  const execs = new Map<string, FakeExecutor>();
  const execFor = (h: Host) => {
    let e = execs.get(h.label);
    if (!e) execs.set(h.label, (e = new FakeExecutor(h.host, h.label)));
    return e;
  };
  const abort = new AbortController();
  const io = new RecordingIO();
  const result = await runRollout<Host>({
    hosts,
    label: (h) => h.label,
    maxParallel: 2,
    maxFailures: 0,
    dryRun: false,
    waves: [[hosts[0]!], [hosts[1]!, hosts[2]!], [hosts[3]!]],
    deploy: async (h, batch): Promise<HostReport> => {
      const r = await deployToHost(execFor(h), req, io, { signal: abort.signal });
      return {
        host: h.label,
        outcome: r.outcome,
        ...(r.versionBefore ? { versionBefore: r.versionBefore } : {}),
        ...(r.versionAfter ? { versionAfter: r.versionAfter } : {}),
        durationSeconds: r.durationSeconds,
        batch,
        ...(r.error ? { error: r.error } : {}),
      };
    },
    bake: async (wave, running) => {
      if (wave === during.wave) during.act(hosts, abort);
      return bake({
        hosts: running,
        durationMs: 0,
        intervalMs: 0,
        probe: (h) => probeHealth(execFor(h), req),
        signal: abort.signal,
      });
    },
    onHalt: policy,
    revert: async (h) => {
      const r = await revertHost(execFor(h), req, io);
      return { ...r, durationSeconds: 0 };
    },
    cancelled: () => abort.signal.aborted,
  });
  return { hosts, result, execs };
}

const outcomes = (r: RolloutResult) => r.reports.map((x) => `${x.host}:${x.outcome}`);
const running = (hosts: Host[]) => hosts.map((h) => h.host.runningVersion(NAME) ?? 'stopped');
const crashB = { wave: 2, act: (hosts: Host[]) => crash(hosts[1]!.host) };

describe('a host dies during the bake after wave 2', () => {
  test('rollback-wave: wave 2 goes back to 1.0.0 healthy, wave 1 stays on 2.0.0, wave 3 untouched', async () => {
    const { hosts, result, execs } = await rollout('rollback-wave', crashB);
    expect(result.haltedAtWave).toBe(2);
    expect(result.stoppedBecause).toBe('bake');
    expect(outcomes(result)).toEqual(['a:deployed', 'b:rolled-back', 'c:reverted', 'd:skipped']);
    expect(running(hosts)).toEqual(['2.0.0', '1.0.0', '1.0.0', '1.0.0']);
    // Put back through the engine: recorded as current, 2.0.0 kept as the one before it.
    expect(stateOf(hosts[1]!).current?.version).toBe('1.0.0');
    expect(stateOf(hosts[2]!).current?.version).toBe('1.0.0');
    expect(stateOf(hosts[0]!).current?.version).toBe('2.0.0');
    expect(execs.has('d')).toBe(false);
    expect(result.reports[3]!.error).toMatch(
      /halted at wave 2 \(1 host\(s\) failed the health check during the bake, first b: /,
    );
    expect(result.reports[1]!.error).toMatch(
      /failed the health check during the bake after wave 2: .*rolled back to 1\.0\.0, which is healthy/,
    );
    expect(result.waves?.map((w) => [w.wave, w.result, w.bake?.verdict, w.rolledBack])).toEqual([
      [1, 'deployed', 'passed', 0],
      [2, 'deployed', 'failed', 2],
      [3, 'not started', undefined, 0],
    ]);
  });

  test('rollback-all: every host this run upgraded goes back, wave 3 untouched', async () => {
    const { hosts, result, execs } = await rollout('rollback-all', crashB);
    expect(result.haltedAtWave).toBe(2);
    expect(outcomes(result)).toEqual(['a:reverted', 'b:rolled-back', 'c:reverted', 'd:skipped']);
    expect(running(hosts)).toEqual(['1.0.0', '1.0.0', '1.0.0', '1.0.0']);
    expect(execs.has('d')).toBe(false);
  });

  test('stop: every host left as it is, the dead one reported failed, wave 3 untouched', async () => {
    const { hosts, result, execs } = await rollout('stop', crashB);
    expect(result.haltedAtWave).toBe(2);
    expect(outcomes(result)).toEqual(['a:deployed', 'b:failed', 'c:deployed', 'd:skipped']);
    expect(running(hosts)).toEqual(['2.0.0', 'stopped', '2.0.0', '1.0.0']);
    expect(execs.has('d')).toBe(false);
    // No rollback ran anywhere: the only service starts were the deploys'.
    for (const h of ['a', 'b', 'c'])
      expect(
        execs
          .get(h)!
          .commands()
          .filter((c) => /sc\.exe start/.test(c)),
      ).toHaveLength(1);
  });

  test('the summary shows the waves and the halt', async () => {
    const { result } = await rollout('rollback-wave', crashB);
    const md = summaryMarkdown({
      service: NAME,
      version: '2.0.0',
      mode: 'ssh',
      dryRun: false,
      maxParallel: 2,
      maxFailures: 0,
      insecureHostKeys: false,
      rollout: result,
    });
    expect(md).toContain('The rollout halted at wave 2 of 3');
    expect(md).toContain('| Wave | Hosts | Result | Bake | Time |');
    expect(md).toMatch(/\| 1 \| 1: a \| deployed \| passed \([0-9.]+ s\) \|/);
    expect(md).toMatch(/\| 2 \| 2: b, c \| deployed; 2 rolled back \| FAILED after [0-9.]+ s: b: /);
    expect(md).toMatch(/\| 3 \| 1: d \| not started \| {2}\| {2}\|/);
    expect(md).toContain('| c | rolled back (the rollout halted) | 1.0.0 | 1.0.0 |');
  });
});

describe('cancellation during a bake', () => {
  test('every host is checked once more; healthy ones stay, the later waves are skipped', async () => {
    const { hosts, result, execs } = await rollout('rollback-wave', {
      wave: 1,
      act: (_, abort) => abort.abort(),
    });
    expect(result.stoppedBecause).toBe('cancelled');
    expect(result.haltedAtWave).toBeUndefined();
    expect(result.waves?.[0]?.bake?.verdict).toBe('cancelled');
    expect(outcomes(result)).toEqual(['a:deployed', 'b:skipped', 'c:skipped', 'd:skipped']);
    expect(running(hosts)).toEqual(['2.0.0', '1.0.0', '1.0.0', '1.0.0']);
    // a was checked after the cancel (a tunnel to its health endpoint), b, c, d never contacted.
    expect(execs.get('a')!.calls.filter((c) => c.op === 'openTcp').length).toBeGreaterThan(1);
    expect([...execs.keys()]).toEqual(['a']);
  });

  test('a host found dead by that last check halts the rollout and is rolled back', async () => {
    const { hosts, result } = await rollout('rollback-wave', {
      wave: 1,
      act: (hs, abort) => {
        abort.abort();
        crash(hs[0]!.host);
      },
    });
    expect(result.haltedAtWave).toBe(1);
    expect(result.stoppedBecause).toBe('cancelled');
    expect(outcomes(result)).toEqual(['a:rolled-back', 'b:skipped', 'c:skipped', 'd:skipped']);
    expect(running(hosts)).toEqual(['1.0.0', '1.0.0', '1.0.0', '1.0.0']);
  });
});
