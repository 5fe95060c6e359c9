/**
 * Waves, bake and halt on a fleet of ten replay hosts (lab/replay-hosts.ts): each a real OpenSSH
 * sshd on loopback that answers the deploy's commands with what a lab Wine host answered when the
 * same deploy was recorded on it in beforeAll (install 1.0.0, upgrade to 2.0.0, roll back), with
 * real SFTP into a folder of its own and a health endpoint in a network namespace of its own. The
 * runner side is the real bundle. Waves `1, 30%, 100%`: host 1, then hosts 2-3, then hosts 4-10.
 *
 * Each test starts from fresh hosts on 1.0.0. Where a host ends up is read from the state file the
 * action wrote on it over SFTP; that a host of a later wave was never touched is read from the
 * host's own count of connections and commands.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { labTemp } from '../../lab/paths.js';
import { makeClientKey, type ClientKey } from '../../lab/sshd.js';
import { runAction, type ActionResult, type RunOptions } from '../../lab/runner.js';
import { releaseFolder } from '../../lab/release-folder.js';
import {
  REPLAY_DEPLOY_INPUTS,
  recordDeployTranscript,
  startReplayHosts,
  type ReplayFleet,
  type ReplayHost,
  type TranscriptEntry,
} from '../../lab/replay-hosts.js';

let key: ClientKey;
let keyDir: string;
let fleet: ReplayFleet;
let hosts: ReplayHost[];
let transcript: TranscriptEntry[];
let v1 = '';
let v2 = '';

const json = (s: string | undefined) => JSON.parse(s ?? 'null') as unknown;
const targets = (...n: number[]) => n.map((i) => hosts[i - 1]!.target);

function deploy(
  artifact: string,
  extra: Record<string, string> = {},
  run: Pick<RunOptions, 'duringMain' | 'cancelMain'> = {},
): Promise<ActionResult> {
  return runAction('deploy-windows', {
    inputs: {
      ...REPLAY_DEPLOY_INPUTS,
      artifact,
      hosts: hosts.map((h) => h.target).join('\n'),
      'ssh-private-key': key.privateKey,
      'host-fingerprints': hosts.map((h) => h.fingerprintLine).join('\n'),
      'max-parallel': '10',
      ...extra,
    },
    env: { WINSHIP_SSH_WINE_HOSTS: '1' },
    timeoutMs: 300_000,
    ...run,
  });
}

/** The release the host's state file (written by the action over SFTP) says is current. */
function versionOn(h: ReplayHost): string | undefined {
  const file = join(h.dir, 'fs', 'c:', 'ProgramData', 'winship', 'hello-service', 'state.json');
  if (!existsSync(file)) return undefined;
  return (JSON.parse(readFileSync(file, 'utf8')) as { current?: { version?: string } }).current
    ?.version;
}

/** Fresh hosts, all on 1.0.0; returns each host's counters after that install. */
async function fleetOn1(): Promise<{ connections: number[]; commands: number[] }> {
  for (const h of hosts) h.reset();
  const r = await deploy(v1);
  expect(r.exitCode, r.stdout).toBe(0);
  expect(hosts.map(versionOn)).toEqual(hosts.map(() => '1.0.0'));
  return {
    connections: hosts.map((h) => h.connections()),
    commands: hosts.map((h) => h.commands().length),
  };
}

/** 2.0.0 in waves 1, 30%, 100%; host 3 (wave 2) turns unhealthy in the bake after wave 2. */
async function haltAtWave2(onHalt: string) {
  const before = await fleetOn1();
  const r = await deploy(
    v2,
    { waves: '1, 30%, 100%', 'bake-time': '3s', 'health-interval': '0.5', 'on-halt': onHalt },
    { duringMain: { when: /Bake after wave 2:/, run: () => hosts[2]!.setHealthy(false) } },
  );
  const touched = hosts.map(
    (h, i) => h.connections() > before.connections[i]! || h.commands().length > before.commands[i]!,
  );
  return { r, touched };
}

beforeAll(async () => {
  keyDir = labTemp('winship-replay-keys-');
  key = makeClientKey(keyDir, 'deploy');
  [v1, v2] = await Promise.all([releaseFolder('1.0.0'), releaseFolder('2.0.0')]);
  transcript = await recordDeployTranscript({ key, v1, v2 });
  fleet = await startReplayHosts({ transcript, count: 10, authorizedKeys: [key.publicKey] });
  hosts = fleet.hosts;
}, 600_000);

afterAll(async () => {
  await fleet?.stop();
  for (const dir of [v1, v2, keyDir]) if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the replay hosts answer only what was recorded', () => {
  test('the recording holds a real Wine host\u2019s answers: sc.exe reporting RUNNING after the start', () => {
    const query = transcript.find(
      (e) => e.script?.includes('sc.exe query hello-service') && /RUNNING/.test(e.stdout),
    );
    expect(query?.stdout).toMatch(/STATE\s+:\s+4\s+RUNNING/);
    expect(transcript.filter((e) => e.script?.includes('sc.exe start hello-service'))).toHaveLength(
      3,
    );
  });

  test('a deploy the recording did not see (other service arguments) fails on the first command it changed, and the host says which', async () => {
    for (const h of hosts) h.reset();
    const r = await deploy(v1, {
      'max-parallel': '1',
      hosts: hosts[0]!.target,
      arguments: '-other',
    });
    expect(r.exitCode, r.stdout).toBe(1);
    expect(hosts[0]!.diverged(), r.stdout + hosts[0]!.commands().join('\n')).toMatch(
      /sc\.exe create hello-service .*-other/,
    );
    expect(r.stdout).toContain('no recorded answer');
  });
});

describe('deploy-windows in waves over SSH to ten replay hosts', () => {
  test('rollback-all: the halt at wave 2 puts every upgraded host back on 1.0.0; wave 3 sees no connection and no command', async () => {
    const { r, touched } = await haltAtWave2('rollback-all');
    expect(r.exitCode, r.stdout).toBe(1);
    expect(r.outputs['halted-at-wave'], r.summary).toBe('2');
    expect(json(r.outputs.failed)).toEqual(targets(3));
    expect(json(r.outputs.reverted)).toEqual(targets(1, 2));
    expect(json(r.outputs.deployed)).toEqual([]);
    expect(json(r.outputs.skipped)).toEqual(targets(4, 5, 6, 7, 8, 9, 10));
    expect(r.stdout).toContain('Bake after wave 1: passed');
    expect(r.summary).toContain('The rollout halted at wave 2 of 3');
    expect(hosts.map(versionOn)).toEqual(hosts.map(() => '1.0.0'));
    expect(touched).toEqual([true, true, true, false, false, false, false, false, false, false]);
    expect(hosts.map((h) => h.diverged())).toEqual(hosts.map(() => undefined));
  });

  test('rollback-wave: hosts 2 and 3 go back to 1.0.0, host 1 stays on 2.0.0; wave 3 untouched', async () => {
    const { r, touched } = await haltAtWave2('rollback-wave');
    expect(r.exitCode, r.stdout).toBe(1);
    expect(r.outputs['halted-at-wave'], r.summary).toBe('2');
    expect(json(r.outputs.deployed)).toEqual(targets(1));
    expect(json(r.outputs.reverted)).toEqual(targets(2));
    expect(json(r.outputs.failed)).toEqual(targets(3));
    expect(hosts.slice(0, 3).map(versionOn)).toEqual(['2.0.0', '1.0.0', '1.0.0']);
    expect(touched.slice(3)).toEqual(hosts.slice(3).map(() => false));
  });

  test('stop: nothing is rolled back; hosts 1-3 stay on 2.0.0 and host 3 keeps failing its check', async () => {
    const { r, touched } = await haltAtWave2('stop');
    expect(r.exitCode, r.stdout).toBe(1);
    expect(r.outputs['halted-at-wave'], r.summary).toBe('2');
    expect(json(r.outputs.deployed)).toEqual(targets(1, 2));
    expect(json(r.outputs.failed)).toEqual(targets(3));
    expect(json(r.outputs.reverted)).toEqual([]);
    expect(r.summary).toContain('the hosts were left as they are (on-halt: stop)');
    expect(hosts.slice(0, 3).map(versionOn)).toEqual(['2.0.0', '2.0.0', '2.0.0']);
    expect(touched.slice(3)).toEqual(hosts.slice(3).map(() => false));
  });

  test('a host failing a step of its deploy (sc.exe start, error 1053) halts the rollout at its wave', async () => {
    const before = await fleetOn1();
    hosts[1]!.failAt('sc.exe start hello-service', {
      exitCode: 1053,
      stdout:
        '[SC] StartService FAILED 1053:\r\n\r\nThe service did not respond to the start or control request in a timely fashion.\r\n\r\n',
    });
    const r = await deploy(v2, {
      waves: '1, 30%, 100%',
      'bake-time': '1s',
      'on-halt': 'rollback-all',
    });
    expect(r.exitCode, r.stdout).toBe(1);
    expect(r.outputs['halted-at-wave'], r.summary).toBe('2');
    expect(json(r.outputs.failed)).toContain(hosts[1]!.target);
    expect(r.stdout).toMatch(/1053/);
    expect(hosts.slice(3).map((h, i) => h.connections() - before.connections[i + 3]!)).toEqual(
      hosts.slice(3).map(() => 0),
    );
    expect(versionOn(hosts[0]!)).toBe('1.0.0');
    // The recording never saw a failed start: host 2's own rollback asks for one check it holds
    // no answer to (the service's registry key, before the start of 1.0.0), answered with 255,
    // which the rollback survives. Every other host stayed inside the recording.
    expect(hosts[1]!.diverged()).toMatch(
      /^reg\.exe query HKLM\\SYSTEM\\CurrentControlSet\\Services\\hello-service$/m,
    );
    expect(hosts.map((h, i) => (i === 1 ? undefined : h.diverged()))).toEqual(
      hosts.map(() => undefined),
    );
  });

  test('cancelled during the bake after wave 1 (SIGINT, SIGTERM, SIGKILL as the runner does): host 1 is checked once more, nothing later starts', async () => {
    const before = await fleetOn1();
    let cancelledAt = 0;
    const r = await deploy(
      v2,
      { waves: '1, 30%, 100%', 'bake-time': '10m', 'health-interval': '1s' },
      {
        duringMain: { when: /Bake after wave 1:/, run: () => (cancelledAt = Date.now()) },
        cancelMain: { when: /Bake after wave 1:/ },
      },
    );
    expect(r.killedBy, r.stdout).toBeUndefined(); // it ended on SIGINT, before SIGTERM
    expect(r.exitCode).toBe(1);
    expect(json(r.outputs.deployed)).toEqual(targets(1));
    expect(json(r.outputs.skipped)).toEqual(targets(2, 3, 4, 5, 6, 7, 8, 9, 10));
    expect(versionOn(hosts[0]!)).toBe('2.0.0');
    expect(hosts[0]!.healthChecks().some((t) => t >= cancelledAt)).toBe(true);
    expect(hosts.slice(1).map((h, i) => h.connections() - before.connections[i + 1]!)).toEqual(
      hosts.slice(1).map(() => 0),
    );
  });
});
