import { describe, expect, it } from 'vitest';
import type { ExecResult } from '../../src/windows/exec-result.js';
import { defaultProfile } from '../../src/windows/tuning/builtin.js';
import {
  readCommand,
  readValue,
  setCommand,
  startTypeFromRegistry,
  type ReadResult,
} from '../../src/windows/tuning/commands.js';
import { planTuning } from '../../src/windows/tuning/plan.js';
import { parseProfile } from '../../src/windows/tuning/profile.js';
import {
  settingId,
  valueFromJson,
  valueToJson,
  type SettingRef,
  type SettingValue,
} from '../../src/windows/tuning/settings.js';

const res = (exitCode: number, stdout = '', stderr = ''): ExecResult => ({
  exitCode,
  stdout,
  stderr,
});
const TCPIP = 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters';

describe('reading current values', () => {
  const delay: SettingRef = { kind: 'registry', key: TCPIP, name: 'TcpTimedWaitDelay' };

  it('reads registry values from one reg query of their key; a missing key or value is "does not exist"', () => {
    expect(readCommand(delay)).toEqual(['reg.exe', 'query', TCPIP]);
    // Layout of a whole-key query: values, then the subkeys' names (mumble-voip/mumble#1916 shape).
    const out = [
      '',
      'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters',
      '    DataBasePath    REG_EXPAND_SZ    %SystemRoot%\\System32\\drivers\\etc',
      '    TcpTimedWaitDelay    REG_DWORD    0x1e',
      '',
      'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters\\Interfaces',
      '',
    ].join('\r\n');
    expect(readValue({ kind: 'registry', key: TCPIP, name: 'MaxUserPort' }, res(0, out))).toEqual({
      ok: true,
      value: { kind: 'registry', value: null },
    });
    // Wine's reg prints only a blank line for a key whose values were all deleted.
    expect(readValue(delay, res(0, '\r\n'))).toEqual({
      ok: true,
      value: { kind: 'registry', value: null },
    });
    expect(readValue(delay, res(0, 'garbage'))).toEqual({
      ok: false,
      error: `reg.exe printed no block for ${TCPIP}`,
    });
    expect(readValue(delay, res(0, out))).toEqual({
      ok: true,
      value: { kind: 'registry', value: { type: 'REG_DWORD', data: 30 } },
    });
    // The message is localized and goes to stderr; only the exit code is used.
    expect(
      readValue(
        delay,
        res(1, '', 'ERROR: The system was unable to find the specified registry key or value.\r\n'),
      ),
    ).toEqual({
      ok: true,
      value: { kind: 'registry', value: null },
    });
    expect(readValue(delay, res(5, '', 'ERROR: Access is denied.'))).toEqual({
      ok: false,
      error: 'reg.exe exited with 5: ERROR: Access is denied.',
    });
  });

  it('asks for reg export where reg query output is ambiguous (REG_MULTI_SZ) or unreadable (Wine REG_QWORD)', () => {
    const multi: SettingRef = { kind: 'registry', key: 'HKLM\\SOFTWARE\\X', name: 'm' };
    expect(
      readValue(
        multi,
        res(0, '\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\X\r\n    m    REG_MULTI_SZ    a\\\\0b\r\n'),
      ),
    ).toEqual({ ok: 'export' });
    const q: SettingRef = { kind: 'registry', key: 'HKLM\\SOFTWARE\\X', name: 'q' };
    expect(
      readValue(
        q,
        res(0, '\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\X\r\n    q    REG_QWORD    (null)\r\n'),
      ),
    ).toEqual({ ok: 'export' });
    expect(
      readValue(q, res(0, '\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\X\r\n    q    REG_QWORD    0x10\r\n')),
    ).toEqual({ ok: 'export' });
  });

  it('reads a service start type from its registry key, numbers only (Wine 8 reg query of Spooler)', () => {
    const spooler: SettingRef = { kind: 'service-start', service: 'Spooler' };
    expect(readCommand(spooler)).toEqual([
      'reg.exe',
      'query',
      'HKLM\\SYSTEM\\CurrentControlSet\\Services\\Spooler',
    ]);
    const out = [
      '',
      'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\Spooler',
      '    Description    REG_SZ    Loads files to memory for later printing',
      '    ErrorControl    REG_DWORD    0x1',
      '    ImagePath    REG_SZ    C:\\windows\\system32\\spoolsv.exe',
      '    Start    REG_DWORD    0x3',
      '    Type    REG_DWORD    0x110',
      '',
      'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\Spooler\\Performance',
      '',
    ].join('\r\n');
    expect(readValue(spooler, res(0, out))).toEqual({
      ok: true,
      value: { kind: 'service-start', start: 'demand' },
    });
    expect(
      readValue(
        spooler,
        res(1, '', 'ERROR: The system was unable to find the specified registry key or value.'),
      ),
    ).toEqual({
      ok: false,
      error: 'service Spooler is not installed on this host',
    });
    expect([
      startTypeFromRegistry(2, 1),
      startTypeFromRegistry(2, 0),
      startTypeFromRegistry(4, 0),
      startTypeFromRegistry(9, 0),
    ]).toEqual(['delayed-auto', 'auto', 'disabled', undefined]);
  });

  it('reports a missing powercfg clearly (what Wine 8 prints: exit 49 and a cmd message)', () => {
    const r = readValue(
      { kind: 'power-plan' },
      res(
        49,
        '',
        "Can't recognize 'powercfg.exe /getactivescheme' as an internal or external command, or batch script.\r\n",
      ),
    );
    expect(r).toEqual({
      ok: false,
      error:
        "powercfg.exe is missing or failed (exit 49: Can't recognize 'powercfg.exe /getactivescheme' as an internal or external command, or batch script.)",
    });
    expect(
      readValue(
        { kind: 'power-plan' },
        res(0, 'Power Scheme GUID: 381b4222-f694-41f0-9685-ff5bb260df2e  (Balanced)\r\n'),
      ),
    ).toEqual({
      ok: true,
      value: { kind: 'power-plan', scheme: '381b4222-f694-41f0-9685-ff5bb260df2e' },
    });
  });

  it("reports what Wine's stub netsh prints (nothing, exit 0) as unreadable", () => {
    expect(readValue({ kind: 'dynamic-port', family: 'ipv4' }, res(0, ''))).toEqual({
      ok: false,
      error:
        "netsh printed no ipv4 dynamic port range (a stub netsh, such as Wine's, prints nothing)",
    });
    expect(readValue({ kind: 'tcp-global', name: 'autotuninglevel' }, res(0, ''))).toMatchObject({
      ok: false,
    });
    expect(
      readValue(
        { kind: 'tcp-global', name: 'autotuninglevel' },
        res(0, 'Receive Window Auto-Tuning Level    : disabled\r\n'),
      ),
    ).toEqual({
      ok: true,
      value: { kind: 'tcp-global', value: 'disabled' },
    });
  });
});

describe('changing values', () => {
  it('builds the command for each kind', () => {
    expect(
      setCommand(
        { kind: 'registry', key: TCPIP, name: 'TcpTimedWaitDelay' },
        { kind: 'registry', value: { type: 'REG_DWORD', data: 30 } },
      ),
    ).toEqual([
      'reg.exe',
      'add',
      TCPIP,
      '/v',
      'TcpTimedWaitDelay',
      '/t',
      'REG_DWORD',
      '/d',
      '30',
      '/f',
    ]);
    expect(
      setCommand(
        { kind: 'registry', key: TCPIP, name: 'TcpTimedWaitDelay' },
        { kind: 'registry', value: null },
      ),
    ).toEqual(['reg.exe', 'delete', TCPIP, '/v', 'TcpTimedWaitDelay', '/f']);
    expect(
      setCommand(
        { kind: 'service-start', service: 'Spooler' },
        { kind: 'service-start', start: 'delayed-auto' },
      ),
    ).toEqual(['sc.exe', 'config', 'Spooler', 'start=', 'delayed-auto']);
    expect(
      setCommand(
        { kind: 'power-plan' },
        { kind: 'power-plan', scheme: '8c5e7fda-e8bf-4a96-9a85-a6e23a8c635c' },
      ),
    ).toEqual(['powercfg.exe', '/setactive', '8c5e7fda-e8bf-4a96-9a85-a6e23a8c635c']);
    expect(
      setCommand(
        { kind: 'dynamic-port', family: 'ipv6' },
        { kind: 'dynamic-port', range: { start: 10000, num: 55535 } },
      ),
    ).toEqual([
      'netsh.exe',
      'int',
      'ipv6',
      'set',
      'dynamicport',
      'tcp',
      'start=10000',
      'num=55535',
    ]);
    expect(
      setCommand(
        { kind: 'tcp-global', name: 'autotuninglevel' },
        { kind: 'tcp-global', value: 'normal' },
      ),
    ).toEqual(['netsh.exe', 'int', 'tcp', 'set', 'global', 'autotuninglevel=normal']);
  });

  it('never sets a driver start type and refuses a bad service name', () => {
    expect(() =>
      setCommand({ kind: 'service-start', service: 'x' }, { kind: 'service-start', start: 'boot' }),
    ).toThrow(/never sets/);
    expect(() =>
      setCommand(
        { kind: 'service-start', service: 'a b' },
        { kind: 'service-start', start: 'auto' },
      ),
    ).toThrow(/Invalid service name/);
  });
});

describe('planTuning', () => {
  const profile = defaultProfile();
  const current = (values: [SettingRef, ReadResult][]) =>
    new Map(values.map(([ref, r]) => [settingId(ref), r]));
  const ok = (value: SettingValue): ReadResult => ({ ok: true, value });

  it('changes only what differs and says which change needs a reboot', () => {
    const [power, v4, v6, delay, auto] = profile.settings;
    const plan = planTuning(
      current([
        [power!.ref, ok({ kind: 'power-plan', scheme: '381b4222-f694-41f0-9685-ff5bb260df2e' })],
        [v4!.ref, ok({ kind: 'dynamic-port', range: { start: 10000, num: 55535 } })],
        [v6!.ref, ok({ kind: 'dynamic-port', range: { start: 49152, num: 16384 } })],
        [delay!.ref, ok({ kind: 'registry', value: null })],
        [auto!.ref, ok({ kind: 'tcp-global', value: 'normal' })],
      ]),
      profile,
    );
    expect(plan.errors).toEqual([]);
    expect(plan.rows.map((r) => [r.setting, r.current, r.desired, r.action, r.note])).toEqual([
      [
        'active power plan',
        'SCHEME_BALANCED (381b4222-f694-41f0-9685-ff5bb260df2e)',
        'SCHEME_MIN (8c5e7fda-e8bf-4a96-9a85-a6e23a8c635c)',
        'set',
        undefined,
      ],
      [
        'TCP dynamic port range (ipv4)',
        'start=10000 num=55535 (10000-65534)',
        'start=10000 num=55535 (10000-65534)',
        'none',
        undefined,
      ],
      [
        'TCP dynamic port range (ipv6)',
        'start=49152 num=16384 (49152-65535)',
        'start=10000 num=55535 (10000-65534)',
        'set',
        undefined,
      ],
      [`${TCPIP}\\TcpTimedWaitDelay`, '(absent)', 'REG_DWORD 30 (0x1e)', 'set', 'needs a reboot'],
      ['TCP global autotuninglevel', 'normal', 'normal', 'none', undefined],
    ]);
    expect(plan.settings.filter((s) => s.change)).toHaveLength(3);
  });

  it('fails on values it cannot read, naming each, and lists refusals after the settings', () => {
    const p = parseProfile(
      `power-plan: SCHEME_MIN\nregistry:\n  - { key: '${TCPIP}', name: TcpWindowSize, type: REG_DWORD, data: 65535 }\n`,
      't.yml',
    );
    const plan = planTuning(
      current([
        [
          { kind: 'power-plan' },
          { ok: false, error: 'powercfg.exe is missing or failed (exit 49)' },
        ],
      ]),
      p,
    );
    expect(plan.errors).toEqual(['active power plan: powercfg.exe is missing or failed (exit 49)']);
    expect(plan.rows.map((r) => r.action)).toEqual(['none', 'refused']);
    expect(plan.rows[1]?.note).toMatch(/autotuninglevel/);
  });

  it('round-trips values through the state file JSON exactly', () => {
    const values: SettingValue[] = [
      { kind: 'registry', value: null },
      { kind: 'registry', value: { type: 'REG_QWORD', data: 2n ** 64n - 1n } },
      { kind: 'registry', value: { type: 'REG_MULTI_SZ', data: ['a\\', 'b\\0c'] } },
      { kind: 'registry', value: { type: 'REG_BINARY', data: Buffer.from([0, 255]) } },
      { kind: 'service-start', start: 'delayed-auto' },
      { kind: 'dynamic-port', range: { start: 1, num: 2 } },
    ];
    for (const v of values)
      expect(valueFromJson(JSON.parse(JSON.stringify(valueToJson(v))))).toEqual(v);
  });
});
