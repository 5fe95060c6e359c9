/**
 * Command files on hosts whose code page is Chinese, Japanese or Korean (issue 11, item 1).
 *
 * cmd.exe decodes a batch file line by line in a code page. On 932, 936, 949 and 950 the last
 * byte of a UTF-8 character can be a lead byte that pairs with the next byte, so the escape `^`
 * before `&` or `>` is swallowed and the metacharacter becomes live. Measured under Wine 8: a line
 * `x<C4 81>^&echo.PWNED` runs `echo.PWNED` under LANG=ja_JP.UTF-8; Wine's cmd always decodes batch
 * files in the OEM code page, `chcp 65001` fails without a console (exit 1, "invalid code page")
 * and, with one (a pty), succeeds but changes nothing.
 *
 * So every command file switches cmd.exe to UTF-8 and checks, before the command, that its lines
 * are read as UTF-8; where they are not, the command is refused unrun. These hosts (Wine under the
 * three locales, behind sshd and direct) therefore refuse every non-ASCII value: the tests prove
 * that no vector runs anything and that ASCII still arrives exactly. That non-ASCII arrives
 * byte-exact where cmd.exe honours `chcp 65001` (Windows) cannot be run here.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ExecResult, Executor } from '../../src/hosts/executor.js';
import { parseFingerprints } from '../../src/hosts/host-keys.js';
import { WINE_SSH_HOST } from '../../src/hosts/lab.js';
import { SshExecutor } from '../../src/hosts/ssh.js';
import { WineExecutor } from '../../src/hosts/wine.js';
import { UserError } from '../../src/runner/errors.js';
import { deployToHost, type HostDeployRequest } from '../../src/engine/index.js';
import { scDelete, scStop } from '../../src/windows/sc.js';
import { RecordingExecutor } from '../engine/recording.js';
import { makeClientKey, startSshHost, type SshHost } from '../../lab/sshd.js';
import {
  buildExampleExe,
  buildPrintArgsExe,
  ensureWinePrefix,
  freePort,
  type WinePrefix,
} from '../../lab/wine.js';

const LOCALES = ['ja_JP.UTF-8', 'zh_CN.UTF-8', 'ko_KR.UTF-8'] as const;
const EXE = 'C:\\winship-cjk\\printargs.exe';
/** The vector of the report: display name, description and environment all held it. */
const REPORTED = '…ā&echo.PWNEDā>C:\\pwned.txt';

let prefix: WinePrefix;
let keyDir: string;
const sshHosts: SshHost[] = [];
const executors: { name: string; locale: string; exec: Executor }[] = [];

/** Mulberry32, seeded, so a failing vector can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Characters whose UTF-8 ends in a byte that is a lead byte in 932, 936, 949 or 950, and CJK text.
const NON_ASCII = [...'…āéüłĀ€ŒœÀÉ漢字中文한국어日本語カナ①ЖΩ'];
const META = ['&', '>', '|', '<', '^', '"', '%', '!', '(', ')'];

/** Injection attempts: `<non-ASCII><meta>echo.PWNED<non-ASCII>>C:\pwned-<n>.txt`, and noise around. */
function vectors(seed: number, count: number): string[] {
  const rnd = prng(seed);
  const pick = <T>(a: readonly T[]) => a[Math.floor(rnd() * a.length)]!;
  const out: string[] = [REPORTED];
  for (let i = 0; out.length < count; i++) {
    const na = () =>
      Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => pick(NON_ASCII)).join('');
    const noise = () =>
      Array.from({ length: Math.floor(rnd() * 4) }, () =>
        pick([...META, ...NON_ASCII, 'a', ' ']),
      ).join('');
    out.push(
      `${noise()}${na()}${pick(['&', '|', '&&'])}echo.PWNED${na()}>C:\\pwned-${seed}-${i}.txt${noise()}`,
    );
  }
  return out;
}

/** Files a successful injection would have made in drive C. */
function pwnedFiles(): string[] {
  return readdirSync(prefix.driveC).filter((f) => /^pwned/i.test(f));
}

beforeAll(async () => {
  const [p, exe] = await Promise.all([ensureWinePrefix('hosts-cjk'), buildPrintArgsExe()]);
  prefix = p;
  mkdirSync(prefix.toLinuxPath('C:\\winship-cjk'), { recursive: true });
  copyFileSync(exe, prefix.toLinuxPath(EXE));
  keyDir = mkdtempSync(join(tmpdir(), 'winship-cjk-keys-'));
  const key = makeClientKey(keyDir);
  for (const locale of LOCALES) {
    const h = await startSshHost({
      prefix,
      authorizedKeys: [key.publicKey],
      name: `cjk-${locale.slice(0, 2)}`,
      locale,
    });
    sshHosts.push(h);
    const ssh = new SshExecutor(
      { user: h.user, host: h.host, port: h.port },
      {
        privateKey: key.privateKey,
        hostKeys: { pins: parseFingerprints(h.fingerprintLine) },
        ...WINE_SSH_HOST,
        scratchDir: 'C:\\winship-cjk\\cmd',
      },
    );
    executors.push({ name: `SSH ${locale}`, locale, exec: ssh });
    executors.push({
      name: `Wine ${locale}`,
      locale,
      exec: new WineExecutor({ prefix: prefix.path, locale }),
    });
  }
}, 600_000);

afterAll(async () => {
  for (const e of executors) await e.exec.close();
  for (const h of sshHosts) await h.stop();
  await prefix?.shutdown();
  if (prefix) {
    for (const f of pwnedFiles()) rmSync(join(prefix.driveC, f), { force: true });
    rmSync(prefix.toLinuxPath('C:\\winship-cjk'), { recursive: true, force: true });
  }
  if (keyDir) rmSync(keyDir, { recursive: true, force: true });
});

describe('command files under CJK code pages', () => {
  test.each(LOCALES.flatMap((l) => ['SSH', 'Wine'].map((k) => `${k} ${l}`)))(
    '%s: no injection vector runs anything; each is refused unrun or arrives exactly',
    async (name) => {
      const { exec } = executors.find((e) => e.name === name)!;
      const seed = 1000 + executors.findIndex((e) => e.name === name);
      for (const f of pwnedFiles()) rmSync(join(prefix.driveC, f), { force: true });
      const args = vectors(seed, 40);
      // A few commands, several vectors each: every command has non-ASCII in it.
      const outcomes: { argv: string[]; outcome: ExecResult | Error }[] = [];
      for (let i = 0; i < args.length; i += 10) {
        const argv = [EXE, ...args.slice(i, i + 10)];
        const outcome: ExecResult | Error = await exec.run(argv).then(
          (r) => r,
          (e: unknown) => (e instanceof Error ? e : new Error(String(e))),
        );
        outcomes.push({ argv, outcome });
      }
      // First what an attacker wants: a file written by a command of their own.
      expect(pwnedFiles()).toEqual([]);
      for (const { argv, outcome } of outcomes) {
        if (outcome instanceof Error) {
          expect(outcome).toBeInstanceOf(UserError);
          expect(outcome.message).toMatch(/does not read command files as UTF-8/);
        } else {
          // printargs prints one JSON line; anything else (a split command) is shown as it is.
          let got: unknown = outcome.stdout;
          try {
            got = JSON.parse(outcome.stdout.trim());
          } catch {
            /* not JSON: compared as text below */
          }
          expect(got).toEqual(argv.slice(1));
        }
      }
    },
  );

  test.each(LOCALES.flatMap((l) => ['SSH', 'Wine'].map((k) => `${k} ${l}`)))(
    '%s: ASCII arguments with every metacharacter still arrive exactly',
    async (name) => {
      const { exec } = executors.find((e) => e.name === name)!;
      const argv = [
        EXE,
        'a&echo.PWNED>C:\\pwned.txt',
        '"q" ^ | < > % ! ( )',
        `x${randomBytes(2).toString('hex')}`,
      ];
      for (const f of pwnedFiles()) rmSync(join(prefix.driveC, f), { force: true });
      const r = await exec.run(argv);
      expect(r.exitCode).toBe(0);
      expect(JSON.parse(r.stdout.trim())).toEqual(argv.slice(1));
      expect(pwnedFiles()).toEqual([]);
    },
  );

  test('the refusal says which host and what to do', async () => {
    const { exec } = executors.find((e) => e.name === 'SSH ja_JP.UTF-8')!;
    const err = (await exec.run([EXE, REPORTED]).catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(UserError);
    expect(err.message).toContain(exec.label);
    expect(err.message).toMatch(/ASCII/);
    expect(existsSync(join(prefix.driveC, 'pwned.txt'))).toBe(false);
  });
});

describe('a deploy whose display name, description and environment hold the vector', () => {
  test('SSH ja_JP: refused before anything changes on the host; nothing of the vector runs', async () => {
    const { exec } = executors.find((e) => e.name === 'SSH ja_JP.UTF-8')!;
    const exe = await buildExampleExe('1.0.0');
    const port = await freePort();
    const name = `winship-cjk-${randomBytes(3).toString('hex')}`;
    const root = 'C:\\winship-cjk\\apps';
    const req: HostDeployRequest = {
      service: {
        name,
        displayName: REPORTED,
        description: REPORTED,
        startType: 'demand',
        account: 'LocalSystem',
        args: ['-service', '-addr', `127.0.0.1:${port}`],
        environment: { GREETING: REPORTED },
        dependencies: [],
        stopTimeoutSeconds: 10,
      },
      release: {
        version: '1.0.0',
        localFile: exe,
        sha256: createHash('sha256').update(readFileSync(exe)).digest('hex'),
        binaryName: 'hello-service',
      },
      root,
      profile: null,
      health: { kind: 'service', timeoutSeconds: 5, intervalSeconds: 0.2, retries: 1 },
      keepReleases: 2,
      lock: { staleAfterSeconds: 600, breakStale: false },
      dryRun: false,
    };
    rmSync(join(prefix.driveC, 'pwned.txt'), { force: true });
    const rec = new RecordingExecutor(exec);
    const lines: string[] = [];
    const log = { info: (m: string) => lines.push(m), warning: (m: string) => lines.push(m) };
    const outcome = await deployToHost(rec, req, log).then(
      (r) => r,
      (e: unknown) => e,
    );
    await exec.run(scStop(name)).catch(() => undefined);
    await exec.run(scDelete(name)).catch(() => undefined);
    expect(existsSync(join(prefix.driveC, 'pwned.txt'))).toBe(false);
    expect(outcome).toBeInstanceOf(UserError);
    expect((outcome as Error).message).toMatch(/does not read command files as UTF-8/);
    expect(rec.changes().map((c) => RecordingExecutor.describe(c, 4))).toEqual([
      'cmd.exe /d /c rem',
    ]);
    expect(existsSync(prefix.toLinuxPath(root))).toBe(false);
  });
});
