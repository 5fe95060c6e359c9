/**
 * `sc.exe` as argument vectors, and parsers of its output that read only numbers and codes.
 *
 * sc's option syntax: the option name includes the equal sign and its value is the NEXT argument
 * (`binPath= <value>`, "A space is required between the equal sign and the value", sc's usage
 * text); older sc.exe builds print their usage instead of running when the two are joined.
 *
 * Output: labels are translated on some systems (ru-RU) and result words on most (`ERFOLG`,
 * `失败`), so the parsers identify fields by their position in the block and take the leading
 * number of each value; the state number (`4  RUNNING`) and Win32 codes are the reliable keys.
 */
import { UserError } from '../runner/errors.js';
import { refuseControlCharacters, validateServiceName } from './validate.js';

export type StartType = 'auto' | 'delayed-auto' | 'demand' | 'disabled';

export const START_TYPES: readonly StartType[] = ['auto', 'delayed-auto', 'demand', 'disabled'];

/** SERVICE_STATUS.dwCurrentState values. */
export const ServiceState = {
  STOPPED: 1,
  START_PENDING: 2,
  STOP_PENDING: 3,
  RUNNING: 4,
  CONTINUE_PENDING: 5,
  PAUSE_PENDING: 6,
  PAUSED: 7,
} as const;

const STATE_NAMES: Record<number, string> = {
  1: 'STOPPED',
  2: 'START_PENDING',
  3: 'STOP_PENDING',
  4: 'RUNNING',
  5: 'CONTINUE_PENDING',
  6: 'PAUSE_PENDING',
  7: 'PAUSED',
};

export function stateName(state: number): string {
  return STATE_NAMES[state] ?? `state ${state}`;
}

function sc(...args: string[]): string[] {
  return ['sc.exe', ...args];
}

/** The fields `sc create` and `sc config` can set; only those given are sent. */
export interface ScServiceFields {
  /** The whole command line of the service (program and arguments), already quoted. */
  binPath?: string;
  start?: StartType;
  displayName?: string;
  /** `LocalSystem`, `NT AUTHORITY\NetworkService`, `NT SERVICE\<name>`, `DOMAIN\gmsa$`, `DOMAIN\user`. */
  account?: string;
  /** Only for accounts that have one; never logged (see `redactArgv`). */
  password?: string;
  /** Service names; an empty list clears the dependencies (`depend= /`). */
  dependencies?: string[];
}

function fieldArgs(f: ScServiceFields): string[] {
  const out: string[] = [];
  if (f.binPath !== undefined)
    out.push('binPath=', refuseControlCharacters(f.binPath, 'binary path'));
  if (f.start !== undefined) {
    if (!START_TYPES.includes(f.start))
      throw new UserError(`Invalid start type '${String(f.start)}': use ${START_TYPES.join(', ')}`);
    out.push('start=', f.start);
  }
  if (f.displayName !== undefined)
    out.push('DisplayName=', refuseControlCharacters(f.displayName, 'display name'));
  if (f.dependencies !== undefined) {
    const deps = f.dependencies.map((d) => validateServiceName(d));
    out.push('depend=', deps.length === 0 ? '/' : deps.join('/'));
  }
  if (f.account !== undefined)
    out.push('obj=', refuseControlCharacters(f.account, 'service account'));
  if (f.password !== undefined)
    out.push('password=', refuseControlCharacters(f.password, 'password'));
  return out;
}

/** `sc create <name> binPath= <cmdline> [start= …] [DisplayName= …] [depend= …] [obj= …] [password= …]`. */
export function scCreate(name: string, fields: ScServiceFields & { binPath: string }): string[] {
  return sc('create', validateServiceName(name), ...fieldArgs(fields));
}

/** `sc config <name> …` with only the fields that change. */
export function scConfig(name: string, fields: ScServiceFields): string[] {
  const args = fieldArgs(fields);
  if (args.length === 0) throw new Error('scConfig without any field to change');
  return sc('config', validateServiceName(name), ...args);
}

/** `sc description <name> <text>` (an empty text clears it). */
export function scDescription(name: string, description: string): string[] {
  return sc(
    'description',
    validateServiceName(name),
    refuseControlCharacters(description, 'description'),
  );
}

export interface FailureAction {
  type: 'restart' | 'none' | 'reboot' | 'run';
  delayMs: number;
}

/**
 * `sc failure <name> reset= <seconds> actions= restart/5000/restart/10000/none/0`. An empty list
 * clears the actions (`actions= ""`).
 */
export function scFailure(
  name: string,
  resetSeconds: number,
  actions: readonly FailureAction[],
): string[] {
  if (!Number.isInteger(resetSeconds) || resetSeconds < 0 || resetSeconds > 0xffffffff)
    throw new UserError(`Invalid recovery reset period ${resetSeconds}: use whole seconds from 0`);
  const parts = actions.map((a) => {
    if (!['restart', 'none', 'reboot', 'run'].includes(a.type))
      throw new UserError(`Invalid recovery action '${a.type}': use restart or none`);
    if (!Number.isInteger(a.delayMs) || a.delayMs < 0 || a.delayMs > 0xffffffff)
      throw new UserError(`Invalid recovery delay ${a.delayMs}: use whole milliseconds from 0`);
    return `${a.type}/${a.delayMs}`;
  });
  return sc(
    'failure',
    validateServiceName(name),
    'reset=',
    String(resetSeconds),
    'actions=',
    parts.join('/'),
  );
}

/**
 * `sc failureflag <name> 1`: recovery actions also run when the service stops with an error exit
 * code, not only when its process dies (a Go service that returns an error from Execute).
 */
export function scFailureFlag(name: string, on: boolean): string[] {
  return sc('failureflag', validateServiceName(name), on ? '1' : '0');
}

export const scStart = (name: string) => sc('start', validateServiceName(name));
export const scStop = (name: string) => sc('stop', validateServiceName(name));
export const scQuery = (name: string) => sc('query', validateServiceName(name));
/** Like `sc query` plus `PID` and `FLAGS` (Windows only; Wine's sc has no queryex). */
export const scQueryEx = (name: string) => sc('queryex', validateServiceName(name));
export const scDelete = (name: string) => sc('delete', validateServiceName(name));

/** `taskkill /F /PID <pid>`: only after a stop timed out. */
export function taskkillPid(pid: number): string[] {
  if (!Number.isInteger(pid) || pid <= 0) throw new Error(`invalid PID ${pid}`);
  return ['taskkill.exe', '/F', '/PID', String(pid)];
}

/** The argument vector for logs: the value after `password=` is replaced. */
export function redactArgv(argv: readonly string[]): string[] {
  return argv.map((a, i) => (i > 0 && argv[i - 1]?.toLowerCase() === 'password=' ? '***' : a));
}

// ---------------------------------------------------------------------------------------------
// Parsers

/**
 * The Win32 error of a failed sc command: `[SC] OpenService FAILED 1060:` in every locale seen
 * (`ERROR 1060:`, `失败 1060:`, `ошибка: 1060:`): the number before the colon that ends the line.
 */
export function parseScError(stdout: string): number | undefined {
  for (const raw of stdout.split('\n')) {
    const m = /\[SC\].*?\s(\d+):/.exec(raw);
    if (m) return Number(m[1]);
  }
  return undefined;
}

interface Field {
  /** The label as printed (English on most systems, translated on some; never interpreted). */
  label: string;
  value: string;
}

interface Block {
  /** The value of the unindented first line (`SERVICE_NAME: x`). */
  name: string;
  fields: Field[];
}

/**
 * Splits sc output into blocks: an unindented `LABEL: value` line starts one, indented
 * `LABEL : value` lines are its fields, other indented lines continue the previous field.
 */
function parseBlocks(stdout: string): Block[] {
  const blocks: Block[] = [];
  let block: Block | undefined;
  let lastWasName = false;
  for (const raw of stdout.split('\n')) {
    const line = raw.replace(/\r$/, '').replace(/\s+$/, '');
    if (line === '') continue;
    if (!/^\s/.test(line)) {
      // `SERVICE_NAME: x` (one-token label, in any language); prompts such as `C:\>sc qc x` and
      // `[SC] ...` result lines are not block starts.
      const m = /^([^\s:[]+):\s*(.*)$/.exec(line);
      const isName = m !== null && !(m[2] ?? '').startsWith('\\');
      // DISPLAY_NAME follows SERVICE_NAME directly in enumeration output: keep the first.
      if (isName && !(lastWasName && block?.fields.length === 0)) {
        block = { name: (m[2] ?? '').trim(), fields: [] };
        blocks.push(block);
      }
      lastWasName = isName;
      if (!isName) block = undefined;
      continue;
    }
    lastWasName = false;
    if (!block) continue;
    const m = /^\s+([^\s:(][^:]*?)\s*:\s?(.*)$/.exec(line);
    if (m) {
      block.fields.push({ label: m[1] ?? '', value: (m[2] ?? '').trim() });
      continue;
    }
    // Other indented lines continue the previous field (the controls list): no number to read.
  }
  return blocks.filter((b) => b.fields.length > 0);
}

/** sc prints SERVICE_TYPE in hex without a prefix: `10  WIN32_OWN_PROCESS` is 0x10. */
function hexNumber(value: string | undefined): number | undefined {
  const m = /^([0-9a-fA-F]+)\b/.exec(value ?? '');
  return m ? parseInt(m[1] ?? '', 16) : undefined;
}

function leadingNumber(value: string | undefined): number | undefined {
  const m = /^(0x[0-9a-fA-F]+|\d+)/.exec(value ?? '');
  return m ? Number(m[1]) : undefined;
}

export interface ScQueryStatus {
  name: string;
  /** SERVICE_TYPE, e.g. 0x10 (WIN32_OWN_PROCESS), printed by sc in hex as `10`. */
  type: number;
  /** dwCurrentState: 1 STOPPED … 4 RUNNING (see ServiceState). */
  state: number;
  win32ExitCode: number;
  serviceExitCode: number;
  checkpoint: number;
  waitHint: number;
  /** Only from `sc queryex` (and the block `sc start` prints). */
  pid?: number;
}

/**
 * Every status block of `sc query`/`sc queryex`/`sc start`/`sc stop` output. Fields by position:
 * TYPE, STATE, WIN32_EXIT_CODE, SERVICE_EXIT_CODE, CHECKPOINT, WAIT_HINT[, PID, FLAGS].
 */
export function parseScQueryAll(stdout: string): ScQueryStatus[] {
  const out: ScQueryStatus[] = [];
  for (const b of parseBlocks(stdout)) {
    const n = b.fields.map((f) => leadingNumber(f.value));
    const [, state, win32, svc, checkpoint, waitHint, pid] = n;
    const type = hexNumber(b.fields[0]?.value);
    if (type === undefined || state === undefined || win32 === undefined || svc === undefined)
      continue;
    if (state < 1 || state > 7) continue;
    const status: ScQueryStatus = {
      name: b.name,
      type,
      state,
      win32ExitCode: win32,
      serviceExitCode: svc,
      checkpoint: checkpoint ?? 0,
      waitHint: waitHint ?? 0,
    };
    if (pid !== undefined && b.fields.length >= 7) status.pid = pid;
    out.push(status);
  }
  return out;
}

/** The one status block of `sc query <name>`; undefined when there is none (an error). */
export function parseScQuery(stdout: string): ScQueryStatus | undefined {
  return parseScQueryAll(stdout)[0];
}
