/**
 * A service under test: started from its binary on a free 127.0.0.1 port, ready once it answers
 * HTTP, stopped with SIGTERM (SIGKILL after a grace period).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import { UserError } from '../../runner/errors.js';
import { tail } from '../../runner/process.js';
import { sleep } from '../../runner/time.js';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() =>
        typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port')),
      );
    });
  });
}

/** `{addr}` becomes 127.0.0.1:PORT and `{port}` the port, in every argument. */
export function serverArgs(template: readonly string[], port: number): string[] {
  return template.map((a) =>
    a.replaceAll('{addr}', `127.0.0.1:${port}`).replaceAll('{port}', String(port)),
  );
}

export interface RunningServer {
  port: number;
  url: string;
  stop(): Promise<void>;
}

function probe(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: 1000 }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}

export async function startServer(opts: {
  binary: string;
  args: readonly string[];
  cwd: string;
  path: string;
  readyTimeoutMs: number;
  env?: NodeJS.ProcessEnv;
  label: string;
}): Promise<RunningServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(opts.binary, serverArgs(opts.args, port), {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  child.stderr!.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  let exited: number | null | undefined;
  child.on('exit', (code) => (exited = code));
  const url = `http://127.0.0.1:${port}${opts.path}`;

  const stop = async () => {
    if (exited !== undefined) return;
    const gone = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await gone;
    clearTimeout(timer);
  };

  const deadline = performance.now() + opts.readyTimeoutMs;
  while (performance.now() < deadline) {
    if (exited !== undefined)
      throw new UserError(
        `the ${opts.label} server exited (code ${exited}) before answering ${url}: ${tail(output, 5)}`,
      );
    if (await probe(url)) return { port, url, stop };
    await sleep(50);
  }
  await stop();
  throw new UserError(
    `the ${opts.label} server did not answer ${url} within ${opts.readyTimeoutMs} ms: check http-args (use {addr}) and http-path; its output: ${tail(output, 5)}`,
  );
}
