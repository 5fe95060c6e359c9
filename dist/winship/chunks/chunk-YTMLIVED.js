import { createRequire as __winshipCreateRequire } from 'node:module';
import { fileURLToPath as __winshipFileURLToPath } from 'node:url';
import { dirname as __winshipDirname } from 'node:path';
var require = __winshipCreateRequire(import.meta.url);
var __filename = __winshipFileURLToPath(import.meta.url);
var __dirname = __winshipDirname(__filename);
import {
  UserError
} from "./chunk-CQUVSVTJ.js";
import {
  require_clean,
  require_major,
  require_minor,
  require_rcompare,
  require_satisfies,
  require_valid,
  require_valid2
} from "./chunk-W5TSU3RX.js";
import {
  __toESM
} from "./chunk-ZZLW4XE3.js";

// src/go/version.ts
var import_clean = __toESM(require_clean(), 1);
var import_valid = __toESM(require_valid(), 1);
var import_valid2 = __toESM(require_valid2(), 1);
var GO_VERSION = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:(rc|beta|alpha)(\d+))?$/;
function goToSemver(name) {
  const m = GO_VERSION.exec(name.trim().replace(/^go/, ""));
  if (!m) return void 0;
  const [, major, minor = "0", patch = "0", pre, preN] = m;
  return `${Number(major)}.${Number(minor)}.${Number(patch)}${pre ? `-${pre}.${Number(preN)}` : ""}`;
}
function withoutGoPrefix(name) {
  return name.replace(/^go/, "");
}
function parseVersionSpec(spec, where) {
  const text = spec.trim();
  const lower = text.toLowerCase();
  if (lower === "stable" || lower === "oldstable") return { kind: "alias", alias: lower };
  const bare = text.replace(/^(go|v)(?=\d)/, "");
  const m = GO_VERSION.exec(bare);
  if (m) {
    const [, , minor, patch, pre] = m;
    if (patch === void 0 && pre === void 0)
      return { kind: "range", range: minor === void 0 ? `${bare}.x` : `~${bare}.0`, spec: text };
    return { kind: "exact", version: goToSemver(bare) };
  }
  const exact = (0, import_valid.default)(bare);
  if (exact) return { kind: "exact", version: (0, import_clean.default)(exact) ?? exact };
  if (text !== "" && (0, import_valid2.default)(text)) return { kind: "range", range: text };
  throw new UserError(
    `${where}: '${spec}' is not a Go version: use an exact version (1.22.5), a minor line (1.22), a semver range (^1.22, >=1.21 <1.23), stable or oldstable`
  );
}
function describeRequest(req) {
  switch (req.kind) {
    case "exact":
      return req.version;
    case "range":
      return `'${req.spec ?? req.range}'`;
    case "alias":
      return req.alias;
  }
}

// src/go/url-credentials.ts
var USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^/?#@\s]*@/gi;
function shownUrl(text) {
  return text.replace(USERINFO, "$1***@");
}
function splitCredentials(raw) {
  let url;
  try {
    url = new URL(raw);
  } catch {
    return { url: raw };
  }
  if (!url.username && !url.password) return { url: raw };
  const basic = `${decode(url.username)}:${decode(url.password)}`;
  url.username = "";
  url.password = "";
  return { url: url.href, basic };
}
function maskUrlCredentials(raw, mask) {
  for (const s of urlSecrets(raw)) mask(s);
}
function urlSecrets(raw) {
  const m = /^[a-z][a-z0-9+.-]*:\/\/([^/?#@\s]*)@/i.exec(raw.trim());
  if (!m) return [];
  const userinfo = m[1];
  const colon = userinfo.indexOf(":");
  const password = colon < 0 ? userinfo : userinfo.slice(colon + 1);
  const forms = [userinfo, decode(userinfo), password, decode(password)];
  return [...new Set(forms)].filter((s) => s !== "");
}
function decode(s) {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

// src/go/releases.ts
var DEFAULT_BASE_URL = "https://go.dev/dl";
function indexUrl(base) {
  return `${base}/?mode=json&include=all`;
}
function archiveUrl(base, filename) {
  return `${base}/${encodeURIComponent(filename)}`;
}
function normalizeBaseUrl(raw, source) {
  const text = raw.trim().replace(/\/+$/, "");
  let url;
  try {
    url = new URL(text);
  } catch {
    throw new UserError(
      `${source}: '${shownUrl(raw)}' is not a URL: give the mirror's base, e.g. https://go.dev/dl`
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new UserError(
      `${source}: '${shownUrl(raw)}' must be an http(s) URL, e.g. https://go.dev/dl`
    );
  if (url.search || url.hash)
    throw new UserError(
      `${source}: '${shownUrl(raw)}' must be the mirror's base without a query: the index is read from <base>/?mode=json&include=all`
    );
  return text;
}
var isObject = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
function parseReleaseIndex(text, url) {
  const bad = (detail) => new UserError(
    `The Go releases index at ${shownUrl(url)} is malformed (${detail}): check go-download-base-url points at a Go download mirror`
  );
  let doc;
  try {
    doc = JSON.parse(text);
  } catch {
    const start = text.trimStart().slice(0, 40).replace(/\s+/g, " ");
    throw bad(`not JSON: starts with '${start}'`);
  }
  if (!Array.isArray(doc)) throw bad("expected a JSON array of releases");
  const releases = [];
  for (const [i, entry] of doc.entries()) {
    if (!isObject(entry) || typeof entry.version !== "string" || !Array.isArray(entry.files))
      throw bad(`release #${i + 1} has no version or files`);
    const semver = goToSemver(entry.version);
    if (!semver) continue;
    const files = [];
    for (const f of entry.files) {
      if (!isObject(f) || typeof f.filename !== "string" || typeof f.os !== "string" || typeof f.arch !== "string" || typeof f.sha256 !== "string")
        throw bad(`a file of ${entry.version} lacks filename, os, arch or sha256`);
      if (!/^[0-9a-f]{64}$/i.test(f.sha256)) throw bad(`${f.filename} has no valid sha256`);
      if (!/^[A-Za-z0-9][A-Za-z0-9._+-]*$/.test(f.filename))
        throw bad(`'${f.filename}' is not a plain file name`);
      files.push({
        filename: f.filename,
        os: f.os,
        arch: f.arch,
        sha256: f.sha256.toLowerCase(),
        size: typeof f.size === "number" ? f.size : void 0,
        kind: typeof f.kind === "string" ? f.kind : "archive"
      });
    }
    releases.push({ version: entry.version, semver, stable: entry.stable === true, files });
  }
  if (releases.length === 0) throw bad("it lists no Go releases");
  return releases;
}

// src/go/resolve.ts
var import_rcompare = __toESM(require_rcompare(), 1);
var import_satisfies = __toESM(require_satisfies(), 1);
var import_minor = __toESM(require_minor(), 1);
var import_major = __toESM(require_major(), 1);
function matches(req, semver) {
  if (req.kind === "exact") return semver === req.version;
  if (req.kind === "range") return (0, import_satisfies.default)(semver, req.range);
  return false;
}
function archiveFor(release, platform) {
  return release.files.find(
    (f) => f.os === platform.os && f.arch === platform.arch && (f.kind === "archive" || f.kind === "") && f.filename.endsWith(`.${platform.archive}`)
  );
}
function newestFirst(releases) {
  return [...releases].sort((a, b) => (0, import_rcompare.default)(a.semver, b.semver));
}
function aliasRelease(alias, releases) {
  const stable = releases.filter((r) => r.stable);
  const newest = stable[0];
  if (!newest || alias === "stable") return newest;
  const line = (r) => (0, import_major.default)(r.semver) * 1e3 + (0, import_minor.default)(r.semver);
  return stable.find((r) => line(r) < line(newest));
}
function newestNames(releases) {
  return releases.filter((r) => r.stable).slice(0, 3).map((r) => r.semver).join(", ");
}
function resolveRelease(req, index, platform, indexUrl2) {
  const releases = newestFirst(index);
  const target = `${platform.os}/${platform.arch}`;
  const candidates = req.kind === "alias" ? [aliasRelease(req.alias, releases)].filter((r) => !!r) : releases.filter((r) => matches(req, r.semver));
  if (candidates.length === 0) {
    throw new UserError(
      `Go ${describeRequest(req)} is not in the releases index at ${indexUrl2} (newest stable: ${newestNames(releases) || "none"}): check go-version, or refresh the mirror`
    );
  }
  for (const release of candidates) {
    const file = archiveFor(release, platform);
    if (file) return { release, file };
  }
  const newest = candidates[0];
  const builds = [
    ...new Set(newest.files.filter((f) => f.kind === "archive").map((f) => `${f.os}/${f.arch}`))
  ];
  const has = `${candidates.length === 1 ? "it has" : `${newest.semver} has`}: ${builds.join(", ") || "none"}`;
  const what = candidates.length === 1 ? `Go ${newest.semver} has no ${platform.archive} build for ${target}` : `No Go release matching ${describeRequest(req)} has a ${platform.archive} build for ${target}`;
  throw new UserError(`${what} (${has}): pick another version or set 'architecture'`);
}
function pickInstalled(req, installed) {
  if (req.kind === "alias") return void 0;
  return [...installed].sort(import_rcompare.default).find((v) => matches(req, v));
}

// src/go/tool-cache.ts
var import_valid3 = __toESM(require_valid(), 1);
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
var TOOL_NAME = "go";
function toolDir(root, version, toolArch) {
  return join(root, TOOL_NAME, version, toolArch);
}
function isInstalled(root, version, toolArch) {
  const dir = toolDir(root, version, toolArch);
  return existsSync(`${dir}.complete`) && existsSync(dir);
}
function installedVersions(root, toolArch) {
  let names;
  try {
    names = readdirSync(join(root, TOOL_NAME));
  } catch {
    return [];
  }
  return names.filter((v) => (0, import_valid3.default)(v) === v && isInstalled(root, v, toolArch));
}
function markComplete(root, version, toolArch) {
  writeFileSync(`${toolDir(root, version, toolArch)}.complete`, "");
}

// src/runner/markdown.ts
function escapeCell(text) {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}
function table(header, rows) {
  const line = (cells) => `| ${cells.map(escapeCell).join(" | ")} |`;
  return [line(header), `| ${header.map(() => "---").join(" | ")} |`, ...rows.map(line)].join("\n") + "\n";
}
function formatBytes(n) {
  if (n < 1024) return `${n} B`;
  const units = ["KiB", "MiB", "GiB"];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 2 : 1)} ${units[i]}`;
}
function formatSeconds(s) {
  return s < 10 ? `${s.toFixed(2)} s` : `${s.toFixed(1)} s`;
}

// src/runner/time.ts
function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export {
  table,
  formatBytes,
  formatSeconds,
  sleep,
  withoutGoPrefix,
  parseVersionSpec,
  describeRequest,
  shownUrl,
  splitCredentials,
  maskUrlCredentials,
  DEFAULT_BASE_URL,
  indexUrl,
  archiveUrl,
  normalizeBaseUrl,
  parseReleaseIndex,
  resolveRelease,
  pickInstalled,
  toolDir,
  isInstalled,
  installedVersions,
  markComplete
};
