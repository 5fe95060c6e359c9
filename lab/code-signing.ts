/**
 * Throwaway code-signing certificates for the tests, made with openssl on the spot: a self-signed
 * signer (or one issued by a throwaway root) with the Code Signing extended key usage, packed into a
 * PFX with a password, as a CA would deliver it. Variants for the refusals: another key usage,
 * already expired, a wrong password, bytes that are not a PFX at all.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestSigner {
  /** The PFX, base64: what goes into the windows-signing-certificate secret. */
  pfxBase64: string;
  password: string;
  /** The signer certificate (PEM) and its thumbprints as openssl computes them. */
  certPem: string;
  sha1: string;
  sha256: string;
  subject: string;
  dir: string;
}

export interface SignerOptions {
  cn?: string;
  /** The extended key usage; default codeSigning. */
  eku?: 'codeSigning' | 'serverAuth';
  /** Valid from 2020-01-01 to 2020-02-01. */
  expired?: boolean;
  password?: string;
  /**
   * Issued by a throwaway root CA (`CN=Winship Test Root`, in `ca.pem`) instead of self-signed;
   * the PFX carries the root unless `withoutChain` (as an export without the certification path).
   */
  issuedByRoot?: boolean;
  withoutChain?: boolean;
}

function openssl(args: string[], cwd: string): string {
  return execFileSync('openssl', args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export function makeTestSigner(opts: SignerOptions = {}): TestSigner {
  const dir = mkdtempSync(join(tmpdir(), 'winship-signer-'));
  const cn = opts.cn ?? 'Winship Test Signer';
  const password = opts.password ?? 'pfx-password-1';
  const eku = opts.eku ?? 'codeSigning';
  writeFileSync(
    join(dir, 'ca.cnf'),
    [
      '[ ca ]',
      'default_ca = CA_default',
      '[ CA_default ]',
      `database = ${join(dir, 'index.txt')}`,
      `new_certs_dir = ${dir}`,
      `serial = ${join(dir, 'serial')}`,
      'default_md = sha256',
      'policy = policy_any',
      'email_in_dn = no',
      'unique_subject = no',
      '[ policy_any ]',
      'commonName = supplied',
      'organizationName = optional',
      '[ signer ]',
      'basicConstraints = CA:FALSE',
      'keyUsage = critical, digitalSignature',
      `extendedKeyUsage = ${eku}`,
      '',
    ].join('\n'),
  );
  writeFileSync(join(dir, 'index.txt'), '');
  writeFileSync(join(dir, 'serial'), '1000\n');
  openssl(
    [
      'req',
      '-new',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'key.pem',
      '-out',
      'csr.pem',
      '-subj',
      `/CN=${cn}/O=winship tests`,
    ],
    dir,
  );
  const dates = opts.expired
    ? ['-startdate', '20200101000000Z', '-enddate', '20200201000000Z']
    : ['-days', '30'];
  if (opts.issuedByRoot)
    openssl(
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        'ca.key',
        '-out',
        'ca.pem',
        '-days',
        '60',
        '-subj',
        '/CN=Winship Test Root/O=winship tests',
      ],
      dir,
    );
  openssl(
    [
      'ca',
      '-batch',
      '-config',
      'ca.cnf',
      ...(opts.issuedByRoot
        ? ['-cert', 'ca.pem', '-keyfile', 'ca.key']
        : ['-selfsign', '-keyfile', 'key.pem']),
      '-in',
      'csr.pem',
      '-out',
      'cert.pem',
      '-extensions',
      'signer',
      '-notext',
      ...dates,
    ],
    dir,
  );
  openssl(
    [
      'pkcs12',
      '-export',
      '-in',
      'cert.pem',
      '-inkey',
      'key.pem',
      '-out',
      'signer.pfx',
      '-passout',
      `pass:${password}`,
      ...(opts.issuedByRoot && !opts.withoutChain ? ['-certfile', 'ca.pem'] : []),
    ],
    dir,
  );
  const fp = (alg: string) =>
    openssl(['x509', '-in', 'cert.pem', '-noout', '-fingerprint', `-${alg}`], dir)
      .trim()
      .replace(/^.*=/, '')
      .replace(/:/g, '');
  return {
    pfxBase64: readFileSync(join(dir, 'signer.pfx')).toString('base64'),
    password,
    certPem: readFileSync(join(dir, 'cert.pem'), 'utf8'),
    sha1: fp('sha1'),
    sha256: fp('sha256'),
    subject: `CN=${cn}, O=winship tests`,
    dir,
  };
}
