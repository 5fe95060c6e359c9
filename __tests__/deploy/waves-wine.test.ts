/**
 * Waves, bake and halt with the real bundle against three Wine hosts behind loopback sshd (as in
 * deploy-action.test.ts): waves `1, 2, 3`, so one host a wave. Release 2.0.0 is healthy when it is
 * deployed, and answers 503 on /healthz once a marker file appears on its host; the test writes the marker on the
 * host of wave 2 as soon as the action logs the bake after wave 2, so the halt comes from the
 * bake, at wave 2, every time. Each on-halt policy must leave each host on the release it says,
 * answering its health check, and the host of wave 3 must not even see a connection.
 *
 * The tests run in order and build on the hosts' state; each says what it expects to find.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { UNHEALTHY_MARKER, ensureWinePrefix, type WinePrefix } from '../../lab/wine.js';
import { makeClientKey, startSshHost, type ClientKey, type SshHost } from '../../lab/sshd.js';
import { runAction, type ActionResult } from '../../lab/runner.js';
import { releaseFolder } from '../../lab/release-folder.js';

const PASSPHRASE = `pass ${randomBytes(6).toString('hex')}`;
const ROOT = 'C:\\ProgramData\\winship';

let key: ClientKey;
let keyDir: string;
const hosts: SshHost[] = [];
const prefixes: WinePrefix[] = [];
let v1 = '';
let v2 = '';

const json = (s: string | undefined) => JSON.parse(s ?? 'null') as unknown;

function deploy(
  extra: Record<string, string>,
  during?: { when: RegExp; run: () => void },
): Promise<ActionResult> {
  return runAction('deploy-windows', {
    inputs: {
      hosts: hosts.map((h) => h.target).join('\n'),
      'ssh-private-key': key.privateKey,
      'ssh-passphrase': PASSPHRASE,
      'host-fingerprints': hosts.map((h) => h.fingerprintLine).join('\n'),
      arguments: '-service\n-addr\n127.0.0.1:8080',
      'health-url': 'http://127.0.0.1:8080/healthz',
      'health-expect-version': 'true',
      'health-timeout': '3',
      'health-interval': '0.5',
      'health-retries': '40',
      'stop-timeout': '20',
      ...extra,
    },
    env: { WINSHIP_SSH_WINE_HOSTS: '1' },
    timeoutMs: 400_000,
    ...(during ? { duringMain: during } : {}),
  });
}

async function versionOn(h: SshHost): Promise<string | undefined> {
  const r = await h.onHost('curl', ['-s', '-m', '3', 'http://127.0.0.1:8080/healthz']);
  if (r.code !== 0) return undefined;
  return (JSON.parse(r.stdout) as { version: string }).version;
}

async function statusOn(h: SshHost): Promise<string> {
  const r = await h.onHost('curl', [
    '-s',
    '-o',
    '/dev/null',
    '-w',
    '%{http_code}',
    '-m',
    '3',
    'http://127.0.0.1:8080/healthz',
  ]);
  return r.stdout.trim();
}

const marker = (h: SshHost) => h.prefix.toLinuxPath(UNHEALTHY_MARKER);
function makeUnhealthy(h: SshHost): void {
  mkdirSync(dirname(marker(h)), { recursive: true });
  writeFileSync(marker(h), 'unhealthy\n');
}

/** 2.0.0 in waves 1, 2, 3 with a short bake; the host of wave 2 turns unhealthy in the bake after wave 2. */
async function haltAtWave2(onHalt: string) {
  for (const h of hosts) rmSync(marker(h), { force: true });
  const since = hosts.map((h) => h.log().length);
  const r = await deploy(
    { artifact: v2, waves: '1, 2, 3', 'bake-time': '4s', 'on-halt': onHalt },
    { when: /Bake after wave 2:/, run: () => makeUnhealthy(hosts[1]!) },
  );
  const touched = hosts.map((h, i) => h.log().slice(since[i]).includes('Connection from'));
  return { r, touched };
}

beforeAll(async () => {
  keyDir = mkdtempSync(join(tmpdir(), 'winship-waves-keys-'));
  key = makeClientKey(keyDir, 'deploy', PASSPHRASE);
  [v1, v2] = await Promise.all([
    releaseFolder('1.0.0'),
    releaseFolder('2.0.0', { unhealthyOnMarker: true }),
  ]);
  for (const n of [1, 2, 3]) {
    const prefix = await ensureWinePrefix(`waves-h${n}`);
    prefixes.push(prefix);
    await prefix.shutdown();
    rmSync(prefix.toLinuxPath(ROOT), { recursive: true, force: true });
    hosts.push(
      await startSshHost({
        prefix,
        authorizedKeys: [key.publicKey],
        name: `w${n}`,
        isolatedNetwork: true,
      }),
    );
  }
}, 600_000);

afterAll(async () => {
  for (const h of hosts) {
    rmSync(marker(h), { force: true });
    await h.stop();
  }
  for (const p of prefixes) {
    await p.shutdown();
    rmSync(p.toLinuxPath(ROOT), { recursive: true, force: true });
  }
  for (const dir of [v1, v2]) if (dir) rmSync(dir, { recursive: true, force: true });
  if (keyDir) rmSync(keyDir, { recursive: true, force: true });
});

describe('deploy-windows in waves over SSH to three Wine hosts', () => {
  test('the fleet starts on 1.0.0 (one wave, as without waves)', async () => {
    const r = await deploy({ artifact: v1, 'max-parallel': '3' });
    expect(r.exitCode, r.stdout).toBe(0);
    expect(r.outputs['halted-at-wave']).toBe('');
    for (const h of hosts) expect(await versionOn(h), r.stdout).toBe('1.0.0');
  });

  test('rollback-all: the halt at wave 2 puts every upgraded host back on 1.0.0, healthy; wave 3 sees no connection', async () => {
    const { r, touched } = await haltAtWave2('rollback-all');
    expect(r.exitCode, r.stdout).toBe(1);
    expect(r.outputs['halted-at-wave'], r.summary).toBe('2');
    expect(json(r.outputs.reverted)).toEqual([hosts[0]!.target]);
    expect(json(r.outputs.failed)).toEqual([hosts[1]!.target]);
    expect(json(r.outputs.skipped)).toEqual([hosts[2]!.target]);
    expect(json(r.outputs.deployed)).toEqual([]);
    expect(r.stdout).toContain('Bake after wave 1: passed');
    expect(r.summary).toContain('The rollout halted at wave 2 of 3');
    expect(r.summary, r.summary).toMatch(
      /\| 2 \| 1: \S+ \| deployed; 1 rolled back \| FAILED after /,
    );
    expect(
      r.annotations.find((a) => a.level === 'error' && /halted at wave 2 of 3/.test(a.message)),
    ).toBeDefined();
    for (const h of hosts) expect(await versionOn(h)).toBe('1.0.0');
    expect(touched).toEqual([true, true, false]);
  });

  test('rollback-wave: only the host of wave 2 goes back; wave 1 stays on 2.0.0', async () => {
    const { r, touched } = await haltAtWave2('rollback-wave');
    expect(r.exitCode, r.stdout).toBe(1);
    expect(r.outputs['halted-at-wave'], r.summary).toBe('2');
    expect(json(r.outputs.deployed)).toEqual([hosts[0]!.target]);
    expect(json(r.outputs.failed)).toEqual([hosts[1]!.target]);
    expect(json(r.outputs.reverted)).toEqual([]);
    expect(r.summary, r.summary).toContain('FAILED, rolled back');
    expect(await versionOn(hosts[0]!)).toBe('2.0.0');
    expect(await versionOn(hosts[1]!)).toBe('1.0.0');
    expect(await versionOn(hosts[2]!)).toBe('1.0.0');
    expect(touched).toEqual([true, true, false]);
  });

  test('stop: nothing is rolled back, the unhealthy host is reported and left; wave 3 untouched', async () => {
    // Wave 1's host already runs 2.0.0 (from the test before): it is unchanged, and baked.
    const { r, touched } = await haltAtWave2('stop');
    expect(r.exitCode, r.stdout).toBe(1);
    expect(r.outputs['halted-at-wave'], r.summary).toBe('2');
    expect(json(r.outputs.deployed)).toEqual([hosts[0]!.target]);
    expect(json(r.outputs.failed)).toEqual([hosts[1]!.target]);
    expect(json(r.outputs.reverted)).toEqual([]);
    expect(r.summary).toContain('the hosts were left as they are (on-halt: stop)');
    expect(await versionOn(hosts[0]!)).toBe('2.0.0');
    // Left on 2.0.0, answering 503: curl -s prints the error text, which is not JSON.
    expect(await statusOn(hosts[1]!)).toBe('503');
    expect(await versionOn(hosts[2]!)).toBe('1.0.0');
    expect(touched).toEqual([true, true, false]);
  });
});
