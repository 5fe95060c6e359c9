/**
 * The signing key on the runner: the base64 PFX from the secret written to a file only the runner
 * user can read (0600, in a 0700 folder of its own under RUNNER_TEMP), its certificates read with
 * openssl and checked (code signing usage, validity) before anything is signed. `dispose()` removes
 * the folder; the post step removes it too when the job failed or was cancelled half-way.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError, UserError } from '../runner/errors.js';
import { runProcess, tail } from '../runner/process.js';
import {
  describeCertificate,
  holdsRoot,
  signingCertificateProblem,
  splitPemCertificates,
  type CertificateFacts,
} from './certificate.js';
import { classifyPfxFailure, OPENSSL, pfxCertificatesArgs } from './osslsigncode.js';

export interface SigningConfig {
  /** The PFX, base64 (as stored in the secret). */
  certificate: string;
  password: string;
  timestampUrl?: string;
  description?: string;
  url?: string;
}

export interface SigningKey {
  /** The private folder holding the key; the post step's state. */
  dir: string;
  pfx: string;
  passwordFile?: string;
  leaf: CertificateFacts;
  /** The certificates beside the leaf in the PFX (intermediates, root). */
  chain: CertificateFacts[];
  /** Trust anchors for the verification right after signing: the PFX's chain and the system's CAs. */
  trustFile: string;
  config: SigningConfig;
  dispose(): Promise<void>;
}

/** Where Debian and Ubuntu keep the system's CA bundle (osslsigncode's default -CAfile). */
export const SYSTEM_CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

/** Strict base64 (the secret as `base64 -w0` or `[Convert]::ToBase64String` wrote it), or undefined. */
export function decodeBase64(text: string): Buffer | undefined {
  const compact = text.replace(/\s+/g, '');
  if (compact === '' || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact) || compact.length % 4 === 1)
    return undefined;
  return Buffer.from(compact, 'base64');
}

export async function openSigningKey(
  config: SigningConfig,
  opts: { tmp: string; now?: Date; caBundle?: string },
): Promise<SigningKey> {
  const der = decodeBase64(config.certificate);
  // A PKCS#12 file is one DER SEQUENCE: anything else is not a PFX, whatever it decodes to.
  if (!der || der.length < 64 || der[0] !== 0x30)
    throw new InputError(
      'windows-signing-certificate',
      'is not a base64-encoded PFX (PKCS#12) file: store the output of `base64 -w0 signer.pfx` (or PowerShell `[Convert]::ToBase64String([IO.File]::ReadAllBytes("signer.pfx"))`) as the secret',
    );
  const dir = await mkdtemp(join(opts.tmp, 'winship-signing-'));
  const dispose = () => rm(dir, { recursive: true, force: true });
  try {
    const pfx = join(dir, 'signer.pfx');
    await writeFile(pfx, der, { mode: 0o600, flag: 'wx' });
    let passwordFile: string | undefined;
    if (config.password !== '') {
      passwordFile = join(dir, 'password');
      await writeFile(passwordFile, config.password, { mode: 0o600, flag: 'wx' });
    }
    const read = async (which: 'leaf' | 'chain') => {
      let r = await openssl(pfxCertificatesArgs(pfx, which, passwordFile, false));
      if (r.code !== 0 && classifyPfxFailure(r.stderr) === 'legacy')
        r = await openssl(pfxCertificatesArgs(pfx, which, passwordFile, true));
      if (r.code !== 0) {
        if (classifyPfxFailure(r.stderr) === 'password')
          throw new InputError(
            'windows-signing-password',
            config.password === ''
              ? 'is empty but the certificate is protected by a password: pass it from a secret'
              : 'does not open the certificate (its integrity check failed): check the secret holds the password the PFX was exported with, and the certificate secret the whole file',
          );
        throw new InputError(
          'windows-signing-certificate',
          `is not a readable PFX (PKCS#12) file: openssl says: ${tail(r.stderr, 2).replace(/\s+/g, ' ')}`,
        );
      }
      return splitPemCertificates(r.stdout).map(describeCertificate);
    };
    const leaves = await read('leaf');
    if (leaves.length !== 1)
      throw new InputError(
        'windows-signing-certificate',
        leaves.length === 0
          ? 'holds no certificate with its private key: export the code signing certificate with its private key'
          : `holds ${leaves.length} certificates with private keys: export only the code signing certificate (with its chain)`,
      );
    const leaf = leaves[0]!;
    const problem = signingCertificateProblem(leaf, opts.now ?? new Date());
    if (problem) throw new InputError('windows-signing-certificate', problem);
    const chain = await read('chain');
    const bundle = opts.caBundle ?? SYSTEM_CA_BUNDLE;
    const trustFile = join(dir, 'trust.pem');
    await writeFile(
      trustFile,
      [leaf, ...chain].map((c) => c.pem).join('') +
        (!holdsRoot([leaf, ...chain]) && existsSync(bundle) ? readFileSync(bundle, 'utf8') : ''),
      { mode: 0o600 },
    );
    return {
      dir,
      pfx,
      ...(passwordFile ? { passwordFile } : {}),
      leaf,
      chain,
      trustFile,
      config,
      dispose,
    };
  } catch (err) {
    await dispose();
    throw err;
  }
}

async function openssl(args: string[]) {
  return runProcess(OPENSSL, args, {
    missing:
      "'openssl' is not on PATH: the signing certificate is read with it (sudo apt-get install -y openssl)",
  });
}

/** A UserError for a signing step that failed, with the tool's last lines. */
export function signingFailure(what: string, output: string): UserError {
  return new UserError(`${what}: ${tail(output, 6).replace(/\n+/g, ' | ')}`);
}
