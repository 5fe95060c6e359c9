/** The job summary of a build: one row per target, then the totals. Pure Markdown. */
import { formatBytes, formatSeconds, table } from '../runner/markdown.js';

export interface TargetRow {
  target: string;
  ok: boolean;
  /** Compile seconds. */
  seconds: number;
  /** The file users download: the archive, or the binary when there is none. */
  file?: string;
  size?: number;
  sha256?: string;
  binarySize?: number;
}

export function buildSummary(
  head: { name: string; version: string; commit: string; date: string },
  rows: readonly TargetRow[],
  wallSeconds: number,
  title = 'Build',
): string {
  const ok = rows.filter((r) => r.ok);
  const failed = rows.length - ok.length;
  const body = rows.map((r) =>
    r.ok
      ? [
          r.target,
          `\`${r.file ?? ''}\``,
          formatBytes(r.size ?? 0),
          `\`${(r.sha256 ?? '').slice(0, 12)}\``,
          formatSeconds(r.seconds),
        ]
      : [r.target, '**failed** (see the annotations)', '', '', formatSeconds(r.seconds)],
  );
  const totalSize = ok.reduce((n, r) => n + (r.size ?? 0), 0);
  const cpu = rows.reduce((n, r) => n + r.seconds, 0);
  body.push([
    '**Total**',
    `${rows.length} target${rows.length === 1 ? '' : 's'}: ${ok.length} built${failed ? `, ${failed} failed` : ''}`,
    formatBytes(totalSize),
    '',
    `${formatSeconds(wallSeconds)} wall (${formatSeconds(cpu)} of builds)`,
  ]);
  return (
    `### ${title}: ${head.name} ${head.version}\n\n` +
    `Commit \`${head.commit.slice(0, 12)}\` of ${head.date}.\n\n` +
    table(['Target', 'File', 'Size', 'SHA-256', 'Time'], body)
  );
}
