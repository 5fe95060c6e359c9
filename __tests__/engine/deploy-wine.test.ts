/**
 * deployToHost end to end under Wine: the example service (examples/hello-service, built for
 * windows/amd64) runs as a real service under Wine's service control manager, driven by real
 * sc.exe, reg.exe and cmd.exe through the Wine executor.
 *
 * Proven here: create with sc create, the release layout and state file, stop/swap/start with
 * waits on sc query's numeric state, HTTP health through executor.openTcp, automatic rollback
 * with the exit code (SCM 1066 + the service's own code) and the log tail, a first install that
 * fails, the lock, dry run, idempotence, and refusal of bad input before any command runs.
 * Not provable under Wine (sc config/qc/qfailure/failure/failureflag, delayed-auto, the
 * Environment given to the service, certutil, sc queryex + taskkill): see the argv and sample
 * tests in __tests__/windows/sc.test.ts and service.test.ts. The spec below therefore uses
 * settings Wine stores faithfully (start auto, description, environment value, no recovery).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { copyFileSync, existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { buildExampleExe, ensureWinePrefix, freePort, type WinePrefix } from '../../lab/wine.js';
import { WineExecutor } from '../../src/hosts/wine.js';
import { deployToHost } from '../../src/engine/index.js';
import type { HostDeployRequest } from '../../src/engine/index.js';
import type { RunnerIO } from '../../src/runner/io.js';
import { acquireLock } from '../../src/engine/lock.js';
import { verifyFile } from '../../src/engine/host.js';
import { releasePaths } from '../../src/windows/release.js';
import { parseRegQuery, regQuery } from '../../src/windows/reg.js';
import { parseScQuery, scDelete, scQuery, scStop } from '../../src/windows/sc.js';
import { UserError } from '../../src/runner/errors.js';
import { parseProfile } from '../../src/windows/tuning/profile.js';
import { RecordingExecutor } from './recording.js';

const ROOT = 'C:\\winship-e2e';
let prefix: WinePrefix;
let exec: WineExecutor;
let port: number;
let name: string;
const exes: Record<string, { file: string; sha256: string }> = {};
const lines: string[] = [];
const log: Pick<RunnerIO, 'info' | 'warning'> = {
  info: (m) => lines.push(m),
  warning: (m) => lines.push(`WARN ${m}`),
};
const created: string[] = [];

function sha(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

function request(
  version: string,
  overrides: Partial<HostDeployRequest> = {},
  svc = name,
  p = port,
  root = ROOT,
): HostDeployRequest {
  const exe = exes[version];
  if (!exe) throw new Error(`no build for ${version}`);
  return {
    service: {
      name: svc,
      description: 'winship end-to-end test service',
      startType: 'auto',
      account: 'LocalSystem',
      args: ['-service', '-addr', `127.0.0.1:${p}`, '-log', `${root}\\${svc}.log`],
      environment: { GOMAXPROCS: '2', GOGC: '100' },
      dependencies: [],
      stopTimeoutSeconds: 20,
      logFile: `${root}\\${svc}.log`,
    },
    release: { version, localFile: exe.file, sha256: exe.sha256, binaryName: 'hello-service' },
    root,
    profile: null,
    health: {
      kind: 'http',
      url: `http://127.0.0.1:${p}/healthz`,
      timeoutSeconds: 2,
      intervalSeconds: 0.2,
      retries: 25,
    },
    keepReleases: 3,
    lock: { staleAfterSeconds: 600, breakStale: false },
    dryRun: false,
    ...overrides,
  };
}

async function healthz(p = port): Promise<{ version: string } | undefined> {
  try {
    const r = await fetch(`http://127.0.0.1:${p}/healthz`);
    return r.ok ? ((await r.json()) as { version: string }) : undefined;
  } catch {
    return undefined;
  }
}

async function serviceState(svc: string): Promise<number | undefined> {
  const r = await exec.run(scQuery(svc));
  return r.exitCode === 0 ? parseScQuery(r.stdout)?.state : undefined;
}

function state(svc = name): {
  current?: { version: string };
  releases: { version: string }[];
  lastFailure?: { version: string };
} {
  const file = prefix.toLinuxPath(releasePaths(ROOT, svc, '0', 'hello-service').stateFile);
  return JSON.parse(readFileSync(file, 'utf8')) as ReturnType<typeof state>;
}

beforeAll(async () => {
  prefix = await ensureWinePrefix('engine-deploy');
  await prefix.keepAlive();
  exec = new WineExecutor({ prefix: prefix.path });
  // Three builds of the example: two good releases and one that exits right after the SCM
  // started it (the example's own fail-at-start path, exit code 3).
  const builds = [
    ['1.0.0', await buildExampleExe('1.0.0')],
    ['2.0.0', await buildExampleExe('2.0.0')],
    ['3.0.0', await buildExampleExe('3.0.0', { failAtStart: true })],
  ] as const;
  for (const [v, file] of builds) exes[v] = { file, sha256: sha(file) };
  port = await freePort();
  name = `winship-e2e-${port}`;
  created.push(name);
});

afterAll(async () => {
  if (!exec) return;
  for (const svc of created) {
    await exec.run(scStop(svc));
    await exec.run(scDelete(svc));
    rmSync(prefix.toLinuxPath(`${ROOT}\\${svc}`), { recursive: true, force: true });
  }
  await prefix.shutdown();
});

describe('verifying a file on the host', () => {
  test('read back on Wine; certutil alone where the executor claims it, so a stub verifies nothing', async () => {
    const file = `${ROOT}\\verify-${port}\\a.bin`;
    await exec.writeFile(file, 'hello');
    const good = createHash('sha256').update('hello').digest('hex');
    expect(await verifyFile(exec, file, good)).toEqual({ ok: true, method: 'read back' });
    expect(await verifyFile(exec, file, 'ab'.repeat(32))).toMatchObject({
      ok: false,
      actual: good,
    });
    // Wine's certutil.exe is a stub that exits 0 and prints nothing: an executor that claims a
    // working certutil over it gets no digest, and the file counts as not verified (the lab says
    // hashFile: false for such hosts, hosts/lab.ts; there is no second fallback).
    const claims = new RecordingExecutor(exec);
    Object.defineProperty(claims, 'capabilities', { value: { hashFile: true, acls: false } });
    expect(await verifyFile(claims, file, good)).toEqual({ ok: false, method: 'certutil' });
    expect(claims.commands()).toEqual([`certutil.exe -hashfile ${file} SHA256`]);
    expect((await verifyFile(claims, `${ROOT}\\verify-${port}\\missing.bin`, good)).ok).toBe(false);
    rmSync(prefix.toLinuxPath(`${ROOT}\\verify-${port}`), { recursive: true, force: true });
  });
});

describe('refused before anything runs', () => {
  test('a bad service name', async () => {
    const rec = new RecordingExecutor(exec);
    const req = request('1.0.0');
    req.service.name = 'bad name&calc';
    await expect(deployToHost(rec, req, log)).rejects.toThrow(
      /Invalid service name 'bad name&calc'/,
    );
    expect(rec.calls).toEqual([]);
  });

  test('a relative root, a root with .., and a version with a path in it', async () => {
    const rec = new RecordingExecutor(exec);
    await expect(
      deployToHost(rec, request('1.0.0', { root: 'winship\\apps' }), log),
    ).rejects.toThrow(UserError);
    await expect(
      deployToHost(rec, request('1.0.0', { root: 'C:\\ProgramData\\..\\Windows' }), log),
    ).rejects.toThrow(/'\.' and '\.\.' components are not allowed/);
    const req = request('1.0.0');
    req.release.version = '..\\..\\evil';
    await expect(deployToHost(rec, req, log)).rejects.toThrow(/Invalid version/);
    const badLog = request('1.0.0');
    badLog.service.logFile = 'C:\\logs\\a|b.log';
    await expect(deployToHost(rec, badLog, log)).rejects.toThrow(/Invalid log file/);
    expect(rec.calls).toEqual([]);
  });

  test('a release file whose checksum does not match', async () => {
    const rec = new RecordingExecutor(exec);
    const req = request('1.0.0');
    req.release.sha256 = exes['2.0.0']?.sha256 ?? '';
    await expect(deployToHost(rec, req, log)).rejects.toThrow(/has sha256 .* expected/);
    expect(rec.calls).toEqual([]);
  });
});

describe('deploys, upgrades and rolls back the example service', () => {
  test('dry run on a fresh host reads and plans, and changes nothing', async () => {
    const rec = new RecordingExecutor(exec);
    const r = await deployToHost(rec, request('1.0.0', { dryRun: true }), log);
    expect(r.outcome).toBe('planned');
    expect(r.plan.find((p) => p.area === 'release')).toMatchObject({
      current: '(none)',
      desired: '1.0.0',
      action: 'create',
    });
    expect(
      r.plan.filter((p) => p.area === 'service-config').every((p) => p.action === 'create'),
    ).toBe(true);
    expect(rec.changes()).toEqual([]);
    expect(await serviceState(name)).toBeUndefined();
    expect(existsSync(prefix.toLinuxPath(`${ROOT}\\${name}`))).toBe(false);
  });

  test('v1: first install creates the service, which answers /healthz with 1.0.0', async () => {
    const r = await deployToHost(exec, request('1.0.0'), log);
    expect(r.error, lines.join('\n')).toBeUndefined();
    expect(r.outcome).toBe('deployed');
    expect(r.versionAfter).toBe('1.0.0');
    expect((await healthz())?.version).toBe('1.0.0');
    expect(state().current?.version).toBe('1.0.0');
    // The service runs the stable live path, quoted, with its arguments.
    const key = await exec.run(regQuery(`HKLM\\SYSTEM\\CurrentControlSet\\Services\\${name}`));
    const values = parseRegQuery(key.stdout);
    expect(values.find((v) => v.name === 'ImagePath')?.data).toBe(
      `"${ROOT}\\${name}\\current\\hello-service.exe" -service -addr 127.0.0.1:${port} -log ${ROOT}\\${name}.log`,
    );
    expect(values.find((v) => v.name === 'Environment')?.data).toEqual([
      'GOGC=100',
      'GOMAXPROCS=2',
    ]);
    expect(r.steps.map((s) => `${s.name}:${s.status}`)).toEqual([
      'validate:done',
      'secure folders:skipped',
      'lock:done',
      'read state:done',
      'plan:done',
      'tuning:skipped',
      'upload release:done',
      'register service:done',
      'stage release:done',
      'swap:done',
      'stop:skipped',
      'start:done',
      'health:done',
      'record:done',
    ]);
    // The lock is gone afterwards.
    expect(existsSync(prefix.toLinuxPath(`${ROOT}\\${name}\\deploy.lock`))).toBe(false);
  });

  test('the same request again changes nothing', async () => {
    const rec = new RecordingExecutor(exec);
    const r = await deployToHost(rec, request('1.0.0'), log);
    expect(r.outcome).toBe('unchanged');
    expect(r.plan.filter((p) => p.action !== 'none')).toEqual([]);
    // Only the lock folder and its owner file were written (and removed).
    const changes = rec.changes().map((c) => RecordingExecutor.describe(c, 3));
    expect(changes).toEqual([
      `cmd.exe /c mkdir`,
      `writeFile ${ROOT}\\${name}\\deploy.lock\\owner.json`,
      `cmd.exe /c rmdir`,
    ]);
  });

  test('v2: upgrade, healthy, v1 kept in releases', async () => {
    const r = await deployToHost(exec, request('2.0.0'), log);
    expect(r.error, lines.join('\n')).toBeUndefined();
    expect(r.outcome).toBe('deployed');
    expect(r.versionBefore).toBe('1.0.0');
    expect(r.versionAfter).toBe('2.0.0');
    expect(r.healthSeconds).toBeGreaterThan(0);
    expect((await healthz())?.version).toBe('2.0.0');
    const s = state();
    expect(s.current?.version).toBe('2.0.0');
    expect(s.releases.map((x) => x.version)).toEqual(['2.0.0', '1.0.0']);
    expect(
      existsSync(prefix.toLinuxPath(`${ROOT}\\${name}\\releases\\1.0.0\\hello-service.exe`)),
    ).toBe(true);
    expect(r.steps.find((x) => x.name === 'stop')?.status).toBe('done');
  });

  test('v3 exits at start: automatic rollback to v2, which answers /healthz', async () => {
    const r = await deployToHost(exec, request('3.0.0'), log);
    expect(r.outcome).toBe('rolled-back');
    expect(r.versionAfter).toBe('2.0.0');
    expect(r.exitCode).toBe(3);
    expect(r.error).toMatch(/Release 3\.0\.0 of .* failed/);
    expect(r.error).toMatch(/exit code 3/);
    expect(r.error).toMatch(/1066/);
    expect(r.error).toMatch(/Rolled back to 2\.0\.0, which is healthy/);
    expect(r.logTail?.join('\n')).toMatch(/fail-at-start requested/);
    expect((await healthz())?.version).toBe('2.0.0');
    const s = state();
    expect(s.current?.version).toBe('2.0.0');
    expect(s.lastFailure?.version).toBe('3.0.0');
    // The failed release is not kept.
    expect(existsSync(prefix.toLinuxPath(`${ROOT}\\${name}\\releases\\3.0.0`))).toBe(false);
    expect(
      r.steps.filter((x) => x.name.startsWith('rollback:')).every((x) => x.status === 'done'),
    ).toBe(true);
  });
});

describe('drift', () => {
  test('a live binary replaced by hand is detected and the recorded release deployed again', async () => {
    const live = prefix.toLinuxPath(`${ROOT}\\${name}\\current\\hello-service.exe`);
    copyFileSync(exes['1.0.0']?.file ?? '', `${live}.tmp`);
    renameSync(`${live}.tmp`, live);
    const r = await deployToHost(exec, request('2.0.0'), log);
    expect(r.outcome).toBe('deployed');
    expect(
      lines.some((l) => /2\.0\.0 is recorded as deployed but .* differs from it/.test(l)),
    ).toBe(true);
    expect(sha(live)).toBe(exes['2.0.0']?.sha256);
    expect((await healthz())?.version).toBe('2.0.0');
  });
});

describe('tuning and configuration changes', () => {
  const TUNING_KEY = `HKLM\\SOFTWARE\\winship-e2e\\${process.pid}`;
  const profile = () =>
    parseProfile(
      `registry:\n  - key: ${TUNING_KEY}\n    name: Workers\n    type: REG_DWORD\n    data: 8\n`,
      'tuning.yml',
    );

  afterAll(async () => {
    await exec.run(['reg.exe', 'delete', TUNING_KEY, '/f']);
  });

  test('the tuning profile is planned in a dry run, applied once, then unchanged', async () => {
    const dry = await deployToHost(
      exec,
      request('2.0.0', { profile: profile(), dryRun: true }),
      log,
    );
    expect(dry.outcome).toBe('planned');
    expect(dry.plan.find((p) => p.area === 'registry')).toMatchObject({
      setting: `${TUNING_KEY}\\Workers`,
      current: '(absent)',
      action: 'set',
    });
    expect((await exec.run(regQuery(TUNING_KEY, 'Workers'))).exitCode).not.toBe(0);

    const first = await deployToHost(exec, request('2.0.0', { profile: profile() }), log);
    expect(first.outcome).toBe('unchanged');
    expect(first.tuning).toEqual({ changed: 1, unchanged: 0, rebootRequired: [] });
    expect(parseRegQuery((await exec.run(regQuery(TUNING_KEY, 'Workers'))).stdout)[0]?.data).toBe(
      8,
    );

    const again = await deployToHost(exec, request('2.0.0', { profile: profile() }), log);
    expect(again.tuning).toEqual({ changed: 0, unchanged: 1, rebootRequired: [] });
  });

  test('a configuration change Wine cannot apply (sc config) fails before the binary is replaced', async () => {
    // Wine's sc.exe has no 'config' (exit 1): the real failure path of a configuration update.
    const req = request('2.0.0');
    req.service.startType = 'demand';
    const r = await deployToHost(exec, req, log);
    expect(r.outcome).toBe('failed');
    expect(r.plan.find((p) => p.setting === `${name} start type`)).toMatchObject({
      current: 'auto',
      desired: 'demand',
      action: 'update',
    });
    expect(r.error).toMatch(/Could not change start on the host: exit code 1 \(sc\.exe config/);
    expect(r.error).toMatch(
      /The previous release was not replaced and its configuration was restored/,
    );
    expect(r.steps.find((s) => s.name === 'swap')).toBeUndefined();
    expect((await healthz())?.version).toBe('2.0.0');
    expect(state().current?.version).toBe('2.0.0');
  });
});

describe('the per-service lock', () => {
  test('a second deploy while the first holds the lock fails clearly, the first finishes', async () => {
    const gated = new RecordingExecutor(exec);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let lockTaken!: () => void;
    const taken = new Promise<void>((r) => (lockTaken = r));
    // Hold the first deploy right after it took the lock (its first read of the state file).
    gated.gate = (call) => {
      if (call.op === 'readFile' && call.path.endsWith('state.json')) {
        lockTaken();
        return held;
      }
      return undefined;
    };
    const first = deployToHost(gated, request('2.0.0'), log);
    await taken;
    const rec = new RecordingExecutor(exec);
    const second = await deployToHost(rec, request('2.0.0'), log);
    release();
    expect(second.outcome).toBe('failed');
    expect(second.error).toMatch(
      /Another deploy holds the lock .*deploy\.lock.*deploying 2\.0\.0.*Wait for it to finish/,
    );
    expect(
      rec.changes().map((c) => (c.op === 'run' ? c.argv.slice(0, 3).join(' ') : c.op)),
    ).toEqual(['cmd.exe /c mkdir']);
    const r = await first;
    expect(r.outcome).toBe('unchanged');
    expect((await healthz())?.version).toBe('2.0.0');
  });

  test('a stale lock is reported, and broken only with breakStale', async () => {
    const paths = releasePaths(ROOT, name, '2.0.0', 'hello-service');
    const old = () => new Date(Date.now() - 3600_000);
    const lock = await acquireLock(
      exec,
      paths,
      { staleAfterSeconds: 600, breakStale: false, version: '9.9.9', now: old },
      log,
    );
    const refused = await deployToHost(exec, request('2.0.0'), log);
    expect(refused.outcome).toBe('failed');
    expect(refused.error).toMatch(
      /stale deploy lock .* \(360\d s old, stale after 600 s\).*break-stale-lock: true/,
    );
    expect(existsSync(prefix.toLinuxPath(paths.lockOwnerFile))).toBe(true);

    const broken = await deployToHost(
      exec,
      request('2.0.0', { lock: { staleAfterSeconds: 600, breakStale: true } }),
      log,
    );
    expect(broken.outcome).toBe('unchanged');
    expect(lines.some((l) => /WARN Breaking the stale deploy lock/.test(l))).toBe(true);
    // The old holder does not remove a lock that is no longer its own.
    await lock.release();
    expect(existsSync(prefix.toLinuxPath(paths.lockPath))).toBe(false);
  });
});

describe('first install that fails', () => {
  test('the service is stopped, left registered, and the failure reported; a good release then deploys', async () => {
    const p = await freePort();
    const svc = `winship-e2e-first-${p}`;
    created.push(svc);
    const r = await deployToHost(exec, request('3.0.0', {}, svc, p), log);
    expect(r.outcome).toBe('failed');
    expect(r.exitCode).toBe(3);
    expect(r.error).toMatch(/first install\): the service is stopped and left registered/);
    expect(await serviceState(svc)).toBe(1);
    expect(state(svc).current).toBeUndefined();
    expect(state(svc).lastFailure?.version).toBe('3.0.0');

    // A good release then deploys normally onto the registered, stopped service.
    const good = await deployToHost(exec, request('1.0.0', {}, svc, p), log);
    expect(good.error, lines.join('\n')).toBeUndefined();
    expect(good.outcome).toBe('deployed');
    expect((await healthz(p))?.version).toBe('1.0.0');
    expect(state(svc).lastFailure).toBeUndefined();
  });
});

describe('a root with blanks and cmd.exe metacharacters', () => {
  test('the service runs from it: binPath, .cmd escaping and the SCM all agree', async () => {
    const p = await freePort();
    const svc = `winship-e2e-odd-${p}`;
    const root = 'C:\\winship e2e & co (100%) ^ok!';
    created.push(svc);
    try {
      const r = await deployToHost(exec, request('1.0.0', {}, svc, p, root), log);
      expect(r.error, lines.join('\n')).toBeUndefined();
      expect(r.outcome).toBe('deployed');
      expect((await healthz(p))?.version).toBe('1.0.0');
      const key = await exec.run(regQuery(`HKLM\\SYSTEM\\CurrentControlSet\\Services\\${svc}`));
      expect(parseRegQuery(key.stdout).find((v) => v.name === 'ImagePath')?.data).toBe(
        `"${root}\\${svc}\\current\\hello-service.exe" -service -addr 127.0.0.1:${p} -log "${root}\\${svc}.log"`,
      );
      expect(readFileSync(prefix.toLinuxPath(`${root}\\${svc}.log`), 'utf8')).toMatch(
        /listening on/,
      );
    } finally {
      await exec.run(scStop(svc));
      rmSync(prefix.toLinuxPath(root), { recursive: true, force: true });
    }
  });
});
