/**
 * Cancelled and killed deploys, step by step, over the scripted fake host: the runner's SIGINT
 * (then SIGTERM) aborts the engine's signal; its SIGKILL is a process that stops mid-call (the
 * fake executor's `kill`: no call settles any more, the host keeps what it had). After each, the
 * host is checked, then a fresh deploy must recover by itself and end on the new release.
 *
 * At the engine, SIGINT and SIGINT+SIGTERM are the same event (the second signal finds the run
 * already cancelled); the process-level part (SIGTERM does not end the action) is proven through
 * the real bundle in cancel-wine.test.ts.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { deployToHost, type HostDeployResult } from '../../src/engine/index.js';
import { acquireLock } from '../../src/engine/lock.js';
import { RecordingIO } from '../../src/runner/io.js';
import { releasePaths } from '../../src/windows/release.js';
import { FakeExecutor, FakeWindows } from './fake-executor.js';
import { NAME, ROOT, newHost, release, request } from './fake-deploy.js';

const paths = releasePaths(ROOT, NAME, '1.0.0', NAME);
/** The next deploy runs after the killed one's lease ran out; it watches 0.1 s for a renewal. */
const later = {
  now: () => new Date(Date.now() + 5 * 60_000),
  lease: { leaseSeconds: 60, renewSeconds: 0.05 },
};

interface StateJson {
  current?: { version: string };
  transaction?: { version: string; phase: string };
}
const stateOf = (h: FakeWindows) => JSON.parse(h.text(paths.stateFile) ?? '{}') as StateJson;

/** An IO that fires `trigger` once a line matching `at` is logged (info or warning). */
class TriggerIO extends RecordingIO {
  constructor(
    private readonly at: RegExp,
    private readonly trigger: () => void,
  ) {
    super();
  }
  private fired = false;
  private check(m: string) {
    if (!this.fired && this.at.test(m)) {
      this.fired = true;
      this.trigger();
    }
  }
  override info(m: string): void {
    super.info(m);
    this.check(m);
  }
  override warning(m: string): void {
    super.warning(m);
    this.check(m);
  }
}

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

/** Where the interruption lands: the step's log line, or for `rollback` the start of the rollback. */
const STEPS = {
  upload: /\] upload release$/,
  swap: /\] swap$/,
  stop: /\] stop$/,
  start: /\] start$/,
  health: /\] health$/,
  rollback: /rolling back to 1\.0\.0/,
} as const;
type StepName = keyof typeof STEPS;

/**
 * Kills the process at the first call after the trigger that is not the journal write: that is
 * the step's own first effect, after the state file says what is about to happen.
 */
function killAtNextCall(exec: FakeExecutor): () => void {
  let armed = false;
  exec.before = (call) => {
    if (armed && !(call.op === 'writeFile' && call.path === paths.stateFile)) exec.kill();
  };
  return () => (armed = true);
}

async function freshDeploy(host: FakeWindows): Promise<{ r: HostDeployResult; io: RecordingIO }> {
  const io = new RecordingIO();
  const r = await deployToHost(new FakeExecutor(host), request(release('2.0.0')), io, later);
  return { r, io };
}

function expectOn2(host: FakeWindows, r: HostDeployResult) {
  expect(['deployed', 'unchanged'], r.error).toContain(r.outcome);
  expect(host.runningVersion(NAME)).toBe('2.0.0');
  expect(host.exists(paths.lockPath)).toBe(false);
  expect(stateOf(host).current?.version).toBe('2.0.0');
  expect(stateOf(host).transaction).toBeUndefined();
}

describe('SIGINT (and SIGINT then SIGTERM) at each step: the host ends on 1.0.0, healthy, unlocked', () => {
  for (const signals of [1, 2])
    for (const step of ['upload', 'swap', 'stop', 'start', 'health'] as StepName[])
      test(`${signals === 1 ? 'SIGINT' : 'SIGINT+SIGTERM'} at ${step}`, async () => {
        const host = await hostOn1();
        const abort = new AbortController();
        const io = new TriggerIO(STEPS[step], () => {
          for (let i = 0; i < signals; i++) abort.abort();
        });
        const r = await deployToHost(
          new FakeExecutor(host),
          request(release('2.0.0', { healthyAfter: 2 })),
          io,
          { signal: abort.signal },
        );
        // Cancelled before the swap, nothing live was changed; after it, the swap is undone.
        const before = step === 'upload' || step === 'swap';
        expect(r.outcome).toBe(before ? 'failed' : 'rolled-back');
        expect(r.error).toMatch(
          before
            ? /cancelled before 2\.0\.0 was put in.*on 1\.0\.0/
            : /cancelled.*Rolled back to 1\.0\.0, which is healthy/,
        );
        expect(host.runningVersion(NAME)).toBe('1.0.0');
        expect(host.exists(paths.lockPath)).toBe(false);
        expect(stateOf(host).current?.version).toBe('1.0.0');
        expect(stateOf(host).transaction).toBeUndefined();

        const { r: next } = await freshDeploy(host);
        expect(next.notes).toBeUndefined();
        expectOn2(host, next);
      });

  test('SIGINT while the health check waits gives the wait up at once and rolls back', async () => {
    const host = await hostOn1();
    const abort = new AbortController();
    const exec = new FakeExecutor(host);
    let probes = 0;
    exec.before = (call) => {
      if (call.op === 'openTcp' && ++probes === 2) abort.abort();
    };
    const req = request(release('2.0.0', { healthyAfter: 1000 }));
    req.health.retries = 1000;
    const r = await deployToHost(exec, req, new RecordingIO(), { signal: abort.signal });
    expect(r.outcome).toBe('rolled-back');
    // Given up at the abort: not 1000 probes of the new release.
    expect(probes).toBeLessThan(10);
    expect(host.runningVersion(NAME)).toBe('1.0.0');
  });
});

describe('SIGKILL at each step: the journal says what was under way; the next deploy resolves it', () => {
  const expected: Record<StepName, { tx?: string; note?: RegExp }> = {
    upload: {},
    swap: {
      tx: 'swap',
      note: /Undid the interrupted deploy of 2\.0\.0 .*'swap'.*1\.0\.0 was put back, which is healthy/,
    },
    stop: {
      tx: 'stop',
      note: /Undid the interrupted deploy of 2\.0\.0 .*'stop'.*1\.0\.0 was put back/,
    },
    start: {
      tx: 'start',
      note: /Undid the interrupted deploy of 2\.0\.0 .*'start'.*1\.0\.0 was put back/,
    },
    health: {
      tx: 'health',
      note: /Finished the interrupted deploy of 2\.0\.0 .*'health'.*live and healthy/,
    },
    rollback: {
      tx: 'rollback',
      note: /Undid the interrupted deploy of 2\.0\.0 .*'rollback'.*1\.0\.0 was put back/,
    },
  };
  for (const step of Object.keys(STEPS) as StepName[])
    test(`SIGKILL at ${step}`, async () => {
      const host = await hostOn1();
      const exec = new FakeExecutor(host);
      const abort = new AbortController();
      const arm = killAtNextCall(exec);
      // A rollback is reached by SIGINT during health; SIGKILL then lands in the rollback.
      const io =
        step === 'rollback'
          ? new TriggerIO(/\] health$/, () => {
              abort.abort();
              exec.before = undefined;
              const armRollback = killAtNextCall(exec);
              const inner = io.warning.bind(io);
              io.warning = (m: string) => {
                inner(m);
                if (STEPS.rollback.test(m)) armRollback();
              };
            })
          : new TriggerIO(STEPS[step], arm);
      const killed = deployToHost(exec, request(release('2.0.0', { healthyAfter: 2 })), io, {
        signal: abort.signal,
      });
      // The process is gone: its promise never settles. Wait until it stopped making calls.
      await until(() => exec.killedCalls > 0);
      void killed;
      // What the killed deploy left: the lock (with a lease) and, past upload, the journal.
      expect(host.exists(paths.lockOwnerFile)).toBe(true);
      expect(stateOf(host).current?.version).toBe('1.0.0');
      expect(stateOf(host).transaction?.phase).toBe(expected[step].tx);

      const { r, io: nextIO } = await freshDeploy(host);
      expect(nextIO.warnings.map((w) => w.message).join('\n')).toMatch(
        /Taking over the deploy lock .* its lease \(\d+ s\) was last renewed/,
      );
      if (expected[step].note) {
        expect(r.notes?.join('\n')).toMatch(expected[step].note!);
        expect(nextIO.warnings.map((w) => w.message).join('\n')).toMatch(/was interrupted at its/);
        expect(r.steps.find((s) => s.name === 'resume interrupted deploy')?.status).toBe('done');
      } else expect(r.notes).toBeUndefined();
      expectOn2(host, r);
    });

  test('SIGKILL during a first install: the next deploy stops the half-installed service, then installs', async () => {
    const host = newHost();
    const exec = new FakeExecutor(host);
    const arm = killAtNextCall(exec);
    void deployToHost(
      exec,
      request(release('1.0.0', { healthyAfter: 5 })),
      new TriggerIO(STEPS.health, arm),
    );
    await until(() => exec.killedCalls > 0);
    expect(stateOf(host).transaction?.phase).toBe('health');
    const io = new RecordingIO();
    const r = await deployToHost(new FakeExecutor(host), request(release('2.0.0')), io, later);
    expect(r.notes?.join('\n')).toMatch(/Undid the interrupted first install of 1\.0\.0/);
    expect(r.outcome, r.error).toBe('deployed');
    expect(host.runningVersion(NAME)).toBe('2.0.0');
  });

  test('a dry run reports an interrupted deploy and leaves it for a real deploy', async () => {
    const host = await hostOn1();
    const exec = new FakeExecutor(host);
    const arm = killAtNextCall(exec);
    void deployToHost(exec, request(release('2.0.0')), new TriggerIO(STEPS.stop, arm));
    await until(() => exec.killedCalls > 0);
    const dry = new FakeExecutor(host);
    const io = new RecordingIO();
    const r = await deployToHost(dry, request(release('2.0.0'), { dryRun: true }), io, later);
    expect(r.outcome).toBe('planned');
    expect(dry.changes()).toEqual([]);
    expect(r.steps.find((s) => s.name === 'resume interrupted deploy')?.note).toMatch(
      /dry run: the deploy of 2\.0\.0 cut off at 'stop' is left for a real deploy/,
    );
    expect(stateOf(host).transaction?.phase).toBe('stop');
  });
});

describe('the lock is a lease', () => {
  test('a holder that keeps renewing is not taken over, even when its clock says its lease ran out', async () => {
    const host = await hostOn1();
    const holder = await acquireLock(
      new FakeExecutor(host),
      paths,
      {
        staleAfterSeconds: 3600,
        breakStale: false,
        version: '9.9.9',
        leaseSeconds: 60,
        renewSeconds: 0.05,
      },
      new RecordingIO(),
    );
    const r = await deployToHost(
      new FakeExecutor(host),
      request(release('2.0.0')),
      new RecordingIO(),
      later,
    );
    expect(r.outcome).toBe('failed');
    expect(r.error).toMatch(
      /Another deploy holds the lock .*frees itself 60 s after its last renewal/,
    );
    await holder.release();
    expect(host.exists(paths.lockPath)).toBe(false);
  });

  test('a lock whose owner is gone blocks only until its lease runs out', async () => {
    const host = await hostOn1();
    const dead = new FakeExecutor(host);
    await acquireLock(
      dead,
      paths,
      { staleAfterSeconds: 3600, breakStale: false, version: '9.9.9' },
      new RecordingIO(),
    );
    dead.kill(); // its renewals never reach the host again
    const now = await deployToHost(
      new FakeExecutor(host),
      request(release('2.0.0')),
      new RecordingIO(),
    );
    expect(now.error).toMatch(/Another deploy holds the lock/);
    const io = new RecordingIO();
    const r = await deployToHost(new FakeExecutor(host), request(release('2.0.0')), io, later);
    expect(r.outcome, r.error).toBe('deployed');
    expect(io.warnings.map((w) => w.message).join('\n')).toMatch(/Taking over the deploy lock/);
  });
});

async function until(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setTimeout(r, 5));
}

afterEach(() => undefined);
