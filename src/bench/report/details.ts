/**
 * One block per changed benchmark, under the regressions: its changed metrics, a chart of each, and
 * where the time (or memory) went, from the profiled round. Function names come from the head's
 * profile, so they are printed like every other name the code under review can choose: as inline
 * code with invisible characters shown (see escape.ts).
 */
import { escapeCell } from '../../runner/markdown.js';
import type { GateResult, RowResult } from '../compare/gate.js';
import type { ProfileJob } from '../profile/plan.js';
import type { ProfileSection } from '../profile/run.js';
import { mermaidChart, seriesOf } from './chart.js';
import { literal } from './escape.js';
import { formatPercent, formatSigned, formatValue, unitSymbol } from './numbers.js';

export interface DetailsInput {
  gate: GateResult;
  sections: readonly ProfileSection[];
  /** Planned profiles that did not run, and why. */
  skipped: readonly { job: Pick<ProfileJob, 'pkg' | 'name' | 'kind'>; why: string }[];
  /** Said in place of a time section when nothing could be profiled (e.g. http without a flag). */
  notProfiled?: string;
  /** profile: never. */
  profilesOff?: boolean;
  /** The uploaded artifact's name, for the command that opens a profile locally. */
  artifactName?: string;
}

export interface DetailBlock {
  pkg: string;
  name: string;
  verdict: 'regression' | 'improvement';
  lines: string[];
}

const RANKING =
  "Ranked by each function's change in cumulative cost; a caller whose change is mostly in one callee is ranked by the rest, and the benchmark's own frames by their own (flat) cost.";

const HEADING: Record<ProfileSection['analysis']['index'], string> = {
  cpu: 'Where the time went',
  alloc_space: 'Where the memory went',
  alloc_objects: 'Where the memory went',
};

function what(s: ProfileSection): string {
  const n = (v: number) => Math.round(v / 1e7).toLocaleString('en');
  if (s.analysis.perRequest)
    return `a CPU profile of each server under the load (${n(s.attribution.totals.base)} and ${n(s.attribution.totals.head)} samples of 10 ms) over the requests sent`;
  if (s.job.kind === 'cpu') {
    const runs = s.job.runs > 1 ? `, ${s.job.runs} runs of the benchtime for enough samples` : '';
    return `a CPU profile a side (${n(s.attribution.totals.base)} and ${n(s.attribution.totals.head)} samples of 10 ms${runs})`;
  }
  return s.job.memRate === 1
    ? 'a memory profile a side recording every allocation (-test.memprofilerate=1)'
    : "a memory profile a side, sampled at Go's default rate (one sample per 512 KiB allocated on average), so small allocations are estimates";
}

/** The command that opens the diff in pprof's web UI, run in the downloaded artifact's folder. */
export function pprofCommand(s: ProfileSection): string {
  return `go tool pprof -http=: -sample_index=${s.analysis.index} -diff_base=${s.files.base} ${s.files.headBinary} ${s.files.head}`;
}

export function profileSectionLines(s: ProfileSection, artifactName?: string): string[] {
  const unit = s.analysis.metric;
  const sym = unitSymbol(unit);
  const v = (x: number) => (x === 0 ? '0' : `${formatValue(x, unit)}${sym}`);
  const lines = [
    `#### ${HEADING[s.analysis.index]}`,
    '',
    s.analysis.perRequest
      ? `CPU time per request from ${what(s)}, after the measured rounds. ${RANKING}`
      : `${literal(unit)} per op from ${what(s)}, after the measured rounds: each function's share of its side's profile times that side's median ${literal(unit)}. ${RANKING}`,
    '',
  ];
  const few =
    s.job.kind === 'cpu' &&
    Math.min(s.attribution.totals.base, s.attribution.totals.head) < 20 * 1e7;
  if (s.attribution.rows.length === 0) {
    lines.push(
      `No function's cost moved ${s.analysis.verdict === 'regression' ? 'up' : 'down'} in the profiles.`,
      '',
    );
  } else {
    lines.push(
      '| function | source | base | head | Δ flat | Δ cum |',
      '| --- | --- | --- | --- | --- | --- |',
    );
    for (const r of s.attribution.rows)
      lines.push(
        `| ${[
          literal(r.short),
          r.source ? literal(r.source) : '',
          v(r.base.flat),
          v(r.head.flat),
          r.delta.flat === 0 ? '0' : `**${formatSigned(r.delta.flat, unit)}**`,
          r.delta.cum === 0 ? '0' : formatSigned(r.delta.cum, unit),
        ]
          .map(escapeCell)
          .join(' | ')} |`,
      );
    lines.push('');
  }
  const notes = [...s.attribution.warnings];
  if (few)
    notes.push(
      'fewer than 20 samples on a side: the shares are rough (a longer benchtime gives more)',
    );
  for (const n of notes) lines.push(`- ⚠️ ${literal(n)}`);
  if (notes.length > 0) lines.push('');
  lines.push(
    `Open it locally${artifactName ? `, in the folder of the downloaded artifact ${literal(artifactName)}` : ''}: ${literal(pprofCommand(s))}`,
    '',
  );
  return lines;
}

function rowLine(r: RowResult): string {
  const mark = r.verdict === 'regression' ? '🔴' : '🟢';
  return `${mark} ${literal(r.unit)}: ${formatValue(r.base.center, r.unit)} → ${formatValue(r.head.center, r.unit)} (${formatPercent(r.delta)})`;
}

/** At most this many blocks, even in the full report (each holds a chart of every round). */
export const MAX_BLOCKS = 100;

/** The blocks, regressions first, then improvements, each in table order. */
export function detailBlocks(input: DetailsInput): DetailBlock[] {
  const byBench = new Map<string, RowResult[]>();
  for (const r of input.gate.rows) {
    if (r.verdict !== 'regression' && r.verdict !== 'improvement') continue;
    const key = `${r.pkg}\u0000${r.name}`;
    const list = byBench.get(key) ?? [];
    list.push(r);
    byBench.set(key, list);
  }
  const groups = [...byBench.values()];
  const regressed = (rows: RowResult[]) => rows.some((r) => r.verdict === 'regression');
  const ordered = [...groups.filter(regressed), ...groups.filter((g) => !regressed(g))];
  const blocks: DetailBlock[] = [];
  for (const rows of ordered.slice(0, MAX_BLOCKS)) {
    const { pkg, name } = rows[0]!;
    const verdict = regressed(rows) ? 'regression' : 'improvement';
    const lines = [
      `### ${verdict === 'regression' ? '🔴' : '🟢'} ${literal(`${pkg ? `${pkg} ` : ''}Benchmark${name}`)}`,
      '',
      rows.map(rowLine).join(' · '),
      '',
    ];
    for (const r of rows) {
      const series = seriesOf(r);
      if (!series) continue;
      if (rows.length > 1) lines.push(`${literal(r.unit)}:`, '');
      lines.push(...mermaidChart(series), '');
    }
    const mine = input.sections.filter((s) => s.job.pkg === pkg && s.job.name === name);
    for (const s of mine) lines.push(...profileSectionLines(s, input.artifactName));
    for (const sk of input.skipped)
      if (sk.job.pkg === pkg && sk.job.name === name)
        lines.push(
          `#### ${sk.job.kind === 'cpu' ? HEADING.cpu : HEADING.alloc_space}`,
          '',
          `Not profiled: ${literal(sk.why)}.`,
          '',
        );
    if (
      mine.length === 0 &&
      !input.skipped.some((sk) => sk.job.pkg === pkg && sk.job.name === name)
    ) {
      const explained = rows.some((r) =>
        ['sec/op', 'B/s', 'B/op', 'allocs/op', 'p50-sec/req', 'p99-sec/req'].includes(r.unit),
      );
      if (input.notProfiled && explained)
        lines.push(`#### ${HEADING.cpu}`, '', input.notProfiled, '');
      else if (input.profilesOff && explained && verdict === 'regression')
        lines.push(`Not profiled (\`profile: never\`).`, '');
    }
    blocks.push({ pkg, name, verdict, lines });
  }
  if (ordered.length > MAX_BLOCKS) {
    const left = ordered.length - MAX_BLOCKS;
    blocks.push({
      pkg: '',
      name: '',
      verdict: 'improvement',
      lines: [`*${left} more changed benchmarks have no chart here (at most ${MAX_BLOCKS}).*`, ''],
    });
  }
  return blocks;
}
