/**
 * The SSH executor against real OpenSSH sshd hosts on 127.0.0.1 whose commands run under Wine:
 * node-ssh -> sshd -> cmd.exe -> sc.exe/reg.exe for real, SFTP into the prefix, tunnels, host key
 * pinning before authentication, retries with backoff, a connection cut in the middle of an upload.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildExampleExe, ensureWinePrefix, freePort, type WinePrefix } from '../../lab/wine.js';
import { deployToHost, type HostDeployRequest } from '../../src/engine/index.js';
import { makeClientKey, startSshHost, type ClientKey, type SshHost } from '../../lab/sshd.js';
import {
  HostKeyError,
  SftpPathError,
  SshConnectionError,
  SshExecutor,
  win32OpenSshPath,
  type SshOptions,
} from '../../src/hosts/ssh.js';
import { WINE_SSH_HOST, wineSftpPath } from '../../src/hosts/lab.js';
import { parseFingerprints, parseKnownHosts } from '../../src/hosts/host-keys.js';
import { UserError } from '../../src/runner/errors.js';
import { executorContract } from './contract.js';

let prefix: WinePrefix;
let host: SshHost;
let key: ClientKey;
let keyDir: string;
const open: SshExecutor[] = [];

const SCRATCH = `C:\\ProgramData\\winship-test\\run-${randomBytes(3).toString('hex')}`;

function options(extra: Partial<SshOptions> = {}): SshOptions {
  return {
    privateKey: key.privateKey,
    hostKeys: { pins: parseFingerprints(host.fingerprintLine) },
    ...WINE_SSH_HOST,
    scratchDir: SCRATCH,
    attempts: 2,
    backoffMs: 200,
    timeoutMs: 60_000,
    ...extra,
  };
}

async function connect(extra: Partial<SshOptions> = {}, h: SshHost = host): Promise<SshExecutor> {
  const exec = new SshExecutor({ user: h.user, host: h.host, port: h.port }, options(extra));
  open.push(exec);
  await exec.connect();
  return exec;
}

/** A deploy of the example service's `exe` as 1.0.0 under C:\ProgramData\<name>, no tuning. */
function hostRequest(
  name: string,
  exe: string,
  extra: Partial<HostDeployRequest>,
): HostDeployRequest {
  return {
    service: {
      name: `${name}-${randomBytes(3).toString('hex')}`,
      startType: 'demand',
      account: 'LocalSystem',
      args: ['-service'],
      environment: {},
      dependencies: [],
      stopTimeoutSeconds: 10,
    },
    release: {
      version: '1.0.0',
      localFile: exe,
      sha256: createHash('sha256').update(readFileSync(exe)).digest('hex'),
      binaryName: 'hello-service',
    },
    root: `C:\\ProgramData\\${name}`,
    profile: null,
    health: { kind: 'service', timeoutSeconds: 5, intervalSeconds: 0.2, retries: 1 },
    keepReleases: 2,
    lock: { staleAfterSeconds: 600, breakStale: false },
    dryRun: false,
    ...extra,
  };
}

/** sshd's log lines for one client connection, found by the client's source port. */
function sessionLog(h: SshHost, since: number): string {
  return h.log().slice(since);
}

beforeAll(async () => {
  prefix = await ensureWinePrefix('deploy-ssh');
  await prefix.keepAlive();
  keyDir = mkdtempSync(join(tmpdir(), 'winship-ssh-keys-'));
  key = makeClientKey(keyDir);
  host = await startSshHost({ prefix, authorizedKeys: [key.publicKey], name: 'exec' });
});

executorContract(
  'SSH (sshd on 127.0.0.1, Wine behind it)',
  async () => ({
    exec: await connect(),
    toLinuxPath: prefix.toLinuxPath,
    root: 'C:\\ProgramData\\winship-test\\contract',
  }),
  { canRun: true },
);

afterAll(async () => {
  for (const e of open) await e.close();
  await host?.stop();
  await prefix?.shutdown();
  if (prefix)
    rmSync(prefix.toLinuxPath('C:\\ProgramData\\winship-test'), { recursive: true, force: true });
  if (keyDir) rmSync(keyDir, { recursive: true, force: true });
});

describe('SSH executor: commands through sshd and cmd.exe under Wine', () => {
  test('runs sc.exe for real and passes its output back', async () => {
    const exec = await connect();
    const sc = await exec.run(['sc.exe', 'query', 'PlugPlay']);
    expect(sc.exitCode).toBe(0);
    expect(sc.stdout).toMatch(/STATE\s+:\s+4\s+RUNNING/);
  });

  test("puts command files in the user's own %TEMP% and leaves none behind", async () => {
    // Wine's %TEMP% for the user the test host logs in as.
    const temp = prefix.toLinuxPath(`C:\\users\\${host.user}\\Temp`);
    // The folder earlier versions made there, left in this cached prefix by their test runs.
    rmSync(join(temp, 'winship'), { recursive: true, force: true });
    // Executors of other tests still open keep their last command file until they close.
    const others = readdirSync(temp).filter((f) => f.startsWith('winship'));
    const exec = await connect();
    for (const code of ['0', '3', '0'])
      expect((await exec.run(['cmd.exe', '/c', 'exit', code])).exitCode).toBe(Number(code));
    // Each command file removes the one before it: one is left while the connection is open…
    const mine = () =>
      readdirSync(temp).filter((f) => f.startsWith('winship') && !others.includes(f));
    expect(mine()).toHaveLength(1);
    // …and none once it is closed.
    await exec.close();
    expect(mine()).toEqual([]);
    expect(existsSync(join(temp, 'winship'))).toBe(false);
    expect(existsSync(prefix.toLinuxPath(SCRATCH))).toBe(false);
  });
});

describe('SSH executor: files over SFTP into the host', () => {
  test('a folder removed by a command meanwhile is made again for the next write', async () => {
    const exec = await connect();
    const dir = `C:\\ProgramData\\winship-test\\gone-${randomBytes(3).toString('hex')}`;
    await exec.writeFile(`${dir}\\a.txt`, 'one');
    expect((await exec.run(['cmd.exe', '/c', 'rmdir', '/s', '/q', dir])).exitCode).toBe(0);
    expect(existsSync(prefix.toLinuxPath(dir))).toBe(false);
    await exec.writeFile(`${dir}\\a.txt`, 'two');
    expect(readFileSync(prefix.toLinuxPath(`${dir}\\a.txt`), 'utf8')).toBe('two');
  });

  test("maps Windows paths to SFTP paths: Windows OpenSSH's form, and the lab's", () => {
    expect(win32OpenSshPath('C:\\ProgramData\\winship\\a.exe')).toBe(
      '/C:/ProgramData/winship/a.exe',
    );
    expect(win32OpenSshPath('c:/ProgramData/x')).toBe('/C:/ProgramData/x');
    expect(wineSftpPath('C:\\ProgramData\\x')).toBe('c:/ProgramData/x');
    for (const map of [win32OpenSshPath, wineSftpPath]) {
      expect(() => map('C:\\a\\..\\windows')).toThrow(UserError);
      expect(() => map('/etc/passwd')).toThrow(UserError);
    }
  });
});

describe('SSH executor: an SFTP server that does not take the path form', () => {
  test('a deploy ends with a user error naming the host, the path and what the server answered', async () => {
    // Every SFTP path lies under a regular file, so the real sftp-server answers "No such file"
    // for each folder, as a server that does not read /C:/… answers for C:'s folders.
    const blocker = join(keyDir, `not-a-folder-${randomBytes(3).toString('hex')}`);
    writeFileSync(blocker, 'a file, not a folder');
    const exec = await connect({ mapPath: (p) => `${blocker}${win32OpenSshPath(p)}` });
    const exe = await buildExampleExe('1.0.0');
    const r = await deployToHost(exec, hostRequest('winship-sftp', exe, { dryRun: false }), {
      info: () => undefined,
      warning: () => undefined,
    });
    expect(r.outcome).toBe('failed');
    expect(r.error).not.toMatch(/unexpected error|a bug in winship/);
    expect(r.error).toContain(`${host.user}@127.0.0.1:${host.port}`);
    expect(r.error).toMatch(
      /the SFTP server refused \S+\/C:\/\w+ \(making the folder of C:\\\w+\)/,
    );
    expect(r.error).toContain('it answered "No such file"');
    expect(r.error).toContain('check that the host runs Windows OpenSSH');
    // Nothing was put on the host.
    expect(existsSync(prefix.toLinuxPath('C:\\ProgramData\\winship-sftp'))).toBe(false);
  });

  test('the executor throws SftpPathError, a user error, for the write itself', async () => {
    const blocker = join(keyDir, `not-a-folder-${randomBytes(3).toString('hex')}`);
    writeFileSync(blocker, 'x');
    const exec = await connect({ mapPath: (p) => `${blocker}${win32OpenSshPath(p)}` });
    const err = await exec
      .writeFile('C:\\ProgramData\\winship-sftp\\a.txt', 'x')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SftpPathError);
    expect(err).toBeInstanceOf(UserError);
    expect((err as SftpPathError).windowsPath).toBe('C:\\ProgramData');
    expect((err as SftpPathError).answer).toMatch(/No such file/);
  });
});

describe('SSH executor: tunnels', () => {
  let server: Server;
  let port: number;
  const sockets = new Set<Socket>();
  beforeAll(async () => {
    port = await freePort();
    server = createServer((s) => {
      sockets.add(s);
      s.end(`hello from ${port}\n`);
    });
    await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => server.close(() => r()));
  });

  test('openTcp reaches a port on the host through the SSH connection', async () => {
    const exec = await connect();
    const since = host.log().length;
    const socket = await exec.openTcp('127.0.0.1', port);
    const text = await new Promise<string>((resolve, reject) => {
      let data = '';
      socket.on('data', (d: Buffer) => (data += d.toString()));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    socket.destroy();
    expect(text).toBe(`hello from ${port}\n`);
    // sshd itself opened the connection: the request went through the SSH connection.
    await waitFor(() =>
      sessionLog(host, since).includes(
        `server_request_direct_tcpip: originator 127.0.0.1 port 0, target 127.0.0.1 port ${port}`,
      ),
    );
  });
});

describe('SSH executor: host keys are checked before authentication', () => {
  test('accepts a pinned known_hosts line and a hashed known_hosts entry', async () => {
    const e1 = await connect({ hostKeys: { pins: parseKnownHosts(host.knownHostsLine) } });
    expect(e1.presentedFingerprint).toBe(host.fingerprint);
    const file = join(keyDir, `known_hosts_${randomBytes(3).toString('hex')}`);
    writeFileSync(file, `${host.knownHostsLine}\n`);
    execFileSync('ssh-keygen', ['-q', '-H', '-f', file]);
    const hashed = readFileSync(file, 'utf8');
    expect(hashed).toMatch(/^\|1\|/);
    const e2 = await connect({ hostKeys: { pins: parseKnownHosts(hashed) } });
    expect(e2.presentedFingerprint).toBe(host.fingerprint);
  });

  test('a wrong pinned key fails with the fingerprint the host presented, and sshd saw no authentication', async () => {
    const since = host.log().length;
    const wrong = `[127.0.0.1]:${host.port} SHA256:${createHash('sha256').update('not the key').digest('base64').replace(/=+$/, '')}`;
    const err = await connect({ hostKeys: { pins: parseFingerprints(wrong) } }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(HostKeyError);
    expect((err as HostKeyError).message).toContain(host.fingerprint);
    expect((err as HostKeyError).message).toMatch(/MISMATCH/);
    // The client hung up during key exchange (reason 3: key exchange failed), before any userauth.
    await waitFor(() =>
      /Received disconnect from 127\.0\.0\.1 port \d+:3: .*\[preauth\]/.test(
        sessionLog(host, since),
      ),
    );
    const log = sessionLog(host, since);
    expect(log).not.toMatch(
      /userauth-request|Accepted publickey|Failed publickey|Postponed publickey/,
    );
  });

  test('a host with no pin at all is refused, naming the fingerprint to check', async () => {
    const other = `[127.0.0.1]:${host.port + 1} ${host.fingerprint}`;
    const err = await connect({ hostKeys: { pins: parseFingerprints(other) } }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(HostKeyError);
    expect((err as Error).message).toContain(`no host key is pinned for [127.0.0.1]:${host.port}`);
    expect((err as Error).message).toContain(host.fingerprint);
  });

  test('a successful connection does authenticate (the log check above can see authentication)', async () => {
    const since = host.log().length;
    await connect();
    await waitFor(() => /Accepted publickey/.test(sessionLog(host, since)));
    expect(sessionLog(host, since)).toMatch(/userauth-request/);
  });

  test('insecure-skip accepts any key but says so in the log', async () => {
    const warnings: string[] = [];
    const exec = await connect({
      hostKeys: 'insecure-skip',
      log: { info: () => undefined, warning: (m) => warnings.push(m) },
    });
    expect(exec.presentedFingerprint).toBe(host.fingerprint);
    expect(warnings.join('\n')).toMatch(new RegExp(`${escape(host.fingerprint)} NOT VERIFIED`));
  });
});

describe('SSH executor: connections', () => {
  test('a key the host does not know fails without retries, saying what to do', async () => {
    const stranger = makeClientKey(keyDir, `stranger-${randomBytes(2).toString('hex')}`);
    const warnings: string[] = [];
    const err = await connect({
      privateKey: stranger.privateKey,
      attempts: 3,
      log: { info: () => undefined, warning: (m) => warnings.push(m) },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SshConnectionError);
    expect((err as Error).message).toMatch(/refused the key/);
    expect(warnings).toEqual([]);
  });

  test('an encrypted key works with its passphrase', async () => {
    const locked = makeClientKey(
      keyDir,
      `locked-${randomBytes(2).toString('hex')}`,
      'correct horse',
    );
    const h = await startSshHost({ prefix, authorizedKeys: [locked.publicKey], name: 'locked' });
    try {
      const exec = await connect(
        {
          privateKey: locked.privateKey,
          passphrase: 'correct horse',
          hostKeys: { pins: parseFingerprints(h.fingerprintLine) },
        },
        h,
      );
      expect((await exec.run(['cmd.exe', '/c', 'exit', '3'])).exitCode).toBe(3);
    } finally {
      await h.stop();
    }
  });

  test('retries with backoff until the host answers', async () => {
    const h = await startSshHost({ prefix, authorizedKeys: [key.publicKey], name: 'late' });
    h.cut();
    const warnings: string[] = [];
    const exec = new SshExecutor(
      { user: h.user, host: h.host, port: h.port },
      {
        ...options({ hostKeys: { pins: parseFingerprints(h.fingerprintLine) } }),
        attempts: 5,
        backoffMs: 400,
        log: { info: () => undefined, warning: (m) => warnings.push(m) },
      },
    );
    open.push(exec);
    const connecting = exec.connect();
    await waitFor(() => warnings.length >= 1);
    await h.restart();
    await connecting;
    expect((await exec.run(['cmd.exe', '/c', 'exit', '0'])).exitCode).toBe(0);
    expect(warnings[0]).toMatch(/cannot connect \(.*\); attempt 2 of 5/);
    await h.stop();
  });

  test('gives up after the last attempt with a message naming the host', async () => {
    const port = await freePort();
    const exec = new SshExecutor(
      { user: 'root', host: '127.0.0.1', port },
      options({ attempts: 2, backoffMs: 100 }),
    );
    await expect(exec.connect()).rejects.toThrow(
      new RegExp(`root@127\\.0\\.0\\.1:${port}: cannot connect`),
    );
  });

  test('a connection cut during an upload leaves no file in place; reported as a lost connection', async () => {
    const h = await startSshHost({ prefix, authorizedKeys: [key.publicKey], name: 'cut' });
    const exec = await connect(
      { hostKeys: { pins: parseFingerprints(h.fingerprintLine) }, attempts: 2, backoffMs: 200 },
      h,
    );
    const local = join(keyDir, 'big.bin');
    writeFileSync(local, randomBytes(24 * 1024 * 1024));
    const win = `C:\\ProgramData\\winship-test\\cut-${randomBytes(3).toString('hex')}\\big.bin`;
    const dir = prefix.toLinuxPath(win.slice(0, win.lastIndexOf('\\')));
    const upload = exec.upload(local, win).then(
      () => 'finished',
      (e: unknown) => e,
    );
    await waitFor(
      () => existsSync(dir) && readdirSync(dir).some((f) => statSync(join(dir, f)).size > 0),
      20_000,
      5,
    );
    h.cut();
    const outcome = await upload;
    expect(outcome).toBeInstanceOf(SshConnectionError);
    expect((outcome as Error).message).toMatch(/connection lost during upload|cannot connect/);
    expect(existsSync(prefix.toLinuxPath(win))).toBe(false);
    await h.stop();
  });

  test('a connection cut during an upload is retried over a new connection when the host comes back', async () => {
    const h = await startSshHost({ prefix, authorizedKeys: [key.publicKey], name: 'cut2' });
    const exec = await connect(
      { hostKeys: { pins: parseFingerprints(h.fingerprintLine) }, attempts: 4, backoffMs: 300 },
      h,
    );
    const local = join(keyDir, 'big2.bin');
    writeFileSync(local, randomBytes(24 * 1024 * 1024));
    const win = `C:\\ProgramData\\winship-test\\cut2-${randomBytes(3).toString('hex')}\\big.bin`;
    const dir = prefix.toLinuxPath(win.slice(0, win.lastIndexOf('\\')));
    const upload = exec.upload(local, win);
    await waitFor(
      () => existsSync(dir) && readdirSync(dir).some((f) => statSync(join(dir, f)).size > 0),
      20_000,
      5,
    );
    h.cut();
    await h.restart();
    await upload;
    expect(readFileSync(prefix.toLinuxPath(win)).equals(readFileSync(local))).toBe(true);
    await h.stop();
  });
});

describe('a dry run over SSH changes nothing on the host', () => {
  /** Every file and folder of the host's drive C (the Wine prefix's drive_c), with file sizes. */
  function listing(): string[] {
    const out: string[] = [];
    const walk = (dir: string, rel: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const r = `${rel}/${e.name}`;
        if (e.isDirectory()) {
          out.push(`${r}/`);
          walk(join(dir, e.name), r);
        } else out.push(e.isFile() ? `${r} ${statSync(join(dir, e.name)).size}` : r);
      }
    };
    walk(prefix.driveC, '');
    return out.sort();
  }

  test('the whole drive C lists the same before and after deployToHost with dryRun', async () => {
    const exe = await buildExampleExe('1.0.0');
    // A fresh connection, as a deploy makes one, to a host winship has not run commands on.
    const exec = await connect();
    rmSync(prefix.toLinuxPath(`C:\\users\\${host.user}\\Temp\\winship`), {
      recursive: true,
      force: true,
    });
    const before = listing();
    const r = await deployToHost(exec, hostRequest('winship-dry', exe, { dryRun: true }), {
      info: () => undefined,
      warning: () => undefined,
    });
    expect(r.outcome).toBe('planned');
    expect(r.plan.length).toBeGreaterThan(0);
    // As the action does with every host's executor: closed, its last command file removed.
    await exec.close();
    const after = listing();
    expect(after.filter((l) => !before.includes(l))).toEqual([]);
    expect(before.filter((l) => !after.includes(l))).toEqual([]);
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

async function waitFor(cond: () => boolean, timeoutMs = 10_000, everyMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
