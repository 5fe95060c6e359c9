/**
 * What a code-signing certificate is, read from PEM with Node's X.509 parser: its subject, its
 * thumbprints as Windows shows them (SHA-1, the `Thumbprint` of certmgr and PowerShell) and as
 * SHA-256, its validity and whether it may sign code. Pure: text in, facts out.
 */
import { X509Certificate } from 'node:crypto';

/** The extended key usage Authenticode signers must carry (id-kp-codeSigning). */
export const CODE_SIGNING_EKU = '1.3.6.1.5.5.7.3.3';

export interface CertificateFacts {
  /** `CN=Acme Ltd, O=Acme Ltd, C=GB`, in the order of the certificate. */
  subject: string;
  issuer: string;
  /** Upper-case hex, no leading zeros beyond what the certificate has. */
  serial: string;
  /** Upper-case hex without separators, as Windows prints a Thumbprint. */
  sha1: string;
  sha256: string;
  notBefore: Date;
  notAfter: Date;
  /** The extended key usages; undefined when the certificate has no such extension. */
  eku?: string[];
  /** A CA certificate (basic constraints CA:TRUE): never the signer. */
  isCa: boolean;
  /** Issued by itself, its signature checked with its own key: a root (or a self-signed leaf). */
  selfSigned: boolean;
  pem: string;
}

/** The PEM certificates in a text (openssl's output has Bag Attributes and subject lines around them). */
export function splitPemCertificates(text: string): string[] {
  return [...text.matchAll(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g)].map(
    (m) => m[0] + '\n',
  );
}

const hex = (colons: string) => colons.replace(/:/g, '').toUpperCase();

export function describeCertificate(pem: string): CertificateFacts {
  const c = new X509Certificate(pem);
  const eku = c.keyUsage;
  return {
    subject: distinguishedName(c.subject),
    issuer: distinguishedName(c.issuer),
    serial: c.serialNumber.toUpperCase(),
    sha1: hex(c.fingerprint),
    sha256: hex(c.fingerprint256),
    notBefore: new Date(c.validFrom),
    notAfter: new Date(c.validTo),
    ...(eku && eku.length > 0 ? { eku: [...eku] } : {}),
    isCa: c.ca,
    selfSigned: c.subject === c.issuer && c.verify(c.publicKey),
    pem,
  };
}

/** Node prints one `key=value` a line; Windows and docs write them comma-separated. */
function distinguishedName(lines: string): string {
  return lines
    .split('\n')
    .filter((l) => l !== '')
    .join(', ');
}

/**
 * Why a certificate cannot sign this build, or undefined. A signature made with it would not be
 * trusted by Windows, so the build refuses before signing anything.
 */
export function signingCertificateProblem(c: CertificateFacts, now: Date): string | undefined {
  if (!c.eku?.includes(CODE_SIGNING_EKU))
    return `the certificate '${c.subject}' is not for code signing (its extended key usage ${c.eku ? `is ${c.eku.join(', ')}` : 'is missing'}; Authenticode needs ${CODE_SIGNING_EKU}, "Code Signing"): ask the CA for a code signing certificate`;
  if (now < c.notBefore)
    return `the certificate '${c.subject}' is not valid before ${c.notBefore.toISOString()}`;
  if (now > c.notAfter)
    return `the certificate '${c.subject}' expired on ${c.notAfter.toISOString()}: renew it and update the secret (docs/signing.md, "Rotating the certificate")`;
  return undefined;
}

/**
 * Whether these certificates hold their own root (a self-signed one): then they are the whole
 * chain and the system's CA bundle (some 150 roots, a third of osslsigncode's verify time) is not
 * needed to verify a signature made with them.
 */
export function holdsRoot(certs: readonly CertificateFacts[]): boolean {
  return certs.some((c) => c.selfSigned);
}
