/**
 * The Windows host engine: plan -> apply -> verify -> report for one service on one host.
 * actions/deploy-windows imports from here only.
 */
export {
  deployToHost,
  START_TIMEOUT_SECONDS,
  type ApplyTuning,
  type EngineDeps,
} from './deploy.js';
export { releasePaths, DEFAULT_ROOT, DEFAULT_KEEP_RELEASES } from '../windows/release.js';
export type {
  EngineLog,
  HealthSpec,
  HostDeployRequest,
  HostDeployResult,
  DeployOutcome,
  ServiceSpec,
  TuningProfile,
  TuningReport,
} from './types.js';
export { renderPlanMarkdown, renderPlanText, type PlanItem } from './plan.js';
