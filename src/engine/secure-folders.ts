/**
 * The install root and the service's folder, created locked or checked before anything is put in
 * them (the lock folder, the release, the state file). A folder that exists and is not exactly
 * as winship locks it is refused: ProgramData lets any local user create it first, and whoever
 * owns it owns the binaries a service runs, often as LocalSystem.
 */
import type { Executor } from '../hosts/executor.js';
import { UserError } from '../runner/errors.js';
import {
  folderSecurityProblems,
  lockFolderArgvs,
  parseFolderSecurity,
  readFolderSecurityArgv,
  unlockedFolderError,
  type FolderLock,
} from '../windows/acl.js';
import { mkdirArgv } from '../windows/release.js';
import type { Ctx } from './context.js';
import { runOk } from './host.js';

/** Whether ACLs can be set and read on the host (not on the Wine stand-ins). */
export function aclsEnforceable(exec: Executor): boolean {
  return exec.capabilities.acls;
}

export const ACLS_SKIPPED =
  'this host cannot set or read ACLs (a Wine stand-in): the install folders are not locked down';

async function readSecurity(c: Ctx, path: string) {
  const r = await c.exec.run(readFolderSecurityArgv(path), { timeoutMs: 60_000 });
  const security = r.exitCode === 0 ? parseFolderSecurity(r.stdout) : undefined;
  if (security === undefined)
    throw new UserError(
      `Could not read the owner and ACL of ${path} on ${c.exec.label} (PowerShell's Get-Acl, exit code ${r.exitCode}${r.stderr.trim() ? `: ${r.stderr.trim().split(/\r?\n/)[0]}` : ''}): winship checks the folder before it puts anything in it; check that powershell.exe runs for the deploy user`,
    );
  return security;
}

async function secure(c: Ctx, lock: FolderLock): Promise<void> {
  const found = await readSecurity(c, lock.path);
  if (found === 'absent') {
    await runOk(c.exec, mkdirArgv(lock.path), `create ${lock.path}`);
    for (const argv of lockFolderArgvs(lock)) await runOk(c.exec, argv, `lock ${lock.path}`);
    const locked = await readSecurity(c, lock.path);
    const problems =
      locked === 'absent' ? ['it was not created'] : folderSecurityProblems(locked, lock);
    if (problems.length > 0)
      throw new UserError(
        `The folder ${lock.path} was created but locking it did not take: ${problems.join('; ')}`,
      );
    c.log.info(
      `[${c.req.service.name}] created ${lock.path}, owned by Administrators, inheritance off`,
    );
    return;
  }
  const problems = folderSecurityProblems(found, lock);
  if (problems.length > 0) throw unlockedFolderError(lock, problems);
}

/** The root first (the service folder is made inside it), then the service's folder. */
export async function secureFolders(c: Ctx): Promise<void> {
  const dir = c.paths.serviceDir;
  await secure(c, { path: dir.slice(0, dir.lastIndexOf('\\')) || dir });
  await secure(c, { path: c.paths.serviceDir, account: c.req.service.account });
}
