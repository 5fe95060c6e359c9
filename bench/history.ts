// Does bench-gate name the function a real commit slowed down? Replays cespare/xxhash's commit
// 5132688 ("Remove bounds checks from purego Sum64", about 17% faster on 4-byte inputs; its parent
// is aa1a74e) through the bundled action (dist/bench-gate), built with GOFLAGS=-tags=purego, both
// ways, several times:
//   - reverted as a pull request: the gate should fail and name Sum64 among the top three under
//     "Where the time went";
//   - the commit itself as a pull request: the gate should pass and show Sum64 among the
//     improvements (profile: always profiles improvements too).
//
// The xxhash sources are not part of this repository: give a git clone of it (MIT licensed, the
// root package has no dependencies), which the bench reads with `git archive` at both commits:
//
//   git clone https://github.com/cespare/xxhash /tmp/xxhash
//   npm run bench -- history --repo /tmp/xxhash      3 runs each way (about 3 minutes, quiet 2 cores)
//   options: --reps N --count N --benchtime X        (XXHASH_REPO works instead of --repo)
//
// Needs `npm run bundle` first and Go on PATH. Detection needs a machine that is not oversubscribed:
// the load average is printed with each run.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAction } from '../lab/runner.js';

const FILE = 'xxhash_other.go';
const AFTER = '513268860fbcf2c36a002a48acc34e32152e24cc'; // Remove bounds checks from purego Sum64
const BEFORE = 'aa1a74e0bbdf53357dbe98044f3f7652864212ca'; // its parent
const FUNCTION = 'xxhash.Sum64';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}
const XXHASH = option('repo', process.env.XXHASH_REPO ?? '');
if (!XXHASH) {
  // Said, not failed: `npm run bench` with no names runs every bench, and this one needs a clone.
  console.log(
    'history: not run: give a git clone of github.com/cespare/xxhash with --repo <dir> (or XXHASH_REPO)',
  );
  process.exit(0);
}
const reps = Number(option('reps', '3'));
const count = Number(option('count', '15'));
const benchtime = option('benchtime', '200ms');

function git(dir: string, ...args: string[]): void {
  execFileSync('git', args, {
    cwd: dir,
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'bench',
      GIT_AUTHOR_EMAIL: 'bench@example.com',
      GIT_COMMITTER_NAME: 'bench',
      GIT_COMMITTER_EMAIL: 'bench@example.com',
    },
  });
}

/** main at one side of the pull request, branch pr at the other, checked out. */
function history(main: 'before' | 'after'): string {
  const dir = mkdtempSync(join(tmpdir(), 'bench-gate-history-'));
  // The root package at the commit, its files only (5132688 changed only xxhash_other.go).
  const files = execFileSync('git', ['-C', XXHASH, 'ls-tree', AFTER], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => / blob /.test(l))
    .map((l) => l.slice(l.indexOf('\t') + 1));
  const archive = execFileSync('git', ['-C', XXHASH, 'archive', AFTER, '--', ...files], {
    maxBuffer: 64 << 20,
  });
  execFileSync('tar', ['-x', '-C', dir], { input: archive });
  const source = (side: 'before' | 'after') =>
    execFileSync('git', ['-C', XXHASH, 'show', `${side === 'before' ? BEFORE : AFTER}:${FILE}`]);
  const put = (side: 'before' | 'after') => writeFileSync(join(dir, FILE), source(side));
  put(main);
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', main === 'before' ? 'aa1a74e' : '5132688');
  git(dir, 'checkout', '-q', '-b', 'pr');
  put(main === 'before' ? 'after' : 'before');
  git(
    dir,
    'commit',
    '-q',
    '-am',
    main === 'before' ? 'Remove bounds checks from purego Sum64' : 'Revert 5132688',
  );
  return dir;
}

/** The function column of the first "Where the time went" table of the block that starts with `heading`. */
function ranked(summary: string, heading: string): string[] | undefined {
  const at = summary.indexOf(heading);
  if (at < 0) return undefined;
  const end = summary.indexOf('\n### ', at + 4);
  const block = summary.slice(at, end < 0 ? undefined : end);
  const section = block.indexOf('#### Where the time went');
  if (section < 0) return undefined;
  return block
    .slice(section)
    .split('\n')
    .filter((l) => l.startsWith('| `'))
    .map((l) =>
      l
        .split(' | ')[0]!
        .slice(2)
        .replace(/^`+ ?| ?`+$/g, ''),
    );
}

const NAME = 'github.com/cespare/xxhash/v2 BenchmarkSum64/4B';
const results: Record<string, { right: number; top3: number; ranks: string[] }> = {};
for (const [label, main, profile, expectCode, mark] of [
  ['revert of 5132688 (a slowdown)', 'after', 'on-regression', 1, '🔴'],
  ['5132688 itself (a speed-up)', 'before', 'always', 0, '🟢'],
] as const) {
  const r = (results[label] = { right: 0, top3: 0, ranks: [] as string[] });
  for (let rep = 1; rep <= reps; rep++) {
    const repo = history(main);
    const started = performance.now();
    const run = await runAction('bench-gate', {
      workspace: repo,
      inputs: {
        'base-ref': 'main',
        bench: '^BenchmarkSum64$/^4B$',
        // B/s is sec/op read the other way: gating both only doubles the Holm correction.
        thresholds: 'B/s=off',
        benchtime,
        count,
        gomaxprocs: 2,
        profile,
        comment: false,
      },
      env: { GOFLAGS: '-tags=purego' },
      timeoutMs: 900_000,
    });
    const seconds = (performance.now() - started) / 1000;
    for (const a of run.annotations.filter((x) => x.level === 'error'))
      if (run.exitCode !== expectCode) console.log(`  error: ${a.message.slice(0, 300)}`);
    const functions = ranked(run.summary, `### ${mark} \`${NAME}`) ?? [];
    const rank = functions.indexOf(FUNCTION);
    const decided = run.exitCode === expectCode && functions.length > 0;
    if (decided) r.right++;
    if (rank >= 0 && rank < 3) r.top3++;
    r.ranks.push(rank < 0 ? '-' : String(rank + 1));
    const delta = /\| `Sum64\/4B-2` \| [^|]+ \| [^|]+ \| ([^|]+) \|/.exec(run.summary)?.[1];
    console.log(
      `  ${label}, run ${rep}/${reps}: exit ${run.exitCode}, sec/op ${delta?.trim() ?? '?'}, ${FUNCTION} ranked ${rank < 0 ? 'absent' : rank + 1} (top: ${functions.slice(0, 3).join(', ') || 'none'}), ${seconds.toFixed(1)} s, load ${loadavg()[0]!.toFixed(1)}`,
    );
    rmSync(repo, { recursive: true, force: true });
  }
}
console.log('');
console.log(
  `| pull request | gate decided right | ${FUNCTION} in the top three | its rank per run |`,
);
console.log('| --- | --- | --- | --- |');
for (const [label, r] of Object.entries(results))
  console.log(`| ${label} | ${r.right}/${reps} | ${r.top3}/${reps} | ${r.ranks.join(', ')} |`);
