/**
 * The decision of deploy-windows' `require-signature`: is this binary signed, by one of the pinned
 * certificates, and does the signature verify? Pure: what the inspection found in, a verdict and
 * a message that names the signer found out.
 */
import type { Pin } from './thumbprint.js';
import { matchingPin } from './thumbprint.js';

export interface FoundSignature {
  signed: boolean;
  /** The signature verifies: the file is unchanged since signing (and, on Windows, trusted). */
  verified: boolean;
  signer?: { subject?: string; sha1?: string; sha256?: string };
  /** What the tool said was wrong, for the message. */
  problems: string[];
  /** Which check ran: `osslsigncode` on the runner or `Get-AuthenticodeSignature` on Windows. */
  tool: string;
}

export type SignatureVerdict =
  { ok: true; pin: Pin; message: string } | { ok: false; message: string };

const describePin = (p: Pin) => `${p.algorithm === 'sha256' ? 'SHA-256' : 'SHA-1'} ${p.hex}`;

export function describeSigner(s: FoundSignature['signer']): string {
  if (!s) return 'an unknown signer';
  const prints = [s.sha256 && `SHA-256 ${s.sha256}`, s.sha1 && `SHA-1 ${s.sha1}`].filter(Boolean);
  return `'${s.subject ?? '?'}'${prints.length ? ` (${prints.join(', ')})` : ''}`;
}

export function judgeSignature(
  file: string,
  found: FoundSignature,
  pins: readonly Pin[],
): SignatureVerdict {
  const allowed = pins.map(describePin).join(', ');
  if (!found.signed)
    return {
      ok: false,
      message: `${file} is not signed (${found.tool}); require-signature allows only binaries signed by ${allowed}: sign the build (windows-signing-certificate, docs/signing.md). No host was touched.`,
    };
  if (!found.signer?.sha1 && !found.signer?.sha256)
    return {
      ok: false,
      message: `${file} has a signature whose signer cannot be read (${found.tool}${found.problems.length ? `: ${found.problems.join('; ')}` : ''}); require-signature allows only ${allowed}. No host was touched.`,
    };
  const pin = matchingPin(found.signer, pins);
  if (!pin)
    return {
      ok: false,
      message: `${file} is signed by ${describeSigner(found.signer)}, which require-signature does not allow (allowed: ${allowed}). No host was touched.`,
    };
  if (!found.verified)
    return {
      ok: false,
      message: `${file} carries a signature by ${describeSigner(found.signer)} that does not verify (${found.tool}: ${found.problems.join('; ') || 'no reason given'}): the file was changed after signing, or the signature is damaged. No host was touched.`,
    };
  return {
    ok: true,
    pin,
    message: `Signature: ${file} is signed by ${describeSigner(found.signer)}, allowed by require-signature (${describePin(pin)}), verified by ${found.tool}`,
  };
}
