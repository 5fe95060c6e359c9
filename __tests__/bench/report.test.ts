import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateGate } from '../../src/bench/compare/gate.js';
import { defaultPolicy } from '../../src/bench/compare/policy.js';
import { parseBenchmarks } from '../../src/bench/format/parse.js';
import {
  commentBody,
  commentMarker,
  upsertComment,
  MAX_COMMENT_LENGTH,
  type CommentsApi,
  type IssueComment,
} from '../../src/bench/github/comment.js';
import { literal } from '../../src/bench/report/escape.js';
import { renderReport } from '../../src/bench/report/markdown.js';
import { expectNoLiveMarkup } from './markdown-check.js';
import { formatCI, formatP, formatPercent, formatValue } from '../../src/bench/report/numbers.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');

function fixtureGate() {
  const base = parseBenchmarks(readFileSync(join(FIXTURES, 'base.txt'), 'utf8'), 'base.txt');
  const head = parseBenchmarks(readFileSync(join(FIXTURES, 'head.txt'), 'utf8'), 'head.txt');
  return {
    gate: evaluateGate(base, head, defaultPolicy()),
    warnings: [...base.warnings, ...head.warnings],
  };
}

describe('numbers', () => {
  it('prints four significant digits with SI or binary prefixes', () => {
    expect(formatValue(1.2344e-6, 'sec/op')).toBe('1.234µ');
    expect(formatValue(0.25, 'sec/op')).toBe('250.0m');
    expect(formatValue(2048, 'B/op')).toBe('2.000Ki');
    expect(formatValue(3, 'allocs/op')).toBe('3.000');
    expect(formatValue(204.73e6, 'B/s')).toBe('195.2Mi');
    expect(formatValue(0, 'sec/op')).toBe('0.000');
  });

  it('prints the CI as ± the larger relative half-width, ∞ when unbounded', () => {
    expect(formatCI({ center: 100, lo: 98, hi: 103, confidence: 0.95, warnings: [] })).toBe('3%');
    expect(formatCI({ center: 100, lo: -Infinity, hi: 103, confidence: 1, warnings: [] })).toBe(
      '∞',
    );
    expect(formatCI({ center: 1, lo: -1, hi: 2, confidence: 0.95, warnings: [] })).toBe('?');
    expect(formatPercent(0.1147)).toBe('+11.47%');
    expect(formatPercent(-0.2)).toBe('-20.00%');
    expect(formatPercent(Infinity)).toBe('+∞%');
    expect(formatP(0.2561)).toBe('0.256');
    expect(formatP(1.0825e-5)).toBe('1.1e-5');
  });
});

describe('the Markdown report', () => {
  it('has a verdict, the regressions, and one benchstat-style table per metric', () => {
    const { gate, warnings } = fixtureGate();
    const md = renderReport(gate, {
      subject: 'Compared two result files',
      failOn: 'regression',
      notes: ['base: a', 'head: b'],
      formatWarnings: warnings,
    });
    expect(md).toContain('## bench-gate: ❌ 2 regressions');
    expect(md).toContain('Holm-Bonferroni across 5 gated comparisons');
    expect(md).toContain(
      '- `example.com/svc/codec BenchmarkEncode/size=1K-2` `sec/op`: 1.201µ → 1.338µ (+11.47%, threshold 5%, p=5.4e-5)',
    );
    for (const unit of ['sec/op', 'B/op', 'allocs/op', 'B/s', 'items/op'])
      expect(md).toMatch(new RegExp(`^### \`${unit.replace('/', '\\/')}\` `, 'm'));
    expect(md).toContain('| benchmark | base | head | delta | p | n | verdict |');
    expect(md).toContain(
      '| `Encode/size=1K-2` | 1.201µ ± 2% | 1.338µ ± 1% | **+11.47%** | 1.1e-5 (Holm 5.4e-5) | 10 | 🔴 regression (5%) |',
    );
    expect(md).toContain(
      '| `Decode-2` | 5.043µ ± 3% | 3.987µ ± 2% | **-20.95%** | 1.1e-5 (Holm 5.4e-5) | 10 | 🟢 improvement (5%) |',
    );
    expect(md).toMatch(/\| `Decode-2` \| 798\.5n ± 1% \| 804\.4n ± 1% \| ~ \(\+0\.75%\) \| 0\.256/);
    expect(md).toContain('| **geomean** | 3.136µ | 3.052µ | -2.68% |');
    expect(md).toContain('| **pkg:** `example.com/svc/store` |');
    expect(md).toContain("head.txt:39: parsing iteration count 'abc': not a whole number");
    expect(md).toContain('<details><summary>How this was measured</summary>');
  });

  it('says when nothing regressed and when fail-on is none', () => {
    const { gate } = fixtureGate();
    expect(
      renderReport(gate, { subject: 's', failOn: 'none', notes: [], formatWarnings: [] }),
    ).toContain('⚠️ 2 regressions (fail-on: none, not failing)');
    const base = parseBenchmarks(readFileSync(join(FIXTURES, 'base.txt'), 'utf8'));
    const same = evaluateGate(base, base, defaultPolicy());
    expect(
      renderReport(same, { subject: 's', failOn: 'regression', notes: [], formatWarnings: [] }),
    ).toContain('## bench-gate: ✅ No regressions');
  });
});

/** Records every call that would reach GitHub, and answers like the REST API would. */
class RecordingComments implements CommentsApi {
  calls: string[] = [];
  comments: IssueComment[] = [{ id: 1, body: 'LGTM' }];
  private next = 100;
  async list(issue: number) {
    this.calls.push(`list #${issue}`);
    return this.comments.map((c) => ({ ...c }));
  }
  async create(issue: number, body: string) {
    this.calls.push(`create #${issue}`);
    const c = { id: this.next++, body };
    this.comments.push(c);
    return c;
  }
  async update(id: number, body: string) {
    this.calls.push(`update ${id}`);
    const c = this.comments.find((x) => x.id === id)!;
    c.body = body;
    return c;
  }
}

describe('the pull-request comment', () => {
  it('is created once and then updated in place, found by its hidden marker', async () => {
    const api = new RecordingComments();
    const marker = commentMarker('bench');
    expect(marker).toBe('<!-- winship:bench-gate:bench -->');
    expect(await upsertComment(api, 7, marker, commentBody(marker, 'first'))).toEqual({
      action: 'created',
      id: 100,
    });
    expect(await upsertComment(api, 7, marker, commentBody(marker, 'second'))).toEqual({
      action: 'updated',
      id: 100,
    });
    expect(api.calls).toEqual(['list #7', 'create #7', 'list #7', 'update 100']);
    expect(api.comments).toEqual([
      { id: 1, body: 'LGTM' },
      { id: 100, body: `${marker}\nsecond` },
    ]);
  });

  it('keeps gates with different keys in different comments', async () => {
    const api = new RecordingComments();
    await upsertComment(api, 7, commentMarker('go'), 'go report');
    await upsertComment(api, 7, commentMarker('http'), 'http report');
    expect(api.calls.filter((c) => c.startsWith('create'))).toHaveLength(2);
  });

  it('is cut to GitHub’s size limit, pointing at the job summary', () => {
    const body = commentBody(
      commentMarker('k'),
      'x'.repeat(100_000),
      'https://github.com/o/r/actions/runs/1',
    );
    expect(body.length).toBeLessThanOrEqual(MAX_COMMENT_LENGTH);
    expect(body).toContain('[job summary](https://github.com/o/r/actions/runs/1)');
    expect(commentMarker('a-->b')).toBe('<!-- winship:bench-gate:ab -->');
  });

  it('is cut between lines, so no code span is left open to turn a name into markup', () => {
    const line = `- ${literal('<img src=x> @octocat ' + 'y'.repeat(90))}`;
    const markdown = Array.from({ length: 1000 }, () => line).join('\n');
    for (const extra of [0, 7, 50]) {
      const body = commentBody(commentMarker('k'), 'z'.repeat(extra) + '\n' + markdown);
      expect(body.length).toBeLessThanOrEqual(MAX_COMMENT_LENGTH);
      expectNoLiveMarkup(body.slice(body.indexOf('\n') + 1));
    }
  });
});
