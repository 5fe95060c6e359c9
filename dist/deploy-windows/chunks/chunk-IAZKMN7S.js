import { createRequire as __winshipCreateRequire } from 'node:module';
import { fileURLToPath as __winshipFileURLToPath } from 'node:url';
import { dirname as __winshipDirname } from 'node:path';
var require = __winshipCreateRequire(import.meta.url);
var __filename = __winshipFileURLToPath(import.meta.url);
var __dirname = __winshipDirname(__filename);
import {
  UserError
} from "./chunk-CQUVSVTJ.js";

// src/windows/validate.ts
function validateServiceName(name) {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$/.test(name) || name.endsWith("."))
    throw new UserError(
      `Invalid service name '${name}': use 1 to 80 letters, digits, '_', '-' or '.', starting with a letter or digit`
    );
  return name;
}
var RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;
function validateWindowsPath(path, what = "path") {
  const p = path.replace(/\//g, "\\");
  if (!/^[A-Za-z]:\\/.test(p))
    throw new UserError(
      `Invalid ${what} '${path}': expected an absolute Windows path like C:\\ProgramData\\app`
    );
  if (/[\0-\x1f"<>|?*]/.test(p.slice(2)) || p.slice(2).includes(":"))
    throw new UserError(
      `Invalid ${what} '${path}': control characters and " < > | ? * : are not allowed`
    );
  if (p.length > 240) throw new UserError(`Invalid ${what} '${path}': longer than 240 characters`);
  const parts = p.slice(3).split("\\").filter((s) => s !== "");
  for (const part of parts) {
    if (part === "." || part === "..")
      throw new UserError(`Invalid ${what} '${path}': '.' and '..' components are not allowed`);
    if (RESERVED.test(part) || /[ .]$/.test(part))
      throw new UserError(`Invalid ${what} '${path}': '${part}' is not a valid Windows file name`);
  }
  return `${p.slice(0, 3)}${parts.join("\\")}`;
}
function validateFileName(name, what = "file name") {
  if (name === "" || // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  /[\0-\x1f"<>|?*:\\/]/.test(name) || RESERVED.test(name) || /[ .]$/.test(name) || name === "..")
    throw new UserError(`Invalid ${what} '${name}': not a valid Windows file name`);
  return name;
}
function hasControlCharacter(text) {
  return [...text].some((c) => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127);
}
function refuseControlCharacters(value, what) {
  if (hasControlCharacter(value))
    throw new UserError(
      `Invalid ${what} ${JSON.stringify(value)}: control characters and newlines are not allowed`
    );
  return value;
}
function validateVersion(version) {
  if (!/^[0-9A-Za-z][0-9A-Za-z.+_-]{0,63}$/.test(version) || version.endsWith("."))
    throw new UserError(
      `Invalid version '${version}': use up to 64 letters, digits, '.', '-', '_' or '+' (for example 1.4.2)`
    );
  return version;
}
function winJoin(...parts) {
  return parts.map((p, i) => i === 0 ? p.replace(/\\+$/, "") : p.replace(/^\\+|\\+$/g, "")).filter((p) => p !== "").join("\\");
}

// src/runner/time.ts
function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// src/windows/quote.ts
var NEEDS_QUOTES = /[ \t\n\v"]/;
function quoteArg(arg) {
  if (arg !== "" && !NEEDS_QUOTES.test(arg)) return arg;
  let out = '"';
  let backslashes = 0;
  for (const ch of arg) {
    if (ch === "\\") {
      backslashes++;
    } else if (ch === '"') {
      out += "\\".repeat(backslashes * 2 + 1) + '"';
      backslashes = 0;
    } else {
      out += "\\".repeat(backslashes) + ch;
      backslashes = 0;
    }
  }
  return out + "\\".repeat(backslashes * 2) + '"';
}
function quoteProgram(program) {
  if (program === "" || /["\r\n\0]/.test(program))
    throw new UserError(`Cannot run program '${program}': empty or containing a quote or newline`);
  return /[ \t]/.test(program) ? `"${program}"` : program;
}
function toCommandLine(argv) {
  const [program, ...args] = argv;
  if (program === void 0) throw new UserError("Cannot run an empty command");
  for (const a of argv) assertCmdSafe(a);
  return [quoteProgram(program), ...args.map(quoteArg)].join(" ");
}
var CMD_META = /[\^&|<>()"!]/g;
function escapeForBatch(commandLine) {
  assertCmdSafe(commandLine);
  return commandLine.replace(CMD_META, "^$&").replace(/%/g, "%%");
}
function assertCmdSafe(text) {
  for (const ch of text) {
    const c = ch.charCodeAt(0);
    if (c < 32 && ch !== "	" || c === 127)
      throw new UserError(
        `A value sent to Windows contains a newline, NUL or other control character, which cmd.exe cannot pass on reliably: ${JSON.stringify(text)}`
      );
  }
}

// src/hosts/command-file.ts
function commandLinePath(windowsPath) {
  if (!/^[A-Za-z]:\\[A-Za-z0-9_.\\-]+$/.test(windowsPath))
    throw new UserError(
      `The scratch folder path '${windowsPath}' cannot be passed on the ssh command line: use letters, digits, '_', '-', '.' and '\\' only`
    );
  return windowsPath;
}
var NOT_UTF8_MARKER = "WINSHIP-COMMAND-FILE-NOT-READ-AS-UTF8";
var NotUtf8Error = class extends UserError {
  constructor(host) {
    super(
      `${host}: this host does not read command files as UTF-8 (cmd.exe refused or ignored chcp 65001), so a command holding non-ASCII text cannot be carried safely and was not run: use ASCII in display-name, description, environment and arguments for this host, or a host whose cmd.exe accepts chcp 65001`
    );
    this.host = host;
    this.name = "NotUtf8Error";
  }
  host;
};
function refusedAsNotUtf8(host, result) {
  if (result.exitCode !== 0 && result.stderr.includes(NOT_UTF8_MARKER))
    throw new NotUtf8Error(host);
}
var PROBE = "\u3042\u3042xx";
var PROBE_TAIL = "x";
function commandFile(argv, opts = {}) {
  const line = escapeForBatch(toCommandLine(argv));
  const out = opts.stdoutFile ? ` 1>${commandLinePath(opts.stdoutFile)}` : "";
  const err = opts.stderrFile ? ` 2>${commandLinePath(opts.stderrFile)}` : "";
  const ascii = [...line].every((ch) => ch.charCodeAt(0) < 128);
  const refuse = opts.stderrFile ? `>>${commandLinePath(opts.stderrFile)} echo ${NOT_UTF8_MARKER}` : `echo ${NOT_UTF8_MARKER} 1>&2`;
  return [
    "@echo off",
    ...opts.removeFirst ? [`del /f /q ${commandLinePath(opts.removeFirst)} >nul 2>&1`] : [],
    ...ascii ? ["setlocal DisableDelayedExpansion"] : [
      "chcp 65001 >nul 2>&1 || goto winship_not_utf8",
      "setlocal DisableDelayedExpansion",
      `set "WINSHIP_UTF8=${PROBE}"`,
      `if not "%WINSHIP_UTF8:~3%"=="${PROBE_TAIL}" goto winship_not_utf8`
    ],
    `${line}${out}${err}`,
    "set WINSHIP_RC=%ERRORLEVEL%",
    ...opts.rcFile ? [`>${commandLinePath(opts.rcFile)} echo %WINSHIP_RC%`] : [],
    ...opts.rcOnStderr ? [`>&2 echo ${RC_MARKER}%WINSHIP_RC%`] : [],
    "exit /b %WINSHIP_RC%",
    ...ascii ? [] : [":winship_not_utf8", refuse, "exit /b 1"],
    ""
  ].join("\r\n");
}
var RC_MARKER = "WINSHIP-RC:";
function takeRcMarker(stderr) {
  const re = new RegExp(`(?:^|\\r?\\n)${RC_MARKER}(-?\\d+)[ \\t]*(?:\\r?\\n)?$`);
  const m = re.exec(stderr);
  if (!m) return { stderr };
  return { code: Number(m[1]), stderr: stderr.slice(0, m.index) };
}
function parseRcFile(text) {
  const m = /^\s*(-?\d+)\s*$/.exec(
    typeof text === "string" ? text : text?.toString("latin1") ?? ""
  );
  return m ? Number(m[1]) : void 0;
}
function batchCommandFile(argvs, opts) {
  if (!/^[A-Za-z0-9-]{8,64}$/.test(opts.separator))
    throw new Error(`invalid batch separator ${opts.separator}`);
  const lines = argvs.map((argv) => escapeForBatch(toCommandLine(argv)));
  const ascii = lines.every((line) => [...line].every((ch) => ch.charCodeAt(0) < 128));
  return [
    "@echo off",
    ...opts.removeFirst ? [`del /f /q ${commandLinePath(opts.removeFirst)} >nul 2>&1`] : [],
    ...ascii ? ["setlocal DisableDelayedExpansion"] : [
      "chcp 65001 >nul 2>&1 || goto winship_not_utf8",
      "setlocal DisableDelayedExpansion",
      `set "WINSHIP_UTF8=${PROBE}"`,
      `if not "%WINSHIP_UTF8:~3%"=="${PROBE_TAIL}" goto winship_not_utf8`
    ],
    ...lines.flatMap((line) => [
      line,
      "set WINSHIP_RC=%ERRORLEVEL%",
      `echo ${opts.separator}`,
      `>&2 echo ${RC_MARKER}%WINSHIP_RC%`
    ]),
    "exit /b 0",
    ...ascii ? [] : [":winship_not_utf8", `echo ${NOT_UTF8_MARKER} 1>&2`, "exit /b 1"],
    ""
  ].join("\r\n");
}
function splitBatch(n, out, separator, missing) {
  const outs = out.stdout.split(separator).map((t, i) => i ? t.replace(/^\r?\n/, "") : t);
  const marker = new RegExp(`${RC_MARKER}(-?\\d+)[ \\t]*\\r?\\n?`, "g");
  const errs = [];
  let from = 0;
  for (const m of out.stderr.matchAll(marker)) {
    errs.push({ code: Number(m[1]), text: out.stderr.slice(from, m.index) });
    from = m.index + m[0].length;
  }
  return Array.from(
    { length: n },
    (_, i) => errs[i] ? { exitCode: errs[i].code, stdout: outs[i] ?? "", stderr: errs[i].text } : {
      exitCode: -1,
      stdout: outs[i] ?? "",
      stderr: i === errs.length ? `${out.stderr.slice(from)}${missing}` : missing
    }
  );
}

// src/runner/process.ts
import { spawn } from "node:child_process";
function runProcess(file, args, opts = {}) {
  const started = process.hrtime.bigint();
  const { timeoutMs } = opts;
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: opts.discardOutput ? "ignore" : ["ignore", "pipe", "pipe"],
      windowsHide: true
    });
    const out = [];
    const err = [];
    child.stdout?.on("data", (d) => out.push(d));
    child.stderr?.on("data", (d) => err.push(d));
    let timedOut = false;
    const timer = timeoutMs !== void 0 && Number.isFinite(timeoutMs) ? setTimeout(
      () => {
        timedOut = true;
        child.kill("SIGKILL");
      },
      Math.max(0, timeoutMs)
    ) : void 0;
    child.on("error", (e) => {
      if (timer) clearTimeout(timer);
      if (e.code === "ENOENT") reject(new UserError(opts.missing ?? `'${file}' is not on PATH`));
      else reject(e);
    });
    child.on(opts.discardOutput ? "exit" : "close", (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({
        code: code ?? (signal ? 128 : 1),
        signal,
        stdout: Buffer.concat(out).toString(opts.encoding ?? "utf8"),
        stderr: Buffer.concat(err).toString(opts.encoding ?? "utf8"),
        timedOut,
        seconds: Number(process.hrtime.bigint() - started) / 1e9
      });
    });
  });
}
function tail(text, lines = 15) {
  return text.trimEnd().split(/\r?\n/).slice(-lines).join("\n");
}

// src/hosts/local-files.ts
import { randomBytes } from "node:crypto";
import { copyFile, mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { connect } from "node:net";

// src/runner/sha256.ts
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
async function hashFile(path) {
  let size = 0;
  const sha256 = await sha256OfStream(createReadStream(path, { highWaterMark: 1 << 20 }), (n) => {
    size += n;
  });
  return { sha256, size };
}
async function sha256OfStream(stream, onChunk) {
  const hash = createHash("sha256");
  for await (const chunk of stream) {
    hash.update(chunk);
    onChunk?.(chunk.length);
  }
  return hash.digest("hex");
}

// src/hosts/local-files.ts
import { dirname } from "node:path";
function localFileOps(map) {
  const replaceWith = async (target, write) => {
    await mkdir(dirname(target), { recursive: true });
    const tmp = `${target}.${randomBytes(4).toString("hex")}.part`;
    await write(tmp);
    await rename(tmp, target);
  };
  return {
    // async: a refused path is a rejected promise, as from every other executor.
    upload: async (localPath, windowsPath) => replaceWith(map(windowsPath), (tmp) => copyFile(localPath, tmp)),
    writeFile: async (windowsPath, data) => replaceWith(map(windowsPath), (tmp) => writeFile(tmp, data)),
    readFile: async (windowsPath) => unlessMissing(readFile(map(windowsPath))),
    sha256File: async (windowsPath) => unlessMissing(hashFile(map(windowsPath)).then((d) => d.sha256)),
    openTcp: openLoopbackTcp
  };
}
async function unlessMissing(read) {
  try {
    return await read;
  } catch (e) {
    const code = e.code;
    if (code === "ENOENT" || code === "ENOTDIR") return void 0;
    throw e;
  }
}
function openLoopbackTcp(host, port) {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    socket.once("connect", () => {
      socket.removeListener("error", reject);
      resolve(socket);
    });
    socket.once("error", reject);
  });
}

export {
  validateServiceName,
  validateWindowsPath,
  validateFileName,
  hasControlCharacter,
  refuseControlCharacters,
  validateVersion,
  winJoin,
  sleep,
  quoteArg,
  hashFile,
  sha256OfStream,
  commandLinePath,
  refusedAsNotUtf8,
  commandFile,
  takeRcMarker,
  parseRcFile,
  batchCommandFile,
  splitBatch,
  runProcess,
  tail,
  localFileOps
};
