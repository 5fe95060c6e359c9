/**
 * Where the time went, end to end on a copy of the example service: its head branch puts a CPU
 * regression into one named function (scrambleDigest, called by hashWork) and an allocation
 * regression into another (cloneLabels, called by buildMaps). The bundled action measures, gates,
 * runs one profiled round and reads it with this machine's `go tool pprof`; a recorder in the
 * copy's tests logs every test binary invocation (argv), so the test sees exactly which runs were
 * profiled. The raw data goes through the real @actions/artifact client to the local stand-in of
 * the artifact service.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE } from '../../lab/paths.js';
import { runAction, type ActionResult } from '../../lab/runner.js';
import {
  startLocalArtifactService,
  type LocalArtifactService,
} from '../../lab/artifact-service.js';
import { expectNoLiveMarkup } from './markdown-check.js';

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

/** Logs each test binary's arguments, one JSON array a line, to $GATE_ARGV_LOG. */
const ARGV_RECORDER = `package main

import (
	"encoding/json"
	"os"
)

func init() {
	if p := os.Getenv("GATE_ARGV_LOG"); p != "" {
		f, err := os.OpenFile(p, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
		if err == nil {
			b, _ := json.Marshal(os.Args[1:])
			f.Write(append(b, '\\n'))
			f.Close()
		}
	}
}
`;

/** The head's regressions, each in one named function. */
const SLOWER = `package main

var scrambleSink uint64

// scrambleDigest mixes the buffer twelve times over: the CPU regression.
//
//go:noinline
func scrambleDigest(buf []byte) uint64 {
	var x uint64 = 14695981039346656037
	for r := 0; r < 12; r++ {
		for _, b := range buf {
			x ^= uint64(b)
			x *= 1099511628211
		}
	}
	return x
}

var labelSink map[string]int

// cloneLabels copies a map entry by entry: the allocation regression.
//
//go:noinline
func cloneLabels(m map[string]int) map[string]int {
	c := make(map[string]int, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}
`;

/** A regression in a function whose symbol name is markup (go:linkname allows any name). */
const HOSTILE = `package main

import _ "unsafe"

var scrambleSink uint64

//go:linkname scrambleDigest github.com/winship/hello-service.<img/src=x>\`@octocat|[l](https://evil.example/)<!--
//go:noinline
func scrambleDigest(buf []byte) uint64 {
	var x uint64 = 14695981039346656037
	for r := 0; r < 12; r++ {
		for _, b := range buf {
			x ^= uint64(b)
			x *= 1099511628211
		}
	}
	return x
}
`;

function withRegressions(work: string, allocs: boolean): string {
  let out = work.replace(
    '\th.Write(buf)\n',
    '\th.Write(buf)\n\tscrambleSink ^= scrambleDigest(buf)\n',
  );
  if (allocs)
    out = out.replace('\t\tmapSink = m\n', '\t\tmapSink = m\n\t\tlabelSink = cloneLabels(m)\n');
  if (out === work) throw new Error('work.go changed: the fixture edit no longer applies');
  return out;
}

/** The example on main (with the argv recorder), and branches slower and hostile. */
function exampleRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bench-gate-profile-'));
  cpSync(EXAMPLE, dir, { recursive: true });
  writeFileSync(join(dir, 'argv_test.go'), ARGV_RECORDER);
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'base');
  const work = readFileSync(join(dir, 'work.go'), 'utf8');
  git(dir, 'checkout', '-q', '-b', 'slower');
  writeFileSync(join(dir, 'work.go'), withRegressions(work, true));
  writeFileSync(join(dir, 'slower.go'), SLOWER);
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'slower');
  git(dir, 'checkout', '-q', '-b', 'hostile', 'main');
  writeFileSync(join(dir, 'work.go'), withRegressions(work, false));
  writeFileSync(join(dir, 'hostile.go'), HOSTILE);
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'hostile');
  return dir;
}

const COUNT = 6;
const INPUTS = {
  'base-ref': 'main',
  bench: 'Hash$|BuildMaps$',
  benchtime: '300x',
  count: COUNT,
  gomaxprocs: 2,
  comment: false,
};

function argvLog(file: string): string[][] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as string[]);
}

const profiled = (argv: string[]) =>
  argv.some((a) => a.startsWith('-test.cpuprofile=') || a.startsWith('-test.memprofile='));

/** The Markdown of one benchmark's block in the summary. */
function block(summary: string, benchmark: string): string {
  const start = summary.indexOf(`### 🔴 \`github.com/winship/hello-service Benchmark${benchmark}`);
  expect(start, summary).toBeGreaterThanOrEqual(0);
  const next = summary.indexOf('\n### ', start + 4);
  return summary.slice(start, next < 0 ? undefined : next);
}

/** The function column of a "Where … went" table, in order. */
function functions(section: string): string[] {
  return section
    .split('\n')
    .filter((l) => l.startsWith('| `'))
    .map((l) =>
      l
        .split(' | ')[0]!
        .slice(2)
        .replace(/^(`+) ?(.*?) ?\1$/, '$2'),
    );
}

let repo: string;
let svc: LocalArtifactService;
let slower: ActionResult;
let argv: string[][];

beforeAll(async () => {
  repo = exampleRepo();
  svc = await startLocalArtifactService();
  git(repo, 'checkout', '-q', 'slower');
  const log = join(dirname(repo), `${repo.split('/').pop()}-argv.log`);
  slower = await runAction('bench-gate', {
    workspace: repo,
    inputs: { ...INPUTS, 'artifact-name': 'gate-data', 'retention-days': 2 },
    env: {
      GATE_ARGV_LOG: log,
      ACTIONS_RUNTIME_TOKEN: svc.token,
      ACTIONS_RESULTS_URL: svc.url,
      GITHUB_SERVER_URL: 'https://github.com',
    },
    timeoutMs: 300_000,
  });
  argv = argvLog(log);
}, 600_000);

afterAll(async () => svc?.close());

describe('bench-gate profiles each regression', () => {
  it('fails on both regressions and profiles after the measured rounds only', () => {
    expect(slower.exitCode, slower.stdout).toBe(1);
    const regressions = JSON.parse(slower.outputs.regressions!) as { name: string; unit: string }[];
    const found = regressions.map((r) => `${r.name} ${r.unit}`);
    expect(found, slower.summary).toContain('Hash-2 sec/op');
    expect(found).toContain('BuildMaps-2 allocs/op');
    // Two measured runs a round (base and head of one package), then the profiled ones.
    const measured = argv.slice(0, 2 * COUNT);
    expect(measured.some(profiled)).toBe(false);
    for (const a of measured) expect(a).toContain('-test.bench=Hash$|BuildMaps$');
    const extra = argv.slice(2 * COUNT);
    expect(extra.length).toBeGreaterThan(0);
    expect(extra.every(profiled)).toBe(true);
    const cpu = extra.filter((a) => a.some((x) => x.startsWith('-test.cpuprofile=')));
    expect(cpu.map((a) => a.find((x) => x.startsWith('-test.bench=')))).toContain(
      '-test.bench=^BenchmarkHash(?:-2)?$',
    );
    // Exactly the regressed benchmarks, each once a side, with the measured benchtime.
    for (const a of extra) {
      expect(a).toContain('-test.benchtime=300x');
      expect(a.find((x) => x.startsWith('-test.bench='))).toMatch(
        /^-test\.bench=\^Benchmark(Hash|BuildMaps)\(\?:-2\)\?\$$/,
      );
    }
    const mem = extra.filter((a) => a.some((x) => x.startsWith('-test.memprofile=')));
    expect(mem).toHaveLength(2);
    for (const a of mem) expect(a).toContain('-test.memprofilerate=1');
    expect(extra.length % 2).toBe(0);
  });

  it('names the slowed function first under Where the time went', () => {
    const hash = block(slower.summary, 'Hash-2');
    const section = hash.slice(hash.indexOf('#### Where the time went'));
    expect(hash).toContain('#### Where the time went');
    expect(functions(section)[0], section).toBe('hello-service.scrambleDigest');
    expect(section).toMatch(
      /\| `hello-service\.scrambleDigest` \| `slower\.go:\d+` \| 0 \| [\d.]+[µm]s \| \*\*\+[\d.]+[µm]s\*\* \|/,
    );
    expect(hash).toContain('```mermaid');
  });

  it('names the allocating function under Where the memory went', () => {
    const maps = block(slower.summary, 'BuildMaps-2');
    const memory = maps.slice(maps.indexOf('#### Where the memory went'));
    expect(maps).toContain('#### Where the memory went');
    expect(memory).toContain('recording every allocation (-test.memprofilerate=1)');
    expect(functions(memory)).toContain('hello-service.cloneLabels');
    expect(functions(memory)[0]).toBe('hello-service.cloneLabels');
  });

  it('states the profiled round in How this was measured, and writes profile-diff', () => {
    expect(slower.summary).toMatch(
      /profiled round after the measured ones: \d+ of \d+ benchmark profiles/,
    );
    const diff = readFileSync(slower.outputs['profile-diff']!, 'utf8');
    expect(diff).toContain('hello-service.scrambleDigest');
    expect(diff).toContain('hello-service.cloneLabels');
    expect(slower.summary).toContain('| metric | worse | better | same |');
  });

  it('uploads outputs, report, profiles, both test binaries and SVGs as one artifact', () => {
    expect(svc.artifacts.map((a) => a.name)).toEqual(['gate-data']);
    const a = svc.artifacts[0]!;
    expect(slower.outputs['artifact-id']).toBe(String(a.id));
    const zip = join(mkdtempSync(join(tmpdir(), 'gate-data-')), 'a.zip');
    writeFileSync(zip, a.content!);
    const names = execFileSync('zipinfo', ['-1', zip], { encoding: 'utf8' }).trim().split('\n');
    for (const f of ['base.txt', 'head.txt', 'report.md', 'profile-diff.md'])
      expect(names).toContain(f);
    expect(names.filter((n) => /^charts\/.*\.svg$/.test(n)).length).toBeGreaterThanOrEqual(2);
    expect(
      names.filter((n) => /^profiles\/[^/]+\/(base|head)\.cpu\.prof$/.test(n)).length,
    ).toBeGreaterThanOrEqual(2);
    expect(names.filter((n) => /^profiles\/[^/]+\/(base|head)\.mem\.prof$/.test(n))).toHaveLength(
      2,
    );
    expect(names.filter((n) => /^bin\/(base|head)\/[^/]+\.test$/.test(n))).toHaveLength(2);
    const day = 24 * 3600 * 1000;
    expect(Date.parse(a.expiresAt!) - Date.now()).toBeGreaterThan(2 * day - 600_000);
    expect(Date.parse(a.expiresAt!) - Date.now()).toBeLessThan(2 * day + 60_000);
    expect(slower.summary).toContain(
      `the artifact [\`gate-data\`](https://github.com/winship-test/hello-service/actions/runs/1/artifacts/${a.id})`,
    );
    expect(slower.summary).toMatch(
      /`go tool pprof -http=: -sample_index=cpu -diff_base=profiles\/[^ ]+\/base\.cpu\.prof bin\/head\/[^ ]+\.test profiles\/[^ ]+\/head\.cpu\.prof`/,
    );
    // The profiles open with the kept binary, from the artifact's own layout.
    const x = mkdtempSync(join(tmpdir(), 'gate-data-x-'));
    execFileSync('unzip', ['-q', zip, '-d', x]);
    const prof = names.find((n) => /head\.cpu\.prof$/.test(n))!;
    const bin = names.find((n) => /^bin\/head\//.test(n))!;
    const top = execFileSync('go', ['tool', 'pprof', '-top', bin, prof], {
      cwd: x,
      encoding: 'utf8',
    });
    expect(top).toContain('scrambleDigest');
  });
});

describe('bench-gate profile: never', () => {
  it('runs no profiled round', async () => {
    git(repo, 'checkout', '-q', 'slower');
    const log = join(dirname(repo), `${repo.split('/').pop()}-never.log`);
    const r = await runAction('bench-gate', {
      workspace: repo,
      inputs: { ...INPUTS, profile: 'never' },
      env: { GATE_ARGV_LOG: log },
      timeoutMs: 300_000,
    });
    expect(r.exitCode, r.stdout).toBe(1);
    const runs = argvLog(log);
    expect(runs).toHaveLength(2 * COUNT);
    expect(runs.some(profiled)).toBe(false);
    expect(r.summary).not.toContain('Where the time went');
    expect(r.summary).toContain('Not profiled (`profile: never`).');
    expect(readdirSync(dirname(r.outputs['report-file']!))).not.toContain('profiles');
  });
});

describe('hostile function names from the head profile', () => {
  it('are printed as text, like benchmark names', async () => {
    git(repo, 'checkout', '-q', 'hostile');
    const r = await runAction('bench-gate', {
      workspace: repo,
      inputs: { ...INPUTS, bench: 'Hash$' },
      timeoutMs: 300_000,
    });
    expect(r.exitCode, r.stdout).toBe(1);
    const section = r.summary.slice(r.summary.indexOf('#### Where the time went'));
    const first = functions(section)[0]!;
    expect(first, section).toContain('<img/src=x>');
    expect(first).toContain('@octocat');
    expectNoLiveMarkup(r.summary);
    expectNoLiveMarkup(readFileSync(r.outputs['profile-diff']!, 'utf8'));
  });
});

/** A server that writes a CPU profile to -cpuprofile and stops it on SIGTERM; burn is the work. */
const profiledServer = (rounds: number) => `package main

import (
	"flag"
	"net/http"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"
)

var sink uint64

//go:noinline
func burn(n int) uint64 {
	x := uint64(88172645463325252)
	for i := 0; i < n; i++ {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
	}
	return x
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "listen address")
	cpu := flag.String("cpuprofile", "", "write a CPU profile to this file")
	flag.Parse()
	if *cpu != "" {
		f, err := os.Create(*cpu)
		if err != nil {
			panic(err)
		}
		pprof.StartCPUProfile(f)
		stop := make(chan os.Signal, 1)
		signal.Notify(stop, syscall.SIGTERM, os.Interrupt)
		go func() {
			<-stop
			pprof.StopCPUProfile()
			f.Close()
			os.Exit(0)
		}()
	}
	http.HandleFunc("/work", func(w http.ResponseWriter, r *http.Request) {
		sink += burn(${rounds})
		w.Write([]byte("ok"))
	})
	http.ListenAndServe(*addr, nil)
}
`;

describe('bench-gate http mode with http-profile-flag', () => {
  it('profiles both servers under the load and names the handler work that got slower', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-gate-http-profile-'));
    writeFileSync(join(dir, 'go.mod'), 'module example.com/svc\n\ngo 1.19\n');
    writeFileSync(join(dir, 'main.go'), profiledServer(1000));
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'base');
    git(dir, 'checkout', '-q', '-b', 'slower');
    writeFileSync(join(dir, 'main.go'), profiledServer(3_000_000));
    git(dir, 'commit', '-q', '-am', 'slower');
    const r = await runAction('bench-gate', {
      workspace: dir,
      inputs: {
        mode: 'http',
        'base-ref': 'main',
        count: 6,
        'http-path': '/work',
        'http-rate': 50,
        'http-duration': '1s',
        'http-warmup': '200ms',
        'http-profile-flag': '-cpuprofile',
        comment: false,
      },
      timeoutMs: 300_000,
    });
    expect(r.exitCode, r.stdout).toBe(1);
    const section = r.summary.slice(r.summary.indexOf('#### Where the time went'));
    expect(section, r.summary).toContain('CPU time per request from a CPU profile of each server');
    expect(functions(section)[0], section).toBe('main.burn');
    expect(r.summary).toMatch(
      /profiled round after the measured ones: each server once more with -cpuprofile/,
    );
    const data = dirname(r.outputs['report-file']!);
    const profiles = readdirSync(join(data, 'profiles'));
    expect(profiles).toHaveLength(1);
    expect(readdirSync(join(data, 'profiles', profiles[0]!)).sort()).toEqual([
      'base.cpu.prof',
      'diff.cpu.txt',
      'head.cpu.prof',
    ]);
  });
});
