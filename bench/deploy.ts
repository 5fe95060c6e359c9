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
//  4. scale: an upgrade of 100 hosts with max-parallel 20, against replay hosts (lab/replay-hosts.ts:
//     real sshd on loopback answering the commands a Wine host answered when the same deploy was
//     recorded on it, first thing in this run). Wall time against the ideal 100 / 20 x one host's
//     upgrade on the same replay hosts, and the action process's peak memory (goal < 300 MB), open
//     file descriptors and CPU time, sampled from /proc every 50 ms.
//
// Figures only: this is not a test and asserts nothing.
//
//   npm run bench -- deploy [rounds] [hosts]     (defaults 2 and 6; BENCH_DEPLOY_LOCAL_REPEATS=3)
//   npm run bench -- deploy trips                (part 3 only, one host)
//   npm run bench -- deploy fleet [hosts] [max-parallel]   (part 4 only; defaults 100 and 20)
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { WineExecutor } from '../src/hosts/wine.js';
import { SshExecutor } from '../src/hosts/ssh.js';
import { WINE_SSH_HOST } from '../src/hosts/lab.js';
import { parseFingerprints } from '../src/hosts/host-keys.js';
import { releaseFolder } from '../lab/release-folder.js';
import { runAction } from '../lab/runner.js';
import { makeClientKey, startSshHost, type SshHost } from '../lab/sshd.js';
import { ensureWinePrefix, freePort } from '../lab/wine.js';
import {
  REPLAY_DEPLOY_INPUTS,
  recordDeployTranscript,
  startReplayHosts,
  type ReplayHost,
} from '../lab/replay-hosts.js';

const TRIPS_ONLY = process.argv[2] === 'trips';
const FLEET_ONLY = process.argv[2] === 'fleet';
const ROUNDS = TRIPS_ONLY || FLEET_ONLY ? 0 : Number(process.argv[2] ?? 2);
const HOSTS = TRIPS_ONLY ? 1 : FLEET_ONLY ? 0 : Number(process.argv[3] ?? 6);
const FLEET_HOSTS = FLEET_ONLY ? Number(process.argv[3] ?? 100) : 100;
const FLEET_PARALLEL = FLEET_ONLY ? Number(process.argv[4] ?? 20) : 20;
const FLEET_MEMORY_GOAL_MB = 300;
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
  if (!FLEET_ONLY) await roundTrips(hosts[0]!);
  if (!TRIPS_ONLY && !FLEET_ONLY) await releaseSwitches();
  if (!TRIPS_ONLY) await fleetScale();
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

/** What /proc says of a process, sampled until it exits: peak RSS, most open descriptors, CPU. */
function sampleProcess(pid: number): () => { peakMb: number; maxFds: number; cpuSeconds: number } {
  let peakKb = 0;
  let maxFds = 0;
  let cpuTicks = 0;
  const tick = () => {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
      maxFds = Math.max(maxFds, readdirSync(`/proc/${pid}/fd`).length);
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      cpuTicks = Number(f[11]) + Number(f[12]); // utime + stime
    } catch {
      /* exited */
    }
  };
  tick();
  const timer = setInterval(tick, 50);
  return () => {
    clearInterval(timer);
    return { peakMb: peakKb / 1024, maxFds, cpuSeconds: cpuTicks / 100 };
  };
}

/** Busy and total jiffies of all cores since boot (/proc/stat), to see whether a run was CPU-bound. */
function machineCpu(): { busy: number; total: number } {
  const f = readFileSync('/proc/stat', 'utf8')
    .split('\n')[0]!
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const total = f.reduce((a, b) => a + b, 0);
  const idle = (f[3] ?? 0) + (f[4] ?? 0); // idle + iowait
  return { busy: total - idle, total };
}

function pct(x: number): string {
  return `${(x * 100).toFixed(0)}%`;
}

/** Part 4: 100 replay hosts, max-parallel 20, against the ideal of 100 / 20 x one host. */
async function fleetScale(): Promise<void> {
  console.log('recording a deploy on a Wine host for the replay hosts…');
  const transcript = await recordDeployTranscript({ key, v1, v2 });
  console.log(`starting ${FLEET_HOSTS} replay hosts…`);
  const fleet = await startReplayHosts({
    transcript,
    count: FLEET_HOSTS,
    authorizedKeys: [key.publicKey],
    name: 'bench',
  });
  try {
    const deploy = async (hs: ReplayHost[], artifact: string, maxParallel: number) => {
      let stop: ReturnType<typeof sampleProcess> | undefined;
      const machineBefore = machineCpu();
      const started = performance.now();
      const r = await runAction('deploy-windows', {
        inputs: {
          ...REPLAY_DEPLOY_INPUTS,
          artifact,
          hosts: hs.map((h) => h.target).join('\n'),
          'ssh-private-key': key.privateKey,
          'host-fingerprints': hs.map((h) => h.fingerprintLine).join('\n'),
          'max-parallel': String(maxParallel),
        },
        env: { WINSHIP_SSH_WINE_HOSTS: '1' },
        timeoutMs: 1_800_000,
        onStart: (kind, pid) => {
          if (kind === 'main') stop = sampleProcess(pid);
        },
      });
      const seconds = (performance.now() - started) / 1000;
      const machineAfter = machineCpu();
      const usage = stop?.() ?? { peakMb: NaN, maxFds: NaN, cpuSeconds: NaN };
      const machineBusy =
        (machineAfter.busy - machineBefore.busy) / (machineAfter.total - machineBefore.total);
      const diverged = hs.filter((h) => h.diverged());
      if (r.exitCode !== 0 || diverged.length)
        throw new Error(
          `the replayed deploy failed (${diverged.length} host(s) left the recording: ${diverged[0]?.diverged() ?? ''}):\n${r.stdout.slice(-5000)}`,
        );
      const trips = hs.map((h) => Number(/^(\d+)/.exec(tripsLine(r.stdout, h.target))?.[1]));
      return {
        seconds,
        ...usage,
        machineBusy,
        tripsPerHost: trips.reduce((a, b) => a + b, 0) / trips.length,
      };
    };

    // One host's upgrade, alone: fresh host, 1.0.0 installed, then the measured 2.0.0.
    const one: Awaited<ReturnType<typeof deploy>>[] = [];
    const h1 = fleet.hosts[0]!;
    for (let i = 0; i < 3; i++) {
      h1.reset();
      await deploy([h1], v1, 1);
      one.push(await deploy([h1], v2, 1));
    }
    one.sort((a, b) => a.seconds - b.seconds);
    const t1 = one[1]!.seconds;
    console.log(
      `  one replay host, upgrade alone: ${one.map((m) => fmt(m.seconds)).join(', ')}; median ${fmt(t1)}; action peak RSS ${Math.max(...one.map((m) => m.peakMb)).toFixed(0)} MB, machine busy ${pct(one[1]!.machineBusy)}`,
    );

    for (const h of fleet.hosts) h.reset();
    const install = await deploy(fleet.hosts, v1, FLEET_PARALLEL);
    const upgrade = await deploy(fleet.hosts, v2, FLEET_PARALLEL);
    const ideal = (FLEET_HOSTS / FLEET_PARALLEL) * t1;
    for (const [what, m] of [
      ['first install', install],
      ['upgrade', upgrade],
    ] as const)
      console.log(
        `  ${FLEET_HOSTS} hosts, max-parallel ${FLEET_PARALLEL}, ${what}: ${fmt(m.seconds)}; action peak RSS ${m.peakMb.toFixed(0)} MB, at most ${m.maxFds} open descriptors, ${m.cpuSeconds.toFixed(1)} s CPU (${((m.cpuSeconds / FLEET_HOSTS) * 1000).toFixed(0)} ms a host); machine busy ${pct(m.machineBusy)} of ${cpus().length} cores; ${m.tripsPerHost.toFixed(0)} round trips a host`,
      );
    // On this machine the replay hosts (an sshd and a key exchange a connection, the replay
    // program a command) share the cores with the runner: when the machine is busy through the
    // run, the wall time is bounded by CPU there, and the action's own CPU a host is the figure
    // that carries over to a runner whose hosts are elsewhere.
    console.log(
      `${FLEET_HOSTS}-host upgrade: ${fmt(upgrade.seconds)} against the ideal ${FLEET_HOSTS} / ${FLEET_PARALLEL} x ${fmt(t1)} = ${fmt(ideal)}: ${(upgrade.seconds / ideal).toFixed(2)}x the ideal, with the machine ${pct(upgrade.machineBusy)} busy on ${cpus().length} cores (runner and replay hosts share them); the action's own CPU ${((upgrade.cpuSeconds / FLEET_HOSTS) * 1000).toFixed(0)} ms a host; peak memory ${Math.max(install.peakMb, upgrade.peakMb).toFixed(0)} MB (goal < ${FLEET_MEMORY_GOAL_MB} MB: ${Math.max(install.peakMb, upgrade.peakMb) < FLEET_MEMORY_GOAL_MB ? 'met' : 'NOT met'}), at most ${Math.max(install.maxFds, upgrade.maxFds)} open descriptors`,
    );
  } finally {
    await fleet.stop();
  }
}
