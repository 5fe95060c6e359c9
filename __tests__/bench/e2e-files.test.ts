/**
 * bench-gate end to end in file mode: the real bundle, run like the runner runs it, on fixture
 * files of go test output. The pull-request comment goes through the real @actions/github client
 * to a recorder on 127.0.0.1 standing where api.github.com would be, so the test sees exactly the
 * requests GitHub would get.
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAction } from '../../lab/runner.js';
import { expectNoLiveMarkup, hostileOutput } from './markdown-check.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');

function workspaceWithFixtures(): string {
  const ws = mkdtempSync(join(tmpdir(), 'bench-gate-files-'));
  copyFileSync(join(FIXTURES, 'base.txt'), join(ws, 'base.txt'));
  copyFileSync(join(FIXTURES, 'head.txt'), join(ws, 'head.txt'));
  return ws;
}

describe('bench-gate with base-file and head-file', () => {
  it('fails on the planted regressions with one annotation, a summary and JSON outputs', async () => {
    const workspace = workspaceWithFixtures();
    const r = await runAction('bench-gate', {
      workspace,
      inputs: { 'base-file': 'base.txt', 'head-file': 'head.txt' },
    });
    expect(r.exitCode).toBe(1);
    expect(r.outputs.result).toBe('regression');
    const regressions = JSON.parse(r.outputs.regressions!) as {
      name: string;
      unit: string;
      delta: number;
    }[];
    expect(regressions.map((x) => `${x.name} ${x.unit}`)).toEqual([
      'Encode/size=1K-2 sec/op',
      'Scan-2 B/s',
    ]);
    const errors = r.annotations.filter((a) => a.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(
      /^❌ 2 regressions; 1 benchmark with malformed results: example.com\/svc\/codec BenchmarkEncode\/size=1K-2 sec\/op: .*\+11\.47%/,
    );
    expect(errors[0]!.message).toContain('set fail-on: none');
    expect(r.annotations.filter((a) => a.level === 'warning').map((a) => a.message)).toContainEqual(
      expect.stringContaining(
        "head.txt:39: malformed benchmark line skipped: parsing iteration count 'abc'",
      ),
    );
    expect(r.summary).toContain('## bench-gate: ❌ 2 regressions');
    expect(r.summary).toContain('| `Encode/size=1K-2` | 1.201µ ± 2% | 1.338µ ± 1% | **+11.47%**');
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
  });

  it('reports without failing when fail-on is none', async () => {
    const workspace = workspaceWithFixtures();
    const r = await runAction('bench-gate', {
      workspace,
      inputs: { 'base-file': 'base.txt', 'head-file': 'head.txt', 'fail-on': 'none' },
    });
    expect(r.exitCode).toBe(0);
    expect(r.outputs.result).toBe('regression');
    expect(r.annotations.filter((a) => a.level === 'error')).toEqual([]);
    expect(r.summary).toContain('(fail-on: none, not failing)');
  });

  it('passes when thresholds allow the change', async () => {
    const workspace = workspaceWithFixtures();
    const r = await runAction('bench-gate', {
      workspace,
      inputs: {
        'base-file': 'base.txt',
        'head-file': 'head.txt',
        thresholds: 'BenchmarkEncode*:sec/op=15%\nB/s=off',
      },
    });
    expect(r.exitCode).toBe(0);
    expect(r.outputs.result).toBe('pass');
    expect(JSON.parse(r.outputs.regressions!)).toEqual([]);
    expect(r.summary).toContain(
      '⚠️ No regressions (1 improvement); 1 benchmark with malformed results',
    );
  });

  it("cannot be steered by the head's output: Unit lines, 1e400 and negative values", async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'bench-gate-hostile-'));
    const steady = [100, 101, 99, 100.5, 99.5, 100.2, 99.8, 100.1, 99.9, 100.3];
    const lines = (name: string, values: (number | string)[]) =>
      values.map((v) => `Benchmark${name} 1000 ${v} ns/op\n`).join('');
    writeFileSync(
      join(workspace, 'base.txt'),
      'pkg: example.com/p\n' + lines('Slow-2', steady) + lines('Hidden-2', steady),
    );
    writeFileSync(
      join(workspace, 'head.txt'),
      'pkg: example.com/p\nUnit ns/op better=higher\n' +
        lines(
          'Slow-2',
          steady.map((v) => 2 * v),
        ) +
        lines('Hidden-2', ['1e400', ...steady.slice(1).map((v) => -v)]),
    );
    const r = await runAction('bench-gate', {
      workspace,
      inputs: { 'base-file': 'base.txt', 'head-file': 'head.txt' },
    });
    expect(r.exitCode).toBe(1);
    expect(r.outputs.result).toBe('regression');
    expect(
      (JSON.parse(r.outputs.regressions!) as { name: string; unit: string }[]).map(
        (x) => `${x.name} ${x.unit}`,
      ),
    ).toEqual(['Slow-2 sec/op']);
    expect(r.summary).toContain(
      '## bench-gate: ❌ 1 regression; 1 benchmark with malformed results',
    );
    expect(r.summary).toContain('**Malformed results**');
    const hidden = `head: example.com/p BenchmarkHidden-2: 10 malformed lines not compared (first ${join(workspace, 'head.txt')}:13: parsing measurement '1e400': not a finite number)`;
    expect(r.summary).toContain(
      `- head: \`example.com/p BenchmarkHidden-2\`: 10 malformed lines not compared (first \`${join(workspace, 'head.txt')}:13: parsing measurement '1e400': not a finite number\`)`,
    );
    expect(r.summary).toContain(
      `head's 'Unit ns/op better=higher' (${join(workspace, 'head.txt')}:2) is ignored`,
    );
    const warnings = r.annotations.filter((a) => a.level === 'warning').map((a) => a.message);
    expect(warnings).toContain(hidden);
    expect(warnings).toContainEqual(
      `${join(workspace, 'head.txt')}:14: malformed benchmark line skipped: parsing measurement '-101': negative`,
    );
  });

  it('keeps the summary under 1 MiB on 15,000 benchmarks and writes the full table to report-file', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'bench-gate-large-'));
    const n = 15_000;
    const side = (slow: number) => {
      let text = 'pkg: example.com/scale\n';
      for (let i = 0; i < n; i++)
        for (const v of [1000, 1001, 999, 1000.5, 999.5, 1000.2])
          text += `BenchmarkScale/case=${i}-8 1000 ${i === n - 1 ? v * slow : v} ns/op\n`;
      return text;
    };
    writeFileSync(join(workspace, 'base.txt'), side(1));
    writeFileSync(join(workspace, 'head.txt'), side(2));
    const r = await runAction('bench-gate', {
      workspace,
      inputs: { 'base-file': 'base.txt', 'head-file': 'head.txt', 'fail-on': 'none' },
    });
    expect(r.exitCode).toBe(0);
    expect(Buffer.byteLength(r.summary, 'utf8')).toBeLessThanOrEqual(1024 * 1024);
    const shown = r.summary.split('\n').filter((l) => l.startsWith('| `Scale/')).length;
    expect(r.summary).toContain(
      `**Cut to fit the job summary (1 MiB):** ${(n - shown).toLocaleString('en')} of 15,000 table rows left out; shown first are the regressions, then the improvements, then the rest. The full table is in the file named by the \`report-file\` output of this step (${r.outputs['report-file']}).`,
    );
    const full = readFileSync(r.outputs['report-file']!, 'utf8');
    expect(full.split('\n').filter((l) => l.startsWith('| `Scale/'))).toHaveLength(n);
  });

  it('reads names whose UTF-8 bytes are cut where the files are read a piece at a time', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'bench-gate-utf8-'));
    // Names of three-byte characters, and a first one placed so that a character spans byte
    // 16,384; every line after it puts one at some other offset of every power of two.
    const n = 3_000;
    const names = Array.from({ length: n }, (_, i) => `名前${'測'.repeat(i % 13)}/n=${i}-2`);
    const side = () => {
      const first = `pkg: example.com/utf8\n`;
      const pad = `# ${'x'.repeat(16_383 - Buffer.byteLength(first) - 'Benchmark'.length - 3)}\n`;
      let text = first + pad;
      for (const name of names)
        for (const v of [100, 101, 99]) text += `Benchmark${name} 1000 ${v} ns/op\n`;
      expect(Buffer.from(text).subarray(16_383, 16_386).toString()).toBe('名');
      return text;
    };
    writeFileSync(join(workspace, 'base.txt'), side());
    writeFileSync(join(workspace, 'head.txt'), side());
    const r = await runAction('bench-gate', {
      workspace,
      inputs: { 'base-file': 'base.txt', 'head-file': 'head.txt', 'fail-on': 'none' },
    });
    expect(r.exitCode).toBe(0);
    const full = readFileSync(r.outputs['report-file']!, 'utf8');
    expect(full).not.toContain('\ufffd');
    expect(full).not.toContain('Not compared');
    const rows = full.split('\n').filter((l) => l.startsWith('| `名前'));
    expect(rows.map((l) => l.slice(3, l.indexOf('`', 3)))).toEqual(names);
  });

  it('turns bad input into one clear error', async () => {
    const workspace = workspaceWithFixtures();
    const missing = await runAction('bench-gate', {
      workspace,
      inputs: { 'base-file': 'nope.txt', 'head-file': 'head.txt' },
    });
    expect(missing.exitCode).toBe(1);
    expect(missing.annotations).toEqual([
      expect.objectContaining({ level: 'error', message: expect.stringContaining('base-file') }),
    ]);
    const badRule = await runAction('bench-gate', {
      workspace,
      inputs: { 'base-file': 'base.txt', 'head-file': 'head.txt', thresholds: 'sec/op=fast' },
    });
    expect(badRule.exitCode).toBe(1);
    expect(badRule.annotations[0]!.message).toBe(
      "Input 'thresholds': 'fast' is not a percentage (write 5% or 0.5%)",
    );
    writeFileSync(join(workspace, 'empty.txt'), 'PASS\n');
    const empty = await runAction('bench-gate', {
      workspace,
      inputs: { 'base-file': 'empty.txt', 'head-file': 'empty.txt' },
    });
    expect(empty.exitCode).toBe(1);
    expect(empty.annotations[0]!.message).toContain('no benchmark results');
  });
});

interface Recorded {
  method: string;
  path: string;
  auth: string | undefined;
  body: unknown;
}

describe('bench-gate pull-request comment', () => {
  let server: http.Server;
  let api: string;
  const recorded: Recorded[] = [];
  const comments: { id: number; body: string }[] = [{ id: 11, body: 'Looks good to me' }];

  beforeAll(async () => {
    // Answers the three REST calls the way the GitHub API documents them.
    server = http.createServer((req, res) => {
      let text = '';
      req.on('data', (d: Buffer) => (text += d.toString()));
      req.on('end', () => {
        const url = new URL(req.url!, 'http://x');
        recorded.push({
          method: req.method!,
          path: url.pathname + url.search,
          auth: req.headers.authorization,
          body: text ? JSON.parse(text) : undefined,
        });
        res.setHeader('content-type', 'application/json');
        if (
          req.method === 'GET' &&
          url.pathname === '/repos/winship-test/hello-service/issues/42/comments'
        ) {
          res.end(JSON.stringify(comments));
        } else if (
          req.method === 'POST' &&
          url.pathname === '/repos/winship-test/hello-service/issues/42/comments'
        ) {
          const c = { id: 9001, body: (JSON.parse(text) as { body: string }).body };
          comments.push(c);
          res.statusCode = 201;
          res.end(JSON.stringify(c));
        } else if (
          req.method === 'PATCH' &&
          url.pathname === '/repos/winship-test/hello-service/issues/comments/9001'
        ) {
          comments[1]!.body = (JSON.parse(text) as { body: string }).body;
          res.end(JSON.stringify(comments[1]));
        } else {
          res.statusCode = 404;
          res.end(JSON.stringify({ message: 'Not Found' }));
        }
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('creates the comment on the first run and updates the same one on the next', async () => {
    const workspace = workspaceWithFixtures();
    const event = join(workspace, 'event.json');
    writeFileSync(event, JSON.stringify({ pull_request: { number: 42 } }));
    const env = {
      GITHUB_API_URL: api,
      GITHUB_EVENT_PATH: event,
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_JOB: 'perf',
    };
    const inputs = { 'base-file': 'base.txt', 'head-file': 'head.txt', 'fail-on': 'none' };
    const first = await runAction('bench-gate', {
      workspace,
      inputs,
      env,
      context: { 'github.token': 'ghs_testtoken123' },
    });
    expect(first.exitCode).toBe(0);
    expect(first.masks).toContain('ghs_testtoken123');
    expect(recorded.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /repos/winship-test/hello-service/issues/42/comments?per_page=100',
      'POST /repos/winship-test/hello-service/issues/42/comments',
    ]);
    expect(recorded.every((r) => r.auth === 'token ghs_testtoken123')).toBe(true);
    const created = (recorded[1]!.body as { body: string }).body;
    expect(
      created.startsWith('<!-- winship:bench-gate:perf -->\n## bench-gate: ⚠️ 2 regressions'),
    ).toBe(true);
    expect(created).toContain('| `Encode/size=1K-2` |');

    recorded.length = 0;
    const second = await runAction('bench-gate', {
      workspace,
      inputs: { ...inputs, thresholds: 'B/s=off' },
      env,
      context: { 'github.token': 'ghs_testtoken123' },
    });
    expect(second.exitCode).toBe(0);
    expect(recorded.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /repos/winship-test/hello-service/issues/42/comments?per_page=100',
      'PATCH /repos/winship-test/hello-service/issues/comments/9001',
    ]);
    expect((recorded[1]!.body as { body: string }).body).toContain(
      '⚠️ 1 regression (fail-on: none',
    );
    expect(comments).toHaveLength(2);
  });

  it('prints hostile benchmark names as text in the summary and the comment', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'bench-gate-names-'));
    writeFileSync(
      join(workspace, 'base.txt'),
      hostileOutput(1, ['BenchmarkOld@octocat 1 1 ns/op']),
    );
    writeFileSync(
      join(workspace, 'head.txt'),
      hostileOutput(1.5, ['Benchmark<img/src=x>-2 1 -1 ns/op']),
    );
    const event = join(workspace, 'event.json');
    writeFileSync(event, JSON.stringify({ pull_request: { number: 42 } }));
    recorded.length = 0;
    const r = await runAction('bench-gate', {
      workspace,
      inputs: { 'base-file': 'base.txt', 'head-file': 'head.txt', 'fail-on': 'none' },
      env: { GITHUB_API_URL: api, GITHUB_EVENT_PATH: event, GITHUB_JOB: 'perf' },
      context: { 'github.token': 'ghs_testtoken123' },
    });
    expect(r.exitCode).toBe(0);
    expect(r.outputs.result).toBe('regression');
    expect(r.summary).toContain('`evil.example/<img src=x> @octocat');
    expectNoLiveMarkup(r.summary);
    const patch = recorded.find((x) => x.method === 'PATCH');
    const body = (patch!.body as { body: string }).body;
    expect(body.startsWith('<!-- winship:bench-gate:perf -->\n')).toBe(true);
    expectNoLiveMarkup(body.slice(body.indexOf('\n') + 1));
  });

  it('posts nothing without a token or outside a pull request, and survives a failing API', async () => {
    const workspace = workspaceWithFixtures();
    const event = join(workspace, 'event.json');
    writeFileSync(event, JSON.stringify({ pull_request: { number: 42 } }));
    recorded.length = 0;
    const inputs = { 'base-file': 'base.txt', 'head-file': 'head.txt', 'fail-on': 'none' };
    await runAction('bench-gate', {
      workspace,
      inputs,
      env: { GITHUB_API_URL: api, GITHUB_EVENT_PATH: event },
    });
    writeFileSync(join(workspace, 'push.json'), JSON.stringify({ ref: 'refs/heads/main' }));
    await runAction('bench-gate', {
      workspace,
      inputs,
      env: { GITHUB_API_URL: api, GITHUB_EVENT_PATH: join(workspace, 'push.json') },
      context: { 'github.token': 't0ken-value' },
    });
    expect(recorded).toEqual([]);
    // PR 43 is unknown to the recorder: a 404, reported as a warning; the verdict stands.
    writeFileSync(event, JSON.stringify({ pull_request: { number: 43 } }));
    const r = await runAction('bench-gate', {
      workspace,
      inputs,
      env: { GITHUB_API_URL: api, GITHUB_EVENT_PATH: event },
      context: { 'github.token': 't0ken-value' },
    });
    expect(r.exitCode).toBe(0);
    expect(
      r.annotations.some(
        (a) =>
          a.level === 'warning' && a.message.startsWith('could not comment on pull request #43'),
      ),
    ).toBe(true);
  });
});
