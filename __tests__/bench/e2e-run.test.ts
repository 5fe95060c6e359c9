/**
 * bench-gate end to end with real Go: a throwaway git repository whose feature branch made one
 * benchmark (go mode) or one HTTP handler (http mode) deliberately slower. The bundle builds the
 * merge base in a git worktree and the head, runs them interleaved and must catch exactly that.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAction } from '../../lab/runner.js';

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd: dir,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@example.com',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@example.com',
    },
  });
}

function write(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

/** main with `base` committed, then branch feature with `head` on top, checked out. */
function repoWithBranch(base: Record<string, string>, head: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'bench-gate-repo-'));
  git(dir, 'init', '-q', '-b', 'main');
  write(dir, base);
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'base');
  git(dir, 'checkout', '-q', '-b', 'feature');
  write(dir, head);
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'head');
  return dir;
}

const work = (rounds: number) => `package work

// Mix is the code under test: ${rounds} rounds of integer mixing.
func Mix(x uint64) uint64 {
	for i := 0; i < ${rounds}; i++ {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
	}
	return x
}

// Steady does not change between the commits.
func Steady(x uint64) uint64 {
	for i := 0; i < 1000; i++ {
		x = x*6364136223846793005 + 1442695040888963407
	}
	return x
}
`;

const workTest = `package work

import (
	"os"
	"sync"
	"testing"
)

var sink uint64

// logOnce appends this binary's directory to $GATE_ORDER_LOG once per process, so the test can
// see in which order the base and head binaries really ran.
var logOnce sync.Once

func logRun() {
	logOnce.Do(func() {
		if p := os.Getenv("GATE_ORDER_LOG"); p != "" {
			dir, _ := os.Getwd()
			f, _ := os.OpenFile(p, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
			f.WriteString(dir + "\\n")
			f.Close()
		}
	})
}

func BenchmarkMix(b *testing.B) {
	logRun()
	for i := 0; i < b.N; i++ {
		sink += Mix(uint64(i))
	}
}

func BenchmarkSteady(b *testing.B) {
	for i := 0; i < b.N; i++ {
		sink += Steady(uint64(i))
	}
}
`;

function goRepo(): string {
  return repoWithBranch(
    {
      'go.mod': 'module example.com/gated\n\ngo 1.19\n',
      'work/work.go': work(1000),
      'work/work_test.go': workTest,
    },
    {
      // Four times the rounds: a regression far beyond noise, even on a machine others load.
      'work/work.go': work(4000),
      'fresh/fresh_test.go':
        'package fresh\n\nimport "testing"\n\nfunc BenchmarkFresh(b *testing.B) {\n\tfor i := 0; i < b.N; i++ {\n\t}\n}\n',
      'fresh/fresh.go': 'package fresh\n',
    },
  );
}

describe('bench-gate go mode', () => {
  it('builds base (merge base, in a worktree) and head once, runs them interleaved and fails the slower benchmark', async () => {
    const repo = goRepo();
    const orderLog = join(repo, '..', `${repo.split('/').pop()}-order.log`);
    const r = await runAction('bench-gate', {
      workspace: repo,
      inputs: {
        'base-ref': 'main',
        benchtime: '20000x',
        count: 8,
        'cpu-list': '0-1',
        gomaxprocs: 2,
        // Steady is unchanged; on a shared 2-core machine its noise alone can pass 5%.
        thresholds: 'BenchmarkSteady:sec/op=50%',
      },
      env: { GATE_ORDER_LOG: orderLog },
      timeoutMs: 240_000,
    });
    expect(r.exitCode, r.stdout).toBe(1);
    expect(r.outputs.result).toBe('regression');
    const regressions = JSON.parse(r.outputs.regressions!) as {
      pkg: string;
      name: string;
      unit: string;
      delta: number;
    }[];
    expect(
      regressions.map((x) => `${x.pkg} ${x.name} ${x.unit}`),
      r.summary,
    ).toEqual(['example.com/gated/work Mix-2 sec/op']);
    expect(regressions[0]!.delta).toBeGreaterThan(0.3);
    expect(r.summary).toMatch(/\| `Steady-2` \|[^\n]*\| 8 \| (|within threshold[^|]*|🟢[^|]*) \|/);
    expect(r.summary).toContain('only in head: `example.com/gated/fresh BenchmarkFresh-2`');
    expect(r.summary).toContain('Go benchmarks, 8 interleaved runs a side');
    expect(r.summary).toMatch(
      /base is [0-9a-f]{12} \(merge base with main\), head is [0-9a-f]{12}/,
    );
    expect(r.summary).toContain(
      '-test.benchtime=20000x -test.benchmem, GOMAXPROCS=2, pinned to CPUs 0-1 with taskset)',
    );
    expect(r.annotations.filter((a) => a.level === 'error')).toHaveLength(1);
    // Each side ran 8 times, and the raw output is there for artifacts.
    const base = execFileSync('grep', ['-c', '^BenchmarkMix-2', r.outputs['base-output']!], {
      encoding: 'utf8',
    });
    expect(base.trim()).toBe('8');
    // The binaries really alternated: base (in the worktree), head (the checkout), base, head, …
    // 16 measured runs, then the profiled round of the regression (Mix), base then head.
    const order = readFileSync(orderLog, 'utf8').trim().split('\n');
    expect(order).toHaveLength(18);
    const headDir = join(realpathSync(repo), 'work');
    expect(
      order.map((d) => (d === headDir ? 'head' : d.endsWith('/base-src/work') ? 'base' : d)),
    ).toEqual(Array.from({ length: 18 }, (_, i) => (i % 2 === 0 ? 'base' : 'head')));
    expect(r.summary).toContain('#### Where the time went');
    // The worktree is gone again.
    expect(git(repo, 'worktree', 'list').trim().split('\n')).toHaveLength(1);
  });

  it('says what the time budget cut and still gates on the rounds that ran', async () => {
    const repo = goRepo();
    const r = await runAction('bench-gate', {
      workspace: repo,
      inputs: {
        'base-ref': 'main',
        packages: './work',
        benchtime: '20000x',
        count: 1000,
        'time-budget': '15s',
        'fail-on': 'none',
      },
      timeoutMs: 120_000,
    });
    expect(r.exitCode, r.stdout).toBe(0);
    const m = /ran (\d+) rounds? of base and head interleaved/.exec(r.summary);
    expect(m).not.toBeNull();
    const rounds = Number(m![1]);
    expect(rounds).toBeGreaterThan(0);
    expect(rounds).toBeLessThan(1000);
    expect(r.summary).toMatch(
      new RegExp(`the time budget of 15\\.0s cut rounds ${rounds + 1}–1000`),
    );
    // The budget is spent on measuring: the profiled round is skipped, and the summary says so.
    expect(r.summary).toContain('Not profiled: `the time budget had');
    const cuts = r.annotations.filter(
      (a) => a.level === 'warning' && a.message.startsWith('time-budget: '),
    );
    expect(cuts).toHaveLength(1);
    expect(cuts[0]!.message).toContain(`cut rounds ${rounds + 1}–1000`);
  });

  it('asks for base-ref outside a pull request, and for history when the ref is unknown', async () => {
    const repo = goRepo();
    const none = await runAction('bench-gate', { workspace: repo, inputs: {} });
    expect(none.exitCode).toBe(1);
    expect(none.annotations[0]!.message).toContain('set base-ref');
    const unknown = await runAction('bench-gate', {
      workspace: repo,
      inputs: { 'base-ref': 'release-9' },
    });
    expect(unknown.annotations[0]!.message).toContain('fetch-depth: 0');
    const nothing = await runAction('bench-gate', {
      workspace: repo,
      inputs: { 'base-ref': 'main', bench: 'NoSuchBench', packages: './nothing/...' },
    });
    expect(nothing.exitCode).toBe(1);
    expect(nothing.annotations[0]!.message).toContain('has benchmarks');
  });
});

const server = (delay: string) => `package main

import (
	"flag"
	"net/http"
	"time"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "listen address")
	flag.Parse()
	http.HandleFunc("/work", func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(${delay})
		w.Write([]byte("ok"))
	})
	http.ListenAndServe(*addr, nil)
}
`;

describe('bench-gate http mode', () => {
  it('drives base and head servers on 127.0.0.1 in turn and fails the slower p50 and p99', async () => {
    const repo = repoWithBranch(
      { 'go.mod': 'module example.com/svc\n\ngo 1.19\n', 'main.go': server('0') },
      { 'main.go': server('100 * time.Millisecond') },
    );
    const r = await runAction('bench-gate', {
      workspace: repo,
      inputs: {
        mode: 'http',
        'base-ref': 'main',
        count: 8,
        'http-path': '/work',
        'http-rate': 100,
        'http-duration': '1s',
        'http-warmup': '200ms',
      },
      timeoutMs: 240_000,
    });
    expect(r.exitCode, r.stdout).toBe(1);
    const regressions = JSON.parse(r.outputs.regressions!) as {
      name: string;
      unit: string;
      head: number;
    }[];
    expect(
      regressions.map((x) => x.unit),
      r.summary,
    ).toHaveLength(2);
    expect(regressions.map((x) => `${x.name} ${x.unit}`)).toEqual([
      'HTTP/path=work/rate=100 p50-sec/req',
      'HTTP/path=work/rate=100 p99-sec/req',
    ]);
    expect(regressions[0]!.head).toBeGreaterThan(0.1);
    expect(r.summary).toContain('HTTP latency of . /work, 8 interleaved rounds a side');
    expect(r.summary).toContain('latency measured from each request');
    // No http-profile-flag: the summary says how to get a profile.
    expect(r.summary).toContain('name the flag in `http-profile-flag`');
    expect(r.summary).toMatch(
      /### `ok\/req`[^#]*\| `HTTP\/path=work\/rate=100` \| 1\.000 ± 0% \| 1\.000 ± 0% \| 0\.00%/,
    );
  });
});
