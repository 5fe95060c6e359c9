/**
 * The report's first table: per metric, how many benchmarks got worse (regressions), better
 * (improvements) or stayed the same (not significant, or within the threshold), and the geomean
 * change over all of them.
 */
import type { GateResult } from '../compare/gate.js';
import { escapeCell } from '../../runner/markdown.js';
import { literal } from './escape.js';
import { formatPercent } from './numbers.js';

export function overviewLines(gate: GateResult): string[] {
  if (gate.rows.length === 0) return [];
  const counts = new Map<string, { worse: number; better: number; same: number; other: number }>();
  for (const unit of gate.units) counts.set(unit, { worse: 0, better: 0, same: 0, other: 0 });
  for (const r of gate.rows) {
    const c = counts.get(r.unit);
    if (!c) continue;
    if (r.verdict === 'regression') c.worse++;
    else if (r.verdict === 'improvement') c.better++;
    else if (r.verdict === 'not-gated') c.other++;
    else c.same++;
  }
  const anyOther = [...counts.values()].some((c) => c.other > 0);
  const lines = [
    `| metric | worse | better | same | ${anyOther ? 'not gated | ' : ''}geomean |`,
    `| --- | --- | --- | --- | ${anyOther ? '--- | ' : ''}--- |`,
  ];
  for (const [unit, c] of counts) {
    const total = c.worse + c.better + c.same + c.other;
    if (total === 0) continue;
    const g = gate.geomeans.find((x) => x.unit === unit);
    lines.push(
      `| ${escapeCell(literal(unit))} | ${c.worse > 0 ? `🔴 ${c.worse}` : '0'} | ${c.better > 0 ? `🟢 ${c.better}` : '0'} | ${c.same} | ${anyOther ? `${c.other} | ` : ''}${g ? formatPercent(g.delta) : ''} |`,
    );
  }
  return lines;
}
