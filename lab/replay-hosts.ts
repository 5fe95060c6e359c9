/**
 * Replay hosts: a fleet of Windows-like SSH hosts light enough to start a hundred of on one machine.
 * A lab Wine host (lab/sshd.ts, `record`) records the exact commands a real deploy sends it and
 * what Wine's cmd.exe, sc.exe and reg.exe answered; each replay host is a real OpenSSH sshd on
 * 127.0.0.1 whose ForceCommand (lab/replay/main.go) answers the same commands from that
 * transcript, whose SFTP is the real sftp-server over a folder of its own, and whose service health
 * endpoint answers on 127.0.0.1:<port> of a network namespace of its own (so one host can turn
 * unhealthy alone). What runs on the runner side is the product, unchanged: the action bundle,
 * node-ssh/ssh2, the engine.
 *
 * A replay host can be asked to fail a command (`failAt`) or to answer its health check with 503
 * (`setHealthy(false)`, until the service is next stopped), and tells which commands it was asked
 * to run and how many connections it saw, so tests can show that a host of a later wave was never
 * touched. A command with no recorded answer fails with exit code 255 and is kept (`diverged`).
 */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CACHE, GOCACHE, REPO, labTemp } from './paths.js';
import { ensureWinePrefix, freePort, processEnv, withDirLock } from './wine.js';
import { LAB_SSHD_SETTINGS, makeHostKey, startSshHost, type ClientKey } from './sshd.js';
import { WineExecutor } from '../src/hosts/wine.js';
import { runAction } from './runner.js';

const execFileP = promisify(execFile);

/** One exec as a Wine host ran it (what lab/replay/main.go reads). */
export interface TranscriptEntry {
  /** The ssh command line: `cmd /c C:\…\winship-run-….cmd` or `cmd /c echo %TEMP%`. */
  cmdline: string;
  /** The command file the command line names, as it was uploaded. */
  script?: string;
  stdout: string;
  stderr: string;
  rc: number;
}

/** The execs a lab host recorded into `dir` (`SshHostOptions.record`), in the order they ran. */
export function readRecording(dir: string): TranscriptEntry[] {
  return readdirSync(dir)
    .sort()
    .map((name) => {
      const d = join(dir, name);
      const read = (f: string) => (existsSync(join(d, f)) ? readFileSync(join(d, f), 'utf8') : '');
      if (!existsSync(join(d, 'rc'))) throw new Error(`${d}: the command never finished`);
      const script = read('script');
      return {
        cmdline: read('cmdline'),
        ...(script ? { script } : {}),
        stdout: read('stdout'),
        stderr: read('stderr'),
        rc: Number(read('rc')),
      };
    });
}

/** Builds lab/replay (native Linux) once per machine into `.cache/replay/`, again when it changes. */
let built: Promise<string> | undefined;
export function buildReplayProgram(): Promise<string> {
  built ??= (async () => {
    const src = join(REPO, 'lab', 'replay');
    const source = readFileSync(join(src, 'main.go'));
    const dir = join(CACHE, 'replay');
    mkdirSync(dir, { recursive: true });
    const out = join(
      dir,
      `winship-replay-${createHash('sha256').update(source).digest('hex').slice(0, 12)}`,
    );
    await withDirLock(out, 300_000, async () => {
      if (existsSync(out)) return;
      await execFileP('go', ['build', '-trimpath', '-o', `${out}.tmp`, '.'], {
        cwd: src,
        timeout: 300_000,
        env: processEnv({ CGO_ENABLED: '0', GOCACHE, GOFLAGS: '-mod=mod', GOPROXY: 'off' }),
      });
      renameSync(`${out}.tmp`, out);
    });
    return out;
  })();
  built.catch(() => (built = undefined));
  return built;
}

export interface ReplayFleetOptions {
  /** The transcript (a JSON array of TranscriptEntry) every host answers from. */
  transcript: TranscriptEntry[];
  count: number;
  /** Public keys allowed to log in. */
  authorizedKeys: string[];
  /** Where the service's health endpoint listens on each host's loopback (default 8080). */
  healthPort?: number;
  name?: string;
}

export interface ReplayHost {
  name: string;
  port: number;
  /** `user@127.0.0.1:port`, as the `hosts` input takes it. */
  target: string;
  /** `[127.0.0.1]:port SHA256:…`. */
  fingerprintLine: string;
  /** `[127.0.0.1]:port ssh-ed25519 AAAA…`. */
  knownHostsLine: string;
  dir: string;
  /** SSH connections accepted so far. */
  connections(): number;
  /** Every command the host was asked to run (a command file's lines joined by ` | `). */
  commands(): string[];
  /** When (Unix ms) the service's health endpoint was asked, in order. */
  healthChecks(): number[];
  /** The first command the transcript had no answer for, if there was one. */
  diverged(): string | undefined;
  /** The next command containing `match` fails with this outcome instead of its recorded answer. */
  failAt(match: string, outcome: { exitCode: number; stdout?: string; stderr?: string }): void;
  /** Unhealthy: the health endpoint answers 503 until the service is next stopped (`sc.exe stop`). */
  setHealthy(healthy: boolean): void;
  /** Forgets everything the host was told: files, transcript position, logs. A fresh host. */
  reset(): void;
}

export interface ReplayFleet {
  hosts: ReplayHost[];
  stop(): Promise<void>;
}

/** What a host's folder holds of what it was told (lab/replay/main.go); `reset` removes it. */
const RESET = new Set([
  'fs',
  'cursor',
  'commands.log',
  'diverged',
  'fail',
  'unhealthy',
  'health.log',
]);

/** What a host's TEMP folder is in the transcript (command files are uploaded there). */
function recordedTemp(transcript: TranscriptEntry[]): string | undefined {
  const e = transcript.find((t) => t.cmdline === 'cmd /c echo %TEMP%' && t.rc === 0);
  return e?.stdout.trim() || undefined;
}

/** `C:\dir` -> `<fs>/c:/dir`, as the lab's sftp-server start folder names drive C. */
function fsPath(fs: string, windowsPath: string): string {
  return join(fs, `${windowsPath[0]!.toLowerCase()}:${windowsPath.slice(2).replace(/\\/g, '/')}`);
}

function killAll(procs: Iterable<ChildProcess>, signal: NodeJS.Signals): void {
  for (const p of procs)
    try {
      p.kill(signal);
    } catch {
      /* gone */
    }
}

/** Network namespaces left by a replay fleet whose process is gone (a killed test run). */
function removeStaleNamespaces(): void {
  let list: string;
  try {
    list = execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' });
  } catch {
    return;
  }
  for (const m of list.matchAll(/^(winship-replay-(\d+)-\d+)/gm)) {
    const pid = Number(m[2]);
    if (pid !== process.pid && !existsSync(`/proc/${pid}`))
      execFileSync('ip', ['netns', 'del', m[1]!], { stdio: 'ignore' });
  }
}

/** Starts `count` replay hosts, each an sshd on 127.0.0.1 with a loopback of its own. */
export async function startReplayHosts(opts: ReplayFleetOptions): Promise<ReplayFleet> {
  const program = await buildReplayProgram();
  const fleetDir = labTemp(`winship-replay-${opts.name ?? 'fleet'}-`);
  const transcriptFile = join(fleetDir, 'transcript.json');
  writeFileSync(transcriptFile, JSON.stringify(opts.transcript));
  const temp = recordedTemp(opts.transcript);
  const healthPort = opts.healthPort ?? 8080;
  const user = userInfo().username;
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  removeStaleNamespaces();

  const sessions = new Set<ChildProcess>();
  const health = new Set<ChildProcess>();
  const listeners: Server[] = [];
  const namespaces: string[] = [];
  const hosts: ReplayHost[] = [];

  const stop = async () => {
    for (const l of listeners) await new Promise<void>((r) => l.close(() => r()));
    killAll(sessions, 'SIGTERM');
    killAll(health, 'SIGTERM');
    await new Promise((r) => setTimeout(r, 100));
    killAll(sessions, 'SIGKILL');
    killAll(health, 'SIGKILL');
    for (const ns of namespaces) {
      try {
        execFileSync('ip', ['netns', 'del', ns], { stdio: 'ignore' });
      } catch {
        /* already gone */
      }
    }
    rmSync(fleetDir, { recursive: true, force: true });
  };

  try {
    for (let i = 1; i <= opts.count; i++) {
      const name = `${opts.name ?? 'replay'}${i}`;
      const dir = join(fleetDir, name);
      const fs = join(dir, 'fs');
      mkdirSync(fs, { recursive: true });
      const fresh = () => {
        for (const f of readdirSync(dir))
          if (RESET.has(f)) rmSync(join(dir, f), { recursive: true, force: true });
        mkdirSync(fs, { recursive: true });
        if (temp) mkdirSync(fsPath(fs, temp), { recursive: true });
      };
      const { path: hostKey, publicKey: hostPublicKey, fingerprint } = makeHostKey(dir, name);
      writeFileSync(
        join(dir, 'authorized_keys'),
        opts.authorizedKeys.map((k) => `${k.trim()}\n`).join(''),
      );
      const config = join(dir, 'sshd_config');
      writeFileSync(
        config,
        [
          `HostKey ${hostKey}`,
          `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
          ...LAB_SSHD_SETTINGS,
          'LogLevel ERROR',
          `ForceCommand env REPLAY_HOST=${dir} REPLAY_TRANSCRIPT=${transcriptFile} ${program} exec`,
          '',
        ].join('\n'),
      );
      fresh();

      const ns = `winship-replay-${process.pid}-${namespaces.length}`;
      execFileSync('ip', ['netns', 'add', ns]);
      namespaces.push(ns);
      execFileSync('ip', ['netns', 'exec', ns, 'ip', 'link', 'set', 'lo', 'up']);
      const endpoint = spawn('ip', ['netns', 'exec', ns, program, 'health'], {
        env: { ...process.env, REPLAY_HOST: dir, REPLAY_LISTEN: `127.0.0.1:${healthPort}` },
        stdio: 'ignore',
      });
      health.add(endpoint);

      let connections = 0;
      const srv = createServer({ pauseOnConnect: true }, (socket) => {
        connections++;
        socket.setNoDelay(true);
        const child = spawn(
          'ip',
          ['netns', 'exec', ns, '/usr/sbin/sshd', '-i', '-E', join(dir, 'sshd.log'), '-f', config],
          {
            stdio: [socket, socket, 'ignore'],
          },
        );
        sessions.add(child);
        child.on('exit', () => sessions.delete(child));
        child.on('error', () => sessions.delete(child));
        socket.destroy(); // the child holds its own copy of the connection
      });
      const port = await freePort();
      await new Promise<void>((resolve, reject) => {
        srv.once('error', reject);
        srv.listen(port, '127.0.0.1', () => resolve());
      });
      listeners.push(srv);

      const file = (f: string) => join(dir, f);
      hosts.push({
        name,
        port,
        target: `${user}@127.0.0.1:${port}`,
        fingerprintLine: `[127.0.0.1]:${port} ${fingerprint}`,
        knownHostsLine: `[127.0.0.1]:${port} ${hostPublicKey}`,
        dir,
        connections: () => connections,
        commands: () =>
          existsSync(file('commands.log'))
            ? readFileSync(file('commands.log'), 'utf8').split('\n').filter(Boolean)
            : [],
        healthChecks: () =>
          existsSync(file('health.log'))
            ? readFileSync(file('health.log'), 'utf8').split('\n').filter(Boolean).map(Number)
            : [],
        diverged: () =>
          existsSync(file('diverged')) ? readFileSync(file('diverged'), 'utf8') : undefined,
        failAt: (match, outcome) =>
          writeFileSync(
            file('fail'),
            JSON.stringify({ match, stdout: '', stderr: '', ...outcome }),
          ),
        setHealthy: (healthy) =>
          healthy
            ? rmSync(file('unhealthy'), { force: true })
            : writeFileSync(file('unhealthy'), ''),
        reset: () => {
          connections = 0;
          fresh();
        },
      });
    }
  } catch (e) {
    await stop();
    throw e;
  }
  // Every health endpoint listens before the fleet is handed out.
  const deadline = Date.now() + 30_000;
  while (!hosts.every((h) => existsSync(join(h.dir, 'health.ready')))) {
    if (Date.now() > deadline) {
      await stop();
      throw new Error("the replay hosts' health endpoints did not start within 30 s");
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return { hosts, stop };
}

/** The deploy inputs a transcript is recorded with; a replay must use the same ones. */
export const REPLAY_DEPLOY_INPUTS: Readonly<Record<string, string>> = {
  arguments: '-service\n-addr\n127.0.0.1:8080',
  'health-url': 'http://127.0.0.1:8080/healthz',
  'health-timeout': '3',
  'health-interval': '0.5',
  'health-retries': '40',
  'stop-timeout': '20',
};

const ROOT = 'C:\\ProgramData\\winship';

/**
 * Records what one lab Wine host is asked and answers over a host's life in a rollout: a first
 * install of `v1`, an upgrade to `v2` in wave 1 of 2, and, when wave 2 (a host that refuses
 * connections) halts the rollout with on-halt rollback-all, its way back to `v1`. Any prefix of
 * that life (install; install and upgrade; all three) can then be replayed.
 */
export async function recordDeployTranscript(opts: {
  key: ClientKey;
  v1: string;
  v2: string;
}): Promise<TranscriptEntry[]> {
  const record = labTemp('winship-recording-');
  const prefix = await ensureWinePrefix('replay-recording');
  // The prefix is shared across runs: a service left registered by an earlier recording would
  // make this one record an upgrade where a first install was meant.
  const forget = async () => {
    const wine = new WineExecutor({ prefix: prefix.path });
    await wine.run(['sc.exe', 'stop', 'hello-service']);
    await wine.run(['sc.exe', 'delete', 'hello-service']);
    await wine.close();
    await prefix.shutdown();
    rmSync(prefix.toLinuxPath(ROOT), { recursive: true, force: true });
  };
  await forget();
  const host = await startSshHost({
    prefix,
    authorizedKeys: [opts.key.publicKey],
    name: 'recording',
    isolatedNetwork: true,
    record,
  });
  try {
    const deploy = (artifact: string, targets: string[], extra: Record<string, string> = {}) =>
      runAction('deploy-windows', {
        inputs: {
          ...REPLAY_DEPLOY_INPUTS,
          artifact,
          hosts: targets.join('\n'),
          'ssh-private-key': opts.key.privateKey,
          'host-fingerprints': targets
            .map((t) => `[127.0.0.1]:${t.split(':')[1]} ${host.fingerprint}`)
            .join('\n'),
          ...extra,
        },
        env: { WINSHIP_SSH_WINE_HOSTS: '1' },
        timeoutMs: 300_000,
      });
    const install = await deploy(opts.v1, [host.target]);
    if (install.exitCode !== 0)
      throw new Error(`recording: the install failed:\n${install.stdout}`);
    const refused = `${host.user}@127.0.0.1:${await freePort()}`;
    const halt = await deploy(opts.v2, [host.target, refused], {
      waves: '1, 2',
      'bake-time': '1s',
      'on-halt': 'rollback-all',
    });
    if (halt.outputs.reverted !== JSON.stringify([host.target]))
      throw new Error(`recording: the halted upgrade did not roll the host back:\n${halt.stdout}`);
    const transcript = readRecording(record);
    if (!transcript.some((e) => e.script?.includes('sc.exe create hello-service')))
      throw new Error(
        'recording: the first deploy did not register the service (not a first install)',
      );
    return transcript;
  } finally {
    await host.stop();
    await forget();
    rmSync(record, { recursive: true, force: true });
  }
}
