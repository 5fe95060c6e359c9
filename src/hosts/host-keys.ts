/**
 * Host key pinning for SSH: which keys a host may present, read from OpenSSH `known_hosts` lines
 * and `SHA256:` fingerprint lines, and the check of a presented key against them. Pure data in,
 * data out; `ssh.ts` calls `checkHostKey` from ssh2's `hostVerifier`, before authentication.
 */
import { createHash, createHmac } from 'node:crypto';
import { InputError } from '../runner/errors.js';

export interface HostKeyPin {
  /** Host patterns as OpenSSH writes them: `host`, `[host]:port`, globs, `!negated`, `|1|salt|hash`. */
  patterns: string[];
  /** `SHA256:` + base64 without padding, as `ssh-keygen -l` prints it. */
  fingerprint: string;
  /** The key's algorithm name (`ssh-ed25519`, `ssh-rsa`, `ecdsa-sha2-nistp256`) when the line says. */
  keyType?: string;
  /** An `@revoked` known_hosts line: this key is refused even if another line pins it. */
  revoked: boolean;
  /** Where the pin came from, for messages: `known-hosts line 3`. */
  source: string;
}

export interface HostKeyCheck {
  accepted: boolean;
  /** The fingerprint the host presented. */
  fingerprint: string;
  keyType: string;
  /** Why it was refused, in words that say what to do. */
  reason?: string;
}

/** OpenSSH's fingerprint of a public key blob (the SSH wire encoding of the key). */
export function fingerprintOf(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** The algorithm name at the start of a public key blob (a uint32 length, then the name). */
export function keyTypeOf(keyBlob: Buffer): string {
  if (keyBlob.length < 4) return 'unknown';
  const len = keyBlob.readUInt32BE(0);
  if (len <= 0 || len > 64 || keyBlob.length < 4 + len) return 'unknown';
  return keyBlob.subarray(4, 4 + len).toString('latin1');
}

/** The name OpenSSH uses for a host in known_hosts: `host` on port 22, `[host]:port` otherwise. */
export function knownHostsName(host: string, port: number): string {
  const h = host.toLowerCase();
  return port === 22 ? h : `[${h}]:${port}`;
}

const KEY_TYPES =
  /^(ssh-ed25519|ssh-ed448|ssh-rsa|ssh-dss|ecdsa-sha2-nistp(256|384|521)|sk-ssh-ed25519@openssh\.com|sk-ecdsa-sha2-nistp256@openssh\.com)$/;

/** Parses OpenSSH known_hosts lines (`ssh-keyscan` output is in this format). */
export function parseKnownHosts(text: string, input = 'known-hosts'): HostKeyPin[] {
  const pins: HostKeyPin[] = [];
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const fields = line.split(/\s+/);
    let revoked = false;
    if (fields[0]?.startsWith('@')) {
      const marker = fields.shift();
      if (marker === '@revoked') revoked = true;
      else
        throw new InputError(
          input,
          `line ${i + 1}: ${marker} lines are not supported (host certificates cannot be checked here); pin the host keys themselves`,
        );
    }
    const [hosts, keyType, keyBase64] = fields;
    if (!hosts || !keyType || !keyBase64)
      throw new InputError(
        input,
        `line ${i + 1} is not 'host keytype base64-key' (use the output of ssh-keyscan)`,
      );
    if (!KEY_TYPES.test(keyType))
      throw new InputError(
        input,
        `line ${i + 1}: unknown key type '${keyType}' (expected e.g. ssh-ed25519 or ssh-rsa)`,
      );
    const blob = Buffer.from(keyBase64, 'base64');
    if (
      blob.length < 20 ||
      blob.toString('base64').replace(/=+$/, '') !== keyBase64.replace(/=+$/, '')
    )
      throw new InputError(input, `line ${i + 1}: the key is not valid base64`);
    if (keyTypeOf(blob) !== keyType)
      throw new InputError(
        input,
        `line ${i + 1}: the key data is a '${keyTypeOf(blob)}' key, not '${keyType}'`,
      );
    pins.push({
      patterns: parseHostPatterns(hosts, input, i + 1),
      fingerprint: fingerprintOf(blob),
      keyType,
      revoked,
      source: `${input} line ${i + 1}`,
    });
  }
  return pins;
}

/** `ssh-keygen -l` type names in parentheses, as key algorithm names. */
const KEYGEN_TYPES: Record<string, string> = {
  ED25519: 'ssh-ed25519',
  RSA: 'ssh-rsa',
  ECDSA: 'ecdsa',
  DSA: 'ssh-dss',
  'ED25519-SK': 'sk-ssh-ed25519@openssh.com',
  'ECDSA-SK': 'sk-ecdsa-sha2-nistp256@openssh.com',
};

/**
 * Parses fingerprint lines: `host SHA256:…` (host as `host`, `[host]:port` or `host:port`), or the
 * lines `ssh-keyscan host | ssh-keygen -lf -` prints: `256 SHA256:… host (ED25519)`.
 */
export function parseFingerprints(text: string, input = 'host-fingerprints'): HostKeyPin[] {
  const pins: HostKeyPin[] = [];
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (line === '') continue;
    const fields = line.split(/\s+/);
    let hosts: string | undefined;
    let fp: string | undefined;
    let keyType: string | undefined;
    const keygen = /^\d+$/.test(fields[0] ?? '') && fields.length >= 3;
    if (keygen) {
      [, fp, hosts] = fields;
      const type = /^\((.+)\)$/.exec(fields[3] ?? '')?.[1];
      if (type) keyType = KEYGEN_TYPES[type.toUpperCase()];
    } else {
      if (fields.length !== 2)
        throw new InputError(input, `line ${i + 1} is not 'host SHA256:fingerprint': '${line}'`);
      [hosts, fp] = fields;
    }
    if (!fp || !hosts)
      throw new InputError(input, `line ${i + 1} is not 'host SHA256:fingerprint': '${line}'`);
    if (/^MD5:/i.test(fp) || /^([0-9a-f]{2}:){15}[0-9a-f]{2}$/i.test(fp))
      throw new InputError(
        input,
        `line ${i + 1}: MD5 fingerprints are not accepted; use SHA256 (ssh-keygen -lf prints it)`,
      );
    const m = /^SHA256:([A-Za-z0-9+/]{43})=?$/.exec(fp);
    if (!m)
      throw new InputError(
        input,
        `line ${i + 1}: '${fp}' is not a SHA256 fingerprint (SHA256: and 43 base64 characters)`,
      );
    pins.push({
      patterns: parseHostPatterns(hosts, input, i + 1, true),
      fingerprint: `SHA256:${m[1]}`,
      ...(keyType ? { keyType } : {}),
      revoked: false,
      source: `${input} line ${i + 1}`,
    });
  }
  return pins;
}

function parseHostPatterns(
  field: string,
  input: string,
  line: number,
  allowHostPort = false,
): string[] {
  return field.split(',').map((p) => {
    if (p.startsWith('|1|')) {
      const [, , salt, hash] = p.split('|');
      if (
        !salt ||
        !hash ||
        Buffer.from(salt, 'base64').length !== 20 ||
        Buffer.from(hash, 'base64').length !== 20
      )
        throw new InputError(input, `line ${line}: malformed hashed host name '${p}'`);
      return p;
    }
    // `host:port` (one colon, no brackets) is written as OpenSSH's `[host]:port`.
    const hostPort = /^([^[\]:]+):(\d{1,5})$/.exec(p);
    if (allowHostPort && hostPort) return knownHostsName(hostPort[1]!, Number(hostPort[2]));
    if (p === '' || p === '!' || /[\s\0]/.test(p))
      throw new InputError(input, `line ${line}: malformed host pattern '${p}'`);
    return p.toLowerCase();
  });
}

function globToRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

function hashedMatch(pattern: string, name: string): boolean {
  const [, , salt, hash] = pattern.split('|');
  const mac = createHmac('sha1', Buffer.from(salt!, 'base64')).update(name).digest('base64');
  return mac === hash;
}

/** Whether a pin applies to `host` on `port`, with OpenSSH's rules (a negated match excludes). */
export function pinMatches(pin: HostKeyPin, host: string, port: number): boolean {
  const name = knownHostsName(host, port);
  let matched = false;
  for (const p of pin.patterns) {
    if (p.startsWith('|1|')) {
      if (hashedMatch(p, name)) matched = true;
      continue;
    }
    const negated = p.startsWith('!');
    const glob = negated ? p.slice(1) : p;
    if (globToRegExp(glob).test(name)) {
      if (negated) return false;
      matched = true;
    }
  }
  return matched;
}

/**
 * Host key algorithms to offer so the host presents a key of a pinned type: when every pin for the
 * host names its type (known_hosts lines do), asking for others could only end in a mismatch.
 */
export function hostKeyAlgorithms(pins: readonly HostKeyPin[]): string[] | undefined {
  const active = pins.filter((p) => !p.revoked);
  if (active.length === 0 || active.some((p) => !p.keyType)) return undefined;
  const algos = new Set<string>();
  for (const { keyType } of active) {
    if (keyType === 'ssh-rsa')
      ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'].forEach((a) => algos.add(a));
    else if (keyType === 'ecdsa')
      ['ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521'].forEach((a) =>
        algos.add(a),
      );
    else algos.add(keyType!);
  }
  return [...algos];
}

/** Checks a presented key against the pins for that host; no pin means refused. */
export function checkHostKey(
  pins: readonly HostKeyPin[],
  host: string,
  port: number,
  keyBlob: Buffer,
): HostKeyCheck {
  const fingerprint = fingerprintOf(keyBlob);
  const keyType = keyTypeOf(keyBlob);
  const name = knownHostsName(host, port);
  const forHost = pins.filter((p) => pinMatches(p, host, port));
  const revoked = forHost.find((p) => p.revoked && p.fingerprint === fingerprint);
  if (revoked)
    return {
      accepted: false,
      fingerprint,
      keyType,
      reason: `its key ${fingerprint} is marked @revoked (${revoked.source})`,
    };
  const active = forHost.filter((p) => !p.revoked);
  if (active.some((p) => p.fingerprint === fingerprint))
    return { accepted: true, fingerprint, keyType };
  if (active.length === 0)
    return {
      accepted: false,
      fingerprint,
      keyType,
      reason:
        `no host key is pinned for ${name}; it presented ${keyType} ${fingerprint}. ` +
        `Check that fingerprint out of band (on the host: ssh-keygen -lf C:\\ProgramData\\ssh\\ssh_host_ed25519_key.pub) ` +
        `and add '${name} ${fingerprint}' to host-fingerprints`,
    };
  return {
    accepted: false,
    fingerprint,
    keyType,
    reason:
      `HOST KEY MISMATCH for ${name}: it presented ${keyType} ${fingerprint}, which is not pinned ` +
      `(pinned: ${active.map((p) => `${p.fingerprint} from ${p.source}`).join(', ')}). ` +
      `The host may have been reinstalled or the connection intercepted: verify the key out of band before changing the pin`,
  };
}
