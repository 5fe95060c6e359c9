/**
 * `jump-host`, as OpenSSH's ProxyJump: the SSH executor connects to a bastion (a real loopback
 * sshd that only forwards), checks the bastion's own pinned key, opens a direct-tcpip channel from
 * it to the host (an sshd + Wine host) and speaks SSH to the host over that channel. A bastion
 * whose key is not the pinned one is refused before anything reaches the host.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ensureWinePrefix, type WinePrefix } from '../../lab/wine.js';
import { releaseFolder } from '../../lab/release-folder.js';
import { runAction } from '../../lab/runner.js';
import { WineExecutor } from '../../src/hosts/wine.js';
import {
  makeClientKey,
  startBastion,
  startSshHost,
  type Bastion,
  type ClientKey,
  type SshHost,
} from '../../lab/sshd.js';
import { parseFingerprints } from '../../src/hosts/host-keys.js';
import { WINE_SSH_HOST } from '../../src/hosts/lab.js';
import {
  HostKeyError,
  SshConnectionError,
  SshExecutor,
  type SshOptions,
  type SshTarget,
} from '../../src/hosts/ssh.js';

let prefix: WinePrefix;
let host: SshHost;
let bastion: Bastion;
let closedBastion: Bastion;
let key: ClientKey;
let keyDir: string;
const open: SshExecutor[] = [];

const jumpOf = (b: Bastion): SshTarget => ({ user: b.user, host: '127.0.0.1', port: b.port });

function options(extra: Partial<SshOptions>): SshOptions {
  return {
    privateKey: key.privateKey,
    hostKeys: { pins: parseFingerprints(`${host.fingerprintLine}\n${bastion.fingerprintLine}`) },
    ...WINE_SSH_HOST,
    scratchDir: 'C:\\ProgramData\\winship-test\\jump',
    attempts: 1,
    timeoutMs: 60_000,
    jump: jumpOf(bastion),
    ...extra,
  };
}

async function connect(extra: Partial<SshOptions> = {}): Promise<SshExecutor> {
  const exec = new SshExecutor(
    { user: host.user, host: host.host, port: host.port },
    options(extra),
  );
  open.push(exec);
  await exec.connect();
  return exec;
}

/** Lines sshd logged for accepted logins. */
const logins = (log: string) => log.split('\n').filter((l) => /Accepted publickey/.test(l));
/** Lines sshd logged for new TCP connections. */
const connections = (log: string) => log.split('\n').filter((l) => /Connection from /.test(l));

beforeAll(async () => {
  prefix = await ensureWinePrefix('jump-target');
  await prefix.keepAlive();
  keyDir = mkdtempSync(join(tmpdir(), 'winship-jump-keys-'));
  key = makeClientKey(keyDir);
  host = await startSshHost({ prefix, authorizedKeys: [key.publicKey], name: 'jump-target' });
  bastion = await startBastion({ authorizedKeys: [key.publicKey], name: 'bastion' });
  closedBastion = await startBastion({
    authorizedKeys: [key.publicKey],
    name: 'bastion-no-forwarding',
    allowForwarding: false,
  });
}, 600_000);

afterAll(async () => {
  for (const e of open) await e.close();
  await host?.stop();
  await bastion?.stop();
  await closedBastion?.stop();
  if (prefix) {
    const wine = new WineExecutor({ prefix: prefix.path });
    await wine.run(['sc.exe', 'stop', 'hello-jump']);
    await wine.run(['sc.exe', 'delete', 'hello-jump']);
  }
  await prefix?.shutdown();
  if (keyDir) rmSync(keyDir, { recursive: true, force: true });
});

describe('SSH through a jump host', () => {
  test('reaches the host through the bastion: a direct-tcpip channel to it, commands run', async () => {
    const before = bastion.log().length;
    const exec = await connect();
    const r = await exec.run(['cmd.exe', '/c', 'exit', '7']);
    expect(r.exitCode).toBe(7);
    expect(exec.presentedFingerprint).toBe(host.fingerprint);
    const log = bastion.log().slice(before);
    expect(logins(log)).toHaveLength(1);
    // sshd's own line for a ProxyJump-style forward, to the host's address and port.
    expect(log).toMatch(
      new RegExp(
        `server_request_direct_tcpip: originator 127\\.0\\.0\\.1 port \\d+, target 127\\.0\\.0\\.1 port ${host.port}\\b`,
      ),
    );
    expect(logins(host.log()).length).toBeGreaterThan(0);
  }, 120_000);

  test('a bastion whose key is not pinned is refused before anything reaches the host', async () => {
    const wrongPin = `[127.0.0.1]:${bastion.port} SHA256:${Buffer.alloc(32).toString('base64').replace(/=+$/, '')}`;
    const bastionBefore = bastion.log().length;
    const hostBefore = host.log().length;
    const err = await connect({
      hostKeys: { pins: parseFingerprints(`${host.fingerprintLine}\n${wrongPin}`) },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HostKeyError);
    const message = (err as HostKeyError).message;
    expect(message).toMatch(
      new RegExp(
        `^${host.user}@127\\.0\\.0\\.1:${host.port}: jump host ${bastion.target}: host key refused before authentication: HOST KEY MISMATCH for \\[127\\.0\\.0\\.1\\]:${bastion.port}: `,
      ),
    );
    expect(message).toContain(bastion.fingerprint);
    // The deploy key was never offered to the bastion, and the host saw no connection at all.
    expect(logins(bastion.log().slice(bastionBefore))).toEqual([]);
    expect(connections(host.log().slice(hostBefore))).toEqual([]);
  }, 120_000);

  test('a bastion with no pin at all is refused the same way, saying what to pin', async () => {
    const hostBefore = host.log().length;
    const err = await connect({
      hostKeys: { pins: parseFingerprints(host.fingerprintLine) },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HostKeyError);
    expect((err as Error).message).toContain(
      `jump host ${bastion.target}: host key refused before authentication: no host key is pinned for [127.0.0.1]:${bastion.port}`,
    );
    expect(connections(host.log().slice(hostBefore))).toEqual([]);
  }, 120_000);

  test('a bastion that does not forward is reported as such, not as the host being down', async () => {
    const err = await connect({
      hostKeys: {
        pins: parseFingerprints(`${host.fingerprintLine}\n${closedBastion.fingerprintLine}`),
      },
      jump: jumpOf(closedBastion),
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SshConnectionError);
    expect((err as Error).message).toMatch(
      new RegExp(
        `^${host.user}@127\\.0\\.0\\.1:${host.port}: jump host ${closedBastion.target} did not open a tunnel to 127\\.0\\.0\\.1:${host.port} \\(.*\\): it must allow TCP forwarding \\(sshd_config AllowTcpForwarding yes\\) and reach the host$`,
      ),
    );
  }, 120_000);
});

describe('deploy-windows with jump-host (the bundle, as the runner runs it)', () => {
  test('deploys through the bastion to a healthy service; the summary names the host', async () => {
    const before = bastion.log().length;
    const r = await runAction('deploy-windows', {
      inputs: {
        hosts: host.target,
        'jump-host': bastion.target,
        'ssh-private-key': key.privateKey,
        'host-fingerprints': `${host.fingerprintLine}\n${bastion.fingerprintLine}`,
        artifact: await releaseFolder('3.1.0'),
        'service-name': 'hello-jump',
        arguments: '-service\n-addr\n127.0.0.1:18431',
        'health-url': 'http://127.0.0.1:18431/healthz',
        'health-expect-version': 'true',
        'health-interval': '0.25',
        'install-root': 'C:\\ProgramData\\winship-jump',
      },
      env: { WINSHIP_SSH_WINE_HOSTS: '1' },
      timeoutMs: 400_000,
    });
    expect(r.exitCode, r.stdout).toBe(0);
    expect(JSON.parse(r.outputs.deployed!)).toEqual([host.target]);
    expect(r.stdout).toContain(`connected to ${host.target}; host key ${host.fingerprint}`);
    expect(bastion.log().slice(before)).toMatch(
      new RegExp(`server_request_direct_tcpip: .* target 127\\.0\\.0\\.1 port ${host.port}\\b`),
    );
    const health = await fetch('http://127.0.0.1:18431/healthz');
    expect(((await health.json()) as { version: string }).version).toBe('3.1.0');
  }, 600_000);
});
