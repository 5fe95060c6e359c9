/**
 * Folder ACLs on a FakeWindows host, for the engine's `secure folders` step: `powershell.exe`
 * running acl.ts' Get-Acl script prints a folder's SDDL (or `absent`), and `icacls.exe /setowner`
 * and `/inheritance:r /grant:r` change it the way Windows does. A folder nobody locked reads as
 * one an ordinary user made under ProgramData: owned by that user, everything inherited.
 */
import type { ExecResult } from '../../src/hosts/executor.js';
import type { FakeWindows } from './fake-executor.js';

/** A folder created under ProgramData by a local user (the DACL cacls /S shows for one). */
export const USER_MADE =
  'O:S-1-5-21-1-2-3-1001G:S-1-5-21-1-2-3-513D:AI(A;OICIID;FA;;;SY)(A;OICIID;FA;;;BA)(A;OICIIOID;GA;;;CO)(A;OICIID;0x1200a9;;;BU)(A;CIID;DCLCRPCR;;;BU)';

const acls = new WeakMap<FakeWindows, Map<string, string>>();

/** The SDDL each folder has, by lower-case path: set one to plant a folder. */
export function folderAcls(host: FakeWindows): Map<string, string> {
  let m = acls.get(host);
  if (!m) acls.set(host, (m = new Map()));
  return m;
}

const ok = (stdout = ''): ExecResult => ({ exitCode: 0, stdout, stderr: '' });

const RIGHTS: Record<string, string> = { '(OI)(CI)(F)': 'FA', '(OI)(CI)(RX)': '0x1200a9' };
const ALIAS: Record<string, string> = { 'S-1-5-32-544': 'BA', 'S-1-5-18': 'SY' };

/** Answers powershell.exe and icacls.exe; undefined for any other program. */
export function answerAcl(host: FakeWindows, argv: readonly string[]): ExecResult | undefined {
  const [prog = '', ...rest] = argv.map((a) => a);
  const map = folderAcls(host);
  if (prog.toLowerCase() === 'powershell.exe') {
    const script = Buffer.from(rest.at(-1) ?? '', 'base64').toString('utf16le');
    const path = /\$p = '([^']*)'/.exec(script)?.[1] ?? '';
    if (!host.isDir(path)) return ok('absent\r\n');
    return ok(`${map.get(path.toLowerCase()) ?? USER_MADE}\r\n`);
  }
  if (prog.toLowerCase() === 'icacls.exe') {
    const [path = '', ...ops] = rest;
    const k = path.toLowerCase();
    const sddl = map.get(k) ?? USER_MADE;
    if (ops[0] === '/setowner') {
      const owner = ALIAS[(ops[1] ?? '').replace(/^\*/, '')] ?? ops[1] ?? '';
      map.set(k, sddl.replace(/^O:[^:]*?(?=G:|D:)/, `O:${owner}`));
      return ok(
        'processed file: ' +
          path +
          '\r\nSuccessfully processed 1 files; Failed processing 0 files\r\n',
      );
    }
    if (ops[0] === '/inheritance:r' && ops[1] === '/grant:r') {
      const aces = ops.slice(2).map((g) => {
        const i = g.lastIndexOf(':');
        const who = g.slice(0, i).replace(/^\*/, '');
        return `(A;OICI;${RIGHTS[g.slice(i + 1)] ?? '?'};;;${ALIAS[who] ?? who})`;
      });
      const owner = /^O:[^:]*?(?=G:|D:)/.exec(sddl)?.[0] ?? '';
      map.set(k, `${owner}D:PAI${aces.join('')}`);
      return ok(
        'processed file: ' +
          path +
          '\r\nSuccessfully processed 1 files; Failed processing 0 files\r\n',
      );
    }
    return { exitCode: 87, stdout: '', stderr: `Invalid parameter "${ops[0] ?? ''}"` };
  }
  return undefined;
}
