/**
 * The SSH executor: a Windows host reached over OpenSSH through node-ssh/ssh2. The host key is
 * checked against pinned keys before authentication; commands never travel as shell strings: the
 * argument vector becomes a `.cmd` batch file (windows/quote.ts), uploaded over SFTP, and the ssh
 * command line carries only `cmd /c <validated path>`. node-ssh's `exec()` escaping and `cwd`
 * option are POSIX-only and are not used.
 */
import { randomBytes } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { UserError, errorMessage } from '../runner/errors.js';
import { sleep } from '../runner/time.js';
import { escapeForBatch, toCommandLine } from '../windows/quote.js';
import { validateWindowsPath, winJoin } from '../windows/validate.js';
import type { ExecResult, Executor, RunOptions } from './executor.js';
import {
  checkHostKey,
  hostKeyAlgorithms,
  pinMatches,
  type HostKeyCheck,
  type HostKeyPin,
} from './host-keys.js';

export interface SshTarget {
  user: string;
  host: string;
  port: number;
}

/** `user@host:port`, with an IPv6 address in brackets. */
export function targetLabel(t: SshTarget): string {
  return `${t.user}@${t.host.includes(':') ? `[${t.host}]` : t.host}:${t.port}`;
}

/**
 * How SFTP names a Windows path. `windows`: Win32-OpenSSH's `/C:/dir/file`. `drive-relative`:
 * `c:/dir/file`, resolved against the SFTP server's start folder; a Wine-backed lab host starts
 * its sftp-server in `<prefix>/dosdevices`, where `c:` is Wine's link to drive C.
 */
export type SftpPathStyle = 'windows' | 'drive-relative';

/** The one place a Windows path becomes an SFTP path. */
export function toSftpPath(windowsPath: string, style: SftpPathStyle = 'windows'): string {
  const p = validateWindowsPath(windowsPath);
  const rest = p.slice(2).replace(/\\/g, '/');
  const drive = p[0]!;
  return style === 'windows' ? `/${drive.toUpperCase()}:${rest}` : `${drive.toLowerCase()}:${rest}`;
}

/** A path that may appear on the ssh command line as is: no quoting, nothing cmd.exe interprets. */
function commandLinePath(windowsPath: string): string {
  if (!/^[A-Za-z]:\\[A-Za-z0-9_.\\-]+$/.test(windowsPath))
    throw new UserError(
      `The scratch folder path '${windowsPath}' cannot be passed on the ssh command line: use letters, digits, '_', '-', '.' and '\\' only`,
    );
  return windowsPath;
}

/**
 * The batch file for one command: `batchFile`'s shape (windows/quote.ts does all quoting), plus the
 * exit code written to `rcFile`. OpenSSH servers report exit-status differently (Win32-OpenSSH
 * builds that always said 0 or 1; a Linux sshd truncates to 8 bits, so 1060 cannot arrive).
 */
export function commandScript(argv: readonly string[], rcFile: string): string {
  return [
    '@echo off',
    'setlocal DisableDelayedExpansion',
    escapeForBatch(toCommandLine(argv)),
    'set WINSHIP_RC=%ERRORLEVEL%',
    `>${commandLinePath(rcFile)} echo %WINSHIP_RC%`,
    'exit /b %WINSHIP_RC%',
    '',
  ].join('\r\n');
}

export type HostKeyPolicy = { pins: readonly HostKeyPin[] } | 'insecure-skip';

export interface SshLog {
  info(message: string): void;
  warning(message: string): void;
}

export interface SshOptions {
  privateKey: string;
  passphrase?: string;
  hostKeys: HostKeyPolicy;
  sftpPaths?: SftpPathStyle;
  /**
   * Windows folder for the per-command `.cmd` files when the deploy user's own %TEMP% cannot be
   * used (a path with blanks cannot appear on the ssh command line unquoted).
   */
  scratchDir: string;
  /**
   * Whether the host has a working `certutil -hashfile` (Windows does; a Wine-backed lab host has
   * a stub), so the engine verifies uploads with it instead of reading them back.
   */
  canHash?: boolean;
  /** Handshake timeout and default per-command timeout. */
  timeoutMs?: number;
  /** Connection attempts before the host is reported unreachable (default 3). */
  attempts?: number;
  /** First delay between attempts; doubled each time (default 1000 ms). */
  backoffMs?: number;
  log?: SshLog;
}

/** The host presented a key that is not pinned (or is revoked). Never retried. */
export class HostKeyError extends UserError {
  constructor(
    readonly label: string,
    readonly check: HostKeyCheck,
  ) {
    super(`${label}: host key refused before authentication: ${check.reason}`);
    this.name = 'HostKeyError';
  }
}

/** The connection could not be made or was lost while an operation ran. */
export class SshConnectionError extends UserError {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'SshConnectionError';
  }
}

// Minimal shapes of the ssh2 objects used here (ssh2 ships no types).
type Cb<T = void> = (
  err: (Error & { code?: number | string }) | null | undefined,
  value: T,
) => void;
interface SftpSession {
  fastPut(local: string, remote: string, opts: object, cb: (err?: Error | null) => void): void;
  readFile(path: string, cb: Cb<Buffer>): void;
  writeFile(path: string, data: Buffer | string, cb: (err?: Error | null) => void): void;
  stat(path: string, cb: Cb<{ isDirectory(): boolean }>): void;
  mkdir(path: string, cb: (err?: Error | null) => void): void;
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

function isNoSuchFile(err: unknown): boolean {
  const e = err as { code?: unknown; message?: string } | undefined;
  return e?.code === 2 || e?.code === 'ENOENT' || /no such file/i.test(e?.message ?? '');
}

function cb2p<T = void>(fn: (cb: (err?: Error | null, value?: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) =>
    fn((err, value) => (err ? reject(err) : resolve(value as T))),
  );
}

export class SshExecutor implements Executor {
  readonly label: string;
  readonly canHash: boolean;
  /** The host key fingerprint the host presented on the last connection. */
  presentedFingerprint?: string;
  private ssh: NodeSshLike | undefined;
  private sftpSession: SftpSession | undefined;
  private connected = false;
  private connecting: Promise<NodeSshLike> | undefined;
  private lastError: Error | undefined;
  private dropped: Promise<never> = new Promise<never>(() => undefined);
  private closed = false;
  private readonly madeDirs = new Set<string>();
  private scratch: Promise<string> | undefined;
  private readonly style: SftpPathStyle;
  private readonly timeoutMs: number;

  constructor(
    readonly target: SshTarget,
    private readonly opts: SshOptions,
  ) {
    this.label = targetLabel(target);
    this.canHash = opts.canHash ?? true;
    this.style = opts.sftpPaths ?? 'windows';
    this.timeoutMs = opts.timeoutMs ?? 120_000;
    validateWindowsPath(opts.scratchDir, 'scratch folder');
    commandLinePath(opts.scratchDir);
  }

  /** Connects (with retries and backoff) unless already connected. */
  async connect(): Promise<void> {
    await this.connection();
  }

  private async connection(): Promise<NodeSshLike> {
    if (this.closed)
      throw new SshConnectionError(`${this.label}: the connection was closed`, false);
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
          `${err.message}; attempt ${attempt + 1} of ${attempts} in ${delay / 1000} s`,
        );
        await sleep(delay);
        delay *= 2;
      }
    }
  }

  private async connectOnce(): Promise<NodeSshLike> {
    const { NodeSSH } = await import('node-ssh');
    const ssh = new NodeSSH() as unknown as NodeSshLike;
    const { host, port, user } = this.target;
    const policy = this.opts.hostKeys;
    let check: HostKeyCheck | undefined;
    const algorithms =
      policy === 'insecure-skip'
        ? undefined
        : hostKeyAlgorithms(policy.pins.filter((p) => pinMatches(p, host, port)));
    const config: Record<string, unknown> = {
      host,
      port,
      username: user,
      privateKey: this.opts.privateKey,
      readyTimeout: this.timeoutMs,
      keepaliveInterval: 10_000,
      keepaliveCountMax: 3,
      // ssh2 accepts the key on ANY truthy return value: this returns a boolean, nothing else.
      hostVerifier: (key: Buffer): boolean => {
        if (policy === 'insecure-skip') {
          check = checkHostKey([], host, port, key);
          this.presentedFingerprint = check.fingerprint;
          this.opts.log?.warning(
            `${this.label}: host key ${check.keyType} ${check.fingerprint} NOT VERIFIED (insecure-skip-host-key-check is on)`,
          );
          return true;
        }
        check = checkHostKey(policy.pins, host, port, key);
        this.presentedFingerprint = check.fingerprint;
        return check.accepted === true;
      },
    };
    if (this.opts.passphrase) config.passphrase = this.opts.passphrase;
    if (algorithms) config.algorithms = { serverHostKey: algorithms };
    try {
      await ssh.connect(config);
    } catch (err) {
      ssh.dispose();
      if (check && !check.accepted) throw new HostKeyError(this.label, check);
      throw classifyConnectError(this.label, err);
    }
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
          this.connected = false;
          this.sftpSession = undefined;
        }
        reject(this.lost('the operation'));
      }),
    );
    this.dropped.catch(() => undefined);
    this.ssh = ssh;
    this.connected = true;
    this.lastError = undefined;
    return ssh;
  }

  private lost(what: string, err?: unknown): SshConnectionError {
    const cause = this.lastError ?? err;
    return new SshConnectionError(
      `${this.label}: connection lost during ${what}${cause ? ` (${errorMessage(cause)})` : ''}`,
      true,
    );
  }

  private async sftp(): Promise<SftpSession> {
    const ssh = await this.connection();
    if (this.sftpSession) return this.sftpSession;
    const session = await ssh.requestSFTP();
    session.on('close', () => {
      if (this.sftpSession === session) this.sftpSession = undefined;
    });
    this.sftpSession = session;
    return session;
  }

  /** Waits for `p`, or fails as soon as the connection drops. */
  private async unlessDropped<T>(what: string, p: Promise<T>): Promise<T> {
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
  }

  /** Runs an SFTP operation; a connection lost on the way is reported as such. */
  private async withSftp<T>(what: string, op: (s: SftpSession) => Promise<T>): Promise<T> {
    const s = await this.unlessDropped(what, this.sftp());
    return this.unlessDropped(what, op(s));
  }

  /** Idempotent operations (upload, read, write) are retried over a fresh connection after a drop. */
  private async retryOnDrop<T>(what: string, op: () => Promise<T>): Promise<T> {
    const attempts = this.opts.attempts ?? 3;
    let delay = this.opts.backoffMs ?? 1000;
    for (let attempt = 1; ; attempt++) {
      try {
        return await op();
      } catch (err) {
        if (!(err instanceof SshConnectionError) || !err.retryable || attempt >= attempts)
          throw err;
        this.opts.log?.warning(`${err.message}; retrying the ${what} in ${delay / 1000} s`);
        await sleep(delay);
        delay *= 2;
      }
    }
  }

  private async mkdirs(windowsDir: string): Promise<void> {
    const dir = validateWindowsPath(windowsDir);
    if (this.madeDirs.has(dir)) return;
    const parts = dir.slice(3).split('\\').filter(Boolean);
    await this.withSftp(`mkdir ${dir}`, async (s) => {
      for (let i = 1; i <= parts.length; i++) {
        const win = `${dir.slice(0, 3)}${parts.slice(0, i).join('\\')}`;
        if (this.madeDirs.has(win)) continue;
        const path = toSftpPath(win, this.style);
        const stat = await cb2p<{ isDirectory(): boolean }>((cb) => s.stat(path, cb)).catch(
          (e: unknown) => {
            if (isNoSuchFile(e)) return undefined;
            throw e;
          },
        );
        if (!stat)
          await cb2p((cb) => s.mkdir(path, cb)).catch(async (e: unknown) => {
            // Made meanwhile by another deploy to this host: fine if it is a folder now.
            const now = await cb2p<{ isDirectory(): boolean }>((cb) => s.stat(path, cb)).catch(
              () => undefined,
            );
            if (!now?.isDirectory()) throw e;
          });
        else if (!stat.isDirectory())
          throw new UserError(`${this.label}: ${win} exists and is not a folder`);
        this.madeDirs.add(win);
      }
    });
  }

  /** Moves a temporary file over its final name (replacing it), as atomically as the server allows. */
  private async replace(s: SftpSession, from: string, to: string): Promise<void> {
    try {
      await cb2p((cb) => s.ext_openssh_rename(from, to, cb));
      return;
    } catch {
      // No posix-rename extension: remove the old file, then rename.
    }
    await cb2p((cb) => s.unlink(to, cb)).catch((e: unknown) => {
      if (!isNoSuchFile(e)) throw e;
    });
    await cb2p((cb) => s.rename(from, to, cb));
  }

  private tempName(windowsPath: string, suffix: string): string {
    return `${windowsPath}.${randomBytes(4).toString('hex')}.${suffix}`;
  }

  /**
   * Runs `write` after making the file's folder. A folder removed meanwhile by a command (the
   * cache of made folders is then wrong) is made again once.
   */
  private async intoFolder(file: string, write: () => Promise<void>): Promise<void> {
    const dir = file.slice(0, file.lastIndexOf('\\'));
    await this.mkdirs(dir);
    try {
      await write();
    } catch (err) {
      if (!isNoSuchFile(err)) throw err;
      this.madeDirs.clear();
      await this.mkdirs(dir);
      await write();
    }
  }

  async upload(localPath: string, windowsPath: string): Promise<void> {
    const final = validateWindowsPath(windowsPath);
    await this.retryOnDrop(`upload of ${final}`, () =>
      this.intoFolder(final, () =>
        this.withSftp(`upload of ${final}`, async (s) => {
          // Written under a temporary name: a cut connection never leaves a truncated file in place.
          const temp = toSftpPath(this.tempName(final, 'part'), this.style);
          try {
            await cb2p((cb) => s.fastPut(localPath, temp, {}, cb));
            await this.replace(s, temp, toSftpPath(final, this.style));
          } catch (err) {
            if (this.connected) s.unlink(temp, () => undefined);
            throw err;
          }
        }),
      ),
    );
  }

  async readFile(windowsPath: string): Promise<Buffer | undefined> {
    const path = toSftpPath(windowsPath, this.style);
    return this.retryOnDrop(`read of ${windowsPath}`, () =>
      this.withSftp(`read of ${windowsPath}`, async (s) => {
        try {
          return await cb2p<Buffer>((cb) => s.readFile(path, cb));
        } catch (err) {
          if (isNoSuchFile(err)) return undefined;
          throw err;
        }
      }),
    );
  }

  async writeFile(windowsPath: string, data: string | Buffer): Promise<void> {
    const final = validateWindowsPath(windowsPath);
    await this.retryOnDrop(`write of ${final}`, () =>
      this.intoFolder(final, () =>
        this.withSftp(`write of ${final}`, async (s) => {
          const temp = toSftpPath(this.tempName(final, 'tmp'), this.style);
          await cb2p((cb) => s.writeFile(temp, data, cb));
          await this.replace(s, temp, toSftpPath(final, this.style));
        }),
      ),
    );
  }

  async run(argv: readonly string[], opts: RunOptions = {}): Promise<ExecResult> {
    const id = randomBytes(8).toString('hex');
    const dir = await (this.scratch ??= this.scratchFolder());
    const file = commandLinePath(winJoin(dir, `run-${id}.cmd`));
    const rcFile = commandLinePath(winJoin(dir, `run-${id}.rc`));
    const script = commandScript(argv, rcFile); // refuses what cmd.exe cannot carry, before anything is sent
    await this.intoFolder(file, () =>
      this.withSftp('command upload', (s) =>
        cb2p((cb) => s.writeFile(toSftpPath(file, this.style), script, cb)),
      ),
    );
    const result = await this.execLine(`cmd /c ${file}`, opts.timeoutMs ?? this.timeoutMs);
    const rc = await this.withSftp('command result', async (s) => {
      const text = await cb2p<Buffer>((cb) => s.readFile(toSftpPath(rcFile, this.style), cb)).catch(
        () => undefined,
      );
      for (const f of [file, rcFile])
        await cb2p((cb) => s.unlink(toSftpPath(f, this.style), cb)).catch(() => undefined);
      return text;
    });
    // The exit code as cmd.exe saw it (32 bits), independent of how the server reports exit-status.
    const code = /^\s*(-?\d+)\s*$/.exec(rc?.toString('latin1') ?? '');
    if (code && result.exitCode !== -1) return { ...result, exitCode: Number(code[1]) };
    return result;
  }

  /**
   * Where command files go: `%TEMP%\winship` of the deploy user (private to that user, so no other
   * local account can swap a batch file between upload and run, and nothing is left in the install
   * root), else the configured scratch folder.
   */
  private async scratchFolder(): Promise<string> {
    let r: ExecResult;
    try {
      r = await this.execLine('cmd /c echo %TEMP%', this.timeoutMs);
    } catch (e) {
      this.scratch = undefined; // a lost connection decides nothing: ask again next time
      throw e;
    }
    const temp = r.exitCode === 0 ? r.stdout.trim() : '';
    try {
      return commandLinePath(winJoin(validateWindowsPath(temp, 'TEMP folder'), 'winship'));
    } catch {
      this.opts.log?.info(
        `${this.label}: %TEMP% (${temp || 'empty'}) cannot carry command files; using ${this.opts.scratchDir}`,
      );
      return this.opts.scratchDir;
    }
  }

  private async execLine(line: string, timeoutMs: number): Promise<ExecResult> {
    const ssh = await this.connection();
    const client = ssh.connection;
    if (!client) throw this.lost('command start');
    const channel = await this.unlessDropped(
      'command start',
      new Promise<ExecChannel>((resolve, reject) =>
        client.exec(line, (err, ch) =>
          err ? reject(this.lost('command start', err)) : resolve(ch),
        ),
      ),
    );
    const out: Buffer[] = [];
    const errOut: Buffer[] = [];
    let code: number | null = null;
    let timedOut = false;
    channel.on('data', (b) => out.push(b));
    channel.stderr.on('data', (b) => errOut.push(b));
    channel.on('exit', (c) => (code = c));
    channel.end();
    const finished = new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timedOut = true;
        channel.signal?.('KILL');
        channel.close();
        resolve(); // the server may keep the channel open until the program ends
      }, timeoutMs);
      channel.on('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    await this.unlessDropped('a command (its outcome is unknown)', finished);
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

  async openTcp(host: string, port: number): Promise<Duplex> {
    const ssh = await this.connection();
    try {
      return await this.unlessDropped(
        `a tunnel to ${host}:${port}`,
        ssh.forwardOut('127.0.0.1', 0, host, port),
      );
    } catch (err) {
      if (err instanceof SshConnectionError) throw err;
      if (!this.connected) throw this.lost(`a tunnel to ${host}:${port}`, err);
      throw new SshConnectionError(
        `${this.label}: ${host}:${port} refused the tunnel (${errorMessage(err)})`,
        false,
      );
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.sftpSession?.end();
    this.sftpSession = undefined;
    this.ssh?.dispose();
    this.ssh = undefined;
    this.connected = false;
  }
}

function classifyConnectError(label: string, err: unknown): SshConnectionError {
  const e = err as { level?: string; code?: string; message?: string };
  const msg = errorMessage(err);
  if (e.level === 'client-authentication' || /authentication methods failed/i.test(msg))
    return new SshConnectionError(
      `${label}: the host refused the key (authentication failed): add the public key of ssh-private-key to the user's authorized_keys (administrators_authorized_keys for administrators)`,
      false,
    );
  if (/privateKey|passphrase/i.test(msg))
    return new SshConnectionError(`${label}: the private key could not be used: ${msg}`, false);
  if (e.level === 'client-dns' || e.code === 'ENOTFOUND')
    return new SshConnectionError(`${label}: host name not found (${msg})`, false);
  return new SshConnectionError(`${label}: cannot connect (${msg})`, true);
}

/** Opens an SSH executor and connects it (host key checked first, retries with backoff). */
export async function connectSsh(target: SshTarget, opts: SshOptions): Promise<SshExecutor> {
  const exec = new SshExecutor(target, opts);
  await exec.connect();
  return exec;
}
