/**
 * Windows-like SSH hosts for the tests: a real Debian OpenSSH sshd on 127.0.0.1 with a throwaway
 * config and keys, whose commands run under Wine in that host's own prefix, the way Windows
 * OpenSSH runs them through cmd.exe. A `ForceCommand` wrapper writes `$SSH_ORIGINAL_COMMAND` into a
 * `.cmd` file and runs `wine cmd /c` on it (exit code passed back); SFTP requests go to the real
 * sftp-server, started in `<prefix>/dosdevices` so `c:/…` paths land in the prefix's drive C
 * (the lab's SFTP path mapping, `wineSftpPath` in src/hosts/lab.ts).
 *
 * Each host: one sshd + one Wine prefix (ensureWinePrefix). Started and stopped by the tests.
 */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort, type WinePrefix } from './wine.js';

export interface ClientKey {
  /** OpenSSH private key text. */
  privateKey: string;
  /** `ssh-ed25519 AAAA… comment`. */
  publicKey: string;
  path: string;
  passphrase?: string;
}

/** A fresh client key pair in `dir` (ed25519; encrypted when a passphrase is given). */
export function makeClientKey(dir: string, name = 'client', passphrase?: string): ClientKey {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  rmSync(path, { force: true });
  rmSync(`${path}.pub`, { force: true });
  execFileSync('ssh-keygen', [
    '-q',
    '-t',
    'ed25519',
    '-N',
    passphrase ?? '',
    '-C',
    `winship-test-${name}`,
    '-f',
    path,
  ]);
  return {
    privateKey: readFileSync(path, 'utf8'),
    publicKey: readFileSync(`${path}.pub`, 'utf8').trim(),
    path,
    ...(passphrase ? { passphrase } : {}),
  };
}

export interface SshHostOptions {
  prefix: WinePrefix;
  /** Public keys allowed to log in. */
  authorizedKeys: string[];
  name?: string;
  hostKeyType?: 'ed25519' | 'rsa' | 'ecdsa';
  /**
   * Give the host a loopback of its own (a Linux network namespace; the prefix's Wine processes
   * are restarted inside it), so several hosts can run the same service on the same port.
   */
  isolatedNetwork?: boolean;
  /**
   * A locale for the host's Windows side (`ja_JP.UTF-8`): Wine takes its ANSI and OEM code pages
   * (932, 936, 949) from it, as a Windows host installed in that language has them.
   */
  locale?: string;
  /**
   * Record every command the host runs into this folder: the exact command and response transcript
   * that replay hosts serve (`readRecording` in lab/replay-hosts.ts reads it).
   */
  record?: string;
}

export interface SshHost {
  name: string;
  host: '127.0.0.1';
  port: number;
  user: string;
  /** `user@127.0.0.1:port`, as the `hosts` input takes it. */
  target: string;
  prefix: WinePrefix;
  dir: string;
  /** `ssh-ed25519 AAAA…` of the host key. */
  hostPublicKey: string;
  /** `SHA256:…` of the host key. */
  fingerprint: string;
  /** `[127.0.0.1]:port ssh-ed25519 AAAA…`, as `ssh-keyscan -p port` prints it. */
  knownHostsLine: string;
  /** `[127.0.0.1]:port SHA256:…`. */
  fingerprintLine: string;
  /** Everything sshd logged (LogLevel DEBUG1) so far. */
  log(): string;
  /** Runs a Linux program where the host's services live (its network namespace, if isolated). */
  onHost(cmd: string, args: string[]): Promise<{ code: number; stdout: string }>;
  /** Stops sshd and every session it serves, and removes its folder. */
  stop(): Promise<void>;
  /** SIGKILLs sshd and its sessions at once (a cut connection); `restart` brings it back. */
  cut(): void;
  /** Starts sshd again on the same port with the same keys. */
  restart(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function sha256Fingerprint(publicKeyLine: string): string {
  const blob = Buffer.from(publicKeyLine.split(/\s+/)[1]!, 'base64');
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/**
 * A throwaway host key `ssh_host_<type>_key` in `dir`: its path, its public key as
 * `<type> <base64>` (no comment) and its `SHA256:` fingerprint. Every lab sshd makes its own.
 */
export function makeHostKey(
  dir: string,
  name: string,
  type = 'ed25519',
): { path: string; publicKey: string; fingerprint: string } {
  const path = join(dir, `ssh_host_${type}_key`);
  execFileSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-C', `winship-${name}`, '-f', path]);
  const publicKey = readFileSync(`${path}.pub`, 'utf8').trim().split(/\s+/).slice(0, 2).join(' ');
  return { path, publicKey, fingerprint: sha256Fingerprint(publicKey) };
}

/** Every process below `pid` (by /proc parent links). */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'latin1');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(d));
      children.set(ppid, list);
    } catch {
      /* exited */
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const c of children.get(p) ?? []) {
      out.push(c);
      walk(c);
    }
  };
  walk(pid);
  return out;
}

function killTree(pid: number, signal: NodeJS.Signals): void {
  for (const p of [pid, ...descendants(pid)]) {
    try {
      process.kill(p, signal);
    } catch {
      /* gone */
    }
  }
}

/** The ForceCommand wrapper: cmd.exe semantics under Wine, SFTP to the real sftp-server. */
function wrapperScript(
  prefix: WinePrefix,
  cmdDir: string,
  locale?: string,
  recordDir?: string,
): string {
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const env = Object.entries({ ...prefix.env, ...(locale ? { LANG: locale, LC_ALL: locale } : {}) })
    .map(([k, v]) => `export ${k}=${q(v)}`)
    .join('\n');
  return `#!/bin/bash
# Windows OpenSSH runs a client's command as 'cmd.exe /c <command>'; this host does the same under Wine.
${env}
export PATH=/usr/local/bin:/usr/bin:/bin
case "$SSH_ORIGINAL_COMMAND" in
  internal-sftp|*/sftp-server)
    cd ${q(join(prefix.path, 'dosdevices'))} || exit 1
    exec /usr/lib/openssh/sftp-server -d ${q(join(prefix.path, 'dosdevices'))} ;;
  '')
    echo 'this test host runs commands only, no interactive shell' >&2; exit 1 ;;
esac
# Wine starts its background processes (services.exe, winedevice, ...) on first use; started from
# here they would inherit this session's output pipes and sshd would wait for them forever. The
# host starts them at startup; should the prefix's wineserver be gone, start them detached first.
read -r dev ino < <(stat -c '%d %i' "$WINEPREFIX")
printf -v server 'server-%x-%x' "$dev" "$ino"
running=
for s in /tmp/wine-*/"$server"/socket /tmp/.wine-$UID/"$server"/socket; do [ -S "$s" ] && running=1; done
[ -n "$running" ] || wine cmd /c exit 0 </dev/null >/dev/null 2>&1
f=$(mktemp ${q(cmdDir)}/cmd-XXXXXXXX.cmd) || exit 1
printf '@echo off\\r\\n%s\\r\\nexit /b %%ERRORLEVEL%%\\r\\n' "$SSH_ORIGINAL_COMMAND" > "$f"
${recordDir ? recordingRun(q(recordDir), q(join(prefix.path, 'dosdevices'))) : `${RUN_CMD_FILE}\nrc=$?`}
rm -f "$f"
exit $rc
`;
}

/**
 * The wrapper's run of a command when the host records its transcript (see `SshHostOptions.record`):
 * one folder an exec, in order, holding the command line, the command file it names (copied from
 * the prefix before it runs: the file may remove itself), stdout, stderr and the exit code.
 */
function recordingRun(recordDir: string, dosdevices: string): string {
  return `d=$(mktemp -d ${recordDir}/$(date +%s%N)-XXXX) || exit 1
printf '%s' "$SSH_ORIGINAL_COMMAND" > "$d/cmdline"
if [[ $SSH_ORIGINAL_COMMAND =~ ^cmd\\ /c\\ ([A-Za-z]):(.*)$ ]]; then
  drive=\${BASH_REMATCH[1],,}; rest=\${BASH_REMATCH[2]//\\\\//}
  cp ${dosdevices}/"$drive:$rest" "$d/script" 2>/dev/null
fi
${RUN_CMD_FILE} > "$d/stdout" 2> "$d/stderr"
rc=$?
printf '%s' "$rc" > "$d/rc"
cat "$d/stdout"; cat "$d/stderr" >&2`;
}

/** The wrapper's line that runs its `.cmd` file `$f` (a Linux path) under Wine, as `Z:\…`. */
const RUN_CMD_FILE = 'wine cmd /c "Z:${f//\\//\\\\}"';

let hostCounter = 0;

/** Runs a command in a network namespace (or here when `ns` is undefined). */
function inNs(ns: string | undefined, cmd: string, args: string[]): [string, string[]] {
  return ns ? ['ip', ['netns', 'exec', ns, cmd, ...args]] : [cmd, args];
}

/** Every lab sshd (hosts, replay hosts, bastions) lets a listed key in, and nothing else. */
const KEY_ONLY: readonly string[] = [
  'PubkeyAuthentication yes',
  'PasswordAuthentication no',
  'KbdInteractiveAuthentication no',
  'UsePAM no',
  'StrictModes no',
  'PermitRootLogin prohibit-password',
];

/**
 * What a lab host's sshd (these hosts, the replay hosts) is configured with: key authentication
 * only, TCP forwarding for health checks, the real SFTP server.
 */
export const LAB_SSHD_SETTINGS: readonly string[] = [
  ...KEY_ONLY,
  'AllowTcpForwarding yes',
  // sshd runs the ForceCommand through the user's shell, and Debian's bash then reads ~/.bashrc
  // (it does for a non-interactive shell started by sshd, unless SHLVL says it is nested): a
  // machine's shell set-up (pyenv, nvm) would cost every command. Windows runs cmd.exe.
  'SetEnv SHLVL=1',
  'Subsystem sftp internal-sftp',
];

/** Starts one Windows-like SSH host on 127.0.0.1 over the given Wine prefix. */
export async function startSshHost(opts: SshHostOptions): Promise<SshHost> {
  const name = opts.name ?? `host${++hostCounter}`;
  const dir = mkdtempSync(join(tmpdir(), `winship-sshd-${name}-`));
  const cmdDir = join(dir, 'cmds');
  mkdirSync(cmdDir);
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const {
    path: hostKey,
    publicKey: hostPublicKey,
    fingerprint,
  } = makeHostKey(dir, name, opts.hostKeyType);
  writeFileSync(
    join(dir, 'authorized_keys'),
    opts.authorizedKeys.map((k) => `${k.trim()}\n`).join(''),
  );
  const wrapper = join(dir, 'wine-cmd.sh');
  writeFileSync(wrapper, wrapperScript(opts.prefix, cmdDir, opts.locale, opts.record));
  chmodSync(wrapper, 0o755);
  const logFile = join(dir, 'sshd.log');
  const config = join(dir, 'sshd_config');
  const user = userInfo().username;
  let port = 0;

  // An isolated host has a loopback of its own (a network namespace), like a real machine: its
  // services can all listen on 127.0.0.1:8080 and are reached only through its SSH connection.
  const ns = opts.isolatedNetwork ? `winship-${name}-${process.pid}-${hostCounter++}` : undefined;
  const wineEnv = { ...process.env, ...opts.prefix.env };
  if (ns) {
    execFileSync('ip', ['netns', 'add', ns]);
    execFileSync('ip', ['netns', 'exec', ns, 'ip', 'link', 'set', 'lo', 'up']);
    // Every Wine process of the prefix must start in there: wineserver itself (it owns the sockets
    // of Windows programs) and services.exe (which starts the services).
    await opts.prefix.shutdown();
    execFileSync(...inNs(ns, 'wineserver', ['-p']), {
      env: wineEnv,
      stdio: 'ignore',
      timeout: 30_000,
    });
  } else {
    await opts.prefix.keepAlive();
  }
  // Wine's background processes start now, outside any SSH session (see the wrapper).
  execFileSync(...inNs(ns, 'wine', ['cmd', '/c', 'exit', '0']), {
    env: wineEnv,
    stdio: 'ignore',
    timeout: 120_000,
  });

  const writeConfig = () =>
    writeFileSync(
      config,
      [
        `Port ${port}`,
        'ListenAddress 127.0.0.1',
        `HostKey ${hostKey}`,
        `PidFile ${join(dir, 'sshd.pid')}`,
        `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
        ...LAB_SSHD_SETTINGS,
        'MaxStartups 100:30:200',
        'LogLevel DEBUG1',
        `ForceCommand ${wrapper}`,
        '',
      ].join('\n'),
    );

  let daemon: ChildProcess | undefined;
  let listener: Server | undefined;
  const sessions = new Set<ChildProcess>();

  /** Shared network: one `sshd -D` listening on 127.0.0.1. */
  const startDaemon = async (fixedPort?: number): Promise<void> => {
    for (let attempt = 0; attempt < 5; attempt++) {
      port = fixedPort ?? (await freePort());
      writeConfig();
      // -E (not -e): with -e a session's own debug lines would reach the client's stderr.
      const proc = spawn('/usr/sbin/sshd', ['-D', '-E', logFile, '-f', config], {
        stdio: 'ignore',
      });
      let exited = false;
      proc.on('exit', () => (exited = true));
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline && !exited) {
        if (
          existsSync(logFile) &&
          readFileSync(logFile, 'utf8').includes(`Server listening on 127.0.0.1 port ${port}.`)
        ) {
          daemon = proc;
          return;
        }
        await sleep(25);
      }
      proc.kill('SIGKILL');
      if (!exited && fixedPort === undefined) continue;
    }
    throw new Error(`sshd for ${name} did not start; log:\n${readFileSync(logFile, 'utf8')}`);
  };

  /** Isolated network: this process accepts on 127.0.0.1 and hands each connection to `sshd -i` inside the namespace. */
  const startListener = async (fixedPort?: number): Promise<void> => {
    port = fixedPort ?? (await freePort());
    writeConfig();
    const srv = createServer({ pauseOnConnect: true }, (socket) => {
      // sshd sets TCP_NODELAY only for interactive sessions; without it every small reply can
      // wait for the client's delayed ACK. The option belongs to the socket sshd -i inherits.
      socket.setNoDelay(true);
      const child = spawn(...inNs(ns, '/usr/sbin/sshd', ['-i', '-E', logFile, '-f', config]), {
        stdio: [socket, socket, 'ignore'],
      });
      sessions.add(child);
      child.on('exit', () => sessions.delete(child));
      child.on('error', () => sessions.delete(child));
      socket.destroy(); // the child holds its own copy of the connection
    });
    await new Promise<void>((resolve, reject) => {
      srv.once('error', reject);
      srv.listen(port, '127.0.0.1', () => resolve());
    });
    listener = srv;
  };

  const start = (fixedPort?: number) => (ns ? startListener(fixedPort) : startDaemon(fixedPort));
  await start();

  const killSessions = (signal: NodeJS.Signals) => {
    for (const c of sessions) if (c.pid) killTree(c.pid, signal);
  };
  const stopProcess = async () => {
    if (listener) {
      const l = listener;
      listener = undefined;
      await new Promise<void>((r) => l.close(() => r()));
      killSessions('SIGTERM');
      await sleep(100);
      killSessions('SIGKILL');
    }
    const c = daemon;
    daemon = undefined;
    if (!c?.pid || c.exitCode !== null) return;
    const pid = c.pid;
    const done = new Promise<void>((r) => c.once('exit', () => r()));
    killTree(pid, 'SIGTERM');
    await Promise.race([done, sleep(5000)]);
    killTree(pid, 'SIGKILL');
  };

  const host: SshHost = {
    name,
    host: '127.0.0.1',
    get port() {
      return port;
    },
    user,
    get target() {
      return `${user}@127.0.0.1:${port}`;
    },
    prefix: opts.prefix,
    dir,
    hostPublicKey,
    fingerprint,
    get knownHostsLine() {
      return `[127.0.0.1]:${port} ${hostPublicKey}`;
    },
    get fingerprintLine() {
      return `[127.0.0.1]:${port} ${fingerprint}`;
    },
    log: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
    onHost: (cmd, args) =>
      new Promise((resolve) => {
        execFile(...inNs(ns, cmd, args), { timeout: 30_000 }, (err, stdout) =>
          resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout }),
        );
      }),
    stop: async () => {
      await stopProcess();
      if (ns) execFileSync('ip', ['netns', 'del', ns], { stdio: 'ignore' });
      rmSync(dir, { recursive: true, force: true });
    },
    cut: () => {
      if (listener) {
        listener.close();
        listener = undefined;
        killSessions('SIGKILL');
      }
      const c = daemon;
      daemon = undefined;
      if (c?.pid) killTree(c.pid, 'SIGKILL');
    },
    restart: async () => {
      await stopProcess();
      await start(port);
    },
  };
  return host;
}

export interface BastionOptions {
  /** Public keys allowed to log in. */
  authorizedKeys: string[];
  name?: string;
  /** `AllowTcpForwarding` (default true: a bastion exists to forward). */
  allowForwarding?: boolean;
}

export interface Bastion {
  port: number;
  user: string;
  /** `user@127.0.0.1:port`, as the `jump-host` input takes it. */
  target: string;
  fingerprint: string;
  /** `[127.0.0.1]:port SHA256:…`. */
  fingerprintLine: string;
  /** Everything sshd logged (LogLevel DEBUG1) so far: logins and each direct-tcpip channel. */
  log(): string;
  stop(): Promise<void>;
}

/**
 * A jump host (ProxyJump's bastion) on 127.0.0.1: a plain Debian sshd that only forwards TCP
 * connections: no shell, no commands, no SFTP (ForceCommand refuses sessions).
 */
export async function startBastion(opts: BastionOptions): Promise<Bastion> {
  const name = opts.name ?? `bastion${++hostCounter}`;
  const dir = mkdtempSync(join(tmpdir(), `winship-sshd-${name}-`));
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const { path: hostKey, fingerprint } = makeHostKey(dir, name);
  writeFileSync(
    join(dir, 'authorized_keys'),
    opts.authorizedKeys.map((k) => `${k.trim()}\n`).join(''),
  );
  const logFile = join(dir, 'sshd.log');
  const config = join(dir, 'sshd_config');
  const user = userInfo().username;
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    writeFileSync(
      config,
      [
        `Port ${port}`,
        'ListenAddress 127.0.0.1',
        `HostKey ${hostKey}`,
        `PidFile ${join(dir, 'sshd.pid')}`,
        `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
        ...KEY_ONLY,
        `AllowTcpForwarding ${opts.allowForwarding === false ? 'no' : 'yes'}`,
        'PermitTTY no',
        'LogLevel DEBUG1',
        "ForceCommand echo 'this bastion only forwards'; exit 1",
        '',
      ].join('\n'),
    );
    const proc = spawn('/usr/sbin/sshd', ['-D', '-E', logFile, '-f', config], { stdio: 'ignore' });
    let exited = false;
    proc.on('exit', () => (exited = true));
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && !exited) {
      if (
        existsSync(logFile) &&
        readFileSync(logFile, 'utf8').includes(`Server listening on 127.0.0.1 port ${port}.`)
      ) {
        return {
          port,
          user,
          target: `${user}@127.0.0.1:${port}`,
          fingerprint,
          fingerprintLine: `[127.0.0.1]:${port} ${fingerprint}`,
          log: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
          stop: async () => {
            if (proc.pid && proc.exitCode === null) {
              const done = new Promise<void>((r) => proc.once('exit', () => r()));
              killTree(proc.pid, 'SIGTERM');
              await Promise.race([done, sleep(5000)]);
              killTree(proc.pid, 'SIGKILL');
            }
            rmSync(dir, { recursive: true, force: true });
          },
        };
      }
      await sleep(25);
    }
    proc.kill('SIGKILL');
  }
  throw new Error(`sshd for ${name} did not start; log:\n${readFileSync(logFile, 'utf8')}`);
}
