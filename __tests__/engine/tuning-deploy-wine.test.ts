/**
 * Tuning through the engine's entry point under Wine: deployToHost with a registry-only profile
 * (Wine has no powercfg and a stub netsh) applies the tuning, a second deploy changes nothing, a
 * dry run plans without changing, and revertTuning puts the recorded values back.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployToHost, type HostDeployRequest } from '../../src/engine/index.js';
import type { RunnerIO } from '../../src/runner/io.js';
import { revertTuning } from '../../src/engine/tuning.js';
import { WineExecutor } from '../../src/hosts/wine.js';
import { parseRegQuery, regAdd, regDeleteKey, regQuery } from '../../src/windows/reg.js';
import { releasePaths } from '../../src/windows/release.js';
import { scDelete, scStop } from '../../src/windows/sc.js';
import { parseProfile } from '../../src/windows/tuning/profile.js';
import { buildExampleExe, ensureWinePrefix, freePort, type WinePrefix } from '../../lab/wine.js';

const ROOT = 'C:\\winship-tuning-e2e';
const KEY = `HKLM\\SOFTWARE\\WinshipTest\\deploy-${randomBytes(6).toString('hex')}`;
let prefix: WinePrefix;
let exec: WineExecutor;
let port: number;
let name: string;
let exe: { file: string; sha256: string };
const lines: string[] = [];
const log: Pick<RunnerIO, 'info' | 'warning'> = {
  info: (m) => lines.push(m),
  warning: (m) => lines.push(`WARN ${m}`),
};

const profile = parseProfile(
  `registry:
  - { key: '${KEY}', name: Workers, type: REG_DWORD, data: 8 }
  - { key: '${KEY}', name: Mode, type: REG_SZ, data: fast }
  - { key: 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters', name: TcpWindowSize, type: REG_DWORD, data: 65535 }
`,
  'ops/tuning.yml',
);

function request(overrides: Partial<HostDeployRequest> = {}): HostDeployRequest {
  return {
    service: {
      name,
      startType: 'auto',
      account: 'LocalSystem',
      args: ['-service', '-addr', `127.0.0.1:${port}`],
      environment: {},
      dependencies: [],
      stopTimeoutSeconds: 20,
    },
    release: {
      version: '1.0.0',
      localFile: exe.file,
      sha256: exe.sha256,
      binaryName: 'hello-service',
    },
    root: ROOT,
    profile,
    health: {
      kind: 'http',
      url: `http://127.0.0.1:${port}/healthz`,
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

async function value(valueName: string): Promise<unknown> {
  const r = await exec.run(regQuery(KEY, valueName));
  return r.exitCode === 0 ? parseRegQuery(r.stdout)[0]?.data : undefined;
}

beforeAll(async () => {
  prefix = await ensureWinePrefix('tuning-deploy');
  await prefix.keepAlive();
  exec = new WineExecutor({ prefix: prefix.path });
  const file = await buildExampleExe('1.0.0');
  exe = { file, sha256: createHash('sha256').update(readFileSync(file)).digest('hex') };
  port = await freePort();
  name = `winship-tuning-${port}`;
  expect((await exec.run(regAdd(KEY, 'Workers', 'REG_DWORD', 2))).exitCode).toBe(0);
});

afterAll(async () => {
  if (!exec) return;
  await exec.run(scStop(name));
  await exec.run(scDelete(name));
  await exec.run(regDeleteKey(KEY));
  rmSync(prefix.toLinuxPath(`${ROOT}\\${name}`), { recursive: true, force: true });
  await prefix.shutdown();
});

describe('deployToHost with a tuning profile under Wine', () => {
  it('a dry run plans the tuning and changes nothing', async () => {
    const r = await deployToHost(exec, request({ dryRun: true }), log);
    expect(r.outcome).toBe('planned');
    expect(
      r.plan
        .filter((p) => p.area === 'registry')
        .map((p) => [p.setting.split('\\').pop(), p.current, p.action]),
    ).toEqual([
      ['Workers', 'REG_DWORD 2 (0x2)', 'set'],
      ['Mode', '(absent)', 'set'],
      ['TcpWindowSize', '', 'refused'],
    ]);
    expect(await value('Workers')).toBe(2);
    expect(await value('Mode')).toBeUndefined();
  });

  it('applies the tuning with the deploy, and a second deploy changes nothing', async () => {
    const first = await deployToHost(exec, request(), log);
    expect(first.error, lines.join('\n')).toBeUndefined();
    expect(first.outcome).toBe('deployed');
    expect(first.tuning).toEqual({ changed: 2, unchanged: 0, rebootRequired: [] });
    expect(await value('Workers')).toBe(8);
    expect(await value('Mode')).toBe('fast');
    expect(first.plan.find((p) => p.action === 'refused')).toMatchObject({
      setting: 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters\\TcpWindowSize',
    });

    const second = await deployToHost(exec, request(), log);
    expect(second.error, lines.join('\n')).toBeUndefined();
    expect(second.tuning).toEqual({ changed: 0, unchanged: 2, rebootRequired: [] });
  });

  it('revert restores the values recorded on the host', async () => {
    const stateFile = releasePaths(ROOT, name, '1.0.0', 'hello-service').tuningStateFile;
    const r = await revertTuning(exec, stateFile);
    expect(r.changed).toBe(2);
    expect(await value('Workers')).toBe(2);
    expect(await value('Mode')).toBeUndefined();
  });
});
