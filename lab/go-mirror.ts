/**
 * A Go download mirror for the tests and benches: real Go release archives repackaged from Debian's
 * Go 1.19 (top folder `go/`), an index in go.dev's `?mode=json&include=all` format with their real
 * sha256, and an HTTP server on 127.0.0.1 that serves both with setup-go's mirror layout
 * (`<base>/?mode=json&include=all`, `<base>/<filename>`) and can inject faults.
 *
 * Archives are built once per machine under `.cache/go-mirror-v1/` (mkdir lock) and reused:
 * - go1.19.8 linux-amd64: the whole Debian tree (~120 MB .tar.gz), the only full archive;
 * - go1.22.4, go1.22.5, go1.23.1, go1.24rc1 linux-amd64: trimmed archives (VERSION, bin/go,
 *   pkg/tool/) whose `go` is Debian's cmd/go linked with `-X runtime.buildVersion=<version>`, so
 *   `go version` and `go env` answer with that version; enough for everything but compiling;
 * - go1.22.5 windows-amd64: a trimmed .zip with a cross-compiled `go/bin/go.exe`.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import yazl from 'yazl';
import { CACHE, GOCACHE } from './paths.js';

const execFileP = promisify(execFile);

/** Debian's Go, the source of every archive. */
export const DEBIAN_GOROOT = '/usr/lib/go-1.19';
const MIRROR_DIR = join(CACHE, 'go-mirror-v1');

/** One file of a release, as go.dev's index lists it. */
export interface IndexFile {
  filename: string;
  os: string;
  arch: string;
  version: string;
  sha256: string;
  size: number;
  kind: 'archive' | 'installer' | 'source';
}

export interface IndexRelease {
  version: string;
  stable: boolean;
  files: IndexFile[];
}

export interface GoMirror {
  /** Folder holding the archives (by filename) and index.json. */
  dir: string;
  /** The index, newest first, exactly as served. */
  releases: IndexRelease[];
  /** Local path of an archive by its filename. */
  path(filename: string): string;
  file(filename: string): IndexFile;
}

/** The versions the mirror lists, newest first as go.dev does. */
export const MIRROR_VERSIONS = {
  /** A release candidate: listed with stable=false. */
  unstable: 'go1.24rc1',
  /** The newest stable release ("stable"). */
  stable: 'go1.23.1',
  /** The newest patch of the previous minor ("oldstable"). */
  oldstable: 'go1.22.5',
  /** An older patch of the oldstable line. */
  olderPatch: 'go1.22.4',
  /** The real, complete Debian toolchain. */
  full: 'go1.19.8',
} as const;

const TRIMMED = [
  MIRROR_VERSIONS.unstable,
  MIRROR_VERSIONS.stable,
  MIRROR_VERSIONS.oldstable,
  MIRROR_VERSIONS.olderPatch,
];
const WINDOWS_ZIP = MIRROR_VERSIONS.oldstable;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A mkdir lock shared by test processes; a lock left by a crashed run (dead pid) is broken. */
async function withDirLock<T>(target: string, fn: () => Promise<T>): Promise<T> {
  const lock = `${target}.lock`;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      try {
        const pid = Number(readFileSync(join(lock, 'pid'), 'utf8'));
        if (pid > 0 && !isAlive(pid)) rmSync(lock, { recursive: true, force: true });
      } catch {
        // No pid yet (just created) or removed meanwhile: stale only if old.
        try {
          if (Date.now() - statSync(lock).mtimeMs > 120_000)
            rmSync(lock, { recursive: true, force: true });
        } catch {
          /* gone */
        }
      }
      await sleep(250);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

const goEnv = (extra: Record<string, string>) => ({
  ...process.env,
  GOCACHE,
  GOTOOLCHAIN: 'local',
  CGO_ENABLED: '0',
  GOFLAGS: '',
  GOROOT: DEBIAN_GOROOT,
  ...extra,
});

/** Debian's cmd/go, linked so that `runtime.Version()` (and so `go version`) says `version`. */
async function buildGoCommand(version: string, goos: string, out: string): Promise<void> {
  await execFileP(
    join(DEBIAN_GOROOT, 'bin', 'go'),
    [
      'build',
      '-trimpath',
      '-ldflags',
      `-s -w -X runtime.buildVersion=${version}`,
      '-o',
      out,
      'cmd/go',
    ],
    { env: goEnv({ GOOS: goos, GOARCH: 'amd64' }), cwd: CACHE, maxBuffer: 16 << 20 },
  );
}

async function tarGz(stage: string, out: string, dereference: boolean): Promise<void> {
  const args = [
    '--sort=name',
    '--owner=0',
    '--group=0',
    '--numeric-owner',
    '-C',
    stage,
    '-czf',
    out,
  ];
  if (dereference) args.unshift('-h');
  await execFileP('tar', [...args, 'go'], { maxBuffer: 16 << 20 });
}

async function zipTree(
  files: { path: string; name: string; mode?: number }[],
  dirs: string[],
  out: string,
) {
  const zip = new yazl.ZipFile();
  for (const d of dirs) zip.addEmptyDirectory(d);
  for (const f of files) zip.addFile(f.path, f.name, f.mode ? { mode: f.mode } : {});
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(out));
}

async function describeArchive(
  dir: string,
  filename: string,
  version: string,
  os: string,
): Promise<IndexFile> {
  const path = join(dir, filename);
  return {
    filename,
    os,
    arch: 'amd64',
    version,
    sha256: await sha256File(path),
    size: statSync(path).size,
    kind: 'archive',
  };
}

async function buildMirror(out: string): Promise<void> {
  const work = `${out}.tmp-${process.pid}`;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const files = new Map<string, IndexFile[]>();
  const add = (version: string, f: IndexFile) =>
    files.set(version, [...(files.get(version) ?? []), f]);

  // The complete toolchain: Debian's tree with its symlinks (src, api, misc, test) dereferenced.
  const fullStage = join(work, 'stage-full');
  mkdirSync(fullStage);
  symlinkSync(DEBIAN_GOROOT, join(fullStage, 'go'));
  const fullName = `${MIRROR_VERSIONS.full}.linux-amd64.tar.gz`;
  const fullTar = tarGz(fullStage, join(work, fullName), true);

  for (const version of TRIMMED) {
    const stage = join(work, `stage-${version}`);
    mkdirSync(join(stage, 'go', 'bin'), { recursive: true });
    mkdirSync(join(stage, 'go', 'pkg', 'tool', 'linux_amd64'), { recursive: true });
    writeFileSync(join(stage, 'go', 'VERSION'), `${version}\n`);
    await buildGoCommand(version, 'linux', join(stage, 'go', 'bin', 'go'));
    const name = `${version}.linux-amd64.tar.gz`;
    await tarGz(stage, join(work, name), false);
    add(version, await describeArchive(work, name, version, 'linux'));
  }

  const winExe = join(work, 'go.exe');
  await buildGoCommand(WINDOWS_ZIP, 'windows', winExe);
  const versionFile = join(work, 'VERSION-windows');
  writeFileSync(versionFile, `${WINDOWS_ZIP}\r\n`);
  const zipName = `${WINDOWS_ZIP}.windows-amd64.zip`;
  await zipTree(
    [
      { path: versionFile, name: 'go/VERSION' },
      { path: winExe, name: 'go/bin/go.exe', mode: 0o100755 },
    ],
    ['go/', 'go/bin/', 'go/pkg/', 'go/pkg/tool/', 'go/pkg/tool/windows_amd64/'],
    join(work, zipName),
  );
  add(WINDOWS_ZIP, await describeArchive(work, zipName, WINDOWS_ZIP, 'windows'));

  await fullTar;
  add(MIRROR_VERSIONS.full, await describeArchive(work, fullName, MIRROR_VERSIONS.full, 'linux'));

  const releases: IndexRelease[] = [...TRIMMED, MIRROR_VERSIONS.full].map((version) => ({
    version,
    stable: version !== MIRROR_VERSIONS.unstable,
    files: files.get(version) ?? [],
  }));
  writeFileSync(join(work, 'index.json'), JSON.stringify(releases, null, 1));
  for (const d of ['stage-full', ...TRIMMED.map((v) => `stage-${v}`)])
    rmSync(join(work, d), { recursive: true });
  rmSync(winExe);
  rmSync(versionFile);
  rmSync(out, { recursive: true, force: true });
  renameSync(work, out);
}

let cached: Promise<GoMirror> | undefined;

/** The mirror's files, built on first use (about a minute on a fresh machine) and then reused. */
export function goMirror(): Promise<GoMirror> {
  cached ??= (async () => {
    const indexPath = join(MIRROR_DIR, 'index.json');
    if (!existsSync(indexPath)) {
      mkdirSync(CACHE, { recursive: true });
      await withDirLock(MIRROR_DIR, async () => {
        if (!existsSync(indexPath)) await buildMirror(MIRROR_DIR);
      });
    }
    const releases = JSON.parse(readFileSync(indexPath, 'utf8')) as IndexRelease[];
    const byName = new Map(releases.flatMap((r) => r.files.map((f) => [f.filename, f] as const)));
    return {
      dir: MIRROR_DIR,
      releases,
      path: (filename) => join(MIRROR_DIR, filename),
      file: (filename) => {
        const f = byName.get(filename);
        if (!f) throw new Error(`the test mirror has no ${filename}`);
        return f;
      },
    };
  })();
  return cached;
}

/** One injected failure for a request path, used up in order: a status code, or a cut connection. */
export type Fault = number | 'reset-before-body' | 'reset-mid-body';

export interface ServeOptions {
  /** URL path prefix of the base, e.g. '/golang' (default '/dl'): base = http://127.0.0.1:port/dl */
  prefix?: string;
  /** Replaces the index body (a malformed index, a different listing). */
  index?: string;
  /** Faults per archive filename (or 'index'), consumed one per request. */
  faults?: Record<string, Fault[]>;
  /** Filenames served with one byte changed (a tampered or corrupted archive). */
  tamper?: string[];
}

export interface MirrorServer {
  /** The base URL to give setup-go (`go-download-base-url`). */
  url: string;
  /** Every request as `METHOD path?query`, in order. */
  requests: string[];
  close(): Promise<void>;
}

/** Serves the mirror on 127.0.0.1 with setup-go's layout; stop it with close(). */
export async function serveGoMirror(
  mirror: GoMirror,
  opts: ServeOptions = {},
): Promise<MirrorServer> {
  const prefix = opts.prefix ?? '/dl';
  const requests: string[] = [];
  const faults = new Map(Object.entries(opts.faults ?? {}).map(([k, v]) => [k, [...v]]));
  const tamper = new Set(opts.tamper ?? []);
  const indexBody = opts.index ?? JSON.stringify(mirror.releases);

  const takeFault = (key: string): Fault | undefined => faults.get(key)?.shift();

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    requests.push(`${req.method} ${req.url}`);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (!url.pathname.startsWith(`${prefix}/`)) return void res.writeHead(404).end('not found\n');
    const name = url.pathname.slice(prefix.length + 1);
    const isIndex = name === '' && url.searchParams.get('mode') === 'json';
    const key = isIndex ? 'index' : name;
    const fault = takeFault(key);
    if (typeof fault === 'number') return void res.writeHead(fault).end(`injected ${fault}\n`);
    if (fault === 'reset-before-body') return void req.socket.destroy();

    let body: Buffer | undefined;
    let path: string | undefined;
    if (isIndex) {
      body = Buffer.from(indexBody);
      res.setHeader('content-type', 'application/json');
    } else if (
      /^[A-Za-z0-9._-]+$/.test(name) &&
      existsSync(mirror.path(name)) &&
      name !== 'index.json'
    ) {
      path = mirror.path(name);
      res.setHeader('content-type', 'application/octet-stream');
    } else {
      return void res.writeHead(404).end('not found\n');
    }
    const size = body ? body.length : statSync(path!).size;
    res.setHeader('content-length', size);
    res.writeHead(200);
    if (body) return void res.end(body);

    const stream = createReadStream(path!);
    let sent = 0;
    stream.on('data', (chunk: Buffer | string) => {
      let buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      if (tamper.has(name) && sent <= size >> 1 && sent + buf.length > size >> 1) {
        buf = Buffer.from(buf);
        const at = (size >> 1) - sent;
        buf[at] = buf[at]! ^ 0xff;
      }
      sent += buf.length;
      if (fault === 'reset-mid-body' && sent > size >> 1) {
        stream.destroy();
        req.socket.destroy();
        return;
      }
      if (!res.write(buf)) {
        stream.pause();
        res.once('drain', () => stream.resume());
      }
    });
    stream.on('end', () => res.end());
    stream.on('error', () => req.socket.destroy());
  };

  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
