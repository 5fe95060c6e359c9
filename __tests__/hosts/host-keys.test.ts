/**
 * Host key pins: known_hosts lines (plain, hashed, [host]:port, globs, negation, @revoked) and
 * fingerprint lines, checked against keys made by the real ssh-keygen.
 */
import { afterAll, describe, expect, test } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  checkHostKey,
  fingerprintOf,
  hostKeyAlgorithms,
  keyTypeOf,
  parseFingerprints,
  parseKnownHosts,
  pinMatches,
} from '../../src/hosts/host-keys.js';
import { InputError } from '../../src/runner/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'winship-hostkeys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function keygen(
  name: string,
  type: 'ed25519' | 'rsa' | 'ecdsa',
): { line: string; blob: Buffer; fp: string } {
  const path = join(dir, name);
  execFileSync('ssh-keygen', [
    '-q',
    '-t',
    type,
    ...(type === 'rsa' ? ['-b', '2048'] : []),
    '-N',
    '',
    '-f',
    path,
  ]);
  const line = readFileSync(`${path}.pub`, 'utf8').trim().split(/\s+/).slice(0, 2).join(' ');
  // ssh-keygen's own fingerprint, to compare ours with.
  const fp = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', `${path}.pub`], {
    encoding: 'utf8',
  }).split(/\s+/)[1]!;
  return { line, blob: Buffer.from(line.split(' ')[1]!, 'base64'), fp };
}

const ed = keygen('ed', 'ed25519');
const rsa = keygen('rsa', 'rsa');
const other = keygen('other', 'ed25519');

describe('fingerprints', () => {
  test('are computed exactly as ssh-keygen -l prints them', () => {
    expect(fingerprintOf(ed.blob)).toBe(ed.fp);
    expect(fingerprintOf(rsa.blob)).toBe(rsa.fp);
    expect(keyTypeOf(ed.blob)).toBe('ssh-ed25519');
    expect(keyTypeOf(rsa.blob)).toBe('ssh-rsa');
  });
});

describe('known_hosts lines', () => {
  test('pin a host on port 22 by name and on other ports as [host]:port', () => {
    const pins = parseKnownHosts(
      `web1.example.com ${ed.line}\n[web2.example.com]:2222 ${rsa.line}\n`,
    );
    expect(checkHostKey(pins, 'web1.example.com', 22, ed.blob).accepted).toBe(true);
    expect(checkHostKey(pins, 'web1.example.com', 2222, ed.blob).accepted).toBe(false);
    expect(checkHostKey(pins, 'web2.example.com', 2222, rsa.blob).accepted).toBe(true);
    expect(checkHostKey(pins, 'web2.example.com', 22, rsa.blob).accepted).toBe(false);
  });

  test('hashed entries written by ssh-keygen -H match the host they were made for only', () => {
    const file = join(dir, 'known_hosts');
    writeFileSync(file, `[10.0.0.5]:2222 ${ed.line}\n`);
    execFileSync('ssh-keygen', ['-q', '-H', '-f', file]);
    const hashed = readFileSync(file, 'utf8');
    expect(hashed).toMatch(/^\|1\|[^|]+\|[^ ]+ ssh-ed25519 /);
    const pins = parseKnownHosts(hashed);
    expect(checkHostKey(pins, '10.0.0.5', 2222, ed.blob).accepted).toBe(true);
    expect(checkHostKey(pins, '10.0.0.6', 2222, ed.blob).accepted).toBe(false);
  });

  test('globs and negation follow OpenSSH', () => {
    const [pin] = parseKnownHosts(`*.prod.example.com,!db.prod.example.com ${ed.line}`);
    expect(pinMatches(pin!, 'web7.prod.example.com', 22)).toBe(true);
    expect(pinMatches(pin!, 'db.prod.example.com', 22)).toBe(false);
    expect(pinMatches(pin!, 'web7.test.example.com', 22)).toBe(false);
  });

  test('a key marked @revoked is refused even when another line pins it', () => {
    const pins = parseKnownHosts(`web1 ${ed.line}\n@revoked * ${ed.line}\n`);
    const check = checkHostKey(pins, 'web1', 22, ed.blob);
    expect(check.accepted).toBe(false);
    expect(check.reason).toMatch(/@revoked/);
  });

  test('comments and blank lines are ignored; malformed lines are refused with their number', () => {
    expect(parseKnownHosts(`# comment\n\nweb1 ${ed.line} comment words\n`)).toHaveLength(1);
    expect(() => parseKnownHosts('web1 ssh-ed25519')).toThrow(
      /line 1 is not 'host keytype base64-key'/,
    );
    expect(() => parseKnownHosts('web1 ssh-foo AAAA')).toThrow(/unknown key type 'ssh-foo'/);
    expect(() => parseKnownHosts(`web1 ssh-rsa ${ed.line.split(' ')[1]}`)).toThrow(
      /is a 'ssh-ed25519' key, not 'ssh-rsa'/,
    );
    expect(() => parseKnownHosts(`@cert-authority *.example.com ${ed.line}`)).toThrow(InputError);
  });
});

describe('fingerprint lines', () => {
  test('accept host SHA256:… in three spellings of host and port', () => {
    const pins = parseFingerprints(`web1 ${ed.fp}\n[web2]:2222 ${ed.fp}\nweb3:2200 ${ed.fp}`);
    expect(checkHostKey(pins, 'web1', 22, ed.blob).accepted).toBe(true);
    expect(checkHostKey(pins, 'web2', 2222, ed.blob).accepted).toBe(true);
    expect(checkHostKey(pins, 'web3', 2200, ed.blob).accepted).toBe(true);
    expect(checkHostKey(pins, 'web3', 22, ed.blob).accepted).toBe(false);
  });

  test('accept what ssh-keyscan | ssh-keygen -lf - prints, with the key type', () => {
    const scanned = `256 ${ed.fp} [127.0.0.1]:2222 (ED25519)\n3072 ${rsa.fp} [127.0.0.1]:2222 (RSA)\n`;
    const pins = parseFingerprints(scanned);
    expect(pins.map((p) => p.keyType)).toEqual(['ssh-ed25519', 'ssh-rsa']);
    expect(checkHostKey(pins, '127.0.0.1', 2222, rsa.blob).accepted).toBe(true);
    expect(hostKeyAlgorithms(pins)).toEqual([
      'ssh-ed25519',
      'rsa-sha2-512',
      'rsa-sha2-256',
      'ssh-rsa',
    ]);
  });

  test('refuse MD5 fingerprints and anything that is not SHA256', () => {
    expect(() =>
      parseFingerprints('web1 MD5:12:34:56:78:9a:bc:de:f0:12:34:56:78:9a:bc:de:f0'),
    ).toThrow(/MD5 fingerprints are not accepted/);
    expect(() => parseFingerprints('web1 SHA256:short')).toThrow(/is not a SHA256 fingerprint/);
    expect(() => parseFingerprints('web1')).toThrow(/is not 'host SHA256:fingerprint'/);
  });

  test('without key types the algorithms are left to negotiation', () => {
    expect(hostKeyAlgorithms(parseFingerprints(`web1 ${ed.fp}`))).toBeUndefined();
  });
});

describe('refusals say what the host presented', () => {
  test('a mismatch names the presented and the pinned fingerprint', () => {
    const check = checkHostKey(parseFingerprints(`web1 ${ed.fp}`), 'web1', 22, other.blob);
    expect(check.accepted).toBe(false);
    expect(check.fingerprint).toBe(other.fp);
    expect(check.reason).toContain(
      `HOST KEY MISMATCH for web1: it presented ssh-ed25519 ${other.fp}`,
    );
    expect(check.reason).toContain(ed.fp);
  });

  test('an unknown host is refused, with the line to add after checking it', () => {
    const check = checkHostKey([], 'web9', 2222, ed.blob);
    expect(check.accepted).toBe(false);
    expect(check.reason).toContain(`no host key is pinned for [web9]:2222`);
    expect(check.reason).toContain(`'[web9]:2222 ${ed.fp}'`);
  });
});
