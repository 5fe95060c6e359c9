import { createRequire as __winshipCreateRequire } from 'node:module';
import { fileURLToPath as __winshipFileURLToPath } from 'node:url';
import { dirname as __winshipDirname } from 'node:path';
var require = __winshipCreateRequire(import.meta.url);
var __filename = __winshipFileURLToPath(import.meta.url);
var __dirname = __winshipDirname(__filename);
import {
  Inputs,
  coreIO,
  loadCacheClient,
  runAction,
  runnerInputs
} from "./chunks/chunk-WFMPKGEG.js";
import {
  DEFAULT_BASE_URL,
  describeRequest,
  installedVersions,
  maskUrlCredentials,
  normalizeBaseUrl,
  parseVersionSpec,
  pickInstalled,
  toolDir,
  withoutGoPrefix
} from "./chunks/chunk-OGDJK5BG.js";
import "./chunks/chunk-ULMSHBZR.js";
import "./chunks/chunk-YOZEVNOJ.js";
import {
  InputError,
  UserError,
  errorMessage
} from "./chunks/chunk-CQUVSVTJ.js";
import "./chunks/chunk-ZZLW4XE3.js";

// src/go/report.ts
import { mkdirSync } from "node:fs";
import { delimiter, join as join2 } from "node:path";

// src/go/go-env.ts
import { execFile } from "node:child_process";
function parseGoEnv(json) {
  const doc = JSON.parse(json);
  if (typeof doc !== "object" || doc === null || Array.isArray(doc))
    throw new Error("go env -json did not print an object");
  const env = {};
  for (const [k, v] of Object.entries(doc)) env[k] = typeof v === "string" ? v : String(v);
  return env;
}
function goVersionLine(env) {
  return `go version ${env.GOVERSION ?? "unknown"} ${env.GOOS ?? "?"}/${env.GOARCH ?? "?"}`;
}
function formatGoEnv(env, windows = false) {
  return Object.entries(env).map(([k, v]) => windows ? `set ${k}=${v}` : `${k}='${v.replace(/'/g, `'\\''`)}'`).join("\n");
}
function firstGopath(env, listSeparator) {
  return (env.GOPATH ?? "").split(listSeparator).find((p) => p !== "");
}
function readGoEnv(goBinary, cwd, env) {
  return new Promise((resolve, reject) => {
    execFile(
      goBinary,
      ["env", "-json"],
      { cwd, env: { ...env, GOTOOLCHAIN: "local" }, maxBuffer: 4 << 20, windowsHide: true },
      (err, stdout, stderr) => {
        if (err) {
          const detail = (stderr || err.message).trim().split(/\r?\n/)[0];
          return reject(new UserError(`'${goBinary} env -json' failed: ${detail}`));
        }
        try {
          resolve(parseGoEnv(stdout));
        } catch (e) {
          reject(new UserError(`'${goBinary} env -json' printed no JSON: ${e.message}`));
        }
      }
    );
  });
}

// src/go/matcher.ts
import { writeFileSync } from "node:fs";
import { join } from "node:path";
var GO_MATCHER_OWNER = "go";
var GO_MATCHER_REGEXP = "^\\s*(?:vet: )?((?:[A-Za-z]:)?[^\\s:]*\\.go):(\\d+)(?::(\\d+))?: (.*)$";
var GO_MATCHER = {
  problemMatcher: [
    {
      owner: GO_MATCHER_OWNER,
      pattern: [{ regexp: GO_MATCHER_REGEXP, file: 1, line: 2, column: 3, message: 4 }]
    }
  ]
};
function writeGoMatcher(dir) {
  const path = join(dir, "winship-setup-go-matcher.json");
  writeFileSync(path, `${JSON.stringify(GO_MATCHER, null, 2)}
`);
  return path;
}

// src/go/report.ts
var SETUP_GO_OUTPUTS = {
  goVersion: "go-version",
  goRoot: "go-root",
  toolCacheHit: "tool-cache-hit",
  cacheHit: "cache-hit"
};
async function reportSetup(config, result, restoreCache, io) {
  const { env, root } = result;
  mkdirSync(config.temp, { recursive: true });
  io.addMatcher(writeGoMatcher(config.temp));
  if (root && !result.foreign) {
    io.addPath(join2(root, "bin"));
    if (process.env.GOROOT && process.env.GOROOT !== root) io.exportVariable("GOROOT", root);
  }
  if (env) {
    const gopath = firstGopath(env, config.platform.os === "windows" ? ";" : delimiter);
    if (gopath) {
      mkdirSync(join2(gopath, "bin"), { recursive: true });
      io.addPath(join2(gopath, "bin"));
    }
  }
  if (!result.foreign) io.exportVariable("GOTOOLCHAIN", "local");
  io.output(SETUP_GO_OUTPUTS.goVersion, result.goVersion);
  io.output(SETUP_GO_OUTPUTS.goRoot, root ?? env?.GOROOT ?? "");
  io.output(SETUP_GO_OUTPUTS.toolCacheHit, String(result.toolCacheHit));
  if (env) {
    io.info(goVersionLine(env));
    io.logGroup("go env", formatGoEnv(env, config.platform.os === "windows"));
  }
  io.info(`Successfully set up Go ${result.goVersion}${root ? ` at ${root}` : ""}`);
  let hit = false;
  if (config.cache && env) hit = await restoreCache({ goVersion: result.goVersion, env });
  io.output(SETUP_GO_OUTPUTS.cacheHit, String(hit));
}

// src/go/setup-config.ts
import { isAbsolute, join as join3 } from "node:path";
import { tmpdir } from "node:os";

// src/go/platform.ts
var ARCHES = [
  { names: ["x64", "amd64", "x86_64"], go: "amd64", tool: "x64" },
  { names: ["x86", "x32", "ia32", "386"], go: "386", tool: "x86" },
  { names: ["arm64", "aarch64"], go: "arm64", tool: "arm64" },
  { names: ["arm", "armv6l", "armv7l"], go: "armv6l", tool: "arm" },
  { names: ["ppc64le", "ppc64"], go: "ppc64le", tool: "ppc64le" },
  { names: ["s390x"], go: "s390x", tool: "s390x" },
  { names: ["riscv64"], go: "riscv64", tool: "riscv64" },
  { names: ["loong64"], go: "loong64", tool: "loong64" }
];
var OSES = {
  linux: "linux",
  win32: "windows",
  windows: "windows",
  darwin: "darwin",
  freebsd: "freebsd",
  openbsd: "openbsd",
  netbsd: "netbsd",
  aix: "aix",
  sunos: "solaris",
  solaris: "solaris"
};
var ARCHITECTURE_NAMES = ARCHES.flatMap((a) => a.names);
function targetPlatform(opts) {
  const archName = (opts.architecture || opts.hostArch).toLowerCase();
  const arch = ARCHES.find((a) => a.names.includes(archName));
  if (!arch) {
    if (opts.architecture)
      throw new InputError(
        "architecture",
        `'${opts.architecture}' is not an architecture Go ships: use one of ${ARCHITECTURE_NAMES.join(", ")}`
      );
    throw new UserError(
      `This runner's architecture '${opts.hostArch}' has no Go build: set 'architecture' to one that does`
    );
  }
  const osName = (opts.osOverride || opts.hostOs).toLowerCase();
  const os = OSES[osName];
  if (!os) {
    if (opts.osOverride)
      throw new UserError(
        `WINSHIP_GO_TARGET_OS: '${opts.osOverride}' is not an OS Go ships: use one of linux, windows, darwin, freebsd`
      );
    throw new UserError(`This runner's OS '${opts.hostOs}' has no Go build`);
  }
  return {
    os,
    arch: arch.go,
    toolArch: arch.tool,
    archive: os === "windows" ? "zip" : "tar.gz",
    exe: os === "windows" ? ".exe" : ""
  };
}
function runsHere(platform, hostOs) {
  return OSES[hostOs] === platform.os;
}

// src/go/setup-config.ts
function readSetupGoConfig(input, env, host, mask = (s) => coreIO.mask(s)) {
  const warnings = [];
  const inputs = new Inputs(input);
  const workspace = env.GITHUB_WORKSPACE || host.cwd;
  const toolCache = env.RUNNER_TOOL_CACHE;
  if (!toolCache)
    throw new UserError(
      "RUNNER_TOOL_CACHE is not set: setup-go runs on a GitHub Actions runner (or set it to a folder)"
    );
  const versionSpec = input("go-version") || void 0;
  const fileInput = input("go-version-file");
  let versionFile;
  if (fileInput) {
    if (versionSpec)
      warnings.push(
        "Both go-version and go-version-file are set: go-version is used, go-version-file ignored"
      );
    else
      versionFile = {
        path: isAbsolute(fileInput) ? fileInput : join3(workspace, fileInput),
        shownAs: fileInput
      };
  }
  const baseInput = input("go-download-base-url");
  const baseEnv = env.GO_DOWNLOAD_BASE_URL ?? "";
  const [rawBase, baseUrlSource] = baseInput ? [baseInput, "go-download-base-url"] : baseEnv.trim() ? [baseEnv, "GO_DOWNLOAD_BASE_URL"] : [DEFAULT_BASE_URL, "go-download-base-url"];
  maskUrlCredentials(rawBase, mask);
  let baseUrl;
  try {
    baseUrl = normalizeBaseUrl(rawBase, baseUrlSource);
  } catch (err) {
    if (baseUrlSource === "go-download-base-url" && err instanceof UserError)
      throw new InputError(
        "go-download-base-url",
        err.message.replace(/^go-download-base-url: /, "")
      );
    throw err;
  }
  const architecture = input("architecture");
  const platform = targetPlatform({
    hostOs: host.os,
    hostArch: host.arch,
    architecture: architecture || void 0,
    osOverride: env.WINSHIP_GO_TARGET_OS || void 0
  });
  return {
    versionSpec,
    versionFile,
    checkLatest: inputs.boolean("check-latest", false),
    baseUrl,
    baseUrlSource,
    cache: inputs.boolean("cache", true),
    cacheDependencyPath: input("cache-dependency-path").split(/\r?\n/).map((p) => p.trim()).filter((p) => p !== "" && !p.startsWith("#")),
    platform,
    hostOs: host.os,
    workspace,
    toolCache,
    temp: env.RUNNER_TEMP || tmpdir(),
    warnings
  };
}

// src/go/setup.ts
import { readFileSync as readFileSync2 } from "node:fs";
import { join as join4 } from "node:path";

// src/go/version-file.ts
import { readFileSync, statSync } from "node:fs";
import { basename } from "node:path";
var COMMENT = /\s*\/\/.*$/;
function lines(contents) {
  return contents.replace(/^\uFEFF/, "").split(/\r?\n/);
}
function parseGoModVersion(contents) {
  let go;
  let toolchain;
  for (const [i, raw] of lines(contents).entries()) {
    const line = raw.replace(COMMENT, "").trim();
    const t = /^toolchain\s+(\S+)$/.exec(line);
    if (t && t[1] !== "default") {
      const v = /^go(\d[^-+\s]*)/.exec(t[1]);
      if (v) toolchain = { version: v[1], line: i + 1, from: "toolchain" };
      continue;
    }
    const g = /^go\s+(\S+)$/.exec(line);
    if (g) go = { version: g[1], line: i + 1, from: "go" };
  }
  return toolchain ?? go;
}
function parseToolVersions(contents) {
  for (const [i, raw] of lines(contents).entries()) {
    const line = raw.replace(/#.*$/, "").trim();
    const m = /^(golang|go)\s+(\S+)/.exec(line);
    if (m) return { version: m[2], line: i + 1, from: m[1] };
  }
  return void 0;
}
function parsePlainVersion(contents) {
  for (const [i, raw] of lines(contents).entries()) {
    const line = raw.replace(/#.*$/, "").trim();
    if (line !== "") return { version: line, line: i + 1, from: "version" };
  }
  return void 0;
}
function parseVersionFile(fileName, contents) {
  const name = basename(fileName);
  if (name === "go.mod" || name === "go.work") return parseGoModVersion(contents);
  if (name === ".tool-versions") return parseToolVersions(contents);
  return parsePlainVersion(contents);
}
function expected(fileName) {
  const name = basename(fileName);
  if (name === "go.mod" || name === "go.work") return "a 'go 1.x' or 'toolchain go1.x.y' line";
  if (name === ".tool-versions") return "a 'golang 1.x.y' line";
  return "a Go version such as 1.22.5";
}
function readVersionFile(path, shownAs) {
  let contents;
  try {
    if (statSync(path).isDirectory())
      throw new UserError(
        `go-version-file '${shownAs}' is a directory: name a go.mod, go.work, .go-version or .tool-versions file`
      );
    contents = readFileSync(path, "utf8");
  } catch (err) {
    if (err instanceof UserError) throw err;
    const code = err.code;
    const why = code === "ENOENT" ? "does not exist" : `cannot be read (${errorMessage(err)})`;
    throw new UserError(
      `go-version-file '${shownAs}' ${why}: check the path (it is relative to the workspace)`
    );
  }
  const found = parseVersionFile(path, contents);
  if (!found)
    throw new UserError(`${shownAs} has no Go version: expected ${expected(path)}`, shownAs);
  return found;
}

// src/go/setup.ts
function versionSource(config, io) {
  if (config.versionSpec) return { spec: config.versionSpec, where: "Input 'go-version'" };
  if (!config.versionFile) return void 0;
  const { path, shownAs } = config.versionFile;
  const found = readVersionFile(path, shownAs);
  io.info(`Read Go ${found.version} from ${shownAs} (${found.from}, line ${found.line})`);
  return {
    spec: found.version,
    where: `${shownAs} line ${found.line}`,
    file: shownAs,
    line: found.line
  };
}
function requestFrom(source) {
  try {
    return parseVersionSpec(source.spec, source.where);
  } catch (err) {
    if (err instanceof UserError && source.file)
      throw new UserError(err.message, source.file, source.line);
    throw err;
  }
}
function envFor(root) {
  const env = { ...process.env };
  if (env.GOROOT && env.GOROOT !== root) delete env.GOROOT;
  return env;
}
function versionOf(root) {
  try {
    return readFileSync2(join4(root, "VERSION"), "utf8").split(/\r?\n/)[0]?.trim() || void 0;
  } catch {
    return void 0;
  }
}
async function setupGo(config, io) {
  for (const w of config.warnings) io.warning(w);
  const source = versionSource(config, io);
  if (!source) return useGoOnPath(config, io);
  const request = requestFrom(source);
  io.info(`Setup go version spec ${source.spec}`);
  const { platform } = config;
  let root;
  let goName;
  let toolCacheHit = false;
  if (!config.checkLatest) {
    const version = pickInstalled(request, installedVersions(config.toolCache, platform.toolArch));
    if (version) {
      root = toolDir(config.toolCache, version, platform.toolArch);
      toolCacheHit = true;
      io.info(`Found in the tool cache: ${root}`);
    }
  }
  if (!root) {
    const { acquireGo } = await import("./chunks/acquire-5TQMMW7F.js");
    const got = await acquireGo(request, config, io);
    root = got.root;
    goName = got.release.version;
    toolCacheHit = got.cached;
  }
  if (!runsHere(platform, config.hostOs)) {
    const name = goName ?? versionOf(root) ?? describeRequest(request);
    io.info(
      `${name} is a ${platform.os}/${platform.arch} build: stored in the tool cache, not run on this ${config.hostOs} runner`
    );
    return { root, goVersion: withoutGoPrefix(name), toolCacheHit, foreign: true, request };
  }
  const env = await readGoEnv(
    join4(root, "bin", `go${platform.exe}`),
    config.workspace,
    envFor(root)
  );
  const reported = (env.GOVERSION ?? "").split(" ")[0] ?? "";
  if (goName && reported && reported !== goName)
    io.warning(
      `The releases index calls this archive ${goName} but its go reports ${reported}: check the mirror`
    );
  return {
    root,
    goVersion: withoutGoPrefix(reported || goName || ""),
    env,
    toolCacheHit,
    foreign: false,
    request
  };
}
async function useGoOnPath(config, io) {
  io.warning("Neither go-version nor go-version-file is set: using the Go already on PATH");
  let env;
  try {
    env = await readGoEnv(`go${config.platform.exe}`, config.workspace, process.env);
  } catch (err) {
    if (!(err instanceof UserError) || !/ENOENT/.test(err.message)) throw err;
    throw new UserError(
      "No go-version or go-version-file given and no go on PATH: set go-version (e.g. '1.22') or go-version-file: go.mod"
    );
  }
  return {
    goVersion: withoutGoPrefix((env.GOVERSION ?? "").split(" ")[0] ?? ""),
    env,
    toolCacheHit: false,
    foreign: false
  };
}

// src/actions/setup-go/main.ts
function setupGoStep(io) {
  const config = readSetupGoConfig(
    runnerInputs,
    process.env,
    { os: process.platform, arch: process.arch, cwd: process.cwd() },
    (secret) => io.mask(secret)
  );
  return async () => {
    const result = await setupGo(config, io);
    await reportSetup(
      config,
      result,
      async ({ goVersion, env }) => {
        const { restoreGoCache } = await import("./chunks/go-cache-6URNO7K5.js");
        const request = {
          workspace: config.workspace,
          patterns: config.cacheDependencyPath,
          runnerOs: process.env.RUNNER_OS || config.platform.os,
          arch: config.platform.toolArch,
          goVersion,
          gomodcache: env.GOMODCACHE,
          gocache: env.GOCACHE,
          load: () => loadCacheClient(process.env)
        };
        return restoreGoCache(request, io);
      },
      io
    );
  };
}
async function run() {
  await runAction("setup-go", (io) => setupGoStep(io)());
}

// src/actions/setup-go/index.ts
await run();
