import { createRequire as __winshipCreateRequire } from 'node:module';
import { fileURLToPath as __winshipFileURLToPath } from 'node:url';
import { dirname as __winshipDirname } from 'node:path';
var require = __winshipCreateRequire(import.meta.url);
var __filename = __winshipFileURLToPath(import.meta.url);
var __dirname = __winshipDirname(__filename);
import {
  archiveUrl,
  describeRequest,
  formatBytes,
  formatSeconds,
  indexUrl,
  isInstalled,
  markComplete,
  parseReleaseIndex,
  resolveRelease,
  shownUrl,
  sleep,
  splitCredentials,
  toolDir
} from "./chunk-YTMLIVED.js";
import {
  UserError,
  errorMessage
} from "./chunk-CQUVSVTJ.js";
import {
  exec,
  mkdirP,
  which
} from "./chunk-XINBGEY4.js";
import {
  require_semver
} from "./chunk-W5TSU3RX.js";
import {
  HttpClient
} from "./chunk-I56QVOGP.js";
import "./chunk-ZMSUCZOD.js";
import {
  debug,
  isDebug
} from "./chunk-YOZEVNOJ.js";
import {
  __toESM
} from "./chunk-ZZLW4XE3.js";

// src/go/fetch.ts
import { createHash } from "node:crypto";
import { createWriteStream, rmSync } from "node:fs";
import { pipeline } from "node:stream/promises";

// src/go/retry.ts
var HttpStatusError = class extends Error {
  constructor(status, url) {
    super(`HTTP ${status} from ${shownUrl(url)}`);
    this.status = status;
    this.url = url;
    this.name = "HttpStatusError";
  }
  status;
  url;
};
var TruncatedError = class extends Error {
  constructor(received, expected) {
    super(`the connection closed after ${received} of ${expected} bytes`);
    this.received = received;
    this.expected = expected;
    this.name = "TruncatedError";
  }
  received;
  expected;
};
var TRANSIENT_CODES = /* @__PURE__ */ new Set([
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ECONNABORTED",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENETDOWN",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
  "ERR_STREAM_PREMATURE_CLOSE"
]);
function isTransient(err) {
  if (err instanceof HttpStatusError)
    return err.status >= 500 || err.status === 408 || err.status === 429;
  if (err instanceof TruncatedError) return true;
  if (!(err instanceof Error)) return false;
  const code = err.code;
  if (code && TRANSIENT_CODES.has(code)) return true;
  return /socket hang up|aborted|Request timeout/i.test(err.message);
}
var DEFAULT_RETRY = { attempts: 4, baseDelayMs: 1e3 };
function retryDelay(policy, retry, random = Math.random()) {
  return Math.round(policy.baseDelayMs * 2 ** (retry - 1) * (0.75 + random * 0.5));
}
async function withRetry(fn, policy = DEFAULT_RETRY, hooks = {}) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      if (attempt >= policy.attempts || !isTransient(err)) throw err;
      const delay = retryDelay(policy, attempt);
      hooks.onRetry?.(err, delay, attempt + 1);
      await (hooks.sleep ?? sleep)(delay);
    }
  }
}

// src/go/fetch.ts
function client() {
  return new HttpClient("winship-setup-go", [], {
    allowRetries: false,
    socketTimeout: 6e4,
    keepAlive: false
  });
}
function get(raw) {
  const { url, basic } = splitCredentials(raw);
  return client().get(
    url,
    basic ? { authorization: `Basic ${Buffer.from(basic).toString("base64")}` } : {}
  );
}
async function fetchText(url, opts = {}) {
  try {
    return await withRetry(
      async () => {
        const res = await get(url);
        const status = res.message.statusCode ?? 0;
        const body = await res.readBody();
        if (status !== 200) throw new HttpStatusError(status, url);
        return body;
      },
      opts.retry ?? DEFAULT_RETRY,
      opts.hooks
    );
  } catch (err) {
    throw asUserError(err, url, void 0, opts);
  }
}
async function downloadFile(url, dest, filename, opts = {}) {
  try {
    return await withRetry(
      async () => {
        try {
          return await downloadOnce(url, dest);
        } catch (err) {
          rmSync(dest, { force: true });
          throw err;
        }
      },
      opts.retry ?? DEFAULT_RETRY,
      opts.hooks
    );
  } catch (err) {
    throw asUserError(err, url, filename, opts);
  }
}
async function downloadOnce(url, dest) {
  const res = await get(url);
  const status = res.message.statusCode ?? 0;
  if (status !== 200) {
    res.message.resume();
    throw new HttpStatusError(status, url);
  }
  const expected = Number(res.message.headers["content-length"] ?? NaN);
  const hash = createHash("sha256");
  let size = 0;
  await pipeline(
    res.message,
    async function* (chunks) {
      for await (const chunk of chunks) {
        hash.update(chunk);
        size += chunk.length;
        yield chunk;
      }
    },
    createWriteStream(dest)
  );
  if (Number.isFinite(expected) && size !== expected) throw new TruncatedError(size, expected);
  return { sha256: hash.digest("hex"), size };
}
function asUserError(err, url, archive, opts = {}) {
  return new UserError(shownUrl(failureMessage(err, shownUrl(url), archive, opts)));
}
function failureMessage(err, url, archive, opts) {
  const source = opts.source ?? "go-download-base-url";
  const attempts = (opts.retry ?? DEFAULT_RETRY).attempts;
  const what = archive ?? "the Go releases index";
  if (err instanceof HttpStatusError) {
    if (err.status === 401 || err.status === 403)
      return `${url} answers HTTP ${err.status} for ${what}: the mirror wants credentials it did not get or refuses them; check ${source} (credentials go in the URL, https://user:password@host/path, and are sent as Basic auth)`;
    if (isTransient(err))
      return `Downloading ${what} from ${url} failed after ${attempts} attempts (HTTP ${err.status}): the server is failing, retry the job later`;
    if (archive === void 0)
      return `No Go releases index at ${url} (HTTP ${err.status}): check ${source} points at a Go download mirror`;
    return `The releases index lists ${archive} but ${url} answers HTTP ${err.status}: the mirror is missing that file`;
  }
  const code = err?.code;
  if (code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "EAI_NONAME") {
    const origin = safeOrigin(url);
    return `Cannot reach the Go download server ${origin} (${code}): check ${source} and the runner's network or proxy`;
  }
  if (isTransient(err))
    return `Downloading ${what} from ${url} failed after ${attempts} attempts: ${errorMessage(err)}`;
  return `Downloading ${what} from ${url} failed: ${errorMessage(err)}`;
}
function safeOrigin(url) {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

// src/go/install.ts
import { randomUUID as randomUUID2 } from "node:crypto";
import { cpSync, existsSync, mkdirSync, renameSync, rmSync as rmSync2 } from "node:fs";
import { join as join2 } from "node:path";

// node_modules/@actions/tool-cache/lib/tool-cache.js
import * as crypto from "crypto";

// node_modules/@actions/tool-cache/lib/manifest.js
var semver = __toESM(require_semver(), 1);

// node_modules/@actions/tool-cache/lib/tool-cache.js
import * as path from "path";
var semver2 = __toESM(require_semver(), 1);
import { ok } from "assert";
var __awaiter = function(thisArg, _arguments, P, generator) {
  function adopt(value) {
    return value instanceof P ? value : new P(function(resolve) {
      resolve(value);
    });
  }
  return new (P || (P = Promise))(function(resolve, reject) {
    function fulfilled(value) {
      try {
        step(generator.next(value));
      } catch (e) {
        reject(e);
      }
    }
    function rejected(value) {
      try {
        step(generator["throw"](value));
      } catch (e) {
        reject(e);
      }
    }
    function step(result) {
      result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected);
    }
    step((generator = generator.apply(thisArg, _arguments || [])).next());
  });
};
var IS_WINDOWS = process.platform === "win32";
var IS_MAC = process.platform === "darwin";
function extractTar(file_1, dest_1) {
  return __awaiter(this, arguments, void 0, function* (file, dest, flags = "xz") {
    if (!file) {
      throw new Error("parameter 'file' is required");
    }
    dest = yield _createExtractFolder(dest);
    debug("Checking tar --version");
    let versionOutput = "";
    yield exec("tar --version", [], {
      ignoreReturnCode: true,
      silent: true,
      listeners: {
        stdout: (data) => versionOutput += data.toString(),
        stderr: (data) => versionOutput += data.toString()
      }
    });
    debug(versionOutput.trim());
    const isGnuTar = versionOutput.toUpperCase().includes("GNU TAR");
    let args;
    if (flags instanceof Array) {
      args = flags;
    } else {
      args = [flags];
    }
    if (isDebug() && !flags.includes("v")) {
      args.push("-v");
    }
    let destArg = dest;
    let fileArg = file;
    if (IS_WINDOWS && isGnuTar) {
      args.push("--force-local");
      destArg = dest.replace(/\\/g, "/");
      fileArg = file.replace(/\\/g, "/");
    }
    if (isGnuTar) {
      args.push("--warning=no-unknown-keyword");
      args.push("--overwrite");
    }
    args.push("-C", destArg, "-f", fileArg);
    yield exec(`tar`, args);
    return dest;
  });
}
function extractZip(file, dest) {
  return __awaiter(this, void 0, void 0, function* () {
    if (!file) {
      throw new Error("parameter 'file' is required");
    }
    dest = yield _createExtractFolder(dest);
    if (IS_WINDOWS) {
      yield extractZipWin(file, dest);
    } else {
      yield extractZipNix(file, dest);
    }
    return dest;
  });
}
function extractZipWin(file, dest) {
  return __awaiter(this, void 0, void 0, function* () {
    const escapedFile = file.replace(/'/g, "''").replace(/"|\n|\r/g, "");
    const escapedDest = dest.replace(/'/g, "''").replace(/"|\n|\r/g, "");
    const pwshPath = yield which("pwsh", false);
    if (pwshPath) {
      const pwshCommand = [
        `$ErrorActionPreference = 'Stop' ;`,
        `try { Add-Type -AssemblyName System.IO.Compression.ZipFile } catch { } ;`,
        `try { [System.IO.Compression.ZipFile]::ExtractToDirectory('${escapedFile}', '${escapedDest}', $true) }`,
        `catch { if (($_.Exception.GetType().FullName -eq 'System.Management.Automation.MethodException') -or ($_.Exception.GetType().FullName -eq 'System.Management.Automation.RuntimeException') ){ Expand-Archive -LiteralPath '${escapedFile}' -DestinationPath '${escapedDest}' -Force } else { throw $_ } } ;`
      ].join(" ");
      const args = [
        "-NoLogo",
        "-NoProfile",
        "-NonInteractive",
        "-ExecutionPolicy",
        "Unrestricted",
        "-Command",
        pwshCommand
      ];
      debug(`Using pwsh at path: ${pwshPath}`);
      yield exec(`"${pwshPath}"`, args);
    } else {
      const powershellCommand = [
        `$ErrorActionPreference = 'Stop' ;`,
        `try { Add-Type -AssemblyName System.IO.Compression.FileSystem } catch { } ;`,
        `if ((Get-Command -Name Expand-Archive -Module Microsoft.PowerShell.Archive -ErrorAction Ignore)) { Expand-Archive -LiteralPath '${escapedFile}' -DestinationPath '${escapedDest}' -Force }`,
        `else {[System.IO.Compression.ZipFile]::ExtractToDirectory('${escapedFile}', '${escapedDest}', $true) }`
      ].join(" ");
      const args = [
        "-NoLogo",
        "-Sta",
        "-NoProfile",
        "-NonInteractive",
        "-ExecutionPolicy",
        "Unrestricted",
        "-Command",
        powershellCommand
      ];
      const powershellPath = yield which("powershell", true);
      debug(`Using powershell at path: ${powershellPath}`);
      yield exec(`"${powershellPath}"`, args);
    }
  });
}
function extractZipNix(file, dest) {
  return __awaiter(this, void 0, void 0, function* () {
    const unzipPath = yield which("unzip", true);
    const args = [file];
    if (!isDebug()) {
      args.unshift("-q");
    }
    args.unshift("-o");
    yield exec(`"${unzipPath}"`, args, { cwd: dest });
  });
}
function _createExtractFolder(dest) {
  return __awaiter(this, void 0, void 0, function* () {
    if (!dest) {
      dest = path.join(_getTempDirectory(), crypto.randomUUID());
    }
    yield mkdirP(dest);
    return dest;
  });
}
function _getTempDirectory() {
  const tempDirectory = process.env["RUNNER_TEMP"] || "";
  ok(tempDirectory, "Expected RUNNER_TEMP to be defined");
  return tempDirectory;
}

// src/go/install.ts
var ChecksumMismatchError = class extends UserError {
  constructor(filename, url, expected, actual) {
    super(
      `Checksum mismatch for ${filename} from ${url}: the releases index says sha256 ${expected}, the download is ${actual}; nothing was installed (a corrupted or tampered mirror?)`
    );
    this.filename = filename;
    this.url = url;
    this.expected = expected;
    this.actual = actual;
    this.name = "ChecksumMismatchError";
  }
  filename;
  url;
  expected;
  actual;
};
async function moveIntoPlace(from, to) {
  for (let attempt = 1; ; attempt++) {
    try {
      return renameSync(from, to);
    } catch (err) {
      const code = err.code ?? "";
      if (!["EPERM", "EACCES", "EBUSY"].includes(code)) throw err;
      if (attempt >= 5) break;
      await sleep(100 * 2 ** attempt);
    }
  }
  cpSync(from, to, { recursive: true });
}
async function installGo(req, io) {
  const { release, file, platform } = req;
  const url = archiveUrl(req.baseUrl, file.filename);
  mkdirSync(req.temp, { recursive: true });
  const archive = join2(req.temp, `${randomUUID2()}-${file.filename}`);
  io.info(`Downloading ${shownUrl(url)}`);
  const started = Date.now();
  const got = await downloadFile(url, archive, file.filename, req.fetch);
  const seconds = (Date.now() - started) / 1e3;
  io.info(`Downloaded ${formatBytes(got.size)} in ${formatSeconds(seconds)}`);
  try {
    if (got.sha256 !== file.sha256)
      throw new ChecksumMismatchError(file.filename, shownUrl(url), file.sha256, got.sha256);
    io.info(`Verified sha256 ${got.sha256}`);
    const root = toolDir(req.toolCache, release.semver, platform.toolArch);
    const staging = `${root}.staging-${randomUUID2()}`;
    mkdirSync(staging, { recursive: true });
    try {
      try {
        if (platform.archive === "zip") await extractZip(archive, staging);
        else await extractTar(archive, staging, "xz");
      } catch (err) {
        throw new UserError(`Extracting ${file.filename} failed: ${errorMessage(err)}`);
      }
      const extracted = join2(staging, "go");
      const goBinary = join2(extracted, "bin", `go${platform.exe}`);
      if (!existsSync(goBinary))
        throw new UserError(
          `${file.filename} is not a Go release archive: it has no go/bin/go${platform.exe}`
        );
      if (isInstalled(req.toolCache, release.semver, platform.toolArch)) return root;
      rmSync2(`${root}.complete`, { force: true });
      rmSync2(root, { recursive: true, force: true });
      await moveIntoPlace(extracted, root);
      markComplete(req.toolCache, release.semver, platform.toolArch);
      return root;
    } finally {
      rmSync2(staging, { recursive: true, force: true });
    }
  } finally {
    rmSync2(archive, { force: true });
  }
}

// src/go/acquire.ts
async function acquireGo(req, opts, io) {
  const fetch = {
    source: opts.baseUrlSource,
    hooks: {
      onRetry: (err, delay, attempt) => io.info(`${errorMessage(err)}; attempt ${attempt} in ${(delay / 1e3).toFixed(1)} s`)
    }
  };
  const url = indexUrl(opts.baseUrl);
  io.info(`Reading the Go releases index at ${shownUrl(url)}`);
  const releases = parseReleaseIndex(await fetchText(url, fetch), shownUrl(url));
  const { release, file } = resolveRelease(req, releases, opts.platform, shownUrl(url));
  io.info(`Resolved ${describeRequest(req)} to ${release.version} (${file.filename})`);
  if (isInstalled(opts.toolCache, release.semver, opts.platform.toolArch)) {
    const root2 = toolDir(opts.toolCache, release.semver, opts.platform.toolArch);
    io.info(`Found in the tool cache: ${root2}`);
    return { root: root2, release, cached: true };
  }
  const root = await installGo(
    {
      release,
      file,
      platform: opts.platform,
      baseUrl: opts.baseUrl,
      toolCache: opts.toolCache,
      temp: opts.temp,
      fetch
    },
    io
  );
  io.info(`Installed ${release.version} into ${root}`);
  return { root, release, cached: false };
}
export {
  acquireGo
};
