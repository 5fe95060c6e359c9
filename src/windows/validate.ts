/**
 * Validation of the names and paths winship puts on a Windows host. Everything is checked before
 * anything runs, and refused with a message that says what is allowed.
 */
import { UserError } from '../runner/errors.js';

/**
 * Service names: the SCM allows up to 256 characters except `/` and `\`; winship also uses the name
 * in folder names, registry paths and command lines, so it allows a conservative subset.
 */
export function validateServiceName(name: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$/.test(name) || name.endsWith('.'))
    throw new UserError(
      `Invalid service name '${name}': use 1 to 80 letters, digits, '_', '-' or '.', starting with a letter or digit`,
    );
  return name;
}

const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

/** An absolute local Windows path such as `C:\ProgramData\winship`; returned with `\` separators. */
export function validateWindowsPath(path: string, what = 'path'): string {
  const p = path.replace(/\//g, '\\');
  if (!/^[A-Za-z]:\\/.test(p))
    throw new UserError(
      `Invalid ${what} '${path}': expected an absolute Windows path like C:\\ProgramData\\app`,
    );
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\0-\x1f"<>|?*]/.test(p.slice(2)) || p.slice(2).includes(':'))
    throw new UserError(
      `Invalid ${what} '${path}': control characters and " < > | ? * : are not allowed`,
    );
  if (p.length > 240) throw new UserError(`Invalid ${what} '${path}': longer than 240 characters`);
  const parts = p
    .slice(3)
    .split('\\')
    .filter((s) => s !== '');
  for (const part of parts) {
    if (part === '.' || part === '..')
      throw new UserError(`Invalid ${what} '${path}': '.' and '..' components are not allowed`);
    if (RESERVED.test(part) || /[ .]$/.test(part))
      throw new UserError(`Invalid ${what} '${path}': '${part}' is not a valid Windows file name`);
  }
  return `${p.slice(0, 3)}${parts.join('\\')}`;
}

/** A single file or folder name (no separators). */
export function validateFileName(name: string, what = 'file name'): string {
  if (
    name === '' ||
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
    /[\0-\x1f"<>|?*:\\/]/.test(name) ||
    RESERVED.test(name) ||
    /[ .]$/.test(name) ||
    name === '..'
  )
    throw new UserError(`Invalid ${what} '${name}': not a valid Windows file name`);
  return name;
}

/** True when `text` holds a control character (C0: NUL, tab, newline, …) or DEL. */
export function hasControlCharacter(text: string): boolean {
  return [...text].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
}

/**
 * A value that goes into one argument or registry value (a display name, an account, a service
 * argument): one line, no control characters. Returned unchanged.
 */
export function refuseControlCharacters(value: string, what: string): string {
  if (hasControlCharacter(value))
    throw new UserError(
      `Invalid ${what} ${JSON.stringify(value)}: control characters and newlines are not allowed`,
    );
  return value;
}

/** A release version used as a folder name: semver-like, no path characters. */
export function validateVersion(version: string): string {
  if (!/^[0-9A-Za-z][0-9A-Za-z.+_-]{0,63}$/.test(version) || version.endsWith('.'))
    throw new UserError(
      `Invalid version '${version}': use up to 64 letters, digits, '.', '-', '_' or '+' (for example 1.4.2)`,
    );
  return version;
}

/** Joins Windows path segments that were each validated. */
export function winJoin(...parts: string[]): string {
  return parts
    .map((p, i) => (i === 0 ? p.replace(/\\+$/, '') : p.replace(/^\\+|\\+$/g, '')))
    .filter((p) => p !== '')
    .join('\\');
}
