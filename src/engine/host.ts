/**
 * The engine's effects on a host, each one command or a short poll over the Executor: service
 * state, the service key, stop/start with their waits, file copy and verification. Decisions live
 * in windows/ (pure); this file only runs argument vectors and reads the answers.
 */
import { runEach, type ExecResult, type Executor } from '../hosts/executor.js';
import { UserError } from '../runner/errors.js';
import { sleep } from '../runner/time.js';
import { certutilSha256, parseCertutilHash } from '../windows/certutil.js';
import { explainWin32Error } from '../windows/errors.js';
import { parseRegQueryKeys, regQuery, type RegValue } from '../windows/reg.js';
import {
  parseScError,
  parseScQuery,
  redactArgv,
  scQuery,
  scQueryEx,
  scStart,
  scStop,
  ServiceState,
  stateName,
  taskkillPid,
  type ScQueryStatus,
} from '../windows/sc.js';
import { serviceKey, type ServiceSpec } from '../windows/service.js';
import type { RunnerIO } from '../runner/io.js';

/** A command that failed on the host: its exit code, the Win32 error sc printed, in words. */
export class HostCommandError extends UserError {
  constructor(
    readonly argv: readonly string[],
    readonly result: ExecResult,
    what: string,
  ) {
    const code = parseScError(result.stdout);
    const detail =
      code !== undefined
        ? explainWin32Error(code)
        : `exit code ${result.exitCode}${firstLine(result.stderr || result.stdout)}`;
    super(`Could not ${what} on the host: ${detail} (${redactArgv(argv).join(' ')})`);
    this.name = 'HostCommandError';
  }

  /** The Win32 error sc.exe printed, if any. */
  get win32Error(): number | undefined {
    return parseScError(this.result.stdout);
  }
}

function firstLine(text: string): string {
  const line = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .find((l) => l !== '');
  return line ? `: ${line}` : '';
}

/** Runs argv and throws a HostCommandError (plain words) unless it exits 0. */
export async function runOk(
  exec: Executor,
  argv: string[],
  what: string,
  timeoutMs = 120_000,
): Promise<ExecResult> {
  const r = await exec.run(argv, { timeoutMs });
  if (r.exitCode !== 0) throw new HostCommandError(argv, r, what);
  return r;
}

/** The service's status, or undefined when it is not installed (or sc cannot query it). */
export async function queryService(
  exec: Executor,
  name: string,
): Promise<ScQueryStatus | undefined> {
  const r = await exec.run(scQuery(name), { timeoutMs: 30_000 });
  if (r.exitCode !== 0) return undefined;
  return parseScQuery(r.stdout);
}

/** The values of the service key, or undefined when the service does not exist. */
export async function readServiceKey(
  exec: Executor,
  name: string,
): Promise<RegValue[] | undefined> {
  const r = await exec.run(regQuery(serviceKey(name)), { timeoutMs: 30_000 });
  if (r.exitCode !== 0) return undefined;
  return parseRegQueryKeys(r.stdout)[0]?.values ?? [];
}

/**
 * The service key and the service's status together, as one round trip where the executor
 * batches: what readServiceKey and queryService each return.
 */
export async function readServiceAndStatus(
  exec: Executor,
  name: string,
): Promise<{ values?: RegValue[]; status?: ScQueryStatus }> {
  const [key, query] = await runEach(exec, [regQuery(serviceKey(name)), scQuery(name)], {
    timeoutMs: 30_000,
  });
  const values =
    key!.exitCode === 0 ? (parseRegQueryKeys(key!.stdout)[0]?.values ?? []) : undefined;
  const status = query!.exitCode === 0 ? parseScQuery(query!.stdout) : undefined;
  return { ...(values ? { values } : {}), ...(status ? { status } : {}) };
}

/** Polls `sc query` until the state is `want`, STOPPED shows up while waiting for RUNNING, or time runs out. */
export async function waitForState(
  exec: Executor,
  name: string,
  want: number,
  timeoutMs: number,
  pollMs = 100,
): Promise<ScQueryStatus | undefined> {
  const deadline = Date.now() + timeoutMs;
  let last: ScQueryStatus | undefined;
  for (;;) {
    last = await queryService(exec, name);
    if (last?.state === want) return last;
    if (want === ServiceState.RUNNING && last?.state === ServiceState.STOPPED) return last;
    if (Date.now() >= deadline) return last;
    await sleep(pollMs);
  }
}

/**
 * Stops the service and waits for STOPPED up to `timeoutSeconds`; only then is its process killed
 * (PID from `sc queryex`, `taskkill /F /PID`), and the log says so.
 */
export async function stopService(
  exec: Executor,
  name: string,
  timeoutSeconds: number,
  log: Pick<RunnerIO, 'warning'>,
): Promise<{ killed: boolean }> {
  const r = await exec.run(scStop(name), { timeoutMs: 60_000 });
  const code = parseScError(r.stdout);
  // 1062: not started. sc stop prints the state after the request: often STOP_PENDING, STOPPED
  // when the service stops at once (this saves a query while the service is down).
  if (code === 1062 || parseScQuery(r.stdout)?.state === ServiceState.STOPPED)
    return { killed: false };
  if (r.exitCode !== 0 && code !== undefined && code !== 1061)
    log.warning(`sc stop ${name}: ${explainWin32Error(code)}`);
  const after = await waitForState(exec, name, ServiceState.STOPPED, timeoutSeconds * 1000);
  if (after?.state === ServiceState.STOPPED) return { killed: false };

  log.warning(
    `${name} did not stop within ${timeoutSeconds} s (state ${stateName(after?.state ?? 0)}): killing its process`,
  );
  const ex = await exec.run(scQueryEx(name), { timeoutMs: 30_000 });
  const pid = ex.exitCode === 0 ? parseScQuery(ex.stdout)?.pid : undefined;
  if (!pid)
    throw new UserError(
      `${name} did not stop within ${timeoutSeconds} s and its process ID could not be read (sc queryex): stop it by hand, or raise the stop timeout`,
    );
  await runOk(exec, taskkillPid(pid), `kill process ${pid} of ${name}`);
  log.warning(`${name}: killed process ${pid} after the stop timeout of ${timeoutSeconds} s`);
  const killed = await waitForState(exec, name, ServiceState.STOPPED, 30_000);
  if (killed?.state !== ServiceState.STOPPED)
    throw new UserError(
      `${name} is still not STOPPED after its process was killed: check the host`,
    );
  return { killed: true };
}

export interface StartOutcome {
  ok: boolean;
  status?: ScQueryStatus;
  /** The Win32 error of `sc start` itself (1053, 1069, …) when it failed. */
  startError?: number;
}

/** `sc start`, then waits for RUNNING; STOPPED or the timeout is a failed start. */
export async function startService(
  exec: Executor,
  name: string,
  timeoutSeconds: number,
): Promise<StartOutcome> {
  const r = await exec.run(scStart(name), { timeoutMs: (timeoutSeconds + 30) * 1000 });
  const startError = r.exitCode !== 0 ? parseScError(r.stdout) : undefined;
  if (startError !== undefined && startError !== 1056) {
    const status = await queryService(exec, name);
    return { ok: false, startError, ...(status ? { status } : {}) };
  }
  const status = await waitForState(exec, name, ServiceState.RUNNING, timeoutSeconds * 1000);
  return { ok: status?.state === ServiceState.RUNNING, ...(status ? { status } : {}) };
}

export type VerifyResult =
  { ok: true; method: string } | { ok: false; method: string; actual?: string };

/**
 * The sha256 of a file on the host: `certutil -hashfile` where the executor says it works
 * (`capabilities.hashFile`), else the file read back through the executor and hashed here.
 */
export async function verifyFile(
  exec: Executor,
  windowsPath: string,
  sha256: string,
): Promise<VerifyResult> {
  const want = sha256.toLowerCase();
  if (exec.capabilities.hashFile) {
    const r = await exec.run(certutilSha256(windowsPath), { timeoutMs: 120_000 });
    const actual = r.exitCode === 0 ? parseCertutilHash(r.stdout) : undefined;
    if (actual === want) return { ok: true, method: 'certutil' };
    return { ok: false, method: 'certutil', ...(actual ? { actual } : {}) };
  }
  const actual = await exec.sha256File(windowsPath);
  if (!actual) return { ok: false, method: 'read back' };
  return actual === want
    ? { ok: true, method: 'read back' }
    : { ok: false, method: 'read back', actual };
}

/**
 * Refuses, before anything changes on the host, a service whose settings hold non-ASCII text when
 * the host cannot carry it: one harmless command with non-ASCII in it (`rem`) goes through the same
 * command file as every other, whose guard refuses it where cmd.exe does not read UTF-8
 * (hosts/command-file.ts). ASCII-only settings cost no command.
 */
export async function checkTextCarried(exec: Executor, service: ServiceSpec): Promise<void> {
  const text = JSON.stringify(service);
  if (![...text].some((ch) => ch.charCodeAt(0) > 0x7f)) return;
  // Nothing of the settings themselves travels: they may be secrets (environment, password).
  await exec.run(['cmd.exe', '/d', '/c', 'rem', 'winship-utf8-probe-\u00e9\u3042'], {
    timeoutMs: 60_000,
  });
}

/** The last `n` lines of a text file on the host ([] when it does not exist). */
export async function tailFile(exec: Executor, windowsPath: string, n: number): Promise<string[]> {
  const data = await exec.readFile(windowsPath).catch(() => undefined);
  if (!data) return [];
  const lines = data.toString('utf8').split(/\r?\n/);
  while (lines.length > 0 && lines.at(-1)?.trim() === '') lines.pop();
  return lines.slice(-n);
}
