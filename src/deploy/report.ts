/**
 * The job summary of a rollout: one row per host (result, version before and after, tuning
 * changes, health check time, duration), why hosts failed or were skipped, the plans of a dry run,
 * and a loud warning when host keys were not verified. Pure: reports in, Markdown out.
 */
import { escapeCell, formatSeconds, table } from '../runner/markdown.js';
import { renderPlanMarkdown } from '../engine/index.js';
import type { HostReport, RolloutResult } from './rollout.js';

export interface SummaryInput {
  service: string;
  version: string;
  mode: 'local' | 'ssh';
  dryRun: boolean;
  maxParallel: number;
  maxFailures: number;
  insecureHostKeys: boolean;
  rollout: RolloutResult;
}

export const INSECURE_WARNING =
  'Host keys were NOT verified (insecure-skip-host-key-check: true): anyone between this runner and the hosts could have received the release and run commands as the deploy user. Use host-fingerprints or known-hosts outside of labs.';

const RESULT_WORDS: Record<HostReport['outcome'], string> = {
  deployed: 'deployed',
  unchanged: 'unchanged (already deployed)',
  'rolled-back': 'FAILED, rolled back',
  failed: 'FAILED',
  planned: 'planned (dry run)',
  skipped: 'skipped',
};

const stepOf = (r: HostReport, name: string) => r.steps?.find((s) => s.name === name);

/**
 * The release a host ran before: read from its state file, `(none)` when it had none, or why it
 * is not known (a host refused before authentication runs something winship never saw).
 */
function versionBeforeCell(r: HostReport): string {
  if (r.versionBefore !== undefined) return r.versionBefore;
  if (r.outcome === 'skipped') return '';
  if (!r.steps || stepOf(r, 'read state')?.status === 'done') return '(none)';
  const failed = r.steps.find((s) => s.status === 'failed');
  if (failed?.name === 'connect' && /refused before authentication/.test(failed.note ?? ''))
    return 'not read (refused before authentication)';
  if (failed?.name === 'connect') return 'not read (no connection)';
  return failed ? `not read (stopped at ${failed.name})` : 'not read';
}

/** Tuning counts where the step ran, why it was skipped where it was, nothing where not reached. */
function tuningCell(r: HostReport): string {
  const step = stepOf(r, 'tuning');
  if (r.steps && !step) return '';
  if (step?.status === 'skipped') return `skipped (${step.note ?? 'not needed'})`;
  if (step?.status === 'failed') return 'failed';
  if (!r.tuning) return '';
  const t = r.tuning;
  const reboot = t.rebootRequired.length ? `; reboot needed: ${t.rebootRequired.join(', ')}` : '';
  const notRead = t.notRead ? `, ${t.notRead} not read (skipped)` : '';
  return `${t.changed} changed, ${t.unchanged} unchanged${notRead}${reboot}`;
}

export function summaryMarkdown(s: SummaryInput): string {
  const { reports, stoppedBecause } = s.rollout;
  const parts: string[] = [];
  parts.push(
    `## ${s.dryRun ? 'Deploy plan (dry run)' : 'Deploy'}: ${s.service} ${s.version} (${s.mode === 'ssh' ? `${reports.length} host(s) over SSH, max-parallel ${s.maxParallel}, max-failures ${s.maxFailures}` : 'this runner'})\n`,
  );
  if (s.insecureHostKeys) parts.push(`> [!WARNING]\n> ${INSECURE_WARNING}\n`);
  if (stoppedBecause === 'max-failures')
    parts.push(
      `> [!CAUTION]\n> The rollout stopped: more than ${s.maxFailures} host(s) failed; the hosts not yet started were skipped and left untouched.\n`,
    );
  if (stoppedBecause === 'cancelled')
    parts.push(
      '> [!CAUTION]\n> The run was cancelled: hosts in flight stopped and undid their change (the table says how each ended), or finished if they were already healthy; the hosts not yet started were skipped and left untouched.\n',
    );
  parts.push(
    table(
      ['Host', 'Result', 'Version before', 'Version after', 'Tuning', 'Health', 'Duration'],
      reports.map((r) => [
        r.host,
        RESULT_WORDS[r.outcome],
        versionBeforeCell(r),
        r.versionAfter ?? '',
        tuningCell(r),
        r.healthSeconds !== undefined ? formatSeconds(r.healthSeconds) : '',
        r.outcome === 'skipped' ? '' : formatSeconds(r.durationSeconds),
      ]),
    ),
  );
  const problems = reports.filter((r) => r.error && r.outcome !== 'skipped');
  if (problems.length) {
    parts.push('\n### What went wrong\n');
    for (const r of problems) {
      // Connection errors already start with the host's name: print it once, in bold.
      const error = r.error!.startsWith(`${r.host}: `)
        ? r.error!.slice(r.host.length + 2)
        : r.error!;
      parts.push(`- **${escapeCell(r.host)}**: ${escapeCell(error)}`);
    }
    parts.push('');
  }
  const notes = reports.filter((r) => r.notes?.length);
  if (notes.length) {
    parts.push('\n### Interrupted deploys found\n');
    for (const r of notes)
      for (const n of r.notes ?? []) parts.push(`- **${escapeCell(r.host)}**: ${escapeCell(n)}`);
    parts.push('');
  }
  if (s.dryRun) {
    for (const r of reports.filter((x) => x.plan)) {
      parts.push(`\n### Plan for ${r.host}\n`);
      parts.push(renderPlanMarkdown(r.plan!));
    }
  }
  return parts.join('\n');
}
