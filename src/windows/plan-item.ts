/**
 * One row of a host deploy's printable plan, as data: the type every planner in `windows/`
 * returns. It lives here, in the lowest layer, so `windows/` imports nothing above it; the engine
 * renders and counts the rows (`engine/plan.ts`).
 */

export type PlanArea = 'registry' | 'service' | 'power' | 'netsh' | 'release' | 'service-config';
export type PlanAction = 'set' | 'delete' | 'none' | 'create' | 'update' | 'refused';

export interface PlanItem {
  area: PlanArea;
  /** What is changed, e.g. `HKLM\SYSTEM\...\Tcpip\Parameters\TcpTimedWaitDelay`. */
  setting: string;
  /** The value found on the host, `(absent)` when it does not exist. */
  current: string;
  desired: string;
  action: PlanAction;
  /** Optional one-line note: why, a reboot hint, or why the row was refused or failed. */
  note?: string;
}

/** The word used in `current`/`desired` for a value that does not exist. */
export const ABSENT = '(absent)';
