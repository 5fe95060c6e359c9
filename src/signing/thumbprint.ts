/**
 * Signer thumbprints as users write them (certmgr's `ab cd ef …`, PowerShell's `ABCDEF…`,
 * openssl's `AB:CD:…`) and the pin check of `require-signature`: SHA-1 (40 hex digits) or
 * SHA-256 (64), compared without case or separators.
 */
export interface Thumbprints {
  sha1: string;
  sha256: string;
}

export type ThumbprintAlgorithm = 'sha1' | 'sha256';

export interface Pin {
  algorithm: ThumbprintAlgorithm;
  /** Upper-case hex without separators. */
  hex: string;
}

/** A pin from its text, or why it is not one. */
export function parseThumbprint(text: string): Pin | string {
  const hex = text.replace(/^(sha1|sha256|sha-1|sha-256):/i, '').replace(/[\s:]/g, '');
  if (!/^[0-9A-Fa-f]+$/.test(hex))
    return `'${text}' is not a thumbprint: write the certificate's SHA-256 (64 hex digits) or SHA-1 (40, Windows' Thumbprint)`;
  if (hex.length === 64) return { algorithm: 'sha256', hex: hex.toUpperCase() };
  if (hex.length === 40) return { algorithm: 'sha1', hex: hex.toUpperCase() };
  return `'${text}' has ${hex.length} hex digits: a SHA-256 thumbprint has 64, a SHA-1 thumbprint 40`;
}

/** The pin the signer matches, or undefined. */
export function matchingPin(signer: Partial<Thumbprints>, pins: readonly Pin[]): Pin | undefined {
  return pins.find((p) => signer[p.algorithm]?.toUpperCase() === p.hex);
}
