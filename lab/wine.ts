/**
 * Wine for the tests: one prefix per name under `.cache/wine/<name>`, created once per machine run
 * and reused by every test file. Only one prefix is ever booted (`wineboot --init`, 10 to 25 s and
 * 690 MB, `.cache/wine/template`); every named prefix is a copy of it made in a tenth of a second,
 * its `C:\windows` hard-linked (see `copyPrefix`). `wineserver -p` keeps services alive while a
 * test needs them; `buildExampleExe` builds examples/hello-service for windows/amd64 once per
 * (version, options) into `.cache/example-bin/` with the shared GOCACHE.
 *
 * Test files that start services should use a prefix name of their own (or at least unique service
 * names and ports, see `freePort`): `shutdown()` stops every Wine process of that prefix.
 */
import { execFile, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CACHE, EXAMPLE, GOCACHE, REPO } from './paths.js';
import { findWineServer, keepWineServer, stopWineServer, winePath } from '../src/hosts/wine.js';

export { findWineServer };

const execFileP = promisify(execFile);

export interface WinePrefix {
  /** Linux path of the prefix (WINEPREFIX). */
  path: string;
  /** Environment for every Wine process of this prefix: WINEPREFIX, WINEDEBUG=-all. */
  env: Record<string, string>;
  /** Linux path of `C:\`. */
  driveC: string;
  /** `C:\a\b` -> `<prefix>/drive_c/a/b` (also `Z:\x` -> `/x`, Wine's mapping of the Linux root). */
  toLinuxPath(winPath: string): string;
  /** Starts a persistent `wineserver -p` for this prefix so services survive between commands. */
  keepAlive(): Promise<void>;
  /** `wineserver -k`: stops the server and every Wine process (services included) of the prefix. */
  shutdown(): Promise<void>;
}

export const WINE_ROOT = join(CACHE, 'wine');

/** Environment for a Wine process of the prefix at `path`. */
export function wineEnv(path: string): Record<string, string> {
  return { WINEPREFIX: path, WINEDEBUG: '-all', WINEDLLOVERRIDES: 'mscoree,mshtml=' };
}

export function processEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, ...extra };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A mkdir-based lock shared by processes: `fn` runs while `<target>.lock` exists. A lock older than
 * `staleMs` (a crashed test run) is broken.
 */
export async function withDirLock<T>(
  target: string,
  staleMs: number,
  fn: () => Promise<T>,
): Promise<T> {
  const lock = `${target}.lock`;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      try {
        if (Date.now() - statSync(lock).mtimeMs > staleMs)
          rmSync(lock, { recursive: true, force: true });
      } catch {
        /* removed meanwhile */
      }
      await sleep(200);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

const prefixes = new Map<string, Promise<WinePrefix>>();

/** The prefix `.cache/wine/<name>`, created on first use (wineboot) and reused afterwards. */
export function ensureWinePrefix(name: string): Promise<WinePrefix> {
  if (!/^[A-Za-z0-9_.-]+$/.test(name)) throw new Error(`invalid Wine prefix name '${name}'`);
  let p = prefixes.get(name);
  if (!p) {
    p = createPrefix(name);
    prefixes.set(name, p);
    p.catch(() => prefixes.delete(name));
  }
  return p;
}

/** The one prefix that is booted; every named prefix starts as a copy of it. */
const TEMPLATE = 'template';

async function createPrefix(name: string): Promise<WinePrefix> {
  mkdirSync(WINE_ROOT, { recursive: true });
  const path = join(WINE_ROOT, name);
  const env = wineEnv(path);
  if (name === TEMPLATE) throw new Error(`'${TEMPLATE}' is the prefix the others are copied from`);
  await madeOnce(path, async () => copyPrefix(await bootedTemplate(), path));
  const driveC = join(path, 'drive_c');
  return {
    path,
    env,
    driveC,
    toLinuxPath: (winPath) => winePath(path, winPath),
    keepAlive: () => keepWineServer(path),
    shutdown: () => stopWineServer(path),
  };
}

/**
 * Runs `make` for the prefix at `path` unless `<path>.ready` says an earlier run (of any process)
 * finished it; a half-made prefix (a crashed run) is removed and made again.
 */
async function madeOnce(path: string, make: () => Promise<void>): Promise<void> {
  const ready = `${path}.ready`;
  await withDirLock(path, 180_000, async () => {
    if (existsSync(ready) && existsSync(join(path, 'system.reg'))) return;
    rmSync(path, { recursive: true, force: true });
    rmSync(ready, { force: true });
    await make();
    if (!existsSync(join(path, 'system.reg')))
      throw new Error(`no Wine prefix was made in ${path}`);
    writeFileSync(ready, new Date().toISOString());
  });
}

let template: Promise<string> | undefined;

/** `.cache/wine/template`, booted once (wineboot) with its registry flushed to disk. */
function bootedTemplate(): Promise<string> {
  template ??= (async () => {
    const path = join(WINE_ROOT, TEMPLATE);
    await madeOnce(path, async () => {
      mkdirSync(path, { recursive: true });
      const env = processEnv(wineEnv(path));
      // stdio is not shared: wineboot starts a wineserver and services that inherit it.
      await runQuiet('wine', ['wineboot', '--init'], env, 120_000);
      // Wait for the registry to be flushed to disk before anyone copies the prefix.
      await runQuiet('wineserver', ['-w'], env, 120_000);
    });
    return path;
  })();
  template.catch(() => (template = undefined));
  return template;
}

/**
 * A copy of the booted prefix `from` at `to`. `C:\windows` (630 of its 690 MB: Wine's DLLs and
 * programs) is hard-linked, everything else (the registry, users, Program Files, the drive
 * links) copied. Hard links are safe there because nothing rewrites those files in place: Wine
 * saves its registry through a new file and a rename, and what tests create or delete in a prefix
 * is its own directory entry. `wineserver` (the name of the server's folder in /tmp) is not
 * copied: each prefix has a server of its own, made on first use.
 */
async function copyPrefix(from: string, to: string): Promise<void> {
  mkdirSync(join(to, 'drive_c'), { recursive: true });
  const copy = (args: string[]) => execFileP('cp', args, { timeout: 120_000 });
  const top = readdirSync(from).filter((e) => e !== 'drive_c' && e !== 'wineserver');
  await copy(['-a', ...top.map((e) => join(from, e)), to]);
  for (const e of readdirSync(join(from, 'drive_c')))
    await copy([e === 'windows' ? '-al' : '-a', join(from, 'drive_c', e), join(to, 'drive_c')]);
}

function runQuiet(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}`));
    });
  });
}

/** A TCP port that is free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface ExampleBuildOptions {
  /**
   * A broken release: the program exits with code 3 right after the service control manager
   * started it (HELLO_FAIL_AT_START=1 set in an `init` added with `go build -overlay`, so the
   * example's own -fail-at-start path runs inside service mode without touching its binPath).
   */
  failAtStart?: boolean;
  /**
   * A release that turns unhealthy when a test says so: once the file UNHEALTHY_MARKER exists on
   * the host, its /healthz answers 503 (the process keeps running), so its health check fails
   * after it passed: a bake's failure at a chosen moment. Built with `go build -overlay`: an
   * added file with the check, and handler.go with one line calling it.
   */
  unhealthyOnMarker?: boolean;
  /** `-X main.slowdownPct=N`. */
  slowdownPct?: number;
}

export const EXAMPLE_BIN = join(CACHE, 'example-bin');

/** The Windows path whose existence makes an `unhealthyOnMarker` release unhealthy. */
export const UNHEALTHY_MARKER = 'C:\\winship-lab\\unhealthy';

/** Go source of the `init`s a test build adds to the example (go build -overlay). */
const OVERLAY_INITS = {
  failAtStart:
    '// Test build: a release that fails right after the SCM started it.\nfunc init() { os.Setenv("HELLO_FAIL_AT_START", "1") }\n',
  unhealthyOnMarker: `// Test build: /healthz fails once the marker file exists.\nfunc testUnhealthy() bool {\n\t_, err := os.Stat(${JSON.stringify(UNHEALTHY_MARKER)})\n\treturn err == nil\n}\n`,
};

const builds = new Map<string, Promise<string>>();

/** Builds examples/hello-service for windows/amd64 once per (version, options); returns the .exe path. */
export function buildExampleExe(version: string, opts: ExampleBuildOptions = {}): Promise<string> {
  if (!/^[0-9A-Za-z][0-9A-Za-z.+_-]*$/.test(version))
    throw new Error(`invalid version '${version}'`);
  const slow = opts.slowdownPct;
  if (slow !== undefined && !Number.isInteger(slow)) throw new Error(`invalid slowdownPct ${slow}`);
  const tag = `${version}${opts.failAtStart ? '-failatstart' : ''}${opts.unhealthyOnMarker ? '-unhealthyonmarker' : ''}${slow !== undefined ? `-slow${slow}` : ''}`;
  let p = builds.get(tag);
  if (!p) {
    p = build(tag, version, opts);
    builds.set(tag, p);
    p.catch(() => builds.delete(tag));
  }
  return p;
}

async function build(tag: string, version: string, opts: ExampleBuildOptions): Promise<string> {
  mkdirSync(EXAMPLE_BIN, { recursive: true });
  mkdirSync(GOCACHE, { recursive: true });
  if (!existsSync(join(EXAMPLE, 'main.go'))) throw new Error(`${EXAMPLE}/main.go is missing`);
  const out = join(EXAMPLE_BIN, `hello-service-${tag}.exe`);
  await withDirLock(out, 300_000, async () => {
    if (existsSync(out) && statSync(out).mtimeMs >= newestSource()) return;
    let ldflags = `-s -w -X main.version=${version}`;
    if (opts.slowdownPct !== undefined) ldflags += ` -X main.slowdownPct=${opts.slowdownPct}`;
    const args = ['build', '-trimpath', '-ldflags', ldflags];
    const inits = (['failAtStart', 'unhealthyOnMarker'] as const).filter((k) => opts[k]);
    if (inits.length) {
      // One overlay per build tag: builds of other test releases may run at the same time.
      const dir = join(EXAMPLE_BIN, 'overlay');
      mkdirSync(dir, { recursive: true });
      const src = join(dir, `zz_${tag}.go`);
      writeFileSync(
        src,
        `package main\n\nimport (\n\t"os"\n\t"time"\n)\n\nvar _ = time.Second\n\n${inits.map((k) => OVERLAY_INITS[k]).join('\n')}`,
      );
      const replace: Record<string, string> = { [join(EXAMPLE, 'zz_testhooks.go')]: src };
      if (opts.unhealthyOnMarker) {
        const entry = 'func handleHealthz(w http.ResponseWriter, r *http.Request) {\n';
        const handler = readFileSync(join(EXAMPLE, 'handler.go'), 'utf8');
        if (!handler.includes(entry)) throw new Error(`handler.go has no '${entry.trim()}'`);
        const patched = join(dir, `handler_${tag}.go`);
        writeFileSync(
          patched,
          handler.replace(
            entry,
            `${entry}\tif testUnhealthy() {\n\t\thttp.Error(w, "unhealthy (test marker)", http.StatusServiceUnavailable)\n\t\treturn\n\t}\n`,
          ),
        );
        replace[join(EXAMPLE, 'handler.go')] = patched;
      }
      const overlay = join(dir, `overlay-${tag}.json`);
      writeFileSync(overlay, JSON.stringify({ Replace: replace }));
      args.push('-overlay', overlay);
    }
    const tmp = `${out}.tmp`;
    args.push('-o', tmp, '.');
    await execFileP('go', args, {
      cwd: EXAMPLE,
      timeout: 300_000,
      env: processEnv({
        GOOS: 'windows',
        GOARCH: 'amd64',
        CGO_ENABLED: '0',
        GOCACHE,
        GOFLAGS: '-mod=mod',
        GOPROXY: 'off',
      }),
    });
    renameSync(tmp, out);
  });
  return out;
}

function newestSource(): number {
  let newest = 0;
  for (const f of [
    'main.go',
    'config.go',
    'handler.go',
    'work.go',
    'service_windows.go',
    'go.mod',
  ]) {
    const p = join(EXAMPLE, f);
    if (existsSync(p)) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * Builds `__tests__/windows/fixtures/printargs` (prints its os.Args as JSON, non-ASCII escaped) for
 * windows/amd64 once per machine run into `.cache/printargs-harness/`, rebuilt when main.go changes.
 */
export function buildPrintArgsExe(): Promise<string> {
  let p = builds.get('printargs');
  if (!p) {
    p = buildPrintArgs();
    builds.set('printargs', p);
    p.catch(() => builds.delete('printargs'));
  }
  return p;
}

async function buildPrintArgs(): Promise<string> {
  const src = join(REPO, '__tests__', 'windows', 'fixtures', 'printargs');
  const dir = join(CACHE, 'printargs-harness');
  mkdirSync(dir, { recursive: true });
  const out = join(dir, 'printargs.exe');
  await withDirLock(out, 300_000, async () => {
    if (existsSync(out) && statSync(out).mtimeMs >= statSync(join(src, 'main.go')).mtimeMs) return;
    await execFileP('go', ['build', '-trimpath', '-o', `${out}.tmp`, '.'], {
      cwd: src,
      timeout: 300_000,
      env: processEnv({
        GOOS: 'windows',
        GOARCH: 'amd64',
        CGO_ENABLED: '0',
        GOCACHE,
        GOFLAGS: '-mod=mod',
        GOPROXY: 'off',
      }),
    });
    renameSync(`${out}.tmp`, out);
  });
  return out;
}
