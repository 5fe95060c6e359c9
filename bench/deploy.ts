// Rollout speed of actions/deploy-windows, measured on the real bundle against six Windows-like
// hosts on loopback (real OpenSSH sshd, each host with a loopback of its own and a Wine prefix
// where sc.exe/reg.exe run the example service), like __tests__/deploy/deploy-action.test.ts.
//
//  1. total time of one rollout (every host switches release) with max-parallel 1 vs 3, as the
//     ratio t(3)/t(1). Goal: at most 0.5. Rounds alternate which runs first.
//  2. per-host overhead of mode: ssh over mode: local for the same one-host deploy (the same
//     release switch; mode: local runs the engine over Wine directly, no sshd in between).
//  3. round trips per host (channels + SFTP calls, and bytes) of a first install, an upgrade and
//     an unchanged re-run, as the action logs them for each host, against the figures before the
//     cut of issue 16 (__tests__/hosts/round-trips.test.ts asserts at most half).
//
// Figures only: this is not a test and asserts nothing.
//
//   npm run bench -- deploy [rounds] [hosts]     (defaults 2 and 6; BENCH_DEPLOY_LOCAL_REPEATS=3)
//   npm run bench -- deploy trips                (part 3 only, one host)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WineExecutor } from '../src/hosts/wine.js';
import { SshExecutor } from '../src/hosts/ssh.js';
import { WINE_SSH_HOST } from '../src/hosts/lab.js';
import { parseFingerprints } from '../src/hosts/host-keys.js';
import { releaseFolder } from '../lab/release-folder.js';
import { runAction } from '../lab/runner.js';
import { makeClientKey, startSshHost, type SshHost } from '../lab/sshd.js';
import { ensureWinePrefix, freePort } from '../lab/wine.js';

const TRIPS_ONLY = process.argv[2] === 'trips';
const ROUNDS = TRIPS_ONLY ? 0 : Number(process.argv[2] ?? 2);
const HOSTS = TRIPS_ONLY ? 1 : Number(process.argv[3] ?? 6);
/** Round trips of one host before the cut of issue 16 (first install, upgrade, unchanged). */
const BEFORE_TRIPS = { 'first install': 94, upgrade: 93, unchanged: 36 };
const LOCAL_REPEATS = Number(process.env.BENCH_DEPLOY_LOCAL_REPEATS ?? 3);
const GOAL = 0.5;

const ROOT = 'C:\\ProgramData\\winship';
const keyDir = mkdtempSync(join(tmpdir(), 'winship-bench-deploy-'));
const key = makeClientKey(keyDir, 'deploy');
const v1 = await releaseFolder('1.0.0');
const v2 = await releaseFolder('2.0.0');

console.log(`starting ${HOSTS} hosts (sshd + Wine prefix each)…`);
const hosts: SshHost[] = [];
for (let n = 1; n <= HOSTS; n++) {
  const prefix = await ensureWinePrefix(`bench-deploy-h${n}`);
  await prefix.shutdown();
  rmSync(prefix.toLinuxPath(ROOT), { recursive: true, force: true });
  hosts.push(
    await startSshHost({
      prefix,
      authorizedKeys: [key.publicKey],
      name: `bench${n}`,
      isolatedNetwork: true,
    }),
  );
}

const common = {
  'ssh-private-key': key.privateKey,
  arguments: '-service\n-addr\n127.0.0.1:8080',
  'health-url': 'http://127.0.0.1:8080/healthz',
  'health-interval': '0.25',
  'stop-timeout': '20',
};

async function rollout(hs: SshHost[], artifact: string, maxParallel: number): Promise<number> {
  const started = performance.now();
  const r = await runAction('deploy-windows', {
    inputs: {
      ...common,
      hosts: hs.map((h) => h.target).join('\n'),
      'host-fingerprints': hs.map((h) => h.fingerprintLine).join('\n'),
      artifact,
      'max-parallel': String(maxParallel),
    },
    env: { WINSHIP_SSH_WINE_HOSTS: '1' },
    timeoutMs: 900_000,
  });
  const seconds = (performance.now() - started) / 1000;
  if (r.exitCode !== 0) throw new Error(`rollout failed:\n${r.stdout}\n${r.summary}`);
  return seconds;
}

const fmt = (s: number) => `${s.toFixed(1)} s`;
let next = v2;
const flip = () => {
  const a = next;
  next = next === v2 ? v1 : v2;
  return a;
};

/** The round-trip line the action logs for a host: `<host>: N round trips: …`. */
function tripsLine(stdout: string, target: string): string {
  const m = new RegExp(`${target.replace(/[.[\]]/g, '\\$&')}: (\\d+ round trips: [^\\n]*)`).exec(
    stdout,
  );
  return m?.[1] ?? '(no round-trip line in the log)';
}

async function roundTrips(h: SshHost): Promise<void> {
  rmSync(h.prefix.toLinuxPath(ROOT), { recursive: true, force: true });
  const one = async (artifact: string) => {
    const r = await runAction('deploy-windows', {
      inputs: {
        ...common,
        hosts: h.target,
        'host-fingerprints': h.fingerprintLine,
        artifact,
        'service-name': 'hello-trips',
        'install-root': 'C:\\winship-trips',
      },
      env: { WINSHIP_SSH_WINE_HOSTS: '1' },
      timeoutMs: 300_000,
    });
    if (r.exitCode !== 0) throw new Error(`deploy failed:\n${r.stdout}\n${r.summary}`);
    return tripsLine(r.stdout, h.target);
  };
  console.log('round trips per host (channels + SFTP calls), as the action logs them:');
  for (const [what, artifact] of [
    ['first install', v1],
    ['upgrade', v2],
    ['unchanged', v2],
  ] as const) {
    const line = await one(artifact);
    const now = Number(/^(\d+)/.exec(line)?.[1] ?? NaN);
    const before = BEFORE_TRIPS[what];
    console.log(`  ${what}: ${line}; before: ${before} (${(now / before).toFixed(2)}x)`);
  }
  // The next run's first install must find no service: remove it through the host.
  const exec = new SshExecutor(
    { user: h.user, host: h.host, port: h.port },
    {
      privateKey: key.privateKey,
      hostKeys: { pins: parseFingerprints(h.fingerprintLine) },
      ...WINE_SSH_HOST,
      scratchDir: 'C:\\winship-trips\\_cmd',
    },
  );
  await exec.run(['sc.exe', 'stop', 'hello-trips']).catch(() => undefined);
  await exec.run(['sc.exe', 'delete', 'hello-trips']).catch(() => undefined);
  await exec.close();
  rmSync(h.prefix.toLinuxPath('C:\\winship-trips'), { recursive: true, force: true });
}

try {
  await roundTrips(hosts[0]!);
  if (!TRIPS_ONLY) await releaseSwitches();
} finally {
  for (const h of hosts) {
    await h.stop();
    await h.prefix.shutdown();
  }
  for (const d of [v1, v2, keyDir]) rmSync(d, { recursive: true, force: true });
}

/** Parts 1 and 2: a rollout's wall time with max-parallel 1 and 3, and ssh against local. */
async function releaseSwitches(): Promise<void> {
  // Both releases on every host first, so every measured run is the same work: a release switch.
  console.log('preparing: 1.0.0 then 2.0.0 on every host…');
  await rollout(hosts, v1, 3);
  await rollout(hosts, v2, 3);
  next = v1;

  const t1: number[] = [];
  const t3: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? [1, 3] : [3, 1];
    for (const mp of order) {
      const s = await rollout(hosts, flip(), mp);
      (mp === 1 ? t1 : t3).push(s);
      console.log(`  round ${round + 1}: max-parallel ${mp}: ${fmt(s)}`);
    }
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const ratio = mean(t3) / mean(t1);
  console.log(
    `rollout of ${HOSTS} hosts: max-parallel 1 ${fmt(mean(t1))}, max-parallel 3 ${fmt(mean(t3))}; ratio ${ratio.toFixed(2)} (goal <= ${GOAL}: ${ratio <= GOAL ? 'met' : 'NOT met'})`,
  );

  // Per-host overhead of ssh over local: one host, the same release switch, alternating modes.
  const localPrefix = await ensureWinePrefix('bench-deploy-local');
  await localPrefix.keepAlive();
  const port = await freePort();
  const service = `hello-bench-local-${port}`;
  const local = async (artifact: string): Promise<number> => {
    const started = performance.now();
    const r = await runAction('deploy-windows', {
      inputs: {
        mode: 'local',
        artifact,
        'service-name': service,
        arguments: `-service\n-addr\n127.0.0.1:${port}`,
        'health-url': `http://127.0.0.1:${port}/healthz`,
        'health-interval': '0.25',
        'stop-timeout': '20',
        'install-root': 'C:\\winship-bench-local',
      },
      env: { WINSHIP_WINE_PREFIX: localPrefix.path },
      timeoutMs: 300_000,
    });
    if (r.exitCode !== 0) throw new Error(`local deploy failed:\n${r.stdout}\n${r.summary}`);
    return (performance.now() - started) / 1000;
  };
  await local(v1);
  await local(v2);
  let localNext = v1;
  const tl: number[] = [];
  const ts: number[] = [];
  const one = [hosts[0]!];
  for (let i = 0; i < LOCAL_REPEATS; i++) {
    const a = localNext;
    localNext = localNext === v1 ? v2 : v1;
    tl.push(await local(a));
    ts.push(await rollout(one, flip(), 1));
    console.log(`  repeat ${i + 1}: local ${fmt(tl.at(-1)!)}, ssh ${fmt(ts.at(-1)!)}`);
  }
  const ml = mean(tl);
  const ms = mean(ts);
  console.log(
    `one host, same release switch: mode local ${fmt(ml)}, mode ssh ${fmt(ms)}; ssh overhead ${fmt(ms - ml)} per host (${(ms / ml).toFixed(2)}x)`,
  );
  const exec = new WineExecutor({ prefix: localPrefix.path });
  await exec.run(['sc.exe', 'stop', service]);
  await exec.run(['sc.exe', 'delete', service]);
  await localPrefix.shutdown();
  rmSync(localPrefix.toLinuxPath('C:\\winship-bench-local'), { recursive: true, force: true });
}
