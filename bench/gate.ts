// How well does bench-gate tell noise from slowdowns? Runs the bundled action (dist/) in go mode
// on the fixture module bench/fixtures/gatebench, 20 times at each of 0%, 3%, 5% and 10% injected
// slowdown, and prints per fixture the false-alarm rate (0%) and the detection rates. Also times
// parsing 100,000 result lines.
//
//   npm run bench gate             the full run (4 levels x 20 gate runs; about 8 minutes on a
//                                  quiet 2-core machine)
//   npm run bench -- gate --quick  5 gate runs per level
//   options: --reps N --count N --benchtime X --levels 0,3,5,10
//   npm run bench -- gate --only-profile   only the cost of profiling (below)
//
// The cost of profiling: at the highest level (both fixtures regress), pairs of gate runs with
// `profile: never` and the default `profile: on-regression`, alternated, with measured rounds
// long enough to take 30 s or more (--profile-count, default 10; --profile-benchtime, default
// 8000x; --profile-pairs, default 3): the ratio of the median wall times (goal <= 1.3x).
//
// Needs `npm run bundle` first (it measures dist/bench-gate, the code users run) and Go on PATH.
import { execFileSync, spawn } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseBenchmarks } from '../src/bench/format/parse.js';
import { evaluateGate, type Regression } from '../src/bench/compare/gate.js';
import { defaultPolicy, parseRules } from '../src/bench/compare/policy.js';
import { NODE24, REPO } from '../lab/paths.js';

const BUNDLE = join(REPO, 'dist', 'bench-gate', 'index.js');
const FIXTURE = join(REPO, 'bench', 'fixtures', 'gatebench');
const GOCACHE = process.env.GOCACHE || join(REPO, '.cache', 'go-build');
const OUT = join(REPO, '.cache', 'bench-gate');

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}
const quick = process.argv.includes('--quick');
const onlyProfile = process.argv.includes('--only-profile');
const reps = Number(option('reps', quick ? '5' : '20'));
const count = Number(option('count', '10'));
const benchtime = option('benchtime', '1000x');
const levels = option('levels', '0,3,5,10').split(',').map(Number);
const FIXTURES: Record<string, string> = {
  Hash: 'CPU-bound (hashing 64 KiB)',
  BuildMaps: 'allocation-heavy (200 small maps)',
};

if (!existsSync(BUNDLE)) {
  console.error(`${BUNDLE} is missing: run 'npm run bundle' first`);
  process.exit(1);
}
// A private copy of the bundle, so a rebuild of dist/ during the long run cannot pull it away.
const snapshot = mkdtempSync(join(tmpdir(), 'bench-gate-dist-'));
cpSync(join(REPO, 'dist', 'bench-gate'), join(snapshot, 'bench-gate'), { recursive: true });
copyFileSync(join(REPO, 'dist', 'package.json'), join(snapshot, 'package.json'));
const ACTION = join(snapshot, 'bench-gate', 'index.js');
mkdirSync(OUT, { recursive: true });

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function timeParsing() {
  const line =
    'BenchmarkEncode/size=1K-2   \t  751196\t    1331.2 ns/op\t    1024 B/op\t       3 allocs/op\n';
  const text = 'goos: linux\ngoarch: amd64\npkg: example.com/x\n' + line.repeat(100_000);
  const times = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const f = parseBenchmarks(text, 'big.txt');
    times.push(performance.now() - t);
    if (f.results.length !== 100_000) throw new Error('parser lost lines');
  }
  return { medianMs: median(times), minMs: Math.min(...times) };
}

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd: dir,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'bench',
      GIT_AUTHOR_EMAIL: 'bench@example.com',
      GIT_COMMITTER_NAME: 'bench',
      GIT_COMMITTER_EMAIL: 'bench@example.com',
    },
  });
}

/** A repository with the fixture on main and one branch per slowdown level. */
function makeRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bench-gate-bench-'));
  for (const f of readdirSync(FIXTURE)) copyFileSync(join(FIXTURE, f), join(dir, f));
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'base');
  const src = readFileSync(join(dir, 'gatebench.go'), 'utf8');
  for (const level of levels) {
    git(dir, 'checkout', '-q', '-b', `slow-${level}`, 'main');
    // Level 0 still changes a line, so head is a different commit built separately.
    const changed = src.replace(
      'var defaultSlowdownPct = 0',
      `var defaultSlowdownPct = ${level} // slow-${level}`,
    );
    writeFileSync(join(dir, 'gatebench.go'), changed);
    git(dir, 'commit', '-q', '-am', `slow ${level}%`);
  }
  return dir;
}

/** Runs dist/bench-gate/index.js the way the runner does (INPUT_*, file commands). */
function runGate(workspace: string, inputs: Record<string, string | number>): Promise<GateRun> {
  const home = mkdtempSync(join(tmpdir(), 'bench-gate-run-'));
  const files: Record<string, string> = {};
  for (const k of [
    'GITHUB_OUTPUT',
    'GITHUB_ENV',
    'GITHUB_PATH',
    'GITHUB_STATE',
    'GITHUB_STEP_SUMMARY',
  ]) {
    files[k] = join(home, k.toLowerCase());
    writeFileSync(files[k], '');
  }
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...files,
    GOCACHE,
    GOTOOLCHAIN: 'local',
    RUNNER_TEMP: join(home, 'temp'),
    GITHUB_WORKSPACE: workspace,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
  };
  for (const k of Object.keys(env)) if (k.startsWith('INPUT_')) delete env[k];
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = String(v);
  mkdirSync(join(home, 'temp'), { recursive: true });
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(NODE24, [ACTION], {
      cwd: workspace,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stdout += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const outputs: Record<string, string> = {};
      const lines = readFileSync(files.GITHUB_OUTPUT!, 'utf8').split('\n');
      for (let i = 0; i < lines.length; i++) {
        const m = /^([^=<]+)<<(.+)$/.exec(lines[i]!);
        if (!m) continue;
        const value = [];
        for (i++; lines[i] !== m[2]; i++) value.push(lines[i]!);
        outputs[m[1]!] = value.join('\n');
      }
      const base = outputs['base-output'] ? readFileSync(outputs['base-output'], 'utf8') : '';
      const head = outputs['head-output'] ? readFileSync(outputs['head-output'], 'utf8') : '';
      rmSync(home, { recursive: true, force: true });
      resolve({ code, outputs, stdout, base, head, seconds: (performance.now() - started) / 1000 });
    });
  });
}

interface GateRun {
  code: number | null;
  outputs: Record<string, string>;
  stdout: string;
  base: string;
  head: string;
  seconds: number;
}

interface Measured {
  seconds: number;
  load: number;
  regressions: Regression[];
  alt: Regression[];
  deltas: Record<string, number>;
  base: string;
  head: string;
}

interface Row {
  fixture: string;
  level: number;
  any: number;
  time: number;
  alt: number;
  measured: number;
}

function cv(values: number[]): number {
  const m = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - m) ** 2, 0) / (values.length - 1));
  return sd / m;
}

/** Run-to-run CV of sec/op per fixture, from the base side of the 0% runs. */
function noiseFromRuns(runs: Measured[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const name of Object.keys(FIXTURES)) {
    const cvs = runs.map((r) => {
      const vals = parseBenchmarks(r.base)
        .results.filter((x) => x.name.startsWith(`${name}-`))
        .map((x) => x.values[0]!.value);
      return cv(vals);
    });
    out[name] = median(cvs);
  }
  return out;
}

function regressed(
  regressions: Pick<Regression, 'name' | 'unit'>[],
  name: string,
  units?: string[],
): boolean {
  return regressions.some(
    (r) => r.name.startsWith(`${name}-`) && (!units || units.includes(r.unit)),
  );
}

const pct = (x: number) => `${(100 * x).toFixed(0)}%`;

/**
 * What the gate's statistics can see at a given noise, apart from this machine's load: lognormal
 * samples with coefficient of variation `cv`, the head slower by `slowdown`, one unchanged
 * benchmark beside it (a Holm family of two, like the fixtures' sec/op rows), through the real
 * evaluateGate. Simulated, and labelled so in the output.
 */
function simulatePower({
  cv,
  slowdown,
  count,
  threshold,
  trials,
}: {
  cv: number;
  slowdown: number;
  count: number;
  threshold: number;
  trials: number;
}): number {
  const sigma = Math.sqrt(Math.log(1 + cv * cv));
  let seed = 12345 + Math.round(cv * 1e4) * 7 + slowdown * 1e3 + count;
  const uniform = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) + 0.5) / 2 ** 32;
  const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  const side = (factor: number) =>
    ['Target', 'Other']
      .map((name) =>
        Array.from(
          { length: count },
          () =>
            `Benchmark${name} 1 ${1e5 * (name === 'Target' ? factor : 1) * Math.exp(sigma * normal())} ns/op\n`,
        ).join(''),
      )
      .join('');
  const policy = defaultPolicy({ rules: parseRules([`sec/op=${threshold * 100}%`]) });
  let hits = 0;
  for (let t = 0; t < trials; t++) {
    const g = evaluateGate(parseBenchmarks(side(1)), parseBenchmarks(side(1 + slowdown)), policy);
    if (g.regressions.some((r) => r.name === 'Target')) hits++;
  }
  return hits / trials;
}

const parsing = timeParsing();
console.log(
  `parsing 100,000 result lines: median ${parsing.medianMs.toFixed(0)} ms (best ${parsing.minMs.toFixed(0)} ms; goal < 1000 ms)`,
);

const repo = makeRepo();
console.log(
  `fixture repository ${repo}; ${reps} gate runs per level, count ${count}, benchtime ${benchtime}`,
);
const alternative = defaultPolicy({ rules: parseRules(['sec/op=3%']) });
const results: Record<number, Measured[]> = {};
const detectLevels = onlyProfile ? [] : levels;
for (const level of detectLevels) {
  git(repo, 'checkout', '-q', `slow-${level}`);
  results[level] = [];
  for (let rep = 1; rep <= reps; rep++) {
    const r = await runGate(repo, {
      'base-ref': 'main',
      bench: '.',
      benchtime,
      count,
      'fail-on': 'none',
      comment: 'false',
      'time-budget': '5m',
      // The detection figures are the measurement's; profiling is measured on its own below.
      profile: 'never',
    });
    if (r.code !== 0 || !r.outputs.result) {
      console.error(r.stdout.slice(-3000));
      throw new Error(`gate run failed at ${level}%`);
    }
    const regressions = JSON.parse(r.outputs.regressions ?? '[]') as Regression[];
    const parsed = [parseBenchmarks(r.base), parseBenchmarks(r.head)] as const;
    const alt = evaluateGate(...parsed, alternative).regressions;
    const deltas: Record<string, number> = {};
    for (const row of evaluateGate(...parsed, defaultPolicy()).rows)
      if (row.unit === 'sec/op') deltas[row.name.replace(/-\d+$/, '')] = row.delta;
    results[level].push({
      seconds: r.seconds,
      load: loadavg()[0]!,
      regressions,
      alt,
      deltas,
      base: r.base,
      head: r.head,
    });
    const flags = Object.keys(FIXTURES).map(
      (n) =>
        `${n}:${regressed(regressions, n) ? 'R' : '-'}${regressed(regressions, n, ['sec/op']) ? 't' : ''}`,
    );
    console.log(`  ${level}% run ${rep}/${reps}: ${r.seconds.toFixed(1)} s, ${flags.join(' ')}`);
  }
}

const noise = noiseFromRuns(results[detectLevels[0]!] ?? []);
const rows: Row[] = [];
for (const [name, label] of Object.entries(FIXTURES)) {
  for (const level of detectLevels) {
    const rs = results[level]!;
    const rate = (pred: (r: Measured) => boolean) => rs.filter(pred).length / rs.length;
    rows.push({
      fixture: `${name} (${label})`,
      level,
      any: rate((r) => regressed(r.regressions, name)),
      time: rate((r) => regressed(r.regressions, name, ['sec/op'])),
      alt: rate((r) => regressed(r.alt, name, ['sec/op'])),
      measured: median(rs.map((r) => r.deltas[name]!)),
    });
  }
}
const seconds = detectLevels.flatMap((l) => results[l]!.map((r) => r.seconds));
const loads = detectLevels.flatMap((l) => results[l]!.map((r) => r.load));
if (!onlyProfile) {
  console.log('');
  console.log(
    `gate run wall time: median ${median(seconds).toFixed(1)} s, max ${Math.max(...seconds).toFixed(1)} s (goal < 30 s)`,
  );
  console.log(
    `machine load during the runs (1-minute load average, ${availableParallelism()} CPUs): median ${median(loads).toFixed(1)}, max ${Math.max(...loads).toFixed(1)}`,
  );
  console.log(
    `run-to-run CV of sec/op (base side, 0% runs): ${Object.entries(noise)
      .map(([n, c]) => `${n} ${(100 * c).toFixed(1)}%`)
      .join(', ')}`,
  );
  console.log('');
  console.log(
    '| fixture | slowdown | measured sec/op Δ (median) | failed the gate (any metric) | by sec/op (default 5%) | by sec/op at a 3% threshold |',
  );
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const r of rows) {
    const what = r.level === 0 ? 'false alarms' : 'detected';
    const d = `${r.measured >= 0 ? '+' : ''}${(100 * r.measured).toFixed(1)}%`;
    console.log(
      `| ${r.fixture} | ${r.level}% | ${d} | ${pct(r.any)} ${what} | ${pct(r.time)} | ${pct(r.alt)} |`,
    );
  }
}

/** A duration as the action prints it (850ms, 12.3s, 1m5s), in seconds. */
function durationSeconds(text: string): number {
  const m = /^(?:(\d+)m)?(?:([\d.]+)s)?(?:(\d+)ms)?$/.exec(text);
  if (!m) return NaN;
  return Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0) + Number(m[3] ?? 0) / 1000;
}

/** The cost of the profiled round: gate runs with and without it, alternated. */
async function profilingOverhead() {
  const level = Math.max(...levels);
  const pairs = Number(option('profile-pairs', quick ? '1' : '3'));
  const pCount = Number(option('profile-count', '10'));
  const pBenchtime = option('profile-benchtime', '8000x');
  git(repo, 'checkout', '-q', `slow-${level}`);
  const runs: Record<
    'never' | 'on-regression',
    { wall: number; measured: number; profiled: number }[]
  > = { never: [], 'on-regression': [] };
  for (let pair = 1; pair <= pairs; pair++) {
    for (const profile of ['never', 'on-regression'] as const) {
      const r = await runGate(repo, {
        'base-ref': 'main',
        bench: '.',
        benchtime: pBenchtime,
        count: pCount,
        'fail-on': 'none',
        comment: 'false',
        'time-budget': '30m',
        profile,
      });
      if (r.code !== 0 || !r.outputs.result) {
        console.error(r.stdout.slice(-3000));
        throw new Error(`gate run failed (profile: ${profile})`);
      }
      const measured = durationSeconds(/total time ([\dm.]+s)/.exec(r.stdout)?.[1] ?? '');
      const profiled = durationSeconds(
        /profiled round after the measured ones: .* in ([\dm.]+s)/.exec(r.stdout)?.[1] ?? '0s',
      );
      runs[profile].push({ wall: r.seconds, measured, profiled });
      console.log(
        `  profile: ${profile}, pair ${pair}/${pairs}: ${r.seconds.toFixed(1)} s (measured rounds and builds ${measured.toFixed(1)} s${profile === 'never' ? '' : `, profiled round ${profiled.toFixed(1)} s`}), load ${loadavg()[0]!.toFixed(1)}`,
      );
    }
  }
  const without = median(runs.never.map((r) => r.wall));
  const withP = median(runs['on-regression'].map((r) => r.wall));
  const measured = median(runs.never.map((r) => r.measured));
  const profiled = median(runs['on-regression'].map((r) => r.profiled));
  console.log('');
  console.log(
    `profiling overhead at ${level}% (both fixtures regress; count ${pCount}, benchtime ${pBenchtime}, ${pairs} pair(s)): median gate run ${without.toFixed(1)} s without, ${withP.toFixed(1)} s with the profiled round: ${(withP / without).toFixed(2)}x (goal <= 1.3x when the measured rounds take >= 30 s; here ${measured.toFixed(1)} s); the profiled round itself took ${profiled.toFixed(1)} s`,
  );
  return {
    level,
    pairs,
    count: pCount,
    benchtime: pBenchtime,
    without,
    with: withP,
    ratio: withP / without,
    measured,
    profiled,
    runs,
  };
}
const overhead = await profilingOverhead();

const simulated: { cv: number; count: number; threshold: number; rates: number[] }[] = [];
if (!process.argv.includes('--no-sim') && !onlyProfile) {
  const trials = quick ? 100 : 200;
  console.log('');
  console.log(
    `Simulated (not measured): the same statistics on lognormal noise, ${trials} trials a cell,`,
  );
  console.log(
    'P(the slowed benchmark fails the gate) by run-to-run CV, runs a side and threshold:',
  );
  console.log('');
  console.log('| CV | runs a side | threshold | 0% | 3% | 5% | 10% |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const cv of [0.006, 0.05, 0.18]) {
    for (const n of [10, 20, 30]) {
      for (const threshold of [0.05, 0.03]) {
        const cells = [0, 0.03, 0.05, 0.1].map((slowdown) =>
          simulatePower({ cv, slowdown, count: n, threshold, trials }),
        );
        simulated.push({ cv, count: n, threshold, rates: cells });
        console.log(
          `| ${(100 * cv).toFixed(1)}% | ${n} | ${threshold * 100}% | ${cells.map(pct).join(' | ')} |`,
        );
      }
    }
  }
}
const summary = {
  date: new Date().toISOString(),
  reps,
  count,
  benchtime,
  parsing,
  noise,
  load: { median: median(loads), max: Math.max(...loads) },
  seconds: { median: median(seconds), max: Math.max(...seconds) },
  rows,
  simulated,
  overhead,
};
writeFileSync(join(OUT, 'results.json'), JSON.stringify(summary, null, 2));
console.log(`\n(results in ${join(OUT, 'results.json')})`);
rmSync(repo, { recursive: true, force: true });
rmSync(snapshot, { recursive: true, force: true });
