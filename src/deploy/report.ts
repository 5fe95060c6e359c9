/**
 * The job summary of a rollout: one row per host (result, version before and after, tuning
 * changes, health check time, duration), the waves and their bakes when there are several, why
 * hosts failed or were skipped, the plans of a dry run, and a loud warning when host keys were not
 * verified. Pure: reports in, Markdown out.
 */
import { escapeCell, formatSeconds, table } from '../runner/markdown.js';
import { renderPlanMarkdown } from '../engine/index.js';
import type { HostReport, RolloutResult, WaveReport } from './rollout.js';
import type { MergedRollout, Ring } from './rings.js';

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
  reverted: 'rolled back (the rollout halted)',
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

const WAVE_HOSTS_SHOWN = 4;

function waveHostsCell(w: WaveReport): string {
  const names = w.hosts.slice(0, WAVE_HOSTS_SHOWN).join(', ');
  const more =
    w.hosts.length > WAVE_HOSTS_SHOWN ? `, … (${w.hosts.length - WAVE_HOSTS_SHOWN} more)` : '';
  return `${w.hosts.length}: ${names}${more}`;
}

function waveResultCell(w: WaveReport): string {
  const base =
    w.result === 'failed' ? `FAILED (${w.failed} of ${w.hosts.length} host(s))` : w.result;
  return w.rolledBack ? `${base}; ${w.rolledBack} rolled back` : base;
}

function bakeCell(w: WaveReport, last: boolean, haltedAt: number | undefined): string {
  const b = w.bake;
  if (!b) {
    if (w.result === 'not started' || w.result === 'planned') return '';
    if (last) return '(last wave: no bake)';
    return haltedAt === w.wave ? 'not run (halted)' : 'not run';
  }
  const time = formatSeconds(b.seconds);
  if (b.failed.length)
    return `FAILED after ${time}: ${b.failed.map((f) => `${f.host}: ${f.detail}`).join('; ')}`;
  if (b.verdict === 'cancelled')
    return `cancelled after ${time}; every host checked once more: healthy`;
  return `passed (${time})`;
}

/** The waves as a table: one row a wave, what it did, its bake's verdict, how long it took. */
export function wavesMarkdown(r: RolloutResult): string {
  const waves = r.waves ?? [];
  return table(
    ['Wave', 'Hosts', 'Result', 'Bake', 'Time'],
    waves.map((w, i) => [
      String(w.wave),
      waveHostsCell(w),
      waveResultCell(w),
      bakeCell(w, i === waves.length - 1, r.haltedAtWave),
      w.result === 'not started' ? '' : formatSeconds(w.seconds),
    ]),
  );
}

const HALT_WORDS = {
  'rollback-wave':
    'the hosts of that wave (and any host that failed the bake) were rolled back to their previous release',
  'rollback-all': 'every host this run upgraded was rolled back to its previous release',
  stop: 'the hosts were left as they are (on-halt: stop)',
} as const;

export function summaryMarkdown(s: SummaryInput): string {
  const { reports, stoppedBecause } = s.rollout;
  const parts: string[] = [];
  parts.push(
    `## ${s.dryRun ? 'Deploy plan (dry run)' : 'Deploy'}: ${s.service} ${s.version} (${s.mode === 'ssh' ? `${reports.length} host(s) over SSH, max-parallel ${s.maxParallel}, max-failures ${s.maxFailures}` : 'this runner'})\n`,
  );
  if (s.insecureHostKeys) parts.push(`> [!WARNING]\n> ${INSECURE_WARNING}\n`);
  const haltedAt = s.rollout.haltedAtWave;
  if (haltedAt !== undefined)
    parts.push(
      `> [!CAUTION]\n> The rollout halted at wave ${haltedAt} of ${s.rollout.waves?.length ?? haltedAt}: ${HALT_WORDS[s.rollout.onHalt ?? 'rollback-wave']}; the hosts of later waves were not touched.\n`,
    );
  else if (stoppedBecause === 'max-failures')
    parts.push(
      `> [!CAUTION]\n> The rollout stopped: more than ${s.maxFailures} host(s) failed; the hosts not yet started were skipped and left untouched.\n`,
    );
  if (stoppedBecause === 'cancelled')
    parts.push(
      '> [!CAUTION]\n> The run was cancelled: hosts in flight stopped and undid their change (the table says how each ended), or finished if they were already healthy; the hosts not yet started were skipped and left untouched.\n',
    );
  if (s.rollout.waves) parts.push(`### Waves\n\n${wavesMarkdown(s.rollout)}\n### Hosts\n`);
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

/** `mode: plan`: the rings and what each job gets. */
export function ringsMarkdown(rings: readonly Ring[], fleet: number): string {
  return `## Deploy plan: ${fleet} host(s) in ${rings.length} ring(s)\n\n${table(
    ['Ring', 'Name', 'Hosts', 'Waves', 'Bake'],
    rings.map((r) => [
      String(r.index),
      r.name,
      `${r.count}: ${r.hosts.split('\n').slice(0, WAVE_HOSTS_SHOWN).join(', ')}${r.count > WAVE_HOSTS_SHOWN ? `, … (${r.count - WAVE_HOSTS_SHOWN} more)` : ''}`,
      r.waves || 'one wave',
      r['bake-time']
        ? `${r['bake-time']}${r['bake-final'] ? ', then the next ring' : ' between waves'}`
        : '',
    ]),
  )}`;
}

/** `mode: merge`: the rings' jobs as one rollout. */
export function mergeMarkdown(m: MergedRollout): string {
  const total = m.rings.reduce((n, r) => n + r.hosts.length, 0);
  const parts = [`## Deploy by rings: ${m.deployed.length} of ${total} host(s) run the release\n`];
  if (!m.complete)
    parts.push(
      `> [!CAUTION]\n> The rollout is not complete: ${m.failed.length} host(s) failed, ${m.reverted.length} rolled back by a halt, ${m.skipped.length} not started.\n`,
    );
  parts.push(
    table(
      [
        'Ring',
        'Job',
        'Hosts',
        'Deployed',
        'Failed',
        'Rolled back',
        'Not started',
        'Halted at wave',
      ],
      m.rings.map((r) => [
        r.name,
        r.job,
        String(r.hosts.length),
        String(r.deployed.length),
        String(r.failed.length),
        String(r.reverted.length),
        String(r.skipped.length),
        r.haltedAtWave !== undefined ? String(r.haltedAtWave) : '',
      ]),
    ),
  );
  if (m.failed.length) parts.push(`\nFailed: ${m.failed.map(escapeCell).join(', ')}\n`);
  return parts.join('\n');
}
