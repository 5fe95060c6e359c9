/**
 * Files and TCP for the executors whose host shares this machine's file system and network: the
 * local Windows executor (paths as they are) and Wine (paths inside the prefix). Each is given a
 * PathMapper; writes go to a temporary name first, so a reader never sees half a file.
 */
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { hashFile } from '../runner/sha256.js';
import { dirname } from 'node:path';
import type { Duplex } from 'node:stream';
import type { Executor, PathMapper } from './executor.js';

export type LocalFileOps = Pick<
  Executor,
  'upload' | 'readFile' | 'sha256File' | 'writeFile' | 'openTcp'
>;

/** upload/readFile/sha256File/writeFile over `map` (which validates the Windows path), openTcp on loopback. */
export function localFileOps(map: PathMapper): LocalFileOps {
  const replaceWith = async (target: string, write: (tmp: string) => Promise<void>) => {
    await mkdir(dirname(target), { recursive: true });
    const tmp = `${target}.${randomBytes(4).toString('hex')}.part`;
    await write(tmp);
    await rename(tmp, target);
  };
  return {
    // async: a refused path is a rejected promise, as from every other executor.
    upload: async (localPath, windowsPath) =>
      replaceWith(map(windowsPath), (tmp) => copyFile(localPath, tmp)),
    writeFile: async (windowsPath, data) =>
      replaceWith(map(windowsPath), (tmp) => writeFile(tmp, data)),
    readFile: async (windowsPath) => unlessMissing(readFile(map(windowsPath))),
    sha256File: async (windowsPath) =>
      unlessMissing(hashFile(map(windowsPath)).then((d) => d.sha256)),
    openTcp: openLoopbackTcp,
  };
}

/** What `read` gives, or undefined when the file (or a folder on its path) does not exist. */
async function unlessMissing<T>(read: Promise<T>): Promise<T | undefined> {
  try {
    return await read;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw e;
  }
}

/** A TCP connection made from this machine (the host's network is ours). */
export function openLoopbackTcp(host: string, port: number): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.removeListener('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}
