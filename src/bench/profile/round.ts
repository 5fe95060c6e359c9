/**
 * The profiled round that follows the verdict (profile/ holds its plan, runs and analysis): run
 * only when something was measured and the gate and the `profile` input ask for it.
 */
import type { RunnerIO } from '../../runner/io.js';
import type { BenchGateConfig } from '../config.js';
import type { GateResult } from '../compare/gate.js';
import { planProfiles } from './plan.js';
import { runProfiles, type ProfileOutcome } from './run.js';
import { profileHttp } from './http.js';
import type { Measured } from '../measure.js';

/** The profiled round when the run measured something and the gate asks for it. */
export async function profileRound(
  cfg: BenchGateConfig,
  measured: Measured,
  gate: GateResult,
  dataDir: string,
  io: RunnerIO,
): Promise<{ outcome?: ProfileOutcome; notProfiled?: string }> {
  const session = measured.session;
  if (!session || cfg.profile === 'never') return {};
  const plan = planProfiles(gate, cfg.profile, cfg.settings);
  measured.notes.push(...plan.notes);
  if (plan.jobs.length === 0) return {};
  const common = {
    settings: cfg.settings,
    ...(session.taskset ? { taskset: session.taskset } : {}),
    remainingMs: session.remainingMs,
    dataDir,
    roots: session.roots,
    log: (m: string) => io.info(m),
  };
  if (cfg.mode === 'http') {
    if (!cfg.http!.profileFlag)
      return {
        notProfiled:
          'Not profiled: the server is not built to write a CPU profile. To see where the time went, give the service a flag that names a file, start `pprof.StartCPUProfile` on it and stop it when the service gets SIGTERM, then name the flag in `http-profile-flag` (e.g. `-cpuprofile`).',
      };
    const outcome = await profileHttp({
      ...common,
      jobs: plan.jobs.filter((j) => j.kind === 'cpu'),
      servers: session.binaries.get('')!,
      http: cfg.http!,
    });
    return { outcome };
  }
  const outcome = await runProfiles({ ...common, jobs: plan.jobs, binaries: session.binaries });
  return { outcome };
}
