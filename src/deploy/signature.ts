/**
 * `require-signature`: the release binary's Authenticode signer checked on the runner before any
 * host is touched. On Windows runners Windows itself checks (Get-AuthenticodeSignature, which
 * also requires the machine to trust the chain); elsewhere osslsigncode does.
 */
import { UserError } from '../runner/errors.js';
import type { RunnerIO } from '../runner/io.js';
import { runProcess, tail } from '../runner/process.js';
import { inspectSignature } from '../signing/inspect.js';
import { judgeSignature, type FoundSignature } from '../signing/require.js';
import type { Pin } from '../signing/thumbprint.js';
import { authenticodeCommand, parseAuthenticodeList } from '../windows/authenticode.js';

export async function requireSignature(
  file: string,
  label: string,
  pins: readonly Pin[],
  deps: { io: RunnerIO; workDir: string; platform?: NodeJS.Platform },
): Promise<void> {
  const found =
    (deps.platform ?? process.platform) === 'win32'
      ? await inspectOnWindows(file)
      : await inspectSignature(file, deps.workDir);
  const verdict = judgeSignature(label, found, pins);
  if (!verdict.ok) throw new UserError(verdict.message);
  deps.io.info(verdict.message);
}

async function inspectOnWindows(file: string): Promise<FoundSignature> {
  const cmd = authenticodeCommand(file);
  const r = await runProcess(cmd.program, cmd.args, {
    env: { ...process.env, ...cmd.env },
    missing:
      "'powershell.exe' is not on PATH: require-signature uses Get-AuthenticodeSignature on Windows runners",
  });
  const report = parseAuthenticodeList(r.stdout);
  if (r.code !== 0 || !report.status)
    throw new UserError(
      `Get-AuthenticodeSignature could not read ${file}: ${tail(r.stderr || r.stdout, 4).replace(/\n+/g, ' | ')}`,
    );
  return fromAuthenticode(report);
}

/** What Windows' verdict means for require-signature: only `Valid` verifies. */
export function fromAuthenticode(report: ReturnType<typeof parseAuthenticodeList>): FoundSignature {
  const tool = 'Get-AuthenticodeSignature';
  if (report.status === 'NotSigned') return { signed: false, verified: false, problems: [], tool };
  return {
    signed: true,
    verified: report.status === 'Valid',
    ...(report.signer ? { signer: report.signer } : {}),
    problems:
      report.status === 'Valid' ? [] : [`${report.status}: ${report.statusMessage ?? ''}`.trim()],
    tool,
  };
}
