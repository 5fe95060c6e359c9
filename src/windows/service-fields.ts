/**
 * One planning helper per managed service setting, the way ansible.windows' `win_service` has one
 * setter per property: each compares the current value (undefined: the service does not exist)
 * with the desired one and returns its plan row, plus either the fields it adds to the single
 * `sc create`/`sc config` command or a command of its own. A setting the spec leaves out
 * (undefined in `desired`) is not managed: its helper returns nothing.
 */
import { UserError } from '../runner/errors.js';
import { ABSENT, type PlanItem } from './plan-item.js';
import { regAdd, regDelete } from './reg.js';
import { scDescription, scFailure, scFailureFlag, type ScServiceFields } from './sc.js';
import { serviceKey } from './service-registry.js';
import { accountNeedsPassword, type Recovery, type ServiceConfig } from './service-spec.js';

export interface ServiceStep {
  /** What this command changes, for logs. */
  what: string;
  argv: string[];
}

export interface PlanServiceOptions {
  /** Sent with `obj=` when the service is created or its account changes. */
  password?: string;
  /**
   * Going back to an old configuration (rollback) cannot know an old password: such an account
   * change is reported as refused instead of throwing.
   */
  restoring?: boolean;
}

/** What one helper sees: the service, both configurations, and the options of the plan. */
export interface FieldContext {
  name: string;
  /** undefined: the service does not exist yet. */
  current: ServiceConfig | undefined;
  desired: ServiceConfig;
  opts: PlanServiceOptions;
}

export interface FieldPlan {
  row: PlanItem;
  /** Fields for the one `sc create`/`sc config` command (none when unchanged). */
  sc?: ScServiceFields;
  /** A command of its own, run after `sc create`/`sc config`. */
  step?: ServiceStep;
}

/** The row of a setting: `create` for a new service, else `update` when it differs. */
function row(
  ctx: FieldContext,
  setting: string,
  current: string,
  desired: string,
  changed: boolean,
): PlanItem {
  const create = ctx.current === undefined;
  return {
    area: 'service-config',
    setting: `${ctx.name} ${setting}`,
    current: create ? ABSENT : current,
    desired,
    action: create ? 'create' : changed ? 'update' : 'none',
  };
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

export function planBinaryPath(ctx: FieldContext): FieldPlan {
  const { current, desired } = ctx;
  const changed = current === undefined || current.imagePath !== desired.imagePath;
  return {
    row: row(ctx, 'binary path', current?.imagePath ?? '', desired.imagePath, changed),
    ...(changed ? { sc: { binPath: desired.imagePath } } : {}),
  };
}

export function planStartType(ctx: FieldContext): FieldPlan {
  const { current, desired } = ctx;
  const changed = current === undefined || current.startType !== desired.startType;
  const want = desired.startType;
  // boot, system and unknown are only ever read, never asked for: no `start=` can set them.
  const settable = want !== 'boot' && want !== 'system' && want !== 'unknown';
  return {
    row: row(ctx, 'start type', current?.startType ?? '', want, changed),
    ...(changed && settable ? { sc: { start: want } } : {}),
  };
}

/** A user account needs its password; a rollback that cannot know it reports the row refused. */
export function planAccount(ctx: FieldContext): FieldPlan {
  const { name, current, desired, opts } = ctx;
  const create = current === undefined;
  const changed = create || !sameAccount(current.account, desired.account);
  const needsPassword = accountNeedsPassword(desired.account);
  const refused = changed && needsPassword && opts.password === undefined;
  if (refused && !opts.restoring)
    throw new UserError(
      `Service account '${desired.account}' needs a password: pass it from a secret (service-password), or use a virtual account (NT SERVICE\\${name}) or a gMSA (DOMAIN\\name$)`,
    );
  const item = row(ctx, 'account', current?.account ?? '', desired.account, changed);
  if (refused)
    return {
      row: {
        ...item,
        action: 'refused',
        note: 'the previous password is not known: set the account by hand',
      },
    };
  if (!changed) return { row: item };
  return {
    row: item,
    sc: needsPassword
      ? { account: desired.account, password: opts.password }
      : { account: desired.account },
  };
}

export function planDisplayName(ctx: FieldContext): FieldPlan | undefined {
  const { name, current, desired } = ctx;
  if (desired.displayName === undefined) return undefined;
  // Without a DisplayName value the SCM shows the service name; `sc create` sets it to the name.
  const cur = current?.displayName ?? name;
  const changed =
    current === undefined ? desired.displayName !== name : cur !== desired.displayName;
  return {
    row: row(ctx, 'display name', cur, desired.displayName, changed),
    ...(changed ? { sc: { displayName: desired.displayName } } : {}),
  };
}

export function planDependencies(ctx: FieldContext): FieldPlan {
  const { current, desired } = ctx;
  const changed =
    current === undefined
      ? desired.dependencies.length > 0
      : !sameList(current.dependencies, desired.dependencies, true);
  return {
    row: row(
      ctx,
      'dependencies',
      (current?.dependencies ?? []).join('/') || '(none)',
      desired.dependencies.join('/') || '(none)',
      changed,
    ),
    ...(changed ? { sc: { dependencies: desired.dependencies } } : {}),
  };
}

export function planDescription(ctx: FieldContext): FieldPlan | undefined {
  const { name, current, desired } = ctx;
  if (desired.description === undefined) return undefined;
  const cur = current?.description ?? '';
  const changed = cur !== desired.description;
  return {
    row: row(ctx, 'description', show(cur), show(desired.description), changed),
    ...(changed
      ? { step: { what: 'set the description', argv: scDescription(name, desired.description) } }
      : {}),
  };
}

/** Always managed: an empty environment in the spec removes the `Environment` value. */
export function planEnvironment(ctx: FieldContext): FieldPlan {
  const { name, current, desired } = ctx;
  const changed = !sameList(current?.environment ?? [], desired.environment, false);
  const key = serviceKey(name);
  const step: ServiceStep =
    desired.environment.length > 0
      ? {
          what: 'set the environment',
          argv: regAdd(key, 'Environment', 'REG_MULTI_SZ', desired.environment),
        }
      : { what: 'remove the environment', argv: regDelete(key, 'Environment') };
  return {
    row: row(
      ctx,
      'environment',
      (current?.environment ?? []).join(' ') || '(none)',
      desired.environment.join(' ') || '(none)',
      changed,
    ),
    ...(changed ? { step } : {}),
  };
}

export function planRecovery(ctx: FieldContext): FieldPlan | undefined {
  const { name, current, desired } = ctx;
  if (desired.recovery === undefined) return undefined;
  const changed = !sameRecovery(current?.recovery, desired.recovery);
  const { resetSeconds, actions } = desired.recovery;
  return {
    row: row(
      ctx,
      'recovery',
      formatRecovery(current?.recovery),
      formatRecovery(desired.recovery),
      changed,
    ),
    ...(changed
      ? {
          step: {
            what: 'set the recovery actions',
            argv: scFailure(name, resetSeconds, actions),
          },
        }
      : {}),
  };
}

/** `FailureActionsOnNonCrashFailures`: recovery also after an error exit, not only a crash. */
export function planFailureFlag(ctx: FieldContext): FieldPlan | undefined {
  const { name, current, desired } = ctx;
  if (desired.failureFlag === undefined) return undefined;
  const cur = current?.failureFlag ?? false;
  const changed = cur !== desired.failureFlag;
  return {
    row: row(
      ctx,
      'recovery on error exit',
      cur ? '1' : '0',
      desired.failureFlag ? '1' : '0',
      changed,
    ),
    ...(changed
      ? {
          step: {
            what: 'set the recovery flag',
            argv: scFailureFlag(name, desired.failureFlag),
          },
        }
      : {}),
  };
}
