/**
 * The printable plan of a host deploy: one row per setting or step, shared by the tuning and the
 * service engine, the dry run and the job summary. Rows are data; rendering is a pure function.
 */
import { table } from '../runner/markdown.js';
import type { PlanItem } from '../windows/plan-item.js';

export type { PlanAction, PlanArea, PlanItem } from '../windows/plan-item.js';
export { ABSENT } from '../windows/plan-item.js';

/** True when carrying out the row changes the host. */
export function isChange(item: PlanItem): boolean {
  return item.action !== 'none' && item.action !== 'refused';
}

const HEADER = ['Area', 'Setting', 'Current', 'Desired', 'Action'] as const;

function cells(item: PlanItem): string[] {
  return [
    item.area,
    item.setting,
    item.current,
    item.desired,
    item.note ? `${item.action} (${item.note})` : item.action,
  ];
}

/** A Markdown table for the job summary and PR comments. */
export function renderPlanMarkdown(items: readonly PlanItem[]): string {
  if (items.length === 0) return '_Nothing to do._\n';
  return table(HEADER, items.map(cells));
}

/** A plain-text table with aligned columns for the log (dry run). */
export function renderPlanText(items: readonly PlanItem[]): string {
  if (items.length === 0) return 'Nothing to do.\n';
  const rows = [[...HEADER], ...items.map(cells)].map((r) =>
    r.map((c) => c.replace(/\r?\n/g, ' ')),
  );
  const widths = HEADER.map((_, i) => Math.max(...rows.map((r) => [...(r[i] ?? '')].length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c + ' '.repeat((widths[i] ?? 0) - [...c].length)))
      .join('  ')
      .trimEnd();
  const [head, ...body] = rows;
  return (
    [line(head ?? []), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n') +
    '\n'
  );
}

/** Counts for the report line: `3 to change, 5 unchanged, 1 refused`. */
export function summarizePlan(items: readonly PlanItem[]): {
  changes: number;
  unchanged: number;
  refused: number;
} {
  let changes = 0;
  let unchanged = 0;
  let refused = 0;
  for (const i of items) {
    if (i.action === 'refused') refused++;
    else if (i.action === 'none') unchanged++;
    else changes++;
  }
  return { changes, unchanged, refused };
}
