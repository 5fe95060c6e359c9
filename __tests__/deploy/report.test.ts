/** The job summary from plain reports: what the operator reads during an incident. */
import { describe, expect, test } from 'vitest';
import { summaryMarkdown, type SummaryInput } from '../../src/deploy/report.js';

const base: Omit<SummaryInput, 'rollout'> = {
  service: 'svc',
  version: '1.2.0',
  mode: 'ssh',
  dryRun: false,
  maxParallel: 1,
  maxFailures: 0,
  insecureHostKeys: false,
};

describe('What went wrong', () => {
  test('names each host once, even when its message already starts with the name', () => {
    const md = summaryMarkdown({
      ...base,
      rollout: {
        reports: [
          {
            host: 'admin@web1:22',
            outcome: 'failed',
            durationSeconds: 0.1,
            batch: 1,
            error: 'admin@web1:22: host key refused before authentication: not pinned',
          },
          {
            host: 'admin@web2:22',
            outcome: 'failed',
            durationSeconds: 0.1,
            batch: 1,
            error: 'the service did not start',
          },
        ],
      },
    });
    expect(md).toContain('- **admin@web1:22**: host key refused before authentication: not pinned');
    expect(md).toContain('- **admin@web2:22**: the service did not start');
    expect(md.match(/admin@web1:22/g)).toHaveLength(2); // the table row and the line above
  });
});

describe('Version before and Tuning say what is known', () => {
  const row = (md: string, host: string) => md.split('\n').find((l) => l.startsWith(`| ${host} |`));

  test('a host refused over its host key: the version it runs was not read, not "(none)"', () => {
    const md = summaryMarkdown({
      ...base,
      rollout: {
        reports: [
          {
            host: 'admin@web1:22',
            outcome: 'failed',
            durationSeconds: 0.1,
            batch: 1,
            error: 'admin@web1:22: host key refused before authentication: not pinned',
            steps: [
              { name: 'connect', status: 'failed', note: 'host key refused before authentication' },
            ],
          },
        ],
      },
    });
    expect(row(md, 'admin@web1:22')).toContain(
      '| FAILED | not read (refused before authentication) |',
    );
    expect(md).not.toContain('(none)');
  });

  test('a host that stopped before reading its state names the step; one with no release says (none)', () => {
    const md = summaryMarkdown({
      ...base,
      rollout: {
        reports: [
          {
            host: 'h1',
            outcome: 'failed',
            durationSeconds: 0.1,
            batch: 1,
            error: 'locked by another deploy',
            steps: [
              { name: 'validate', status: 'done' },
              { name: 'secure folders', status: 'done' },
              { name: 'lock', status: 'failed', note: 'locked by another deploy' },
            ],
          },
          {
            host: 'h2',
            outcome: 'deployed',
            versionAfter: '1.2.0',
            durationSeconds: 3,
            batch: 1,
            steps: [
              { name: 'read state', status: 'done' },
              { name: 'tuning', status: 'skipped', note: 'no tuning profile' },
            ],
            tuning: { changed: 0, unchanged: 0, rebootRequired: [] },
          },
        ],
      },
    });
    expect(row(md, 'h1')).toContain('| FAILED | not read (stopped at lock) |');
    expect(row(md, 'h2')).toContain('| deployed | (none) | 1.2.0 | skipped (no tuning profile) |');
  });

  test('profile: none reads "skipped", a tuned host its counts, a host stopped before tuning nothing', () => {
    const md = summaryMarkdown({
      ...base,
      rollout: {
        reports: [
          {
            host: 'tuned',
            outcome: 'deployed',
            versionBefore: '1.1.0',
            versionAfter: '1.2.0',
            durationSeconds: 3,
            batch: 1,
            steps: [
              { name: 'read state', status: 'done' },
              { name: 'tuning', status: 'done' },
            ],
            tuning: { changed: 2, unchanged: 5, rebootRequired: ['TcpTimedWaitDelay'] },
          },
          {
            host: 'early',
            outcome: 'failed',
            versionBefore: '1.1.0',
            durationSeconds: 1,
            batch: 1,
            error: 'plan refused',
            steps: [
              { name: 'read state', status: 'done' },
              { name: 'plan', status: 'failed', note: 'plan refused' },
            ],
            tuning: { changed: 0, unchanged: 0, rebootRequired: [] },
          },
        ],
      },
    });
    expect(row(md, 'tuned')).toContain(
      '| 2 changed, 5 unchanged; reboot needed: TcpTimedWaitDelay |',
    );
    expect(row(md, 'early')).toContain('| FAILED | 1.1.0 |  |  |');
    const wine = summaryMarkdown({
      ...base,
      rollout: {
        reports: [
          {
            host: 'wine',
            outcome: 'deployed',
            versionAfter: '1.2.0',
            durationSeconds: 3,
            batch: 1,
            steps: [{ name: 'tuning', status: 'done' }],
            tuning: { changed: 0, unchanged: 1, notRead: 11, rebootRequired: [] },
          },
        ],
      },
    });
    expect(row(wine, 'wine')).toContain('| 0 changed, 1 unchanged, 11 not read (skipped) |');
    expect(md).not.toContain('0 changed, 0 unchanged');
  });
});
