/**
 * The Wine lab, contained: the one module that reads the environment variables with which tests,
 * benchmarks and the local pipeline stand Wine in for Windows. The product's code paths take what
 * this module returns (a path mapper, capabilities, a prefix) and know nothing else of Wine.
 *
 *   WINSHIP_SSH_WINE_HOSTS=1   the SSH hosts are lab hosts: sshd in front of a Wine prefix
 *                              (`lab/sshd.ts`), whose sftp-server starts in the
 *                              prefix's `dosdevices` folder and whose certutil is a stub.
 *   WINSHIP_WINE_PREFIX=<dir>  `mode: local` on Linux runs in this Wine prefix.
 */
import { validateWindowsPath } from '../windows/validate.js';
import type { ExecutorCapabilities, PathMapper } from './executor.js';

export interface LabSettings {
  sshWineHosts: boolean;
  winePrefix?: string;
}

export function labSettings(env: NodeJS.ProcessEnv = process.env): LabSettings {
  const prefix = env.WINSHIP_WINE_PREFIX;
  return {
    sshWineHosts: /^(1|true)$/i.test(env.WINSHIP_SSH_WINE_HOSTS ?? ''),
    ...(prefix ? { winePrefix: prefix } : {}),
  };
}

/** What differs about an SSH host; empty for Windows hosts (the SSH executor's defaults). */
export interface SshHostProfile {
  mapPath?: PathMapper;
  capabilities?: ExecutorCapabilities;
}

/**
 * `C:\dir\file` as `c:/dir/file`: relative to the lab host's sftp-server start folder
 * (`<prefix>/dosdevices`), where `c:` is Wine's link to drive C.
 */
export function wineSftpPath(windowsPath: string): string {
  const p = validateWindowsPath(windowsPath);
  return `${p[0]!.toLowerCase()}:${p.slice(2).replace(/\\/g, '/')}`;
}

/** The profile of a Wine-backed lab SSH host. */
export const WINE_SSH_HOST: Required<SshHostProfile> = {
  mapPath: wineSftpPath,
  capabilities: { hashFile: false, acls: false },
};

export function sshHostProfile(env: NodeJS.ProcessEnv = process.env): SshHostProfile {
  return labSettings(env).sshWineHosts ? WINE_SSH_HOST : {};
}
