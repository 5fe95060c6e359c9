/**
 * One SSH connection to a host, kept open and made again when it drops: connect with retries and
 * backoff, the host key checked against pinned keys before authentication, operations failed at
 * once when the connection is lost, one SFTP session, exec channels and TCP tunnels. What runs over
 * it (files, commands) lives in sftp.ts and cmd-transport.ts.
 *
 * Kept whole at about 430 lines: connecting (directly or through a jump host), noticing a drop and
 * connecting again are one state machine over `ssh`, `jumpSsh` and `connecting`; split, each part
 * would need the others' private state.
 */
import type { Duplex } from 'node:stream';
import type { RunnerIO } from '../runner/io.js';
import { errorMessage } from '../runner/errors.js';
import { sleep } from '../runner/time.js';
import type { ExecResult } from './executor.js';
import { noRoundTrips, type RoundTrips } from './round-trips.js';
import {
  checkHostKey,
  hostKeyAlgorithms,
  pinMatches,
  type HostKeyCheck,
  type HostKeyPin,
} from './host-keys.js';
import {
  HostKeyError,
  SshConnectionError,
  classifyConnectError,
  withoutHost,
} from './ssh-errors.js';

export interface SshTarget {
  user: string;
  host: string;
  port: number;
}

/** `user@host:port`, with an IPv6 address in brackets. */
export function targetLabel(t: SshTarget): string {
  return `${t.user}@${t.host.includes(':') ? `[${t.host}]` : t.host}:${t.port}`;
}

export type HostKeyPolicy = { pins: readonly HostKeyPin[] } | 'insecure-skip';

/** The host's own log (its lines are already under the host's name). */
export type HostLog = Pick<RunnerIO, 'info' | 'warning'>;

export interface ConnectionOptions {
  privateKey: string;
  passphrase?: string;
  hostKeys: HostKeyPolicy;
  /** Handshake timeout. */
  timeoutMs: number;
  /** Connection attempts before the host is reported unreachable (default 3). */
  attempts?: number;
  /** First delay between attempts; doubled each time (default 1000 ms). */
  backoffMs?: number;
  log?: HostLog;
  /**
   * A bastion to reach the host through, as OpenSSH's ProxyJump: connected first (its own key
   * checked against the same pins, the same private key), then a TCP tunnel from it to the host
   * (a direct-tcpip channel) carries the host's SSH connection.
   */
  jump?: SshTarget;
}

// Minimal shapes of the ssh2 objects used here (ssh2 ships no types).
export type Cb<T = void> = (
  err: (Error & { code?: number | string }) | null | undefined,
  value: T,
) => void;
export interface SftpSession {
  fastPut(local: string, remote: string, opts: object, cb: (err?: Error | null) => void): void;
  readFile(path: string, cb: Cb<Buffer>): void;
  createReadStream(path: string, opts: { highWaterMark: number }): NodeJS.ReadableStream;
  writeFile(path: string, data: Buffer | string, cb: (err?: Error | null) => void): void;
  stat(path: string, cb: Cb<{ isDirectory(): boolean }>): void;
  mkdir(path: string, cb: (err?: Error | null) => void): void;
  rmdir(path: string, cb: (err?: Error | null) => void): void;
  unlink(path: string, cb: (err?: Error | null) => void): void;
  rename(from: string, to: string, cb: (err?: Error | null) => void): void;
  ext_openssh_rename(from: string, to: string, cb: (err?: Error | null) => void): void;
  end(): void;
  on(event: 'close', fn: () => void): void;
}
interface ExecChannel {
  on(event: 'data', fn: (b: Buffer) => void): void;
  on(event: 'exit', fn: (code: number | null) => void): void;
  on(event: 'close', fn: () => void): void;
  stderr: { on(event: 'data', fn: (b: Buffer) => void): void };
  end(): void;
  close(): void;
  signal?(name: string): void;
}
interface Ssh2Client {
  on(event: string, fn: (...args: unknown[]) => void): void;
  /** ssh2's transport socket (a net.Socket; a channel stream through a jump host). */
  _sock?: { bytesWritten?: number; bytesRead?: number };
  setNoDelay?(noDelay: boolean): void;
  exec(command: string, cb: (err: Error | undefined, ch: ExecChannel) => void): void;
}
interface NodeSshLike {
  connection: Ssh2Client | null;
  connect(config: Record<string, unknown>): Promise<unknown>;
  requestSFTP(): Promise<SftpSession>;
  forwardOut(srcIP: string, srcPort: number, dstIP: string, dstPort: number): Promise<Duplex>;
  dispose(): void;
}

function decode(buf: Buffer): string {
  // Windows consoles write the OEM code page; parsers rely on ASCII fields only.
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    return buf.toString('latin1');
  }
}

export class SshConnection {
  /** The host key fingerprint the host presented on the last connection. */
  presentedFingerprint?: string;
  private ssh: NodeSshLike | undefined;
  /** The bastion's connection under `ssh` when there is a jump host. */
  private jumpSsh: NodeSshLike | undefined;
  private sftpSession: SftpSession | undefined;
  private connected = false;
  private connecting: Promise<NodeSshLike> | undefined;
  private lastError: Error | undefined;
  private dropped: Promise<never> = new Promise<never>(() => undefined);
  private closed = false;
  /** What this connection cost so far (connections already closed and replaced included). */
  private readonly counted: RoundTrips = noRoundTrips();

  constructor(
    readonly label: string,
    private readonly target: SshTarget,
    private readonly opts: ConnectionOptions,
  ) {}

  get isConnected(): boolean {
    return this.connected;
  }

  /** Channels, commands, SFTP calls and bytes so far, over every connection made. */
  roundTrips(): RoundTrips {
    const sock = this.ssh?.connection?._sock;
    return {
      ...this.counted,
      bytesSent: this.counted.bytesSent + (sock?.bytesWritten ?? 0),
      bytesReceived: this.counted.bytesReceived + (sock?.bytesRead ?? 0),
    };
  }

  /** Adds a closing connection's bytes to the count. */
  private countBytes(client: Ssh2Client): void {
    this.counted.bytesSent += client._sock?.bytesWritten ?? 0;
    this.counted.bytesReceived += client._sock?.bytesRead ?? 0;
  }

  /** The session with every call counted (one call waits for at least one answer). */
  private countedSession(session: SftpSession): SftpSession {
    const counted = this.counted;
    return new Proxy(session, {
      get(target, prop, receiver) {
        const v = Reflect.get(target, prop, receiver) as unknown;
        if (typeof v !== 'function') return v;
        const fn = v as (...a: unknown[]) => unknown;
        if (prop === 'on' || prop === 'end') return fn.bind(target);
        return (...args: unknown[]) => {
          counted.sftpCalls++;
          return fn.apply(target, args);
        };
      },
    });
  }

  /** Connects (with retries and backoff) unless already connected. */
  async connection(): Promise<NodeSshLike> {
    if (this.closed) throw new SshConnectionError(this.label, 'the connection was closed', false);
    if (this.ssh && this.connected) return this.ssh;
    this.connecting ??= this.connectWithRetries().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  private async connectWithRetries(): Promise<NodeSshLike> {
    const attempts = this.opts.attempts ?? 3;
    let delay = this.opts.backoffMs ?? 1000;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.connectOnce();
      } catch (err) {
        if (!(err instanceof SshConnectionError) || !err.retryable || attempt >= attempts)
          throw err;
        this.opts.log?.warning(
          `${err.detail}; attempt ${attempt + 1} of ${attempts} in ${delay / 1000} s`,
        );
        await sleep(delay);
        delay *= 2;
      }
    }
  }

  /** ssh2 options that pin `target`'s host key, and the outcome of the check once it ran. */
  private hostKeyOptions(target: SshTarget): {
    config: Record<string, unknown>;
    check(): HostKeyCheck | undefined;
  } {
    const { host, port } = target;
    const policy = this.opts.hostKeys;
    let check: HostKeyCheck | undefined;
    const algorithms =
      policy === 'insecure-skip'
        ? undefined
        : hostKeyAlgorithms(policy.pins.filter((p) => pinMatches(p, host, port)));
    const config: Record<string, unknown> = {
      // ssh2 accepts the key on ANY truthy return value: this returns a boolean, nothing else.
      hostVerifier: (key: Buffer): boolean => {
        if (policy === 'insecure-skip') {
          check = checkHostKey([], host, port, key);
          this.opts.log?.warning(
            `${target === this.target ? '' : `jump host ${targetLabel(target)}: `}host key ${check.keyType} ${check.fingerprint} NOT VERIFIED (insecure-skip-host-key-check is on)`,
          );
          return true;
        }
        check = checkHostKey(policy.pins, host, port, key);
        return check.accepted === true;
      },
    };
    if (algorithms) config.algorithms = { serverHostKey: algorithms };
    return { config, check: () => check };
  }

  private auth(): Record<string, unknown> {
    return {
      privateKey: this.opts.privateKey,
      ...(this.opts.passphrase ? { passphrase: this.opts.passphrase } : {}),
      readyTimeout: this.opts.timeoutMs,
      keepaliveInterval: 10_000,
      keepaliveCountMax: 3,
    };
  }

  /** The bastion's connection and a tunnel from it to the host, or an error naming the bastion. */
  private async openJump(jump: SshTarget): Promise<{ ssh: NodeSshLike; sock: Duplex }> {
    const { NodeSSH } = await import('node-ssh');
    const ssh = new NodeSSH() as unknown as NodeSshLike;
    const jl = targetLabel(jump);
    const keys = this.hostKeyOptions(jump);
    try {
      await ssh.connect({
        host: jump.host,
        port: jump.port,
        username: jump.user,
        ...this.auth(),
        ...keys.config,
      });
    } catch (err) {
      ssh.dispose();
      const check = keys.check();
      if (check && !check.accepted) throw new HostKeyError(this.label, check, jl);
      const e = classifyConnectError(this.label, err);
      throw new SshConnectionError(this.label, `jump host ${jl}: ${e.detail}`, e.retryable);
    }
    // Errors after the handshake show on the host's connection, which runs through this one.
    ssh.connection?.on('error', () => undefined);
    try {
      const sock = await ssh.forwardOut('127.0.0.1', 0, this.target.host, this.target.port);
      return { ssh, sock };
    } catch (err) {
      ssh.dispose();
      throw new SshConnectionError(
        this.label,
        `jump host ${jl} did not open a tunnel to ${this.target.host}:${this.target.port} (${errorMessage(err)}): it must allow TCP forwarding (sshd_config AllowTcpForwarding yes) and reach the host`,
        false,
      );
    }
  }

  private async connectOnce(): Promise<NodeSshLike> {
    const jump = this.opts.jump ? await this.openJump(this.opts.jump) : undefined;
    const { NodeSSH } = await import('node-ssh');
    const ssh = new NodeSSH() as unknown as NodeSshLike;
    const { host, port, user } = this.target;
    const keys = this.hostKeyOptions(this.target);
    const config: Record<string, unknown> = {
      host,
      port,
      username: user,
      ...this.auth(),
      ...keys.config,
      // Through the bastion's tunnel, as ProxyJump: ssh2 speaks SSH over the given stream.
      ...(jump ? { sock: jump.sock } : {}),
    };
    try {
      await ssh.connect(config);
    } catch (err) {
      ssh.dispose();
      jump?.ssh.dispose();
      const check = keys.check();
      if (check) this.presentedFingerprint = check.fingerprint;
      if (check && !check.accepted) throw new HostKeyError(this.label, check);
      throw classifyConnectError(this.label, err);
    }
    this.presentedFingerprint = keys.check()?.fingerprint;
    const client = ssh.connection!;
    // Commands and SFTP are many small request/response exchanges: without TCP_NODELAY each one
    // can wait for a delayed ACK (40 ms on Linux), and sshd sets it only for interactive sessions.
    client.setNoDelay?.(true);
    // node-ssh drops its error listener once connected: without one, a reset would crash the process.
    // Events of a connection already replaced by a newer one change nothing.
    client.on('error', (e) => {
      if (this.ssh === ssh) this.lastError = e as Error;
    });
    // Operations in flight when the connection drops are failed at once (ssh2 may never call back).
    this.dropped = new Promise<never>((_, reject) =>
      client.on('close', () => {
        if (this.ssh === ssh) {
          this.countBytes(client);
          this.connected = false;
          this.sftpSession = undefined;
        }
        reject(this.lost('the operation'));
      }),
    );
    this.dropped.catch(() => undefined);
    this.jumpSsh?.dispose();
    this.jumpSsh = jump?.ssh;
    this.ssh = ssh;
    this.connected = true;
    this.lastError = undefined;
    return ssh;
  }

  lost(what: string, err?: unknown): SshConnectionError {
    const cause = this.lastError ?? err;
    return new SshConnectionError(
      this.label,
      `connection lost during ${what}${cause ? ` (${withoutHost(cause)})` : ''}`,
      true,
    );
  }

  async sftp(): Promise<SftpSession> {
    const ssh = await this.connection();
    if (this.sftpSession) return this.sftpSession;
    this.counted.channels++;
    const session = this.countedSession(await ssh.requestSFTP());
    session.on('close', () => {
      if (this.sftpSession === session) this.sftpSession = undefined;
    });
    this.sftpSession = session;
    return session;
  }

  /** Waits for `p`, or fails as soon as the connection drops. */
  async unlessDropped<T>(what: string, p: Promise<T>): Promise<T> {
    try {
      return await Promise.race([p, this.dropped]);
    } catch (err) {
      // A socket error may arrive before ssh2's 'close': either way this connection is finished.
      if (!this.connected || this.lastError) {
        const lost = this.lost(what, err instanceof SshConnectionError ? undefined : err);
        this.discardConnection();
        throw lost;
      }
      throw err;
    }
  }

  private discardConnection(): void {
    this.connected = false;
    this.sftpSession = undefined;
    this.ssh?.dispose();
    this.ssh = undefined;
    this.jumpSsh?.dispose();
    this.jumpSsh = undefined;
  }

  /** Runs an SFTP operation; a connection lost on the way is reported as such. */
  async withSftp<T>(what: string, op: (s: SftpSession) => Promise<T>): Promise<T> {
    const s = await this.unlessDropped(what, this.sftp());
    return this.unlessDropped(what, op(s));
  }

  /** Idempotent operations (upload, read, write) are retried over a fresh connection after a drop. */
  async retryOnDrop<T>(what: string, op: () => Promise<T>): Promise<T> {
    const attempts = this.opts.attempts ?? 3;
    let delay = this.opts.backoffMs ?? 1000;
    for (let attempt = 1; ; attempt++) {
      try {
        return await op();
      } catch (err) {
        if (!(err instanceof SshConnectionError) || !err.retryable || attempt >= attempts)
          throw err;
        this.opts.log?.warning(`${err.detail}; retrying the ${what} in ${delay / 1000} s`);
        await sleep(delay);
        delay *= 2;
      }
    }
  }

  /** Runs one ssh command line (an exec channel); -1 with a message when it outlives `timeoutMs`. */
  async exec(line: string, timeoutMs: number): Promise<ExecResult> {
    const ssh = await this.connection();
    const client = ssh.connection;
    if (!client) throw this.lost('command start');
    this.counted.channels++;
    this.counted.commands++;
    const out: Buffer[] = [];
    const errOut: Buffer[] = [];
    let code: number | null = null;
    const { channel, closed } = await this.unlessDropped(
      'command start',
      new Promise<{ channel: ExecChannel; closed: Promise<void> }>((resolve, reject) =>
        client.exec(line, (err, ch) => {
          if (err) return reject(this.lost('command start', err));
          // ssh2 handles every message of one TCP read at once: a command that ends at once can
          // bring its output, exit status and close with the exec's success, before anything
          // awaiting this promise runs. Listen here, or the exit code is lost.
          ch.on('data', (b) => out.push(b));
          ch.stderr.on('data', (b) => errOut.push(b));
          ch.on('exit', (c) => (code = c));
          resolve({ channel: ch, closed: new Promise((done) => ch.on('close', done)) });
        }),
      ),
    );
    let timedOut = false;
    channel.end();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        timedOut = true;
        channel.signal?.('KILL');
        channel.close();
        resolve(); // the server may keep the channel open until the program ends
      }, timeoutMs);
    });
    await this.unlessDropped(
      'a command (its outcome is unknown)',
      Promise.race([closed, timeout]),
    ).finally(() => clearTimeout(timer));
    const stdout = decode(Buffer.concat(out));
    const stderr = decode(Buffer.concat(errOut));
    if (timedOut)
      return {
        exitCode: -1,
        stdout,
        stderr: `${stderr}\ncommand timed out after ${timeoutMs / 1000} s`.trimStart(),
      };
    if (code === null) throw this.lost('a command (its outcome is unknown)');
    return { exitCode: code, stdout, stderr };
  }

  /** A TCP connection to `host:port` as the host sees it, through the SSH connection. */
  async forward(host: string, port: number): Promise<Duplex> {
    const ssh = await this.connection();
    this.counted.channels++;
    try {
      return await this.unlessDropped(
        `a tunnel to ${host}:${port}`,
        ssh.forwardOut('127.0.0.1', 0, host, port),
      );
    } catch (err) {
      if (err instanceof SshConnectionError) throw err;
      if (!this.connected) throw this.lost(`a tunnel to ${host}:${port}`, err);
      throw new SshConnectionError(
        this.label,
        `${host}:${port} refused the tunnel (${withoutHost(err)})`,
        false,
      );
    }
  }

  close(): void {
    if (this.ssh?.connection && this.connected) this.countBytes(this.ssh.connection);
    this.closed = true;
    this.sftpSession?.end();
    this.sftpSession = undefined;
    this.ssh?.dispose();
    this.ssh = undefined;
    this.jumpSsh?.dispose();
    this.jumpSsh = undefined;
    this.connected = false;
  }
}
