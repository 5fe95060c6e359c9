/**
 * A wrapper around a real executor that records every call (and can hold one back), so tests can
 * assert "nothing ran" or "only reads ran" while the commands themselves still run for real.
 */
import type { Duplex } from 'node:stream';
import type { ExecResult, Executor, RunOptions } from '../../src/hosts/executor.js';

export type Call =
  | { op: 'run'; argv: string[] }
  | { op: 'upload'; local: string; path: string }
  | { op: 'readFile'; path: string }
  | { op: 'sha256File'; path: string }
  | { op: 'writeFile'; path: string }
  | { op: 'openTcp'; host: string; port: number };

export class RecordingExecutor implements Executor {
  readonly calls: Call[] = [];
  /** Called before each call; a returned promise holds the call back until it settles. */
  gate?: (call: Call) => Promise<void> | undefined;

  constructor(private readonly inner: Executor) {}

  get label(): string {
    return `recording:${this.inner.label}`;
  }

  /** What the host can do is the inner executor's (Wine: no certutil). */
  get capabilities(): Executor['capabilities'] {
    return this.inner.capabilities;
  }

  private async record(call: Call): Promise<void> {
    this.calls.push(call);
    await this.gate?.(call);
  }

  /** One line a call: `sc.exe query x` for commands (first `words` words), `writeFile C:\x` else. */
  static describe(c: Call, words = Infinity): string {
    if (c.op === 'run') return c.argv.slice(0, words).join(' ');
    if (c.op === 'openTcp') return `openTcp ${c.host}:${c.port}`;
    return `${c.op} ${c.path}`;
  }

  /** Commands that ran, as `sc.exe query x` strings. */
  commands(): string[] {
    return this.calls.flatMap((c) => (c.op === 'run' ? [c.argv.join(' ')] : []));
  }

  /** Calls that change the host: anything but sc query/queryex, reg query, reads and TCP. */
  changes(): Call[] {
    return this.calls.filter((c) => {
      if (c.op === 'readFile' || c.op === 'sha256File' || c.op === 'openTcp') return false;
      if (c.op !== 'run') return true;
      const [prog = '', sub = ''] = c.argv.map((a) => a.toLowerCase());
      if (prog === 'sc.exe' && ['query', 'queryex', 'qc', 'qfailure'].includes(sub)) return false;
      if (prog === 'reg.exe' && sub === 'query') return false;
      if (prog === 'certutil.exe') return false;
      return true;
    });
  }

  async run(argv: readonly string[], opts?: RunOptions): Promise<ExecResult> {
    await this.record({ op: 'run', argv: [...argv] });
    return this.inner.run(argv, opts);
  }
  async upload(local: string, path: string): Promise<void> {
    await this.record({ op: 'upload', local, path });
    return this.inner.upload(local, path);
  }
  async readFile(path: string): Promise<Buffer | undefined> {
    await this.record({ op: 'readFile', path });
    return this.inner.readFile(path);
  }
  async sha256File(path: string): Promise<string | undefined> {
    await this.record({ op: 'sha256File', path });
    return this.inner.sha256File(path);
  }
  async writeFile(path: string, data: string | Buffer): Promise<void> {
    await this.record({ op: 'writeFile', path });
    return this.inner.writeFile(path, data);
  }
  async openTcp(host: string, port: number): Promise<Duplex> {
    await this.record({ op: 'openTcp', host, port });
    return this.inner.openTcp(host, port);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}
