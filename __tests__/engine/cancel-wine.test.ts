/**
 * Cancellation through the real bundle (dist/deploy-windows, mode: local on a Wine prefix), on the
 * Actions runner's own timing: SIGINT, SIGTERM 7.5 s later, SIGKILL 2.5 s after that. The release
 * going in needs 25 s to become healthy (its /healthz answers 503 until then: a test build of the
 * example with handler.go replaced through `go build -overlay`), so the signals land while the
 * engine waits for its health.
 *
 * SIGINT: the action gives the wait up, rolls back to the previous release and exits before the
 * SIGKILL. SIGKILL (a process that dies mid-step): the host keeps the journal and the lock; once
 * the lock's lease ran out a fresh deploy finishes or undoes the interrupted one by itself and
 * says so in its summary.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { WineExecutor } from '../../src/hosts/wine.js';
import { checksumsOf, type Manifest } from '../../src/build/manifest.js';
import { releaseFolder } from '../../lab/release-folder.js';
import { EXAMPLE, GOCACHE } from '../../lab/paths.js';
import { runAction, type ActionResult } from '../../lab/runner.js';
import { ensureWinePrefix, freePort, type WinePrefix } from '../../lab/wine.js';

const ROOT = 'C:\\winship-cancel';
let prefix: WinePrefix;
let port: number;
let service: string;
const dirs: string[] = [];
let v1: string;
let v2slow: string;

/** The example built with a /healthz that answers 503 for its first 25 s. */
async function slowHealthyRelease(version: string): Promise<string> {
  const dir = await releaseFolder(version);
  dirs.push(dir);
  const work = mkdtempSync(join(tmpdir(), 'winship-slow-health-'));
  dirs.push(work);
  const handler = readFileSync(join(EXAMPLE, 'handler.go'), 'utf8');
  const slow = handler
    .replace('import (\n', 'import (\n\t"time"\n')
    .replace(
      'func handleHealthz(w http.ResponseWriter, r *http.Request) {\n',
      'var healthyAt = time.Now().Add(25 * time.Second)\n\nfunc handleHealthz(w http.ResponseWriter, r *http.Request) {\n\tif time.Now().Before(healthyAt) {\n\t\thttp.Error(w, "warming up", http.StatusServiceUnavailable)\n\t\treturn\n\t}\n',
    );
  if (slow === handler || !slow.includes('healthyAt'))
    throw new Error('handler.go changed shape: update slowHealthyRelease');
  writeFileSync(join(work, 'handler.go'), slow);
  writeFileSync(
    join(work, 'overlay.json'),
    JSON.stringify({ Replace: { [join(EXAMPLE, 'handler.go')]: join(work, 'handler.go') } }),
  );
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  const target = manifest.targets[0]!;
  const exe = join(dir, target.file);
  await promisify(execFile)(
    'go',
    [
      'build',
      '-trimpath',
      '-ldflags',
      `-s -w -X main.version=${version}`,
      '-overlay',
      join(work, 'overlay.json'),
      '-o',
      exe,
      '.',
    ],
    {
      cwd: EXAMPLE,
      timeout: 300_000,
      env: {
        ...process.env,
        GOOS: 'windows',
        GOARCH: 'amd64',
        CGO_ENABLED: '0',
        GOCACHE,
        GOFLAGS: '-mod=mod',
        GOPROXY: 'off',
      },
    },
  );
  const data = readFileSync(exe);
  target.sha256 = createHash('sha256').update(data).digest('hex');
  target.size = data.length;
  writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(join(dir, 'SHA256SUMS'), checksumsOf(manifest));
  return dir;
}

function deploy(artifact: string, home?: string): Promise<ActionResult> {
  return runAction('deploy-windows', {
    inputs: {
      mode: 'local',
      artifact,
      'service-name': service,
      arguments: `-service\n-addr\n127.0.0.1:${port}`,
      'health-url': `http://127.0.0.1:${port}/healthz`,
      'health-expect-version': 'true',
      'health-timeout': '3',
      'health-interval': '0.5',
      'health-retries': '120',
      'stop-timeout': '20',
      'install-root': ROOT,
    },
    env: { WINSHIP_WINE_PREFIX: prefix.path },
    timeoutMs: 400_000,
    ...(home ? { home } : {}),
  });
}

const stateFile = () => prefix.toLinuxPath(`${ROOT}\\${service}\\state.json`);
const ownerFile = () => prefix.toLinuxPath(`${ROOT}\\${service}\\deploy.lock\\owner.json`);
function state(): {
  current?: { version: string };
  transaction?: { phase: string; version: string };
} {
  return existsSync(stateFile()) ? (JSON.parse(readFileSync(stateFile(), 'utf8')) as never) : {};
}

async function versionOn(): Promise<string | undefined> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    return res.ok ? ((await res.json()) as { version: string }).version : undefined;
  } catch {
    return undefined;
  }
}

function actionPid(home: string): number | undefined {
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (!readFileSync(`/proc/${d}/cmdline`, 'latin1').includes('dist/deploy-windows/index.js'))
        continue;
      if (
        readFileSync(`/proc/${d}/environ`, 'latin1')
          .split('\0')
          .includes(`RUNNER_TEMP=${join(home, 'temp')}`)
      )
        return Number(d);
    } catch {
      /* gone */
    }
  }
  return undefined;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(cond: () => boolean, what: string, ms = 300_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** Starts a deploy of the slow release and returns once the engine waits for its health. */
async function deployUntilHealth(): Promise<{
  running: Promise<ActionResult>;
  pid: number;
  home: string;
}> {
  const home = mkdtempSync(join(tmpdir(), 'winship-runner-cancel-'));
  dirs.push(home);
  const running = deploy(v2slow, home);
  await until(() => state().transaction?.phase === 'health', 'the health step');
  const pid = actionPid(home);
  if (!pid) throw new Error('the action process was not found');
  return { running, pid, home };
}

/** The runner's cancellation: SIGINT, SIGTERM 7.5 s later, SIGKILL 2.5 s after that. */
async function runnerCancel(pid: number): Promise<'exited' | 'killed'> {
  process.kill(pid, 'SIGINT');
  for (const [ms, sig] of [
    [7500, 'SIGTERM'],
    [2500, 'SIGKILL'],
  ] as const) {
    const end = Date.now() + ms;
    while (Date.now() < end && alive(pid)) await sleep(20);
    if (!alive(pid)) return 'exited';
    process.kill(pid, sig);
  }
  return 'killed';
}

/** Waits out the dead deploy's lease, deploys 1.0.0 again and checks it resolved the journal. */
async function nextDeployRecovers(note: RegExp): Promise<void> {
  expect(existsSync(ownerFile())).toBe(true);
  const owner = JSON.parse(readFileSync(ownerFile(), 'utf8')) as {
    renewedAt: string;
    leaseSeconds: number;
  };
  // The lock stops blocking once its lease ran out (not after lock-stale-after, 1 h).
  const free = Date.parse(owner.renewedAt) + owner.leaseSeconds * 1000 + 1000;
  await sleep(Math.max(0, free - Date.now()));
  const r = await deploy(v1);
  expect(r.exitCode, r.stdout).toBe(0);
  expect(r.stdout).toMatch(/Taking over the deploy lock/);
  expect(r.summary).toContain('Interrupted deploys found');
  expect(r.summary).toMatch(note);
  expect(await versionOn()).toBe('1.0.0');
  expect(state().current?.version).toBe('1.0.0');
  expect(state().transaction).toBeUndefined();
  expect(existsSync(ownerFile())).toBe(false);
}

beforeAll(async () => {
  prefix = await ensureWinePrefix('engine-cancel');
  await prefix.keepAlive();
  port = await freePort();
  service = `hello-cancel-${port}`;
  v1 = await releaseFolder('1.0.0');
  dirs.push(v1);
  v2slow = await slowHealthyRelease('2.0.0');
}, 600_000);

afterAll(async () => {
  const exec = new WineExecutor({ prefix: prefix.path });
  await exec.run(['sc.exe', 'stop', service]);
  await exec.run(['sc.exe', 'delete', service]);
  await exec.close();
  await prefix.shutdown();
  rmSync(prefix.toLinuxPath(ROOT), { recursive: true, force: true });
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('deploy-windows cancelled on the runner timing while a release waits 25 s for health', () => {
  test('v1 deploys', async () => {
    const r = await deploy(v1);
    expect(r.exitCode, r.stdout).toBe(0);
    expect(await versionOn()).toBe('1.0.0');
  }, 600_000);

  test('SIGINT, SIGTERM, SIGKILL: the host ends on 1.0.0, healthy, at once or after the next deploy', async () => {
    const { running, pid } = await deployUntilHealth();
    const ended = await runnerCancel(pid);
    const r = await running;
    // Which way this run went, for the record (both ways are checked below).
    console.info(
      `runner cancel: the action ${ended === 'exited' ? 'exited before SIGKILL' : 'was killed by SIGKILL'}`,
    );
    if (ended === 'exited') {
      // The rollback finished inside the runner's 10 s.
      expect(r.exitCode).toBe(1);
      expect(r.summary).toContain('The run was cancelled');
      expect(r.summary).toMatch(/Rolled back to 1\.0\.0, which is healthy/);
      expect(await versionOn()).toBe('1.0.0');
      expect(state().current?.version).toBe('1.0.0');
      expect(state().transaction).toBeUndefined();
      expect(existsSync(ownerFile())).toBe(false);
      return;
    }
    // Killed before its rollback ended (a slow host): the journal names the step it was in, and the
    // state file still names 1.0.0 as current; the next deploy undoes the rest.
    expect(['health', 'rollback']).toContain(state().transaction?.phase);
    expect(state().current?.version).toBe('1.0.0');
    // Cut off before its rollback began, the next deploy may find 2.0.0 live and healthy by then
    // and record it (finished) before it deploys 1.0.0 again; or put 1.0.0 back (undone).
    await nextDeployRecovers(/(Finished|Undid) the interrupted deploy of 2\.0\.0/);
  }, 900_000);

  test('SIGKILL in the health step: the journal stays; a fresh deploy, once the lease ran out, resolves it and says so', async () => {
    const { running, pid } = await deployUntilHealth();
    process.kill(pid, 'SIGKILL');
    await running;
    expect(state().transaction).toMatchObject({ phase: 'health', version: '2.0.0' });
    expect(existsSync(ownerFile())).toBe(true);
    await nextDeployRecovers(
      /(Finished|Undid) the interrupted deploy of 2\.0\.0 \(cut off at its .health. step\)/,
    );
  }, 900_000);
});
