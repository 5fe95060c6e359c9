/**
 * Tuning effects against Wine's real reg.exe and sc.exe: apply a registry-only profile, apply it
 * again (0 changes), revert (the recorded values are back, values that did not exist are gone).
 * Wine has no powercfg and a stub netsh: the default profile must fail the plan with a clear message
 * before anything changes; those commands are covered by argv and sample-parsing tests.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyTuning, revertTuning, TuningError } from '../../src/engine/tuning.js';
import { WineExecutor } from '../../src/hosts/wine.js';
import {
  parseRegExport,
  regAdd,
  regDeleteKey,
  regExport,
  regQuery,
  type RegValue,
} from '../../src/windows/reg.js';
import { defaultProfile } from '../../src/windows/tuning/builtin.js';
import { parseProfile } from '../../src/windows/tuning/profile.js';
import { ensureWinePrefix, type WinePrefix } from '../../lab/wine.js';

let prefix: WinePrefix;
let exec: WineExecutor;
const RUN = randomBytes(6).toString('hex');
const ROOT = `HKLM\\SOFTWARE\\WinshipTest\\${RUN}`;
/** State files per run: the prefix (and its C: drive) is reused across test runs. */
const state = (name: string) =>
  `C:\\ProgramData\\winship\\tuning-${name}-${RUN}\\tuning-state.json`;
const messages: string[] = [];
const log = {
  info: (m: string) => messages.push(m),
  warning: (m: string) => messages.push(`warning: ${m}`),
};

/** Every value under `key`, read exactly with reg export (the test's own view of the registry). */
async function registry(key: string): Promise<Record<string, Omit<RegValue, 'name'>>> {
  const file = 'C:\\windows\\temp\\winship-test-view.reg';
  const res = await exec.run(regExport(key, file));
  if (res.exitCode !== 0) return {};
  const block = parseRegExport((await exec.readFile(file)) ?? Buffer.alloc(0)).find(
    (b) => b.key.toUpperCase() === key.replace(/^HKLM/, 'HKEY_LOCAL_MACHINE').toUpperCase(),
  );
  return Object.fromEntries((block?.values ?? []).map(({ name, ...v }) => [name, v]));
}

async function seed(
  key: string,
  values: [string, Parameters<typeof regAdd>[2], Parameters<typeof regAdd>[3]][],
): Promise<void> {
  for (const [name, type, data] of values)
    expect((await exec.run(regAdd(key, name, type, data))).exitCode).toBe(0);
}

function profileFor(key: string, values: Record<string, string>): string {
  return (
    'registry:\n' +
    Object.entries(values)
      .map(([name, rest]) => `  - key: '${key}'\n    name: ${name}\n${rest}`)
      .join('')
  );
}

beforeAll(async () => {
  prefix = await ensureWinePrefix('tuning');
  await prefix.keepAlive();
  exec = new WineExecutor({ prefix: prefix.path });
});

afterAll(async () => {
  await exec?.run(regDeleteKey(ROOT));
  await prefix?.shutdown();
});

describe('applyTuning and revertTuning under Wine (real reg.exe)', () => {
  const key = `${ROOT}\\apply`;
  const stateFile = state('test');
  const yaml = profileFor(key, {
    Workers: '    type: REG_DWORD\n    data: 30\n',
    Quota: '    type: REG_QWORD\n    data: 18446744073709551615\n',
    Mode: '    type: REG_SZ\n    data: "fast & safe %PATH%"\n',
    Home: '    type: REG_EXPAND_SZ\n    data: "%ProgramData%\\\\acme\\\\"\n    reboot: true\n',
    Paths: "    type: REG_MULTI_SZ\n    data: ['C:\\dir\\', 'b\\0c', 'two words']\n",
    Same: '    type: REG_DWORD\n    data: 7\n',
  });
  const profile = parseProfile(yaml, 'tuning.yml');
  const before = {
    Workers: { type: 'REG_DWORD', data: 5 },
    Mode: { type: 'REG_SZ', data: 'slow' },
    Paths: { type: 'REG_MULTI_SZ', data: ['old\\', 'list'] },
    Same: { type: 'REG_DWORD', data: 7 },
    Other: { type: 'REG_SZ', data: 'not in the profile' },
  };

  it('records the previous values, changes only what differs, and reports reboots', async () => {
    await seed(key, [
      ['Workers', 'REG_DWORD', 5],
      ['Mode', 'REG_SZ', 'slow'],
      ['Paths', 'REG_MULTI_SZ', ['old\\', 'list']],
      ['Same', 'REG_DWORD', 7],
      ['Other', 'REG_SZ', 'not in the profile'],
    ]);
    expect(await registry(key)).toEqual(before);

    const dry = await applyTuning(exec, profile, stateFile, { dryRun: true });
    expect(dry).toMatchObject({ changed: 5, unchanged: 1 });
    expect(await registry(key)).toEqual(before); // a dry run changes nothing
    expect(await exec.readFile(stateFile)).toBeUndefined();

    const report = await applyTuning(exec, profile, stateFile, { dryRun: false, log });
    expect(report.changed).toBe(5);
    expect(report.unchanged).toBe(1);
    expect(report.rebootRequired).toEqual([`${key}\\Home`]);
    expect(report.rows.map((r) => [r.setting.split('\\').pop(), r.current, r.action])).toEqual([
      ['Workers', 'REG_DWORD 5 (0x5)', 'set'],
      ['Quota', '(absent)', 'set'],
      ['Mode', 'REG_SZ slow', 'set'],
      ['Home', '(absent)', 'set'],
      ['Paths', 'REG_MULTI_SZ old\\\\0list', 'set'],
      ['Same', 'REG_DWORD 7 (0x7)', 'none'],
    ]);
    expect(await registry(key)).toEqual({
      Workers: { type: 'REG_DWORD', data: 30 },
      Quota: { type: 'REG_QWORD', data: 2n ** 64n - 1n },
      Mode: { type: 'REG_SZ', data: 'fast & safe %PATH%' },
      Home: { type: 'REG_EXPAND_SZ', data: '%ProgramData%\\acme\\' },
      Paths: { type: 'REG_MULTI_SZ', data: ['C:\\dir\\', 'b\\0c', 'two words'] },
      Same: { type: 'REG_DWORD', data: 7 },
      Other: { type: 'REG_SZ', data: 'not in the profile' },
    });
    const state = JSON.parse(((await exec.readFile(stateFile)) ?? '').toString()) as {
      entries: { ref: { name: string }; previous: unknown }[];
    };
    expect(state.entries.map((e) => [e.ref.name, e.previous])).toEqual([
      ['Workers', { kind: 'registry', value: { type: 'REG_DWORD', data: 5 } }],
      ['Quota', { kind: 'registry', value: null }],
      ['Mode', { kind: 'registry', value: { type: 'REG_SZ', data: 'slow' } }],
      ['Home', { kind: 'registry', value: null }],
      ['Paths', { kind: 'registry', value: { type: 'REG_MULTI_SZ', data: ['old\\', 'list'] } }],
    ]);
    expect(
      messages.some((m) => m.includes('Workers: REG_DWORD 5 (0x5) -> REG_DWORD 30 (0x1e)')),
    ).toBe(true);
  });

  it('changes nothing on a converged host', async () => {
    const again = await applyTuning(exec, profile, stateFile, { dryRun: false });
    expect(again).toMatchObject({ changed: 0, unchanged: 6, rebootRequired: [] });
    expect(again.rows.every((r) => r.action === 'none')).toBe(true);
  });

  it('keeps the value from before the first change when a later profile changes a setting again', async () => {
    const later = parseProfile(
      profileFor(key, { Workers: '    type: REG_DWORD\n    data: 64\n' }),
      'later.yml',
    );
    expect(await applyTuning(exec, later, stateFile, { dryRun: false })).toMatchObject({
      changed: 1,
    });
    expect((await registry(key)).Workers).toEqual({ type: 'REG_DWORD', data: 64 });
  });

  it('reverts to the recorded values and deletes the values that did not exist', async () => {
    const report = await revertTuning(exec, stateFile, { log });
    expect(report.changed).toBe(5);
    expect(report.rebootRequired).toEqual([`${key}\\Home`]);
    expect(report.rows.map((r) => [r.setting.split('\\').pop(), r.action])).toEqual([
      ['Paths', 'set'],
      ['Home', 'delete'],
      ['Mode', 'set'],
      ['Quota', 'delete'],
      ['Workers', 'set'],
    ]);
    expect(await registry(key)).toEqual(before);
    expect((await exec.run(regQuery(key, 'Quota'))).exitCode).toBe(1);
    const again = await revertTuning(exec, stateFile);
    expect(again).toMatchObject({ changed: 0, unchanged: 0, rows: [] });
  });
});

describe('what Wine cannot do is reported, not skipped', () => {
  it('fails the plan of the default profile (powercfg, netsh) before changing anything', async () => {
    const stateFile = state('default');
    const tcpip = 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters';
    const before = (await registry(tcpip)).TcpTimedWaitDelay;
    const err = await applyTuning(exec, defaultProfile(), stateFile, { dryRun: false }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(TuningError);
    const msg = (err as TuningError).message;
    expect(msg).toMatch(
      /Cannot read the current value of 4 tuning setting\(s\) on wine:.*nothing was changed/,
    );
    expect(msg).toMatch(/active power plan: powercfg\.exe is missing or failed/);
    expect(msg).toMatch(
      /TCP dynamic port range \(ipv4\): netsh printed no ipv4 dynamic port range/,
    );
    expect(msg).toMatch(
      /TCP global autotuninglevel: netsh int tcp show global printed no readable autotuninglevel/,
    );
    expect(msg).toMatch(/Use a profile without these settings \(or 'none'\)/);
    expect((await registry(tcpip)).TcpTimedWaitDelay).toEqual(before);
    expect(await exec.readFile(stateFile)).toBeUndefined();
  });

  it("with unreadable: 'skip', applies the default profile's registry part and reports the rest as skipped", async () => {
    const stateFile = state('default-skip');
    const tcpip = 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters';
    const before = (await registry(tcpip)).TcpTimedWaitDelay;
    const warnings: string[] = [];
    const report = await applyTuning(exec, defaultProfile(), stateFile, {
      dryRun: false,
      unreadable: 'skip',
      log: { info: () => {}, warning: (m) => warnings.push(m) },
    });
    expect(report.changed + report.unchanged).toBe(1);
    expect((await registry(tcpip)).TcpTimedWaitDelay).toEqual({ type: 'REG_DWORD', data: 30 });
    const skipped = report.rows.filter((r) => r.note?.startsWith('skipped:')).map((r) => r.setting);
    expect(skipped).toHaveLength(4);
    expect(
      warnings.filter((w) => w.startsWith('Tuning: skipped (cannot read it on wine:')),
    ).toHaveLength(4);
    await revertTuning(exec, stateFile);
    expect((await registry(tcpip)).TcpTimedWaitDelay).toEqual(before);
  });

  it('applies what it can, names the change that failed (sc config is unsupported by Wine), and can revert', async () => {
    const key = `${ROOT}\\partial`;
    const stateFile = state('partial');
    const profile = parseProfile(
      `services:\n  - { name: Spooler, start: disabled }\n${profileFor(key, { Level: '    type: REG_DWORD\n    data: 3\n' })}`,
      'partial.yml',
    );
    const err = await applyTuning(exec, profile, stateFile, { dryRun: false }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(TuningError);
    expect((err as TuningError).message).toMatch(
      /^1 of 2 tuning change\(s\) failed on wine:.*service Spooler start type: sc\.exe exited with 1/,
    );
    const report = (err as TuningError).report;
    expect(report.changed).toBe(1);
    expect(report.rows.map((r) => [r.setting, r.current, r.action, r.note?.slice(0, 28)])).toEqual([
      ['service Spooler start type', 'demand', 'set', 'failed: sc.exe exited with 1'],
      [`${key}\\Level`, '(absent)', 'set', undefined],
    ]);
    expect((await registry(key)).Level).toEqual({ type: 'REG_DWORD', data: 3 });
    // Revert puts back what changed; the service never changed, so there is nothing to put back.
    const revert = await revertTuning(exec, stateFile);
    expect(revert).toMatchObject({ changed: 1, unchanged: 1 });
    expect(revert.rows.map((r) => [r.setting, r.action])).toEqual([
      [`${key}\\Level`, 'delete'],
      ['service Spooler start type', 'none'],
    ]);
    expect(await registry(key)).toEqual({});
  });

  it('warns about refused settings and does not apply them', async () => {
    const key = `${ROOT}\\refused`;
    const tcpip = 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters';
    const profile = parseProfile(
      `registry:\n  - { key: '${tcpip}', name: TcpWindowSize, type: REG_DWORD, data: 65535 }\n  - { key: '${key}', name: Ok, type: REG_SZ, data: yes }\n`,
      'r.yml',
    );
    const warnings: string[] = [];
    const report = await applyTuning(exec, profile, state('refused'), {
      dryRun: false,
      log: { info: () => undefined, warning: (m) => warnings.push(m) },
    });
    expect(report.changed).toBe(1);
    expect(report.rows.at(-1)).toMatchObject({
      setting: `${tcpip}\\TcpWindowSize`,
      action: 'refused',
    });
    expect(warnings[0]).toMatch(
      /^Tuning: refused .*TcpWindowSize: TcpWindowSize is ignored since Windows Server 2008/,
    );
    expect((await registry(tcpip)).TcpWindowSize).toBeUndefined();
  });
});
