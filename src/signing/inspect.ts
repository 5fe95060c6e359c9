/**
 * Reads a binary's Authenticode signature on the runner with osslsigncode, for deploy-windows'
 * `require-signature`: the signature's certificates (openssl), its signer, and a verification in
 * which the signature's own certificates are the anchors and the signer is pinned as the leaf. The
 * trust decision is the pin (require.ts), so an internal CA need not be known to the runner.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../runner/errors.js';
import { runProcess, tail } from '../runner/process.js';
import {
  CODE_SIGNING_EKU,
  describeCertificate,
  holdsRoot,
  splitPemCertificates,
} from './certificate.js';
import { SYSTEM_CA_BUNDLE } from './key.js';
import {
  extractSignatureArgs,
  OPENSSL,
  parseVerifyOutput,
  signatureCertificatesArgs,
  verifyArgs,
} from './osslsigncode.js';
import type { FoundSignature } from './require.js';
import { osslsigncode } from './sign.js';

const stripZeros = (hex: string) => hex.replace(/^0+/, '').toUpperCase();

export async function inspectSignature(file: string, workDir: string): Promise<FoundSignature> {
  const dir = await mkdtemp(join(workDir, 'signature-'));
  const tool = 'osslsigncode';
  try {
    const sig = join(dir, 'signature.pem');
    const x = await osslsigncode(extractSignatureArgs(file, sig));
    if (x.code !== 0 || !existsSync(sig)) {
      const text = x.stdout + x.stderr;
      if (/No signature found|Unable to extract existing signature/i.test(text))
        return { signed: false, verified: false, problems: [], tool };
      throw new UserError(
        `cannot read the signature of ${file} (osslsigncode extract-signature): ${tail(text, 3).replace(/\n+/g, ' | ')}`,
      );
    }
    const p = await runProcess(OPENSSL, signatureCertificatesArgs(sig), {
      missing:
        "'openssl' is not on PATH: the signature's certificates are read with it (sudo apt-get install -y openssl)",
    });
    const certs = p.code === 0 ? splitPemCertificates(p.stdout).map(describeCertificate) : [];
    const trust = join(dir, 'trust.pem');
    await writeFile(
      trust,
      certs.map((c) => c.pem).join('') +
        (!holdsRoot(certs) && existsSync(SYSTEM_CA_BUNDLE)
          ? readFileSync(SYSTEM_CA_BUNDLE, 'utf8')
          : ''),
    );
    const first = await osslsigncode(verifyArgs({ file, caFile: trust }));
    const report = parseVerifyOutput(first.stdout + first.stderr, first.code);
    // The signer as osslsigncode names it; when it names none (a digest mismatch stops it early),
    // the one code signing certificate of the signature that is not a CA.
    const codeSigners = certs.filter((c) => !c.isCa && c.eku?.includes(CODE_SIGNING_EKU));
    const leaf = report.signer
      ? certs.find((c) => stripZeros(c.serial) === stripZeros(report.signer!.serial))
      : codeSigners.length === 1
        ? codeSigners[0]
        : undefined;
    const signer = leaf
      ? { subject: leaf.subject, sha1: leaf.sha1, sha256: leaf.sha256 }
      : report.signer
        ? { subject: report.signer.subject }
        : undefined;
    if (!leaf || !report.ok)
      return {
        signed: true,
        verified: false,
        ...(signer ? { signer } : {}),
        problems: report.problems,
        tool,
      };
    // Verified once more with the signer pinned as the leaf: the certificate judged is the one that signed.
    const second = await osslsigncode(verifyArgs({ file, caFile: trust, leafSha256: leaf.sha256 }));
    const pinned = parseVerifyOutput(second.stdout + second.stderr, second.code);
    return { signed: true, verified: pinned.ok, signer: signer!, problems: pinned.problems, tool };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
