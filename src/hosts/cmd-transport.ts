/**
 * Commands over SSH without shell strings: the argument vector becomes a `.cmd` batch file
 * (windows/quote.ts does all quoting), uploaded over SFTP, and the ssh command line carries only
 * `cmd /c <validated path>`. node-ssh's `exec()` escaping and `cwd` option are POSIX-only and are
 * not used. The exit code comes back through a file, as cmd.exe saw it.
 */
import { randomBytes } from 'node:crypto';
import { validateWindowsPath, winJoin } from '../windows/validate.js';
import { commandFile, commandLinePath, parseRcFile, refusedAsNotUtf8 } from './command-file.js';
import type { ExecResult, RunOptions } from './executor.js';
import type { HostLog, SshConnection } from './ssh-connection.js';
import { cb2p, type SftpFiles } from './sftp.js';

export class CmdTransport {
  private scratch: Promise<string> | undefined;

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
    const id = randomBytes(8).toString('hex');
    const dir = await (this.scratch ??= this.scratchFolder());
    const file = commandLinePath(winJoin(dir, `winship-run-${id}.cmd`));
    const rcFile = commandLinePath(winJoin(dir, `winship-run-${id}.rc`));
    const script = commandFile(argv, { rcFile }); // refuses what cmd.exe cannot carry, before anything is sent
    await this.files.intoFolder(file, () =>
      this.conn.withSftp('command upload', (s) =>
        cb2p((cb) => s.writeFile(this.files.path(file), script, cb)),
      ),
    );
    const result = await this.conn.exec(`cmd /c ${file}`, opts.timeoutMs ?? this.timeoutMs);
    const rc = await this.conn.withSftp('command result', async (s) => {
      const text = await cb2p<Buffer>((cb) => s.readFile(this.files.path(rcFile), cb)).catch(
        () => undefined,
      );
      for (const f of [file, rcFile])
        await cb2p((cb) => s.unlink(this.files.path(f), cb)).catch(() => undefined);
      return text;
    });
    // The exit code as cmd.exe saw it (32 bits), independent of how the server reports exit-status.
    refusedAsNotUtf8(this.conn.label, result);
    const code = parseRcFile(rc);
    if (code !== undefined && result.exitCode !== -1) return { ...result, exitCode: code };
    return result;
  }

  /**
   * Where command files go: the deploy user's own %TEMP% (private to that user, so no other local
   * account can swap a batch file between upload and run), else the configured scratch folder.
   * Straight into %TEMP%, no folder of ours: each file is removed after its command, so a dry run
   * leaves the host as it found it.
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
