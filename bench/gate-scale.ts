/**
 * bench-gate at scale: peak memory and report sizes of the bundled action (dist/bench-gate, in file
 * mode, run as the runner runs it) on 200,000 benchmarks, against baselines measured in the same
 * run: bare Node reading the same two files (the floor any run pays), and the action on 2,000
 * benchmarks. Goal: under 200 MB peak RSS for 200,000 benchmarks; the job summary under 1 MiB and
 * the full table in the `report-file` output.
 *
 * Each side has `count` runs of every benchmark (BENCH_SCALE_COUNT, default 5), ns/op only (the
 * shape that produced the 13.7 MB summary); one benchmark in 500 is 20% slower in the head.
 * BENCH_SCALE_N sets the large size (200000). Run with `npm run bench gate-scale`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NODE24, REPO } from '../lab/paths.js';
import { inputEnvName, readActionYaml } from '../lab/runner.js';

const ACTION = join(REPO, 'dist', 'bench-gate', 'index.js');
const COUNT = Number(process.env.BENCH_SCALE_COUNT ?? 5);
const LARGE = Number(process.env.BENCH_SCALE_N ?? 200_000);
const MiB = 1024 * 1024;

async function writeSide(path: string, n: number, head: boolean): Promise<void> {
  const out = createWriteStream(path);
  const write = (s: string) =>
    out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r()));
  await write('goos: linux\ngoarch: amd64\npkg: example.com/scale\n');
  let chunk = '';
  for (let i = 0; i < n; i++) {
    const slow = head && i % 500 === 0 ? 1.2 : 1;
    for (let c = 0; c < COUNT; c++) {
      const ns = (1000 + (i % 97)) * slow * (1 + ((c * 7 + i) % 11) / 1000);
      chunk += `BenchmarkScale/case=${i}-8 \t 1000000\t ${ns.toFixed(1)} ns/op\n`;
    }
    if (chunk.length > 1 << 20) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(chunk + 'PASS\nok  \texample.com/scale\t1.0s\n');
  await new Promise<void>((r) => out.end(() => r()));
}

/** Peak RSS in MB of a Node process, read by a hook at its exit. */
function peakRss(args: string[], env: NodeJS.ProcessEnv): { mb: number; seconds: number } {
  const dir = mkdtempSync(join(tmpdir(), 'gate-scale-rss-'));
  const hook = join(dir, 'hook.mjs');
  const out = join(dir, 'rss');
  writeFileSync(
    hook,
    `import { writeFileSync } from 'node:fs';\nprocess.on('exit', () => writeFileSync(${JSON.stringify(out)}, String(process.resourceUsage().maxRSS)));\n`,
  );
  const start = process.hrtime.bigint();
  const r = spawnSync(NODE24, ['--import', hook, ...args], {
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 64 * MiB,
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) throw new Error(`exit ${r.status ?? r.signal}: ${r.stderr}`);
  return { mb: Number(readFileSync(out, 'utf8')) / 1024, seconds };
}

function runnerEnv(dir: string, workspace: string): NodeJS.ProcessEnv {
  const files = ['GITHUB_OUTPUT', 'GITHUB_STEP_SUMMARY', 'GITHUB_ENV', 'GITHUB_STATE'];
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, RUNNER_TEMP: join(dir, 'temp') };
  env.GITHUB_WORKSPACE = workspace;
  const inputs: Record<string, string> = {
    'base-file': 'base.txt',
    'head-file': 'head.txt',
    'fail-on': 'none',
    comment: 'false',
    token: '',
  };
  for (const [name, spec] of Object.entries(readActionYaml('bench-gate').inputs ?? {}))
    env[inputEnvName(name)] = inputs[name] ?? String(spec.default ?? '');
  for (const f of files) {
    env[f] = join(dir, f.toLowerCase());
    writeFileSync(env[f]!, '');
  }
  return env;
}

interface Measured {
  label: string;
  mb: number;
  seconds: number;
  summary?: number;
  reportFile?: number;
}

async function measure(n: number): Promise<Measured[]> {
  const dir = mkdtempSync(join(tmpdir(), `gate-scale-${n}-`));
  await writeSide(join(dir, 'base.txt'), n, false);
  await writeSide(join(dir, 'head.txt'), n, true);
  const bytes = statSync(join(dir, 'base.txt')).size + statSync(join(dir, 'head.txt')).size;
  const floor = peakRss(
    [
      '-e',
      `const fs = require('node:fs'); const a = fs.readFileSync(${JSON.stringify(join(dir, 'base.txt'))}, 'utf8'); const b = fs.readFileSync(${JSON.stringify(join(dir, 'head.txt'))}, 'utf8'); console.log(a.length + b.length);`,
    ],
    { PATH: process.env.PATH },
  );
  const env = runnerEnv(dir, dir);
  const action = peakRss([ACTION], env);
  const outputs = readFileSync(env.GITHUB_OUTPUT!, 'utf8');
  const reportFile = /^report-file<<(\S+)\n(.*)\n\1$/m.exec(outputs)?.[2];
  return [
    {
      label: `node reading both files, ${n.toLocaleString('en')} benchmarks (${(bytes / MiB).toFixed(1)} MiB)`,
      ...floor,
    },
    {
      label: `bench-gate, ${n.toLocaleString('en')} benchmarks × ${COUNT} runs a side`,
      ...action,
      summary: statSync(env.GITHUB_STEP_SUMMARY!).size,
      ...(reportFile ? { reportFile: statSync(reportFile).size } : {}),
    },
  ];
}

const rows = [...(await measure(2_000)), ...(await measure(LARGE))];
const small = rows[1]!;
console.log('| run | peak RSS | time | job summary | report-file |');
console.log('| --- | --- | --- | --- | --- |');
for (const r of rows)
  console.log(
    `| ${r.label} | ${r.mb.toFixed(0)} MB | ${r.seconds.toFixed(1)} s | ${r.summary === undefined ? '' : `${(r.summary / 1024).toFixed(0)} KiB`} | ${r.reportFile === undefined ? '' : `${(r.reportFile / MiB).toFixed(1)} MiB`} |`,
  );
const large = rows[3]!;
console.log(
  `\npeak RSS at ${LARGE.toLocaleString('en')} benchmarks: ${large.mb.toFixed(0)} MB (goal < 200 MB), ${(large.mb / small.mb).toFixed(2)}x the 2,000-benchmark run, ${(large.mb - rows[2]!.mb).toFixed(0)} MB above bare node reading the files; job summary ${((large.summary ?? 0) / MiB).toFixed(2)} MiB (limit 1 MiB)`,
);
