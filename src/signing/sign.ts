/**
 * Signs one Windows executable with osslsigncode and verifies the signature at once, before the
 * file replaces the unsigned one: a binary that does not verify never reaches an archive.
 */
import { rename, rm } from 'node:fs/promises';
import { UserError } from '../runner/errors.js';
import { runProcess, tail } from '../runner/process.js';
import type { SigningKey } from './key.js';
import {
  INSTALL_HINT,
  OSSLSIGNCODE,
  parseVerifyOutput,
  signArgs,
  verifyArgs,
} from './osslsigncode.js';

/** What the manifest records of a binary's signature. */
export interface SignatureRecord {
  subject: string;
  issuer: string;
  /** The signer certificate's thumbprints, upper-case hex. */
  sha1: string;
  sha256: string;
  timestamped: boolean;
}

export function osslsigncode(args: readonly string[]) {
  return runProcess(OSSLSIGNCODE, args, {
    missing: `'osslsigncode' is not on PATH: Windows binaries are signed with it; ${INSTALL_HINT}`,
  });
}

export async function signBinary(
  key: SigningKey,
  file: string,
): Promise<{ record: SignatureRecord; seconds: number; warning?: string }> {
  const started = performance.now();
  const out = `${file}.signing`;
  await rm(out, { force: true });
  try {
    const s = await osslsigncode(
      signArgs({
        pfx: key.pfx,
        ...(key.passwordFile ? { passwordFile: key.passwordFile } : {}),
        ...(key.config.description ? { description: key.config.description } : {}),
        ...(key.config.url ? { url: key.config.url } : {}),
        ...(key.config.timestampUrl ? { timestampUrl: key.config.timestampUrl } : {}),
        input: file,
        output: out,
      }),
    );
    if (s.code !== 0) {
      const text = s.stdout + s.stderr;
      const hint =
        key.config.timestampUrl && /timestamp|TSA|curl|connect/i.test(text)
          ? ` (is the time-stamping server ${key.config.timestampUrl} reachable from the runner?)`
          : '';
      throw new UserError(`signing ${file} failed${hint}: ${tail(text, 6).replace(/\n+/g, ' | ')}`);
    }
    const v = await osslsigncode(
      verifyArgs({ file: out, caFile: key.trustFile, leafSha256: key.leaf.sha256 }),
    );
    const report = parseVerifyOutput(v.stdout + v.stderr, v.code);
    if (!report.ok) {
      const chain = /unable to get (local )?issuer certificate/i.test(v.stdout + v.stderr)
        ? ': the PFX does not carry the chain up to a root this runner trusts; export it with all certificates in the certification path'
        : '';
      throw new UserError(
        `the signature of ${file} does not verify${chain} (osslsigncode verify: ${report.problems.join('; ') || tail(v.stdout + v.stderr, 4).replace(/\n+/g, ' | ')})`,
      );
    }
    await rename(out, file);
    const warning =
      key.config.timestampUrl && !report.timestamped
        ? `the timestamp from ${key.config.timestampUrl} ${report.timestampUnverified ? "does not verify against this runner's CAs" : 'is missing'} (osslsigncode verify): Windows may not trust it either, and then the signature expires with the certificate; use your CA's RFC 3161 server`
        : undefined;
    return {
      ...(warning ? { warning } : {}),
      record: {
        subject: key.leaf.subject,
        issuer: key.leaf.issuer,
        sha1: key.leaf.sha1,
        sha256: key.leaf.sha256,
        timestamped: report.timestamped,
      },
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await rm(out, { force: true });
  }
}
