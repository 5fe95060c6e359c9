/**
 * A report on tens of thousands of benchmarks stays within what GitHub accepts: the runner drops a
 * step summary over 1 MiB, and a comment body over 65,536 characters is refused. What is cut is
 * said, regressions survive the cut first, and the whole table goes to a file.
 */
import { describe, expect, it } from 'vitest';
import { evaluateGate } from '../../src/bench/compare/gate.js';
import { defaultPolicy } from '../../src/bench/compare/policy.js';
import { parseBenchmarks } from '../../src/bench/format/parse.js';
import { commentBody, commentMarker } from '../../src/bench/github/comment.js';
import * as report from '../../src/bench/report/markdown.js';

const N = 30_000;
const RUNS = [1000, 1001, 999, 1000.5, 999.5];

/** N benchmarks; the last ten are 2x slower in the head and the ten before them 2x faster. */
function side(head: boolean): string {
  let text = 'pkg: example.com/scale\n';
  for (let i = 0; i < N; i++) {
    const f = !head ? 1 : i >= N - 10 ? 2 : i >= N - 20 ? 0.5 : 1;
    for (const v of RUNS) text += `BenchmarkScale/case=${i}-8 1000 ${v * f} ns/op\n`;
  }
  return text;
}

// Five runs a side reach p = 0.0079 at best: judge without correction so the planted changes show.
const gate = evaluateGate(
  parseBenchmarks(side(false), 'base'),
  parseBenchmarks(side(true), 'head'),
  defaultPolicy({ correction: 'none' }),
);
const ctx = {
  subject: 'Compared two result files',
  failOn: 'regression' as const,
  notes: [],
  formatWarnings: [],
  fullReport: 'the file named by the `report-file` output of this step',
};
const tableRows = (md: string) => md.split('\n').filter((l) => l.startsWith('| `Scale/'));

describe('a report on 30,000 benchmarks', () => {
  it('fits the job summary, says how many rows it left out, and keeps every regression', () => {
    expect(gate.regressions).toHaveLength(10);
    expect(gate.improvements).toHaveLength(10);
    const md = report.renderReport(gate, ctx);
    expect(Buffer.byteLength(md, 'utf8')).toBeLessThanOrEqual(1024 * 1024);
    const rows = tableRows(md);
    const left = N - rows.length;
    expect(left).toBeGreaterThan(0);
    expect(md).toContain(
      `**Cut to fit the job summary (1 MiB):** ${left.toLocaleString('en')} of 30,000 table rows left out; shown first are the regressions, then the improvements, then the rest. The full table is in the file named by the \`report-file\` output of this step.`,
    );
    for (let i = N - 20; i < N; i++) expect(md).toContain(`| \`Scale/case=${i}-8\` |`);
    // The rest fill the room in table order.
    expect(rows[0]).toContain('`Scale/case=0-8`');
  });

  it('fits a pull-request comment the same way', () => {
    const marker = commentMarker('perf');
    const body = commentBody(marker, report.renderReport(gate, ctx, report.COMMENT_LIMIT));
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(body).toContain('**Cut to fit a pull-request comment:**');
    expect(body).toContain('🔴 regression');
    for (let i = N - 10; i < N; i++) expect(body).toContain(`| \`Scale/case=${i}-8\` |`);
  });

  it('writes every row, uncut, to the full report', () => {
    const full = [...report.fullReport(gate, ctx)].join('');
    expect(tableRows(full)).toHaveLength(N);
    expect(full).not.toContain('Cut to fit');
  });

  it('caps the lists as well: 15,000 regressions still fit', () => {
    const n = 15_000;
    const base = parseBenchmarks(
      side(false)
        .split('\n')
        .slice(0, 1 + 5 * n)
        .join('\n'),
      'base',
    );
    const head = parseBenchmarks(
      side(false)
        .split('\n')
        .slice(0, 1 + 5 * n)
        .join('\n')
        .replace(/ (\d+(?:\.\d+)?) ns\/op/g, (_, v: string) => ` ${2 * Number(v)} ns/op`),
      'head',
    );
    const slower = evaluateGate(base, head, defaultPolicy({ correction: 'none' }));
    expect(slower.regressions).toHaveLength(n);
    const md = report.renderReport(slower, ctx);
    expect(Buffer.byteLength(md, 'utf8')).toBeLessThanOrEqual(1024 * 1024);
    expect(md).toContain(`- … and ${n - 50} more regressions`);
    expect(md).toContain(`of ${n.toLocaleString('en')} table rows left out`);
  });
});
