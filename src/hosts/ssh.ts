/**
 * The SSH executor: a Windows host reached over OpenSSH through node-ssh/ssh2, put together from
 * one connection (ssh-connection.ts: retries, host key pinning before authentication), files over
 * SFTP (sftp.ts) and commands as uploaded `.cmd` files (cmd-transport.ts). What differs about a
 * host (how its SFTP server names paths, whether certutil works) is given in the options.
 */
import type { Duplex } from 'node:stream';
import { CmdTransport } from './cmd-transport.js';
import type {
  ExecResult,
  Executor,
  ExecutorCapabilities,
  PathMapper,
  RunOptions,
} from './executor.js';
import {
  SshConnection,
  targetLabel,
  type HostKeyPolicy,
  type HostLog,
  type SshTarget,
} from './ssh-connection.js';
import { SftpFiles, win32OpenSshPath } from './sftp.js';
import type { RoundTrips } from './round-trips.js';

export { targetLabel, type HostKeyPolicy, type HostLog, type SshTarget } from './ssh-connection.js';
export {
  HostKeyError,
  SftpPathError,
  SshConnectionError,
  SshHostError,
  withoutHost,
} from './ssh-errors.js';
export { win32OpenSshPath } from './sftp.js';
export {
  addRoundTrips,
  formatRoundTrips,
  noRoundTrips,
  roundTripTotal,
  type RoundTrips,
} from './round-trips.js';

export interface SshOptions {
  privateKey: string;
  passphrase?: string;
  hostKeys: HostKeyPolicy;
  /** Windows path -> SFTP path; default Windows OpenSSH's `/C:/dir/file`. */
  mapPath?: PathMapper;
  /** Default: a Windows host (certutil works). */
  capabilities?: ExecutorCapabilities;
  /**
   * Windows folder for the per-command `.cmd` files when the deploy user's own %TEMP% cannot be
   * used (a path with blanks cannot appear on the ssh command line unquoted).
   */
  scratchDir: string;
  /** Handshake timeout and default per-command timeout. */
  timeoutMs?: number;
  /** Connection attempts before the host is reported unreachable (default 3). */
  attempts?: number;
  /** First delay between attempts; doubled each time (default 1000 ms). */
  backoffMs?: number;
  /** The host's own log: its lines do not repeat the host's name. */
  log?: HostLog;
  /** A bastion the host is reached through (ProxyJump); its key is pinned like the host's. */
  jump?: SshTarget;
}

export class SshExecutor implements Executor {
  readonly label: string;
  readonly capabilities: ExecutorCapabilities;
  private readonly conn: SshConnection;
  private readonly files: SftpFiles;
  private readonly commands: CmdTransport;

  constructor(
    readonly target: SshTarget,
    opts: SshOptions,
  ) {
    this.label = targetLabel(target);
    this.capabilities = opts.capabilities ?? { hashFile: true, acls: true };
    const timeoutMs = opts.timeoutMs ?? 120_000;
    this.conn = new SshConnection(this.label, target, {
      privateKey: opts.privateKey,
      ...(opts.passphrase ? { passphrase: opts.passphrase } : {}),
      hostKeys: opts.hostKeys,
      timeoutMs,
      ...(opts.attempts !== undefined ? { attempts: opts.attempts } : {}),
      ...(opts.backoffMs !== undefined ? { backoffMs: opts.backoffMs } : {}),
      ...(opts.log ? { log: opts.log } : {}),
      ...(opts.jump ? { jump: opts.jump } : {}),
    });
    this.files = new SftpFiles(this.conn, opts.mapPath ?? win32OpenSshPath);
    this.commands = new CmdTransport(this.conn, this.files, opts.scratchDir, timeoutMs, opts.log);
  }

  /** The host key fingerprint the host presented on the last connection. */
  get presentedFingerprint(): string | undefined {
    return this.conn.presentedFingerprint;
  }

  /** Channels, commands, SFTP calls and bytes this executor cost so far. */
  roundTrips(): RoundTrips {
    return this.conn.roundTrips();
  }

  /** Connects (with retries and backoff) unless already connected. */
  async connect(): Promise<void> {
    await this.conn.connection();
  }

  run(argv: readonly string[], opts?: RunOptions): Promise<ExecResult> {
    return this.commands.run(argv, opts);
  }
  runBatch(argvs: readonly (readonly string[])[], opts?: RunOptions): Promise<ExecResult[]> {
    return this.commands.runBatch(argvs, opts);
  }
  upload(localPath: string, windowsPath: string): Promise<void> {
    return this.files.upload(localPath, windowsPath);
  }
  readFile(windowsPath: string): Promise<Buffer | undefined> {
    return this.files.readFile(windowsPath);
  }
  sha256File(windowsPath: string): Promise<string | undefined> {
    return this.files.sha256File(windowsPath);
  }
  writeFile(windowsPath: string, data: string | Buffer): Promise<void> {
    return this.files.writeFile(windowsPath, data);
  }
  openTcp(host: string, port: number): Promise<Duplex> {
    return this.conn.forward(host, port);
  }
  async close(): Promise<void> {
    await this.commands.cleanUp();
    this.conn.close();
  }
}

/** Opens an SSH executor and connects it (host key checked first, retries with backoff). */
export async function connectSsh(target: SshTarget, opts: SshOptions): Promise<SshExecutor> {
  const exec = new SshExecutor(target, opts);
  await exec.connect();
  return exec;
}
