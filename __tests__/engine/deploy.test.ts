/**
 * deployToHost's step logic over a scripted fake host (fake-executor.ts): the step order and skip
 * reasons, every failure point and how it is undone (a rollback on an upgrade, a stopped and
 * registered service on a first install), the lock, and a dry run that changes nothing. Fast: no
 * Wine. What only a real SCM proves stays in deploy-wine.test.ts.
 */
import { describe, expect, test } from 'vitest';
import { deployToHost, type HostDeployRequest } from '../../src/engine/index.js';
import { RecordingIO } from '../../src/runner/io.js';
import { releasePaths } from '../../src/windows/release.js';
import { FakeExecutor, FakeWindows } from './fake-executor.js';
import { NAME, ROOT, newHost, release, request } from './fake-deploy.js';

const paths = (version: string) => releasePaths(ROOT, NAME, version, NAME);

/** A host running 1.0.0, deployed by winship. */
async function hostOn1(): Promise<FakeWindows> {
  const host = newHost();
  const r = await deployToHost(
    new FakeExecutor(host),
    request(release('1.0.0')),
    new RecordingIO(),
  );
  expect(r.outcome, r.error).toBe('deployed');
  return host;
}

const stepList = (r: { steps: { name: string; status: string; note?: string }[] }) =>
  r.steps.map(
    (s) => `${s.name}: ${s.status}${s.note && s.status === 'skipped' ? ` (${s.note})` : ''}`,
  );

describe('the step list', () => {
  test('a first install runs every step in order; stop is skipped because nothing runs', async () => {
    const host = newHost();
    const exec = new FakeExecutor(host);
    const io = new RecordingIO();
    const r = await deployToHost(exec, request(release('1.0.0')), io);
    expect(r.outcome, r.error).toBe('deployed');
    expect(stepList(r)).toEqual([
      'validate: done',
      'secure folders: done',
      'lock: done',
      'read state: done',
      'plan: done',
      'tuning: skipped (no tuning profile)',
      'upload release: done',
      'register service: done',
      'stage release: done',
      'swap: done',
      'stop: skipped (not running)',
      'start: done',
      'health: done',
      'record: done',
    ]);
    expect(host.runningVersion(NAME)).toBe('1.0.0');
    expect(host.exists(paths('1.0.0').lockPath)).toBe(false);
    const state = JSON.parse(host.text(paths('1.0.0').stateFile) ?? '{}') as {
      current: { version: string };
    };
    expect(state.current.version).toBe('1.0.0');
    expect(io.lines).toContain(`[${NAME}] swap`);
  });

  test('an upgrade stops the old release after the swap and keeps it as the rollback target', async () => {
    const host = await hostOn1();
    const r = await deployToHost(
      new FakeExecutor(host),
      request(release('2.0.0')),
      new RecordingIO(),
    );
    expect(r.outcome, r.error).toBe('deployed');
    expect(r.versionBefore).toBe('1.0.0');
    expect(stepList(r)).toContain('register service: skipped (configuration unchanged)');
    expect(stepList(r)).toContain('stop: done');
    expect(host.runningVersion(NAME)).toBe('2.0.0');
    const state = JSON.parse(host.text(paths('2.0.0').stateFile) ?? '{}') as {
      current: { version: string };
      previous: { version: string };
    };
    expect([state.current.version, state.previous.version]).toEqual(['2.0.0', '1.0.0']);
  });

  test('the same release again is left alone: every changing step is skipped with the reason', async () => {
    const host = newHost();
    const rel = release('1.0.0');
    await deployToHost(new FakeExecutor(host), request(rel), new RecordingIO());
    const exec = new FakeExecutor(host);
    const r = await deployToHost(exec, request(rel), new RecordingIO());
    expect(r.outcome).toBe('unchanged');
    for (const step of [
      'upload release',
      'stage release',
      'swap',
      'stop',
      'start',
      'health',
      'record',
    ])
      expect(stepList(r)).toContain(`${step}: skipped (already deployed and healthy)`);
    // Only the lock (taken and released) changed anything.
    expect(exec.changes().every((c) => /deploy\.lock/.test(JSON.stringify(c)))).toBe(true);
  });

  test('a disabled service is registered and swapped but not started', async () => {
    const host = newHost();
    const req = request(release('1.0.0'));
    req.service.startType = 'disabled';
    const r = await deployToHost(new FakeExecutor(host), req, new RecordingIO());
    expect(r.outcome, r.error).toBe('deployed');
    expect(stepList(r)).toContain('start: skipped (the service is disabled)');
    expect(stepList(r)).toContain('health: skipped (the service is disabled)');
    expect(host.service(NAME)?.state).toBe(1);
  });

  test('a dry run reads the host and changes nothing: no lock, no file, no command that changes', async () => {
    const host = await hostOn1();
    const before = new Map([...host.files].map(([k, v]) => [k, v.data.toString('hex')]));
    const exec = new FakeExecutor(host);
    const r = await deployToHost(
      exec,
      request(release('2.0.0'), { dryRun: true }),
      new RecordingIO(),
    );
    expect(r.outcome).toBe('planned');
    expect(exec.changes()).toEqual([]);
    expect(new Map([...host.files].map(([k, v]) => [k, v.data.toString('hex')]))).toEqual(before);
    expect(stepList(r)).toContain('lock: skipped (dry run: nothing is changed, no lock taken)');
    expect(r.plan.find((p) => p.area === 'release')).toMatchObject({
      current: '1.0.0',
      desired: '2.0.0',
      action: 'update',
    });
    expect(host.runningVersion(NAME)).toBe('1.0.0');
  });
});

describe('a failure on an upgrade ends on the previous release, healthy', () => {
  const cases: {
    step: string;
    script: (e: FakeExecutor) => void;
    rel?: () => HostDeployRequest['release'];
  }[] = [
    {
      step: 'stage release',
      script: (e) =>
        e.on(/^cmd\.exe \/c copy .*\.exe\.new$/, {
          exitCode: 1,
          stdout: '',
          stderr: 'There is not enough space on the disk.',
        }),
    },
    {
      step: 'swap',
      script: (e) =>
        e.on(
          /^cmd\.exe \/c move \/y .*\.new /,
          {
            exitCode: 1,
            stdout: '',
            stderr: 'Access is denied.',
          },
          5,
        ), // every attempt of the swap, not the rollback's
    },
    {
      step: 'stop',
      // The old release ignores stop and its process cannot be killed.
      script: (e) => {
        const s = e.host.service(NAME);
        if (s?.running) s.running.stop = 'hang';
        e.on('taskkill.exe', { exitCode: 1, stdout: '', stderr: 'ERROR: Access is denied.' }, 1);
      },
    },
    { step: 'start', script: () => undefined, rel: () => release('2.0.0', { start: { exit: 3 } }) },
    { step: 'health', script: () => undefined, rel: () => release('2.0.0', { healthyAfter: 100 }) },
  ];
  for (const c of cases)
    test(`failed at ${c.step}`, async () => {
      const host = await hostOn1();
      const exec = new FakeExecutor(host);
      c.script(exec);
      const r = await deployToHost(exec, request(c.rel?.() ?? release('2.0.0')), new RecordingIO());
      expect(r.steps.find((s) => s.status === 'failed')?.name).toBe(c.step);
      if (c.step === 'stage release') {
        // Nothing live was touched: no rollback needed, the old release still runs.
        expect(r.outcome).toBe('failed');
      } else {
        expect(r.outcome, r.error).toBe('rolled-back');
        expect(r.error).toContain('Rolled back to 1.0.0, which is healthy');
      }
      expect(host.runningVersion(NAME)).toBe('1.0.0');
      expect(host.exists(paths('1.0.0').lockPath)).toBe(false);
    });

  test('a configuration change that fails is put back and the old release keeps running', async () => {
    const host = await hostOn1();
    const exec = new FakeExecutor(host);
    exec.on(/^reg\.exe add/, { exitCode: 1, stdout: '', stderr: 'ERROR: Access is denied.' });
    const req = request(release('2.0.0'));
    req.service.environment = { GOGC: '50' };
    const r = await deployToHost(exec, req, new RecordingIO());
    expect(r.outcome).toBe('failed');
    expect(r.steps.find((s) => s.status === 'failed')?.name).toBe('register service');
    expect(r.error).toContain('The previous release was not replaced');
    expect(host.runningVersion(NAME)).toBe('1.0.0');
  });
});

describe('a failure on a first install leaves the service stopped and registered', () => {
  for (const [step, opts] of [
    ['start', { start: { exit: 3 } }],
    ['health', { healthyAfter: 100 }],
  ] as const)
    test(`failed at ${step}`, async () => {
      const host = newHost();
      const r = await deployToHost(
        new FakeExecutor(host),
        request(release('1.0.0', opts)),
        new RecordingIO(),
      );
      expect(r.outcome).toBe('failed');
      expect(r.steps.find((s) => s.status === 'failed')?.name).toBe(step);
      expect(r.error).toContain('No previous release to roll back to (first install)');
      expect(host.service(NAME)?.state).toBe(1);
      expect(host.exists(paths('1.0.0').lockPath)).toBe(false);
    });
});

describe('the deploy lock', () => {
  const owner = (createdAt: string) =>
    JSON.stringify({ token: 'x'.repeat(24), by: 'another runner', version: '9.9.9', createdAt });

  test('a lock held by a live deploy refuses the deploy before anything changes', async () => {
    const host = await hostOn1();
    host.write(paths('1.0.0').lockOwnerFile, owner(new Date().toISOString()));
    const exec = new FakeExecutor(host);
    const r = await deployToHost(exec, request(release('2.0.0')), new RecordingIO());
    expect(r.outcome).toBe('failed');
    expect(r.error).toContain('Another deploy holds the lock');
    expect(host.runningVersion(NAME)).toBe('1.0.0');
    expect(host.exists(paths('1.0.0').lockOwnerFile)).toBe(true);
  });

  test('a stale lock is reported, and broken only when asked', async () => {
    const host = await hostOn1();
    host.write(paths('1.0.0').lockOwnerFile, owner('2020-01-01T00:00:00.000Z'));
    const refused = await deployToHost(
      new FakeExecutor(host),
      request(release('2.0.0')),
      new RecordingIO(),
    );
    expect(refused.outcome).toBe('failed');
    expect(refused.error).toContain('break-stale-lock: true');
    const io = new RecordingIO();
    const r = await deployToHost(
      new FakeExecutor(host),
      request(release('2.0.0'), { lock: { staleAfterSeconds: 3600, breakStale: true } }),
      io,
    );
    expect(r.outcome, r.error).toBe('deployed');
    expect(io.warnings.map((w) => w.message).join('\n')).toContain(
      'Breaking the stale deploy lock',
    );
    expect(host.exists(paths('1.0.0').lockPath)).toBe(false);
  });
});
