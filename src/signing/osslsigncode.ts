/**
 * osslsigncode's and openssl's command lines for Authenticode, as argument vectors (never a shell
 * string), and what their output means. Pure: the effects modules (key.ts, sign.ts, inspect.ts)
 * run these. Secrets never appear in an argument: the PFX password travels in a 0600 file.
 */

export const OSSLSIGNCODE = 'osslsigncode';
export const OPENSSL = 'openssl';

export const INSTALL_HINT =
  "install it first: on Ubuntu/Debian runners 'sudo apt-get install -y osslsigncode' (a step before this one), on macOS 'brew install osslsigncode'";

export interface SignOptions {
  pfx: string;
  /** A file holding the password; undefined for a PFX without one. */
  passwordFile?: string;
  /** The description Windows shows in the UAC prompt and the signature's details (`-n`). */
  description?: string;
  /** The URL shown with it (`-i`). */
  url?: string;
  /** An RFC 3161 time-stamping server; undefined: no timestamp. */
  timestampUrl?: string;
  input: string;
  output: string;
}

/** SHA-256 digests; the PE's resources (VERSIONINFO) are left as they are, only the signature is added. */
export function signArgs(o: SignOptions): string[] {
  return [
    'sign',
    '-pkcs12',
    o.pfx,
    ...(o.passwordFile ? ['-readpass', o.passwordFile] : []),
    '-h',
    'sha256',
    ...(o.description ? ['-n', o.description] : []),
    ...(o.url ? ['-i', o.url] : []),
    ...(o.timestampUrl ? ['-ts', o.timestampUrl] : []),
    '-in',
    o.input,
    '-out',
    o.output,
  ];
}

export interface VerifyOptions {
  file: string;
  /** The trust anchors: the signing chain (and the system's bundle, for a public CA). */
  caFile: string;
  /** The signer certificate's SHA-256 that must be the leaf. */
  leafSha256?: string;
}

export function verifyArgs(o: VerifyOptions): string[] {
  return [
    'verify',
    '-in',
    o.file,
    '-CAfile',
    o.caFile,
    ...(o.leafSha256 ? ['-require-leaf-hash', `sha256:${o.leafSha256}`] : []),
  ];
}

export function extractSignatureArgs(file: string, out: string): string[] {
  return ['extract-signature', '-pem', '-in', file, '-out', out];
}

export function removeSignatureArgs(file: string, out: string): string[] {
  return ['remove-signature', '-in', file, '-out', out];
}

/** openssl: the certificates of a PKCS#12 file, without the key: `leaf` or the `chain` beside it. */
export function pfxCertificatesArgs(
  pfx: string,
  which: 'leaf' | 'chain',
  passwordFile: string | undefined,
  legacy: boolean,
): string[] {
  return [
    'pkcs12',
    '-in',
    pfx,
    '-nokeys',
    which === 'leaf' ? '-clcerts' : '-cacerts',
    '-passin',
    passwordFile ? `file:${passwordFile}` : 'pass:',
    ...(legacy ? ['-legacy'] : []),
  ];
}

/** openssl: the certificates inside a PKCS#7 signature (as extract-signature wrote it). */
export function signatureCertificatesArgs(sigPem: string): string[] {
  return ['pkcs7', '-in', sigPem, '-print_certs'];
}

export type PfxFailure = 'password' | 'corrupt' | 'legacy';

/** Why openssl could not open a PKCS#12 file, from its message. */
export function classifyPfxFailure(stderr: string): PfxFailure {
  if (/mac verify (error|failure)|invalid password/i.test(stderr)) return 'password';
  // OpenSSL 3 without the legacy provider cannot decrypt RC2/3DES-protected files (older exports).
  if (/unsupported|RC2|inner_evp_generic_fetch|legacy/i.test(stderr)) return 'legacy';
  return 'corrupt';
}

export interface VerifySigner {
  subject: string;
  issuer: string;
  serial: string;
}

export interface VerifyReport {
  /** A signature was found at all. */
  signed: boolean;
  /** osslsigncode's verdict: digest, signature and chain all good. */
  ok: boolean;
  /** The current and the calculated message digests agree (the file was not changed after signing). */
  digestMatches?: boolean;
  signer?: VerifySigner;
  signingTime?: string;
  /** An RFC 3161 timestamp is there and verifies against the TSA anchors (the system's CAs). */
  timestamped: boolean;
  /** A timestamp is there but does not verify: the TSA is not one this machine trusts. */
  timestampUnverified: boolean;
  /** The lines that say what failed, for the error message. */
  problems: string[];
}

/** Reads `osslsigncode verify` output (2.5 to 2.9). Decides on the fixed English tokens it prints. */
export function parseVerifyOutput(text: string, exitCode: number): VerifyReport {
  const lines = text.split(/\r?\n/);
  const value = (label: string): string | undefined => {
    const re = new RegExp(`^\\s*${label}\\s*:\\s*(.*?)\\s*$`);
    for (const l of lines) {
      const m = re.exec(l);
      if (m) return m[1];
    }
    return undefined;
  };
  const signed = !/No signature found/i.test(text);
  const current = value('Current message digest');
  const calculated = value('Calculated message digest');
  let signer: VerifySigner | undefined;
  const at = lines.findIndex((l) => /^Signer's certificate:/.test(l));
  if (at >= 0) {
    const block = lines.slice(at + 1);
    const field = (label: string) => {
      const l = block.find((x) => new RegExp(`^\\s*${label}\\s*:`).test(x));
      return l?.replace(/^[^:]*:\s*/, '').trim();
    };
    const subject = field('Subject');
    if (subject !== undefined)
      signer = {
        subject: opensslName(subject),
        issuer: opensslName(field('Issuer') ?? ''),
        serial: (field('Serial') ?? '').toUpperCase(),
      };
  }
  const verdict = value('Signature verification');
  const problems = lines
    .map((l) => l.trim())
    .filter(
      (l) =>
        /^Error:/.test(l) ||
        /: failed$/.test(l) ||
        /MISMATCH|mismatch/.test(l) ||
        /No signature found/.test(l),
    );
  const digestMatches =
    current !== undefined && calculated !== undefined ? current === calculated : undefined;
  if (digestMatches === false)
    problems.unshift('the message digest does not match: the file was changed after signing');
  return {
    signed,
    ok: exitCode === 0 && signed && verdict === 'ok' && digestMatches !== false,
    ...(digestMatches !== undefined ? { digestMatches } : {}),
    ...(signer ? { signer } : {}),
    ...(value('Signing time') ? { signingTime: value('Signing time')! } : {}),
    timestamped: value('Timestamp Server Signature verification') === 'ok',
    timestampUnverified: value('Timestamp Server Signature verification') === 'failed',
    problems: [...new Set(problems)],
  };
}

/** `/CN=Acme/O=Acme Ltd` (OpenSSL's one-line form) as `CN=Acme, O=Acme Ltd`. */
export function opensslName(text: string): string {
  if (!text.startsWith('/')) return text;
  return text
    .slice(1)
    .split(/\/(?=[A-Za-z.0-9]+=)/)
    .join(', ');
}
