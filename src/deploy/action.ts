/**
 * actions/deploy-windows as a list of named steps: read the inputs, find and verify the release,
 * load the tuning profile, roll out host by host (batches, max-failures, cancellation), report.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { githubArtifactStore, type ArtifactStore } from '../artifacts/store.js';
import { validateHealthSpec } from '../engine/index.js';
import type { Executor } from '../hosts/executor.js';
import { coreIO } from '../runner/core-io.js';
import { UserError } from '../runner/errors.js';
import { Inputs } from '../runner/inputs.js';
import type { RunnerIO } from '../runner/io.js';
import { validateServiceSpec } from '../windows/service.js';
import { resolveRelease } from './artifact.js';
import { readConfig } from './config.js';
import { INSECURE_WARNING, summaryMarkdown } from './report.js';
import { outcomeLists, isFailure } from './rollout.js';
import { DEPLOY_OUTPUTS, DEPLOY_STATE } from './outputs.js';
import { loadProfile } from './profile.js';
import { hostRequest, rollOut } from './run.js';
import { requireSignature } from './signature.js';
import { runMerge, runPlan } from './fanout.js';

export interface DeployActionDeps {
  io?: RunnerIO;
  inputs?: Inputs;
  env?: NodeJS.ProcessEnv;
  store?: () => ArtifactStore;
  local?: () => Executor;
}

export async function runDeployAction(deps: DeployActionDeps = {}): Promise<void> {
  const env = deps.env ?? process.env;
  const io = deps.io ?? coreIO;
  const inputs = deps.inputs ?? new Inputs(undefined, (s) => io.mask(s));
  // A rollout by rings: plan the rings' jobs, or merge what they reported; no host is touched.
  const mode = inputs.string('mode');
  if (mode === 'plan') return runPlan(inputs, io, env);
  if (mode === 'merge') return runMerge(inputs, io);
  const config = readConfig(inputs, env);
  const workspace = env.GITHUB_WORKSPACE || process.cwd();

  if (config.insecureHostKeys)
    io.warning(INSECURE_WARNING, { title: 'deploy-windows: host keys not verified' });
  if (
    config.mode === 'ssh' &&
    config.hostKeys !== 'insecure-skip' &&
    config.hostKeys.pins.length === 0
  )
    io.warning(
      'No host keys are pinned (host-fingerprints / known-hosts): every host will be refused and its fingerprint reported. Check those fingerprints out of band before pinning them.',
      { title: 'deploy-windows: no host keys' },
    );

  // A private folder for the downloaded build; removed by the post step.
  const workDir = join(
    env.RUNNER_TEMP || tmpdir(),
    `winship-deploy-${randomBytes(6).toString('hex')}`,
  );
  mkdirSync(workDir, { recursive: true, mode: 0o700 });
  io.saveState(DEPLOY_STATE.workDir, workDir);

  let store: ArtifactStore | undefined;
  const release = await resolveRelease({
    artifact: config.artifact,
    binary: config.binary,
    ...(config.version ? { version: config.version } : {}),
    workspace,
    workDir,
    store: () => (store ??= (deps.store ?? githubArtifactStore)()),
    ...(config.artifactRunId !== undefined
      ? {
          from: {
            token: config.githubToken,
            runId: config.artifactRunId,
            owner: (env.GITHUB_REPOSITORY ?? '/').split('/')[0]!,
            repo: (env.GITHUB_REPOSITORY ?? '/').split('/')[1]!,
          },
        }
      : {}),
    log: (m) => io.info(m),
  });
  io.info(
    `Release ${release.version}: ${release.localFile} (sha256 ${release.sha256}, from ${release.source})`,
  );
  // Before any host is touched: a binary not signed by an allowed certificate goes nowhere.
  if (config.requireSignature.length > 0)
    await requireSignature(
      release.localFile,
      `${release.binaryName}.exe ${release.version}`,
      config.requireSignature,
      {
        io,
        workDir,
      },
    );

  const profile = await loadProfile(config.profile, workspace);
  const serviceName = config.service.name || release.binaryName;
  const req = hostRequest(config, release, profile, serviceName);
  // Everything the engine would refuse is refused here once, before any host is touched.
  validateServiceSpec(req.service);
  validateHealthSpec(req.health);

  let cancelled = false;
  const abort = new AbortController();
  const onSignal = (signal: string) => {
    if (cancelled) return;
    cancelled = true;
    abort.abort();
    io.warning(
      `${signal}: cancelling the rollout; hosts in flight stop and undo what they changed, hosts not yet started are skipped`,
    );
  };
  const sigint = () => onSignal('SIGINT');
  const sigterm = () => onSignal('SIGTERM');
  process.on('SIGINT', sigint);
  process.on('SIGTERM', sigterm);
  let rollout;
  try {
    rollout = await rollOut(
      config,
      req,
      {
        io,
        cancelled: () => cancelled,
        signal: abort.signal,
        ...(deps.local ? { local: deps.local } : {}),
      },
      hostname(),
    );
  } finally {
    process.off('SIGINT', sigint);
    process.off('SIGTERM', sigterm);
  }

  const lists = outcomeLists(rollout.reports);
  io.output(DEPLOY_OUTPUTS.deployed, JSON.stringify(lists.deployed));
  io.output(DEPLOY_OUTPUTS.failed, JSON.stringify(lists.failed));
  io.output(DEPLOY_OUTPUTS.skipped, JSON.stringify(lists.skipped));
  io.output(DEPLOY_OUTPUTS.reverted, JSON.stringify(lists.reverted));
  io.output(DEPLOY_OUTPUTS.haltedAtWave, String(rollout.haltedAtWave ?? ''));
  // Set by mode: plan only; empty here, so every declared output is always set.
  io.output(DEPLOY_OUTPUTS.matrix, '');
  io.output(DEPLOY_OUTPUTS.rings, '');
  await io.summary(
    summaryMarkdown({
      service: serviceName,
      version: release.version,
      mode: config.mode,
      dryRun: config.dryRun,
      maxParallel: config.maxParallel,
      maxFailures: config.maxFailures,
      insecureHostKeys: config.insecureHostKeys,
      rollout,
    }),
  );

  const failed = rollout.reports.filter((r) => isFailure(r.outcome));
  for (const r of failed) io.error(r.error ?? r.outcome, { title: `deploy-windows: ${r.host}` });
  if (rollout.haltedAtWave !== undefined) {
    const first = rollout.waves?.[rollout.haltedAtWave - 1]?.bake?.failed[0];
    throw new UserError(
      `The rollout halted at wave ${rollout.haltedAtWave} of ${rollout.waves?.length ?? 1}: ${
        first
          ? `${first.host} failed its health check during the bake (${first.detail})`
          : `${failed.length} host(s) failed, more than max-failures (${config.maxFailures})`
      }; on-halt ${rollout.onHalt ?? config.onHalt}: ${rollout.waves?.reduce((n, w) => n + w.rolledBack, 0) ?? 0} host(s) rolled back, ${lists.skipped.length} not started: see the job summary`,
    );
  }
  if (rollout.stoppedBecause === 'cancelled')
    throw new UserError(
      `The rollout was cancelled: ${lists.skipped.length} host(s) skipped, ${failed.length} failed`,
    );
  if (failed.length > config.maxFailures)
    throw new UserError(
      `${failed.length} of ${rollout.reports.length} host(s) failed (max-failures: ${config.maxFailures})${lists.skipped.length ? `; ${lists.skipped.length} not started` : ''}: see the job summary`,
    );
  if (failed.length > 0)
    io.warning(`${failed.length} host(s) failed, within max-failures (${config.maxFailures})`);
}
