/**
 * The one interface through which winship touches a Windows host. Everything in `windows/` and the
 * engine builds argument vectors and Windows paths as data; an executor carries them out: a local
 * process on a self-hosted Windows runner, Wine on Linux (tests), or OpenSSH (deploy over SSH).
 *
 * Paths are absolute Windows paths (`C:\ProgramData\winship\…`); each executor is given a
 * `PathMapper` that turns them into what its file system wants. Command lines never come from a
 * shell string: `run` takes an argument vector and the executor quotes it with `windows/quote.ts`.
 * What a host can do differently is stated in `capabilities`, never found out by casts.
 */
import type { Duplex } from 'node:stream';
import type { ExecResult } from '../windows/exec-result.js';

export type { ExecResult } from '../windows/exec-result.js';

export interface RunOptions {
  /** Kill the command after this long and report exit code -1 with a timeout message. */
  timeoutMs?: number;
}

/** A validated absolute Windows path -> the path the executor's file system (or SFTP server) wants. */
export type PathMapper = (windowsPath: string) => string;

export interface ExecutorCapabilities {
  /**
   * `certutil -hashfile` prints a file's SHA-256 (Windows). False where it is a stub that prints
   * nothing (Wine, and Wine behind a lab SSH host): uploads are then verified by reading them back.
   */
  readonly hashFile: boolean;
  /**
   * `icacls` sets and PowerShell's `Get-Acl` reads folder ACLs (Windows). False on Wine (no
   * icacls, a PowerShell stub): the install folders cannot be locked, and the deploy says so.
   */
  readonly acls: boolean;
}

export interface Executor {
  /** A label for logs and reports: `local`, `wine:<prefix>`, `user@host:port`. */
  readonly label: string;
  readonly capabilities: ExecutorCapabilities;
  /** Runs `argv[0]` (a program such as `sc.exe`) with the remaining arguments, exactly. */
  run(argv: readonly string[], opts?: RunOptions): Promise<ExecResult>;
  /**
   * Runs several commands that do not depend on each other's outcome, in order, each whatever
   * the one before returned, as one round trip where the host is remote (one command file). An
   * executor without it runs them one by one (see runEach).
   */
  runBatch?(argvs: readonly (readonly string[])[], opts?: RunOptions): Promise<ExecResult[]>;
  /** Copies a local file to an absolute Windows path, creating its folder. */
  upload(localPath: string, windowsPath: string): Promise<void>;
  /** Reads a file; `undefined` when it does not exist. */
  readFile(windowsPath: string): Promise<Buffer | undefined>;
  /**
   * A file's SHA-256 (hex) as read back through the executor's file channel, streamed (never held
   * whole); `undefined` when it does not exist. Where `capabilities.hashFile` is false, uploads are
   * verified this way.
   */
  sha256File(windowsPath: string): Promise<string | undefined>;
  /** Writes a file atomically enough for state files (write then rename), creating its folder. */
  writeFile(windowsPath: string, data: string | Buffer): Promise<void>;
  /**
   * Opens a TCP connection to `host:port` as seen from the Windows host (health checks reach the
   * service where it listens, through an SSH tunnel when the host is remote).
   */
  openTcp(host: string, port: number): Promise<Duplex>;
  /** Releases connections or background processes the executor holds. */
  close(): Promise<void>;
}

/** Runs `argvs` in order through `exec`: in one batch where it can, else one by one. */
export async function runEach(
  exec: Executor,
  argvs: readonly (readonly string[])[],
  opts?: RunOptions,
): Promise<ExecResult[]> {
  if (exec.runBatch) return exec.runBatch(argvs, opts);
  const results: ExecResult[] = [];
  for (const argv of argvs) results.push(await exec.run(argv, opts));
  return results;
}
