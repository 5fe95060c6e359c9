/**
 * The smallest list of sc.exe/reg.exe commands that turns a service's current configuration into
 * the desired one, composed from one helper per setting (`service-fields.ts`): the fields that
 * `sc create`/`sc config` set go into one command, the others follow with commands of their own.
 * Applying the plan twice changes nothing the second time.
 */
import type { PlanItem } from './plan-item.js';
import { scConfig, scCreate, type ScServiceFields } from './sc.js';
import {
  planAccount,
  planBinaryPath,
  planDependencies,
  planDescription,
  planDisplayName,
  planEnvironment,
  planFailureFlag,
  planRecovery,
  planStartType,
  type FieldContext,
  type FieldPlan,
  type PlanServiceOptions,
  type ServiceStep,
} from './service-fields.js';
import type { ServiceConfig } from './service-spec.js';
import { validateServiceName } from './validate.js';

export type { PlanServiceOptions, ServiceStep } from './service-fields.js';

export interface ServicePlan {
  /** True when the service does not exist and `sc create` comes first. */
  create: boolean;
  steps: ServiceStep[];
  /** One row per managed setting (unchanged ones with action 'none'). */
  rows: PlanItem[];
}

/** Settings carried by `sc create`/`sc config`, in the order their rows are shown. */
const SC_SETTINGS = [planBinaryPath, planStartType, planAccount, planDisplayName, planDependencies];
/** Settings with a command of their own, run after it, in this order. */
const OTHER_SETTINGS = [planDescription, planEnvironment, planRecovery, planFailureFlag];

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
  const ctx: FieldContext = { name, current, desired, opts };
  const managed = (p: FieldPlan | undefined): p is FieldPlan => p !== undefined;
  const scPlans = SC_SETTINGS.map((plan) => plan(ctx)).filter(managed);
  const otherPlans = OTHER_SETTINGS.map((plan) => plan(ctx)).filter(managed);

  const fields: ScServiceFields = Object.assign({}, ...scPlans.map((p) => p.sc ?? {}));
  const steps: ServiceStep[] = [];
  if (current === undefined) {
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
  for (const p of otherPlans) if (p.step) steps.push(p.step);

  return {
    create: current === undefined,
    steps,
    rows: [...scPlans, ...otherPlans].map((p) => p.row),
  };
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
