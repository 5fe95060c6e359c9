/**
 * actions/deploy-windows end to end: the real bundle (dist/deploy-windows) run like the runner
 * runs it, against three Windows-like hosts: real OpenSSH sshd on 127.0.0.1, each with a loopback
 * of its own and a Wine prefix where sc.exe, reg.exe and cmd.exe run the example service for real.
 * So every deploy goes node-ssh -> sshd -> cmd.exe -> sc.exe, with the health check through the
 * SSH connection to the service's 127.0.0.1:8080 on that host.
 *
 * The hosts are shared by the tests below, which run in order and build on each other's state
 * (which version each host runs); each test says what it expects to find.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, hostname } from 'node:os';
import { join } from 'node:path';
import { ensureWinePrefix, freePort, type WinePrefix } from '../../lab/wine.js';
import { makeClientKey, startSshHost, type ClientKey, type SshHost } from '../../lab/sshd.js';
import { runAction, type ActionResult, type RunOptions } from '../../lab/runner.js';
import { SshExecutor } from '../../src/hosts/ssh.js';
import { parseFingerprints } from '../../src/hosts/host-keys.js';
import { WineExecutor } from '../../src/hosts/wine.js';
import { WINE_SSH_HOST } from '../../src/hosts/lab.js';
import { NAME, releaseFolder } from '../../lab/release-folder.js';

const PASSPHRASE = `pass ${randomBytes(6).toString('hex')}`;
const ROOT = 'C:\\ProgramData\\winship';
const SERVICE_DIR = `${ROOT}\\${NAME}`;
const LIVE = `${SERVICE_DIR}\\current\\${NAME}.exe`;

let key: ClientKey;
let keyDir: string;
const hosts: SshHost[] = [];
const prefixes: WinePrefix[] = [];
const releases: Record<string, string> = {};
const sha: Record<string, string> = {};
/** Every run of the action in this file, for the secret check at the end. */
const runs: ActionResult[] = [];

const fingerprints = (hs: SshHost[] = hosts) => hs.map((h) => h.fingerprintLine).join('\n');
const targets = (hs: SshHost[] = hosts) => hs.map((h) => h.target).join('\n');

function inputs(extra: Record<string, string>): Record<string, string> {
  return {
    hosts: targets(),
    'ssh-private-key': key.privateKey,
    'ssh-passphrase': PASSPHRASE,
    'host-fingerprints': fingerprints(),
    arguments: '-service\n-addr\n127.0.0.1:8080',
    'health-url': 'http://127.0.0.1:8080/healthz',
    'health-expect-version': 'true',
    'health-timeout': '3',
    'health-interval': '0.25',
    'health-retries': '40',
    'stop-timeout': '20',
    ...extra,
  };
}

async function deploy(extra: Record<string, string>, opts: RunOptions = {}): Promise<ActionResult> {
  const r = await runAction('deploy-windows', {
    inputs: inputs(extra),
    env: { WINSHIP_SSH_WINE_HOSTS: '1', ...opts.env },
    timeoutMs: 400_000,
    ...(opts.home ? { home: opts.home } : {}),
  });
  runs.push(r);
  return r;
}

/** The version the service on `h` answers with, asked on the host itself. */
async function versionOn(h: SshHost): Promise<string | undefined> {
  const r = await h.onHost('curl', ['-s', '-m', '3', 'http://127.0.0.1:8080/healthz']);
  if (r.code !== 0) return undefined;
  return (JSON.parse(r.stdout) as { version: string }).version;
}

function liveSha(h: SshHost): string | undefined {
  const file = h.prefix.toLinuxPath(LIVE);
  return existsSync(file)
    ? createHash('sha256').update(readFileSync(file)).digest('hex')
    : undefined;
}

function lockExists(h: SshHost): boolean {
  return existsSync(h.prefix.toLinuxPath(`${SERVICE_DIR}\\deploy.lock`));
}

const json = (s: string | undefined) => JSON.parse(s ?? 'null') as unknown;

beforeAll(async () => {
  keyDir = mkdtempSync(join(tmpdir(), 'winship-deploy-keys-'));
  key = makeClientKey(keyDir, 'deploy', PASSPHRASE);
  const builds = await Promise.all([
    releaseFolder('1.0.0'),
    releaseFolder('2.0.0', { zip: true }), // only the zip, as the build uploads it for Windows
    releaseFolder('3.0.0', { failAtStart: true }),
  ]);
  [releases.v1, releases.v2, releases.v3] = builds;
  for (const [v, dir] of Object.entries(releases)) {
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
      targets: { sha256: string }[];
    };
    sha[v] = manifest.targets[0]!.sha256;
  }
  for (const n of [1, 2, 3]) {
    const prefix = await ensureWinePrefix(`deploy-h${n}`);
    prefixes.push(prefix);
    // A fresh host: no service, no release from an earlier run of this file.
    await prefix.shutdown();
    rmSync(prefix.toLinuxPath(ROOT), { recursive: true, force: true });
    const h = await startSshHost({
      prefix,
      authorizedKeys: [key.publicKey],
      name: `h${n}`,
      isolatedNetwork: true,
    });
    hosts.push(h);
    const exec = new SshExecutor(
      { user: h.user, host: h.host, port: h.port },
      {
        privateKey: key.privateKey,
        passphrase: PASSPHRASE,
        hostKeys: { pins: parseFingerprints(h.fingerprintLine) },
        ...WINE_SSH_HOST,
        scratchDir: 'C:\\winship-test-cmd',
      },
    );
    await exec.run(['sc.exe', 'stop', NAME]);
    await exec.run(['sc.exe', 'delete', NAME]);
    await exec.close();
  }
}, 600_000);

afterAll(async () => {
  for (const h of hosts) await h.stop();
  for (const p of prefixes) {
    await p.shutdown();
    rmSync(p.toLinuxPath(ROOT), { recursive: true, force: true });
  }
  for (const dir of Object.values(releases)) rmSync(dir, { recursive: true, force: true });
  if (keyDir) rmSync(keyDir, { recursive: true, force: true });
});

describe('deploy-windows over SSH to three Wine-backed hosts', () => {
  test('dry-run plans every host and changes nothing', async () => {
    const r = await deploy({ artifact: releases.v1!, 'dry-run': 'true', 'max-parallel': '3' });
    expect(r.exitCode, r.stdout).toBe(0);
    expect(json(r.outputs.deployed)).toEqual([]);
    expect(json(r.outputs.failed)).toEqual([]);
    expect(json(r.outputs.skipped)).toEqual([]);
    expect(r.summary).toContain('Deploy plan (dry run)');
    for (const h of hosts) {
      expect(r.summary).toContain(`| ${h.target} | planned (dry run) |`);
      expect(r.summary).toContain(`### Plan for ${h.target}`);
      expect(existsSync(h.prefix.toLinuxPath(ROOT))).toBe(false);
      expect(await versionOn(h)).toBeUndefined();
    }
  });

  test('three hosts rolled out with max-parallel 2: two batches, every host healthy on 1.0.0', async () => {
    const r = await deploy({ artifact: releases.v1!, 'max-parallel': '2' });
    expect(r.exitCode, r.stdout).toBe(0);
    expect(json(r.outputs.deployed)).toEqual(hosts.map((h) => h.target));
    expect(json(r.outputs.failed)).toEqual([]);
    expect(json(r.outputs.skipped)).toEqual([]);
    expect(r.stdout).toContain(`Batch 1: ${hosts[0]!.target}, ${hosts[1]!.target}`);
    expect(r.stdout).toContain(`Batch 2: ${hosts[2]!.target}`);
    for (const h of hosts) {
      expect(r.stdout).toContain(`::group::${h.target}: deployed`);
      expect(r.summary).toMatch(
        new RegExp(
          `\\| ${escape(h.target)} \\| deployed \\| \\(none\\) \\| 1\\.0\\.0 \\| skipped \\(no tuning profile\\) \\| [0-9.]+ s \\| [0-9.]+ s \\|`,
        ),
      );
      expect(await versionOn(h)).toBe('1.0.0');
      expect(liveSha(h)).toBe(sha.v1);
      expect(lockExists(h)).toBe(false);
    }
  });

  test('a wrong host key is refused before authentication; that host is unchanged, the others deploy', async () => {
    const [h1, h2, h3] = hosts as [SshHost, SshHost, SshHost];
    const since = h2.log().length;
    // h2 is pinned to h3's key: what a man in the middle (or a reinstalled host) looks like.
    const pins = [
      h1.fingerprintLine,
      `[127.0.0.1]:${h2.port} ${h3.fingerprint}`,
      h3.fingerprintLine,
    ].join('\n');
    const r = await deploy({
      artifact: releases.v2!,
      'host-fingerprints': pins,
      'max-parallel': '3',
      'max-failures': '1',
    });
    expect(r.exitCode, r.stdout).toBe(0); // one failure, within max-failures
    expect(json(r.outputs.deployed)).toEqual([h1.target, h3.target]);
    expect(json(r.outputs.failed)).toEqual([h2.target]);
    const annotation = r.annotations.find(
      (a) => a.level === 'error' && a.title === `deploy-windows: ${h2.target}`,
    );
    expect(annotation?.message).toContain('host key refused before authentication');
    expect(annotation?.message).toContain(`it presented ssh-ed25519 ${h2.fingerprint}`);
    expect(r.summary).toContain(
      `| ${h2.target} | FAILED | not read (refused before authentication) |  |  |`,
    );
    // sshd saw the key exchange end without any authentication request.
    const log = h2.log().slice(since);
    expect(log).toMatch(/Received disconnect from 127\.0\.0\.1 port \d+:3: .*\[preauth\]/);
    expect(log).not.toMatch(
      /userauth-request|Accepted publickey|Postponed publickey|Failed publickey/,
    );
    expect(await versionOn(h2)).toBe('1.0.0');
    expect(liveSha(h2)).toBe(sha.v1);
    expect(existsSync(h2.prefix.toLinuxPath(`${SERVICE_DIR}\\releases\\2.0.0`))).toBe(false);
    expect(await versionOn(h1)).toBe('2.0.0');
    expect(await versionOn(h3)).toBe('2.0.0');
  });

  test('a release whose health check fails is rolled back; max-failures stops the rollout, the rest are skipped', async () => {
    const [h1, h2, h3] = hosts as [SshHost, SshHost, SshHost];
    const r = await deploy({ artifact: releases.v3!, 'max-parallel': '1', 'max-failures': '0' });
    expect(r.exitCode).toBe(1);
    expect(json(r.outputs.deployed)).toEqual([]);
    expect(json(r.outputs.failed)).toEqual([h1.target]);
    expect(json(r.outputs.skipped)).toEqual([h2.target, h3.target]);
    expect(r.summary).toContain(`| ${h1.target} | FAILED, rolled back | 2.0.0 | 2.0.0 |`);
    expect(r.summary).toContain(`| ${h2.target} | skipped |`);
    expect(r.summary).toContain('The rollout stopped: more than 0 host(s) failed');
    expect(
      r.annotations.some(
        (a) =>
          a.level === 'error' &&
          /1 of 3 host\(s\) failed \(max-failures: 0\); 2 not started/.test(a.message),
      ),
    ).toBe(true);
    // h1 runs its previous release again; the skipped hosts were not touched at all.
    expect(await versionOn(h1)).toBe('2.0.0');
    expect(liveSha(h1)).toBe(sha.v2);
    expect(await versionOn(h2)).toBe('1.0.0');
    expect(await versionOn(h3)).toBe('2.0.0');
    for (const h of [h2, h3])
      expect(existsSync(h.prefix.toLinuxPath(`${SERVICE_DIR}\\releases\\3.0.0`))).toBe(false);
  });

  test('a connection cut during the upload leaves the host unchanged; the next deploy breaks the stale lock', async () => {
    const h2 = hosts[1]!;
    const releaseDir = h2.prefix.toLinuxPath(`${SERVICE_DIR}\\releases\\2.0.0`);
    const running = deploy({ artifact: releases.v2!, hosts: h2.target, timeout: '10' });
    // Cut the host off (sshd and its sessions killed) as soon as the upload has begun.
    await waitFor(
      () => existsSync(releaseDir) && readdirSync(releaseDir).some((f) => f.endsWith('.part')),
      120_000,
      5,
    );
    h2.cut();
    const r = await running;
    expect(r.exitCode).toBe(1);
    expect(json(r.outputs.failed)).toEqual([h2.target]);
    expect(r.summary).toMatch(/connection lost during upload|cannot connect/);
    await h2.restart();
    expect(await versionOn(h2)).toBe('1.0.0');
    expect(liveSha(h2)).toBe(sha.v1);
    expect(existsSync(join(releaseDir, `${NAME}.exe`))).toBe(false);
    // The interrupted deploy could not remove its lock; the next one says so, and breaks it on request.
    expect(lockExists(h2)).toBe(true);
    const blocked = await deploy({ artifact: releases.v2!, hosts: h2.target });
    expect(blocked.exitCode).toBe(1);
    expect(blocked.summary).toContain('Another deploy holds the lock');
    const again = await deploy({
      artifact: releases.v2!,
      hosts: h2.target,
      'lock-stale-after': '1',
      'break-stale-lock': 'true',
    });
    expect(again.exitCode, again.stdout).toBe(0);
    expect(again.stdout).toContain('Breaking the stale deploy lock');
    expect(await versionOn(h2)).toBe('2.0.0');
    expect(lockExists(h2)).toBe(false);
  });

  test('two deploys to one host at once: the lock lets one through and refuses the other', async () => {
    const h1 = hosts[0]!;
    const [a, b] = await Promise.all([
      deploy({ artifact: releases.v1!, hosts: h1.target }),
      deploy({ artifact: releases.v1!, hosts: h1.target }),
    ]);
    const codes = [a.exitCode, b.exitCode].sort();
    expect(codes).toEqual([0, 1]);
    const loser = a.exitCode === 1 ? a : b;
    expect(loser.summary).toContain('Another deploy holds the lock');
    expect(await versionOn(h1)).toBe('1.0.0');
    expect(lockExists(h1)).toBe(false);
  });

  test('cancellation (SIGTERM): the host in flight stops and undoes its change, the hosts not started are skipped', async () => {
    const [h1, h2, h3] = hosts as [SshHost, SshHost, SshHost];
    const home = mkdtempSync(join(tmpdir(), 'winship-runner-cancel-'));
    const running = deploy({ artifact: releases.v2!, 'max-parallel': '1' }, { home });
    await waitFor(() => lockExists(h1), 120_000, 20);
    const pid = actionPid(home);
    expect(pid).toBeGreaterThan(0);
    process.kill(pid!, 'SIGTERM');
    const r = await running;
    expect(r.exitCode).toBe(1);
    expect(
      r.annotations.some(
        (a) => a.level === 'warning' && /SIGTERM: cancelling the rollout/.test(a.message),
      ),
    ).toBe(true);
    // Signalled as soon as h1 was locked: nothing of 2.0.0 went live there (see
    // __tests__/engine/cancel-wine.test.ts for a signal during the health check).
    expect(json(r.outputs.failed)).toEqual([h1.target]);
    expect(json(r.outputs.skipped)).toEqual([h2.target, h3.target]);
    expect(r.summary).toContain('The run was cancelled');
    expect(await versionOn(h1)).toBe('1.0.0');
    expect(lockExists(h1)).toBe(false);
    rmSync(home, { recursive: true, force: true });
  });

  test('insecure-skip-host-key-check: works on a branch with a loud warning; refused for a tag before any connection', async () => {
    const lab = await deploy({
      artifact: releases.v1!,
      'dry-run': 'true',
      'max-parallel': '3',
      'host-fingerprints': '',
      'insecure-skip-host-key-check': 'true',
    });
    expect(lab.exitCode, lab.stdout).toBe(0);
    expect(lab.summary).toContain('> [!WARNING]\n> Host keys were NOT verified');
    expect(
      lab.annotations.some(
        (a) => a.level === 'warning' && /Host keys were NOT verified/.test(a.message),
      ),
    ).toBe(true);
    for (const h of hosts)
      expect(lab.stdout).toContain(`host key ssh-ed25519 ${h.fingerprint} NOT VERIFIED`);

    const since = hosts.map((h) => h.log().length);
    const tag = await deploy(
      { artifact: releases.v1!, 'host-fingerprints': '', 'insecure-skip-host-key-check': 'true' },
      { env: { GITHUB_REF: 'refs/tags/v1.0.0' } },
    );
    expect(tag.exitCode).toBe(1);
    expect(tag.annotations.map((a) => a.message)).toContain(
      "Input 'insecure-skip-host-key-check': is refused for a tag (refs/tags/v1.0.0): releases deploy only to verified hosts; set host-fingerprints or known-hosts",
    );
    hosts.forEach((h, i) => expect(h.log().slice(since[i])).not.toContain('Connection from'));
  });

  test('the post step removes the downloaded build; the private key and passphrase appear in no log or summary', () => {
    expect(runs.length).toBeGreaterThan(5);
    const secrets = [
      PASSPHRASE,
      ...key.privateKey.split('\n').filter((l) => l.length > 20 && !l.startsWith('-----')),
    ];
    for (const r of runs) {
      // ::add-mask:: lines are instructions to the runner, which it never prints.
      const printed = [
        r.stdout,
        r.stderr,
        r.summary,
        r.post?.stdout ?? '',
        r.post?.stderr ?? '',
        r.post?.summary ?? '',
      ]
        .join('\n')
        .split('\n')
        .filter((l) => !l.startsWith('::add-mask::'))
        .join('\n');
      for (const s of secrets) expect(printed.includes(s)).toBe(false);
      // Masked as soon as read: the whole key and each of its lines.
      expect(r.masks).toContain(PASSPHRASE);
      expect(r.masks.some((m) => m.includes('BEGIN OPENSSH PRIVATE KEY'))).toBe(true);
      // Every run that got as far as the release made a private folder; the post step removed it.
      const work = r.state['work-dir'];
      if (r.exitCode === 0) expect(work).toBeTruthy();
      if (work) {
        expect(r.post?.stdout).toContain(`Removed ${work}`);
        expect(existsSync(work)).toBe(false);
      }
    }
  });
});

describe('deploy-windows mode: local under Wine (a self-hosted runner stand-in)', () => {
  let prefix: WinePrefix;
  let port: number;
  let service: string;
  beforeAll(async () => {
    prefix = await ensureWinePrefix('deploy-local');
    await prefix.keepAlive();
    port = await freePort();
    service = `hello-local-${port}`;
  });
  afterAll(async () => {
    const exec = new WineExecutor({ prefix: prefix.path });
    await exec.run(['sc.exe', 'stop', service]);
    await exec.run(['sc.exe', 'delete', service]);
    await prefix.shutdown();
    rmSync(prefix.toLinuxPath('C:\\winship-local'), { recursive: true, force: true });
  });

  test('deploys to this machine through the local executor, which runs under Wine here', async () => {
    const r = await runAction('deploy-windows', {
      inputs: {
        mode: 'local',
        artifact: releases.v1!,
        'service-name': service,
        arguments: `-service\n-addr\n127.0.0.1:${port}`,
        'health-url': `http://127.0.0.1:${port}/healthz`,
        'health-interval': '0.25',
        'install-root': 'C:\\winship-local',
      },
      env: { WINSHIP_WINE_PREFIX: prefix.path },
      timeoutMs: 300_000,
    });
    runs.push(r);
    expect(r.exitCode, r.stdout).toBe(0);
    expect(json(r.outputs.deployed)).toEqual([hostname()]);
    expect(r.summary).toContain('(this runner)');
    const body = (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as {
      version: string;
    };
    expect(body.version).toBe('1.0.0');
    expect(
      existsSync(prefix.toLinuxPath(`C:\\winship-local\\${service}\\current\\${NAME}.exe`)),
    ).toBe(true);
  });

  test('mode: local refuses a Linux runner without Wine, saying what to use', async () => {
    const r = await runAction('deploy-windows', {
      inputs: { mode: 'local', artifact: releases.v1! },
      env: { WINSHIP_WINE_PREFIX: undefined },
    });
    runs.push(r);
    expect(r.exitCode).toBe(1);
    expect(r.summary).toMatch(/must be Windows.*use a self-hosted Windows runner, or mode: ssh/);
  });
});

/** The action's own process (node running dist/deploy-windows), found by its RUNNER_TEMP. */
function actionPid(home: string): number | undefined {
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const cmd = readFileSync(`/proc/${d}/cmdline`, 'latin1');
      if (!cmd.includes('dist/deploy-windows/index.js')) continue;
      const env = readFileSync(`/proc/${d}/environ`, 'latin1').split('\0');
      if (env.includes(`RUNNER_TEMP=${join(home, 'temp')}`)) return Number(d);
    } catch {
      /* gone */
    }
  }
  return undefined;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

async function waitFor(cond: () => boolean, timeoutMs: number, everyMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
