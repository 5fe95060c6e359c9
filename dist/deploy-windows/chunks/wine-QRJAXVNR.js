import { createRequire as __winshipCreateRequire } from 'node:module';
import { fileURLToPath as __winshipFileURLToPath } from 'node:url';
import { dirname as __winshipDirname } from 'node:path';
var require = __winshipCreateRequire(import.meta.url);
var __filename = __winshipFileURLToPath(import.meta.url);
var __dirname = __winshipDirname(__filename);
import {
  commandFile,
  localFileOps,
  parseRcFile,
  refusedAsNotUtf8,
  runProcess,
  sleep,
  validateWindowsPath
} from "./chunk-IAZKMN7S.js";
import {
  UserError
} from "./chunk-CQUVSVTJ.js";
import "./chunk-ZZLW4XE3.js";

// src/hosts/wine.ts
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
var SCRATCH = "C:\\windows\\temp\\winship-cmd";
function wineProcessEnv(prefix) {
  return {
    ...process.env,
    WINEPREFIX: prefix,
    WINEDEBUG: "-all",
    WINEDLLOVERRIDES: "mscoree,mshtml="
  };
}
function winePath(prefix, windowsPath) {
  const p = validateWindowsPath(windowsPath);
  const drive = p.slice(0, 1).toUpperCase();
  const rest = p.slice(3).split("\\").filter((s) => s !== "");
  if (drive === "C") return join(prefix, "drive_c", ...rest);
  if (drive === "Z") return join("/", ...rest);
  throw new UserError(`Path '${windowsPath}': only C: (and Z:, the Linux root) exist under Wine`);
}
function findWineServer(prefix) {
  let pids;
  try {
    pids = readdirSync("/proc").filter((d) => /^[0-9]+$/.test(d));
  } catch {
    return void 0;
  }
  for (const pid of pids) {
    try {
      const argv = readFileSync(`/proc/${pid}/cmdline`, "latin1").split("\0");
      if (!/wineserver(64)?$/.test(argv[0] ?? "")) continue;
      const environ = readFileSync(`/proc/${pid}/environ`, "latin1").split("\0");
      if (!environ.includes(`WINEPREFIX=${prefix}`)) continue;
      return { pid: Number(pid), persistent: argv.includes("-p") };
    } catch {
    }
  }
  return void 0;
}
async function keepWineServer(prefix, timeoutMs = 6e4) {
  const deadline = Date.now() + timeoutMs;
  for (; ; ) {
    if (findWineServer(prefix)?.persistent) return;
    const code = await wineserver(prefix, ["-p"]);
    if (code === 0) return;
    if (Date.now() > deadline)
      throw new Error(`wineserver -p for ${prefix} did not start (exit code ${code})`);
    await sleep(300);
  }
}
async function stopWineServer(prefix) {
  await wineserver(prefix, ["-k"]);
  const deadline = Date.now() + 15e3;
  while (findWineServer(prefix) && Date.now() < deadline) await sleep(100);
}
function wineserver(prefix, args) {
  return new Promise((resolve) => {
    const child = spawn("wineserver", args, { env: wineProcessEnv(prefix), stdio: "ignore" });
    const timer = setTimeout(() => child.kill("SIGKILL"), 3e4);
    child.on("error", () => {
      clearTimeout(timer);
      resolve(-1);
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve(code ?? -1);
    });
  });
}
var WineExecutor = class {
  label;
  /** Wine's certutil is a stub: release files are verified by reading them back. */
  capabilities = { hashFile: false, acls: false };
  prefix;
  wine;
  serverKept;
  keepServer;
  env;
  constructor(opts) {
    this.prefix = opts.prefix;
    this.wine = opts.wine ?? "wine";
    this.keepServer = opts.keepServer ?? false;
    this.env = {
      ...wineProcessEnv(opts.prefix),
      ...opts.locale ? { LANG: opts.locale, LC_ALL: opts.locale } : {}
    };
    this.label = `wine:${opts.prefix}`;
    const files = localFileOps((p) => winePath(this.prefix, p));
    this.upload = files.upload;
    this.readFile = files.readFile;
    this.sha256File = files.sha256File;
    this.writeFile = files.writeFile;
    this.openTcp = files.openTcp;
  }
  upload;
  readFile;
  sha256File;
  writeFile;
  /** Wine shares the Linux network: the host's 127.0.0.1 is ours. */
  openTcp;
  /** Linux path of a Windows path of this prefix. */
  toLinuxPath(windowsPath) {
    return winePath(this.prefix, windowsPath);
  }
  async run(argv, opts = {}) {
    const base = `${SCRATCH}\\${randomBytes(8).toString("hex")}`;
    const script = commandFile(argv, {
      stdoutFile: `${base}.out`,
      stderrFile: `${base}.err`,
      rcFile: `${base}.rc`
    });
    if (this.keepServer) await (this.serverKept ??= keepWineServer(this.prefix));
    const files = ["cmd", "out", "err", "rc"].map((ext) => this.toLinuxPath(`${base}.${ext}`));
    const [cmdFile, outFile, errFile, rcFile] = files;
    await mkdir(dirname(cmdFile), { recursive: true });
    await writeFile(cmdFile, script, "utf8");
    try {
      const { exitCode, timedOut } = await this.spawnWine(
        ["cmd", "/c", `${base}.cmd`],
        opts.timeoutMs
      );
      const read = (f) => readFile(f).then(
        (b) => b.toString("utf8"),
        () => ""
      );
      const stdout = await read(outFile);
      const stderr = await read(errFile);
      if (!timedOut) refusedAsNotUtf8(this.label, { exitCode, stderr });
      const rc = timedOut ? void 0 : parseRcFile(await read(rcFile));
      return {
        exitCode: rc ?? exitCode,
        stdout,
        stderr: timedOut ? `${stderr}
timed out after ${opts.timeoutMs} ms` : stderr
      };
    } finally {
      await Promise.all(files.map((f) => rm(f, { force: true })));
    }
  }
  async spawnWine(args, timeoutMs) {
    const r = await runProcess(this.wine, args, {
      env: this.env,
      discardOutput: true,
      // outputs go to files, see run()
      ...timeoutMs !== void 0 ? { timeoutMs } : {},
      missing: `Cannot run Wine ('${this.wine}'): it is not installed (bash scripts/provision.sh)`
    });
    return { exitCode: r.timedOut || r.signal ? -1 : r.code, timedOut: r.timedOut };
  }
  async close() {
  }
};
export {
  WineExecutor,
  findWineServer,
  keepWineServer,
  stopWineServer,
  winePath,
  wineProcessEnv
};
