/**
 * Windows' own Authenticode check, `Get-AuthenticodeSignature`, for a deploy on a Windows runner
 * (`mode: local`): the pinned PowerShell command line and the reading of what it prints. The file
 * travels in an environment variable, never inside the script text, so no path can change the
 * script. The output is `Format-List` of the Signature object (the form the samples in the tests
 * come from), plus one line of our own with the signer certificate's SHA-256, which
 * `Format-List` does not show (its Thumbprint is SHA-1). Pure: builds argv, parses text.
 */

export const AUTHENTICODE_FILE_ENV = 'WINSHIP_AUTHENTICODE_FILE';
export const SHA256_LINE = 'SignerCertificateSha256';

const SCRIPT = [
  "$ErrorActionPreference = 'Stop'",
  `$s = Get-AuthenticodeSignature -LiteralPath $env:${AUTHENTICODE_FILE_ENV}`,
  // Wide enough that no subject or message is wrapped by the host's console width.
  '$s | Format-List | Out-String -Width 4096',
  'if ($s.SignerCertificate) {',
  '  $h = [Security.Cryptography.SHA256]::Create().ComputeHash($s.SignerCertificate.RawData)',
  `  '${SHA256_LINE} : ' + [BitConverter]::ToString($h).Replace('-', '')`,
  '}',
].join('; ');

/** powershell.exe (Windows PowerShell 5.1, on every Windows Server) and its arguments. */
export function authenticodeCommand(file: string): {
  program: string;
  args: string[];
  env: Record<string, string>;
} {
  return {
    program: 'powershell.exe',
    args: [
      '-NoLogo',
      '-NoProfile',
      '-NonInteractive',
      '-ExecutionPolicy',
      'Bypass',
      '-Command',
      SCRIPT,
    ],
    env: { [AUTHENTICODE_FILE_ENV]: file },
  };
}

export interface AuthenticodeReport {
  /** The SignatureStatus name (Valid, NotSigned, HashMismatch, NotTrusted, UnknownError, …): never translated. */
  status?: string;
  /** Translated with the display language: for messages only. */
  statusMessage?: string;
  signer?: { subject?: string; sha1?: string; sha256?: string };
}

/** Reads `Get-AuthenticodeSignature | Format-List` output (and our SHA-256 line). */
export function parseAuthenticodeList(text: string): AuthenticodeReport {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  // Top-level fields start at column 0 (`Status                 : Valid`); the rest continue them.
  const fields = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of lines) {
    const m = /^([A-Za-z][A-Za-z0-9]*)\s*:\s?(.*)$/.exec(line);
    if (m) {
      current = [m[2]!];
      if (!fields.has(m[1]!)) fields.set(m[1]!, current);
    } else if (current) current.push(line);
  }
  const joined = (name: string) => {
    const v = fields.get(name);
    if (!v) return undefined;
    const text = v
      .map((l) => l.trim())
      .filter((l) => l !== '')
      .join(' ');
    return text === '' ? undefined : text;
  };
  const report: AuthenticodeReport = {};
  const status = joined('Status');
  if (status) report.status = status;
  const message = joined('StatusMessage');
  if (message) report.statusMessage = message;
  const cert = fields.get('SignerCertificate');
  const sha256 = joined(SHA256_LINE);
  if (cert && cert.some((l) => l.trim() !== '')) {
    // `[Subject]`, `[Issuer]`, …, `[Thumbprint]` each followed by their indented value lines.
    const parts = new Map<string, string>();
    let label: string | undefined;
    for (const raw of cert) {
      const l = raw.trim();
      const h = /^\[([^\]]+)\]$/.exec(l);
      if (h) {
        label = h[1]!;
        parts.set(label, '');
      } else if (label && l !== '') parts.set(label, `${parts.get(label)} ${l}`.trim());
    }
    const thumbprint = parts.get('Thumbprint')?.replace(/\s/g, '').toUpperCase();
    report.signer = {
      ...(parts.get('Subject') ? { subject: parts.get('Subject')! } : {}),
      ...(thumbprint && /^[0-9A-F]{40}$/.test(thumbprint) ? { sha1: thumbprint } : {}),
      ...(sha256 && /^[0-9A-Fa-f]{64}$/.test(sha256) ? { sha256: sha256.toUpperCase() } : {}),
    };
  }
  return report;
}
