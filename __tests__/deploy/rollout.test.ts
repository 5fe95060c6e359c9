/**
 * Rollout planning and sequencing: batches of max-parallel, a batch finishing before the next
 * starts, max-failures skipping the hosts not yet started, cancellation, dry runs planning all,
 * the outputs, and the job summary.
 */
import { describe, expect, test } from 'vitest';
import {
  outcomeLists,
  planBatches,
  runRollout,
  type HostOutcome,
  type HostReport,
} from '../../src/deploy/rollout.js';
import { INSECURE_WARNING, summaryMarkdown } from '../../src/deploy/report.js';

const hosts = ['a', 'b', 'c', 'd', 'e'];

function report(host: string, outcome: HostOutcome, batch = 1): HostReport {
  return {
    host,
    outcome,
    durationSeconds: 1,
    batch,
    versionBefore: '1.0.0',
    versionAfter: '2.0.0',
  };
}

/** A deploy function that records start/finish order and answers from a table. */
function recorder(outcomes: Record<string, HostOutcome> = {}) {
  const events: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const deploy = async (h: string, batch: number): Promise<HostReport> => {
    events.push(`start ${h}`);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise((r) => setTimeout(r, h.charCodeAt(0) % 3));
    inFlight--;
    events.push(`end ${h}`);
    return report(h, outcomes[h] ?? 'deployed', batch);
  };
  return { events, deploy, maxInFlight: () => maxInFlight };
}

describe('batches', () => {
  test('hosts in order, max-parallel at a time', () => {
    expect(planBatches(hosts, 2)).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
    expect(planBatches(hosts, 10)).toEqual([hosts]);
    expect(planBatches([], 3)).toEqual([]);
    expect(() => planBatches(hosts, 0)).toThrow(/at least 1/);
  });

  test('a batch finishes before the next starts, and never more than max-parallel run', async () => {
    const r = recorder();
    const result = await runRollout({
      hosts,
      label: (h) => h,
      maxParallel: 2,
      maxFailures: 0,
      dryRun: false,
      deploy: r.deploy,
      cancelled: () => false,
    });
    expect(result.reports.map((x) => [x.host, x.batch])).toEqual([
      ['a', 1],
      ['b', 1],
      ['c', 2],
      ['d', 2],
      ['e', 3],
    ]);
    expect(r.maxInFlight()).toBe(2);
    expect(r.events.indexOf('start c')).toBeGreaterThan(r.events.indexOf('end a'));
    expect(r.events.indexOf('start c')).toBeGreaterThan(r.events.indexOf('end b'));
    expect(result.stoppedBecause).toBeUndefined();
  });
});

describe('max-failures', () => {
  test('0: after the batch with a failure, the rest are skipped untouched', async () => {
    const r = recorder({ b: 'rolled-back' });
    const result = await runRollout({
      hosts,
      label: (h) => h,
      maxParallel: 2,
      maxFailures: 0,
      dryRun: false,
      deploy: r.deploy,
      cancelled: () => false,
    });
    expect(result.reports.map((x) => `${x.host}:${x.outcome}`)).toEqual([
      'a:deployed',
      'b:rolled-back',
      'c:skipped',
      'd:skipped',
      'e:skipped',
    ]);
    expect(r.events).not.toContain('start c');
    expect(result.stoppedBecause).toBe('max-failures');
    expect(result.reports[2]!.error).toMatch(/1 host\(s\) failed, more than max-failures \(0\)/);
    expect(outcomeLists(result.reports)).toEqual({
      deployed: ['a'],
      failed: ['b'],
      skipped: ['c', 'd', 'e'],
      reverted: [],
    });
  });

  test('failures up to max-failures are tolerated; one more stops the rollout', async () => {
    const r = recorder({ a: 'failed', c: 'failed' });
    const result = await runRollout({
      hosts,
      label: (h) => h,
      maxParallel: 1,
      maxFailures: 1,
      dryRun: false,
      deploy: r.deploy,
      cancelled: () => false,
    });
    expect(result.reports.map((x) => x.outcome)).toEqual([
      'failed',
      'deployed',
      'failed',
      'skipped',
      'skipped',
    ]);
  });

  test('a deploy that throws counts as a failed host, not a crashed rollout', async () => {
    const result = await runRollout({
      hosts: ['a', 'b'],
      label: (h) => h,
      maxParallel: 1,
      maxFailures: 5,
      dryRun: false,
      deploy: async (h) => {
        if (h === 'a') throw new Error('connection refused');
        return report(h, 'deployed');
      },
      cancelled: () => false,
    });
    expect(result.reports.map((x) => [x.outcome, x.error])).toEqual([
      ['failed', 'connection refused'],
      ['deployed', undefined],
    ]);
  });

  test('a dry run plans every host whatever fails', async () => {
    const r = recorder({ a: 'failed', b: 'planned', c: 'planned', d: 'planned', e: 'planned' });
    const result = await runRollout({
      hosts,
      label: (h) => h,
      maxParallel: 2,
      maxFailures: 0,
      dryRun: true,
      deploy: r.deploy,
      cancelled: () => false,
    });
    expect(result.reports.map((x) => x.outcome)).toEqual([
      'failed',
      'planned',
      'planned',
      'planned',
      'planned',
    ]);
    expect(outcomeLists(result.reports)).toEqual({
      deployed: [],
      failed: ['a'],
      skipped: [],
      reverted: [],
    });
  });
});

describe('cancellation', () => {
  test('hosts in flight finish; hosts not started are skipped', async () => {
    let cancelled = false;
    const events: string[] = [];
    const result = await runRollout({
      hosts,
      label: (h) => h,
      maxParallel: 2,
      maxFailures: 0,
      dryRun: false,
      deploy: async (h, batch) => {
        events.push(`start ${h}`);
        if (h === 'a') cancelled = true; // the signal arrives while a and b are in flight
        await new Promise((r) => setTimeout(r, 5));
        events.push(`end ${h}`);
        return report(h, 'deployed', batch);
      },
      cancelled: () => cancelled,
    });
    expect(events).toEqual(['start a', 'start b', 'end a', 'end b']);
    expect(result.reports.map((x) => x.outcome)).toEqual([
      'deployed',
      'deployed',
      'skipped',
      'skipped',
      'skipped',
    ]);
    expect(result.stoppedBecause).toBe('cancelled');
    expect(result.reports[4]!.error).toMatch(/cancelled before this host started/);
  });
});

describe('job summary', () => {
  const base = {
    service: 'hello-service',
    version: '2.0.0',
    mode: 'ssh' as const,
    dryRun: false,
    maxParallel: 2,
    maxFailures: 0,
    insecureHostKeys: false,
  };

  test('a row per host with result, versions, tuning, health time and duration', () => {
    const md = summaryMarkdown({
      ...base,
      rollout: {
        reports: [
          {
            ...report('admin@web1:22', 'deployed'),
            tuning: { changed: 2, unchanged: 5, rebootRequired: ['TcpTimedWaitDelay'] },
            healthSeconds: 1.5,
          },
          { ...report('admin@web2:22', 'rolled-back'), error: 'health check failed' },
          {
            host: 'admin@web3:22',
            outcome: 'skipped',
            durationSeconds: 0,
            batch: 0,
            error: 'skipped: 1 host(s) failed',
          },
        ],
        stoppedBecause: 'max-failures',
      },
    });
    expect(md).toContain(
      '| Host | Result | Version before | Version after | Tuning | Health | Duration |',
    );
    expect(md).toContain(
      '| admin@web1:22 | deployed | 1.0.0 | 2.0.0 | 2 changed, 5 unchanged; reboot needed: TcpTimedWaitDelay | 1.50 s | 1.00 s |',
    );
    expect(md).toContain('| admin@web2:22 | FAILED, rolled back | 1.0.0 | 2.0.0 |');
    expect(md).toContain('| admin@web3:22 | skipped |');
    expect(md).toContain('The rollout stopped: more than 0 host(s) failed');
    expect(md).toContain('- **admin@web2:22**: health check failed');
    expect(md).not.toContain(INSECURE_WARNING);
  });

  test('warns loudly when host keys were not verified', () => {
    const md = summaryMarkdown({ ...base, insecureHostKeys: true, rollout: { reports: [] } });
    expect(md).toContain(`> [!WARNING]\n> ${INSECURE_WARNING}`);
  });

  test('a dry run prints each host plan', () => {
    const md = summaryMarkdown({
      ...base,
      dryRun: true,
      rollout: {
        reports: [
          {
            ...report('admin@web1:22', 'planned'),
            plan: [
              {
                area: 'service',
                setting: 'hello-service',
                current: '(absent)',
                desired: 'auto',
                action: 'create',
              },
            ],
          },
        ],
      },
    });
    expect(md).toContain('Deploy plan (dry run)');
    expect(md).toContain('### Plan for admin@web1:22');
    expect(md).toContain('| service | hello-service | (absent) | auto | create |');
  });
});

describe('cancellation during the last batch', () => {
  test('is reported as a cancelled run, though no host was left to skip', async () => {
    let cancelled = false;
    const result = await runRollout({
      hosts: ['a'],
      label: (h) => h,
      maxParallel: 1,
      maxFailures: 0,
      dryRun: false,
      deploy: async (h, batch) => {
        cancelled = true;
        return report(h, 'rolled-back', batch);
      },
      cancelled: () => cancelled,
    });
    expect(result.stoppedBecause).toBe('cancelled');
  });
});
