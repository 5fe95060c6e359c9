/**
 * A Windows service's configuration as data, the module's one door for the engine and the deploy
 * action: what the spec wants (`service-spec.ts`), what the service key in the registry holds
 * (`service-registry.ts`), and the smallest list of sc.exe/reg.exe commands from one to the other
 * (`service-plan.ts`, one helper per setting in `service-fields.ts`).
 *
 * A value the spec leaves out (display name, description, recovery) is not managed; lists and maps
 * the spec always has (dependencies, environment) are.
 */
export {
  accountNeedsPassword,
  buildImagePath,
  desiredConfig,
  environmentReferenceProblem,
  validateAccount,
  validateServiceSpec,
  type Recovery,
  type ServiceConfig,
  type ServiceSpec,
} from './service-spec.js';
export { decodeFailureActions, readServiceConfig, serviceKey } from './service-registry.js';
export { formatRecovery } from './service-fields.js';
export {
  planServiceChanges,
  restoreTarget,
  type PlanServiceOptions,
  type ServicePlan,
  type ServiceStep,
} from './service-plan.js';
