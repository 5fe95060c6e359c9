/**
 * The deploy-windows inputs as configuration: hosts, host keys, secrets, service settings, health
 * and rollout knobs; every bad input is refused with the input's name before anything runs.
 */
import { afterAll, describe, expect, test } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseHost, parseHosts } from '../../src/deploy/hosts.js';
import { parseArguments, parseRecovery, readConfig } from '../../src/deploy/config.js';
import { Inputs } from '../../src/runner/inputs.js';
import { InputError } from '../../src/runner/errors.js';

const KEY =
  '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n';
const FP = `web1 SHA256:${'A'.repeat(43)}`;

function config(values: Record<string, string>, env: NodeJS.ProcessEnv = {}) {
  const base: Record<string, string> = {
    hosts: 'admin@web1',
    'ssh-private-key': KEY,
    'host-fingerprints': FP,
    artifact: 'dist',
  };
  const all = { ...base, ...values };
  return readConfig(new Inputs((name) => all[name] ?? ''), env);
}

describe('hosts', () => {
  test('user@host:port, one a line or comma-separated, port 22 by default', () => {
    expect(
      parseHosts('admin@web1:2222, deploy@10.0.0.5\n# a comment\nsvc@[2001:db8::1]:22'),
    ).toEqual([
      { user: 'admin', host: 'web1', port: 2222 },
      { user: 'deploy', host: '10.0.0.5', port: 22 },
      { user: 'svc', host: '2001:db8::1', port: 22 },
    ]);
  });

  test('Windows user names: DOMAIN\\user and user@domain (the last @ separates the host)', () => {
    expect(parseHost('CORP\\deploy@web1')).toEqual({
      user: 'CORP\\deploy',
      host: 'web1',
      port: 22,
    });
    expect(parseHost('deploy@corp.example@web1:22')).toEqual({
      user: 'deploy@corp.example',
      host: 'web1',
      port: 22,
    });
  });

  test('bad entries are refused, saying how to write them', () => {
    expect(() => parseHost('web1')).toThrow(
      "Input 'hosts': 'web1' has no user: write it as user@web1:22",
    );
    expect(() => parseHost('admin@web1:0')).toThrow(/port '0' is not a number from 1 to 65535/);
    expect(() => parseHost('admin@web1:99999')).toThrow(/port '99999'/);
    expect(() => parseHost('admin@web_1;rm')).toThrow(/is not a host name or IP address/);
    expect(() => parseHost('admin@2001:db8::1')).toThrow(/IPv6 address in brackets/);
    expect(() => parseHost('ad min@web1')).toThrow(/is not a valid user name/);
    expect(() => parseHost('admin@-web1')).toThrow(InputError);
  });

  test('a host listed twice is refused', () => {
    expect(() => parseHosts('a@web1:22, b@WEB1')).toThrow(/listed twice/);
  });

  test.each([
    ['u@[:::::]', "'[:::::]' is not an IPv6 address"],
    ['u@[1::2::3]:22', "'[1::2::3]' is not an IPv6 address"],
    ['u@[2001:db8::g]', "'[2001:db8::g]' is not an IPv6 address"],
    ['u@[1.2.3.4]', "'[1.2.3.4]' is not an IPv6 address (write an IPv4 address without brackets)"],
    ['u@999.999.999.999', "'999.999.999.999' is not an IPv4 address"],
    ['u@256.1.1.1:22', "'256.1.1.1' is not an IPv4 address"],
    ['u@10.0.0', "'10.0.0' is not an IPv4 address"],
    ['u@010.0.0.1', "'010.0.0.1' is not an IPv4 address"],
    ['u@1.2.3.4.5', "'1.2.3.4.5' is not an IPv4 address"],
    ['u@2130706433', "'2130706433' is not an IPv4 address"],
    ['u@0x7f.0.0.1', "'0x7f.0.0.1' is not an IPv4 address"],
    ['u@web1.0x10', "'web1.0x10' is not an IPv4 address"],
  ])('IP literal %s is refused: %s', (entry, message) => {
    expect(() => parseHost(entry)).toThrow(InputError);
    expect(() => parseHost(entry)).toThrow(`Input 'hosts': '${entry}': ${message}`);
  });

  test('valid IP literals and DNS names, including numeric labels that are not last, are kept', () => {
    expect(
      parseHosts('u@[::1], u@[fe80::1%eth0]:2222, u@[::ffff:10.0.0.1], u@255.255.255.255'),
    ).toEqual([
      { user: 'u', host: '::1', port: 22 },
      { user: 'u', host: 'fe80::1%eth0', port: 2222 },
      { user: 'u', host: '::ffff:10.0.0.1', port: 22 },
      { user: 'u', host: '255.255.255.255', port: 22 },
    ]);
    expect(parseHosts('u@0.0.0.0.web1, u@123.example.com, u@3com.example, u@web-01')).toEqual([
      { user: 'u', host: '0.0.0.0.web1', port: 22 },
      { user: 'u', host: '123.example.com', port: 22 },
      { user: 'u', host: '3com.example', port: 22 },
      { user: 'u', host: 'web-01', port: 22 },
    ]);
  });
});

describe('service settings', () => {
  test('recovery actions in sc.exe terms, at most three', () => {
    expect(parseRecovery('restart/5000, restart/10000, none/0', 86400)).toEqual({
      resetSeconds: 86400,
      actions: [
        { type: 'restart', delayMs: 5000 },
        { type: 'restart', delayMs: 10000 },
        { type: 'none', delayMs: 0 },
      ],
    });
    expect(parseRecovery('', 86400)).toBeUndefined();
    expect(() => parseRecovery('reboot/1000', 0)).toThrow(/'reboot\/1000' is not an action/);
    expect(() => parseRecovery('restart/1,restart/1,restart/1,restart/1', 0)).toThrow(
      /first three/,
    );
  });

  test('arguments are one a line and keep commas and blanks', () => {
    expect(parseArguments('-addr\n127.0.0.1:8080\n-name\nA, B and C\n')).toEqual([
      '-addr',
      '127.0.0.1:8080',
      '-name',
      'A, B and C',
    ]);
  });

  test('an argument naming an environment variable (%NAME%) is refused unless allowed', () => {
    // The service control manager expands %NAME% in the stored command line when it starts the
    // service: `-log C:\\x\\p%PATH%x.log` is stored exactly, then the service gets PATH's value
    // spliced in (observed: it then fails to start with 1077).
    const args = '-log\nC:\\x\\p%PATH%x.log';
    expect(() => config({ arguments: args })).toThrow(InputError);
    expect(() => config({ arguments: args })).toThrow(
      /Input 'arguments': .*%PATH%.*allow-environment-references: true/,
    );
    expect(() => config({ arguments: '-dir\n%ProgramFiles(x86)%\\app' })).toThrow(
      /%ProgramFiles\(x86\)%/,
    );
    const allowed = config({ arguments: args, 'allow-environment-references': 'true' });
    expect(allowed.service.args).toEqual(['-log', 'C:\\x\\p%PATH%x.log']);
    // A percent sign that names no variable stays allowed.
    expect(config({ arguments: '-ratio\n50%\n-msg\n100% done, 5 % left' }).service.args).toEqual([
      '-ratio',
      '50%',
      '-msg',
      '100% done, 5 % left',
    ]);
  });

  test('defaults: auto start, LocalSystem, no recovery management, no tuning, service health', () => {
    const c = config({});
    expect(c.service).toMatchObject({
      name: '',
      startType: 'auto',
      account: 'LocalSystem',
      args: [],
      stopTimeoutSeconds: 30,
    });
    expect(c.service.recovery).toBeUndefined();
    expect(c.profile).toBe('none');
    expect(c.health.kind).toBe('service');
    expect(c).toMatchObject({
      maxParallel: 1,
      maxFailures: 0,
      dryRun: false,
      root: 'C:\\ProgramData\\winship',
      keepReleases: 3,
    });
  });

  test('a health URL makes an http check (the version in the body on request); a port makes a tcp check', () => {
    expect(config({ 'health-url': 'http://127.0.0.1:8080/healthz' }).health).toMatchObject({
      kind: 'http',
      url: 'http://127.0.0.1:8080/healthz',
      expectVersion: false,
    });
    expect(
      config({ 'health-url': 'http://127.0.0.1:8080/healthz', 'health-expect-version': 'true' })
        .health.expectVersion,
    ).toBe(true);
    expect(config({ 'health-port': '9000' }).health).toMatchObject({
      kind: 'tcp',
      port: 9000,
      expectVersion: false,
    });
    expect(() => config({ 'health-check': 'http' })).toThrow(/Input 'health-url': is required/);
    expect(() => config({ 'health-url': 'ftp://x/' })).toThrow(/Input 'health-url'/);
  });

  test('bad values are refused with the input named', () => {
    expect(() => config({ 'start-type': 'sometimes' })).toThrow(/Input 'start-type'/);
    expect(() => config({ 'max-parallel': '0' })).toThrow(
      /Input 'max-parallel': must be at least 1/,
    );
    expect(() => config({ 'max-failures': '-1' })).toThrow(/Input 'max-failures'/);
    expect(() => config({ environment: 'GOGC' })).toThrow(
      /Input 'environment': line 1 is not KEY=value/,
    );
    expect(() => config({ 'install-root': 'D:\\apps\\..\\windows' })).toThrow(
      /Input 'install-root'/,
    );
    expect(() => config({ 'install-root': 'C:\\Program Files\\winship' })).toThrow(
      /with mode: ssh/,
    );
    expect(() => config({ 'log-file': 'relative\\x.log' })).toThrow(/log file/);
    expect(() => config({ 'artifact-run-id': 'abc' })).toThrow(/Input 'artifact-run-id'/);
  });
});

describe('ssh mode and host keys', () => {
  test('needs hosts and a private key; refuses something that is not a key without echoing it', () => {
    expect(() => config({ hosts: '' })).toThrow(/Input 'hosts': is required with mode: ssh/);
    expect(() => config({ 'ssh-private-key': '' })).toThrow(/Input 'ssh-private-key': is required/);
    const err = (() => {
      try {
        config({ 'ssh-private-key': 'hunter2-not-a-key' });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(err?.message).toMatch(/is not a private key/);
    expect(err?.message).not.toContain('hunter2');
  });

  test('pins come from known-hosts and host-fingerprints together', () => {
    const c = config({
      'known-hosts':
        'web1 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl',
    });
    expect(c.hostKeys !== 'insecure-skip' && c.hostKeys.pins.length).toBe(2);
    expect(c.insecureHostKeys).toBe(false);
  });

  test('insecure-skip-host-key-check works on a branch, is refused on a tag and next to pins', () => {
    const insecure = { 'insecure-skip-host-key-check': 'true', 'host-fingerprints': '' };
    expect(config(insecure, { GITHUB_REF: 'refs/heads/main' }).hostKeys).toBe('insecure-skip');
    expect(() => config(insecure, { GITHUB_REF: 'refs/tags/v1.2.3' })).toThrow(
      /Input 'insecure-skip-host-key-check': is refused for a tag \(refs\/tags\/v1.2.3\)/,
    );
    expect(() => config({ 'insecure-skip-host-key-check': 'true' })).toThrow(
      /while host keys are given/,
    );
  });

  test('mode: local takes no hosts', () => {
    expect(config({ mode: 'local', hosts: '', 'ssh-private-key': '' }).mode).toBe('local');
    expect(() => config({ mode: 'local' })).toThrow(/Input 'hosts': is for mode: ssh/);
  });

  test('Wine-backed lab hosts are a setting of the environment, not an input', () => {
    expect(config({}).sshHost).toEqual({});
    const lab = config({}, { WINSHIP_SSH_WINE_HOSTS: '1' });
    expect(lab.sshHost.mapPath?.('C:\\ProgramData\\x')).toBe('c:/ProgramData/x');
    expect(lab.sshHost.capabilities).toEqual({ hashFile: false, acls: false });
  });
});

describe('jump-host', () => {
  test('one bastion, user@host:port like a host, port 22 by default', () => {
    expect(config({ 'jump-host': 'jump@bastion.corp.example:2222' }).jumpHost).toEqual({
      user: 'jump',
      host: 'bastion.corp.example',
      port: 2222,
    });
    expect(config({ 'jump-host': ' CORP\\jump@10.0.0.1 ' }).jumpHost).toEqual({
      user: 'CORP\\jump',
      host: '10.0.0.1',
      port: 22,
    });
    expect(config({}).jumpHost).toBeUndefined();
  });

  test.each([
    ['bastion', "Input 'jump-host': 'bastion' has no user: write it as user@bastion:22"],
    [
      'jump@bastion:0',
      "Input 'jump-host': 'jump@bastion:0': port '0' is not a number from 1 to 65535",
    ],
    [
      'jump@bad host',
      "Input 'jump-host': 'jump@bad host': 'bad host' is not a host name or IP address",
    ],
    [
      'jump@10.0.0.300',
      /^Input 'jump-host': 'jump@10\.0\.0\.300': '10\.0\.0\.300' is not an IPv4 address/,
    ],
    ['jump@[10.0.0.1]:22', /is not an IPv6 address \(write an IPv4 address without brackets\)/],
    [
      'jump@b1, jump@b2',
      "Input 'jump-host': 'jump@b1, jump@b2' lists several hosts: give one bastion, user@host:port (chained jumps are not supported)",
    ],
    [
      'admin@web1:22',
      "Input 'jump-host': admin@web1:22 is also in hosts: a host is not reached through itself; remove it from one of the two",
    ],
  ])('refuses %j', (value, message) => {
    const e = (() => {
      try {
        config({ 'jump-host': value });
      } catch (err) {
        return err as Error;
      }
    })();
    expect(e).toBeInstanceOf(InputError);
    if (typeof message === 'string') expect(e!.message).toBe(message);
    else expect(e!.message).toMatch(message);
  });

  test('is for mode: ssh only', () => {
    expect(() =>
      config({ mode: 'local', hosts: '', 'ssh-private-key': '', 'jump-host': 'j@bastion' }),
    ).toThrow(
      "Input 'jump-host': is for mode: ssh; mode: local deploys to the machine the job runs on",
    );
  });
});

describe('hosts-file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'winship-hosts-file-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return name;
  };

  test('one user@host:port a line, comments and blank lines, after the hosts of `hosts`', () => {
    const name = file(
      'fleet.txt',
      '# production, rack 1\ndeploy@app01.corp.example\n\n  deploy@app02.corp.example:2222  # spare\r\n',
    );
    const c = config({ 'hosts-file': name }, { GITHUB_WORKSPACE: dir });
    expect(c.hosts).toEqual([
      { user: 'admin', host: 'web1', port: 22 },
      { user: 'deploy', host: 'app01.corp.example', port: 22 },
      { user: 'deploy', host: 'app02.corp.example', port: 2222 },
    ]);
    // Alone, without `hosts`.
    expect(config({ hosts: '', 'hosts-file': name }, { GITHUB_WORKSPACE: dir }).hosts).toHaveLength(
      2,
    );
  });

  test('a bad line is refused with its number; a host listed twice, or also in hosts, too', () => {
    const at = (text: string) => () =>
      config({ hosts: '', 'hosts-file': file('bad.txt', text) }, { GITHUB_WORKSPACE: dir });
    expect(at('deploy@app01\napp02\n')).toThrow(
      "Input 'hosts-file': line 2: 'app02' has no user: write it as user@app02:22",
    );
    expect(at('deploy@app01, deploy@app02\n')).toThrow(
      /line 1: 'deploy@app01, deploy@app02' holds more than one entry/,
    );
    expect(at('deploy@app01\n#\ndeploy@APP01:22\n')).toThrow(
      /line 3: deploy@app01:22 is listed twice \(line 1 too\)/,
    );
    expect(() =>
      config({ 'hosts-file': file('dup.txt', 'other@web1\n') }, { GITHUB_WORKSPACE: dir }),
    ).toThrow("Input 'hosts-file': other@web1:22 is also in hosts: list each host once");
    expect(() => config({ 'hosts-file': 'missing.txt' }, { GITHUB_WORKSPACE: dir })).toThrow(
      /^Input 'hosts-file': cannot read 'missing.txt' \(ENOENT\)/,
    );
    expect(() =>
      config({ mode: 'local', hosts: '', 'hosts-file': 'fleet.txt' }, { GITHUB_WORKSPACE: dir }),
    ).toThrow(/^Input 'hosts-file': is for mode: ssh/);
  });
});

describe('waves, bake-time, on-halt', () => {
  test('defaults: one wave, no bake, rollback-wave', () => {
    const c = config({});
    expect([c.waves, c.bakeSeconds, c.bakeFinal, c.onHalt]).toEqual([
      [],
      0,
      false,
      'rollback-wave',
    ]);
  });

  test('parsed and checked', () => {
    const c = config({ waves: '1, 10%, 100%', 'bake-time': '10m', 'on-halt': 'stop' });
    expect(c.waves).toHaveLength(3);
    expect([c.bakeSeconds, c.onHalt]).toEqual([600, 'stop']);
    expect(config({ 'bake-time': '30s', 'bake-final': 'true' }).bakeSeconds).toBe(30);
  });

  test.each([
    [{ waves: '50%, 10%' }, /^Input 'waves': '10%' after '50%'/],
    [{ waves: '1, 10%', 'bake-time': 'soon' }, /^Input 'bake-time': expected a duration/],
    [
      { 'bake-time': '5m' },
      /^Input 'bake-time': is the wait after each wave but the last: set waves too/,
    ],
    [
      { waves: '1', 'on-halt': 'rollback' },
      /^Input 'on-halt': expected one of rollback-wave, rollback-all, stop/,
    ],
  ])('refuses %o', (values, message) => {
    expect(() => config(values)).toThrow(message);
  });
});
