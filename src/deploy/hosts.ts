/**
 * The `hosts` input: `user@host:port`, one a line or comma-separated. Every entry is checked
 * before any connection is made; a bad one is refused with its line and what to write instead.
 */
import { isIP } from 'node:net';
import { InputError } from '../runner/errors.js';
import { splitList } from '../runner/inputs.js';
import { targetLabel, type SshTarget } from '../hosts/ssh.js';

const HOSTNAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
/**
 * A last label that is a number (decimal or 0x hex) makes the name an IPv4 literal to the
 * resolver (inet_aton reads 10.1, 2130706433 and 0x7f.1 as addresses), so it must be a valid one.
 */
const NUMERIC_LAST_LABEL = /(?:^|\.)(?:\d+|0x[0-9a-f]*)$/i;
const IPV4_HELP = 'four numbers from 0 to 255 without leading zeros, like 10.0.0.5';
/** Windows and domain user names: `admin`, `DOMAIN\deploy`, `deploy@corp.example`, `svc-deploy$`. */
const USER = /^[A-Za-z0-9._$-]+(?:[\\@][A-Za-z0-9._$-]+)*$/;

/** Parses one `user@host[:port]` entry (IPv6 in brackets: `user@[2001:db8::1]:22`). */
export function parseHost(entry: string, input = 'hosts'): SshTarget {
  const at = entry.lastIndexOf('@');
  if (at <= 0)
    throw new InputError(input, `'${entry}' has no user: write it as user@${entry || 'host'}:22`);
  const user = entry.slice(0, at);
  const rest = entry.slice(at + 1);
  if (!USER.test(user) || user.length > 104)
    throw new InputError(input, `'${entry}': '${user}' is not a valid user name`);
  let host: string;
  let portText: string | undefined;
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(rest);
  if (bracketed) {
    host = bracketed[1]!;
    portText = bracketed[2];
    if (isIP(host) !== 6)
      throw new InputError(
        input,
        `'${entry}': '[${host}]' is not an IPv6 address${isIP(host) === 4 ? ' (write an IPv4 address without brackets)' : ', like [2001:db8::1]'}`,
      );
  } else {
    const parts = rest.split(':');
    if (parts.length > 2)
      throw new InputError(
        input,
        `'${entry}': write an IPv6 address in brackets, like user@[2001:db8::1]:22`,
      );
    host = parts[0]!;
    portText = parts[1];
    if (NUMERIC_LAST_LABEL.test(host)) {
      if (isIP(host) !== 4)
        throw new InputError(input, `'${entry}': '${host}' is not an IPv4 address (${IPV4_HELP})`);
    } else if (!HOSTNAME.test(host))
      throw new InputError(input, `'${entry}': '${host}' is not a host name or IP address`);
  }
  let port = 22;
  if (portText !== undefined) {
    if (!/^\d{1,5}$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535)
      throw new InputError(input, `'${entry}': port '${portText}' is not a number from 1 to 65535`);
    port = Number(portText);
  }
  return { user, host: host.toLowerCase(), port };
}

/** All hosts of the input, in order; duplicates are refused (a host would be deployed twice). */
export function parseHosts(text: string, input = 'hosts'): SshTarget[] {
  const targets = splitList(text).map((e) => parseHost(e, input));
  const seen = new Set<string>();
  for (const t of targets) {
    const key = `${t.host}:${t.port}`;
    if (seen.has(key)) throw new InputError(input, `${targetLabel(t)} is listed twice`);
    seen.add(key);
  }
  return targets;
}

/**
 * A `hosts-file`: one `user@host[:port]` a line, `#` comments (whole lines or after a host) and
 * blank lines allowed. A bad line is refused with its number.
 */
export function parseHostsFile(text: string, input = 'hosts-file'): SshTarget[] {
  const targets: SshTarget[] = [];
  const seen = new Map<string, number>();
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (line === '') continue;
    if (/[\s,]/.test(line))
      throw new InputError(
        input,
        `line ${i + 1}: '${line}' holds more than one entry: write one user@host:port a line`,
      );
    let t: SshTarget;
    try {
      t = parseHost(line, input);
    } catch (e) {
      const message = (e as Error).message.replace(/^Input '[^']*': /, '');
      throw new InputError(input, `line ${i + 1}: ${message}`);
    }
    const key = `${t.host}:${t.port}`;
    const before = seen.get(key);
    if (before !== undefined)
      throw new InputError(
        input,
        `line ${i + 1}: ${targetLabel(t)} is listed twice (line ${before} too)`,
      );
    seen.set(key, i + 1);
    targets.push(t);
  }
  return targets;
}
