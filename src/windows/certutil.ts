/**
 * `certutil -hashfile <file> SHA256` and a parser of its digest line. Windows before 10 printed the
 * digest as spaced byte pairs (`4b 9f 31 …`), Windows 10 and later as one lower-case string; the
 * header and the closing line are localized, so the parser looks only for the line of hex digits.
 */
import { validateWindowsPath } from './validate.js';

export function certutilSha256(windowsPath: string): string[] {
  return ['certutil.exe', '-hashfile', validateWindowsPath(windowsPath), 'SHA256'];
}

const DIGEST_LENGTHS = new Set([32, 40, 64, 96, 128]); // MD5, SHA1, SHA256, SHA384, SHA512

/** The lower-case hex digest in `certutil -hashfile` output, or undefined when there is none. */
export function parseCertutilHash(stdout: string): string | undefined {
  for (const raw of stdout.split('\n')) {
    const line = raw.replace(/\r$/, '').trim();
    if (!/^[0-9a-fA-F]{2}( ?[0-9a-fA-F]{2})*$/.test(line)) continue;
    const hex = line.replace(/ /g, '').toLowerCase();
    if (DIGEST_LENGTHS.has(hex.length)) return hex;
  }
  return undefined;
}
