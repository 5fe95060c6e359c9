import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/runner/errors.js';
import { defaultProfile } from '../../src/windows/tuning/builtin.js';
import { parseProfile } from '../../src/windows/tuning/profile.js';
import { settingId, settingLabel, type TuningProfile } from '../../src/windows/tuning/settings.js';

const TCPIP = 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters';

function errorOf(fn: () => unknown): UserError {
  try {
    fn();
  } catch (e) {
    if (e instanceof UserError) return e;
    throw e;
  }
  throw new Error('expected a UserError');
}

describe('parseProfile', () => {
  it('reads every kind of setting from YAML', () => {
    const p = parseProfile(
      `power-plan: scheme_balanced
tcp-dynamic-ports:
  ipv4: { start: 20000, num: 40000 }
tcp-global:
  autotuninglevel: Normal
  initialrto: 1000
services:
  - { name: Spooler, start: disabled }
registry:
  - key: HKEY_LOCAL_MACHINE\\SOFTWARE\\Acme\\Svc
    name: Workers
    type: REG_DWORD
    data: 0x10
  - key: HKLM\\SOFTWARE\\Acme\\Svc
    name: Big
    type: reg_qword
    data: 18446744073709551615
  - key: HKLM\\SOFTWARE\\Acme\\Svc
    name: Paths
    type: REG_MULTI_SZ
    data: ['C:\\a', 'C:\\b c']
  - key: HKLM\\SYSTEM\\CurrentControlSet\\Services\\Acme
    name: Home
    type: REG_EXPAND_SZ
    data: '%ProgramData%\\acme'
    why: where the service keeps its data
`,
      'tuning.yml',
    );
    expect(p.refused).toEqual([]);
    expect(p.settings.map((s) => [settingLabel(s.ref), s.desired, s.reboot, s.line])).toEqual([
      [
        'active power plan',
        { kind: 'power-plan', scheme: '381b4222-f694-41f0-9685-ff5bb260df2e' },
        false,
        1,
      ],
      [
        'TCP dynamic port range (ipv4)',
        { kind: 'dynamic-port', range: { start: 20000, num: 40000 } },
        false,
        3,
      ],
      ['TCP global autotuninglevel', { kind: 'tcp-global', value: 'normal' }, false, 5],
      ['TCP global initialrto', { kind: 'tcp-global', value: '1000' }, false, 6],
      ['service Spooler start type', { kind: 'service-start', start: 'disabled' }, false, 8],
      [
        'HKLM\\SOFTWARE\\Acme\\Svc\\Workers',
        { kind: 'registry', value: { type: 'REG_DWORD', data: 16 } },
        false,
        10,
      ],
      [
        'HKLM\\SOFTWARE\\Acme\\Svc\\Big',
        { kind: 'registry', value: { type: 'REG_QWORD', data: 2n ** 64n - 1n } },
        false,
        14,
      ],
      [
        'HKLM\\SOFTWARE\\Acme\\Svc\\Paths',
        { kind: 'registry', value: { type: 'REG_MULTI_SZ', data: ['C:\\a', 'C:\\b c'] } },
        false,
        18,
      ],
      [
        'HKLM\\SYSTEM\\CurrentControlSet\\Services\\Acme\\Home',
        { kind: 'registry', value: { type: 'REG_EXPAND_SZ', data: '%ProgramData%\\acme' } },
        true,
        22,
      ],
    ]);
    expect(p.settings.at(-1)?.why).toBe('where the service keeps its data');
  });

  it('reads JSON too', () => {
    const p = parseProfile(
      '{"power-plan": "SCHEME_MIN", "registry": [{"key": "HKLM\\\\SOFTWARE\\\\X", "name": "v", "type": "REG_SZ", "data": "x"}]}',
      'tuning.json',
    );
    expect(p.settings).toHaveLength(2);
  });

  it('extends the default profile, the file overriding the same setting', () => {
    const p = parseProfile('extends: default\npower-plan: SCHEME_BALANCED\n', 'p.yml');
    const ids = p.settings.map((s) => settingId(s.ref));
    expect(ids).toEqual(defaultProfile().settings.map((s) => settingId(s.ref)));
    expect(p.settings.find((s) => s.ref.kind === 'power-plan')?.desired).toEqual({
      kind: 'power-plan',
      scheme: '381b4222-f694-41f0-9685-ff5bb260df2e',
    });
  });

  it.each([
    ['power-plan: [1]\n', 1, /power-plan must be a single value/],
    ['colour: blue\n', 1, /unknown key 'colour' in the profile: use extends, /],
    ['power-plan: Fast\n', 1, /Invalid power plan 'Fast'/],
    [
      'registry:\n  - key: HKLM\\SOFTWARE\\X\n    name: v\n    type: REG_BINARY\n    data: 00\n',
      4,
      /type must be one of REG_DWORD/,
    ],
    [
      'registry:\n  - key: HKLM\\SOFTWARE\\X\n    name: v\n    type: REG_DWORD\n    data: -1\n',
      5,
      /0 to 4294967295/,
    ],
    [
      'registry:\n  - key: HKLM\\SOFTWARE\\X\n    name: v\n    type: REG_SZ\n    data: 30\n',
      5,
      /quote numbers/,
    ],
    [
      'registry:\n  - key: HKCU\\Software\\X\n    name: v\n    type: REG_SZ\n    data: x\n',
      2,
      /use a key under HKLM/,
    ],
    [
      'registry:\n  - key: SOFTWARE\\X\n    name: v\n    type: REG_SZ\n    data: x\n',
      2,
      /expected a path under HKLM/,
    ],
    ['registry:\n  - key: HKLM\\SOFTWARE\\X\n    name: v\n    type: REG_SZ\n', 2, /missing data/],
    ['tcp-dynamic-ports:\n  ipv4: { start: 1000, num: 500 }\n', 2, /start must be at least 1025/],
    ['tcp-dynamic-ports:\n  ipv5: { start: 10000, num: 500 }\n', 2, /unknown key 'ipv5'/],
    ['tcp-global:\n  autotuninglevel: fast\n', 2, /one of disabled, highlyrestricted/],
    ['tcp-global:\n  rss: default\n', 2, /enabled, disabled/],
    [
      'tcp-global:\n  congestionprovider: ctcp\n',
      2,
      /unknown TCP global setting 'congestionprovider'/,
    ],
    ['services:\n  - { name: "bad name", start: auto }\n', 2, /Invalid service name/],
    [
      'services:\n  - { name: Spooler, start: boot }\n',
      2,
      /start must be one of auto, delayed-auto, demand, disabled/,
    ],
    ['power-plan: SCHEME_MIN\npower-plan: SCHEME_MAX\n', 2, /Map keys must be unique/],
    ['power-plan: "unterminated\n', 2, /Missing closing "quote/],
    [
      'services:\n  - { name: Spooler, start: auto }\n  - { name: spooler, start: demand }\n',
      3,
      /set twice \(also on line 2\)/,
    ],
    ['extends: strict\n', 1, /extends must be 'default' or 'none'/],
    ['allow-disable-task-offload: yes please\n', 1, /true or false/],
  ])('refuses %j at line %i with a clear message', (text, line, message) => {
    const e = errorOf(() => parseProfile(text, 'ops/tuning.yml'));
    expect(e.message).toMatch(message);
    expect(e.message.startsWith(`ops/tuning.yml:${line}: `)).toBe(true);
    expect(e.file).toBe('ops/tuning.yml');
    expect(e.line).toBe(line);
  });

  it('refuses an empty profile and says what to use instead', () => {
    expect(() => parseProfile('', 't.yml')).toThrow(/empty: write settings, or use 'none'/);
    expect(() => parseProfile('# only a comment\n', 't.yml')).toThrow(/empty/);
  });
});

describe('refusals (Windows Server 2019-2025)', () => {
  const reg = (key: string, name: string, data: number | string, extra = '') =>
    `${extra}registry:\n  - key: ${key}\n    name: ${name}\n    type: REG_DWORD\n    data: ${data}\n`;

  it.each(['TcpWindowSize', 'NumTcbTablePartitions', 'MaxHashTableSize'])(
    'refuses %s as ignored since autotuning and names autotuninglevel instead',
    (name) => {
      const p = parseProfile(reg(TCPIP, name, 65535), 't.yml');
      expect(p.settings).toEqual([]);
      expect(p.refused).toHaveLength(1);
      expect(p.refused[0]).toMatchObject({
        area: 'registry',
        setting: `${TCPIP}\\${name}`,
        line: 2,
      });
      expect(p.refused[0]?.reason).toMatch(
        /ignored since Windows Server 2008: receive window autotuning/,
      );
      expect(p.refused[0]?.reason).toMatch(/netsh int tcp set global autotuninglevel=normal/);
      expect(p.refused[0]?.reason).toMatch(/learn\.microsoft\.com.*deprecated-tcp-parameters/);
    },
  );

  it('refuses TcpAckFrequency at the global key and accepts it per interface', () => {
    const global = parseProfile(reg(TCPIP, 'TcpAckFrequency', 1), 't.yml');
    expect(global.refused[0]?.reason).toMatch(
      /per interface, under Tcpip\\Parameters\\Interfaces\\\{interface GUID\}/,
    );
    const perInterface = parseProfile(
      reg(`${TCPIP}\\Interfaces\\{2f8e1c5a-1111-4b7e-9c0d-0123456789ab}`, 'TcpAckFrequency', 1),
      't.yml',
    );
    expect(perInterface.refused).toEqual([]);
    expect(perInterface.settings).toHaveLength(1);
  });

  it('refuses DisableTaskOffload=1 unless the profile opts in, and always allows 0', () => {
    expect(parseProfile(reg(TCPIP, 'DisableTaskOffload', 1), 't.yml').refused[0]?.reason).toMatch(
      /Microsoft recommends keeping on.*allow-disable-task-offload: true/,
    );
    const optIn = parseProfile(
      reg(TCPIP, 'DisableTaskOffload', 1, 'allow-disable-task-offload: true\n'),
      't.yml',
    );
    expect(optIn.refused).toEqual([]);
    expect(optIn.settings[0]?.desired).toEqual({
      kind: 'registry',
      value: { type: 'REG_DWORD', data: 1 },
    });
    expect(parseProfile(reg(TCPIP, 'DisableTaskOffload', 0), 't.yml').refused).toEqual([]);
  });

  it('refuses MaxUserPort and points at tcp-dynamic-ports', () => {
    expect(parseProfile(reg(TCPIP, 'MaxUserPort', 65534), 't.yml').refused[0]?.reason).toMatch(
      /Use tcp-dynamic-ports instead/,
    );
  });

  it('refuses TCP Chimney Offload as deprecated', () => {
    const p = parseProfile('tcp-global:\n  chimney: enabled\n', 't.yml');
    expect(p.refused).toEqual([
      expect.objectContaining({
        area: 'netsh',
        setting: 'TCP global chimney',
        desired: 'enabled',
        line: 2,
      }),
    ]);
  });
});

describe('the built-in default profile', () => {
  const p: TuningProfile = defaultProfile();

  it('says for every setting why, whether it needs a reboot, and a Microsoft source', () => {
    for (const s of p.settings) {
      expect(s.why, settingLabel(s.ref)).toMatch(/^[A-Z].{20,200}\.$/);
      expect(typeof s.reboot).toBe('boolean');
      expect(s.source).toMatch(/^https:\/\/learn\.microsoft\.com\/en-us\//);
    }
  });

  it('holds the documented conservative settings and nothing Microsoft advises against', () => {
    expect(p.settings.map((s) => [settingLabel(s.ref), s.desired, s.reboot])).toEqual([
      [
        'active power plan',
        { kind: 'power-plan', scheme: '8c5e7fda-e8bf-4a96-9a85-a6e23a8c635c' },
        false,
      ],
      [
        'TCP dynamic port range (ipv4)',
        { kind: 'dynamic-port', range: { start: 10000, num: 55535 } },
        false,
      ],
      [
        'TCP dynamic port range (ipv6)',
        { kind: 'dynamic-port', range: { start: 10000, num: 55535 } },
        false,
      ],
      [
        `${TCPIP}\\TcpTimedWaitDelay`,
        { kind: 'registry', value: { type: 'REG_DWORD', data: 30 } },
        true,
      ],
      ['TCP global autotuninglevel', { kind: 'tcp-global', value: 'normal' }, false],
    ]);
    const labels = p.settings.map((s) => settingLabel(s.ref).toLowerCase()).join(' ');
    for (const never of [
      'sysmain',
      'wsearch',
      'disabletaskoffload',
      'maxuserport',
      'tcpwindowsize',
      'keepalive',
    ])
      expect(labels).not.toContain(never);
  });
});
