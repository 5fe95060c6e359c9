/**
 * The Windows host engine: plan -> apply -> verify -> report for one service on one host.
 * The engine's one door: actions/deploy-windows imports from here only.
 */
export {
  deployToHost,
  START_TIMEOUT_SECONDS,
  type ApplyTuning,
  type EngineDeps,
} from './deploy.js';
export { validateHealthSpec } from './health.js';
export { probeHealth, revertHost, type RevertResult } from './revert.js';
export { applyTuning, revertTuning, TuningError } from './tuning.js';
export { releasePaths, DEFAULT_ROOT, DEFAULT_KEEP_RELEASES } from '../windows/release.js';
export type {
  HealthSpec,
  HostDeployRequest,
  HostDeployResult,
  DeployOutcome,
  ServiceSpec,
  TuningProfile,
  TuningReport,
} from './types.js';
export { renderPlanMarkdown, renderPlanText, type PlanItem } from './plan.js';
