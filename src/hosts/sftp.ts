/**
 * Files on an SSH host over SFTP: upload, read and write, each through a temporary name so a cut
 * connection never leaves half a file in place, folders made as needed. Windows paths become SFTP
 * paths through the PathMapper the executor was given (Windows OpenSSH's `/C:/dir/file` unless the
 * host is something else, such as a lab host); a path the server refuses is a SftpPathError.
 */
import { randomBytes } from 'node:crypto';
import { sha256OfStream } from '../runner/sha256.js';
import { UserError, errorMessage } from '../runner/errors.js';
import { validateWindowsPath } from '../windows/validate.js';
import type { PathMapper } from './executor.js';
import type { SftpSession, SshConnection } from './ssh-connection.js';
import { SftpPathError } from './ssh-errors.js';

/** How Windows OpenSSH's SFTP server names `C:\dir\file`: `/C:/dir/file`. */
export function win32OpenSshPath(windowsPath: string): string {
  const p = validateWindowsPath(windowsPath);
  return `/${p[0]!.toUpperCase()}:${p.slice(2).replace(/\\/g, '/')}`;
}

export function isNoSuchFile(err: unknown): boolean {
  const e = err as { code?: unknown; message?: string } | undefined;
  return e?.code === 2 || e?.code === 'ENOENT' || /no such file/i.test(e?.message ?? '');
}

/** An error the SFTP server answered with (a status code), not a lost connection. */
function isSftpStatus(err: unknown): boolean {
  return typeof (err as { code?: unknown } | undefined)?.code === 'number';
}

export function cb2p<T = void>(
  fn: (cb: (err?: Error | null, value?: T) => void) => void,
): Promise<T> {
  return new Promise((resolve, reject) =>
    fn((err, value) => (err ? reject(err) : resolve(value as T))),
  );
}

type Stat = { isDirectory(): boolean };

export class SftpFiles {
  private readonly madeDirs = new Set<string>();

  constructor(
    private readonly conn: SshConnection,
    readonly mapPath: PathMapper = win32OpenSshPath,
  ) {}

  /** The SFTP path of a Windows path (validated). */
  path(windowsPath: string): string {
    return this.mapPath(validateWindowsPath(windowsPath));
  }

  private async mkdirs(windowsDir: string): Promise<void> {
    const dir = validateWindowsPath(windowsDir);
    if (this.madeDirs.has(dir)) return;
    const parts = dir.slice(3).split('\\').filter(Boolean);
    const prefixes = parts.map((_, i) => `${dir.slice(0, 3)}${parts.slice(0, i + 1).join('\\')}`);
    await this.conn.withSftp(`mkdir ${dir}`, async (s) => {
      // Most folders exist already (the deploy user's %TEMP%, a service's folder): one stat of the
      // whole path proves it and its parents, instead of one per level.
      const whole = await cb2p<Stat>((cb) => s.stat(this.path(dir), cb)).catch(() => undefined);
      if (whole?.isDirectory()) {
        for (const p of prefixes) this.madeDirs.add(p);
        return;
      }
      for (let i = 1; i <= parts.length; i++) {
        const win = `${dir.slice(0, 3)}${parts.slice(0, i).join('\\')}`;
        if (this.madeDirs.has(win)) continue;
        const path = this.path(win);
        const stat = await cb2p<Stat>((cb) => s.stat(path, cb)).catch((e: unknown) => {
          if (isNoSuchFile(e)) return undefined;
          throw e;
        });
        if (!stat)
          await cb2p((cb) => s.mkdir(path, cb)).catch(async (e: unknown) => {
            // Made meanwhile by another deploy to this host: fine if it is a folder now.
            const now = await cb2p<Stat>((cb) => s.stat(path, cb)).catch(() => undefined);
            if (now?.isDirectory()) return;
            // "No such file" for a folder whose parent exists: the server does not read this
            // path form. Any other answer of the server is worth showing as it is, with the path.
            if (isSftpStatus(e))
              throw new SftpPathError(
                this.conn.label,
                'making the folder',
                win,
                path,
                errorMessage(e),
              );
            throw e;
          });
        else if (!stat.isDirectory())
          throw new UserError(`${this.conn.label}: ${win} exists and is not a folder`);
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
  async intoFolder(file: string, write: () => Promise<void>): Promise<void> {
    const dir = file.slice(0, file.lastIndexOf('\\'));
    await this.mkdirs(dir);
    try {
      await write();
    } catch (err) {
      if (!isNoSuchFile(err)) throw err;
      this.madeDirs.clear();
      await this.mkdirs(dir);
      await write().catch((again: unknown) => {
        if (!isNoSuchFile(again)) throw again;
        throw new SftpPathError(
          this.conn.label,
          'writing',
          file,
          this.path(file),
          errorMessage(again),
        );
      });
    }
  }

  async upload(localPath: string, windowsPath: string): Promise<void> {
    const final = validateWindowsPath(windowsPath);
    await this.conn.retryOnDrop(`upload of ${final}`, () =>
      this.intoFolder(final, () =>
        this.conn.withSftp(`upload of ${final}`, async (s) => {
          // Written under a temporary name: a cut connection never leaves a truncated file in place.
          const temp = this.path(this.tempName(final, 'part'));
          try {
            // 32 writes of 32 KiB in flight (ssh2's default is 64): 1 MiB a host, which still
            // fills 20 MB/s at 50 ms round trip, and keeps a fleet's uploads at once in memory.
            await cb2p((cb) => s.fastPut(localPath, temp, { concurrency: 32 }, cb));
            await this.replace(s, temp, this.path(final));
          } catch (err) {
            if (this.conn.isConnected) s.unlink(temp, () => undefined);
            throw err;
          }
        }),
      ),
    );
  }

  readFile(windowsPath: string): Promise<Buffer | undefined> {
    return this.read(windowsPath, (s, path) => cb2p<Buffer>((cb) => s.readFile(path, cb)));
  }

  /**
   * The file's SHA-256 as read back, streamed half a megabyte at a time (ssh2 pipelines the reads
   * of a chunk): a fleet verifying its uploads at once holds that a host, not a release a host.
   */
  sha256File(windowsPath: string): Promise<string | undefined> {
    return this.read(windowsPath, (s, path) =>
      sha256OfStream(s.createReadStream(path, { highWaterMark: 512 * 1024 })),
    );
  }

  /** Reads `windowsPath` with `how`, again after a dropped connection; a missing file is undefined. */
  private async read<T>(
    windowsPath: string,
    how: (s: SftpSession, path: string) => Promise<T>,
  ): Promise<T | undefined> {
    const path = this.path(windowsPath);
    return this.conn.retryOnDrop(`read of ${windowsPath}`, () =>
      this.conn.withSftp(`read of ${windowsPath}`, async (s) => {
        try {
          return await how(s, path);
        } catch (err) {
          if (isNoSuchFile(err)) return undefined;
          throw err;
        }
      }),
    );
  }

  async writeFile(windowsPath: string, data: string | Buffer): Promise<void> {
    const final = validateWindowsPath(windowsPath);
    await this.conn.retryOnDrop(`write of ${final}`, () =>
      this.intoFolder(final, () =>
        this.conn.withSftp(`write of ${final}`, async (s) => {
          const temp = this.path(this.tempName(final, 'tmp'));
          await cb2p((cb) => s.writeFile(temp, data, cb));
          await this.replace(s, temp, this.path(final));
        }),
      ),
    );
  }
}
