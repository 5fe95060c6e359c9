/**
 * The quoting proof (issue 4): thousands of generated arguments go through `windows/quote.ts`
 * into `.cmd` files made by `batchFile()`, cmd.exe runs them under Wine, and a Go program built for
 * windows/amd64 (`__tests__/windows/fixtures/printargs`) prints the `os.Args` it received as JSON. Every
 * argument must arrive exactly.
 *
 * Unicode: Wine's cmd decodes a batch file in the OEM code page (437) and ignores `chcp 65001`
 * (measured: UTF-8 `é` arrives as `├⌐`). So non-ASCII is proven in two parts: through cmd.exe for
 * every character code page 437 has (file written in 437, as Wine's cmd reads it), and for all of
 * Unicode, non-BMP included, through CreateProcess with the exact command line `toCommandLine()`
 * builds (the CommandLineToArgvW layer, without cmd). The UTF-8 + `chcp 65001` path that
 * `batchFile()` takes for non-ASCII on real Windows cannot be run here.
 */
import { execFile, spawn } from 'node:child_process';
import {
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchFile, escapeForBatch, toCommandLine } from '../../src/windows/quote.js';
import { CACHE, GOCACHE, REPO } from '../../lab/paths.js';
import { ensureWinePrefix, type WinePrefix } from '../../lab/wine.js';

const execFileP = promisify(execFile);
const FIXTURE = join(REPO, '__tests__', 'windows', 'fixtures', 'printargs');
const DIR = 'C:\\winship-proof';
const EXE = `${DIR}\\printargs.exe`;
/** cmd.exe reads at most 8191 characters a line; stay below with the escaped line. */
const MAX_LINE = 8000;

/** Builds printargs.exe once per machine run (shared GOCACHE, mkdir lock), rebuilt when main.go changes. */
async function buildPrintArgs(): Promise<string> {
  const outDir = join(CACHE, 'printargs');
  const out = join(outDir, 'printargs.exe');
  const lock = `${out}.lock`;
  mkdirSync(outDir, { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 300_000)
        rmSync(lock, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    if (!existsSync(out) || statSync(out).mtimeMs < statSync(join(FIXTURE, 'main.go')).mtimeMs) {
      await execFileP('go', ['build', '-trimpath', '-o', `${out}.tmp`, '.'], {
        cwd: FIXTURE,
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
      });
      rmSync(out, { force: true });
      copyFileSync(`${out}.tmp`, out);
      rmSync(`${out}.tmp`, { force: true });
    }
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
  return out;
}

/** Mulberry32: a small seeded PRNG, so a failure can be replayed. */
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

/** Code page 437, bytes 0x80-0xFF (what Wine's cmd decodes batch files with). */
const CP437_HIGH =
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0';

function encodeCp437(text: string): Buffer {
  return Buffer.from(
    [...text].map((ch) => {
      const c = ch.codePointAt(0) ?? 0;
      if (c < 0x80) return c;
      const i = CP437_HIGH.indexOf(ch);
      if (i < 0) throw new Error(`not in code page 437: ${ch}`);
      return 0x80 + i;
    }),
  );
}

const META = '^&|<>%!()"';
const EDGE_CASES = [
  '',
  ' ',
  '  ',
  '"',
  '""',
  '\\',
  '\\\\',
  '\\"',
  'a\\',
  'a\\\\\\',
  'a b\\',
  'a\\\\"b',
  '\\\\\\"',
  '"\\',
  'C:\\Program Files\\app\\',
  '%PATH%',
  '%%',
  '%1',
  '%~dp0',
  '%=C:%',
  '!PATH!',
  '!',
  '^',
  '^^',
  '^"',
  'a^',
  '&',
  '&&',
  '||',
  '|',
  '<',
  '>',
  '>>',
  '2>&1',
  '"&calc&"',
  '" & echo pwned & "',
  '(',
  ')',
  '()',
  '(echo x)',
  'a=b',
  ',',
  ';',
  '=',
  'tab\there',
  '\t',
  ' leading',
  'trailing ',
  '-flag="value with spaces"',
  'binPath= "C:\\x y\\z.exe" -arg',
];

/** Arguments mixing everything cmd.exe and CommandLineToArgvW treat specially, seeded. */
function generate(seed: number, count: number, extra: string): string[] {
  const rnd = prng(seed);
  const pools: [number, string][] = [
    [35, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'],
    [10, ' '],
    [8, '"'],
    [14, '\\'],
    [16, META],
    [8, ",;=@#$*?~'`+{}[]./:-_"],
    [2, '\t'],
    [7, extra],
  ];
  const total = pools.reduce((s, [w]) => s + w, 0);
  const pick = (s: string) => [...s][Math.floor(rnd() * [...s].length)] ?? '';
  const out = [...EDGE_CASES];
  while (out.length < count) {
    const r = rnd();
    if (r < 0.04) {
      out.push('');
      continue;
    }
    if (r < 0.14) {
      // a run of backslashes before a quote, or at the end
      const run = '\\'.repeat(1 + Math.floor(rnd() * 6));
      out.push(rnd() < 0.5 ? `x${run}"y${run}` : `${pick(META)}dir${run}`);
      continue;
    }
    const len = 1 + Math.floor(rnd() * 30);
    let s = '';
    for (let i = 0; i < len; i++) {
      let w = rnd() * total;
      for (const [weight, chars] of pools) {
        if ((w -= weight) < 0) {
          s += chars === '' ? 'z' : pick(chars);
          break;
        }
      }
    }
    out.push(s);
  }
  return out;
}

/** Packs arguments into argument vectors whose batch line stays under cmd.exe's limit. */
function chunk(args: string[], program: string): string[][] {
  const chunks: string[][] = [];
  let current: string[] = [];
  const line = (argv: string[]) => escapeForBatch(toCommandLine(argv)).length;
  for (const a of args) {
    const next = [...current, a];
    if (current.length > 0 && line([program, `chunk-${chunks.length}`, ...next]) > MAX_LINE) {
      chunks.push([program, `chunk-${chunks.length}`, ...current]);
      current = [a];
    } else current = next;
  }
  if (current.length > 0) chunks.push([program, `chunk-${chunks.length}`, ...current]);
  return chunks;
}

let prefix: WinePrefix;

/**
 * Runs wine with output to files and waits for the process to exit: Wine's first process starts
 * services.exe, which inherits (and keeps open) the stdio of whoever started it, so waiting for
 * the end of a pipe could wait forever.
 */
async function runWine(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'winship-proof-'));
  const outFile = join(dir, 'out');
  const errFile = join(dir, 'err');
  const out = openSync(outFile, 'w');
  const err = openSync(errFile, 'w');
  try {
    const code = await new Promise<number>((resolve, reject) => {
      const child = spawn('wine', args, {
        env: { ...process.env, ...prefix.env },
        stdio: ['ignore', out, err],
      });
      child.on('error', reject);
      child.on('exit', (c) => resolve(c ?? -1));
    });
    return { code, stdout: readFileSync(outFile, 'utf8'), stderr: readFileSync(errFile, 'utf8') };
  } finally {
    closeSync(out);
    closeSync(err);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What each chunk's printargs received, by chunk id. */
function received(stdout: string): Map<string, string[]> {
  const got = new Map<string, string[]>();
  for (const line of stdout.split(/\r?\n/)) {
    if (!line.startsWith('[')) continue;
    const [id, ...rest] = JSON.parse(line) as string[];
    got.set(id ?? '', rest);
  }
  return got;
}

/**
 * Writes one `batchFile()` per chunk and a driver that `call`s them all, so one Wine start runs
 * every chunk through cmd.exe exactly as the executors run a single command.
 */
async function runThroughCmd(
  name: string,
  chunks: string[][],
  encode: (text: string) => Buffer,
): Promise<Map<string, string[]>> {
  const driver = ['@echo off'];
  chunks.forEach((argv, i) => {
    const file = `${DIR}\\${name}-${i}.cmd`;
    writeFileSync(prefix.toLinuxPath(file), encode(batchFile(argv)));
    driver.push(`call ${file}`);
  });
  const driverFile = `${DIR}\\${name}.cmd`;
  writeFileSync(prefix.toLinuxPath(driverFile), driver.join('\r\n') + '\r\n');
  const res = await runWine(['cmd', '/c', driverFile]);
  expect(res.stderr.trim(), 'cmd.exe printed errors').toBe('');
  expect(res.code).toBe(0);
  return received(res.stdout);
}

function expectAllArrived(chunks: string[][], got: Map<string, string[]>): void {
  for (const [, id, ...sent] of chunks) {
    const arrived = got.get(id ?? '');
    expect(arrived, `${id} printed nothing`).toBeDefined();
    // Compare one by one so a failure names the argument, not a 200-element array.
    sent.forEach((arg, i) =>
      expect(arrived?.[i], `${id} argument ${i}: ${JSON.stringify(arg)}`).toBe(arg),
    );
    expect(arrived?.length).toBe(sent.length);
  }
}

beforeAll(async () => {
  const [p, exe] = await Promise.all([ensureWinePrefix('quoting-proof'), buildPrintArgs()]);
  prefix = p;
  mkdirSync(prefix.toLinuxPath(DIR), { recursive: true });
  copyFileSync(exe, prefix.toLinuxPath(EXE));
  await prefix.keepAlive();
});

afterAll(async () => {
  await prefix?.shutdown();
});

describe('quoting proof under Wine: quote.ts -> .cmd -> cmd.exe -> CommandLineToArgvW -> os.Args', () => {
  it('delivers 4000 ASCII arguments (quotes, backslash runs, ^ & | < > % ! ( ), blanks, tabs, empty) exactly', async () => {
    const args = generate(20240611, 4000, '');
    const chunks = chunk(args, EXE);
    expect(chunks.length).toBeLessThan(args.length / 20); // batched: many arguments per command line
    const got = await runThroughCmd('ascii', chunks, (t) => Buffer.from(t, 'utf8'));
    expectAllArrived(chunks, got);
    expect([...got.values()].reduce((n, a) => n + a.length, 0)).toBe(4000);
  });

  it('delivers 1500 arguments with every code page 437 character exactly (the file in the code page cmd reads)', async () => {
    const args = [CP437_HIGH, ...generate(7, 1499, CP437_HIGH)];
    const chunks = chunk(args, EXE);
    const got = await runThroughCmd('cp437', chunks, encodeCp437);
    expectAllArrived(chunks, got);
  });

  it('delivers 1500 arguments with BMP and non-BMP Unicode exactly through CreateProcess (toCommandLine)', async () => {
    const unicode = 'éßüñ中文日本語한국어Привет مرحبا שלום ✓€™😀🎉𝄞𠜎\u00a0\u3000';
    const args = [unicode, ...generate(99, 1499, unicode)];
    const chunks = chunk(args, EXE);
    const lines = chunks.map((argv) => toCommandLine(argv));
    const file = `${DIR}\\unicode-lines.txt`;
    writeFileSync(prefix.toLinuxPath(file), lines.join('\n') + '\n', 'utf8');
    const res = await runWine([prefix.toLinuxPath(EXE), '-spawn', file]);
    expect(res.stderr.trim()).toBe('');
    expect(res.code).toBe(0);
    expectAllArrived(chunks, received(res.stdout));
  });

  it('is not a test that cannot fail: a deliberately wrong quoting is caught', async () => {
    // Same pipeline, but the arguments are pasted unquoted: the proof must see the damage.
    const args = ['a b', 'x"y', '%PATH%'];
    const argv = [EXE, 'chunk-broken', ...args];
    writeFileSync(prefix.toLinuxPath(`${DIR}\\broken.cmd`), `@echo off\r\n${argv.join(' ')}\r\n`);
    const got = received((await runWine(['cmd', '/c', `${DIR}\\broken.cmd`])).stdout);
    expect(got.get('chunk-broken')).not.toEqual(args);
  });
});
