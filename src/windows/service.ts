/**
 * A Windows service's configuration as data: what the spec wants, what the service key in the
 * registry holds, and the smallest list of sc.exe/reg.exe commands from one to the other.
 *
 * The current configuration is read from `HKLM\SYSTEM\CurrentControlSet\Services\<name>` (values
 * and numbers, the same in every locale) rather than from `sc qc` text. A value the spec leaves
 * out (display name, description, recovery) is not managed; lists and maps the spec always has
 * (dependencies, environment) are. Applying the plan twice changes nothing the second time.
 */
import type { PlanItem } from '../engine/plan.js';
import { UserError } from '../runner/errors.js';
import { quoteArg } from './quote.js';
import { regAdd, regDelete, type RegValue } from './reg.js';
import {
  scConfig,
  scCreate,
  scDescription,
  scFailure,
  scFailureFlag,
  START_TYPES,
  type FailureAction,
  type ScServiceFields,
  type StartType,
} from './sc.js';
import { validateServiceName, validateWindowsPath } from './validate.js';

export interface ServiceSpec {
  name: string;
  displayName?: string;
  description?: string;
  startType: StartType;
  /** 'LocalSystem' | 'NT SERVICE\<name>' | 'NT AUTHORITY\NetworkService' | 'DOMAIN\gmsa$' | 'DOMAIN\user' */
  account: string;
  /** Only from a secret input; needed only for ordinary user accounts. */
  password?: string;
  /** Arguments after the binary path in binPath. */
  args: string[];
  environment: Record<string, string>;
  dependencies: string[];
  recovery?: { resetSeconds: number; actions: { type: 'restart' | 'none'; delayMs: number }[] };
  /** How long a stop may take before the process is killed (the engine waits, then taskkill). */
  stopTimeoutSeconds: number;
  /** Optional: the service's log file; its last lines are reported when a release fails. */
  logFile?: string;
}

export interface Recovery {
  resetSeconds: number;
  actions: FailureAction[];
}

/** The managed part of a service's configuration, normalized for comparison. */
export interface ServiceConfig {
  imagePath: string;
  startType: StartType | 'boot' | 'system' | 'unknown';
  account: string;
  /** undefined: not managed (desired) or not set (current: the SCM shows the name). */
  displayName?: string;
  description?: string;
  dependencies: string[];
  /** `KEY=value` items, sorted by key. */
  environment: string[];
  /** undefined: not managed (desired) or none stored (current). */
  recovery?: Recovery;
  failureFlag?: boolean;
}

export function serviceKey(name: string): string {
  return `HKLM\\SYSTEM\\CurrentControlSet\\Services\\${validateServiceName(name)}`;
}

function noControl(value: string, what: string): string {
  if ([...value].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f))
    throw new UserError(
      `Invalid ${what} ${JSON.stringify(value)}: control characters and newlines are not allowed`,
    );
  return value;
}

const BUILTIN_ACCOUNTS = [
  'localsystem',
  '.\\localsystem',
  'nt authority\\system',
  'nt authority\\localservice',
  'nt authority\\networkservice',
];

/** Accounts that log on without a password: built-in, virtual (`NT SERVICE\x`) and gMSA (`x$`). */
export function accountNeedsPassword(account: string): boolean {
  const a = account.toLowerCase();
  return !(BUILTIN_ACCOUNTS.includes(a) || a.startsWith('nt service\\') || a.endsWith('$'));
}

/** `LocalSystem`, `NT AUTHORITY\NetworkService`, `NT SERVICE\name`, `DOMAIN\name$`, `.\user`, `user@domain`. */
export function validateAccount(account: string): string {
  noControl(account, 'service account');
  if (!/^[^"/[\]:;|=,+*?<>\\]+(\\[^"/[\]:;|=,+*?<>\\]+)?$/.test(account) || account.length > 256)
    throw new UserError(
      `Invalid service account '${account}': use LocalSystem, NT AUTHORITY\\NetworkService, NT SERVICE\\<name>, DOMAIN\\gmsa$ or DOMAIN\\user`,
    );
  return account;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** Checks a spec completely before anything runs; returns it unchanged. */
export function validateServiceSpec(spec: ServiceSpec): ServiceSpec {
  validateServiceName(spec.name);
  if (!START_TYPES.includes(spec.startType))
    throw new UserError(
      `Invalid start type '${String(spec.startType)}': use ${START_TYPES.join(', ')}`,
    );
  validateAccount(spec.account);
  if (spec.displayName !== undefined) {
    noControl(spec.displayName, 'display name');
    if (spec.displayName.length > 256 || spec.displayName.trim() === '')
      throw new UserError(`Invalid display name '${spec.displayName}': use 1 to 256 characters`);
  }
  if (spec.description !== undefined) noControl(spec.description, 'description');
  if (spec.password !== undefined) noControl(spec.password, 'password');
  for (const a of spec.args) noControl(a, 'service argument');
  for (const d of spec.dependencies) validateServiceName(d);
  for (const [k, v] of Object.entries(spec.environment)) {
    if (!ENV_NAME.test(k))
      throw new UserError(
        `Invalid environment variable name '${k}': use letters, digits and '_', starting with a letter or '_'`,
      );
    noControl(v, `value of environment variable ${k}`);
  }
  if (spec.recovery) {
    const r = spec.recovery;
    if (!Number.isInteger(r.resetSeconds) || r.resetSeconds < 0)
      throw new UserError(
        `Invalid recovery reset period ${r.resetSeconds}: use whole seconds from 0`,
      );
    for (const a of r.actions) {
      if (a.type !== 'restart' && a.type !== 'none')
        throw new UserError(`Invalid recovery action '${String(a.type)}': use restart or none`);
      if (!Number.isInteger(a.delayMs) || a.delayMs < 0)
        throw new UserError(`Invalid recovery delay ${a.delayMs}: use whole milliseconds from 0`);
    }
  }
  if (!Number.isFinite(spec.stopTimeoutSeconds) || spec.stopTimeoutSeconds <= 0)
    throw new UserError(
      `Invalid stop timeout ${spec.stopTimeoutSeconds}: use a number of seconds above 0`,
    );
  if (spec.logFile !== undefined) validateWindowsPath(spec.logFile, 'log file');
  return spec;
}

/**
 * The service command line: the program always quoted (an unquoted path with blanks is a known
 * privilege-escalation hole), each argument quoted for CommandLineToArgvW.
 */
export function buildImagePath(exePath: string, args: readonly string[]): string {
  const program = validateWindowsPath(exePath, 'binary path');
  return [`"${program}"`, ...args.map((a) => quoteArg(noControl(a, 'service argument')))].join(' ');
}

function environmentList(env: Record<string, string>): string[] {
  return Object.keys(env)
    .sort()
    .map((k) => `${k}=${env[k]}`);
}

export function desiredConfig(spec: ServiceSpec, exePath: string): ServiceConfig {
  const cfg: ServiceConfig = {
    imagePath: buildImagePath(exePath, spec.args),
    startType: spec.startType,
    account: spec.account,
    dependencies: [...spec.dependencies],
    environment: environmentList(spec.environment),
  };
  if (spec.displayName !== undefined) cfg.displayName = spec.displayName;
  if (spec.description !== undefined) cfg.description = spec.description;
  if (spec.recovery) {
    cfg.recovery = {
      resetSeconds: spec.recovery.resetSeconds,
      actions: spec.recovery.actions.map((a) => ({ type: a.type, delayMs: a.delayMs })),
    };
    cfg.failureFlag = spec.recovery.actions.some((a) => a.type === 'restart');
  }
  return cfg;
}

const ACTION_TYPES: Record<number, FailureAction['type']> = {
  0: 'none',
  1: 'restart',
  2: 'reboot',
  3: 'run',
};

/**
 * The `FailureActions` REG_BINARY: a SERVICE_FAILURE_ACTIONS with 32-bit fields (MS-SCMR's
 * SERVICE_FAILURE_ACTIONS_WOW64 layout): dwResetPeriod, reboot message and command placeholders,
 * cActions, the offset of the SC_ACTION array (0x14), then cActions pairs of DWORD Type, Delay.
 */
export function decodeFailureActions(data: Buffer): Recovery | undefined {
  if (data.length < 20) return undefined;
  const resetSeconds = data.readUInt32LE(0);
  const count = data.readUInt32LE(12);
  const offset = data.readUInt32LE(16) || 20;
  if (count > 1024 || offset + count * 8 > data.length) return undefined;
  const actions: FailureAction[] = [];
  for (let i = 0; i < count; i++) {
    const type = ACTION_TYPES[data.readUInt32LE(offset + i * 8)];
    if (type === undefined) return undefined;
    actions.push({ type, delayMs: data.readUInt32LE(offset + i * 8 + 4) });
  }
  return { resetSeconds, actions };
}

function find(values: readonly RegValue[], name: string): RegValue | undefined {
  return values.find((v) => v.name.toLowerCase() === name.toLowerCase());
}

function str(v: RegValue | undefined): string | undefined {
  return v && typeof v.data === 'string' ? v.data : undefined;
}

function num(v: RegValue | undefined): number | undefined {
  if (!v) return undefined;
  if (typeof v.data === 'number') return v.data;
  if (typeof v.data === 'bigint') return Number(v.data);
  return undefined;
}

function list(v: RegValue | undefined): string[] {
  if (!v) return [];
  if (Array.isArray(v.data)) return v.data.filter((s) => s !== '');
  if (typeof v.data === 'string' && v.data !== '') return [v.data];
  return [];
}

/** The configuration held by the values of the service key (`reg query <serviceKey>`). */
export function readServiceConfig(values: readonly RegValue[]): ServiceConfig {
  const start = num(find(values, 'Start'));
  const delayed = num(find(values, 'DelayedAutostart')) === 1;
  const startType: ServiceConfig['startType'] =
    start === 2
      ? delayed
        ? 'delayed-auto'
        : 'auto'
      : start === 3
        ? 'demand'
        : start === 4
          ? 'disabled'
          : start === 0
            ? 'boot'
            : start === 1
              ? 'system'
              : 'unknown';
  const cfg: ServiceConfig = {
    imagePath: str(find(values, 'ImagePath')) ?? '',
    startType,
    account: str(find(values, 'ObjectName')) ?? 'LocalSystem',
    dependencies: list(find(values, 'DependOnService')),
    environment: [...list(find(values, 'Environment'))].sort(byKey),
  };
  const displayName = str(find(values, 'DisplayName'));
  if (displayName !== undefined) cfg.displayName = displayName;
  const description = str(find(values, 'Description'));
  if (description !== undefined) cfg.description = description;
  const fa = find(values, 'FailureActions');
  const recovery = fa && Buffer.isBuffer(fa.data) ? decodeFailureActions(fa.data) : undefined;
  if (recovery) cfg.recovery = recovery;
  cfg.failureFlag = num(find(values, 'FailureActionsOnNonCrashFailures')) === 1;
  return cfg;
}

function byKey(a: string, b: string): number {
  const ka = a.split('=')[0] ?? '';
  const kb = b.split('=')[0] ?? '';
  return ka < kb ? -1 : ka > kb ? 1 : a < b ? -1 : a > b ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// Diff

export interface ServiceStep {
  /** What this command changes, for logs. */
  what: string;
  argv: string[];
}

export interface ServicePlan {
  /** True when the service does not exist and `sc create` comes first. */
  create: boolean;
  steps: ServiceStep[];
  /** One row per managed setting (unchanged ones with action 'none'). */
  rows: PlanItem[];
}

function sameList(a: readonly string[], b: readonly string[], ci: boolean): boolean {
  const norm = (l: readonly string[]) => [...l].map((s) => (ci ? s.toLowerCase() : s)).sort();
  const x = norm(a);
  const y = norm(b);
  return x.length === y.length && x.every((s, i) => s === y[i]);
}

function sameAccount(a: string, b: string): boolean {
  const n = (s: string) => {
    const l = s.toLowerCase();
    return l === '.\\localsystem' || l === 'nt authority\\system' ? 'localsystem' : l;
  };
  return n(a) === n(b);
}

function sameRecovery(a: Recovery | undefined, b: Recovery | undefined): boolean {
  const actionsA = a?.actions ?? [];
  const actionsB = b?.actions ?? [];
  if (actionsA.length === 0 && actionsB.length === 0) return true;
  return (
    (a?.resetSeconds ?? 0) === (b?.resetSeconds ?? 0) &&
    actionsA.length === actionsB.length &&
    actionsA.every((x, i) => x.type === actionsB[i]?.type && x.delayMs === actionsB[i]?.delayMs)
  );
}

export function formatRecovery(r: Recovery | undefined): string {
  if (!r || r.actions.length === 0) return '(none)';
  return `reset=${r.resetSeconds} actions=${r.actions.map((a) => `${a.type}/${a.delayMs}`).join('/')}`;
}

const show = (s: string | undefined) => (s === undefined || s === '' ? '(empty)' : s);

export interface PlanServiceOptions {
  /** Sent with `obj=` when the service is created or its account changes. */
  password?: string;
  /**
   * Going back to an old configuration (rollback) cannot know an old password: such an account
   * change is reported as refused instead of throwing.
   */
  restoring?: boolean;
}

/**
 * The commands that turn `current` (undefined: the service does not exist) into `desired`.
 * Unmanaged settings (undefined in `desired`) are left alone.
 */
export function planServiceChanges(
  name: string,
  current: ServiceConfig | undefined,
  desired: ServiceConfig,
  opts: PlanServiceOptions = {},
): ServicePlan {
  validateServiceName(name);
  const rows: PlanItem[] = [];
  const steps: ServiceStep[] = [];
  const create = current === undefined;
  const row = (setting: string, cur: string, want: string, changed: boolean, note?: string) => {
    const item: PlanItem = {
      area: 'service-config',
      setting: `${name} ${setting}`,
      current: create ? '(absent)' : cur,
      desired: want,
      action: create ? 'create' : changed ? 'update' : 'none',
    };
    if (note) item.note = note;
    rows.push(item);
  };

  const fields: ScServiceFields = {};
  const changed: string[] = [];

  const imageChanged = create || current.imagePath !== desired.imagePath;
  row('binary path', current?.imagePath ?? '', desired.imagePath, imageChanged);
  if (imageChanged) fields.binPath = desired.imagePath;

  const startChanged = create || current.startType !== desired.startType;
  row('start type', current?.startType ?? '', desired.startType, startChanged);
  if (
    startChanged &&
    desired.startType !== 'boot' &&
    desired.startType !== 'system' &&
    desired.startType !== 'unknown'
  )
    fields.start = desired.startType;
  if (startChanged) changed.push('start type');

  const accountChanged = create || !sameAccount(current.account, desired.account);
  let accountRefused = false;
  if (accountChanged) {
    if (accountNeedsPassword(desired.account) && opts.password === undefined) {
      if (!opts.restoring)
        throw new UserError(
          `Service account '${desired.account}' needs a password: pass it from a secret (service-password), or use a virtual account (NT SERVICE\\${name}) or a gMSA (DOMAIN\\name$)`,
        );
      accountRefused = true;
    } else {
      fields.account = desired.account;
      if (accountNeedsPassword(desired.account)) fields.password = opts.password;
    }
  }
  rows.push({
    area: 'service-config',
    setting: `${name} account`,
    current: create ? '(absent)' : (current?.account ?? ''),
    desired: desired.account,
    action: accountRefused ? 'refused' : create ? 'create' : accountChanged ? 'update' : 'none',
    ...(accountRefused
      ? { note: 'the previous password is not known: set the account by hand' }
      : {}),
  });

  if (desired.displayName !== undefined) {
    const cur = current?.displayName ?? name;
    const ch = create ? desired.displayName !== name : cur !== desired.displayName;
    row('display name', cur, desired.displayName, create || ch);
    if (ch) fields.displayName = desired.displayName;
  }

  const depsChanged = create
    ? desired.dependencies.length > 0
    : !sameList(current.dependencies, desired.dependencies, true);
  row(
    'dependencies',
    (current?.dependencies ?? []).join('/') || '(none)',
    desired.dependencies.join('/') || '(none)',
    create || depsChanged,
  );
  if (depsChanged) fields.dependencies = desired.dependencies;

  if (create) {
    steps.push({
      what: 'create the service',
      argv: scCreate(name, { ...fields, binPath: desired.imagePath }),
    });
  } else if (Object.keys(fields).length > 0) {
    const what = Object.keys(fields)
      .filter((k) => k !== 'password')
      .join(', ');
    steps.push({ what: `change ${what}`, argv: scConfig(name, fields) });
  }

  if (desired.description !== undefined) {
    const cur = current?.description ?? '';
    const ch = cur !== desired.description;
    row('description', show(cur), show(desired.description), create || ch);
    if (ch)
      steps.push({ what: 'set the description', argv: scDescription(name, desired.description) });
  }

  const key = serviceKey(name);
  const envChanged = !sameList(current?.environment ?? [], desired.environment, false);
  row(
    'environment',
    (current?.environment ?? []).join(' ') || '(none)',
    desired.environment.join(' ') || '(none)',
    create || envChanged,
  );
  if (envChanged) {
    steps.push(
      desired.environment.length > 0
        ? {
            what: 'set the environment',
            argv: regAdd(key, 'Environment', 'REG_MULTI_SZ', desired.environment),
          }
        : { what: 'remove the environment', argv: regDelete(key, 'Environment') },
    );
  }

  if (desired.recovery !== undefined) {
    const ch = !sameRecovery(current?.recovery, desired.recovery);
    row(
      'recovery',
      formatRecovery(current?.recovery),
      formatRecovery(desired.recovery),
      create || ch,
    );
    if (ch)
      steps.push({
        what: 'set the recovery actions',
        argv: scFailure(name, desired.recovery.resetSeconds, desired.recovery.actions),
      });
  }
  if (desired.failureFlag !== undefined) {
    const cur = current?.failureFlag ?? false;
    const ch = cur !== desired.failureFlag;
    row('recovery on error exit', cur ? '1' : '0', desired.failureFlag ? '1' : '0', create || ch);
    if (ch)
      steps.push({ what: 'set the recovery flag', argv: scFailureFlag(name, desired.failureFlag) });
  }

  return { create, steps, rows };
}

/**
 * What a rollback restores: the configuration that was read before the deploy changed it, for
 * the settings the deploy managed.
 */
export function restoreTarget(
  name: string,
  before: ServiceConfig,
  desired: ServiceConfig,
): ServiceConfig {
  const out: ServiceConfig = { ...before };
  if (desired.displayName === undefined) delete out.displayName;
  else out.displayName = before.displayName ?? name;
  if (desired.description === undefined) delete out.description;
  else out.description = before.description ?? '';
  if (desired.recovery === undefined) {
    delete out.recovery;
    delete out.failureFlag;
  } else {
    out.recovery = before.recovery ?? { resetSeconds: 0, actions: [] };
    out.failureFlag = before.failureFlag ?? false;
  }
  return out;
}
