/**
 * The rollout's effects: for each host an executor (OpenSSH, or this machine for `mode: local`),
 * the engine's deployToHost over it, and the host's log lines in a group of their own. With
 * several hosts in flight the lines are held back and printed as one group when the host is done,
 * so groups never interleave; with one host at a time they stream.
 */
import type { Executor } from '../hosts/executor.js';
import { localExecutor } from '../hosts/local.js';
import {
  SshExecutor,
  formatRoundTrips,
  targetLabel,
  withoutHost,
  type SshTarget,
} from '../hosts/ssh.js';
import {
  deployToHost,
  probeHealth,
  revertHost,
  type HostDeployRequest,
  type TuningProfile,
} from '../engine/index.js';
import { UserError, errorMessage } from '../runner/errors.js';
import { quotedLines, type RunnerIO } from '../runner/io.js';
import { winJoin } from '../windows/validate.js';
import type { DeployConfig } from './config.js';
import type { ResolvedRelease } from './artifact.js';
import { bake } from './bake.js';
import { isSuccess, runRollout, type HostReport, type RolloutResult } from './rollout.js';
import { planWaves } from './waves.js';

export interface RolloutDeps {
  io: RunnerIO;
  cancelled: () => boolean;
  /** Aborted on cancellation: hosts in flight stop and undo what they changed. */
  signal?: AbortSignal;
  /** The executor for `mode: local` (this machine, or the lab's Wine prefix, see hosts/lab.ts). */
  local?: () => Executor | Promise<Executor>;
}

/** The request the engine gets for every host of this run. */
export function hostRequest(
  config: DeployConfig,
  release: ResolvedRelease,
  profile: TuningProfile | null,
  serviceName: string,
): HostDeployRequest {
  const { expectVersion, ...health } = config.health;
  return {
    service: { ...config.service, name: serviceName },
    release: {
      version: release.version,
      localFile: release.localFile,
      sha256: release.sha256,
      binaryName: release.binaryName,
    },
    root: config.root,
    profile,
    tuningUnreadable: config.tuningUnreadable,
    health: { ...health, ...(expectVersion ? { expectVersion: release.version } : {}) },
    keepReleases: config.keepReleases,
    lock: config.lock,
    dryRun: config.dryRun,
  };
}

/**
 * The RunnerIO one host's deployment reports through: its lines go to the host's group as they come
 * (`stream`) or are held in `held` to be printed as one group when the host is done. Nested groups
 * are not a thing in the runner's log, so a group inside becomes its title and its lines.
 */
export function hostIO(io: RunnerIO, label: string, stream: boolean, held: string[]): RunnerIO {
  const line = (text: string) => (stream ? io.info(text) : void held.push(text));
  return {
    ...io,
    info: line,
    debug: (m) => io.debug(`${label}: ${m}`),
    warning: (m, props) => (stream ? io.warning(`${label}: ${m}`, props) : line(`WARNING: ${m}`)),
    error: (m, props) => (stream ? io.error(`${label}: ${m}`, props) : line(`ERROR: ${m}`)),
    logGroup: (title, text) => {
      line(title);
      quotedLines(text, line);
    },
    group: (title, body) => {
      line(title);
      return body();
    },
  };
}

type Host = { kind: 'ssh'; target: SshTarget; label: string } | { kind: 'local'; label: string };

export async function rollOut(
  config: DeployConfig,
  req: HostDeployRequest,
  deps: RolloutDeps,
  localLabel: string,
): Promise<RolloutResult> {
  const hosts: Host[] =
    config.mode === 'ssh'
      ? config.hosts.map((target) => ({ kind: 'ssh', target, label: targetLabel(target) }))
      : [{ kind: 'local', label: localLabel }];
  const stream = config.maxParallel === 1 || hosts.length === 1;
  const out = deps.io;
  const waves = planWaves(hosts, config.waves);
  const staged = waves.length > 1 || config.bakeFinal;
  /**
   * With waves, a host that took the release keeps its connection until the rollout ends: the
   * bakes poll its health through it, and a halt rolls it back through it.
   */
  const kept = new Map<Host, Executor>();

  const newExecutor = async (host: Host, log: RunnerIO): Promise<Executor> =>
    host.kind === 'ssh'
      ? new SshExecutor(host.target, {
          privateKey: config.privateKey,
          ...(config.passphrase ? { passphrase: config.passphrase } : {}),
          hostKeys: config.hostKeys,
          ...(config.jumpHost ? { jump: config.jumpHost } : {}),
          ...config.sshHost,
          scratchDir: winJoin(config.root, '_cmd'),
          timeoutMs: config.timeoutSeconds * 1000,
          log,
        })
      : await (deps.local ?? localExecutor)();

  /** The host's kept connection, or a new one (connected) when it has none. */
  const executorFor = async (host: Host): Promise<Executor> => {
    const have = kept.get(host);
    if (have) return have;
    const exec = await newExecutor(host, hostIO(out, host.label, false, []));
    if (exec instanceof SshExecutor)
      await exec.connect().catch(async (e: unknown) => {
        await exec.close().catch(() => undefined);
        throw e;
      });
    kept.set(host, exec);
    return exec;
  };

  const deployOne = async (host: Host, batch: number): Promise<HostReport> => {
    const held: string[] = [];
    const log = hostIO(out, host.label, stream, held);
    if (stream)
      return out.group(
        `${host.label}: ${config.dryRun ? 'plan' : 'deploy'} ${req.release.version}`,
        () => deployHost(host, batch, log),
      );
    out.info(`${host.label}: started (batch ${batch})`);
    const report = await deployHost(host, batch, log);
    out.logGroup(`${host.label}: ${report.outcome}`, held.join('\n'));
    return report;
  };

  const deployHost = async (host: Host, batch: number, log: RunnerIO): Promise<HostReport> => {
    const line = (text: string) => log.info(text);
    const started = Date.now();
    let exec: Executor | undefined;
    let report: HostReport;
    let stage: 'connect' | 'deploy' = 'deploy';
    try {
      exec = await newExecutor(host, log);
      if (exec instanceof SshExecutor) {
        stage = 'connect';
        await exec.connect();
        stage = 'deploy';
        log.info(`connected to ${host.label}; host key ${exec.presentedFingerprint ?? '?'}`);
      }
      const r = await deployToHost(exec, req, log, deps.signal ? { signal: deps.signal } : {});
      report = {
        host: host.label,
        outcome: r.outcome,
        ...(r.versionBefore !== undefined ? { versionBefore: r.versionBefore } : {}),
        ...(r.versionAfter !== undefined ? { versionAfter: r.versionAfter } : {}),
        tuning: r.tuning,
        ...(r.healthSeconds !== undefined ? { healthSeconds: r.healthSeconds } : {}),
        durationSeconds: r.durationSeconds,
        ...(r.error ? { error: r.error } : {}),
        plan: r.plan,
        ...(r.notes ? { notes: r.notes } : {}),
        batch,
        steps: r.steps,
      };
      if (r.logTail?.length) line(`last lines of the service log:\n${r.logTail.join('\n')}`);
    } catch (err) {
      const message =
        err instanceof UserError
          ? err.message
          : `unexpected error (a bug in winship, please report it): ${errorMessage(err)}`;
      report = {
        host: host.label,
        outcome: 'failed',
        durationSeconds: (Date.now() - started) / 1000,
        error: message,
        batch,
        steps: [{ name: stage, status: 'failed', note: withoutHost(err) }],
      };
    } finally {
      // What the host cost on the wire (npm run bench deploy reads this line).
      if (exec instanceof SshExecutor)
        line(`${host.label}: ${formatRoundTrips(exec.roundTrips())}`);
      if (exec && staged && !config.dryRun && isSuccess(report!.outcome)) kept.set(host, exec);
      else await exec?.close().catch(() => undefined);
    }
    line(`${host.label}: ${report.outcome}${report.error ? `: ${report.error}` : ''}`);
    return report;
  };

  const bakeWave = async (wave: number, running: readonly Host[]) => {
    out.info(
      `Bake after wave ${wave}: ${running.length} host(s) must stay healthy for ${config.bakeSeconds} s (checked every ${config.health.intervalSeconds} s)`,
    );
    const verdict = await bake({
      hosts: running,
      durationMs: config.bakeSeconds * 1000,
      intervalMs: config.health.intervalSeconds * 1000,
      probe: async (h) => probeHealth(await executorFor(h), req),
      ...(deps.signal ? { signal: deps.signal } : {}),
    });
    for (const f of verdict.failed)
      out.warning(
        `${f.host.label}: failed the health check during the bake after wave ${wave}: ${f.detail}`,
      );
    out.info(
      `Bake after wave ${wave}: ${verdict.verdict} after ${verdict.seconds.toFixed(1)} s (${verdict.rounds} round(s) of checks)`,
    );
    return verdict;
  };

  const revert = async (host: Host, why: string) => {
    const started = Date.now();
    const held: string[] = [];
    const log = hostIO(out, host.label, false, held);
    try {
      const exec = await executorFor(host);
      // No cancellation signal: a rollback is itself the undoing, and is carried through.
      const r = await revertHost(exec, req, log);
      return {
        ok: r.ok,
        ...(r.versionAfter !== undefined ? { versionAfter: r.versionAfter } : {}),
        detail: r.detail,
        durationSeconds: (Date.now() - started) / 1000,
      };
    } catch (err) {
      return {
        ok: false,
        detail: `the rollback failed: ${errorMessage(err)}`,
        durationSeconds: (Date.now() - started) / 1000,
      };
    } finally {
      out.logGroup(`${host.label}: roll back (${why})`, held.join('\n'));
    }
  };

  try {
    return await runRollout<Host>({
      hosts,
      label: (h) => h.label,
      maxParallel: config.maxParallel,
      maxFailures: config.maxFailures,
      dryRun: config.dryRun,
      deploy: deployOne,
      cancelled: deps.cancelled,
      waves,
      ...(config.bakeFinal ? { bakeLast: true } : {}),
      bake: bakeWave,
      onHalt: config.onHalt,
      revert,
      onWaveStart: (n, wave) => {
        if (waves.length > 1) out.info(`Wave ${n} of ${waves.length}: ${wave.length} host(s)`);
      },
      onBatchStart: (n, batch) => {
        if (hosts.length > 1) out.info(`Batch ${n}: ${batch.map((h) => h.label).join(', ')}`);
      },
    });
  } finally {
    for (const exec of kept.values()) await exec.close().catch(() => undefined);
  }
}
