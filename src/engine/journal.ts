/**
 * The deploy journal: before each step that changes the live service (register, swap, stop,
 * start, health, rollback) the state file on the host is rewritten with a `transaction` record
 * naming the release going in, the release it replaces, the configuration from before and the
 * step about to run. A deploy that completes (or is undone) writes the state without it. So a
 * deploy killed at any point (the runner's SIGKILL, a lost connection) leaves a record that the
 * next deploy finds and resolves by itself (resume.ts) instead of a state file that names the
 * wrong release.
 */
import { UserError } from '../runner/errors.js';
import { serializeState, type DeployState } from '../windows/release.js';
import { ServiceState } from '../windows/sc.js';
import type { Ctx } from './context.js';
import { PHASES, type Phase, type Transaction } from './types.js';

export { PHASES, type Phase, type Transaction } from './types.js';

export type JournaledState = DeployState & { transaction?: Transaction };

/** The interrupted transaction in a state file just read, refused when it is not ours. */
export function takeTransaction(state: JournaledState, file: string): Transaction | undefined {
  const t = state.transaction;
  delete state.transaction;
  if (t === undefined) return undefined;
  const ok =
    typeof t === 'object' &&
    t !== null &&
    typeof t.version === 'string' &&
    typeof t.sha256 === 'string' &&
    PHASES.includes(t.phase) &&
    typeof t.wasRunning === 'boolean' &&
    typeof t.startedAt === 'string' &&
    (t.from === undefined ||
      (typeof t.from.version === 'string' && typeof t.from.sha256 === 'string')) &&
    (t.configBefore === undefined || typeof t.configBefore.imagePath === 'string');
  if (!ok)
    throw new UserError(
      `The deploy state file ${file} holds an interrupted deploy record winship cannot read: check the service by hand, then remove the "transaction" entry`,
    );
  return t;
}

/** Writes the state with the transaction at `phase`, before that step runs. */
export async function journal(c: Ctx, phase: Phase): Promise<void> {
  c.tx ??= {
    version: c.req.release.version,
    sha256: c.req.release.sha256.toLowerCase(),
    ...(c.state.current ? { from: c.state.current } : {}),
    phase,
    ...(c.before.config ? { configBefore: c.before.config } : {}),
    wasRunning: c.before.status?.state === ServiceState.RUNNING,
    startedAt: c.now().toISOString(),
    ...(c.lock ? { by: c.lock.owner.by } : {}),
  };
  c.tx.phase = phase;
  const state: JournaledState = { ...c.state, transaction: c.tx };
  await c.exec.writeFile(c.paths.stateFile, serializeState(state));
}

/** Writes `state` with no transaction: the deploy is complete or undone. */
export async function closeJournal(c: Ctx, state: DeployState): Promise<void> {
  const clean: JournaledState = { ...state };
  delete clean.transaction;
  await c.exec.writeFile(c.paths.stateFile, serializeState(clean));
  delete c.tx;
}
