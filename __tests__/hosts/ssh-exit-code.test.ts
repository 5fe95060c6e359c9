/**
 * A command that ends at once must still report its exit code. ssh2 parses every SSH message of
 * one TCP read in one go: the exec request's success, the output, `exit-status` and the close of
 * a fast command can all arrive together, so the channel emits `exit` before any code awaiting the
 * channel runs. Found on 10 replay hosts in parallel (lab/replay-hosts.ts): about one command in
 * a hundred came back as "connection lost during a command (its outcome is unknown)".
 *
 * The server here is ssh2's own Server (the library the client is built on) on 127.0.0.1, which
 * answers each exec with output, exit status and close written into one corked socket write: the
 * arrival a fast Windows host produces on a fast link, every time instead of now and then.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo, Socket } from 'node:net';
import { createRequire } from 'node:module';
import { labTemp } from '../../lab/paths.js';
import { makeClientKey, type ClientKey } from '../../lab/sshd.js';
import { SshConnection } from '../../src/hosts/ssh-connection.js';
import { parseKnownHosts } from '../../src/hosts/host-keys.js';

interface ExecInfo {
  command: string;
}
interface ServerChannel {
  write(d: string): void;
  stderr: { write(d: string): void };
  exit(code: number): void;
  end(): void;
}
interface ServerClient {
  on(event: 'authentication', fn: (ctx: { accept(): void }) => void): ServerClient;
  on(event: 'ready', fn: () => void): ServerClient;
  on(event: 'session', fn: (accept: () => ServerSession) => void): ServerClient;
  on(event: 'error', fn: () => void): ServerClient;
  _sock?: Socket;
}
interface ServerSession {
  on(
    event: 'exec',
    fn: (accept: () => ServerChannel, reject: () => void, info: ExecInfo) => void,
  ): void;
}

let dir: string;
let key: ClientKey;
let server: {
  listen(port: number, host: string, cb: () => void): void;
  address(): AddressInfo;
  close(): void;
};
let port = 0;
let knownHosts = '';

beforeAll(async () => {
  dir = labTemp('winship-exit-code-');
  key = makeClientKey(dir, 'client');
  const hostKey = join(dir, 'host');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', hostKey]);
  // ssh2 ships no types: the client side is typed in src/hosts/ssh-connection.ts, the server here.
  const { Server } = createRequire(import.meta.url)('ssh2') as {
    Server: new (o: object, fn: (c: ServerClient) => void) => typeof server;
  };
  server = new Server({ hostKeys: [readFileSync(hostKey)] }, (client) => {
    client
      .on('authentication', (ctx) => ctx.accept())
      .on('error', () => undefined)
      .on('session', (accept) => {
        accept().on('exec', (acceptExec, _reject, info) => {
          const sock = client._sock;
          sock?.cork();
          const ch = acceptExec();
          const code = Number(/^exit (\d+)$/.exec(info.command)?.[1] ?? 1);
          ch.write(`ran ${info.command}\n`);
          ch.exit(code);
          ch.end();
          process.nextTick(() => sock?.uncork());
        });
      });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = server.address().port;
  knownHosts = `[127.0.0.1]:${port} ${readFileSync(`${hostKey}.pub`, 'utf8').split(' ').slice(0, 2).join(' ')}`;
});

afterAll(() => {
  server?.close();
});

describe('exit codes of commands that end at once', () => {
  test('each of 50 commands reports its own exit code and output', async () => {
    const conn = new SshConnection(
      'test',
      { user: 'u', host: '127.0.0.1', port },
      {
        privateKey: key.privateKey,
        hostKeys: { pins: parseKnownHosts(knownHosts) },
        timeoutMs: 10_000,
        attempts: 1,
      },
    );
    try {
      const results = [];
      for (let i = 0; i < 50; i++) results.push(await conn.exec(`exit ${i % 7}`, 10_000));
      expect(results.map((r) => r.exitCode)).toEqual(results.map((_, i) => i % 7));
      expect(results.map((r) => r.stdout)).toEqual(results.map((_, i) => `ran exit ${i % 7}\n`));
    } finally {
      conn.close();
    }
  });
});
