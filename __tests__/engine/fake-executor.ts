/**
 * A scripted fake Windows host for fast engine tests: an Executor that records every call, keeps
 * an in-memory file system, and answers the commands the engine runs (cmd.exe's mkdir, rmdir,
 * copy, move and del; sc.exe create, config, description, start, stop, query and queryex;
 * reg.exe query of a service key; certutil -hashfile; taskkill) the way Windows prints them, so
 * the real parsers read the answers. Scripts (`on`) answer a matching argv first, for failures.
 *
 * A fake binary is a text file that says how it behaves when the SCM starts it:
 *   `fake-exe version=2.0.0 start=run healthy-after=0 stop=ok`
 *   start=run | exit:<code> | pending:<queries>   stop=ok | hang (until taskkill)
 *   healthy-after=<n>: the first n health connections are refused
 * The health check's HTTP request is answered by a local server with {"version": …} of the
 * running binary, through `openTcp`, as a real host's loopback would.
 *
 * The host (`FakeWindows`) outlives an executor: `kill()` makes one executor's pending and later
 * calls never settle, as when the runner kills the process; a fresh executor on the same host is
 * the next deploy.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { ExecResult, Executor, RunOptions } from '../../src/hosts/executor.js';
import { answerAcl } from './fake-acls.js';
import type { Call } from './recording.js';

export type { Call } from './recording.js';

const key = (p: string) => p.toLowerCase();
const dirOf = (p: string) => p.slice(0, Math.max(p.lastIndexOf('\\'), 0));

export interface FakeBinary {
  version: string;
  start: 'run' | { exit: number } | { pending: number };
  healthyAfter: number;
  stop: 'ok' | 'hang';
}

export function fakeExe(version: string, opts: Partial<Omit<FakeBinary, 'version'>> = {}): string {
  const start =
    opts.start === undefined || opts.start === 'run'
      ? 'run'
      : 'exit' in opts.start
        ? `exit:${opts.start.exit}`
        : `pending:${opts.start.pending}`;
  return `fake-exe version=${version} start=${start} healthy-after=${opts.healthyAfter ?? 0} stop=${opts.stop ?? 'ok'}\n`;
}

function parseExe(data: Buffer | undefined): FakeBinary | undefined {
  const text = data?.toString('utf8') ?? '';
  if (!text.startsWith('fake-exe ')) return undefined;
  const f = Object.fromEntries(
    text
      .trim()
      .split(' ')
      .slice(1)
      .map((kv) => kv.split('=') as [string, string]),
  );
  const s = f.start ?? 'run';
  return {
    version: f.version ?? '?',
    start: s.startsWith('exit:')
      ? { exit: Number(s.slice(5)) }
      : s.startsWith('pending:')
        ? { pending: Number(s.slice(8)) }
        : 'run',
    healthyAfter: Number(f['healthy-after'] ?? 0),
    stop: f.stop === 'hang' ? 'hang' : 'ok',
  };
}

export interface FakeService {
  name: string;
  values: Record<string, { type: string; data: string }>;
  state: number;
  win32ExitCode: number;
  serviceExitCode: number;
  pid: number;
  /** The binary the running process was started from. */
  running?: FakeBinary;
  pendingQueries: number;
  refusedProbes: number;
  /** Set by `sc stop` on a binary that hangs: STOP_PENDING until taskkill. */
  stopHangs: boolean;
}

/** The state of one fake Windows host: files and services. */
export class FakeWindows {
  readonly files = new Map<string, { path: string; data: Buffer }>();
  readonly dirs = new Set<string>();
  readonly services = new Map<string, FakeService>();
  /** Lines a failing release writes to its log (ServiceSpec.logFile). */
  logFile?: string;
  private nextPid = 4000;
  private server?: Server;
  /** The version the health endpoint answers with: the release that accepted the connection. */
  private answering = '';

  read(path: string): Buffer | undefined {
    return this.files.get(key(path))?.data;
  }
  text(path: string): string | undefined {
    return this.read(path)?.toString('utf8');
  }
  write(path: string, data: string | Buffer): void {
    this.mkdirs(dirOf(path));
    this.files.set(key(path), { path, data: Buffer.from(data) });
  }
  exists(path: string): boolean {
    return this.files.has(key(path)) || this.isDir(path);
  }
  isDir(path: string): boolean {
    const k = key(path);
    return this.dirs.has(k) || [...this.files.keys()].some((f) => f.startsWith(`${k}\\`));
  }
  mkdirs(dir: string): void {
    const parts = dir.split('\\');
    for (let i = 1; i <= parts.length; i++) this.dirs.add(key(parts.slice(0, i).join('\\')));
  }
  /** Every file path under `dir`, for assertions. */
  list(dir: string): string[] {
    const k = `${key(dir)}\\`;
    return [...this.files.values()].filter((f) => key(f.path).startsWith(k)).map((f) => f.path);
  }
  service(name: string): FakeService | undefined {
    return this.services.get(key(name));
  }
  /** The version the service runs, or undefined when it is not RUNNING. */
  runningVersion(name: string): string | undefined {
    const s = this.service(name);
    return s && s.state === 4 ? s.running?.version : undefined;
  }

  // -------------------------------------------------------------------------------------------
  // The SCM

  exePath(s: FakeService): string {
    const image = s.values.ImagePath?.data ?? '';
    return /^"([^"]+)"/.exec(image)?.[1] ?? image.split(' ')[0] ?? '';
  }

  start(s: FakeService): ExecResult {
    if (s.state !== 1)
      return scFail('StartService', 1056, 'An instance of the service is already running.');
    if (s.values.Start?.data === '0x4')
      return scFail(
        'StartService',
        1058,
        'The service cannot be started, either because it is disabled or because it has no enabled devices associated with it.',
      );
    const bin = parseExe(this.read(this.exePath(s)));
    if (!bin) return scFail('StartService', 193, 'The service binary is not a valid application.');
    s.pid = this.nextPid++;
    s.running = bin;
    s.win32ExitCode = 0;
    s.serviceExitCode = 0;
    s.refusedProbes = 0;
    s.stopHangs = false;
    if (typeof bin.start === 'object' && 'exit' in bin.start) {
      // Reaches START_PENDING, then the process exits: STOPPED with its own exit code.
      const out = statusBlock(s, 2, true);
      s.state = 1;
      s.win32ExitCode = 1066;
      s.serviceExitCode = bin.start.exit;
      if (this.logFile)
        this.write(
          this.logFile,
          `${this.text(this.logFile) ?? ''}starting ${bin.version}\r\nfatal: cannot start (exit ${bin.start.exit})\r\n`,
        );
      return { exitCode: 0, stdout: out, stderr: '' };
    }
    s.pendingQueries = typeof bin.start === 'object' ? bin.start.pending : 0;
    s.state = s.pendingQueries > 0 ? 2 : 4;
    return { exitCode: 0, stdout: statusBlock(s, 2, true), stderr: '' };
  }

  query(s: FakeService, ex: boolean): string {
    if (s.state === 2 && s.pendingQueries-- <= 0) s.state = 4;
    return statusBlock(s, s.state, ex);
  }

  stop(s: FakeService): ExecResult {
    if (s.state === 1) return scFail('ControlService', 1062, 'The service has not been started.');
    if (s.running?.stop === 'hang') {
      s.state = 3;
      s.stopHangs = true;
      return { exitCode: 0, stdout: statusBlock(s, 3, false), stderr: '' };
    }
    s.state = 1;
    s.win32ExitCode = 0;
    s.serviceExitCode = 0;
    delete s.running;
    return { exitCode: 0, stdout: statusBlock(s, 3, false), stderr: '' };
  }

  /** A health request from the host's loopback: refused until the release is up and healthy. */
  async connect(): Promise<Duplex> {
    const s = [...this.services.values()].find((x) => x.state === 4 && x.running);
    if (!s?.running) throw new Error('connect ECONNREFUSED 127.0.0.1');
    if (s.refusedProbes < s.running.healthyAfter) {
      s.refusedProbes++;
      throw new Error('connect ECONNREFUSED 127.0.0.1');
    }
    this.answering = s.running.version;
    this.server ??= await new Promise<Server>((resolve) => {
      const srv = createServer((_, res) => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ version: this.answering }));
      });
      srv.listen(0, '127.0.0.1', () => resolve(srv));
    });
    const port = (this.server.address() as AddressInfo).port;
    return await new Promise<Duplex>((resolve, reject) => {
      const sock = connect(port, '127.0.0.1', () => resolve(sock));
      sock.on('error', reject);
    });
  }

  async close(): Promise<void> {
    const srv = this.server;
    delete this.server;
    if (srv) await new Promise((r) => srv.close(r));
  }
}

function statusBlock(s: FakeService, state: number, ex: boolean): string {
  const names: Record<number, string> = {
    1: 'STOPPED',
    2: 'START_PENDING',
    3: 'STOP_PENDING',
    4: 'RUNNING',
  };
  const lines = [
    `SERVICE_NAME: ${s.name}`,
    `        TYPE               : 10  WIN32_OWN_PROCESS`,
    `        STATE              : ${state}  ${names[state] ?? ''}`,
    `                                (STOPPABLE, NOT_PAUSABLE, ACCEPTS_SHUTDOWN)`,
    `        WIN32_EXIT_CODE    : ${s.win32ExitCode}  (0x${s.win32ExitCode.toString(16)})`,
    `        SERVICE_EXIT_CODE  : ${s.serviceExitCode}  (0x${s.serviceExitCode.toString(16)})`,
    `        CHECKPOINT         : 0x0`,
    `        WAIT_HINT          : 0x0`,
  ];
  if (ex)
    lines.push(
      `        PID                : ${state === 1 ? 0 : s.pid}`,
      `        FLAGS              :`,
    );
  return `\r\n${lines.join('\r\n')}\r\n`;
}

function scFail(op: string, code: number, text: string): ExecResult {
  return { exitCode: code, stdout: `[SC] ${op} FAILED ${code}:\r\n\r\n${text}\r\n`, stderr: '' };
}

const ok = (stdout = ''): ExecResult => ({ exitCode: 0, stdout, stderr: '' });
const fail = (stderr: string, exitCode = 1): ExecResult => ({ exitCode, stdout: '', stderr });

const START_VALUES: Record<string, string> = {
  auto: '0x2',
  'delayed-auto': '0x2',
  demand: '0x3',
  disabled: '0x4',
};

function scFields(s: FakeService, args: string[]): void {
  for (let i = 0; i + 1 < args.length; i += 2) {
    const [k = '', v = ''] = [args[i]?.toLowerCase(), args[i + 1]];
    if (k === 'binpath=') s.values.ImagePath = { type: 'REG_EXPAND_SZ', data: v };
    else if (k === 'start=') {
      s.values.Start = { type: 'REG_DWORD', data: START_VALUES[v] ?? '0x3' };
      if (v === 'delayed-auto') s.values.DelayedAutostart = { type: 'REG_DWORD', data: '0x1' };
      else delete s.values.DelayedAutostart;
    } else if (k === 'displayname=') s.values.DisplayName = { type: 'REG_SZ', data: v };
    else if (k === 'obj=') s.values.ObjectName = { type: 'REG_SZ', data: v };
    else if (k === 'depend=')
      s.values.DependOnService = {
        type: 'REG_MULTI_SZ',
        data: v === '/' ? '' : v.split('/').join('\\0'),
      };
  }
}

type Script = {
  match: (argv: string[]) => boolean;
  answer: (argv: string[]) => ExecResult | Promise<ExecResult>;
  times: number;
};

/** One connection to a FakeWindows host, as one deploy process holds it. */
export class FakeExecutor implements Executor {
  readonly label: string;
  /** Like Windows: certutil -hashfile prints the digest (answered below). */
  readonly capabilities = { hashFile: true, acls: true };
  readonly calls: Call[] = [];
  /** Runs before each call; throw to fail it, or return a promise to hold it. */
  before?: (call: Call) => Promise<void> | void;
  private scripts: Script[] = [];
  private killed = false;

  constructor(
    readonly host: FakeWindows = new FakeWindows(),
    label = 'fake',
  ) {
    this.label = label;
  }

  /**
   * Answers the next `times` commands whose argv (joined by blanks) matches `pattern` with
   * `answer` instead of the host's own.
   */
  on(
    pattern: string | RegExp,
    answer: ExecResult | ((argv: string[]) => ExecResult | Promise<ExecResult>),
    times = Infinity,
  ): this {
    const test = (argv: string[]) => {
      const line = argv.join(' ');
      return typeof pattern === 'string' ? line.includes(pattern) : pattern.test(line);
    };
    this.scripts.push({
      match: test,
      answer: typeof answer === 'function' ? answer : () => answer,
      times,
    });
    return this;
  }

  /** From now on no call of this executor settles: the process that held it was killed. */
  kill(): void {
    this.killed = true;
  }

  /** Commands that ran, as `sc.exe query x` strings. */
  commands(): string[] {
    return this.calls.flatMap((c) => (c.op === 'run' ? [c.argv.join(' ')] : []));
  }

  /** Calls that change the host (anything but queries, reads and TCP). */
  changes(): Call[] {
    return this.calls.filter((c) => {
      if (c.op === 'readFile' || c.op === 'sha256File' || c.op === 'openTcp') return false;
      if (c.op !== 'run') return true;
      const [prog = '', sub = ''] = c.argv.map((a) => a.toLowerCase());
      if (prog === 'sc.exe' && ['query', 'queryex'].includes(sub)) return false;
      if (prog === 'reg.exe' && sub === 'query') return false;
      if (prog === 'powershell.exe') return false; // only Get-Acl reads (fake-acls.ts)
      return prog !== 'certutil.exe';
    });
  }

  /** Calls attempted after `kill` (they never settle). */
  killedCalls = 0;

  private async enter(call: Call): Promise<void> {
    if (!this.killed) {
      this.calls.push(call);
      await this.before?.(call);
    }
    if (this.killed) {
      this.killedCalls++;
      await new Promise(() => undefined);
    }
  }

  async run(argv: readonly string[], _opts?: RunOptions): Promise<ExecResult> {
    const a = [...argv];
    await this.enter({ op: 'run', argv: a });
    const script = this.scripts.find((s) => s.times > 0 && s.match(a));
    if (script) {
      script.times--;
      return await script.answer(a);
    }
    return this.execute(a);
  }

  private execute(argv: string[]): ExecResult {
    const h = this.host;
    const [prog = '', ...rest] = argv;
    const p = prog.toLowerCase();
    if (p === 'cmd.exe' && rest[0]?.toLowerCase() === '/c') return this.builtin(rest.slice(1));
    const acl = answerAcl(h, argv);
    if (acl) return acl;
    if (p === 'certutil.exe') {
      const data = h.read(rest[1] ?? '');
      if (!data)
        return fail(
          'CertUtil: -hashfile command FAILED: 0x80070002 (WIN32: 2 ERROR_FILE_NOT_FOUND)',
          -2147024894,
        );
      const hex = createHash('sha256').update(data).digest('hex');
      return ok(
        `SHA256 hash of ${rest[1]}:\r\n${hex}\r\nCertUtil: -hashfile command completed successfully.\r\n`,
      );
    }
    if (p === 'reg.exe' && rest[0]?.toLowerCase() === 'query') {
      const m = /\\Services\\([^\\]+)$/i.exec(rest[1] ?? '');
      const s = m ? h.service(m[1] ?? '') : undefined;
      if (!s)
        return fail('ERROR: The system was unable to find the specified registry key or value.');
      const vals = Object.entries(s.values).map(([n, v]) => `    ${n}    ${v.type}    ${v.data}`);
      return ok(
        `\r\nHKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\${s.name}\r\n${vals.join('\r\n')}\r\n\r\n`,
      );
    }
    if (p === 'reg.exe' && rest[0]?.toLowerCase() === 'add') {
      const m = /\\Services\\([^\\]+)$/i.exec(rest[1] ?? '');
      const s = m ? h.service(m[1] ?? '') : undefined;
      if (!s) return fail('ERROR: Access is denied.');
      const name = rest[rest.indexOf('/v') + 1] ?? '';
      const type = rest[rest.indexOf('/t') + 1] ?? 'REG_SZ';
      const d = rest.indexOf('/d');
      s.values[name] = { type, data: d >= 0 ? (rest[d + 1] ?? '') : '' };
      return ok('The operation completed successfully.\r\n');
    }
    if (p === 'taskkill.exe') {
      const pid = Number(rest[rest.indexOf('/PID') + 1]);
      const s = [...h.services.values()].find((x) => x.pid === pid && x.state !== 1);
      if (!s) return fail(`ERROR: The process "${pid}" not found.`, 128);
      s.state = 1;
      s.stopHangs = false;
      delete s.running;
      return ok(`SUCCESS: The process with PID ${pid} has been terminated.\r\n`);
    }
    if (p === 'sc.exe') {
      const [sub = '', name = '', ...args] = rest;
      const op = sub.toLowerCase();
      let s = h.service(name);
      if (op === 'create') {
        if (s) return scFail('CreateService', 1073, 'The specified service already exists.');
        s = {
          name,
          values: {
            Type: { type: 'REG_DWORD', data: '0x10' },
            ObjectName: { type: 'REG_SZ', data: 'LocalSystem' },
          },
          state: 1,
          win32ExitCode: 1077,
          serviceExitCode: 0,
          pid: 0,
          pendingQueries: 0,
          refusedProbes: 0,
          stopHangs: false,
        };
        scFields(s, args);
        h.services.set(key(name), s);
        return ok('[SC] CreateService SUCCESS\r\n');
      }
      if (!s)
        return scFail(
          'OpenService',
          1060,
          'The specified service does not exist as an installed service.',
        );
      switch (op) {
        case 'config':
          scFields(s, args);
          return ok('[SC] ChangeServiceConfig SUCCESS\r\n');
        case 'description':
          s.values.Description = { type: 'REG_SZ', data: args[0] ?? '' };
          return ok('[SC] ChangeServiceConfig2 SUCCESS\r\n');
        case 'failure':
        case 'failureflag':
          return ok('[SC] ChangeServiceConfig2 SUCCESS\r\n');
        case 'query':
          return ok(h.query(s, false));
        case 'queryex':
          return ok(h.query(s, true));
        case 'start':
          return h.start(s);
        case 'stop':
          return h.stop(s);
        case 'delete':
          h.services.delete(key(name));
          return ok('[SC] DeleteService SUCCESS\r\n');
      }
    }
    return fail(`'${prog}' is not recognized as an internal or external command`, 9009);
  }

  private builtin(args: string[]): ExecResult {
    const h = this.host;
    const [cmd = '', ...rest] = args;
    const paths = rest.filter((a) => !a.startsWith('/'));
    switch (cmd.toLowerCase()) {
      case 'mkdir': {
        const dir = paths[0] ?? '';
        if (h.exists(dir)) return fail(`A subdirectory or file ${dir} already exists.`);
        h.mkdirs(dir);
        return ok();
      }
      case 'rmdir': {
        const dir = paths[0] ?? '';
        if (!h.isDir(dir)) return fail('The system cannot find the file specified.', 2);
        const k = key(dir);
        for (const f of [...h.files.keys()]) if (f.startsWith(`${k}\\`)) h.files.delete(f);
        for (const d of [...h.dirs]) if (d === k || d.startsWith(`${k}\\`)) h.dirs.delete(d);
        return ok();
      }
      case 'copy': {
        const [from = '', to = ''] = paths;
        const data = h.read(from);
        if (!data) return fail('The system cannot find the file specified.');
        if (!h.isDir(dirOf(to))) return fail('The system cannot find the path specified.');
        if (this.inUse(to))
          return fail(
            'The process cannot access the file because it is being used by another process.',
          );
        h.write(to, data);
        return ok('        1 file(s) copied.\r\n');
      }
      case 'move': {
        const [from = '', to = ''] = paths;
        const f = h.files.get(key(from));
        if (!f) return fail('The system cannot find the file specified.');
        if (this.inUse(to)) return fail('Access is denied.');
        h.files.delete(key(from));
        h.write(to, f.data);
        return ok('        1 file(s) moved.\r\n');
      }
      case 'del': {
        const pattern = paths[0] ?? '';
        const re = new RegExp(
          `^${key(pattern)
            .replace(/[.+^${}()|[\]\\]/g, '\\$&')
            .replace(/\*/g, '[^\\\\]*')}$`,
        );
        for (const f of [...h.files.keys()]) if (re.test(f)) h.files.delete(f);
        return ok();
      }
    }
    return fail(`'${cmd}' is not recognized as an internal or external command`, 9009);
  }

  /** A running service's binary cannot be overwritten (it can be renamed). */
  private inUse(path: string): boolean {
    return [...this.host.services.values()].some(
      (s) =>
        s.state !== 1 &&
        key(this.host.exePath(s)) === key(path) &&
        this.host.read(path) !== undefined,
    );
  }

  async upload(localPath: string, windowsPath: string): Promise<void> {
    await this.enter({ op: 'upload', local: localPath, path: windowsPath });
    const { readFile } = await import('node:fs/promises');
    this.host.write(windowsPath, await readFile(localPath));
  }
  async readFile(windowsPath: string): Promise<Buffer | undefined> {
    await this.enter({ op: 'readFile', path: windowsPath });
    return this.host.read(windowsPath);
  }
  async sha256File(windowsPath: string): Promise<string | undefined> {
    await this.enter({ op: 'sha256File', path: windowsPath });
    const data = this.host.read(windowsPath);
    return data && createHash('sha256').update(data).digest('hex');
  }
  async writeFile(windowsPath: string, data: string | Buffer): Promise<void> {
    await this.enter({ op: 'writeFile', path: windowsPath });
    this.host.write(windowsPath, data);
  }
  async openTcp(host: string, port: number): Promise<Duplex> {
    await this.enter({ op: 'openTcp', host, port });
    return this.host.connect();
  }
  async close(): Promise<void> {
    // The host's health server is closed by its owner (FakeWindows.close).
  }
}
