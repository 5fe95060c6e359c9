/**
 * What a deploy wants of a Windows service: the spec as the user gave it, its validation before
 * anything runs, and the normalized configuration (`ServiceConfig`) it asks for. The same
 * `ServiceConfig` shape holds what the registry says (`service-registry.ts`), so the planner
 * (`service-plan.ts`) compares like with like.
 */
import { UserError } from '../runner/errors.js';
import { quoteArg } from './quote.js';
import { START_TYPES, type FailureAction, type StartType } from './sc.js';
import { refuseControlCharacters, validateServiceName, validateWindowsPath } from './validate.js';

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
  /**
   * Lets an argument name an environment variable (`%NAME%`), which the service control manager
   * replaces when it starts the service; refused by default, as it is rarely what was meant.
   */
  allowEnvironmentReferences?: boolean;
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
  refuseControlCharacters(account, 'service account');
  if (!/^[^"/[\]:;|=,+*?<>\\]+(\\[^"/[\]:;|=,+*?<>\\]+)?$/.test(account) || account.length > 256)
    throw new UserError(
      `Invalid service account '${account}': use LocalSystem, NT AUTHORITY\\NetworkService, NT SERVICE\\<name>, DOMAIN\\gmsa$ or DOMAIN\\user`,
    );
  return account;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** `%NAME%` as ExpandEnvironmentStrings reads it, for names a variable can have (`ProgramFiles(x86)`). */
const ENV_REFERENCE = /%([A-Za-z_][A-Za-z0-9_.()-]*)%/;

/**
 * Why an argument cannot be stored as written: the service's command line (`ImagePath`,
 * REG_EXPAND_SZ) has every `%NAME%` of a defined variable replaced when the service starts, and
 * there is no escape for `%` in it. undefined when the argument names no variable.
 */
export function environmentReferenceProblem(arg: string): string | undefined {
  const m = ENV_REFERENCE.exec(arg);
  if (!m) return undefined;
  return `the service argument '${arg}' contains %${m[1]}% which Windows replaces with the value of the environment variable ${m[1]} when the service starts; write the value itself, or set allow-environment-references: true if the expansion is intended`;
}

/** Checks a spec completely before anything runs; returns it unchanged. */
export function validateServiceSpec(spec: ServiceSpec): ServiceSpec {
  validateServiceName(spec.name);
  if (!START_TYPES.includes(spec.startType))
    throw new UserError(
      `Invalid start type '${String(spec.startType)}': use ${START_TYPES.join(', ')}`,
    );
  validateAccount(spec.account);
  if (spec.displayName !== undefined) {
    refuseControlCharacters(spec.displayName, 'display name');
    if (spec.displayName.length > 256 || spec.displayName.trim() === '')
      throw new UserError(`Invalid display name '${spec.displayName}': use 1 to 256 characters`);
  }
  if (spec.description !== undefined) refuseControlCharacters(spec.description, 'description');
  if (spec.password !== undefined) refuseControlCharacters(spec.password, 'password');
  for (const a of spec.args) {
    refuseControlCharacters(a, 'service argument');
    const problem = spec.allowEnvironmentReferences ? undefined : environmentReferenceProblem(a);
    if (problem) throw new UserError(`Invalid service argument: ${problem}`);
  }
  for (const d of spec.dependencies) validateServiceName(d);
  for (const [k, v] of Object.entries(spec.environment)) {
    if (!ENV_NAME.test(k))
      throw new UserError(
        `Invalid environment variable name '${k}': use letters, digits and '_', starting with a letter or '_'`,
      );
    refuseControlCharacters(v, `value of environment variable ${k}`);
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
  return [
    `"${program}"`,
    ...args.map((a) => quoteArg(refuseControlCharacters(a, 'service argument'))),
  ].join(' ');
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
