/**
 * The install root and each service folder, locked down: owner Administrators, inheritance off,
 * Administrators and SYSTEM full control, the service account read and execute (service folders
 * only: the root is shared by services that may run as different accounts, and reaching a folder
 * through the root needs no right on it). ProgramData lets any local user create a folder in it,
 * so a folder that already exists is checked and refused unless it is exactly that: winship never
 * adopts a tree someone else may own.
 *
 * Setting uses `icacls` with SIDs (`*S-1-5-32-544`), so it means the same on every display
 * language. Reading uses PowerShell's `Get-Acl`, because `icacls` prints neither the owner nor any
 * SID: it prints account names, which are translated (`VORDEFINIERT\Administratoren` on German
 * Windows). `Get-Acl`'s SDDL (`O:BAD:PAI(A;OICI;FA;;;BA)…`) holds the owner and the DACL as SIDs
 * and codes, the same in every locale.
 */
import { createHash } from 'node:crypto';
import { UserError } from '../runner/errors.js';
import { validateWindowsPath } from './validate.js';

export const ADMINISTRATORS_SID = 'S-1-5-32-544';
export const SYSTEM_SID = 'S-1-5-18';

/** SDDL's two-letter aliases for the SIDs this module meets (owner and ACEs). */
const ALIASES: Record<string, string> = {
  BA: ADMINISTRATORS_SID,
  SY: SYSTEM_SID,
  LS: 'S-1-5-19',
  NS: 'S-1-5-20',
  BU: 'S-1-5-32-545',
  AU: 'S-1-5-11',
  WD: 'S-1-1-0',
  CO: 'S-1-3-0',
  OW: 'S-1-3-4',
  LA: 'LA',
};

const NAMES: Record<string, string> = {
  [ADMINISTRATORS_SID]: 'Administrators',
  [SYSTEM_SID]: 'SYSTEM',
  'S-1-5-19': 'LocalService',
  'S-1-5-20': 'NetworkService',
  'S-1-5-32-545': 'Users',
  'S-1-5-11': 'Authenticated Users',
  'S-1-1-0': 'Everyone',
  'S-1-3-0': 'CREATOR OWNER',
};

const sidName = (sid: string) => (NAMES[sid] ? `${NAMES[sid]} (${sid})` : sid);

/**
 * The SID of a virtual service account `NT SERVICE\<name>`: S-1-5-80 and the SHA-1 of the upper
 * case UTF-16LE name as five little-endian numbers. Known before the service exists, which the
 * name is not (icacls cannot resolve `NT SERVICE\x` until x is registered).
 */
export function virtualAccountSid(serviceName: string): string {
  const digest = createHash('sha1')
    .update(Buffer.from(serviceName.toUpperCase(), 'utf16le'))
    .digest();
  const parts = [0, 4, 8, 12, 16].map((o) => digest.readUInt32LE(o));
  return `S-1-5-80-${parts.join('-')}`;
}

/**
 * Who the service account is for an ACL: `system` (already has full control), a SID known
 * without asking the host, or only a name (domain and local users, gMSAs: the host resolves it).
 */
export type AccountTrustee = 'system' | { sid: string } | { name: string };

export function accountTrustee(account: string): AccountTrustee {
  const a = account.toLowerCase();
  if (a === 'localsystem' || a === '.\\localsystem' || a === 'nt authority\\system')
    return 'system';
  if (a === 'nt authority\\localservice') return { sid: 'S-1-5-19' };
  if (a === 'nt authority\\networkservice') return { sid: 'S-1-5-20' };
  if (a.startsWith('nt service\\')) return { sid: virtualAccountSid(account.slice(11)) };
  return { name: account };
}

/** What a folder's ACL must grant: the root gets no service account. */
export interface FolderLock {
  path: string;
  /** The service account (service folders), or undefined (the root). */
  account?: string;
}

const FULL = '(OI)(CI)(F)';
const READ_EXECUTE = '(OI)(CI)(RX)';

/**
 * Locks a folder winship just created: owner Administrators, then inherited entries removed and
 * exactly these grants in their place (`/grant:r` replaces what a SID had).
 */
export function lockFolderArgvs(lock: FolderLock): string[][] {
  const path = validateWindowsPath(lock.path, 'install folder');
  if (/^[A-Za-z]:\\$/.test(path))
    throw new UserError(
      `Invalid install folder '${path}': a drive's root is never locked down by winship; use a folder of its own such as C:\\ProgramData\\winship`,
    );
  const grants = [`*${ADMINISTRATORS_SID}:${FULL}`, `*${SYSTEM_SID}:${FULL}`];
  const who = lock.account === undefined ? 'system' : accountTrustee(lock.account);
  if (who !== 'system')
    grants.push('sid' in who ? `*${who.sid}:${READ_EXECUTE}` : `${who.name}:${READ_EXECUTE}`);
  return [
    ['icacls.exe', path, '/setowner', `*${ADMINISTRATORS_SID}`],
    ['icacls.exe', path, '/inheritance:r', '/grant:r', ...grants],
  ];
}

/**
 * Prints the folder's security descriptor as SDDL, or `absent` when there is no such folder. The
 * script travels base64-encoded (`-EncodedCommand`), so no quoting layer sees it; the path sits
 * in a single-quoted PowerShell string, where only quote characters are special, and those are
 * refused.
 */
export function readFolderSecurityArgv(path: string): string[] {
  const p = validateWindowsPath(path, 'install folder');
  if (/['\u2018\u2019\u201a\u201b]/.test(p))
    throw new UserError(`Invalid install folder '${p}': quote characters are not allowed`);
  const script =
    `$ErrorActionPreference = 'Stop'; $p = '${p}'; ` +
    `if (Test-Path -LiteralPath $p -PathType Container) { (Get-Acl -LiteralPath $p).Sddl } else { 'absent' }`;
  return [
    'powershell.exe',
    '-NoLogo',
    '-NoProfile',
    '-NonInteractive',
    '-EncodedCommand',
    Buffer.from(script, 'utf16le').toString('base64'),
  ];
}

export interface Ace {
  /** `A` allow, `D` deny, … */
  type: string;
  /** Two-letter flags: OI, CI, IO, NP, ID (inherited). */
  flags: string[];
  /** The access mask. */
  mask: number | undefined;
  sid: string;
}

export interface FolderSecurity {
  owner: string | undefined;
  /** `P` in the DACL flags: inheritance from the parent is off. */
  protected: boolean;
  aces: Ace[];
}

const RIGHTS: Record<string, number> = {
  FA: 0x1f01ff,
  FR: 0x120089,
  FW: 0x120116,
  FX: 0x1200a0,
  GA: 0x10000000,
  GX: 0x20000000,
  GW: 0x40000000,
  GR: 0x80000000,
};

function mask(rights: string): number | undefined {
  if (/^0x[0-9a-f]+$/i.test(rights)) return Number(rights);
  if (!/^([A-Z]{2})+$/.test(rights)) return undefined;
  let m = 0;
  for (const r of rights.match(/[A-Z]{2}/g) ?? []) {
    const v = RIGHTS[r];
    if (v === undefined) return undefined;
    m = (m | v) >>> 0;
  }
  return m;
}

const sid = (s: string) => ALIASES[s] ?? s;

/**
 * Reads `Get-Acl`'s SDDL, bare (what `readFolderSecurityArgv` prints) or as the `Sddl :` field of
 * `Get-Acl | Format-List`, whose long value wraps onto indented lines. `absent` for no folder;
 * undefined when the output holds no security descriptor (PowerShell missing or a stub).
 */
export function parseFolderSecurity(stdout: string): FolderSecurity | 'absent' | undefined {
  const lines = stdout.split(/\r?\n/);
  const field = lines.findIndex((l) => /^Sddl\s*:/.test(l));
  let text: string;
  if (field >= 0) {
    const rest = lines.slice(field + 1);
    const end = rest.findIndex((l) => !/^\s/.test(l) || l.trim() === '');
    const wrapped = end < 0 ? rest : rest.slice(0, end);
    text = [(lines[field] ?? '').replace(/^Sddl\s*:/, ''), ...wrapped].join('');
  } else text = stdout;
  text = text.replace(/\s+/g, '');
  if (text === 'absent') return 'absent';
  const m =
    /^(?:O:(S-1-[0-9-]+|[A-Z]{2}))?(?:G:(?:S-1-[0-9-]+|[A-Z]{2}))?D:([A-Z]*)((?:\([^()]*\))*)(?:S:.*)?$/.exec(
      text,
    );
  if (!m) return undefined;
  const aces = [...(m[3] ?? '').matchAll(/\(([^()]*)\)/g)].map((a) => {
    const [type = '', flags = '', rights = '', , , who = ''] = (a[1] ?? '').split(';');
    return { type, flags: flags.match(/[A-Z]{2}/g) ?? [], mask: mask(rights), sid: sid(who) };
  });
  return {
    owner: m[1] === undefined ? undefined : sid(m[1]),
    protected: (m[2] ?? '').includes('P'),
    aces,
  };
}

const RX_MASK = 0x1200a9;
const FA_MASK = 0x1f01ff;

/**
 * What differs from the locked layout, one phrase each (empty: exactly right). An account known
 * only by name (a domain user, a gMSA) is matched as one read-and-execute entry for an account
 * SID, as its SID cannot be known without asking a domain controller.
 */
export function folderSecurityProblems(security: FolderSecurity, lock: FolderLock): string[] {
  const problems: string[] = [];
  if (security.owner !== ADMINISTRATORS_SID)
    problems.push(
      `its owner is ${security.owner === undefined ? 'not shown' : sidName(security.owner)}, not Administrators`,
    );
  if (!security.protected || security.aces.some((a) => a.flags.includes('ID')))
    problems.push('it inherits entries from its parent folder');
  const who = lock.account === undefined ? 'system' : accountTrustee(lock.account);
  const wanted: { sid: string | 'account'; mask: number; label: string }[] = [
    { sid: ADMINISTRATORS_SID, mask: FA_MASK, label: sidName(ADMINISTRATORS_SID) },
    { sid: SYSTEM_SID, mask: FA_MASK, label: sidName(SYSTEM_SID) },
  ];
  if (who !== 'system')
    wanted.push({
      sid: 'sid' in who ? who.sid : 'account',
      mask: RX_MASK,
      label: `the service account ${lock.account ?? ''}${'sid' in who ? ` (${who.sid})` : ''}`,
    });
  const left = [...wanted];
  for (const ace of security.aces.filter((a) => !a.flags.includes('ID'))) {
    const inherits = ace.flags.length === 2 && ace.flags.includes('OI') && ace.flags.includes('CI');
    const exact = ace.type === 'A' && inherits;
    const i = left.findIndex(
      (w) =>
        exact &&
        w.mask === ace.mask &&
        (w.sid === ace.sid || (w.sid === 'account' && /^S-1-5-21-/.test(ace.sid))),
    );
    if (i >= 0) left.splice(i, 1);
    else
      problems.push(
        `it has an entry ${ace.type === 'D' ? 'denying' : 'granting'} ${sidName(ace.sid)} ${ace.mask === undefined ? 'unknown rights' : `0x${ace.mask.toString(16)}`}${inherits ? '' : ` (${ace.flags.join('') || 'this folder only'})`}`,
      );
  }
  for (const w of left)
    problems.push(
      `it does not grant ${w.label} ${w.mask === FA_MASK ? 'full control' : 'read and execute'} to the folder and everything in it`,
    );
  return problems;
}

/** The refusal for a folder that exists but is not exactly locked, with the two ways out. */
export function unlockedFolderError(lock: FolderLock, problems: readonly string[]): UserError {
  const commands = lockFolderArgvs(lock)
    .map((argv) => argv.map((a) => (/[\s()]/.test(a) ? `"${a}"` : a)).join(' '))
    .join(' && ');
  return new UserError(
    `The folder ${lock.path} exists but is not locked down as winship keeps it: ${problems.join('; ')}. ` +
      'winship does not take over a folder that someone else may have created: check what is in it, then delete it (the next deploy creates and locks it) ' +
      `or, if the folder is winship's alone, lock it yourself as an administrator: ${commands}`,
  );
}
