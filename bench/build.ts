// Benchmark of actions/build (`npm run bench build`), ratios measured in one run:
//
//   six first-class targets (the six gox knows), cold (empty GOCACHE) and warm (nothing changed), on the example
//   service and on a generated module of ~50 packages, for:
//     - the bundled action (Node 24, runner environment), parallel 1 and parallel 2,
//     - gox (Debian package, same targets, same flags),
//     - a sequential `go build` loop (same flags).
//   Goals: cold, the action's default at most 1.05x the faster of gox and the loop; warm, the
//   action's default under 3 s for all six; peak RSS of the action's own process under 150 MB.
//
// The action also writes archives, SHA256SUMS, the manifest and VERSIONINFO; gox and the loop only
// compile. Knobs: BENCH_BUILD_FIXTURES=example,large  BENCH_BUILD_COLD=0|1  BENCH_BUILD_COLD_RUNS=1
// BENCH_BUILD_WARM_RUNS=5
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { EXAMPLE, GOCACHE, NODE24, REPO } from '../lab/paths.js';

const BUNDLE = join(REPO, 'dist', 'build');
// Six first-class ports that Debian's gox 0.3.0 knows: it silently skips linux/arm64 and
// darwin/arm64 (its platform table predates them), which would flatter gox. Every run's outputs
// are counted (checkOutputs).
const TARGETS = [
  'linux/amd64',
  'linux/386',
  'linux/arm',
  'windows/amd64',
  'windows/386',
  'darwin/amd64',
];
const LDFLAGS =
  '-s -w -X main.version=0.0.0-1-gbench00 -X main.commit=bench -X main.date=2024-05-01T12:00:00Z -buildid=';
const DATE = '2024-05-01T12:00:00Z';

const fixtures = (process.env.BENCH_BUILD_FIXTURES ?? 'example,large').split(',');
const cold = process.env.BENCH_BUILD_COLD !== '0' && process.env.BENCH_BUILD_GOCACHE !== 'shared';
const warmRuns = Number(process.env.BENCH_BUILD_WARM_RUNS ?? 5);
const coldRuns = Number(process.env.BENCH_BUILD_COLD_RUNS ?? 1);
const home = mkdtempSync(join(tmpdir(), 'winship-bench-build-'));
// A private copy of the bundle: a re-bundle by someone else mid-run must not pull it away.
const ACTION = join(home, 'action', 'index.js');
cpSync(BUNDLE, join(home, 'action'), { recursive: true });
writeFileSync(join(home, 'package.json'), '{"type":"module"}\n');

const seconds = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e9;
/** CPU seconds of every child process waited for so far (user + system, whole process trees). */
function childCpu(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[13]) + Number(f[14])) / 100; // cutime, cstime in clock ticks (USER_HZ = 100)
}
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

function run(cmd: string, args: string[], opts: SpawnSyncOptions = {}) {
  const r = spawnSync(cmd, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 << 20,
    ...opts,
  });
  if (r.status !== 0)
    throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r;
}

function git(dir: string, args: string[]) {
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: 'bench',
    GIT_AUTHOR_EMAIL: 'bench@winship.invalid',
    GIT_COMMITTER_NAME: 'bench',
    GIT_COMMITTER_EMAIL: 'bench@winship.invalid',
    GIT_AUTHOR_DATE: DATE,
    GIT_COMMITTER_DATE: DATE,
  };
  return run('git', ['-c', 'commit.gpgsign=false', ...args], { cwd: dir, env });
}

function commit(dir: string): void {
  git(dir, ['init', '-q', '-b', 'main']);
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-q', '-m', 'bench fixture']);
}

/** ~50 packages in a chain and a fan: each uses a slice of the standard library and two others. */
function generateLarge(dir: string): void {
  const N = 50;
  const w = (p: string, text: string) => {
    mkdirSync(join(dir, p, '..'), { recursive: true });
    writeFileSync(join(dir, p), text);
  };
  w('go.mod', 'module example.com/large\n\ngo 1.19\n');
  const stdSets = [
    ['encoding/json', 'sort', 'strings'],
    ['crypto/sha256', 'encoding/hex', 'fmt'],
    ['net/url', 'strconv', 'strings'],
    ['text/template', 'bytes', 'fmt'],
    ['regexp', 'sort', 'unicode'],
    ['net/http', 'io', 'time'],
    ['compress/gzip', 'bytes', 'io'],
    ['encoding/xml', 'strings', 'fmt'],
  ];
  for (let i = 0; i < N; i++) {
    const name = `p${String(i).padStart(2, '0')}`;
    const deps = [i - 1, Math.floor(i / 2) - 1].filter((d, k, a) => d >= 0 && a.indexOf(d) === k);
    const std = stdSets[i % stdSets.length]!;
    const uses: Record<string, string> = {
      'encoding/json': 'b, _ := json.Marshal(items); out += string(b)',
      sort: 'sort.Slice(items, func(a, b int) bool { return items[a].Name < items[b].Name })',
      strings: 'out += strings.Repeat("x", len(items)%3)',
      'crypto/sha256': 'h := sha256.Sum256([]byte(out)); out += hex.EncodeToString(h[:4])',
      'encoding/hex': '',
      fmt: 'out += fmt.Sprint(len(items))',
      'net/url':
        'u, _ := url.Parse("https://example.com/" + strconv.Itoa(len(items))); out += u.Path',
      strconv: '',
      'text/template':
        'var buf bytes.Buffer; t := template.Must(template.New("t").Parse("{{len .}}")); _ = t.Execute(&buf, items); out += buf.String()',
      bytes: '',
      regexp: 'out += regexp.MustCompile("[a-z]+").FindString(out + "abc")',
      unicode: 'if len(out) > 0 && unicode.IsUpper(rune(out[0])) { out += "U" }',
      'net/http': 'req, _ := http.NewRequest("GET", "http://127.0.0.1/", nil); out += req.Method',
      io: 'n, _ := io.Copy(io.Discard, strings.NewReader(out)); out += fmt.Sprint(n)',
      time: 'out += time.Unix(int64(len(items)), 0).UTC().Format(time.RFC3339)',
      'compress/gzip':
        'var zb bytes.Buffer; zw := gzip.NewWriter(&zb); _, _ = io.WriteString(zw, out); _ = zw.Close(); out += fmt.Sprint(zb.Len())',
      'encoding/xml': 'xb, _ := xml.Marshal(items); out += strings.ToUpper(string(xb[:1]))',
    };
    const imports = new Set(std);
    for (const s of std) {
      if (s === 'crypto/sha256') imports.add('encoding/hex');
      if (s === 'net/url') imports.add('strconv');
      if (s === 'text/template') imports.add('bytes');
      if (s === 'io' || s === 'compress/gzip' || s === 'encoding/xml')
        imports.add('fmt').add('strings');
      if (s === 'compress/gzip') imports.add('io');
    }
    const body = [...imports].map((s) => uses[s] ?? '').filter((b) => b !== '');
    const text = `// Package ${name} is generated by bench/build.ts.
package ${name}

import (
${[...imports]
  .sort()
  .map((s) => `\t"${s}"`)
  .join('\n')}
${deps.map((d) => `\t"example.com/large/p${String(d).padStart(2, '0')}"`).join('\n')}
)

// Item is a record of package ${name}.
type Item struct {
\tID   int      \`json:"id" xml:"id"\`
\tName string   \`json:"name" xml:"name"\`
\tTags []string \`json:"tags" xml:"tags"\`
}

// Items makes n items.
func Items(n int) []Item {
\titems := make([]Item, 0, n)
\tfor i := 0; i < n; i++ {
\t\titems = append(items, Item{ID: i, Name: "${name}-" + string(rune('a'+i%26)), Tags: []string{"t", "${name}"}})
\t}
\treturn items
}

// Run uses the package's slice of the standard library and its dependencies.
func Run(n int) string {
\titems := Items(n)
\tout := ""
${deps.map((d) => `\tout += p${String(d).padStart(2, '0')}.Run(n / 2)`).join('\n')}
${body.map((b) => `\t{\n\t\t${b.replace(/; /g, '\n\t\t')}\n\t}`).join('\n')}
\treturn out
}
`;
    w(`${name}/${name}.go`, text);
  }
  const all = Array.from({ length: N }, (_, i) => `p${String(i).padStart(2, '0')}`);
  w(
    'main.go',
    `// Command large is the ~50-package benchmark fixture of bench/build.ts.
package main

import (
\t"fmt"
${all.map((p) => `\t"example.com/large/${p}"`).join('\n')}
)

var (
\tversion = "dev"
\tcommit  = "none"
\tdate    = "unknown"
)

func main() {
\tfmt.Println(version, commit, date)
${all.map((p) => `\tfmt.Println(len(${p}.Run(3)))`).join('\n')}
}
`,
  );
}

function fixture(name: string): string {
  const dir = join(home, `fixture-${name}`);
  if (name === 'example') cpSync(EXAMPLE, dir, { recursive: true });
  else generateLarge(dir);
  commit(dir);
  run('go', ['vet', './...'], {
    cwd: dir,
    env: { ...process.env, GOCACHE: join(home, 'gocache-vet') },
  });
  return dir;
}

const preload = join(home, 'rss-preload.mjs');
writeFileSync(
  preload,
  `import { writeFileSync } from 'node:fs';
process.on('exit', () => {
  if (process.env.BENCH_RSS_FILE) writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS));
});
`,
);

/** One contender run into a fresh output folder; returns seconds (and the action's peak RSS). */
function runContender(
  contender: string,
  dir: string,
  gocache: string,
): { s: number; cpu: number; rssMB?: number } {
  const out = join(home, 'out');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const goEnv = {
    ...process.env,
    GOCACHE: gocache,
    CGO_ENABLED: '0',
    GOFLAGS: '-trimpath -buildvcs=false',
  };
  if (contender.startsWith('action')) {
    const files = mkdtempSync(join(home, 'files-'));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      GOCACHE: gocache,
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: dir,
      RUNNER_TEMP: files,
    };
    env.GITHUB_REF = 'refs/heads/main';
    for (const f of ['OUTPUT', 'ENV', 'PATH', 'STATE', 'STEP_SUMMARY'])
      writeFileSync((env[`GITHUB_${f}`] = join(files, f)), '');
    Object.assign(env, {
      INPUT_MODE: 'build',
      INPUT_TARGETS: TARGETS.join(','),
      INPUT_UPLOAD: 'false',
      INPUT_ARCHIVE: contender.includes('archive none') ? 'none' : 'auto',
      'INPUT_OUTPUT-DIRECTORY': out,
      'INPUT_COMPRESSION-LEVEL': '6',
      'INPUT_WINDOWS-VERSION-INFO': 'true',
      INPUT_PARALLEL: /parallel (\d+)/.exec(contender)![1],
      BENCH_RSS_FILE: join(files, 'rss'),
      NODE_OPTIONS: `--import=${pathToFileURL(preload)}`,
    });
    const c0 = childCpu();
    const t = process.hrtime.bigint();
    run(NODE24, [ACTION], { cwd: dir, env });
    const s = seconds(t);
    return {
      s,
      cpu: childCpu() - c0,
      rssMB: Number(readFileSync(join(files, 'rss'), 'utf8')) / 1024,
    };
  }
  const c0 = childCpu();
  const t = process.hrtime.bigint();
  if (contender === 'gox') {
    run(
      'gox',
      [
        '-osarch',
        TARGETS.join(' '),
        '-ldflags',
        LDFLAGS,
        '-output',
        `${out}/{{.Dir}}_{{.OS}}_{{.Arch}}`,
        '.',
      ],
      {
        cwd: dir,
        env: goEnv,
      },
    );
  } else {
    for (const target of TARGETS) {
      const [goos, goarch] = target.split('/') as [string, string];
      run('go', ['build', `-ldflags=${LDFLAGS}`, '-o', join(out, `${goos}_${goarch}`), '.'], {
        cwd: dir,
        env: { ...goEnv, GOOS: goos, GOARCH: goarch },
      });
    }
  }
  const r = { s: seconds(t), cpu: childCpu() - c0 };
  checkOutputs(contender, out);
  return r;
}

/** Every contender must have built all six programs, or its time means nothing. */
function checkOutputs(contender: string, out: string): void {
  const programs = readdirSync(out).filter((f) => !/\.(tar\.gz|zip|json)$|^SHA256SUMS$/.test(f));
  if (programs.length !== TARGETS.length)
    throw new Error(
      `${contender} built ${programs.length} of ${TARGETS.length} programs: ${programs.join(', ')}`,
    );
}

interface Result {
  cold: number;
  coldCpu: number;
  coldAll: number[];
  coldCpuAll: number[];
  warm: number[];
  warmCpu: number[];
}

const CONTENDERS = ['action parallel 1', 'action parallel 2', 'gox', 'go build loop'];
// The action's default `parallel` (src/build/plan.ts defaultParallel: the CPU count, capped at 2).
const DEFAULT = `action parallel ${Math.min(availableParallelism(), 2)}`;
// Warm only: the default without archives, to show what the archives cost.
const WARM_ONLY = [`${DEFAULT}, archive none`];
const report: { name: string; result: Record<string, Result> }[] = [];
let peakRss = 0;

console.log(
  `bench build: ${TARGETS.length} targets (${TARGETS.join(', ')}), ${availableParallelism()} CPUs, go ${run('go', ['env', 'GOVERSION']).stdout.toString().trim()}`,
);
try {
  for (const name of fixtures) {
    const dir = fixture(name);
    // BENCH_BUILD_GOCACHE=shared: every contender uses the test run's GOCACHE (for trying the
    // script quickly; cold results are then meaningless and skipped).
    const shared = process.env.BENCH_BUILD_GOCACHE === 'shared' ? GOCACHE : undefined;
    const caches = Object.fromEntries(
      CONTENDERS.map((c) => [c, shared ?? join(home, `gocache-${name}-${c.replace(/\W+/g, '-')}`)]),
    );
    const result: Record<string, Result> = Object.fromEntries(
      [...CONTENDERS, ...WARM_ONLY].map((c) => [
        c,
        { cold: NaN, coldCpu: NaN, coldAll: [], coldCpuAll: [], warm: [], warmCpu: [] },
      ]),
    );
    caches[WARM_ONLY[0]!] = caches[DEFAULT]!;
    if (cold) {
      // Each round empties every contender's cache and runs them in a rotated order, so a load
      // change on the machine does not always hit the same contender.
      for (let round = 0; round < coldRuns; round++) {
        const order = CONTENDERS.map((_, i) => CONTENDERS[(i + round) % CONTENDERS.length]!);
        for (const c of order) {
          rmSync(caches[c]!, { recursive: true, force: true });
          const r = runContender(c, dir, caches[c]!);
          result[c]!.coldAll.push(r.s);
          result[c]!.coldCpuAll.push(r.cpu);
          if (r.rssMB) peakRss = Math.max(peakRss, r.rssMB);
          console.log(
            `  ${name} cold  ${c.padEnd(18)} ${r.s.toFixed(1)} s, cpu ${r.cpu.toFixed(1)} s${r.rssMB ? `, action RSS ${r.rssMB.toFixed(0)} MB` : ''} (load ${loadavg()[0]!.toFixed(1)})`,
          );
        }
      }
      for (const c of CONTENDERS) {
        // Other work on the machine only ever adds time: the fastest round is the best estimate
        // of a contender's own cost; the median is printed beside it.
        result[c]!.cold = Math.min(...result[c]!.coldAll);
        result[c]!.coldCpu = median(result[c]!.coldCpuAll);
      }
    }
    for (let i = 0; i < warmRuns + 1; i++) {
      for (const c of [...CONTENDERS, ...WARM_ONLY]) {
        const r = runContender(c, dir, caches[c]!);
        if (r.rssMB) peakRss = Math.max(peakRss, r.rssMB);
        // The first warm round fills caches of contenders that had no cold run; it is dropped.
        if (i > 0) {
          result[c]!.warm.push(r.s);
          result[c]!.warmCpu.push(r.cpu);
        }
      }
    }
    for (const c of [...CONTENDERS, ...WARM_ONLY])
      console.log(
        `  ${name} warm  ${c.padEnd(18)} median ${median(result[c]!.warm).toFixed(2)} s, cpu ${median(result[c]!.warmCpu).toFixed(2)} s, of ${warmRuns} (load ${loadavg()[0]!.toFixed(1)})`,
      );
    report.push({ name, result });
  }
} finally {
  rmSync(home, { recursive: true, force: true });
}

console.log(
  `\nbuild (cold: fastest of ${coldRuns} rounds with an empty GOCACHE, median in braces; warm: median of ${warmRuns}; interleaved; wall s (ratio) [cpu s]); the action's default is ${DEFAULT}:`,
);
for (const { name, result } of report) {
  for (const phase of cold ? ['cold', 'warm'] : ['warm']) {
    const t = (c: string) => (phase === 'cold' ? result[c]!.cold : median(result[c]!.warm));
    const cpu = (c: string) => (phase === 'cold' ? result[c]!.coldCpu : median(result[c]!.warmCpu));
    const floor = Math.min(t('gox'), t('go build loop'));
    const parts = (phase === 'cold' ? CONTENDERS : [...CONTENDERS, ...WARM_ONLY]).map(
      (c) =>
        `${c} ${t(c).toFixed(2)} s (${(t(c) / floor).toFixed(2)}x)` +
        (phase === 'cold' && coldRuns > 1 ? ` {${median(result[c]!.coldAll).toFixed(1)}}` : '') +
        ` [${cpu(c).toFixed(1)}]`,
    );
    console.log(`  ${name} ${phase}: ${parts.join(', ')}`);
    const ratio = t(DEFAULT) / floor;
    if (phase === 'cold')
      console.log(
        `    goal cold <= 1.05x the faster of gox and the loop: ${ratio.toFixed(2)}x, ${ratio <= 1.05 ? 'met' : 'NOT met'}`,
      );
    else
      console.log(
        `    goal warm < 3 s for all six: ${t(DEFAULT).toFixed(2)} s, ${t(DEFAULT) < 3 ? 'met' : 'NOT met'} (${ratio.toFixed(2)}x the faster of gox and the loop)`,
      );
  }
}
console.log(
  `  peak RSS of the action's own process: ${peakRss.toFixed(0)} MB (goal < 150 MB: ${peakRss < 150 ? 'met' : 'NOT met'})`,
);
