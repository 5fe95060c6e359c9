// deploy-windows' outputs (as declared in actions/deploy-windows/action.yml) and the state its post
// step reads. A file of its own so the post step loads nothing else.

export const DEPLOY_OUTPUTS = {
  deployed: 'deployed',
  failed: 'failed',
  skipped: 'skipped',
  reverted: 'reverted',
  haltedAtWave: 'halted-at-wave',
  /** `mode: plan`: the rings as a job matrix, and as an object by ring name. */
  matrix: 'matrix',
  rings: 'rings',
} as const;

export const DEPLOY_STATE = {
  /** The private folder under RUNNER_TEMP that holds the downloaded build; the post step removes it. */
  workDir: 'work-dir',
} as const;
