/**
 * The service configuration engine (pure): desired config from a spec, current config from the
 * service key's values, and the minimal sc/reg commands between them. The sc config/failure/
 * failureflag commands cannot run under Wine; their exact argument vectors are proven here, and
 * the create path plus an unchanged second run are proven under Wine in deploy-wine.test.ts.
 */
import { describe, expect, test } from 'vitest';
import {
  accountNeedsPassword,
  buildImagePath,
  decodeFailureActions,
  desiredConfig,
  planServiceChanges,
  readServiceConfig,
  restoreTarget,
  validateServiceSpec,
  type ServiceConfig,
  type ServiceSpec,
} from '../../src/windows/service.js';
import type { RegValue } from '../../src/windows/reg.js';
import { UserError } from '../../src/runner/errors.js';

const EXE = 'C:\\ProgramData\\winship\\hello\\current\\hello.exe';
const KEY = 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\hello';

function spec(over: Partial<ServiceSpec> = {}): ServiceSpec {
  return {
    name: 'hello',
    displayName: 'Hello service',
    description: 'Says hello',
    startType: 'auto',
    account: 'NT SERVICE\\hello',
    args: ['-service', '-addr', '127.0.0.1:8080'],
    environment: { GOMAXPROCS: '4', GOMEMLIMIT: '512MiB' },
    dependencies: ['Tcpip'],
    recovery: {
      resetSeconds: 86400,
      actions: [
        { type: 'restart', delayMs: 5000 },
        { type: 'restart', delayMs: 10000 },
        { type: 'none', delayMs: 0 },
      ],
    },
    stopTimeoutSeconds: 30,
    ...over,
  };
}

/** The FailureActions bytes `sc failure hello reset= 86400 actions= restart/5000/restart/10000/none/0` stores. */
const FA_5000_10000 = Buffer.from(
  '80510100' +
    '00000000' +
    '00000000' +
    '03000000' +
    '14000000' +
    '01000000' +
    '88130000' +
    '01000000' +
    '10270000' +
    '00000000' +
    '00000000',
  'hex',
);

/** What the service key holds once the desired configuration is applied (as reg query returns it). */
function converged(): RegValue[] {
  return [
    { name: 'Type', type: 'REG_DWORD', data: 0x10 },
    { name: 'Start', type: 'REG_DWORD', data: 2 },
    { name: 'ErrorControl', type: 'REG_DWORD', data: 1 },
    {
      name: 'ImagePath',
      type: 'REG_EXPAND_SZ',
      data: `"${EXE}" -service -addr 127.0.0.1:8080`,
    },
    { name: 'DisplayName', type: 'REG_SZ', data: 'Hello service' },
    { name: 'Description', type: 'REG_SZ', data: 'Says hello' },
    { name: 'ObjectName', type: 'REG_SZ', data: 'NT SERVICE\\hello' },
    { name: 'DependOnService', type: 'REG_MULTI_SZ', data: ['Tcpip'] },
    { name: 'Environment', type: 'REG_MULTI_SZ', data: ['GOMEMLIMIT=512MiB', 'GOMAXPROCS=4'] },
    { name: 'FailureActions', type: 'REG_BINARY', data: FA_5000_10000 },
    { name: 'FailureActionsOnNonCrashFailures', type: 'REG_DWORD', data: 1 },
  ];
}

describe('decodeFailureActions (SERVICE_FAILURE_ACTIONS with 32-bit fields, actions at offset 0x14)', () => {
  test('Windows 11 webthreatdefsvc default: restart after 1 and 2 minutes', () => {
    // Registry export of HKLM\SYSTEM\CurrentControlSet\Services\webthreatdefsvc (Windows 11),
    // found in a public repository of default service exports:
    // "FailureActions"=hex:80,51,01,00,00,00,00,00,00,00,00,00,03,00,00,00,14,00,00,00,01,00,00,
    //   00,60,ea,00,00,01,00,00,00,c0,d4,01,00,00,00,00,00,00,00,00,00
    const data = Buffer.from(
      '805101000000000000000000030000001400000001000000' +
        '60ea000001000000c0d40100' +
        '0000000000000000',
      'hex',
    );
    expect(decodeFailureActions(data)).toEqual({
      resetSeconds: 86400,
      actions: [
        { type: 'restart', delayMs: 60000 },
        { type: 'restart', delayMs: 120000 },
        { type: 'none', delayMs: 0 },
      ],
    });
  });

  test('placeholders in the reboot-message and command fields are ignored', () => {
    // WEPHOSTSVC defaults as written by the tenforums "Restore Default Services in Windows 10"
    // batch files (http://www.tenforums.com/tutorials/57567-...): reg add ... /v FailureActions
    // /t REG_BINARY /d 805101000100000001000000030000001400000001000000C0D4010001000000E09304000000000000000000
    const data = Buffer.from(
      '805101000100000001000000030000001400000001000000C0D4010001000000E09304000000000000000000',
      'hex',
    );
    expect(decodeFailureActions(data)?.actions).toEqual([
      { type: 'restart', delayMs: 120000 },
      { type: 'restart', delayMs: 300000 },
      { type: 'none', delayMs: 0 },
    ]);
  });

  test('short or inconsistent data is not a configuration', () => {
    expect(decodeFailureActions(Buffer.alloc(8))).toBeUndefined();
    const lying = Buffer.from(FA_5000_10000);
    lying.writeUInt32LE(50, 12);
    expect(decodeFailureActions(lying)).toBeUndefined();
    const badType = Buffer.from(FA_5000_10000);
    badType.writeUInt32LE(9, 20);
    expect(decodeFailureActions(badType)).toBeUndefined();
  });
});

describe('desired and current configuration', () => {
  test('the binary path: program always quoted, arguments quoted when needed', () => {
    expect(
      buildImagePath('C:\\Program Files\\hello\\hello.exe', [
        '-log',
        'C:\\log dir\\h.log',
        '-msg',
        'say "hi"',
      ]),
    ).toBe('"C:\\Program Files\\hello\\hello.exe" -log "C:\\log dir\\h.log" -msg "say \\"hi\\""');
    expect(buildImagePath(EXE, [])).toBe(`"${EXE}"`);
    expect(() => buildImagePath('hello.exe', [])).toThrow(/absolute Windows path/);
    expect(() => buildImagePath(EXE, ['a\nb'])).toThrow(/control characters/);
  });

  test('desiredConfig sorts the environment and derives the recovery flag', () => {
    expect(desiredConfig(spec({ environment: { GOGC: '50', B: 'x y' } }), EXE)).toMatchObject({
      imagePath: `"${EXE}" -service -addr 127.0.0.1:8080`,
      environment: ['B=x y', 'GOGC=50'],
      failureFlag: true,
    });
    const noRecovery = desiredConfig(spec({ recovery: undefined, displayName: undefined }), EXE);
    expect(noRecovery.recovery).toBeUndefined();
    expect(noRecovery.failureFlag).toBeUndefined();
    expect(noRecovery.displayName).toBeUndefined();
  });

  test('readServiceConfig reads numbers and values, never text', () => {
    expect(readServiceConfig(converged())).toEqual(desiredConfig(spec(), EXE));
    const delayed = readServiceConfig([
      { name: 'Start', type: 'REG_DWORD', data: 2 },
      { name: 'DelayedAutoStart', type: 'REG_DWORD', data: 1 },
    ]);
    expect(delayed.startType).toBe('delayed-auto');
    expect(delayed.account).toBe('LocalSystem');
    expect(delayed.recovery).toBeUndefined();
    expect(readServiceConfig([{ name: 'Start', type: 'REG_DWORD', data: 4 }]).startType).toBe(
      'disabled',
    );
    expect(readServiceConfig([{ name: 'Start', type: 'REG_DWORD', data: 3 }]).startType).toBe(
      'demand',
    );
  });

  test('accounts that need a password', () => {
    expect(accountNeedsPassword('LocalSystem')).toBe(false);
    expect(accountNeedsPassword('NT AUTHORITY\\NetworkService')).toBe(false);
    expect(accountNeedsPassword('NT SERVICE\\hello')).toBe(false);
    expect(accountNeedsPassword('CORP\\gmsa-hello$')).toBe(false);
    expect(accountNeedsPassword('CORP\\svc-hello')).toBe(true);
    expect(accountNeedsPassword('.\\hello')).toBe(true);
  });
});

describe('planServiceChanges', () => {
  test('create: sc create with every field, then description, environment, recovery', () => {
    const p = planServiceChanges('hello', undefined, desiredConfig(spec(), EXE));
    expect(p.create).toBe(true);
    expect(p.steps.map((s) => s.argv)).toEqual([
      [
        'sc.exe',
        'create',
        'hello',
        'binPath=',
        `"${EXE}" -service -addr 127.0.0.1:8080`,
        'start=',
        'auto',
        'DisplayName=',
        'Hello service',
        'depend=',
        'Tcpip',
        'obj=',
        'NT SERVICE\\hello',
      ],
      ['sc.exe', 'description', 'hello', 'Says hello'],
      [
        'reg.exe',
        'add',
        KEY,
        '/v',
        'Environment',
        '/t',
        'REG_MULTI_SZ',
        '/d',
        'GOMAXPROCS=4\\0GOMEMLIMIT=512MiB',
        '/f',
      ],
      [
        'sc.exe',
        'failure',
        'hello',
        'reset=',
        '86400',
        'actions=',
        'restart/5000/restart/10000/none/0',
      ],
      ['sc.exe', 'failureflag', 'hello', '1'],
    ]);
    expect(p.rows.every((r) => r.action === 'create' && r.current === '(absent)')).toBe(true);
  });

  test('a converged service needs nothing: the second run changes nothing', () => {
    const p = planServiceChanges(
      'hello',
      readServiceConfig(converged()),
      desiredConfig(spec(), EXE),
    );
    expect(p.steps).toEqual([]);
    expect(p.rows.map((r) => r.action)).toEqual(Array(p.rows.length).fill('none'));
    expect(p.rows.map((r) => r.setting)).toEqual([
      'hello binary path',
      'hello start type',
      'hello account',
      'hello display name',
      'hello dependencies',
      'hello description',
      'hello environment',
      'hello recovery',
      'hello recovery on error exit',
    ]);
  });

  test('only what differs: one sc config with the changed fields', () => {
    const current = readServiceConfig(converged());
    const want = desiredConfig(
      spec({
        startType: 'delayed-auto',
        dependencies: [],
        args: ['-service', '-addr', '127.0.0.1:9090'],
      }),
      EXE,
    );
    const p = planServiceChanges('hello', current, want);
    expect(p.steps.map((s) => s.argv)).toEqual([
      [
        'sc.exe',
        'config',
        'hello',
        'binPath=',
        `"${EXE}" -service -addr 127.0.0.1:9090`,
        'start=',
        'delayed-auto',
        'depend=',
        '/',
      ],
    ]);
    expect(p.rows.filter((r) => r.action === 'update').map((r) => r.setting)).toEqual([
      'hello binary path',
      'hello start type',
      'hello dependencies',
    ]);
  });

  test('environment removed, recovery changed, description changed', () => {
    const current = readServiceConfig(converged());
    const want = desiredConfig(
      spec({
        environment: {},
        description: 'Says hello twice',
        recovery: { resetSeconds: 3600, actions: [{ type: 'restart', delayMs: 1000 }] },
      }),
      EXE,
    );
    expect(planServiceChanges('hello', current, want).steps.map((s) => s.argv)).toEqual([
      ['sc.exe', 'description', 'hello', 'Says hello twice'],
      ['reg.exe', 'delete', KEY, '/v', 'Environment', '/f'],
      ['sc.exe', 'failure', 'hello', 'reset=', '3600', 'actions=', 'restart/1000'],
    ]);
  });

  test('unmanaged settings are left alone; comparisons ignore case and order where Windows does', () => {
    const values = converged().map((v) =>
      v.name === 'ObjectName'
        ? { ...v, data: 'nt service\\HELLO' }
        : v.name === 'Environment'
          ? { ...v, data: ['GOMAXPROCS=4', 'GOMEMLIMIT=512MiB'] }
          : v,
    );
    const p = planServiceChanges(
      'hello',
      readServiceConfig(values),
      desiredConfig(
        spec({ displayName: undefined, description: undefined, recovery: undefined }),
        EXE,
      ),
    );
    expect(p.steps).toEqual([]);
    expect(p.rows.map((r) => r.setting)).not.toContain('hello description');
  });

  test('a user account needs a password from a secret; it is sent with obj= and never named in the step', () => {
    const current = readServiceConfig(converged());
    expect(() =>
      planServiceChanges(
        'hello',
        current,
        desiredConfig(spec({ account: 'CORP\\svc-hello' }), EXE),
      ),
    ).toThrow(/needs a password: pass it from a secret/);
    const p = planServiceChanges(
      'hello',
      current,
      desiredConfig(spec({ account: 'CORP\\svc-hello' }), EXE),
      {
        password: 's3cret',
      },
    );
    expect(p.steps[0]?.argv).toEqual([
      'sc.exe',
      'config',
      'hello',
      'obj=',
      'CORP\\svc-hello',
      'password=',
      's3cret',
    ]);
    expect(p.steps[0]?.what).toBe('change account');
    // A gMSA or virtual account gets no password argument.
    const g = planServiceChanges(
      'hello',
      current,
      desiredConfig(spec({ account: 'CORP\\gmsa-hello$' }), EXE),
      {
        password: 'ignored',
      },
    );
    expect(g.steps[0]?.argv).toEqual(['sc.exe', 'config', 'hello', 'obj=', 'CORP\\gmsa-hello$']);
  });

  test('restoring a previous user account without its password is refused, not guessed', () => {
    const before = readServiceConfig(
      converged().map((v) => (v.name === 'ObjectName' ? { ...v, data: 'CORP\\old' } : v)),
    );
    const now = readServiceConfig(converged());
    const back = planServiceChanges(
      'hello',
      now,
      restoreTarget('hello', before, desiredConfig(spec(), EXE)),
      {
        restoring: true,
      },
    );
    expect(back.steps).toEqual([]);
    expect(back.rows.find((r) => r.setting === 'hello account')).toMatchObject({
      action: 'refused',
      desired: 'CORP\\old',
    });
  });

  test('restoreTarget goes back to what was read before, for managed settings only', () => {
    const before = readServiceConfig(
      converged().filter(
        (v) =>
          !['FailureActions', 'FailureActionsOnNonCrashFailures', 'Description'].includes(v.name),
      ),
    );
    const target: ServiceConfig = restoreTarget('hello', before, desiredConfig(spec(), EXE));
    const p = planServiceChanges('hello', readServiceConfig(converged()), target, {
      restoring: true,
    });
    expect(p.steps.map((s) => s.argv)).toEqual([
      ['sc.exe', 'description', 'hello', ''],
      ['sc.exe', 'failure', 'hello', 'reset=', '0', 'actions=', ''],
      ['sc.exe', 'failureflag', 'hello', '0'],
    ]);
  });
});

describe('validateServiceSpec', () => {
  test.each([
    ['name', { name: 'hello world' }, /Invalid service name/],
    ['start type', { startType: 'boot' as never }, /Invalid start type/],
    ['account', { account: 'a"b' }, /Invalid service account/],
    ['account with newline', { account: 'CORP\\a\nb' }, /control characters/],
    ['display name', { displayName: '' }, /Invalid display name/],
    ['description', { description: 'a\r\nb' }, /Invalid description/],
    ['argument', { args: ['ok', 'bad\n'] }, /Invalid service argument/],
    ['dependency', { dependencies: ['a b'] }, /Invalid service name/],
    [
      'environment name',
      { environment: { 'A=B': '1' } },
      /Invalid environment variable name 'A=B'/,
    ],
    ['environment value', { environment: { A: 'x\ny' } }, /value of environment variable A/],
    [
      'recovery action',
      { recovery: { resetSeconds: 1, actions: [{ type: 'reboot' as never, delayMs: 0 }] } },
      /use restart or none/,
    ],
    ['stop timeout', { stopTimeoutSeconds: 0 }, /Invalid stop timeout/],
    ['log file', { logFile: 'logs\\h.log' }, /Invalid log file/],
  ])('refuses a bad %s', (_what, over, message) => {
    expect(() => validateServiceSpec(spec(over as Partial<ServiceSpec>))).toThrow(UserError);
    expect(() => validateServiceSpec(spec(over as Partial<ServiceSpec>))).toThrow(message);
  });

  test('refuses an argument that names an environment variable unless the spec allows it', () => {
    const args = ['-log', 'C:\\x\\p%PATH%x.log'];
    expect(() => validateServiceSpec(spec({ args }))).toThrow(UserError);
    expect(() => validateServiceSpec(spec({ args }))).toThrow(/%PATH% .*when the service starts/);
    expect(validateServiceSpec(spec({ args, allowEnvironmentReferences: true })).args).toEqual(
      args,
    );
    expect(validateServiceSpec(spec({ args: ['50%', '100% done'] })).args).toEqual([
      '50%',
      '100% done',
    ]);
  });

  test('accepts the documented account kinds', () => {
    for (const account of [
      'LocalSystem',
      'NT AUTHORITY\\NetworkService',
      'NT SERVICE\\hello',
      'CORP\\gmsa$',
      'svc@corp.example',
    ])
      expect(validateServiceSpec(spec({ account })).account).toBe(account);
  });
});
