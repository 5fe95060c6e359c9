/**
 * setup-go benchmarks, each a ratio against a floor measured in the same run, interleaved:
 *
 * 1. tool-cache hit: the bundled action (Node 24, runner environment) vs `node -e 0` followed by
 *    one `go env -json` of the same Go. Goal: at most 1.5x.
 * 2. install from the local mirror (index, download, sha256, extract into the tool cache) vs
 *    `curl -o … && sha256sum … && tar xzf …` of the same ~120 MB archive. Goal: at most 1.3x.
 *
 * Run with `npm run bench setup-go` (bench.sh bundles this file). Not part of the tests.
 * BENCH_ONLY=hit|install runs one half; BENCH_HIT_RUNS (30) and BENCH_INSTALL_RUNS (4) set the
 * number of interleaved rounds.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { goMirror, serveGoMirror, MIRROR_VERSIONS } from '../lab/go-mirror.js';
import { GOCACHE, NODE24, REPO } from '../lab/paths.js';

const ACTION = join(REPO, 'dist', 'setup-go', 'index.js');
const FULL = MIRROR_VERSIONS.full; // go1.19.8, the complete Debian toolchain
const FULL_SEMVER = FULL.replace(/^go/, '');

function seconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** Runs a command to its end. Asynchronous: the mirror server lives in this process. */
function run(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
  cwd?: string,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`${cmd} ${args.join(' ')} failed (${code}): ${stderr}`)),
    );
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** The environment the runner gives a step, with fresh file commands in `home`. */
function runnerEnv(
  home: string,
  toolCache: string,
  inputs: Record<string, string>,
): NodeJS.ProcessEnv {
  const files = join(home, `files-${Math.random().toString(36).slice(2)}`);
  mkdirSync(files, { recursive: true });
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    GOPATH: join(home, 'gopath'),
    GOCACHE,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: join(home, 'workspace'),
    RUNNER_TEMP: join(home, 'temp'),
    RUNNER_TOOL_CACHE: toolCache,
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
  };
  for (const f of ['OUTPUT', 'ENV', 'PATH', 'STATE', 'STEP_SUMMARY']) {
    env[`GITHUB_${f}`] = join(files, f);
    writeFileSync(join(files, f), '');
  }
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  mkdirSync(env.GITHUB_WORKSPACE!, { recursive: true });
  return env;
}

function line(name: string, ours: number, floor: number, goal: number): string {
  const ratio = ours / floor;
  return `${name}: ${ours.toFixed(3)} s vs floor ${floor.toFixed(3)} s = ${ratio.toFixed(2)}x (goal <= ${goal}x: ${ratio <= goal ? 'met' : 'NOT met'})`;
}

async function main(): Promise<void> {
  const mirror = await goMirror();
  const server = await serveGoMirror(mirror);
  const home = mkdtempSync(join(tmpdir(), 'winship-bench-setup-go-'));
  const archiveName = `${FULL}.linux-amd64.tar.gz`;
  const archiveUrl = `${server.url}/${archiveName}`;
  const results: string[] = [];
  try {
    // --- 2. install from the mirror vs curl + sha256sum + tar ------------------------------------
    const only = process.env.BENCH_ONLY ?? '';
    const installRuns = only === 'hit' ? 0 : Number(process.env.BENCH_INSTALL_RUNS ?? 4);
    const ours: number[] = [];
    const floor: number[] = [];
    const installOurs = async (i: number) => {
      const toolCache = join(home, `tc-install-${i}`);
      const env = runnerEnv(home, toolCache, {
        'go-version': FULL_SEMVER,
        'go-download-base-url': server.url,
        cache: 'false',
      });
      await run('sync', []);
      const t = process.hrtime.bigint();
      await run(NODE24, [ACTION], env);
      ours.push(seconds(t));
      rmSync(toolCache, { recursive: true, force: true });
    };
    const installFloor = async (i: number) => {
      const dir = join(home, `floor-${i}`);
      mkdirSync(join(dir, 'x'), { recursive: true });
      const file = join(dir, archiveName);
      await run('sync', []);
      const t = process.hrtime.bigint();
      await run('curl', ['-sSf', '-o', file, archiveUrl]);
      await run('sha256sum', [file]);
      await run('tar', ['xzf', file, '-C', join(dir, 'x')]);
      floor.push(seconds(t));
      rmSync(dir, { recursive: true, force: true });
    };
    for (let i = 0; i < installRuns; i++) {
      // Alternate which goes first, and flush earlier writes before timing either.
      if (i % 2 === 0) {
        await installOurs(i);
        await installFloor(i);
      } else {
        await installFloor(i);
        await installOurs(i);
      }
      console.log(
        `  install run ${i + 1}/${installRuns}: setup-go ${ours.at(-1)!.toFixed(2)} s, curl+sha256sum+tar ${floor.at(-1)!.toFixed(2)} s`,
      );
    }
    if (installRuns > 0)
      results.push(
        line(
          `install ${archiveName} (${(mirror.file(archiveName).size / 1e6).toFixed(0)} MB) from the local mirror`,
          median(ours),
          median(floor),
          1.3,
        ),
      );

    // --- 1. tool-cache hit vs node -e 0 + go env -json ------------------------------------------
    const toolCache = join(home, 'tc-hit');
    await run(
      NODE24,
      [ACTION],
      runnerEnv(home, toolCache, {
        'go-version': FULL_SEMVER,
        'go-download-base-url': server.url,
        cache: 'false',
      }),
    );
    await server.close(); // from here on, any network access would fail the action
    const goBinary = join(toolCache, 'go', FULL_SEMVER, 'x64', 'bin', 'go');
    const hitRuns = only === 'install' ? 0 : Number(process.env.BENCH_HIT_RUNS ?? 30);
    const variants: { name: string; inputs: Record<string, string> }[] = [
      {
        name: `tool-cache hit, go-version ${FULL_SEMVER}, cache: false`,
        inputs: { 'go-version': FULL_SEMVER, cache: 'false' },
      },
      {
        name: "tool-cache hit, go-version '1.x' (a range), cache: false",
        inputs: { 'go-version': '1.x', cache: 'false' },
      },
    ];
    const hit = variants.map(() => [] as number[]);
    const hitFloor: number[] = [];
    const floorEnv = {
      ...process.env,
      GOCACHE,
      GOTOOLCHAIN: 'local',
      GOPATH: join(home, 'gopath'),
    };
    for (let i = 0; hitRuns > 0 && i < hitRuns + 2; i++) {
      // Two warm-up rounds are measured but dropped.
      let t = process.hrtime.bigint();
      await run(NODE24, ['-e', '0']);
      await run(goBinary, ['env', '-json'], floorEnv, home);
      if (i >= 2) hitFloor.push(seconds(t));
      for (const [v, variant] of variants.entries()) {
        const env = runnerEnv(home, toolCache, variant.inputs);
        t = process.hrtime.bigint();
        await run(NODE24, [ACTION], env, env.GITHUB_WORKSPACE);
        if (i >= 2) hit[v]!.push(seconds(t));
      }
    }
    if (hitRuns > 0)
      for (const [v, variant] of variants.entries())
        results.push(line(variant.name, median(hit[v]!), median(hitFloor), 1.5));
  } finally {
    await server.close().catch(() => {});
    rmSync(home, { recursive: true, force: true });
  }
  console.log('setup-go (medians; each floor measured in the same run, interleaved):');
  for (const r of results) console.log(`  ${r}`);
}

await main();
