/**
 * `reg.exe` as argument vectors and a parser of `reg query` output. The parser reads only what is
 * the same in every locale: the key line, the `REG_*` type token and the data (hex numbers, strings,
 * `\0`-joined lists); words such as `(Default)` or error messages are never interpreted.
 *
 * Longer than most modules (about 390 lines) and kept whole: the argument vectors and the parser
 * are one contract with reg.exe (each builder's output is what the parser reads back), and the
 * locale-independent reading is easier to check when both sides are on one page.
 */
import { UserError } from '../runner/errors.js';
import { hasControlCharacter } from './validate.js';

export type RegType =
  | 'REG_SZ'
  | 'REG_EXPAND_SZ'
  | 'REG_MULTI_SZ'
  | 'REG_DWORD'
  | 'REG_QWORD'
  | 'REG_BINARY'
  | 'REG_NONE';

export const REG_TYPES: readonly RegType[] = [
  'REG_SZ',
  'REG_EXPAND_SZ',
  'REG_MULTI_SZ',
  'REG_DWORD',
  'REG_QWORD',
  'REG_BINARY',
  'REG_NONE',
];

export type RegData = string | string[] | number | bigint | Buffer;

export interface RegValue {
  name: string;
  type: RegType;
  /** REG_SZ/REG_EXPAND_SZ: string; REG_MULTI_SZ: string[]; REG_DWORD: number; REG_QWORD: bigint; else Buffer. */
  data: RegData;
}

export interface RegKeyBlock {
  /** The key as reg.exe echoes it: root expanded (`HKEY_LOCAL_MACHINE\...`), sub-path as typed. */
  key: string;
  values: RegValue[];
}

const ROOTS: Record<string, string> = {
  HKLM: 'HKEY_LOCAL_MACHINE',
  HKCU: 'HKEY_CURRENT_USER',
  HKCR: 'HKEY_CLASSES_ROOT',
  HKU: 'HKEY_USERS',
  HKCC: 'HKEY_CURRENT_CONFIG',
};
const LONG_ROOTS = Object.values(ROOTS);

/**
 * A registry key path such as `HKLM\SOFTWARE\App`: a known root, non-empty components, no control
 * characters. Returned with the root abbreviated (`HKLM\...`) and without a trailing `\`.
 */
export function validateRegKey(key: string): string {
  const parts = key.replace(/\\+$/, '').split('\\');
  const root = (parts[0] ?? '').toUpperCase();
  const short = ROOTS[root] ? root : Object.keys(ROOTS).find((k) => ROOTS[k] === root);
  if (!short || parts.length < 2)
    throw new UserError(
      `Invalid registry key '${key}': expected a path under HKLM, HKCU, HKCR, HKU or HKCC such as HKLM\\SOFTWARE\\App`,
    );
  const rest = parts.slice(1);
  for (const p of rest) {
    if (p === '' || p.length > 255 || hasControlCharacter(p))
      throw new UserError(
        `Invalid registry key '${key}': empty components, components over 255 characters and control characters are not allowed`,
      );
  }
  return [short, ...rest].join('\\');
}

/** A value name: up to 16383 characters, no control characters (empty = the default value). */
export function validateRegValueName(name: string): string {
  if (name.length > 16383 || hasControlCharacter(name))
    throw new UserError(
      `Invalid registry value name ${JSON.stringify(name)}: control characters are not allowed`,
    );
  return name;
}

/** `HKEY_LOCAL_MACHINE\X` and `hklm\x` compare equal: registry paths are case-insensitive. */
export function sameRegKey(a: string, b: string): boolean {
  const norm = (k: string) => {
    const [root = '', ...rest] = k.replace(/\\+$/, '').split('\\');
    return [ROOTS[root.toUpperCase()] ?? root.toUpperCase(), ...rest].join('\\').toUpperCase();
  };
  return norm(a) === norm(b);
}

function valueArgs(name: string): string[] {
  return name === '' ? ['/ve'] : ['/v', validateRegValueName(name)];
}

/** `reg query <key> [/v <name>]`: exit 0 with the value(s), exit 1 when the key or value is absent. */
export function regQuery(key: string, name?: string): string[] {
  const argv = ['reg.exe', 'query', validateRegKey(key)];
  return name === undefined ? argv : [...argv, ...valueArgs(name)];
}

/** `reg delete <key> /v <name> /f`. */
export function regDelete(key: string, name: string): string[] {
  return ['reg.exe', 'delete', validateRegKey(key), ...valueArgs(name), '/f'];
}

/** `reg delete <key> /f`: the whole key with its subkeys (used to clean up test keys). */
export function regDeleteKey(key: string): string[] {
  return ['reg.exe', 'delete', validateRegKey(key), '/f'];
}

/**
 * Separators tried for REG_MULTI_SZ when reg.exe's default `\0` would be ambiguous: printable,
 * not a cmd.exe metacharacter (escaping would work, but a plain character keeps the command line
 * readable in logs).
 */
const SEPARATORS = ['|', ';', ',', '#', '~', '*', '+', '=', '@', '$', '`', '\u00a7', '\u00b6'];

/**
 * The `/s` and `/d` arguments for a REG_MULTI_SZ. reg.exe splits `/d` at its separator, `\0` by
 * default (Microsoft, "reg add": "If not specified, the default separator is \0"). The default is
 * used unless an item contains `\0` or ends with `\` (where `a\` + `\0` would read as `a\\0`); then
 * the first character from SEPARATORS found in no item is passed with `/s`. reg.exe cannot store an
 * empty item (two separators in a row are rejected), so empty items are refused.
 */
export function multiSzArgs(items: readonly string[]): string[] {
  if (items.some((i) => i === ''))
    throw new UserError(
      'A REG_MULTI_SZ value cannot contain empty strings: remove the empty items',
    );
  const ambiguous = items.some((i) => i.includes('\\0') || i.endsWith('\\'));
  if (!ambiguous) return ['/d', items.join('\\0')];
  const sep = SEPARATORS.find((s) => items.every((i) => !i.includes(s)));
  if (!sep)
    throw new UserError(
      `Cannot write REG_MULTI_SZ ${JSON.stringify(items)}: every separator reg.exe could use occurs in the data`,
    );
  return ['/s', sep, '/d', items.join(sep)];
}

const DWORD_MAX = 0xffffffff;
const QWORD_MAX = (1n << 64n) - 1n;

/** Normalizes and checks data for a type; throws a UserError naming the value when it does not fit. */
export function checkRegData(type: RegType, data: RegData, what: string): RegData {
  const bad = (expected: string) =>
    new UserError(
      `Registry value ${what}: ${type} data must be ${expected}, got ${JSON.stringify(String(data))}`,
    );
  switch (type) {
    case 'REG_DWORD': {
      const n = typeof data === 'bigint' ? Number(data) : data;
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > DWORD_MAX)
        throw bad('an integer from 0 to 4294967295');
      return n;
    }
    case 'REG_QWORD': {
      let n: bigint;
      if (typeof data === 'bigint') n = data;
      else if (typeof data === 'number' && Number.isSafeInteger(data)) n = BigInt(data);
      else if (typeof data === 'string' && /^(0x[0-9a-fA-F]+|[0-9]+)$/.test(data)) n = BigInt(data);
      else throw bad('an integer from 0 to 18446744073709551615');
      if (n < 0n || n > QWORD_MAX) throw bad('an integer from 0 to 18446744073709551615');
      return n;
    }
    case 'REG_SZ':
    case 'REG_EXPAND_SZ':
      if (typeof data !== 'string') throw bad('a string');
      if (/[\r\n\0]/.test(data)) throw bad('a single line without NUL');
      return data;
    case 'REG_MULTI_SZ':
      if (!Array.isArray(data) || data.some((s) => typeof s !== 'string'))
        throw bad('a list of strings');
      if (data.some((s) => /[\r\n\0]/.test(s)))
        throw bad('a list of single-line strings without NUL');
      return [...data];
    case 'REG_BINARY':
    case 'REG_NONE':
      if (Buffer.isBuffer(data)) return data;
      if (typeof data === 'string' && /^([0-9a-fA-F]{2})*$/.test(data))
        return Buffer.from(data, 'hex');
      throw bad('hex bytes such as 0a1b2c');
  }
}

/** The data as reg.exe's `/d` wants it (without the REG_MULTI_SZ separator handling). */
function dataText(type: RegType, data: RegData): string {
  if (type === 'REG_DWORD' || type === 'REG_QWORD') return String(data);
  if (Buffer.isBuffer(data)) return data.toString('hex');
  return String(data);
}

/** `reg add <key> /v <name> /t <type> [/s <sep>] /d <data> /f`, data checked against the type. */
export function regAdd(key: string, name: string, type: RegType, data: RegData): string[] {
  const what = `${key}\\${name}`;
  const checked = checkRegData(type, data, what);
  const head = ['reg.exe', 'add', validateRegKey(key), ...valueArgs(name), '/t', type];
  if (type === 'REG_MULTI_SZ') return [...head, ...multiSzArgs(checked as string[]), '/f'];
  return [...head, '/d', dataText(type, checked), '/f'];
}

// Value lines: 4 blanks, name, 4 blanks, type, then 4 blanks and data (data may be empty, and the
// trailing blanks are then sometimes lost). Names may contain blanks.
const VALUE_LINE = /^ {4}(.*?) {4}(REG_[A-Z0-9_]+)(?: {4}(.*))?$/;
const KEY_LINE = /^(HKEY_[A-Z_]+)(\\.*)?$/;

function parseData(type: RegType, text: string): RegData | undefined {
  switch (type) {
    case 'REG_SZ':
    case 'REG_EXPAND_SZ':
      return text;
    case 'REG_MULTI_SZ':
      return text === '' ? [] : text.split('\\0');
    case 'REG_DWORD': {
      const m = /^0x([0-9a-fA-F]{1,8})$/.exec(text.trim());
      return m ? parseInt(m[1] ?? '', 16) : undefined;
    }
    case 'REG_QWORD': {
      const m = /^0x([0-9a-fA-F]{1,16})$/.exec(text.trim());
      return m ? BigInt(`0x${m[1]}`) : undefined;
    }
    case 'REG_BINARY':
    case 'REG_NONE': {
      const hex = text.trim();
      return /^([0-9a-fA-F]{2})*$/.test(hex) ? Buffer.from(hex, 'hex') : undefined;
    }
  }
}

/** Every key block of `reg query` output (one for a plain query, one per key with `/s`). */
export function parseRegQueryKeys(stdout: string): RegKeyBlock[] {
  const blocks: RegKeyBlock[] = [];
  let current: RegKeyBlock | undefined;
  for (const raw of stdout.split('\n')) {
    const line = raw.replace(/\r$/, '');
    const key = KEY_LINE.exec(line);
    if (key && LONG_ROOTS.includes(key[1] ?? '')) {
      current = { key: line, values: [] };
      blocks.push(current);
      continue;
    }
    const m = VALUE_LINE.exec(line);
    if (!m || !current) continue;
    const type = m[2] as RegType;
    if (!REG_TYPES.includes(type)) continue; // REG_DWORD_BIG_ENDIAN, REG_LINK, ...: never ours
    const data = parseData(type, m[3] ?? '');
    if (data === undefined) continue;
    current.values.push({ name: m[1] ?? '', type, data });
  }
  return blocks;
}

/** The values in `reg query` output, in order (all keys together for `/s`). */
export function parseRegQuery(stdout: string): RegValue[] {
  return parseRegQueryKeys(stdout).flatMap((b) => b.values);
}

/** Data printed the way reg.exe prints it (hex numbers, `\0`-joined lists), for plans and logs. */
export function formatRegData(type: RegType, data: RegData): string {
  switch (type) {
    case 'REG_DWORD':
    case 'REG_QWORD': {
      const n = typeof data === 'bigint' ? data : BigInt(data as number);
      return `${n} (0x${n.toString(16)})`;
    }
    case 'REG_MULTI_SZ':
      return (data as string[]).join('\\0');
    case 'REG_BINARY':
    case 'REG_NONE':
      return Buffer.isBuffer(data) ? data.toString('hex') : String(data);
    default:
      return String(data);
  }
}

/** Equal type and data (numbers compared as integers, lists item by item, binaries by bytes). */
export function sameRegValue(
  a: { type: RegType; data: RegData },
  b: { type: RegType; data: RegData },
): boolean {
  if (a.type !== b.type) return false;
  const x = a.data;
  const y = b.data;
  if (Array.isArray(x) || Array.isArray(y))
    return (
      Array.isArray(x) && Array.isArray(y) && x.length === y.length && x.every((s, i) => s === y[i])
    );
  if (Buffer.isBuffer(x) || Buffer.isBuffer(y))
    return Buffer.isBuffer(x) && Buffer.isBuffer(y) && x.equals(y);
  if (typeof x === 'number' || typeof x === 'bigint')
    return (typeof y === 'number' || typeof y === 'bigint') && BigInt(x) === BigInt(y);
  return x === y;
}

/**
 * `reg export <key> <file> /y`: the key and its subkeys in Registry Editor format. Used where
 * `reg query` cannot print a value exactly: REG_MULTI_SZ items are joined with `\0` (ambiguous when
 * an item ends in `\` or contains `\0`) and Wine's reg prints REG_QWORD as `(null)`.
 */
export function regExport(key: string, windowsFile: string): string[] {
  return ['reg.exe', 'export', validateRegKey(key), windowsFile, '/y'];
}

function decodeRegFile(buf: Buffer): string {
  if (buf[0] === 0xff && buf[1] === 0xfe) return buf.subarray(2).toString('utf16le');
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf)
    return buf.subarray(3).toString('utf8');
  return buf.toString('utf8');
}

function unescapeRegString(s: string): string {
  return s.replace(/\\(.)/g, '$1');
}

function hexBytes(list: string): Buffer | undefined {
  const parts = list
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (!parts.every((p) => /^[0-9a-fA-F]{2}$/.test(p))) return undefined;
  return Buffer.from(parts.map((p) => parseInt(p, 16)));
}

function utf16z(bytes: Buffer): string {
  const even = bytes.subarray(0, bytes.length - (bytes.length % 2));
  return even.toString('utf16le');
}

function exportedValue(text: string): { type: RegType; data: RegData } | undefined {
  if (text.startsWith('"') && text.endsWith('"'))
    return { type: 'REG_SZ', data: unescapeRegString(text.slice(1, -1)) };
  const dword = /^dword:([0-9a-fA-F]{8})$/.exec(text);
  if (dword) return { type: 'REG_DWORD', data: parseInt(dword[1] ?? '0', 16) };
  const hex = /^hex(?:\(([0-9a-fA-F]+)\))?:(.*)$/.exec(text);
  if (!hex) return undefined;
  const bytes = hexBytes(hex[2] ?? '');
  if (!bytes) return undefined;
  switch ((hex[1] ?? '3').toLowerCase()) {
    case '0':
      return { type: 'REG_NONE', data: bytes };
    case '3':
      return { type: 'REG_BINARY', data: bytes };
    case '1':
      return { type: 'REG_SZ', data: utf16z(bytes).replace(/\0+$/, '') };
    case '2':
      return { type: 'REG_EXPAND_SZ', data: utf16z(bytes).replace(/\0+$/, '') };
    case '4':
      return bytes.length === 4 ? { type: 'REG_DWORD', data: bytes.readUInt32LE(0) } : undefined;
    case '7': {
      const items = utf16z(bytes).split('\0');
      while (items.length > 0 && items[items.length - 1] === '') items.pop();
      return { type: 'REG_MULTI_SZ', data: items };
    }
    case 'b':
      return bytes.length === 8 ? { type: 'REG_QWORD', data: bytes.readBigUInt64LE(0) } : undefined;
    default:
      return undefined;
  }
}

/** The keys and values of a `reg export` file (UTF-16 with BOM on Windows and Wine). */
export function parseRegExport(file: Buffer): RegKeyBlock[] {
  const text = decodeRegFile(file).replace(/\\\r?\n[ \t]*/g, '');
  const blocks: RegKeyBlock[] = [];
  let current: RegKeyBlock | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith('[') && line.endsWith(']')) {
      current = { key: line.slice(1, -1), values: [] };
      blocks.push(current);
      continue;
    }
    if (!current) continue;
    let name: string;
    let rest: string;
    if (line.startsWith('@=')) {
      name = '';
      rest = line.slice(2);
    } else {
      const m = /^"((?:[^"\\]|\\.)*)"=(.*)$/.exec(line);
      if (!m) continue;
      name = unescapeRegString(m[1] ?? '');
      rest = m[2] ?? '';
    }
    const value = exportedValue(rest);
    if (value) current.values.push({ name, ...value });
  }
  return blocks;
}
