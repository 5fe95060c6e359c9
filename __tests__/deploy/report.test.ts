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
