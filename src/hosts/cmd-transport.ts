/**
 * Commands over SSH without shell strings: the argument vector becomes a `.cmd` batch file
 * (windows/quote.ts does all quoting), uploaded over SFTP, and the ssh command line carries only
 * `cmd /c <validated path>`. node-ssh's `exec()` escaping and `cwd` option are POSIX-only and are
 * not used. The exit code comes back as cmd.exe saw it, as the last line of stderr.
 *
 * A command costs two round trips: the file's upload (one SFTP call) and its exec channel. The
 * file removes the previous command's file of this connection as its first line, and the last
 * one is removed when the executor closes; nothing else is read back.
 */
import { randomBytes } from 'node:crypto';
import { validateWindowsPath, winJoin } from '../windows/validate.js';
import {
  batchCommandFile,
  commandFile,
  commandLinePath,
  refusedAsNotUtf8,
  splitBatch,
  takeRcMarker,
} from './command-file.js';
import type { ExecResult, RunOptions } from './executor.js';
import type { HostLog, SshConnection } from './ssh-connection.js';
import { cb2p, type SftpFiles } from './sftp.js';

export class CmdTransport {
  private scratch: Promise<string> | undefined;
  /** Names this connection's command files: `winship-run-<id>-<n>.cmd`. */
  private readonly id = randomBytes(6).toString('hex');
  private count = 0;
  /** The last command file, not yet removed (the next command's file removes it). */
  private last: string | undefined;

  constructor(
    private readonly conn: SshConnection,
    private readonly files: SftpFiles,
    /**
     * Windows folder for the per-command `.cmd` files when the deploy user's own %TEMP% cannot be
     * used (a path with blanks cannot appear on the ssh command line unquoted).
     */
    private readonly scratchDir: string,
    private readonly timeoutMs: number,
    private readonly log?: HostLog,
  ) {
    validateWindowsPath(scratchDir, 'scratch folder');
    commandLinePath(scratchDir);
  }

  async run(argv: readonly string[], opts: RunOptions = {}): Promise<ExecResult> {
    const result = await this.send(
      (removeFirst) => commandFile(argv, { rcOnStderr: true, ...removeFirst }),
      opts,
    );
    // The exit code as cmd.exe saw it (32 bits), independent of how the server reports exit-status.
    const { code, stderr } = takeRcMarker(result.stderr);
    if (code !== undefined && result.exitCode !== -1) return { ...result, exitCode: code, stderr };
    return { ...result, stderr };
  }

  /** Several commands in one command file: one upload, one channel (see batchCommandFile). */
  async runBatch(
    argvs: readonly (readonly string[])[],
    opts: RunOptions = {},
  ): Promise<ExecResult[]> {
    const separator = `WINSHIP-NEXT-${randomBytes(8).toString('hex')}`;
    const result = await this.send(
      (removeFirst) => batchCommandFile(argvs, { separator, ...removeFirst }),
      opts,
    );
    return splitBatch(
      argvs.length,
      result,
      separator,
      result.exitCode === -1 ? result.stderr : 'the batch ended before this command ran',
    );
  }

  /**
   * Writes the command file `make` gives (it refuses what cmd.exe cannot carry, before anything
   * is sent) and runs it: the file's upload, then its exec channel.
   */
  private async send(
    make: (removeFirst: { removeFirst?: string }) => string,
    opts: RunOptions,
  ): Promise<ExecResult> {
    const dir = await (this.scratch ??= this.scratchFolder());
    const file = commandLinePath(winJoin(dir, `winship-run-${this.id}-${++this.count}.cmd`));
    const script = make(this.last ? { removeFirst: this.last } : {});
    await this.files.intoFolder(file, () =>
      this.conn.withSftp('command upload', (s) =>
        cb2p((cb) => s.writeFile(this.files.path(file), script, cb)),
      ),
    );
    this.last = file;
    const result = await this.conn.exec(`cmd /c ${file}`, opts.timeoutMs ?? this.timeoutMs);
    refusedAsNotUtf8(this.conn.label, result);
    return result;
  }

  /** Removes the last command file (best effort: the connection may be gone). */
  async cleanUp(): Promise<void> {
    const last = this.last;
    this.last = undefined;
    if (!last || !this.conn.isConnected) return;
    await this.conn
      .withSftp('command file removal', (s) => cb2p((cb) => s.unlink(this.files.path(last), cb)))
      .catch(() => undefined);
  }

  /**
   * Where command files go: the deploy user's own %TEMP% (private to that user, so no other local
   * account can swap a batch file between upload and run), else the configured scratch folder.
   * Straight into %TEMP%, no folder of ours: each file is removed (by the next command, the last
   * by cleanUp), so a dry run leaves the host as it found it.
   */
  private async scratchFolder(): Promise<string> {
    let r: ExecResult;
    try {
      r = await this.conn.exec('cmd /c echo %TEMP%', this.timeoutMs);
    } catch (e) {
      this.scratch = undefined; // a lost connection decides nothing: ask again next time
      throw e;
    }
    const temp = r.exitCode === 0 ? r.stdout.trim() : '';
    try {
      return commandLinePath(validateWindowsPath(temp, 'TEMP folder'));
    } catch {
      this.log?.info(
        `%TEMP% (${temp || 'empty'}) cannot carry command files; using ${this.scratchDir}`,
      );
      return this.scratchDir;
    }
  }
}
