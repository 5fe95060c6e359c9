/**
 * A release that exits while it starts (issue 11, item 14): the SCM shows STOPPED during the
 * start, which is a failed start at once, reported with the exit code, and the service log's last
 * lines are handed over once (in the result), not printed by the engine as well.
 */
import { describe, expect, test } from 'vitest';
import { deployToHost } from '../../src/engine/index.js';
import { RecordingIO } from '../../src/runner/io.js';
import { FakeExecutor } from './fake-executor.js';
import { LOG, NAME, newHost, release, request } from './fake-deploy.js';

describe('a release that stops during its start', () => {
  test('is a failed start at once, reported with its exit code; the log tail is handed over once', async () => {
    const host = newHost();
    await deployToHost(new FakeExecutor(host), request(release('1.0.0')), new RecordingIO());
    const exec = new FakeExecutor(host);
    const io = new RecordingIO();
    const r = await deployToHost(exec, request(release('2.0.0', { start: { exit: 3 } })), io);

    expect(r.outcome).toBe('rolled-back');
    expect(r.exitCode).toBe(3);
    expect(r.error).toMatch(
      /^Release 2\.0\.0 of hello-service failed: it stopped during start with exit code 3 /,
    );
    expect(r.error).not.toMatch(/within 60 s/);
    // The exit code is said once, not again as "the service stopped with".
    expect(r.error?.match(/exit code 3/g)).toHaveLength(1);

    // At once: the first status query after `sc start` saw STOPPED, and no further one was made
    // before the rollback began.
    const cmds = exec.commands();
    const started = cmds.findIndex((c) => c === `sc.exe start ${NAME}`);
    const rollback = cmds.findIndex((c, i) => i > started && c.startsWith('certutil.exe'));
    const waited = cmds.slice(started + 1, rollback).filter((c) => c === `sc.exe query ${NAME}`);
    expect(waited.length).toBeLessThanOrEqual(2);

    // The log's last lines travel in the result; the engine does not print them itself.
    expect(r.logTail?.join('\n')).toContain('fatal: cannot start (exit 3)');
    expect(io.allText()).not.toContain('fatal: cannot start');
    expect(r.error).not.toContain('fatal: cannot start');
    expect(host.text(LOG)).toContain('fatal: cannot start');
  });
});
