import { createRequire as __winshipCreateRequire } from 'node:module';
import { fileURLToPath as __winshipFileURLToPath } from 'node:url';
import { dirname as __winshipDirname } from 'node:path';
var require = __winshipCreateRequire(import.meta.url);
var __filename = __winshipFileURLToPath(import.meta.url);
var __dirname = __winshipDirname(__filename);
import {
  addPath,
  debug,
  endGroup,
  error,
  exportVariable,
  getInput,
  getState,
  group,
  info,
  saveState,
  setOutput,
  setSecret,
  startGroup,
  summary,
  warning
} from "./chunks/chunk-V3ZIWQK6.js";
import "./chunks/chunk-ZZLW4XE3.js";

// src/bench/config.ts
import { existsSync, statSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";

// src/runner/errors.ts
var UserError = class extends Error {
  constructor(message, file, line) {
    super(message);
    this.file = file;
    this.line = line;
    this.name = "UserError";
  }
  file;
  line;
};
var InputError = class extends UserError {
  constructor(input, problem) {
    super(`Input '${input}': ${problem}`);
    this.input = input;
    this.name = "InputError";
  }
  input;
};
function errorMessage(err) {
  return err instanceof Error ? err.message : String(err);
}

// src/runner/io.ts
import { randomBytes } from "node:crypto";
function quotedLines(text, print) {
  if (text === "") return;
  const token = randomBytes(16).toString("hex");
  print(`::stop-commands::${token}`);
  print(text.replace(/\n$/, ""));
  print(`::${token}::`);
}

// src/runner/core-io.ts
function annotation(props = {}) {
  const p = {};
  if (props.title) p.title = props.title;
  if (props.file) p.file = props.file;
  if (props.line) p.startLine = props.line;
  if (props.column) p.startColumn = props.column;
  return p;
}
var coreIO = {
  info: (message) => info(message),
  debug: (message) => debug(message),
  warning: (message, props) => warning(message, annotation(props)),
  error: (message, props) => error(message, annotation(props)),
  logGroup: (title, text) => {
    startGroup(title);
    quotedLines(text, (line) => info(line));
    endGroup();
  },
  group: (title, body) => group(title, body),
  mask: (secret) => setSecret(secret),
  output: (name, value2) => setOutput(name, value2),
  exportVariable: (name, value2) => exportVariable(name, value2),
  addPath: (dir) => addPath(dir),
  // @actions/core has no function for it; the runner reads the command from the log.
  addMatcher: (file) => info(`::add-matcher::${file}`),
  saveState: (name, value2) => saveState(name, value2),
  getState: (name) => getState(name),
  summary: async (markdown) => {
    if (process.env.GITHUB_STEP_SUMMARY) await summary.addRaw(markdown).write();
  }
};

// src/runner/inputs.ts
var runnerInputs = (name) => getInput(name);
var Inputs = class {
  constructor(source = runnerInputs, mask = (s) => coreIO.mask(s)) {
    this.source = source;
    this.mask = mask;
  }
  source;
  mask;
  string(name) {
    return this.source(name);
  }
  required(name) {
    const value2 = this.source(name);
    if (value2 === "") throw new InputError(name, "is required and was empty");
    return value2;
  }
  /** A secret: masked in the log from the moment it is read. */
  secret(name) {
    const value2 = this.source(name);
    if (value2 !== "") {
      this.mask(value2);
      for (const line of value2.split(/\r?\n/)) if (line.trim().length > 3) this.mask(line.trim());
    }
    return value2;
  }
  boolean(name, fallback = false) {
    const value2 = this.source(name);
    if (value2 === "") return fallback;
    if (/^(true|yes|on|1)$/i.test(value2)) return true;
    if (/^(false|no|off|0)$/i.test(value2)) return false;
    throw new InputError(name, `expected true or false, got '${value2}'`);
  }
  integer(name, opts = {}) {
    const value2 = this.source(name);
    if (value2 === "") {
      if (opts.fallback !== void 0) return opts.fallback;
      throw new InputError(name, "is required and was empty");
    }
    if (!/^-?\d+$/.test(value2))
      throw new InputError(name, `expected a whole number, got '${value2}'`);
    const n = Number(value2);
    if (opts.min !== void 0 && n < opts.min)
      throw new InputError(name, `must be at least ${opts.min}, got ${n}`);
    if (opts.max !== void 0 && n > opts.max)
      throw new InputError(name, `must be at most ${opts.max}, got ${n}`);
    return n;
  }
  number(name, opts = {}) {
    const value2 = this.source(name);
    if (value2 === "") {
      if (opts.fallback !== void 0) return opts.fallback;
      throw new InputError(name, "is required and was empty");
    }
    const n = Number(value2);
    if (!Number.isFinite(n)) throw new InputError(name, `expected a number, got '${value2}'`);
    if (opts.min !== void 0 && n < opts.min)
      throw new InputError(name, `must be at least ${opts.min}, got ${n}`);
    if (opts.max !== void 0 && n > opts.max)
      throw new InputError(name, `must be at most ${opts.max}, got ${n}`);
    return n;
  }
  oneOf(name, allowed, fallback) {
    const value2 = this.source(name);
    if (value2 === "" && fallback !== void 0) return fallback;
    if (allowed.includes(value2)) return value2;
    throw new InputError(name, `expected one of ${allowed.join(", ")}, got '${value2}'`);
  }
  /** A list given one item a line or comma-separated; blanks and `#` comments are dropped. */
  list(name) {
    return splitList(this.source(name));
  }
  /** `KEY=value` lines (one per line); a line without `=` is an error naming it. */
  keyValues(name) {
    const out = {};
    for (const [i, raw] of this.source(name).split(/\r?\n/).entries()) {
      const line = raw.trim();
      if (line === "" || line.startsWith("#")) continue;
      const eq = line.indexOf("=");
      if (eq <= 0) throw new InputError(name, `line ${i + 1} is not KEY=value: '${line}'`);
      out[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
    }
    return out;
  }
};
function splitList(value2) {
  return value2.split(/\r?\n/).map((line) => line.replace(/(^|\s)#.*$/, "")).flatMap((line) => line.split(",")).map((item) => item.trim()).filter((item) => item !== "");
}

// src/runner/duration.ts
var UNIT_MS = { ms: 1, s: 1e3, m: 6e4, h: 36e5 };
var PART = /(\d+(?:\.\d+)?)(ms|s|m|h)/y;
function sumDurationParts(text, part, unitMs) {
  let ms = 0;
  let pos = 0;
  while (pos < text.length) {
    part.lastIndex = pos;
    const m = part.exec(text);
    if (!m) return void 0;
    ms += Number(m[1]) * unitMs[m[2]];
    pos = part.lastIndex;
  }
  return ms;
}
function parseDuration(text) {
  const s = text.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s) * 1e3;
  if (s === "") return void 0;
  return sumDurationParts(s, PART, UNIT_MS);
}
function describe(ms) {
  if (ms % 36e5 === 0) return `${ms / 36e5}h`;
  if (ms % 6e4 === 0) return `${ms / 6e4}m`;
  if (ms % 1e3 === 0) return `${ms / 1e3}s`;
  return `${ms}ms`;
}
function durationInput(inputs, name, limits) {
  const text = inputs.string(name);
  if (text === "") return limits.fallbackMs;
  const ms = parseDuration(text);
  if (ms === void 0)
    throw new InputError(
      name,
      `expected a duration like 30s, 10m or 1h (a bare number is seconds), got '${text}'`
    );
  if (limits.minMs !== void 0 && ms < limits.minMs)
    throw new InputError(name, `'${text}' is shorter than the minimum, ${describe(limits.minMs)}`);
  if (limits.maxMs !== void 0 && ms > limits.maxMs)
    throw new InputError(name, `'${text}' is longer than the maximum, ${describe(limits.maxMs)}`);
  return ms;
}

// src/bench/format/units.ts
var cache = /* @__PURE__ */ new Map();
function tidyUnit(unit) {
  switch (unit) {
    case "ns/op":
      return { unit: "sec/op", factor: 1e-9 };
    case "MB/s":
      return { unit: "B/s", factor: 1e6 };
    case "B/op":
    case "allocs/op":
      return { unit, factor: 1 };
  }
  if (!unit.includes("ns") && !unit.includes("MB")) return { unit, factor: 1 };
  const hit = cache.get(unit);
  if (hit) return hit;
  const tidied = tidyTokens(unit);
  cache.set(unit, tidied);
  return tidied;
}
function tidyTokens(unit) {
  let factor = 1;
  let out = "";
  let denom = false;
  let i = 0;
  while (i < unit.length) {
    const c = unit[i];
    if (c === "*" || c === "/" || c === "-" || /\s/.test(c)) {
      if (c === "*") denom = false;
      else if (c === "/") denom = true;
      out += c;
      i++;
      continue;
    }
    let j = i;
    while (j < unit.length && !/[*/\-\s]/.test(unit[j])) j++;
    const tok = unit.slice(i, j);
    if (!denom && tok === "ns") {
      out += "sec";
      factor /= 1e9;
    } else if (!denom && tok === "MB") {
      out += "B";
      factor *= 1e6;
    } else out += tok;
    i = j;
  }
  return { unit: out, factor };
}
function defaultBetter(tidiedUnit) {
  switch (tidiedUnit) {
    case "sec/op":
    case "B/op":
    case "allocs/op":
      return "lower";
    case "B/s":
      return "higher";
  }
  return void 0;
}

// src/bench/format/name.ts
function splitGomaxprocs(name) {
  for (let i = name.length - 1; i >= 0; i--) {
    const c = name[i];
    if (c === "-" && i < name.length - 1)
      return { prefix: name.slice(0, i), procs: Number(name.slice(i + 1)) };
    if (c < "0" || c > "9") break;
  }
  return { prefix: name };
}

// src/bench/compare/policy.ts
var DEFAULT_THRESHOLDS = {
  "sec/op": 0.05,
  "B/s": 0.05,
  "B/op": 0.02,
  "allocs/op": 0,
  "p50-sec/req": 0.1,
  "p99-sec/req": 0.2
};
var FALLBACK_THRESHOLD = 0.05;
var PolicySyntaxError = class extends Error {
};
function defaultPolicy(overrides = {}) {
  return {
    alpha: 0.05,
    confidence: 0.95,
    rules: [],
    geomean: [],
    correction: "holm",
    ...overrides
  };
}
function parsePercent(text) {
  const m = /^(\d+(?:\.\d+)?)\s*%?$/.exec(text.trim());
  if (!m) throw new PolicySyntaxError(`'${text}' is not a percentage (write 5% or 0.5%)`);
  return Number(m[1]) / 100;
}
function globToRegExp(glob) {
  let re = "";
  for (const c of glob) {
    if (c === "*") re += ".*";
    else if (c === "?") re += ".";
    else re += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}
function parseRules(lines) {
  return lines.map((source) => {
    const eq = source.indexOf("=");
    if (eq <= 0)
      throw new PolicySyntaxError(`'${source}': expected [pattern:]unit=percent, e.g. sec/op=5%`);
    const left = source.slice(0, eq).trim();
    const [amount = "", direction, extra] = source.slice(eq + 1).trim().split(/\s+/);
    if (extra !== void 0) throw new PolicySyntaxError(`'${source}': unexpected '${extra}'`);
    const colon = left.lastIndexOf(":");
    const pattern = colon >= 0 ? left.slice(0, colon).trim() : void 0;
    const unitText = colon >= 0 ? left.slice(colon + 1).trim() : left;
    if (unitText === "" || /\s/.test(unitText))
      throw new PolicySyntaxError(`'${source}': missing or invalid unit`);
    if (pattern === "")
      throw new PolicySyntaxError(`'${source}': empty benchmark pattern before ':'`);
    if (direction !== void 0 && direction !== "lower" && direction !== "higher")
      throw new PolicySyntaxError(
        `'${source}': direction must be 'lower' or 'higher', got '${direction}'`
      );
    const threshold = /^(off|none)$/i.test(amount) ? "off" : parsePercent(amount);
    const rule = { unit: tidyUnit(unitText).unit, threshold, source };
    if (pattern !== void 0) {
      rule.pattern = pattern;
      rule.matcher = globToRegExp(pattern);
    }
    if (direction) rule.better = direction;
    return rule;
  });
}
function parseGeomeanRules(lines) {
  return lines.map((line) => {
    const eq = line.indexOf("=");
    if (eq < 0) return { threshold: parsePercent(line) };
    const unit = line.slice(0, eq).trim();
    if (unit === "") throw new PolicySyntaxError(`'${line}': missing unit before '='`);
    return { unit: tidyUnit(unit).unit, threshold: parsePercent(line.slice(eq + 1)) };
  });
}
function nameMatches(rule, name) {
  if (!rule.matcher) return true;
  const bare = splitGomaxprocs(name).prefix;
  return [`Benchmark${name}`, `Benchmark${bare}`, name, bare].some((n) => rule.matcher.test(n));
}
function gatingFor(policy, name, unit, unitBetter2) {
  const rule = policy.rules.find((r) => r.unit === unit && r.pattern !== void 0 && nameMatches(r, name)) ?? policy.rules.find((r) => r.unit === unit && r.pattern === void 0);
  const better = rule?.better ?? defaultBetter(unit) ?? unitBetter2;
  if (rule?.threshold === "off") return { source: rule.source, ...better ? { better } : {} };
  const threshold = rule ? rule.threshold : DEFAULT_THRESHOLDS[unit] ?? FALLBACK_THRESHOLD;
  if (!better) {
    return rule ? {
      source: rule.source,
      problem: `${unit} has no known direction: write '${rule.source} lower' or '\u2026 higher', or add 'Unit ${unit} better=lower' to the benchmark output`
    } : { source: "no direction known" };
  }
  return { threshold, better, source: rule ? rule.source : "default" };
}

// src/artifacts/store.ts
function isAsIsArtifactName(name) {
  return /\.(zip|tar\.gz|tgz|exe)$/i.test(name);
}
var BAD_NAME = /["<>|*?:\\/\r\n]/;
function artifactNameProblem(name) {
  if (name.trim() === "" || BAD_NAME.test(name))
    return 'it must not be empty or contain " : < > | * ? \\ / or line breaks';
  return void 0;
}
function checkArtifactName(name) {
  const problem = artifactNameProblem(name);
  if (problem) throw new UserError(`'${name}' is not a valid artifact name: ${problem}`);
}
function artifactUrl(run2, id) {
  return `${run2.serverUrl}/${run2.repository}/actions/runs/${run2.runId}/artifacts/${id}`;
}
function isNotFound(err) {
  return err instanceof Error && err.name === "ArtifactNotFoundError";
}
function storeFromClient(client, run2) {
  return {
    async upload(req) {
      checkArtifactName(req.name);
      if (req.asIs && req.files.length !== 1)
        throw new Error("an artifact uploaded as-is has exactly one file");
      if (req.overwrite) {
        try {
          await client.deleteArtifact(req.name);
        } catch (err) {
          if (!isNotFound(err))
            throw new Error(
              `overwrite: deleting the existing artifact '${req.name}' failed: ${errorMessage(err)}`,
              { cause: err }
            );
        }
      }
      const options = {};
      if (req.retentionDays !== void 0) options.retentionDays = req.retentionDays;
      if (req.compressionLevel !== void 0) options.compressionLevel = req.compressionLevel;
      if (req.asIs) options.skipArchive = true;
      const r = await client.uploadArtifact(req.name, req.files, req.rootDirectory, options);
      const out = { name: req.name };
      if (r.id !== void 0) out.id = r.id;
      if (r.size !== void 0) out.size = r.size;
      if (r.digest !== void 0) out.digest = r.digest;
      if (r.id !== void 0 && run2) out.url = artifactUrl(run2, r.id);
      return out;
    },
    async download(req) {
      checkArtifactName(req.name);
      const findBy = req.from ? {
        token: req.from.token,
        workflowRunId: req.from.runId,
        repositoryOwner: req.from.owner,
        repositoryName: req.from.repo
      } : void 0;
      const { artifact } = await client.getArtifact(req.name, findBy ? { findBy } : void 0);
      const options = { path: req.path };
      if (artifact.digest) options.expectedHash = artifact.digest;
      if (req.asIs ?? isAsIsArtifactName(req.name)) options.skipDecompress = true;
      if (findBy) options.findBy = findBy;
      const r = await client.downloadArtifact(artifact.id, options);
      if (r.digestMismatch)
        throw new UserError(
          `artifact '${req.name}' did not match its recorded digest after download: re-run the job`
        );
      return { name: req.name, path: r.downloadPath ?? req.path };
    }
  };
}
function runLocation() {
  const { GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_RUN_ID } = process.env;
  if (!GITHUB_REPOSITORY || !GITHUB_RUN_ID) return void 0;
  return {
    serverUrl: GITHUB_SERVER_URL || "https://github.com",
    repository: GITHUB_REPOSITORY,
    runId: GITHUB_RUN_ID
  };
}
function githubArtifactStore() {
  let store;
  const real = () => store ??= import("./chunks/artifact-WLZG24VS.js").then(
    (m) => storeFromClient(new m.DefaultArtifactClient(), runLocation())
  );
  return {
    upload: async (req) => (await real()).upload(req),
    download: async (req) => (await real()).download(req)
  };
}

// src/bench/run/plan.ts
var GO_DURATION_PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/y;
var UNIT_MS2 = {
  ns: 1e-6,
  us: 1e-3,
  \u00B5s: 1e-3,
  ms: 1,
  s: 1e3,
  m: 6e4,
  h: 36e5
};
function parseDuration2(text) {
  const s = text.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s) * 1e3;
  if (s === "" || s === "0") return s === "0" ? 0 : void 0;
  return sumDurationParts(s, GO_DURATION_PART, UNIT_MS2);
}
function formatDuration(ms) {
  if (ms < 1e3) return `${Math.round(ms)}ms`;
  const s = ms / 1e3;
  if (s < 60) return `${s.toFixed(1)}s`;
  const m = Math.floor(s / 60);
  return `${m}m${Math.round(s - m * 60)}s`;
}
function isValidBenchtime(text) {
  if (/^\d+x$/.test(text)) return true;
  if (/^\d+(\.\d+)?$/.test(text)) return false;
  const ms = parseDuration2(text);
  return ms !== void 0 && ms > 0;
}
function isValidCpuList(text) {
  return /^\d+(-\d+)?(,\d+(-\d+)?)*$/.test(text);
}
function benchArgs(s) {
  return [
    "-test.run=^$",
    `-test.bench=${s.pattern}`,
    `-test.benchtime=${s.benchtime}`,
    "-test.benchmem",
    "-test.count=1"
  ];
}
function invocation(binary, args, s, taskset) {
  const env = {};
  if (s.gomaxprocs !== void 0) env.GOMAXPROCS = String(s.gomaxprocs);
  if (s.cpuList && taskset) return { file: taskset, args: ["-c", s.cpuList, binary, ...args], env };
  return { file: binary, args, env };
}
var Budget = class {
  constructor(limitMs, now = () => performance.now()) {
    this.limitMs = limitMs;
    this.now = now;
    this.start = now();
  }
  limitMs;
  now;
  start;
  longestRound = 0;
  elapsed() {
    return this.now() - this.start;
  }
  remaining() {
    return this.limitMs === void 0 ? Infinity : this.limitMs - this.elapsed();
  }
  recordRound(ms) {
    this.longestRound = Math.max(this.longestRound, ms);
  }
  /** The first round always starts if any time is left; later ones only if they should fit. */
  roomForRound() {
    const left = this.remaining();
    return left > 0 && left >= this.longestRound;
  }
  estimateRound() {
    return this.longestRound;
  }
};
function binaryName(importPath, suffix = ".test") {
  const safe = importPath.replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^[._-]+/, "");
  let h = 0;
  for (const c of importPath) h = Math.imul(h, 31) + c.charCodeAt(0) >>> 0;
  return `${safe.slice(-60)}-${h.toString(16)}${suffix}`;
}

// src/bench/profile/plan.ts
var PROFILE_MODES = ["on-regression", "always", "never"];
var EXACT_MEM_LIMIT = 2e6;
var MAX_PROFILED = 20;
var PROFILE_TARGET_MS = 1e3;
var MAX_PROFILE_RUNS = 10;
var RUN_OVERHEAD_MS = 300;
var KIND = {
  "sec/op": { kind: "cpu", index: "cpu", metric: "sec/op" },
  "B/s": { kind: "cpu", index: "cpu", metric: "sec/op" },
  "B/op": { kind: "mem", index: "alloc_space", metric: "B/op" },
  "allocs/op": { kind: "mem", index: "alloc_objects", metric: "allocs/op" },
  // http mode: a server's CPU profile under the load explains its latency.
  "p50-sec/req": { kind: "cpu", index: "cpu", metric: "p50-sec/req" },
  "p99-sec/req": { kind: "cpu", index: "cpu", metric: "p50-sec/req" }
};
function quoteMeta(text) {
  return text.replace(/[\\.+*?()|[\]{}^$]/g, "\\$&");
}
function benchPattern(name) {
  const { prefix, procs } = splitGomaxprocs(name);
  const parts = prefix.split("/");
  parts[0] = `Benchmark${parts[0]}`;
  const last = parts.length - 1;
  return parts.map((p, i) => `^${quoteMeta(p)}${i === last && procs !== void 0 ? `(?:-${procs})?` : ""}$`).join("/");
}
function iterationsPerRun(benchtime, secPerOp) {
  const fixed = /^(\d+)x$/.exec(benchtime);
  if (fixed) return Number(fixed[1]);
  const ms = parseDuration2(benchtime) ?? 1e3;
  return secPerOp > 0 ? ms / 1e3 / secPerOp : Infinity;
}
function runMs(benchtime, secPerOp) {
  const fixed = /^(\d+)x$/.exec(benchtime);
  if (fixed && secPerOp !== void 0) return Number(fixed[1]) * secPerOp * 1e3;
  return 2 * (parseDuration2(benchtime) ?? 1e3);
}
function profileArgs(job, settings, file) {
  return [
    "-test.run=^$",
    `-test.bench=${job.pattern}`,
    `-test.benchtime=${settings.benchtime}`,
    "-test.benchmem",
    `-test.count=${job.runs ?? 1}`,
    ...job.kind === "cpu" ? [`-test.cpuprofile=${file}`] : [
      `-test.memprofile=${file}`,
      ...job.memRate !== void 0 ? [`-test.memprofilerate=${job.memRate}`] : []
    ]
  ];
}
function safeId(text) {
  return text.replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^[._-]+/, "").slice(0, 60) || "x";
}
function planProfiles(gate, mode, settings) {
  const notes = [];
  if (mode === "never") return { jobs: [], notes };
  const wanted = (r) => r.verdict === "regression" || mode === "always" && r.verdict === "improvement";
  const rowOf = /* @__PURE__ */ new Map();
  for (const r of gate.rows) rowOf.set(`${r.pkg}\0${r.name}\0${r.unit}`, r);
  const jobs = /* @__PURE__ */ new Map();
  const benchmarks = /* @__PURE__ */ new Set();
  let over = 0;
  const changed = [
    ...gate.rows.filter((r) => r.verdict === "regression"),
    ...gate.rows.filter((r) => r.verdict === "improvement")
  ];
  for (const r of changed) {
    if (!wanted(r)) continue;
    const bench = `${r.pkg}\0${r.name}`;
    if (!benchmarks.has(bench)) {
      if (benchmarks.size >= MAX_PROFILED) {
        over++;
        continue;
      }
      benchmarks.add(bench);
    }
    const k = KIND[r.unit];
    if (!k) {
      notes.push(`${r.name} ${r.unit}: no profile explains this metric`);
      continue;
    }
    const metricRow = rowOf.get(`${r.pkg}\0${r.name}\0${k.metric}`);
    if (!metricRow) {
      notes.push(`${r.name} ${r.unit}: no ${k.metric} was measured to scale a profile by`);
      continue;
    }
    const key = `${r.pkg}\0${r.name}\0${k.kind}`;
    let job = jobs.get(key);
    if (!job) {
      job = {
        id: `${String(jobs.size + 1).padStart(2, "0")}-${safeId(r.name)}-${k.kind}`,
        pkg: r.pkg,
        name: r.name,
        kind: k.kind,
        pattern: benchPattern(r.name),
        analyses: [],
        runs: 1,
        estimateMs: 0
      };
      jobs.set(key, job);
    }
    const verdict = r.verdict;
    const have = job.analyses.find((a) => a.index === k.index);
    if (have) {
      have.units.push(r.unit);
      if (verdict === "regression") have.verdict = verdict;
    } else
      job.analyses.push({
        index: k.index,
        metric: k.metric,
        perOp: { base: metricRow.base.center, head: metricRow.head.center },
        verdict,
        units: [r.unit]
      });
  }
  for (const job of jobs.values()) {
    const time = rowOf.get(`${job.pkg}\0${job.name}\0sec/op`);
    let ms = 0;
    let shortest = Infinity;
    for (const side of ["base", "head"]) {
      const one = runMs(settings.benchtime, time?.[side].center);
      shortest = Math.min(shortest, one);
      ms += one;
    }
    if (job.kind === "mem") {
      const allocs = rowOf.get(`${job.pkg}\0${job.name}\0allocs/op`);
      const perRun = Math.max(allocs?.base.center ?? Infinity, allocs?.head.center ?? Infinity) * iterationsPerRun(settings.benchtime, time?.head.center ?? 0);
      if (perRun <= EXACT_MEM_LIMIT) {
        job.memRate = 1;
        ms *= 3;
      }
    }
    if (job.kind === "cpu" && shortest > 0)
      job.runs = Math.min(MAX_PROFILE_RUNS, Math.max(1, Math.ceil(PROFILE_TARGET_MS / shortest)));
    job.estimateMs = 2 * RUN_OVERHEAD_MS + ms * job.runs;
  }
  if (over > 0)
    notes.push(
      `${over} more changed metric(s) were not profiled: at most ${MAX_PROFILED} benchmarks are profiled a run`
    );
  return { jobs: [...jobs.values()], notes };
}

// src/bench/config.ts
var PACKAGE_PATTERN = /^(?!-)[\w.~@+\-/]+$/;
function durationInput2(inputs, name, fallbackMs, { allowZero = false } = {}) {
  return durationInput(inputs, name, { fallbackMs, minMs: allowZero ? 0 : 1 });
}
function tokenInput(inputs, io) {
  const old = inputs.secret("token");
  if (old === "") return inputs.secret("github-token");
  io.warning(
    "Input 'token' is deprecated: use 'github-token' (the same token; 'token' wins while both are set)"
  );
  return old;
}
function policyFrom(inputs) {
  const alphaText = inputs.string("alpha");
  const alpha = alphaText === "" ? 0.05 : Number(alphaText);
  if (!(alpha > 0 && alpha < 1))
    throw new InputError(
      "alpha",
      `expected a number between 0 and 1 (e.g. 0.05), got '${alphaText}'`
    );
  let rules;
  try {
    rules = parseRules(inputs.list("thresholds"));
  } catch (err) {
    if (err instanceof PolicySyntaxError) throw new InputError("thresholds", err.message);
    throw err;
  }
  let geomean2;
  try {
    geomean2 = parseGeomeanRules(inputs.list("geomean-threshold"));
  } catch (err) {
    if (err instanceof PolicySyntaxError) throw new InputError("geomean-threshold", err.message);
    throw err;
  }
  return defaultPolicy({ alpha, rules, geomean: geomean2 });
}
function splitArgs(text) {
  return (text.includes("\n") ? text.split(/\r?\n/) : text.split(/\s+/)).map((a) => a.trim()).filter((a) => a !== "");
}
function readConfig(inputs = new Inputs(), env = process.env, io = coreIO) {
  const workspace = env.GITHUB_WORKSPACE || process.cwd();
  const wdText = inputs.string("working-directory") || ".";
  if (wdText.includes("\0")) throw new InputError("working-directory", "contains a NUL character");
  const workingDirectory = isAbsolute(wdText) ? wdText : resolve(workspace, wdText);
  const baseFileText = inputs.string("base-file");
  const headFileText = inputs.string("head-file");
  if (baseFileText === "" !== (headFileText === ""))
    throw new InputError(
      baseFileText === "" ? "base-file" : "head-file",
      "base-file and head-file go together: set both or neither"
    );
  const requested = inputs.oneOf("mode", ["go", "http"], "go");
  const mode = baseFileText !== "" ? "files" : requested;
  if (mode !== "files" && !(existsSync(workingDirectory) && statSync(workingDirectory).isDirectory()))
    throw new InputError("working-directory", `${workingDirectory} is not a directory`);
  const packages = inputs.list("packages");
  if (packages.length === 0) packages.push("./...");
  for (const p of packages)
    if (!PACKAGE_PATTERN.test(p))
      throw new InputError(
        "packages",
        `'${p}' is not a Go package pattern (e.g. ./..., ./internal/codec)`
      );
  const pattern = inputs.string("bench") || ".";
  if (/[\r\n\0]/.test(pattern)) throw new InputError("bench", "must be one line");
  try {
    new RegExp(pattern);
  } catch {
    throw new InputError("bench", `'${pattern}' is not a valid regular expression`);
  }
  const benchtime = inputs.string("benchtime") || "1s";
  if (!isValidBenchtime(benchtime))
    throw new InputError(
      "benchtime",
      `expected a duration like 1s or 200ms, or a count like 1000x, got '${benchtime}'`
    );
  const count = inputs.integer("count", { min: 1, max: 1e3, fallback: 10 });
  const budgetMs = durationInput2(inputs, "time-budget", 0, { allowZero: true });
  const gomaxprocsText = inputs.string("gomaxprocs");
  const cpuList = inputs.string("cpu-list");
  if (cpuList !== "" && !isValidCpuList(cpuList))
    throw new InputError("cpu-list", `expected CPU numbers like 0, 2-3 or 0,2, got '${cpuList}'`);
  const settings = { pattern, benchtime, count };
  if (gomaxprocsText !== "")
    settings.gomaxprocs = inputs.integer("gomaxprocs", { min: 1, max: 4096 });
  if (cpuList !== "") settings.cpuList = cpuList;
  if (budgetMs > 0) settings.timeBudgetMs = budgetMs;
  const cfg = {
    mode,
    workingDirectory,
    packages,
    settings,
    policy: policyFrom(inputs),
    failOn: inputs.oneOf("fail-on", ["regression", "none"], "regression"),
    baseRef: inputs.string("base-ref"),
    token: tokenInput(inputs, io),
    comment: inputs.boolean("comment", true),
    commentKey: inputs.string("comment-key") || env.GITHUB_JOB || "bench-gate",
    profile: inputs.oneOf("profile", PROFILE_MODES, "on-regression"),
    artifactName: ""
  };
  const key = cfg.commentKey.replace(/\//g, "-");
  cfg.artifactName = inputs.string("artifact-name") || (key.startsWith("bench-gate") ? key : `bench-gate-${key}`);
  if (/[^\w.\-/]/.test(cfg.commentKey))
    throw new InputError("comment-key", "use letters, digits, . - _ and / only");
  const artifactProblem = artifactNameProblem(cfg.artifactName);
  if (artifactProblem) throw new InputError("artifact-name", artifactProblem);
  if (inputs.string("retention-days") !== "")
    cfg.retentionDays = inputs.integer("retention-days", { min: 1, max: 90 });
  if (baseFileText !== "") {
    cfg.baseFile = resolve(workspace, baseFileText);
    cfg.headFile = resolve(workspace, headFileText);
  }
  if (mode === "http") {
    const pkg = inputs.string("http-package") || ".";
    if (!PACKAGE_PATTERN.test(pkg) || pkg.includes("..."))
      throw new InputError(
        "http-package",
        `'${pkg}' is not one Go main package (e.g. . or ./cmd/server)`
      );
    const path = inputs.string("http-path") || "/";
    if (!/^\/[^\s]*$/.test(path))
      throw new InputError("http-path", `expected a path starting with '/', got '${path}'`);
    const rate = inputs.number("http-rate", { min: 1, max: 2e4, fallback: 200 });
    const args = splitArgs(inputs.string("http-args") || "-addr {addr}");
    if (!args.some((a) => a.includes("{addr}") || a.includes("{port}")))
      throw new InputError(
        "http-args",
        "must contain {addr} or {port} so the server listens where the load goes (e.g. '-addr {addr}')"
      );
    const profileFlag = inputs.string("http-profile-flag");
    if (profileFlag !== "" && !/^--?[A-Za-z0-9][\w.-]*$/.test(profileFlag))
      throw new InputError(
        "http-profile-flag",
        `expected a flag like -cpuprofile that takes a file name, got '${profileFlag}'`
      );
    cfg.http = {
      ...profileFlag !== "" ? { profileFlag } : {},
      pkg,
      args,
      path,
      rate,
      durationMs: durationInput2(inputs, "http-duration", 3e3),
      warmupMs: durationInput2(inputs, "http-warmup", 500, { allowZero: true }),
      readyTimeoutMs: durationInput2(inputs, "http-ready-timeout", 3e4),
      requestTimeoutMs: durationInput2(inputs, "http-request-timeout", 5e3)
    };
  }
  return cfg;
}

// src/bench/pipeline.ts
import { mkdirSync as mkdirSync6, readdirSync as readdirSync2, writeFileSync as writeFileSync3, openSync as openSync2, writeSync, closeSync as closeSync2 } from "node:fs";
import { join as join7 } from "node:path";
import { setFlagsFromString } from "node:v8";

// src/bench/format/parse.ts
function unitMetaKey(unit, key) {
  return `${unit} ${key}`;
}
var SPACE = /\s+/;
var INTEGER = /^\+?\d+$/;
var FLOAT = /^[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)$/;
var LOWER = new RegExp("\\p{Ll}", "u");
var UPPER_OR_SPACE = /[\p{Lu}\s]/u;
function parseConfigLine(line) {
  if (line.length === 0 || !LOWER.test(line[0])) return void 0;
  const colon = line.indexOf(":");
  if (colon <= 0) return void 0;
  const key = line.slice(0, colon);
  if (UPPER_OR_SPACE.test(key)) return void 0;
  const rest = line.slice(colon + 1);
  if (rest === "") return { key, value: "" };
  if (rest[0] !== " " && rest[0] !== "	") return void 0;
  return { key, value: rest.replace(/^[ \t]+/, "") };
}
function detach(text) {
  return JSON.parse(JSON.stringify(text));
}
var BenchmarkParser = class {
  constructor(file = "<input>", units = /* @__PURE__ */ new Map(), onResult) {
    this.file = file;
    this.units = units;
    this.onResult = onResult;
  }
  file;
  units;
  onResult;
  results = [];
  warnings = [];
  config = {};
  frozen = Object.freeze({});
  lineNo = 0;
  /** The start of a line whose end has not come yet. */
  partial = "";
  /** A piece of the text; lines end at LF, and a CR before it is dropped. */
  push(chunk) {
    let start = 0;
    for (let end = chunk.indexOf("\n"); end >= 0; end = chunk.indexOf("\n", start)) {
      const piece = chunk.slice(start, end);
      start = end + 1;
      if (this.partial === "") this.line(piece);
      else {
        const whole = this.partial + piece;
        this.partial = "";
        this.line(whole);
      }
    }
    if (start < chunk.length) this.partial += chunk.slice(start);
  }
  /** The end of the text: a last line without a line feed is read too. */
  end() {
    if (this.partial !== "") {
      const last = this.partial;
      this.partial = "";
      this.line(last);
    }
    return { results: this.results, units: this.units, warnings: this.warnings };
  }
  /** One whole line, without its line feed. */
  line(text) {
    const lineNo = ++this.lineNo;
    const file = this.file;
    const line = text.endsWith("\r") ? text.slice(0, -1) : text;
    if (line.startsWith("Benchmark")) {
      const fields = line.slice("Benchmark".length).split(SPACE);
      if (fields[fields.length - 1] === "") fields.pop();
      const name = fields[0] ?? "";
      const bench = (message) => {
        const w = { file, line: lineNo, message: detach(message) };
        w.benchmark = detach(name);
        if (this.config.pkg !== void 0) w.pkg = this.config.pkg;
        this.warnings.push(w);
      };
      if (fields.length < 2) {
        bench(`missing iteration count in '${line.trim()}'`);
        return;
      }
      if (!INTEGER.test(fields[1]) || !Number.isSafeInteger(Number(fields[1]))) {
        bench(`parsing iteration count '${fields[1]}': not a whole number`);
        return;
      }
      if (fields.length < 3) {
        bench(`missing measurements after the iteration count of Benchmark${name}`);
        return;
      }
      const values = [];
      let bad;
      for (let i = 2; i < fields.length; i += 2) {
        const raw = fields[i];
        if (!FLOAT.test(raw)) {
          bad = `parsing measurement '${raw}': not a finite number`;
          break;
        }
        const unit = fields[i + 1];
        if (unit === void 0) {
          bad = `missing unit after measurement '${raw}'`;
          break;
        }
        const v = Number(raw);
        if (!Number.isFinite(v)) {
          bad = `parsing measurement '${raw}': not a finite number`;
          break;
        }
        if (raw.startsWith("-")) {
          bad = `parsing measurement '${raw}': negative`;
          break;
        }
        const t = tidyUnit(unit);
        if (!Number.isFinite(v * t.factor)) {
          bad = `measurement '${raw} ${unit}' is not finite in ${t.unit}`;
          break;
        }
        values.push(
          t.factor === 1 && t.unit === unit ? { value: v, unit } : { value: v * t.factor, unit: t.unit, origValue: v, origUnit: unit }
        );
      }
      if (bad) {
        bench(bad);
        return;
      }
      const result = {
        name,
        config: this.frozen,
        iters: Number(fields[1]),
        values,
        file,
        line: lineNo
      };
      if (this.onResult) this.onResult(result);
      else this.results.push(result);
      return;
    }
    if (line.startsWith("Unit") && (line.length === 4 || /\s/.test(line[4]))) {
      const warn = (message) => this.warnings.push({ file, line: lineNo, message: detach(message) });
      const fields = line.split(SPACE).filter((f) => f !== "");
      const orig = fields[1];
      if (orig === void 0) {
        warn("missing unit after Unit");
        return;
      }
      const unit = tidyUnit(orig).unit;
      for (const kv2 of fields.slice(2)) {
        const eq = kv2.indexOf("=");
        if (eq <= 0) {
          warn(`expected key=value in Unit line, got '${kv2}'`);
          continue;
        }
        const key = kv2.slice(0, eq);
        const value2 = kv2.slice(eq + 1);
        const mapKey = unitMetaKey(unit, key);
        const have = this.units.get(mapKey);
        if (have) {
          if (have.value !== value2)
            warn(
              `metadata ${key} of unit ${orig} already set to ${have.value} (${have.file}:${have.line})`
            );
          continue;
        }
        this.units.set(detach(mapKey), {
          unit: detach(unit),
          origUnit: detach(orig),
          key: detach(key),
          value: detach(value2),
          file,
          line: lineNo
        });
      }
      return;
    }
    const kv = parseConfigLine(line);
    if (kv) {
      let config = this.config;
      if (kv.value === "") {
        if (!(kv.key in config)) return;
        config = { ...config };
        delete config[kv.key];
      } else {
        if (config[kv.key] === kv.value) return;
        config = { ...config, [detach(kv.key)]: detach(kv.value) };
      }
      this.config = config;
      this.frozen = Object.freeze(config);
    }
  }
};

// src/bench/stats/normal.ts
var TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
function erfSeries(x) {
  let term = x;
  let sum2 = x;
  for (let n = 1; n < 200; n++) {
    term *= 2 * x * x / (2 * n + 1);
    sum2 += term;
    if (term < sum2 * 1e-17) break;
  }
  return TWO_OVER_SQRT_PI * Math.exp(-x * x) * sum2;
}
function erfcContinuedFraction(x) {
  let f = x;
  for (let k = 120; k >= 1; k--) f = x + k / 2 / f;
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
}
function erfc(x) {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return 2 - erfc(-x);
  if (x < 3) return 1 - erfSeries(x);
  if (x > 27) return 0;
  return erfcContinuedFraction(x);
}
function normalCdf(z, mean = 0, sd = 1) {
  return 0.5 * erfc(-(z - mean) / (sd * Math.SQRT2));
}
function normalInvCdf(p, mean = 0, sd = 1) {
  if (!(p >= 0 && p <= 1)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  let lo = -40;
  let hi = 40;
  for (let i = 0; i < 200 && hi - lo > 0; i++) {
    const mid = (lo + hi) / 2;
    if (mid === lo || mid === hi) break;
    if (normalCdf(mid) < p) lo = mid;
    else hi = mid;
  }
  return mean + sd * ((lo + hi) / 2);
}

// src/bench/stats/quantile-ci.ts
var EXACT_QUANTILE_CI_LIMIT = 30;
function choose(n, k) {
  if (k < 0 || k > n) return 0;
  k = Math.min(k, n - k);
  let r = 1;
  for (let i = 1; i <= k; i++) r = r * (n - k + i) / i;
  return Math.round(r);
}
function binomialPmf(n, p, k) {
  if (k < 0 || k > n) return 0;
  if (p === 0) return k === 0 ? 1 : 0;
  if (p === 1) return k === n ? 1 : 0;
  return choose(n, k) * Math.pow(p, k) * Math.pow(1 - p, n - k);
}
function quantileCI(n, q, confidence) {
  const res = { n, quantile: q, confidence: 1, loOrder: 0, hiOrder: n + 1 };
  if (confidence >= 1) return res;
  let l;
  let r;
  if (n <= EXACT_QUANTILE_CI_LIMIT) {
    const x = q === 0 ? 0 : Math.ceil((n + 1) * q) - 1;
    let accum = binomialPmf(n, q, x);
    l = x;
    r = x + 1;
    let lp = binomialPmf(n, q, l - 1);
    let rp = binomialPmf(n, q, r);
    while (accum < confidence && (lp > 0 || rp > 0)) {
      if (lp >= rp) {
        accum += lp;
        l--;
        lp = binomialPmf(n, q, l - 1);
      } else {
        accum += rp;
        r++;
        rp = binomialPmf(n, q, r);
      }
    }
    res.confidence = accum;
  } else {
    const mu = n * q;
    const sigma = Math.sqrt(n * q * (1 - q));
    const alpha = (1 - confidence) / 2;
    const l1 = normalInvCdf(alpha, mu, sigma);
    const r1 = 2 * mu - l1;
    l = Math.floor(l1 - 0.5) + 1;
    r = Math.ceil(r1 - 0.5) + 1;
    const cdf = (lo, hi) => normalCdf(hi - 0.5, mu, sigma) - normalCdf(lo - 0.5, mu, sigma);
    res.confidence = cdf(l, r);
    const biased = cdf(l, r - 1);
    if (biased >= confidence && biased < res.confidence) {
      res.confidence = biased;
      r = r - 1;
    }
    if (l <= 0 && r >= n + 1) res.confidence = 1;
  }
  res.loOrder = Math.max(l, 0);
  res.hiOrder = Math.min(r, n + 1);
  return res;
}
function ciBounds(ci, sorted2) {
  const lo = ci.loOrder < 1 ? -Infinity : sorted2[ci.loOrder - 1];
  const hi = ci.hiOrder - 1 >= sorted2.length ? Infinity : sorted2[ci.hiOrder - 1];
  return [lo, hi];
}

// src/bench/stats/udist.ts
function uCdf(n1, n2, ties, u) {
  const limit = Math.floor(2 * u + 1e-9);
  if (limit < 0) return 0;
  if (limit >= 2 * n1 * n2) return 1;
  let ways = [new Float64Array(limit + 1)];
  ways[0][0] = 1;
  let seen = 0;
  for (const t of ties) {
    const next = [];
    const jMax = Math.min(n1, seen + t);
    for (let j = 0; j <= jMax; j++) next.push(new Float64Array(limit + 1));
    for (let j = 0; j < ways.length; j++) {
      const row = ways[j];
      const below2 = seen - j;
      for (let r = 0; r <= t && j + r <= n1; r++) {
        const add2 = r * 2 * below2 + r * (t - r);
        if (add2 > limit) continue;
        const c = choose(t, r);
        const out = next[j + r];
        for (let v = 0; v + add2 <= limit; v++) {
          const w = row[v];
          if (w !== 0) out[v + add2] = out[v + add2] + w * c;
        }
      }
    }
    ways = next;
    seen += t;
  }
  const final = ways[n1];
  if (!final) return 0;
  let count = 0;
  for (let v = 0; v <= limit; v++) count += final[v];
  return count / choose(n1 + n2, n1);
}

// src/bench/stats/utest.ts
var EXACT_LIMIT = 50;
var TIES_EXACT_LIMIT = 25;
var UTestError = class extends Error {
};
function mannWhitneyU(x1, x2) {
  const n1 = x1.length;
  const n2 = x2.length;
  if (n1 === 0 || n2 === 0) throw new UTestError("a sample is empty");
  const pooled = [];
  for (const v of x1) pooled.push({ v, first: true });
  for (const v of x2) pooled.push({ v, first: false });
  pooled.sort((a, b) => a.v - b.v);
  let r1 = 0;
  const ties = [];
  let hasTies = false;
  for (let i = 0; i < pooled.length; ) {
    const start = i;
    let inFirst = 0;
    const v = pooled[i].v;
    for (; i < pooled.length && pooled[i].v === v; i++) if (pooled[i].first) inFirst++;
    r1 += (start + 1 + i) / 2 * inFirst;
    ties.push(i - start);
    if (i - start > 1) hasTies = true;
  }
  const u1 = r1 - n1 * (n1 + 1) / 2;
  const u2 = n1 * n2 - u1;
  const uSmall = Math.min(u1, u2);
  const exact = hasTies ? n1 <= TIES_EXACT_LIMIT && n2 <= TIES_EXACT_LIMIT : n1 <= EXACT_LIMIT && n2 <= EXACT_LIMIT;
  if (exact) {
    if (ties.length === 1) throw new UTestError("all samples are equal");
    const p2 = u1 === u2 ? 1 : Math.min(1, 2 * uCdf(n1, n2, ties, uSmall));
    return { n1, n2, u: u1, p: p2, method: hasTies ? "exact-ties" : "exact" };
  }
  const n = n1 + n2;
  const tieSum = ties.reduce((s, t) => s + t * t * t - t, 0);
  const mean = n1 * n2 / 2;
  const sd = Math.sqrt(n1 * n2 * (n + 1 - tieSum / (n * (n - 1))) / 12);
  if (sd === 0) throw new UTestError("all samples are equal");
  let numer = u1 - mean;
  numer -= Math.sign(numer) * 0.5;
  const z = numer / sd;
  const p = 2 * Math.min(normalCdf(z), 1 - normalCdf(z));
  return { n1, n2, u: u1, p, method: "normal" };
}
function minimumP(n1, n2) {
  if (n1 === 0 || n2 === 0) return 1;
  const ties = new Array(n1 + n2).fill(1);
  if (n1 <= EXACT_LIMIT && n2 <= EXACT_LIMIT) return Math.min(1, 2 * uCdf(n1, n2, ties, 0));
  const n = n1 + n2;
  const sd = Math.sqrt(n1 * n2 * (n + 1) / 12);
  const z = (-(n1 * n2) / 2 + 0.5) / sd;
  return 2 * normalCdf(z);
}

// src/bench/stats/assumption.ts
function sorted(values) {
  return [...values].sort((a, b) => a - b);
}
function median(sortedValues) {
  const n = sortedValues.length;
  if (n === 0) return NaN;
  const mid = n >> 1;
  return n % 2 === 1 ? sortedValues[mid] : (sortedValues[mid - 1] + sortedValues[mid]) / 2;
}
var sharedWarnings = /* @__PURE__ */ new Map();
function shared(message) {
  const have = sharedWarnings.get(message);
  if (have !== void 0) return have;
  sharedWarnings.set(message, message);
  return message;
}
function samplesForFiniteCI(confidence) {
  for (let n = 2; n <= 50; n++) {
    const ci = quantileCI(n, 0.5, confidence);
    if (ci.loOrder > 0 && ci.hiOrder <= n) return `>= ${n}`;
  }
  return "> 50";
}
function samplesForSignificance(alpha) {
  for (let n = 1; n <= 9; n++) if (minimumP(n, n) <= alpha) return { op: ">=", n };
  return { op: ">", n: 9 };
}
var assumeNothing = {
  name: "nothing",
  summaryLabel: "median",
  summary(values, confidence) {
    const xs = sorted(values);
    const ci = quantileCI(xs.length, 0.5, confidence);
    const [lo, hi] = ciBounds(ci, xs);
    const warnings = [];
    if (!Number.isFinite(lo) || !Number.isFinite(hi))
      warnings.push(
        shared(
          `need ${samplesForFiniteCI(confidence)} samples for confidence interval at level ${confidence}`
        )
      );
    return { center: median(xs), lo, hi, confidence: ci.confidence, warnings };
  },
  compare(base, head, alpha) {
    try {
      const r = mannWhitneyU(base, head);
      const warnings = [];
      if (r.p > alpha) {
        const need = samplesForSignificance(alpha);
        if (r.n1 < need.n && r.n2 < need.n)
          warnings.push(
            shared(
              `need ${need.op} ${need.n} samples to detect a difference at alpha level ${alpha}`
            )
          );
      }
      return { p: r.p, n1: r.n1, n2: r.n2, method: r.method, warnings };
    } catch (err) {
      if (!(err instanceof UTestError)) throw err;
      return {
        p: 1,
        n1: base.length,
        n2: head.length,
        method: "none",
        warnings: [shared(err.message)]
      };
    }
  }
};
var assumeExact = {
  name: "exact",
  summaryLabel: "exact",
  summary(values) {
    const xs = sorted(values);
    let mode = xs[0];
    let modeCount = 0;
    for (let i = 0; i < xs.length; ) {
      let j = i;
      while (j < xs.length && xs[j] === xs[i]) j++;
      if (j - i > modeCount) [mode, modeCount] = [xs[i], j - i];
      i = j;
    }
    const warnings = modeCount === xs.length ? [] : [`exact distribution expected, but values range from ${xs[0]} to ${xs[xs.length - 1]}`];
    return { center: mode, lo: xs[0], hi: xs[xs.length - 1], confidence: 1, warnings };
  },
  compare(base, head) {
    return { p: 0, n1: base.length, n2: head.length, method: "exact-values", warnings: [] };
  }
};
function assumptionFor(name) {
  return name === "exact" ? assumeExact : assumeNothing;
}

// src/bench/stats/geomean.ts
function geomean(values) {
  if (values.length === 0) return NaN;
  let logSum = 0;
  for (const v of values) {
    if (!(v > 0) || !Number.isFinite(v)) return NaN;
    logSum += Math.log(v);
  }
  return Math.exp(logSum / values.length);
}

// src/bench/stats/holm.ts
function holmAdjust(pValues) {
  const m = pValues.length;
  const order = new Uint32Array(m);
  for (let i = 0; i < m; i++) order[i] = i;
  order.sort((a, b) => pValues[a] - pValues[b] || a - b);
  const adjusted = new Array(m);
  let running = 0;
  for (let rank = 0; rank < m; rank++) {
    const i = order[rank];
    running = Math.max(running, Math.min(1, (m - rank) * pValues[i]));
    adjusted[i] = running;
  }
  return adjusted;
}

// src/bench/compare/pair.ts
var PAGE_BITS = 16;
var PAGE = 1 << PAGE_BITS;
var NONE = -1;
var ValueStore = class {
  values = [];
  next = [];
  size = 0;
  /** Appends `v` after `last` (NONE for a first value); returns its index. */
  add(v, last) {
    const i = this.size++;
    const page = i >>> PAGE_BITS;
    if (page === this.values.length) {
      this.values.push(new Float64Array(PAGE));
      this.next.push(new Int32Array(PAGE));
    }
    this.values[page][i & PAGE - 1] = v;
    this.next[page][i & PAGE - 1] = NONE;
    if (last !== NONE) this.next[last >>> PAGE_BITS][last & PAGE - 1] = i;
    return i;
  }
  /** `count` values from index `first` on, following the links. */
  list(first, count) {
    const out = new Array(count);
    let at = first;
    for (let k = 0; k < count; k++) {
      out[k] = this.values[at >>> PAGE_BITS][at & PAGE - 1];
      at = this.next[at >>> PAGE_BITS][at & PAGE - 1];
    }
    return out;
  }
};
var GROUP = 0;
var FIRST = { base: 1, head: 4 };
var LAST = { base: 2, head: 5 };
var COUNT = { base: 3, head: 6 };
var FIELDS = 7;
var ROW_PAGE_BITS = 12;
var ROW_PAGE = 1 << ROW_PAGE_BITS;
var Pairer = class {
  /** Row number by name, per group. */
  index = [];
  /** Group number by package number and unit number. */
  groupIds = /* @__PURE__ */ new Map();
  groups = [];
  pkgIds = /* @__PURE__ */ new Map();
  pkgs = [];
  unitIds = /* @__PURE__ */ new Map();
  units = [];
  names = [];
  pages = [];
  store = new ValueStore();
  lastConfig;
  lastPkgId = 0;
  /** Results added, both sides. */
  results = 0;
  pkgId(config) {
    if (config === this.lastConfig) return this.lastPkgId;
    const pkg = config.pkg ?? "";
    let id = this.pkgIds.get(pkg);
    if (id === void 0) {
      id = this.pkgs.length;
      const own = detach(pkg);
      this.pkgs.push(own);
      this.pkgIds.set(own, id);
    }
    this.lastConfig = config;
    this.lastPkgId = id;
    return id;
  }
  groupId(pkgId, unit) {
    let unitId = this.unitIds.get(unit);
    if (unitId === void 0) {
      unitId = this.units.length;
      const own = detach(unit);
      this.units.push(own);
      this.unitIds.set(own, unitId);
    }
    const key = pkgId * 4294967296 + unitId;
    let id = this.groupIds.get(key);
    if (id === void 0) {
      id = this.groups.length;
      this.groups.push({ pkg: this.pkgs[pkgId], unit: this.units[unitId] });
      this.groupIds.set(key, id);
      this.index.push(/* @__PURE__ */ new Map());
    }
    return id;
  }
  add(side, r) {
    this.results++;
    const pkg = this.pkgId(r.config);
    for (const v of r.values) {
      const group2 = this.groupId(pkg, v.unit);
      const byName = this.index[group2];
      let row = byName.get(r.name);
      if (row === void 0) {
        row = this.names.length;
        const name = detach(r.name);
        this.names.push(name);
        byName.set(name, row);
        if (row >>> ROW_PAGE_BITS === this.pages.length)
          this.pages.push(new Int32Array(ROW_PAGE * FIELDS));
        const at2 = (row & ROW_PAGE - 1) * FIELDS;
        const page2 = this.pages[row >>> ROW_PAGE_BITS];
        page2.fill(NONE, at2, at2 + FIELDS);
        page2[at2 + GROUP] = group2;
        page2[at2 + COUNT.base] = 0;
        page2[at2 + COUNT.head] = 0;
      }
      const page = this.pages[row >>> ROW_PAGE_BITS];
      const at = (row & ROW_PAGE - 1) * FIELDS;
      const value2 = this.store.add(v.value, page[at + LAST[side]]);
      if (page[at + FIRST[side]] === NONE) page[at + FIRST[side]] = value2;
      page[at + LAST[side]] = value2;
      page[at + COUNT[side]]++;
    }
  }
  field(row, field) {
    return this.pages[row >>> ROW_PAGE_BITS][(row & ROW_PAGE - 1) * FIELDS + field];
  }
  row(i) {
    const group2 = this.groups[this.field(i, GROUP)];
    const values = (side) => this.store.list(this.field(i, FIRST[side]), this.field(i, COUNT[side]));
    return {
      pkg: group2.pkg,
      name: this.names[i],
      unit: group2.unit,
      base: values("base"),
      head: values("head")
    };
  }
  /**
   * The pairing. The rows measured on both sides stay in this Pairer's columns and are read one at
   * a time until `release`; the others (reported by name only) become Rows.
   */
  finish() {
    const onlyBase = [];
    const onlyHead = [];
    const n = this.names.length;
    const paired = new Uint32Array(n);
    let k = 0;
    for (let i = 0; i < n; i++) {
      const head = this.field(i, COUNT.head);
      if (this.field(i, COUNT.base) > 0 && head > 0) paired[k++] = i;
      else (head === 0 ? onlyBase : onlyHead).push(this.row(i));
    }
    this.index = [];
    const rows = paired.slice(0, k);
    return {
      rows: {
        length: k,
        row: (i) => this.row(rows[i]),
        release: () => {
          this.pages = [];
          this.store = new ValueStore();
          this.names = [];
        }
      },
      onlyBase,
      onlyHead,
      units: this.units
    };
  }
};

// src/bench/compare/rows.ts
function centerDelta(base, head) {
  return base === head ? 0 : base === 0 ? Math.sign(head) * Infinity : head / base - 1;
}
var Interned = class {
  values = [];
  ids = /* @__PURE__ */ new Map();
  id(value2, key = value2) {
    let id = this.ids.get(key);
    if (id === void 0) {
      id = this.values.length;
      this.values.push(value2);
      this.ids.set(key, id);
    }
    return id;
  }
};
var FLOATS = 8;
var P = 6;
var P_ADJUSTED = 7;
var RowTable = class {
  length;
  names;
  pkgs = new Interned();
  units = new Interned();
  lists = new Interned();
  gatings = new Interned();
  profiles = new Interned();
  verdicts = new Interned();
  floats;
  profile;
  verdict;
  samples = /* @__PURE__ */ new Map();
  added = 0;
  constructor(length) {
    this.length = length;
    this.names = new Array(length);
    this.floats = new Float64Array(length * FLOATS);
    this.profile = new Uint32Array(length);
    this.verdict = new Uint8Array(length);
  }
  /** A warning list stored once for every row that has the same one (read only). */
  list(list) {
    return this.lists.id(list, JSON.stringify(list));
  }
  add(r) {
    const i = this.added++;
    this.names[i] = r.name;
    const g = r.gating;
    const gating = this.gatings.id(g, JSON.stringify([g.better, g.threshold, g.source]));
    const lists = [r.base.warnings, r.head.warnings, r.comparison.warnings, r.warnings].map(
      (l) => this.list(l)
    );
    const c = r.comparison;
    const key = [
      this.pkgs.id(r.pkg),
      this.units.id(r.unit),
      gating,
      c.n1,
      c.n2,
      c.method,
      r.base.confidence,
      r.head.confidence,
      ...lists,
      r.gated
    ].join(" ");
    this.profile[i] = this.profiles.id(
      {
        pkg: r.pkg,
        unit: r.unit,
        gating: this.gatings.values[gating],
        n1: c.n1,
        n2: c.n2,
        method: c.method,
        confidence: [r.base.confidence, r.head.confidence],
        warnings: lists.map((l) => this.lists.values[l]),
        gated: r.gated
      },
      key
    );
    const at = i * FLOATS;
    this.floats.set([r.base.center, r.base.lo, r.base.hi, r.head.center, r.head.lo, r.head.hi], at);
    this.floats[at + P] = c.p;
    this.floats[at + P_ADJUSTED] = c.p;
    this.setVerdict(i, r.verdict);
  }
  /** One view per row, each read from the columns. */
  views() {
    return Array.from({ length: this.length }, (_, i) => new RowView(this, i));
  }
  setVerdict(i, v) {
    this.verdict[i] = this.verdicts.id(v);
  }
  setPAdjusted(i, p) {
    this.floats[i * FLOATS + P_ADJUSTED] = p;
  }
  setSamples(i, samples) {
    this.samples.set(i, samples);
  }
  profileOf(i) {
    return this.profiles.values[this.profile[i]];
  }
  pkgOf(i) {
    return this.profileOf(i).pkg;
  }
  nameOf(i) {
    return this.names[i];
  }
  unitOf(i) {
    return this.profileOf(i).unit;
  }
  gatingOf(i) {
    return this.profileOf(i).gating;
  }
  gated(i) {
    return this.profileOf(i).gated;
  }
  verdictOf(i) {
    return this.verdicts.values[this.verdict[i]];
  }
  center(i, side) {
    return this.floats[i * FLOATS + (side === "base" ? 0 : 3)];
  }
  delta(i) {
    return centerDelta(this.center(i, "base"), this.center(i, "head"));
  }
  summaryOf(i, side) {
    const k = side === "base" ? 0 : 1;
    const at = i * FLOATS + 3 * k;
    const profile = this.profileOf(i);
    return {
      center: this.floats[at],
      lo: this.floats[at + 1],
      hi: this.floats[at + 2],
      confidence: profile.confidence[k],
      warnings: profile.warnings[k]
    };
  }
  comparisonOf(i) {
    const profile = this.profileOf(i);
    return {
      p: this.pOf(i),
      n1: profile.n1,
      n2: profile.n2,
      method: profile.method,
      warnings: profile.warnings[2]
    };
  }
  pOf(i) {
    return this.floats[i * FLOATS + P];
  }
  pAdjustedOf(i) {
    return this.floats[i * FLOATS + P_ADJUSTED];
  }
  nOf(i) {
    const profile = this.profileOf(i);
    return { n1: profile.n1, n2: profile.n2 };
  }
  methodOf(i) {
    return this.profileOf(i).method;
  }
  warningsOf(i) {
    return this.profileOf(i).warnings[3];
  }
  samplesOf(i) {
    return this.samples.get(i);
  }
};
var RowView = class {
  #t;
  #i;
  constructor(table, index) {
    this.#t = table;
    this.#i = index;
  }
  get pkg() {
    return this.#t.pkgOf(this.#i);
  }
  get name() {
    return this.#t.nameOf(this.#i);
  }
  get unit() {
    return this.#t.unitOf(this.#i);
  }
  get better() {
    return this.#t.gatingOf(this.#i).better;
  }
  get base() {
    return this.#t.summaryOf(this.#i, "base");
  }
  get head() {
    return this.#t.summaryOf(this.#i, "head");
  }
  get comparison() {
    return this.#t.comparisonOf(this.#i);
  }
  get delta() {
    return this.#t.delta(this.#i);
  }
  get threshold() {
    return this.#t.gatingOf(this.#i).threshold;
  }
  get thresholdSource() {
    return this.#t.gatingOf(this.#i).source;
  }
  get gated() {
    return this.#t.gated(this.#i);
  }
  get pAdjusted() {
    return this.#t.pAdjustedOf(this.#i);
  }
  get verdict() {
    return this.#t.verdictOf(this.#i);
  }
  get warnings() {
    return this.#t.warningsOf(this.#i);
  }
  get samples() {
    return this.#t.samplesOf(this.#i);
  }
  /** The row as a plain object: a view's fields are getters, which JSON and spreads skip. */
  toJSON() {
    const { better, threshold, samples } = this;
    return {
      pkg: this.pkg,
      name: this.name,
      unit: this.unit,
      ...better ? { better } : {},
      base: this.base,
      head: this.head,
      comparison: this.comparison,
      delta: this.delta,
      ...threshold !== void 0 ? { threshold } : {},
      thresholdSource: this.thresholdSource,
      gated: this.gated,
      pAdjusted: this.pAdjusted,
      verdict: this.verdict,
      warnings: this.warnings,
      ...samples ? { samples } : {}
    };
  }
};

// src/bench/compare/gate.ts
function unitBetter(units, unit) {
  const v = units.get(unitMetaKey(unit, "better"))?.value;
  return v === "lower" || v === "higher" ? v : void 0;
}
function beyond(delta, better, threshold) {
  const worse = better === "lower" ? delta : -delta;
  if (worse > threshold) return "worse";
  if (-worse > threshold) return "better";
  return "within";
}
function unitLine(side, meta) {
  return `${side}'s 'Unit ${meta.origUnit} ${meta.key}=${meta.value}' (${meta.file}:${meta.line})`;
}
function trustedUnits(base, head, warnings) {
  const units = /* @__PURE__ */ new Map();
  for (const [key, meta] of base.units) {
    const builtIn = meta.key === "better" ? defaultBetter(meta.unit) : void 0;
    if (builtIn !== void 0 && builtIn !== meta.value)
      warnings.push(`${unitLine("base", meta)} is ignored: ${meta.unit} is ${builtIn}-is-better`);
    else units.set(key, meta);
  }
  for (const [key, meta] of head.units) {
    if (base.units.get(key)?.value !== meta.value)
      warnings.push(
        `${unitLine("head", meta)} is ignored: the head is the code under test, so metric metadata comes from the action and the base`
      );
  }
  return units;
}
function malformedBenchmarks(side, warnings) {
  const byName = /* @__PURE__ */ new Map();
  for (const w of warnings) {
    if (w.benchmark === void 0) continue;
    const pkg = w.pkg ?? "";
    const key = `${pkg}\0${w.benchmark}`;
    const have = byName.get(key);
    if (have) have.lines++;
    else
      byName.set(key, {
        side,
        pkg,
        name: w.benchmark,
        lines: 1,
        first: { file: w.file, line: w.line, message: w.message }
      });
  }
  return [...byName.values()];
}
function evaluateOutputs(base, head, policy) {
  const pairer = new Pairer();
  const read = (side, input) => {
    const parser = new BenchmarkParser(input.file, /* @__PURE__ */ new Map(), (r) => pairer.add(side, r));
    for (const chunk of input.chunks) parser.push(chunk);
    return parser.end();
  };
  const b = read("base", base);
  const h = read("head", head);
  const results = pairer.results;
  const gate = evaluateGate(b, h, policy, pairer.finish());
  return { gate, formatWarnings: [...b.warnings, ...h.warnings], results };
}
function evaluateGate(base, head, policy, pairing = pairResults(base, head)) {
  const warnings = [];
  const units = trustedUnits(base, head, warnings);
  const problems = /* @__PURE__ */ new Set();
  const given = pairing.rows;
  const paired = Array.isArray(given) ? { length: given.length, row: (i) => given[i], release: () => {
  } } : given;
  const rowAt = (i) => paired.row(i);
  const table = new RowTable(paired.length);
  for (let i = 0; i < paired.length; i++) {
    const row = rowAt(i);
    const assumption = assumptionFor(units.get(unitMetaKey(row.unit, "assume"))?.value);
    const b = assumption.summary(row.base, policy.confidence);
    const h = assumption.summary(row.head, policy.confidence);
    const comparison = assumption.compare(row.base, row.head, policy.alpha);
    const gating = gatingFor(policy, row.name, row.unit, unitBetter(units, row.unit));
    if (gating.problem) problems.add(gating.problem);
    const delta = centerDelta(b.center, h.center);
    const gated = gating.threshold !== void 0 && gating.better !== void 0 && comparison.method !== "none" && !Number.isNaN(delta);
    const identical = comparison.method === "none" && delta === 0;
    table.add({
      pkg: row.pkg,
      name: row.name,
      unit: row.unit,
      base: b,
      head: h,
      comparison,
      gating: {
        ...gating.better ? { better: gating.better } : {},
        ...gating.threshold !== void 0 ? { threshold: gating.threshold } : {},
        source: gating.source
      },
      gated,
      verdict: identical && gating.better !== void 0 ? "unchanged" : "not-gated",
      warnings: [
        .../* @__PURE__ */ new Set([...b.warnings, ...h.warnings, ...identical ? [] : comparison.warnings])
      ]
    });
  }
  warnings.push(...problems);
  let size = 0;
  const family = new Uint32Array(table.length);
  for (let i = 0; i < table.length; i++)
    if (table.gated(i) && table.methodOf(i) !== "exact-values") family[size++] = i;
  const familyP = Array.from(family.subarray(0, size), (i) => table.pOf(i));
  const adjusted = policy.correction === "holm" ? holmAdjust(familyP) : familyP;
  for (let k = 0; k < size; k++) table.setPAdjusted(family[k], adjusted[k]);
  for (let i = 0; i < table.length; i++) {
    if (!table.gated(i)) continue;
    const delta = table.delta(i);
    if (table.pAdjustedOf(i) > policy.alpha || delta === 0) {
      table.setVerdict(i, "unchanged");
      continue;
    }
    const g = table.gatingOf(i);
    const side = beyond(delta, g.better, g.threshold);
    table.setVerdict(
      i,
      side === "worse" ? "regression" : side === "better" ? "improvement" : "within-threshold"
    );
    if (side !== "within") {
      const row = rowAt(i);
      table.setSamples(i, { base: row.base, head: row.head });
    }
  }
  if (size > 0) {
    const level = policy.correction === "holm" ? policy.alpha / size : policy.alpha;
    let weakest = table.nOf(family[0]);
    for (let k = 1; k < size; k++) {
      const n = table.nOf(family[k]);
      if (minimumP(n.n1, n.n2) > minimumP(weakest.n1, weakest.n2)) weakest = n;
    }
    const best = minimumP(weakest.n1, weakest.n2);
    if (best > level)
      warnings.push(
        `with ${weakest.n1}+${weakest.n2} samples the smallest possible p is ${best.toPrecision(3)}, above the ${level.toPrecision(3)} that ${size} corrected comparisons need at alpha ${policy.alpha}: raise count`
      );
  }
  paired.release();
  const geomeans = geomeanRows(table, pairing.units, policy);
  const rows = table.views();
  const regressions = [];
  const improvements = [];
  for (let i = 0; i < table.length; i++) {
    const verdict = table.verdictOf(i);
    if (verdict === "improvement") improvements.push(rows[i]);
    if (verdict !== "regression") continue;
    regressions.push({
      kind: "benchmark",
      pkg: table.pkgOf(i),
      name: table.nameOf(i),
      unit: table.unitOf(i),
      base: table.center(i, "base"),
      head: table.center(i, "head"),
      delta: table.delta(i),
      p: table.pOf(i),
      pAdjusted: table.pAdjustedOf(i),
      threshold: table.gatingOf(i).threshold
    });
  }
  for (const g of geomeans) {
    if (g.regression)
      regressions.push({
        kind: "geomean",
        pkg: "",
        name: "geomean",
        unit: g.unit,
        base: g.base,
        head: g.head,
        delta: g.delta,
        p: NaN,
        pAdjusted: NaN,
        threshold: g.threshold
      });
  }
  return {
    result: regressions.length > 0 ? "regression" : "pass",
    rows,
    geomeans,
    regressions,
    improvements,
    onlyBase: pairing.onlyBase,
    onlyHead: pairing.onlyHead,
    malformed: [
      ...malformedBenchmarks("base", base.warnings),
      ...malformedBenchmarks("head", head.warnings)
    ],
    units: pairing.units,
    comparisons: size,
    alpha: policy.alpha,
    warnings
  };
}
function pairResults(base, head) {
  const pairer = new Pairer();
  for (const r of base.results) pairer.add("base", r);
  for (const r of head.results) pairer.add("head", r);
  return pairer.finish();
}
function geomeanRows(table, units, policy) {
  const out = [];
  for (const unit of units) {
    const b = [];
    const h = [];
    const ratios = [];
    let better;
    for (let i = 0; i < table.length; i++) {
      if (table.unitOf(i) !== unit) continue;
      const bc = table.center(i, "base");
      const hc = table.center(i, "head");
      if (!(bc > 0 && hc > 0)) continue;
      b.push(bc);
      h.push(hc);
      ratios.push(hc / bc);
      better ??= table.gatingOf(i).better;
    }
    if (b.length === 0) continue;
    const delta = geomean(ratios) - 1;
    const rule = policy.geomean.find((g2) => g2.unit === unit) ?? policy.geomean.find((g2) => g2.unit === void 0);
    const g = {
      unit,
      rows: b.length,
      base: geomean(b),
      head: geomean(h),
      delta,
      regression: false
    };
    if (better) g.better = better;
    if (rule && better) {
      g.threshold = rule.threshold;
      g.regression = beyond(delta, better, rule.threshold) === "worse";
    }
    out.push(g);
  }
  return out;
}

// src/bench/github/comment.ts
var MAX_COMMENT_LENGTH = 65536;
function commentMarker(key) {
  return `<!-- winship:bench-gate:${key.replace(/-->/g, "")} -->`;
}
function commentBody(marker, markdown, summaryUrl) {
  let body = `${marker}
${markdown}`;
  if (body.length > MAX_COMMENT_LENGTH) {
    const tail2 = `

\u2026 cut to fit a comment${summaryUrl ? `: the full report is in the [job summary](${summaryUrl})` : "; the full report is in the job summary"}.
`;
    const room = body.lastIndexOf("\n", MAX_COMMENT_LENGTH - tail2.length);
    body = body.slice(0, Math.max(room, 0)) + tail2;
  }
  return body;
}
async function upsertComment(api, issueNumber, marker, body) {
  const existing = (await api.list(issueNumber)).find((c2) => c2.body?.includes(marker));
  if (existing) {
    const c2 = await api.update(existing.id, body);
    return { action: "updated", id: c2.id };
  }
  const c = await api.create(issueNumber, body);
  return { action: "created", id: c.id };
}

// src/bench/github/octokit.ts
import { readFileSync } from "node:fs";
function repoFromEnv(env = process.env) {
  const m = /^([^/\s]+)\/([^/\s]+)$/.exec(env.GITHUB_REPOSITORY ?? "");
  return m ? { owner: m[1], repo: m[2] } : void 0;
}
function pullRequestNumber(env = process.env) {
  const path = env.GITHUB_EVENT_PATH;
  if (!path) return void 0;
  try {
    const event = JSON.parse(readFileSync(path, "utf8"));
    const n = event.pull_request?.number ?? (event.issue?.pull_request ? event.issue.number : void 0);
    return typeof n === "number" && Number.isInteger(n) && n > 0 ? n : void 0;
  } catch {
    return void 0;
  }
}
async function octokitComments(token, repo) {
  const { getOctokit } = await import("./chunks/github-OKGQ3VMO.js");
  const octokit = getOctokit(token);
  const { owner, repo: name } = repo;
  return {
    async list(issueNumber) {
      const comments = await octokit.paginate(octokit.rest.issues.listComments, {
        owner,
        repo: name,
        issue_number: issueNumber,
        per_page: 100
      });
      return comments.map((c) => ({ id: c.id, body: c.body ?? "" }));
    },
    async create(issueNumber, body) {
      const { data } = await octokit.rest.issues.createComment({
        owner,
        repo: name,
        issue_number: issueNumber,
        body
      });
      return { id: data.id, body: data.body ?? "" };
    },
    async update(commentId, body) {
      const { data } = await octokit.rest.issues.updateComment({
        owner,
        repo: name,
        comment_id: commentId,
        body
      });
      return { id: data.id, body: data.body ?? "" };
    }
  };
}

// src/runner/markdown.ts
function escapeCell(text) {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

// src/bench/report/escape.ts
var INVISIBLE = (
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g
);
var NAMED = { "\n": "\\n", "\r": "\\r", "	": "\\t" };
function visible(text) {
  return text.replace(
    INVISIBLE,
    (c) => NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`
  );
}
function literal(text) {
  if (text === "") return "*(empty)*";
  const shown = visible(text);
  let longest = 0;
  for (const run2 of shown.match(/`+/g) ?? []) longest = Math.max(longest, run2.length);
  const fence = "`".repeat(longest + 1);
  const pad = shown.startsWith("`") || shown.endsWith("`") || shown.startsWith(" ") && shown.endsWith(" ") && shown.trim() !== "";
  return pad ? `${fence} ${shown} ${fence}` : `${fence}${shown}${fence}`;
}

// src/bench/report/numbers.ts
var DECIMAL = [
  [1e12, "T"],
  [1e9, "G"],
  [1e6, "M"],
  [1e3, "k"],
  [1, ""],
  [1e-3, "m"],
  [1e-6, "\xB5"],
  [1e-9, "n"],
  [1e-12, "p"]
];
var BINARY = [
  [1024 ** 4, "Ti"],
  [1024 ** 3, "Gi"],
  [1024 ** 2, "Mi"],
  [1024, "Ki"],
  [1, ""]
];
function isBinaryUnit(unit) {
  const numerator = unit.split("/")[0] ?? "";
  return numerator.split(/[*\-\s]/).some((t) => t === "B" || t === "bytes");
}
function scaleFor(value2, unit) {
  const table = isBinaryUnit(unit) ? BINARY : DECIMAL;
  const abs = Math.abs(value2);
  if (!Number.isFinite(abs) || abs === 0) return { factor: 1, prefix: "" };
  const [factor, prefix] = table.find(([f]) => abs >= f * 0.99995) ?? table[table.length - 1];
  return { factor, prefix };
}
function formatValue(value2, unit) {
  if (!Number.isFinite(value2)) return String(value2);
  if (value2 === 0) return "0.000";
  const { factor, prefix } = scaleFor(value2, unit);
  return `${(value2 / factor).toPrecision(4)}${prefix}`;
}
function unitSymbol(unit) {
  const numerator = unit.split("/")[0] ?? "";
  if (numerator === "sec") return "s";
  if (numerator === "B") return "B";
  return "";
}
function formatSigned(value2, unit) {
  const sign = value2 > 0 ? "+" : value2 < 0 ? "-" : "";
  return `${sign}${formatValue(Math.abs(value2), unit)}${unitSymbol(unit)}`;
}
function formatCI(s) {
  if (!Number.isFinite(s.lo) || !Number.isFinite(s.hi)) return "\u221E";
  if (Math.sign(s.center) !== Math.sign(s.lo) || Math.sign(s.center) !== Math.sign(s.hi))
    return "?";
  if (s.center === 0) return "0%";
  const v = Math.max(s.hi / s.center - 1, 1 - s.lo / s.center);
  return `${(100 * v).toFixed(0)}%`;
}
function formatSummary(s, unit) {
  return `${formatValue(s.center, unit)} \xB1 ${formatCI(s)}`;
}
function formatPercent(fraction, signed = true) {
  if (fraction === Infinity) return "+\u221E%";
  if (fraction === -Infinity) return "-\u221E%";
  if (!Number.isFinite(fraction)) return "?";
  const pct = (100 * fraction).toFixed(2);
  return signed && fraction >= 0 ? `+${pct}%` : `${pct}%`;
}
function formatThreshold(fraction) {
  return `${Number((100 * fraction).toPrecision(6))}%`;
}
function formatP(p) {
  if (!Number.isFinite(p)) return "";
  if (p === 0) return "0";
  if (p >= 1e-3) return p.toFixed(3);
  return p.toExponential(1);
}

// src/bench/report/overview.ts
function overviewLines(gate) {
  if (gate.rows.length === 0) return [];
  const counts = /* @__PURE__ */ new Map();
  for (const unit of gate.units) counts.set(unit, { worse: 0, better: 0, same: 0, other: 0 });
  for (const r of gate.rows) {
    const c = counts.get(r.unit);
    if (!c) continue;
    if (r.verdict === "regression") c.worse++;
    else if (r.verdict === "improvement") c.better++;
    else if (r.verdict === "not-gated") c.other++;
    else c.same++;
  }
  const anyOther = [...counts.values()].some((c) => c.other > 0);
  const lines = [
    `| metric | worse | better | same | ${anyOther ? "not gated | " : ""}geomean |`,
    `| --- | --- | --- | --- | ${anyOther ? "--- | " : ""}--- |`
  ];
  for (const [unit, c] of counts) {
    const total = c.worse + c.better + c.same + c.other;
    if (total === 0) continue;
    const g = gate.geomeans.find((x) => x.unit === unit);
    lines.push(
      `| ${escapeCell(literal(unit))} | ${c.worse > 0 ? `\u{1F534} ${c.worse}` : "0"} | ${c.better > 0 ? `\u{1F7E2} ${c.better}` : "0"} | ${c.same} | ${anyOther ? `${c.other} | ` : ""}${g ? formatPercent(g.delta) : ""} |`
    );
  }
  return lines;
}

// src/bench/report/markdown.ts
var plain = (text) => text;
function benchmarkName(pkg, name, fmt) {
  return fmt(`${pkg ? `${pkg} ` : ""}Benchmark${name}`);
}
var MARK = {
  regression: "\u{1F534} regression",
  improvement: "\u{1F7E2} improvement",
  "within-threshold": "within threshold",
  unchanged: "",
  "not-gated": "not gated"
};
function headline(gate, failOn) {
  const n = gate.regressions.length;
  const m = gate.malformed.length;
  const malformed = m > 0 ? `; ${m} benchmark${m === 1 ? "" : "s"} with malformed results` : "";
  if (n === 0) {
    const imp = gate.improvements.length;
    return `${m > 0 ? "\u26A0\uFE0F" : "\u2705"} No regressions${imp > 0 ? ` (${imp} improvement${imp === 1 ? "" : "s"})` : ""}${malformed}`;
  }
  return `${failOn === "none" ? "\u26A0\uFE0F" : "\u274C"} ${n} regression${n === 1 ? "" : "s"}${failOn === "none" ? " (fail-on: none, not failing)" : ""}${malformed}`;
}
function describeMalformed(m, fmt = plain) {
  const lines = m.lines === 1 ? "1 malformed line" : `${m.lines} malformed lines`;
  return `${m.side}: ${benchmarkName(m.pkg, m.name, fmt)}: ${lines} not compared (first ${fmt(`${m.first.file}:${m.first.line}: ${m.first.message}`)})`;
}
function describeRegression(r) {
  return regressionLine(r, plain);
}
function regressionLine(r, fmt) {
  const where = r.kind === "geomean" ? `geomean of ${fmt(r.unit)}` : `${benchmarkName(r.pkg, r.name, fmt)} ${fmt(r.unit)}`;
  const p = r.kind === "geomean" ? "" : `, p=${formatP(r.pAdjusted)}`;
  return `${where}: ${formatValue(r.base, r.unit)} \u2192 ${formatValue(r.head, r.unit)} (${formatPercent(r.delta)}, threshold ${formatThreshold(r.threshold)}${p})`;
}
function deltaCell(r, alpha) {
  if (r.delta === 0) return "0.00%";
  const d = formatPercent(r.delta);
  if (r.verdict === "not-gated") return r.comparison.p <= alpha ? d : `~ (${d})`;
  return r.pAdjusted <= alpha ? `**${d}**` : `~ (${d})`;
}
function pCell(r) {
  const p = formatP(r.comparison.p);
  return r.gated && r.pAdjusted !== r.comparison.p ? `${p} (Holm ${formatP(r.pAdjusted)})` : p;
}
function verdictCell(r) {
  const mark = MARK[r.verdict];
  if ((r.verdict === "regression" || r.verdict === "improvement" || r.verdict === "within-threshold") && r.threshold !== void 0)
    return `${mark} (${formatThreshold(r.threshold)})`;
  return mark;
}
function unitHeading(unit, first) {
  const better = first.better;
  const direction = better ? `, ${better} is better` : ", direction unknown (not gated)";
  const label = first.base.confidence === 1 && first.comparison.method === "exact-values" ? "exact" : "median";
  return `### ${literal(unit)} (${label}${direction})`;
}
var SUMMARY_LIMIT = { bytes: 1e6, name: "the job summary (1 MiB)" };
var COMMENT_LIMIT = { bytes: 64e3, name: "a pull-request comment" };
var LIST_CAP = 50;
function tableRow(cells) {
  return `| ${cells.map(escapeCell).join(" | ")} |`;
}
function rowCells(r, alpha) {
  return [
    literal(r.name),
    formatSummary(r.base, r.unit),
    formatSummary(r.head, r.unit),
    deltaCell(r, alpha),
    pCell(r),
    r.comparison.n1 === r.comparison.n2 ? String(r.comparison.n1) : `${r.comparison.n1}+${r.comparison.n2}`,
    verdictCell(r)
  ];
}
function* capped(items, cap, line, rest) {
  for (const item of items.slice(0, cap)) yield line(item);
  if (items.length > cap) yield `- \u2026 and ${items.length - cap} more ${rest}`;
}
function* reportLines(gate, ctx, opts = {}) {
  const cap = opts.listCap ?? Infinity;
  yield `## bench-gate: ${headline(gate, ctx.failOn)}`;
  yield "";
  const correction = gate.comparisons > 1 ? `, Holm-Bonferroni across ${gate.comparisons} gated comparisons` : "";
  yield `${ctx.subject}; Mann-Whitney U test at \u03B1 = ${gate.alpha}${correction}.`;
  yield "";
  if (opts.cutNote) {
    yield opts.cutNote;
    yield "";
  }
  if (ctx.overview) {
    const overview = overviewLines(gate);
    if (overview.length > 0) {
      yield* overview;
      yield "";
    }
  }
  if (ctx.data && ctx.data.length > 0) {
    yield* ctx.data;
    yield "";
  }
  if (gate.regressions.length > 0) {
    yield "**Regressions**";
    yield "";
    yield* capped(gate.regressions, cap, (r) => `- ${regressionLine(r, literal)}`, "regressions");
    yield "";
  }
  if (gate.malformed.length > 0) {
    yield "**Malformed results** (those lines were not compared)";
    yield "";
    yield* capped(gate.malformed, cap, (m) => `- ${describeMalformed(m, literal)}`, "benchmarks");
    yield "";
  }
  const blocks = ctx.blocks ?? [];
  const shownBlocks = Math.min(blocks.length, opts.blocks ?? blocks.length);
  for (const b of blocks.slice(0, shownBlocks)) yield* b.lines;
  if (shownBlocks < blocks.length) {
    yield `*${blocks.length - shownBlocks} more changed benchmark${blocks.length - shownBlocks === 1 ? "" : "s"} with charts and profiles are in ${ctx.fullReport ?? "the file named by the `report-file` output of this step"}.*`;
    yield "";
  }
  let firstPkg;
  let multiPkg = false;
  for (const r of gate.rows) {
    if (firstPkg === void 0) firstPkg = r.pkg;
    else if (r.pkg !== firstPkg) {
      multiPkg = true;
      break;
    }
  }
  for (const unit of gate.units) {
    let any;
    for (let i = 0; i < gate.rows.length && !any; i++)
      if (gate.rows[i].unit === unit && (!opts.shown || opts.shown[i])) any = gate.rows[i];
    if (!any) continue;
    yield unitHeading(unit, any);
    yield "";
    if (!multiPkg && any.pkg) {
      yield `pkg: ${literal(any.pkg)}`;
      yield "";
    }
    yield tableRow(["benchmark", "base", "head", "delta", "p", "n", "verdict"]);
    yield "| --- | --- | --- | --- | --- | --- | --- |";
    let pkg;
    for (let i = 0; i < gate.rows.length; i++) {
      const r = gate.rows[i];
      if (r.unit !== unit || opts.shown && !opts.shown[i]) continue;
      if (multiPkg && r.pkg !== pkg) {
        pkg = r.pkg;
        yield tableRow([`**pkg:** ${pkg ? literal(pkg) : "(none)"}`, "", "", "", "", "", ""]);
      }
      yield tableRow(rowCells(r, gate.alpha));
    }
    const g = gate.geomeans.find((x) => x.unit === unit);
    if (g && g.rows > 1) {
      const verdict = g.threshold === void 0 ? "" : g.regression ? `\u{1F534} regression (${formatThreshold(g.threshold)})` : `gated at ${formatThreshold(g.threshold)}`;
      yield tableRow([
        "**geomean**",
        formatValue(g.base, unit),
        formatValue(g.head, unit),
        formatPercent(g.delta),
        "",
        "",
        verdict
      ]);
    }
    yield "";
  }
  if (gate.onlyBase.length + gate.onlyHead.length > 0) {
    yield "**Not compared** (measured on one side only)";
    yield "";
    const seen = /* @__PURE__ */ new Set();
    const once = [];
    for (const [side, rows] of [
      ["base", gate.onlyBase],
      ["head", gate.onlyHead]
    ]) {
      for (const r of rows) {
        const key = `${side}\0${r.pkg}\0${r.name}`;
        if (seen.has(key)) continue;
        seen.add(key);
        once.push(`- only in ${side}: ${benchmarkName(r.pkg, r.name, literal)}`);
      }
    }
    yield* capped(once, cap, (l) => l, "benchmarks");
    yield "";
  }
  const warnings = collectWarnings(gate, ctx.formatWarnings);
  if (warnings.length > 0) {
    yield `<details><summary>Warnings (${warnings.length})</summary>`;
    yield "";
    yield* capped(warnings, cap, (w) => `- ${literal(w)}`, "warnings");
    yield "";
    yield "</details>";
    yield "";
  }
  if (ctx.notes.length > 0) {
    yield "<details><summary>How this was measured</summary>";
    yield "";
    for (const n of ctx.notes) yield `- ${literal(n)}`;
    yield "";
    yield "</details>";
    yield "";
  }
}
function priorityOrder(rows) {
  const order = new Uint32Array(rows.length);
  let k = 0;
  for (const pass of ["regression", "improvement", void 0])
    for (let i = 0; i < rows.length; i++) {
      const v = rows[i].verdict;
      if (pass ? v === pass : v !== "regression" && v !== "improvement") order[k++] = i;
    }
  return order;
}
function utf8Length(text) {
  return Buffer.byteLength(text, "utf8");
}
function joinLines(lines) {
  let out = "";
  for (const l of lines) out += l + "\n";
  return out;
}
function sizeOf(lines, stop = Infinity) {
  let bytes = 0;
  for (const l of lines) {
    bytes += utf8Length(l) + 1;
    if (bytes > stop) break;
  }
  return bytes;
}
function cutAtLine(lines, bytes, note) {
  let room = bytes - utf8Length(note) - 2;
  let out = "";
  for (const line of lines) {
    const cost = utf8Length(line) + 1;
    if (cost > room) break;
    room -= cost;
    out += line + "\n";
  }
  return `${out}${note}
`;
}
function renderReport(gate, ctx, limit = SUMMARY_LIMIT) {
  let blockCount = 0;
  let blockBytes = 0;
  for (const b of ctx.blocks ?? []) {
    const cost = sizeOf(b.lines);
    if (blockBytes + cost > limit.bytes * 0.4) break;
    blockBytes += cost;
    blockCount++;
  }
  const whole = () => reportLines(gate, ctx, { listCap: LIST_CAP, blocks: blockCount });
  if (sizeOf(whole(), limit.bytes) <= limit.bytes) return joinLines(whole());
  const total = gate.rows.length;
  const where = ctx.fullReport ?? "the file named by the `report-file` output of this step";
  const note = (left) => `**Cut to fit ${limit.name}:** ${left.toLocaleString("en")} of ${total.toLocaleString("en")} table rows left out; shown first are the regressions, then the improvements, then the rest. The full table is in ${where}.`;
  const shown = new Uint8Array(total);
  const render = (left) => reportLines(gate, ctx, { listCap: LIST_CAP, shown, cutNote: note(left), blocks: blockCount });
  let budget = limit.bytes - sizeOf(render(total));
  const order = priorityOrder(gate.rows);
  let k = 0;
  for (; k < order.length; k++) {
    const r = gate.rows[order[k]];
    const cost = utf8Length(tableRow(rowCells(r, gate.alpha))) + 1;
    if (cost > budget) break;
    budget -= cost;
    shown[order[k]] = 1;
  }
  for (; ; ) {
    const over = sizeOf(render(total - k)) - limit.bytes;
    if (over <= 0) return joinLines(render(total - k));
    if (k === 0) return cutAtLine(render(total), limit.bytes, note(total));
    for (let drop = Math.ceil(over / 40); drop > 0 && k > 0; drop--) shown[order[--k]] = 0;
  }
}
function* fullReport(gate, ctx) {
  for (const line of reportLines(gate, ctx)) yield line + "\n";
}
function collectWarnings(gate, formatWarnings) {
  const out = [...gate.warnings];
  const byMessage = /* @__PURE__ */ new Map();
  for (const r of gate.rows) {
    for (const w of r.warnings) {
      const group2 = byMessage.get(w) ?? { first: [], count: 0 };
      if (group2.count++ < 3) group2.first.push(`${r.name} ${r.unit}`);
      byMessage.set(w, group2);
    }
  }
  for (const [message, { first, count }] of byMessage) {
    out.push(`${message}: ${first.join(", ")}${count > 3 ? ` and ${count - 3} more` : ""}`);
  }
  for (const w of formatWarnings.slice(0, 20)) out.push(`${w.file}:${w.line}: ${w.message}`);
  if (formatWarnings.length > 20)
    out.push(`\u2026 and ${formatWarnings.length - 20} more malformed lines`);
  return out;
}

// src/bench/report/chart.ts
var BASE_COLOR = "#0969da";
var HEAD_COLOR = "#cf222e";
var BASE_LIGHT = "#54aeff";
var HEAD_LIGHT = "#ff8182";
function seriesOf(row) {
  if (!row.samples) return void 0;
  return {
    unit: row.unit,
    base: row.samples.base,
    head: row.samples.head,
    baseSummary: row.base,
    headSummary: row.head
  };
}
function plainUnit(unit) {
  return /^[A-Za-z0-9/%._-]{1,40}$/.test(unit) ? unit : "value";
}
function num(v) {
  if (!Number.isFinite(v)) return "0";
  const s = Number(v.toPrecision(4));
  return Math.abs(s) < 1e-6 ? "0" : String(s).includes("e") ? s.toFixed(9) : String(s);
}
function range(s) {
  const finite = [
    ...s.base,
    ...s.head,
    s.baseSummary.lo,
    s.baseSummary.hi,
    s.headSummary.lo,
    s.headSummary.hi
  ].filter((v) => Number.isFinite(v));
  let lo = Math.min(...finite);
  let hi = Math.max(...finite);
  if (!(hi > lo)) {
    lo = lo - Math.abs(lo) * 0.05 - 1e-12;
    hi = hi + Math.abs(hi) * 0.05 + 1e-12;
  }
  const pad = (hi - lo) * 0.08;
  return { lo: Math.max(0, lo - pad), hi: hi + pad };
}
function ciText(s, unit) {
  const sym = unitSymbol(unit);
  if (!Number.isFinite(s.lo) || !Number.isFinite(s.hi)) return "unbounded";
  return `${formatValue(s.lo, unit)}${sym} to ${formatValue(s.hi, unit)}${sym}`;
}
function mermaidChart(s) {
  const n = Math.min(s.base.length, s.head.length);
  const unit = plainUnit(s.unit);
  const { factor, prefix } = scaleFor(
    Math.max(Math.abs(s.baseSummary.center), Math.abs(s.headSummary.center)),
    s.unit
  );
  const sym = unitSymbol(s.unit);
  const scaled = (v) => num(v / factor);
  const { lo, hi } = range(s);
  const rounds = Array.from({ length: n }, (_, i) => `"${i + 1}"`);
  const flat = (v) => Array.from({ length: n }, () => scaled(v));
  const axis = `${prefix}${sym}` || unit;
  return [
    "```mermaid",
    `%%{init: {"themeVariables": {"xyChart": {"plotColorPalette": "${BASE_COLOR}, ${HEAD_COLOR}, ${BASE_LIGHT}, ${HEAD_LIGHT}"}}}}%%`,
    "xychart-beta",
    `    title "${unit} by round"`,
    `    x-axis "round" [${rounds.join(", ")}]`,
    `    y-axis "${axis === unit ? unit : `${unit} (${axis})`}" ${scaled(lo)} --> ${scaled(hi)}`,
    `    line [${s.base.slice(0, n).map(scaled).join(", ")}]`,
    `    line [${s.head.slice(0, n).map(scaled).join(", ")}]`,
    `    line [${flat(s.baseSummary.center).join(", ")}]`,
    `    line [${flat(s.headSummary.center).join(", ")}]`,
    "```",
    "",
    `Blue: base, red: head, one point a round; the light flat lines are the medians (95% CI: base ${ciText(s.baseSummary, s.unit)}, head ${ciText(s.headSummary, s.unit)}).${s.base.length !== s.head.length ? ` Base has ${s.base.length} values and head ${s.head.length}; the first ${n} of each are drawn.` : ""}`
  ];
}
function xmlText(text) {
  return visible(text).replace(
    /[&<>"']|[\ud800-\udfff]|[\ufffe\uffff]/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c] ?? "\uFFFD"
  );
}
function svgChart(s, title) {
  const W = 640;
  const H = 320;
  const left = 80;
  const right = 20;
  const top = 44;
  const bottom = 44;
  const n = Math.max(s.base.length, s.head.length, 1);
  const { lo, hi } = range(s);
  const x = (i) => left + (i + 0.5) * (W - left - right) / n;
  const y = (v) => top + (1 - (v - lo) / (hi - lo)) * (H - top - bottom);
  const clampY = (v) => Math.min(H - bottom, Math.max(top, y(v)));
  const f = (v) => v.toFixed(1);
  const sym = unitSymbol(s.unit);
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
    `<text x="${left}" y="18" font-size="14" font-weight="bold">${xmlText(title)}</text>`,
    `<text x="${left}" y="34" fill="#57606a">${xmlText(`${s.unit} by round: base (blue) and head (red); lines are medians, bands their 95% CI`)}</text>`
  ];
  for (const [sum2, color] of [
    [s.baseSummary, BASE_COLOR],
    [s.headSummary, HEAD_COLOR]
  ]) {
    const y1 = clampY(Number.isFinite(sum2.hi) ? sum2.hi : hi);
    const y2 = clampY(Number.isFinite(sum2.lo) ? sum2.lo : lo);
    out.push(
      `<rect x="${left}" y="${f(y1)}" width="${W - left - right}" height="${f(Math.max(0.5, y2 - y1))}" fill="${color}" fill-opacity="0.12"/>`,
      `<line x1="${left}" x2="${W - right}" y1="${f(y(sum2.center))}" y2="${f(y(sum2.center))}" stroke="${color}" stroke-dasharray="6 4"/>`
    );
  }
  for (let t = 0; t <= 4; t++) {
    const v = lo + (hi - lo) * t / 4;
    out.push(
      `<line x1="${left - 4}" x2="${left}" y1="${f(y(v))}" y2="${f(y(v))}" stroke="#57606a"/>`,
      `<text x="${left - 6}" y="${f(y(v) + 4)}" text-anchor="end">${xmlText(`${formatValue(v, s.unit)}${sym}`)}</text>`
    );
  }
  out.push(
    `<line x1="${left}" x2="${left}" y1="${top}" y2="${H - bottom}" stroke="#57606a"/>`,
    `<line x1="${left}" x2="${W - right}" y1="${H - bottom}" y2="${H - bottom}" stroke="#57606a"/>`,
    `<text x="${(left + W - right) / 2}" y="${H - 10}" text-anchor="middle">round</text>`
  );
  for (let i = 0; i < n; i++)
    if (n <= 30 || i % Math.ceil(n / 30) === 0)
      out.push(`<text x="${f(x(i))}" y="${H - bottom + 16}" text-anchor="middle">${i + 1}</text>`);
  for (const [values, color, dx] of [
    [s.base, BASE_COLOR, -3],
    [s.head, HEAD_COLOR, 3]
  ])
    values.forEach((v, i) => {
      if (Number.isFinite(v))
        out.push(`<circle cx="${f(x(i) + dx)}" cy="${f(y(v))}" r="4" fill="${color}"/>`);
    });
  out.push("</svg>", "");
  return out.join("\n");
}

// src/bench/report/details.ts
var RANKING = "Ranked by each function's change in cumulative cost; a caller whose change is mostly in one callee is ranked by the rest, and the benchmark's own frames by their own (flat) cost.";
var HEADING = {
  cpu: "Where the time went",
  alloc_space: "Where the memory went",
  alloc_objects: "Where the memory went"
};
function what(s) {
  const n = (v) => Math.round(v / 1e7).toLocaleString("en");
  if (s.analysis.perRequest)
    return `a CPU profile of each server under the load (${n(s.attribution.totals.base)} and ${n(s.attribution.totals.head)} samples of 10 ms) over the requests sent`;
  if (s.job.kind === "cpu") {
    const runs = s.job.runs > 1 ? `, ${s.job.runs} runs of the benchtime for enough samples` : "";
    return `a CPU profile a side (${n(s.attribution.totals.base)} and ${n(s.attribution.totals.head)} samples of 10 ms${runs})`;
  }
  return s.job.memRate === 1 ? "a memory profile a side recording every allocation (-test.memprofilerate=1)" : "a memory profile a side, sampled at Go's default rate (one sample per 512 KiB allocated on average), so small allocations are estimates";
}
function pprofCommand(s) {
  return `go tool pprof -http=: -sample_index=${s.analysis.index} -diff_base=${s.files.base} ${s.files.headBinary} ${s.files.head}`;
}
function profileSectionLines(s, artifactName) {
  const unit = s.analysis.metric;
  const sym = unitSymbol(unit);
  const v = (x) => x === 0 ? "0" : `${formatValue(x, unit)}${sym}`;
  const lines = [
    `#### ${HEADING[s.analysis.index]}`,
    "",
    s.analysis.perRequest ? `CPU time per request from ${what(s)}, after the measured rounds. ${RANKING}` : `${literal(unit)} per op from ${what(s)}, after the measured rounds: each function's share of its side's profile times that side's median ${literal(unit)}. ${RANKING}`,
    ""
  ];
  const few = s.job.kind === "cpu" && Math.min(s.attribution.totals.base, s.attribution.totals.head) < 20 * 1e7;
  if (s.attribution.rows.length === 0) {
    lines.push(
      `No function's cost moved ${s.analysis.verdict === "regression" ? "up" : "down"} in the profiles.`,
      ""
    );
  } else {
    lines.push(
      "| function | source | base | head | \u0394 flat | \u0394 cum |",
      "| --- | --- | --- | --- | --- | --- |"
    );
    for (const r of s.attribution.rows)
      lines.push(
        `| ${[
          literal(r.short),
          r.source ? literal(r.source) : "",
          v(r.base.flat),
          v(r.head.flat),
          r.delta.flat === 0 ? "0" : `**${formatSigned(r.delta.flat, unit)}**`,
          r.delta.cum === 0 ? "0" : formatSigned(r.delta.cum, unit)
        ].map(escapeCell).join(" | ")} |`
      );
    lines.push("");
  }
  const notes = [...s.attribution.warnings];
  if (few)
    notes.push(
      "fewer than 20 samples on a side: the shares are rough (a longer benchtime gives more)"
    );
  for (const n of notes) lines.push(`- \u26A0\uFE0F ${literal(n)}`);
  if (notes.length > 0) lines.push("");
  lines.push(
    `Open it locally${artifactName ? `, in the folder of the downloaded artifact ${literal(artifactName)}` : ""}: ${literal(pprofCommand(s))}`,
    ""
  );
  return lines;
}
function rowLine(r) {
  const mark = r.verdict === "regression" ? "\u{1F534}" : "\u{1F7E2}";
  return `${mark} ${literal(r.unit)}: ${formatValue(r.base.center, r.unit)} \u2192 ${formatValue(r.head.center, r.unit)} (${formatPercent(r.delta)})`;
}
var MAX_BLOCKS = 100;
function detailBlocks(input) {
  const byBench = /* @__PURE__ */ new Map();
  for (const r of input.gate.rows) {
    if (r.verdict !== "regression" && r.verdict !== "improvement") continue;
    const key = `${r.pkg}\0${r.name}`;
    const list = byBench.get(key) ?? [];
    list.push(r);
    byBench.set(key, list);
  }
  const groups = [...byBench.values()];
  const regressed = (rows) => rows.some((r) => r.verdict === "regression");
  const ordered = [...groups.filter(regressed), ...groups.filter((g) => !regressed(g))];
  const blocks = [];
  for (const rows of ordered.slice(0, MAX_BLOCKS)) {
    const { pkg, name } = rows[0];
    const verdict = regressed(rows) ? "regression" : "improvement";
    const lines = [
      `### ${verdict === "regression" ? "\u{1F534}" : "\u{1F7E2}"} ${literal(`${pkg ? `${pkg} ` : ""}Benchmark${name}`)}`,
      "",
      rows.map(rowLine).join(" \xB7 "),
      ""
    ];
    for (const r of rows) {
      const series = seriesOf(r);
      if (!series) continue;
      if (rows.length > 1) lines.push(`${literal(r.unit)}:`, "");
      lines.push(...mermaidChart(series), "");
    }
    const mine = input.sections.filter((s) => s.job.pkg === pkg && s.job.name === name);
    for (const s of mine) lines.push(...profileSectionLines(s, input.artifactName));
    for (const sk of input.skipped)
      if (sk.job.pkg === pkg && sk.job.name === name)
        lines.push(
          `#### ${sk.job.kind === "cpu" ? HEADING.cpu : HEADING.alloc_space}`,
          "",
          `Not profiled: ${literal(sk.why)}.`,
          ""
        );
    if (mine.length === 0 && !input.skipped.some((sk) => sk.job.pkg === pkg && sk.job.name === name)) {
      const explained = rows.some(
        (r) => ["sec/op", "B/s", "B/op", "allocs/op", "p50-sec/req", "p99-sec/req"].includes(r.unit)
      );
      if (input.notProfiled && explained)
        lines.push(`#### ${HEADING.cpu}`, "", input.notProfiled, "");
      else if (input.profilesOff && explained && verdict === "regression")
        lines.push(`Not profiled (\`profile: never\`).`, "");
    }
    blocks.push({ pkg, name, verdict, lines });
  }
  if (ordered.length > MAX_BLOCKS) {
    const left = ordered.length - MAX_BLOCKS;
    blocks.push({
      pkg: "",
      name: "",
      verdict: "improvement",
      lines: [`*${left} more changed benchmarks have no chart here (at most ${MAX_BLOCKS}).*`, ""]
    });
  }
  return blocks;
}

// src/bench/profile/run.ts
import { copyFileSync, existsSync as existsSync2, linkSync, mkdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";

// src/runner/process.ts
import { spawn } from "node:child_process";
function runProcess(file, args, opts = {}) {
  const started = process.hrtime.bigint();
  const { timeoutMs } = opts;
  return new Promise((resolve2, reject) => {
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
      resolve2({
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

// src/bench/profile/pprof.ts
var INDEX_UNIT = {
  cpu: "ns",
  alloc_space: "B",
  alloc_objects: ""
};
function sampleArgs(index) {
  const unit = INDEX_UNIT[index];
  return [`-sample_index=${index}`, ...unit ? [`-unit=${unit}`] : []];
}
function pprofTracesArgs(opts) {
  return ["tool", "pprof", "-traces", ...sampleArgs(opts.index), opts.binary, opts.profile];
}
function parsePprofTraces(text, unit) {
  const out = { traces: [], skipped: 0 };
  let block;
  const finish = () => {
    if (!block || block.length === 0) return;
    let i = 0;
    let first = null;
    let v;
    for (; i < block.length; i++) {
      first = /^\s*(\S+)\s{2,}(\S.*)$/.exec(block[i]);
      v = first ? value(first[1], unit) : void 0;
      if (v !== void 0) break;
    }
    if (!first || v === void 0) {
      out.skipped++;
      return;
    }
    const stack = [first[2], ...block.slice(i + 1).map((l) => l.trim())].filter((n) => n !== "").map((n) => n.endsWith(" (inline)") ? n.slice(0, -" (inline)".length) : n);
    out.traces.push({ value: v, stack });
  };
  for (const raw of text.split("\n")) {
    const l = raw.replace(/\r$/, "");
    if (/^-+\+-+$/.test(l)) {
      finish();
      block = [];
      continue;
    }
    if (!block) {
      const type = /^Type: (\S+)$/.exec(l);
      if (type) out.type = type[1];
      continue;
    }
    if (l.trim() !== "") block.push(l);
  }
  finish();
  return out;
}
function pprofTopArgs(opts) {
  return [
    "tool",
    "pprof",
    "-top",
    ...opts.lines ? ["-lines"] : [],
    "-nodecount=1000000",
    "-nodefraction=0",
    "-edgefraction=0",
    ...sampleArgs(opts.index),
    ...opts.diffBase ? [`-diff_base=${opts.diffBase}`] : [],
    // pprof takes no '--'; the paths are ours (absolute), never starting with '-'.
    opts.binary,
    opts.profile
  ];
}
var ROW = /^\s*(\S+)\s+(\S+)%\s+(\S+)%\s+(\S+)\s+(\S+)%\s+(.*)$/;
var LINES_REST = /^(\S+) (.+):(\d+)$/;
function value(token, unit) {
  const m = /^(-?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?)([A-Za-zµ]*)$/.exec(token);
  if (!m) return void 0;
  const n = Number(m[1]);
  if (!Number.isFinite(n)) return void 0;
  if (m[2] !== unit && !(n === 0 && m[2] === "")) return void 0;
  return n;
}
function parsePprofTop(text, unit, lines = false) {
  const out = { entries: [], skipped: 0 };
  let inRows = false;
  for (const raw of text.split("\n")) {
    const l = raw.replace(/\r$/, "");
    if (!inRows) {
      const type = /^Type: (\S+)$/.exec(l);
      if (type) out.type = type[1];
      const total = /^Showing nodes accounting for \S+, \S+ of (\S+) total$/.exec(l);
      if (total) out.total = value(total[1], unit);
      if (/^\s*flat\s+flat%\s+sum%\s+cum\s+cum%\s*$/.test(l)) inRows = true;
      continue;
    }
    if (l.trim() === "") continue;
    const m = ROW.exec(l);
    const flat = m ? value(m[1], unit) : void 0;
    const cum = m ? value(m[4], unit) : void 0;
    if (!m || flat === void 0 || cum === void 0) {
      out.skipped++;
      continue;
    }
    let rest = m[6];
    const inline = rest.endsWith(" (inline)");
    if (inline) rest = rest.slice(0, -" (inline)".length);
    const entry = { name: rest, flat, cum, inline };
    if (lines) {
      const at = LINES_REST.exec(rest);
      if (!at) {
        out.skipped++;
        continue;
      }
      entry.name = at[1];
      entry.file = at[2];
      entry.line = Number(at[3]);
    }
    if (entry.name === "") {
      out.skipped++;
      continue;
    }
    out.entries.push(entry);
  }
  return out;
}
var JAVA = /^(?:[a-z]\w*\.)*([A-Z][\w$]*\.(?:<init>|[a-z][\w$]*(?:\$\d+)?))(?:(?:\()|$)/;
var GO = /^(?:[\w\-.]+\/)+(.+)/;
var GO_VERSION = /^(.*?)\/v(?:[2-9]|[1-9][0-9]+)([./].*)$/;
var CPP = /^(?:[_a-zA-Z]\w*::)+(_*[A-Z]\w*::~?[_a-zA-Z]\w*(?:<.*>)?)/;
var CPP_ANONYMOUS = /^\(anonymous namespace\)::/;
function shortenFunctionName(name) {
  let f = name.replace(CPP_ANONYMOUS, "");
  f = f.replace(GO_VERSION, "$1$2");
  for (const re of [GO, JAVA, CPP]) {
    const m = re.exec(f);
    if (m && m.length >= 2) return m.slice(1).join("");
  }
  return f;
}

// src/bench/profile/attribute.ts
var PASS_THROUGH = 0.5;
function shortPath(file, roots) {
  const norm = file.replace(/\\/g, "/");
  for (const r of roots) {
    const root = r.replace(/\\/g, "/").replace(/\/+$/, "");
    if (root !== "" && norm.startsWith(`${root}/`)) return norm.slice(root.length + 1);
  }
  const parts = norm.split("/").filter((p) => p !== "");
  return parts.length <= 2 ? norm : `\u2026/${parts.slice(-2).join("/")}`;
}
function harnessMatcher(benchmark) {
  const base = benchmark.replace(/-\d+$/, "").split("/")[0] ?? benchmark;
  const own = new RegExp(`(^|[./])Benchmark${quoteMeta(base)}(\\.func\\d+(\\.\\d+)?)*$`);
  return (fn) => fn.startsWith("testing.") || own.test(fn);
}
var add = (m, k, v) => m.set(k, (m.get(k) ?? 0) + v);
function sum(traces) {
  const t = { total: 0, flat: /* @__PURE__ */ new Map(), cum: /* @__PURE__ */ new Map(), edges: /* @__PURE__ */ new Map() };
  for (const { value: value2, stack } of traces.traces) {
    if (stack.length === 0) continue;
    t.total += value2;
    add(t.flat, stack[0], value2);
    for (const fn of new Set(stack)) add(t.cum, fn, value2);
    const calls = /* @__PURE__ */ new Set();
    for (let i = 0; i + 1 < stack.length; i++) calls.add(`${stack[i + 1]}\0${stack[i]}`);
    for (const c of calls) add(t.edges, c, value2);
  }
  return t;
}
function hottestLines(lines, roots) {
  const best = /* @__PURE__ */ new Map();
  for (const e of lines?.entries ?? []) {
    if (e.file === void 0 || e.line === void 0) continue;
    const have = best.get(e.name);
    if (!have || e.flat > have.flat || e.flat === have.flat && e.cum > have.cum)
      best.set(e.name, e);
  }
  const out = /* @__PURE__ */ new Map();
  for (const [name, e] of best) out.set(name, `${shortPath(e.file, roots)}:${e.line}`);
  return out;
}
function attribute(base, head, opts) {
  const warnings = [];
  const b = sum(base.traces);
  const h = sum(head.traces);
  const totals = { base: b.total, head: h.total };
  const unknown = (t, s) => !(t > 0) && s.perOp !== 0;
  for (const [side, t, s] of [
    ["base", totals.base, base],
    ["head", totals.head, head]
  ]) {
    if (unknown(t, s))
      warnings.push(`the ${side} profile has no samples, so nothing can be attributed`);
    if (s.traces.skipped > 0)
      warnings.push(
        `${s.traces.skipped} stack(s) of the ${side}'s pprof output were not understood`
      );
  }
  if (unknown(totals.base, base) || unknown(totals.head, head))
    return { rows: [], totals, warnings };
  const scaleB = totals.base > 0 ? base.perOp / totals.base : 0;
  const scaleH = totals.head > 0 ? head.perOp / totals.head : 0;
  const sign = opts.direction === "up" ? 1 : -1;
  const harness = opts.harness ?? ((fn) => fn.startsWith("testing."));
  const callChange = /* @__PURE__ */ new Map();
  for (const key of /* @__PURE__ */ new Set([...b.edges.keys(), ...h.edges.keys()])) {
    const d = (h.edges.get(key) ?? 0) * scaleH - (b.edges.get(key) ?? 0) * scaleB;
    const caller = key.slice(0, key.indexOf("\0"));
    const have = callChange.get(caller);
    if (have === void 0 || sign * d > sign * have) callChange.set(caller, d);
  }
  const sourceH = hottestLines(head.lines, head.roots);
  const sourceB = hottestLines(base.lines, base.roots);
  const all = [];
  for (const name of /* @__PURE__ */ new Set([...b.cum.keys(), ...h.cum.keys()])) {
    const bc = { flat: (b.flat.get(name) ?? 0) * scaleB, cum: (b.cum.get(name) ?? 0) * scaleB };
    const hc = { flat: (h.flat.get(name) ?? 0) * scaleH, cum: (h.cum.get(name) ?? 0) * scaleH };
    const delta = { flat: hc.flat - bc.flat, cum: hc.cum - bc.cum };
    let score;
    if (harness(name)) score = sign * delta.flat;
    else {
      const call = callChange.get(name) ?? 0;
      const passedOn = sign * delta.cum > 0 && sign * call >= PASS_THROUGH * sign * delta.cum;
      score = sign * (passedOn ? delta.cum - call : delta.cum);
    }
    const change = {
      name,
      short: shortenFunctionName(name),
      base: bc,
      head: hc,
      delta,
      score
    };
    const source = sourceH.get(name) ?? sourceB.get(name);
    if (source !== void 0) change.source = source;
    all.push(change);
  }
  if (opts.diff) {
    let mismatched = 0;
    const diffFlat = /* @__PURE__ */ new Map();
    for (const d of opts.diff.entries) add(diffFlat, d.name, d.flat);
    for (const [name, flat] of diffFlat) {
      const raw = (h.flat.get(name) ?? 0) - (b.flat.get(name) ?? 0);
      if (Math.abs(raw - flat) > 1e-6 * Math.max(1, Math.abs(flat))) mismatched++;
    }
    if (mismatched > 0)
      warnings.push(
        `pprof -diff_base and the two sides' profiles disagree on ${mismatched} function(s)`
      );
  }
  const floor = 5e-3 * Math.abs(head.perOp - base.perOp);
  const ranked = all.filter((c) => c.score > floor);
  ranked.sort((x, y) => y.score - x.score || x.name.localeCompare(y.name));
  return { rows: ranked.slice(0, opts.limit), totals, warnings };
}

// src/bench/profile/run.ts
function keep(from, to) {
  mkdirSync(join(to, ".."), { recursive: true });
  if (existsSync2(to)) return;
  try {
    linkSync(from, to);
  } catch {
    copyFileSync(from, to);
  }
}
function ranBenchmark(stdout, name) {
  const prefix = `Benchmark${name}`;
  return stdout.split("\n").some((l) => l.startsWith(prefix) && /^[ \t]/.test(l.slice(prefix.length)));
}
async function goRoot() {
  const r = await runProcess("go", ["env", "GOROOT"]).catch(() => void 0);
  const root = r?.code === 0 ? r.stdout.trim() : "";
  return root === "" ? void 0 : root;
}
async function pprof(args, cwd) {
  const r = await runProcess("go", args, { cwd, timeoutMs: 12e4 });
  if (r.code !== 0) return { text: r.stdout, error: tail(r.stderr || r.stdout, 3) };
  return { text: r.stdout };
}
async function analyzePair(a) {
  const { job, analysis } = a;
  const unit = INDEX_UNIT[analysis.index];
  const traces = (side2) => pprof(
    pprofTracesArgs({
      index: analysis.index,
      binary: a.binaries[side2],
      profile: a.profiles[side2]
    }),
    a.dataDir
  );
  const lines = (side2) => pprof(
    pprofTopArgs({
      index: analysis.index,
      lines: true,
      binary: a.binaries[side2],
      profile: a.profiles[side2]
    }),
    a.dataDir
  );
  const [bt, ht, hl, bl, diff] = await Promise.all([
    traces("base"),
    traces("head"),
    lines("head"),
    analysis.verdict === "improvement" ? lines("base") : Promise.resolve(void 0),
    pprof(
      pprofTopArgs({
        index: analysis.index,
        diffBase: a.profiles.base,
        binary: a.binaries.head,
        profile: a.profiles.head
      }),
      a.dataDir
    )
  ]);
  for (const [side2, r] of [
    ["base", bt],
    ["head", ht]
  ])
    if (r.error)
      return {
        warning: `go tool pprof could not read the ${side2} profile of ${job.name}: ${r.error}`
      };
  const sides = {
    base: {
      traces: parsePprofTraces(bt.text, unit),
      ...bl && !bl.error ? { lines: parsePprofTop(bl.text, unit, true) } : {}
    },
    head: {
      traces: parsePprofTraces(ht.text, unit),
      ...!hl.error ? { lines: parsePprofTop(hl.text, unit, true) } : {}
    }
  };
  const diffFile = join(a.profiles.head, "..", `diff.${analysis.index}.txt`);
  writeFileSync(diffFile, diff.text);
  const side = (s) => {
    const t = sides[s];
    let total = 0;
    for (const tr of t.traces.traces) total += tr.value;
    return {
      traces: t.traces,
      ...t.lines ? { lines: t.lines } : {},
      perOp: a.perOp(s, total),
      roots: a.roots[s]
    };
  };
  const attribution = attribute(side("base"), side("head"), {
    direction: analysis.verdict === "regression" ? "up" : "down",
    limit: a.limit,
    harness: harnessMatcher(job.name),
    ...diff.error ? {} : { diff: parsePprofTop(diff.text, unit, false) }
  });
  const rel = (p) => relative(a.dataDir, p);
  return {
    job: {
      id: job.id,
      pkg: job.pkg,
      name: job.name,
      kind: job.kind,
      runs: job.runs,
      ...job.memRate !== void 0 ? { memRate: job.memRate } : {}
    },
    analysis,
    attribution,
    files: {
      base: rel(a.profiles.base),
      head: rel(a.profiles.head),
      baseBinary: rel(a.binaries.base),
      headBinary: rel(a.binaries.head),
      diff: rel(diffFile)
    }
  };
}
function keepBinary(dataDir, side, binary) {
  const to = join(dataDir, "bin", side, binary.split("/").pop());
  keep(binary, to);
  return to;
}
async function sourceRoots(roots) {
  const root = await goRoot();
  const goSrc = root ? [join(root, "src")] : [];
  return { base: [roots.base, ...goSrc], head: [roots.head, ...goSrc] };
}
async function runProfiles(input) {
  const started = performance.now();
  const log = input.log ?? (() => {
  });
  const out = { sections: [], notes: [], warnings: [], skipped: [], ms: 0 };
  if (input.jobs.length === 0) return out;
  const sources = await sourceRoots(input.roots);
  let processes = 0;
  let budgetCut;
  for (const job of input.jobs) {
    if (budgetCut) {
      out.skipped.push({ job, why: budgetCut });
      continue;
    }
    const left = input.remainingMs();
    if (left < job.estimateMs) {
      budgetCut = `the time budget had ${formatDuration(Math.max(0, left))} left and the profiled round needed about ${formatDuration(job.estimateMs)}`;
      out.skipped.push({ job, why: budgetCut });
      continue;
    }
    const bins = input.binaries.get(job.pkg);
    if (!bins?.base || !bins.head) {
      out.skipped.push({ job, why: "its test binaries are not both there" });
      continue;
    }
    const dir = join(input.dataDir, "profiles", job.id);
    mkdirSync(dir, { recursive: true });
    const prof = {
      base: join(dir, `base.${job.kind}.prof`),
      head: join(dir, `head.${job.kind}.prof`)
    };
    const kept = { base: "", head: "" };
    let failed;
    for (const side of ["base", "head"]) {
      const bin = bins[side];
      const inv = invocation(
        bin.binary,
        profileArgs(job, input.settings, prof[side]),
        input.settings,
        input.taskset
      );
      log(`profiling ${job.name} (${job.kind}, ${side})`);
      processes++;
      const r = await runProcess(inv.file, inv.args, {
        cwd: bin.dir,
        env: { ...process.env, ...inv.env },
        timeoutMs: input.remainingMs()
      });
      if (r.timedOut) {
        budgetCut = `the time budget ran out during its profiled run (${side})`;
        failed = budgetCut;
        break;
      }
      if (r.code !== 0) {
        failed = `its profiled run failed on the ${side} (exit ${r.code}): ${tail(r.stdout + r.stderr, 3)}`;
        break;
      }
      if (!ranBenchmark(r.stdout, job.name)) {
        failed = `the profiled run on the ${side} did not run it (pattern ${job.pattern})`;
        break;
      }
      if (!existsSync2(prof[side])) {
        failed = `the profiled run on the ${side} wrote no profile`;
        break;
      }
      kept[side] = keepBinary(input.dataDir, side, bin.binary);
    }
    if (failed) {
      out.skipped.push({ job, why: failed });
      if (!failed.startsWith("the time budget"))
        out.warnings.push(`profile of ${job.name}: ${failed}`);
      continue;
    }
    for (const analysis of job.analyses) {
      const r = await analyzePair({
        job,
        analysis,
        profiles: prof,
        binaries: kept,
        dataDir: input.dataDir,
        roots: sources,
        perOp: (side) => analysis.perOp[side],
        limit: input.limit ?? 10
      });
      if ("warning" in r) out.warnings.push(r.warning);
      else out.sections.push(r);
    }
  }
  out.ms = performance.now() - started;
  const profiled = new Set(out.sections.map((s) => s.job.id)).size;
  out.notes.push(
    `profiled round after the measured ones: ${profiled} of ${input.jobs.length} benchmark profile${input.jobs.length === 1 ? "" : "s"} (${processes} test binary run${processes === 1 ? "" : "s"}, same -test.benchtime=${input.settings.benchtime}${input.settings.gomaxprocs !== void 0 ? ` and GOMAXPROCS=${input.settings.gomaxprocs}` : ""}) and go tool pprof in ${formatDuration(out.ms)}`
  );
  if (budgetCut)
    out.notes.push(
      `profiling skipped for ${out.skipped.length} benchmark profile(s): ${budgetCut}`
    );
  return out;
}

// src/bench/measure.ts
import {
  copyFileSync as copyFileSync2,
  existsSync as existsSync3,
  mkdirSync as mkdirSync4,
  mkdtempSync,
  readSync,
  realpathSync,
  writeFileSync as writeFileSync2,
  openSync,
  closeSync
} from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join as join5 } from "node:path";
import { StringDecoder } from "node:string_decoder";

// src/bench/latency/run.ts
import { mkdirSync as mkdirSync2 } from "node:fs";
import { join as join3 } from "node:path";

// src/bench/run/go.ts
import { readdirSync, readFileSync as readFileSync2 } from "node:fs";
import { join as join2 } from "node:path";
var BENCHMARK_FUNC = /^func\s+Benchmark[\p{L}\p{N}_]*\s*\(/mu;
function hasBenchmarks(dir) {
  let names;
  try {
    names = readdirSync(dir);
  } catch {
    return false;
  }
  return names.some(
    (n) => n.endsWith("_test.go") && BENCHMARK_FUNC.test(readFileSync2(join2(dir, n), "utf8"))
  );
}
async function listBenchPackages(moduleDir, patterns) {
  const r = await runProcess(
    "go",
    [
      "list",
      "-e",
      "-f",
      "{{.ImportPath}}	{{.Dir}}	{{if .Error}}{{.Error}}{{end}}",
      "--",
      ...patterns
    ],
    { cwd: moduleDir }
  );
  const warnings = r.stderr.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== "");
  if (r.code !== 0 && r.stdout.trim() === "")
    throw new UserError(
      `go list ${patterns.join(" ")} failed in ${moduleDir}: ${tail(r.stderr, 3)}`
    );
  const packages = [];
  for (const line of r.stdout.split(/\r?\n/)) {
    const [importPath, dir, error2] = line.split("	");
    if (!importPath || !dir) continue;
    if (error2) warnings.push(`${importPath}: ${error2}`);
    if (hasBenchmarks(dir)) packages.push({ importPath, dir });
  }
  return { packages, warnings };
}
async function buildTestBinary(moduleDir, importPath, out, timeoutMs) {
  if (importPath.startsWith("-")) throw new UserError(`'${importPath}' is not an import path`);
  return runProcess("go", ["test", "-c", "-o", out, importPath], { cwd: moduleDir, timeoutMs });
}
async function buildProgram(moduleDir, pkg, out, timeoutMs) {
  return runProcess("go", ["build", "-o", out, "--", pkg], { cwd: moduleDir, timeoutMs });
}

// src/bench/latency/loadgen.ts
import http from "node:http";

// src/runner/time.ts
function sleep(ms) {
  return new Promise((resolve2) => setTimeout(resolve2, ms));
}

// src/bench/latency/loadgen.ts
async function newHistogram() {
  const mod = await import("./chunks/dist-5AMYPEXI.js");
  const build = mod.build ?? mod.default.build;
  return build({
    lowestDiscernibleValue: 1,
    numberOfSignificantValueDigits: 3,
    autoResize: true
  });
}
function checkLocalUrl(url) {
  const u = new URL(url);
  if (u.protocol !== "http:" || u.hostname !== "127.0.0.1" && u.hostname !== "localhost" && u.hostname !== "[::1]")
    throw new Error(`load is only ever sent to a local http:// server, not ${url}`);
  return u;
}
async function openModelLoad(settings) {
  const target = checkLocalUrl(settings.url);
  if (!(settings.rate > 0) || !(settings.durationMs > 0))
    throw new Error("rate and duration must be positive");
  const histogram = await newHistogram();
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  const intervalNs = 1e9 / settings.rate;
  const total = Math.max(1, Math.floor(settings.durationMs / 1e3 * settings.rate));
  const result = {
    intended: total,
    ok: 0,
    failed: 0,
    p50Ns: 0,
    p90Ns: 0,
    p99Ns: 0,
    maxNs: 0,
    lateSends: 0,
    failures: {}
  };
  const inFlight = [];
  const fire = (intendedNs) => new Promise((resolve2) => {
    let done = false;
    const finish = (failure) => {
      if (done) return;
      done = true;
      const latency = Number(process.hrtime.bigint() - intendedNs);
      histogram.recordValue(Math.max(1, latency));
      if (failure) {
        result.failed++;
        result.failures[failure] = (result.failures[failure] ?? 0) + 1;
      } else result.ok++;
      resolve2();
    };
    const req = http.request(target, { method: "GET", agent }, (res) => {
      res.resume();
      res.on(
        "end",
        () => finish(res.statusCode && res.statusCode < 400 ? void 0 : `HTTP ${res.statusCode}`)
      );
      res.on("error", (e) => finish(e.message));
    });
    req.setTimeout(settings.timeoutMs, () => {
      finish("timeout");
      req.destroy();
    });
    req.on("error", (e) => finish(e.code ?? e.message));
    req.end();
  });
  const start = process.hrtime.bigint();
  for (let i = 0; i < total; ) {
    const now = process.hrtime.bigint();
    while (i < total) {
      const intended = start + BigInt(Math.round(i * intervalNs));
      if (intended > now) break;
      if (now - intended > 1000000n) result.lateSends++;
      inFlight.push(fire(intended));
      i++;
    }
    if (i >= total) break;
    const nextNs = Number(start + BigInt(Math.round(i * intervalNs)) - process.hrtime.bigint());
    if (nextNs > 15e5) await sleep(Math.floor(nextNs / 1e6) - 1);
    else await new Promise((r) => setImmediate(r));
  }
  await Promise.all(inFlight);
  agent.destroy();
  result.p50Ns = histogram.getValueAtPercentile(50);
  result.p90Ns = histogram.getValueAtPercentile(90);
  result.p99Ns = histogram.getValueAtPercentile(99);
  result.maxNs = histogram.maxValue;
  histogram.destroy();
  return result;
}

// src/bench/latency/server.ts
import { spawn as spawn2 } from "node:child_process";
import http2 from "node:http";
import net from "node:net";
function freePort() {
  return new Promise((resolve2, reject) => {
    const srv = net.createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(
        () => typeof addr === "object" && addr ? resolve2(addr.port) : reject(new Error("no port"))
      );
    });
  });
}
function serverArgs(template, port) {
  return template.map(
    (a) => a.replaceAll("{addr}", `127.0.0.1:${port}`).replaceAll("{port}", String(port))
  );
}
function probe(url) {
  return new Promise((resolve2) => {
    const req = http2.get(url, { timeout: 1e3 }, (res) => {
      res.resume();
      resolve2(true);
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve2(false));
  });
}
async function startServer(opts) {
  const port = await freePort();
  const child = spawn2(opts.binary, serverArgs(opts.args, port), {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    stdio: ["ignore", "pipe", "pipe"]
  });
  let output = "";
  child.stdout.on("data", (d) => output = (output + d.toString()).slice(-4e3));
  child.stderr.on("data", (d) => output = (output + d.toString()).slice(-4e3));
  let exited;
  child.on("exit", (code) => exited = code);
  const url = `http://127.0.0.1:${port}${opts.path}`;
  const stop = async () => {
    if (exited !== void 0) return;
    const gone = new Promise((r) => child.once("exit", () => r()));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5e3);
    await gone;
    clearTimeout(timer);
  };
  const deadline = performance.now() + opts.readyTimeoutMs;
  while (performance.now() < deadline) {
    if (exited !== void 0)
      throw new UserError(
        `the ${opts.label} server exited (code ${exited}) before answering ${url}: ${tail(output, 5)}`
      );
    if (await probe(url)) return { port, url, stop };
    await sleep(50);
  }
  await stop();
  throw new UserError(
    `the ${opts.label} server did not answer ${url} within ${opts.readyTimeoutMs} ms: check http-args (use {addr}) and http-path; its output: ${tail(output, 5)}`
  );
}

// src/bench/latency/run.ts
async function warmThenLoad(url, http3) {
  const load = (durationMs) => openModelLoad({ url, rate: http3.rate, durationMs, timeoutMs: http3.requestTimeoutMs });
  if (http3.warmupMs > 0) await load(http3.warmupMs);
  return load(http3.durationMs);
}
function benchmarkName2(s) {
  const path = s.path.replace(/^\/+/, "").replace(/[/\s]+/g, "_") || "root";
  return `HTTP/path=${path}/rate=${s.rate}`;
}
var LATENCY_UNITS = [
  "Unit p50-ns/req better=lower",
  "Unit p99-ns/req better=lower",
  "Unit ok/req better=higher"
];
function resultLine(name, r) {
  const done = r.ok + r.failed;
  const okRatio = done === 0 ? 0 : r.ok / done;
  return `Benchmark${name} ${done} ${r.p50Ns} p50-ns/req ${r.p99Ns} p99-ns/req ${okRatio} ok/req
`;
}
async function runHttpLatency(input) {
  const log = input.log ?? (() => {
  });
  const budget = new Budget(input.timeBudgetMs);
  const notes = [];
  const warnings = [];
  const binaries = {};
  for (const side of ["head", "base"]) {
    const dir = side === "head" ? input.headDir : input.baseDir;
    mkdirSync2(join3(input.workDir, side), { recursive: true });
    const out = join3(input.workDir, side, binaryName(input.http.pkg, ".server"));
    log(`building ${input.http.pkg} (${side})`);
    const b = await buildProgram(dir, input.http.pkg, out, budget.remaining());
    if (b.timedOut)
      throw new UserError(
        `the time budget ran out while building the ${side} server: raise time-budget`
      );
    if (b.code !== 0)
      throw new UserError(`go build ${input.http.pkg} failed on the ${side}: ${tail(b.stderr, 8)}`);
    binaries[side] = out;
  }
  notes.push(
    `built the base and head servers (${input.http.pkg}) in ${formatDuration(budget.elapsed())}`
  );
  const name = benchmarkName2(input.http);
  const header = `pkg: ${input.http.pkg}
${LATENCY_UNITS.join("\n")}
`;
  const text = { base: header, head: header };
  const failedTotals = { base: 0, head: 0 };
  let late = 0;
  let rounds = 0;
  let cut;
  for (let round = 1; round <= input.count; round++) {
    if (!budget.roomForRound()) {
      cut = `the time budget of ${formatDuration(input.timeBudgetMs)} cut rounds ${round}\u2013${input.count}`;
      break;
    }
    const roundStart = budget.elapsed();
    const lines = {};
    for (const side of ["base", "head"]) {
      const inv = invocation(binaries[side], input.http.args, input, input.taskset);
      log(`round ${round}/${input.count}: ${side} server`);
      const server = await startServer({
        binary: inv.file,
        args: inv.args,
        cwd: side === "head" ? input.headDir : input.baseDir,
        path: input.http.path,
        readyTimeoutMs: input.http.readyTimeoutMs,
        env: { ...process.env, ...inv.env },
        label: side
      });
      try {
        const r = await warmThenLoad(server.url, input.http);
        failedTotals[side] += r.failed;
        late += r.lateSends;
        if (r.failed > 0)
          warnings.push(
            `${side}, round ${round}: ${r.failed} of ${r.intended} requests failed (${Object.entries(
              r.failures
            ).map(([k, v]) => `${k}\xD7${v}`).join(", ")})`
          );
        lines[side] = resultLine(name, r);
      } finally {
        await server.stop();
      }
    }
    text.base += lines.base;
    text.head += lines.head;
    rounds = round;
    budget.recordRound(budget.elapsed() - roundStart);
  }
  notes.push(
    `ran ${rounds} round${rounds === 1 ? "" : "s"} of base and head in turn: open model at ${input.http.rate} req/s for ${formatDuration(input.http.durationMs)} after ${formatDuration(input.http.warmupMs)} of warm-up, latency measured from each request's intended send time`
  );
  if (late > 0)
    warnings.push(
      `${late} requests went out more than 1 ms late (the load generator was short of CPU); their latency still counts from the intended time`
    );
  if (cut) notes.push(cut);
  notes.push(`total time ${formatDuration(budget.elapsed())}`);
  if (rounds === 0)
    throw new UserError(`no round finished within the time budget: raise time-budget`);
  return {
    base: { text: text.base, runs: rounds },
    head: { text: text.head, runs: rounds },
    rounds,
    notes,
    warnings,
    failed: failedTotals,
    servers: {
      base: { binary: binaries.base, dir: input.baseDir },
      head: { binary: binaries.head, dir: input.headDir }
    },
    remainingMs: () => budget.remaining(),
    ...cut ? { cut } : {}
  };
}

// src/bench/run/git.ts
import { relative as relative2 } from "node:path";
async function git(cwd, args) {
  const r = await runProcess("git", args, { cwd });
  return { ok: r.code === 0, out: r.stdout.trim(), err: r.stderr.trim() };
}
async function repoRoot(dir) {
  const r = await git(dir, ["rev-parse", "--show-toplevel"]);
  if (!r.ok)
    throw new UserError(
      `${dir} is not inside a git repository: check out the code with actions/checkout first`
    );
  return r.out;
}
async function resolveCommit(root, ref) {
  for (const candidate of [ref, `origin/${ref}`, `refs/remotes/origin/${ref}`]) {
    const r = await git(root, ["rev-parse", "--verify", "--quiet", `${candidate}^{commit}`]);
    if (r.ok && /^[0-9a-f]{40,64}$/.test(r.out)) return r.out;
  }
  return void 0;
}
async function findMergeBase(root, baseRef) {
  const head = await resolveCommit(root, "HEAD");
  if (!head)
    throw new UserError("HEAD does not resolve to a commit: check out the pull request first");
  const base = await resolveCommit(root, baseRef);
  if (!base)
    throw new UserError(
      `base-ref '${baseRef}' is not a known commit or branch: fetch it (actions/checkout with fetch-depth: 0) or set base-ref`
    );
  const mb = await git(root, ["merge-base", base, head]);
  if (!mb.ok)
    throw new UserError(
      `no merge base between ${baseRef} and HEAD: the clone is too shallow; use actions/checkout with fetch-depth: 0`
    );
  return { baseRef, mergeBase: mb.out, head };
}
async function addWorktree(root, dir, commit) {
  const r = await git(root, ["worktree", "add", "--detach", "--force", dir, commit]);
  if (!r.ok)
    throw new UserError(
      `git worktree add for the base commit ${commit.slice(0, 12)} failed: ${tail(r.err, 3)}`
    );
}
async function removeWorktree(root, dir) {
  await git(root, ["worktree", "remove", "--force", dir]);
  await git(root, ["worktree", "prune"]);
}
function pathInRepo(root, dir) {
  return relative2(root, dir);
}

// src/bench/run/interleave.ts
import { mkdirSync as mkdirSync3 } from "node:fs";
import { join as join4 } from "node:path";
async function runGoBenchmarks(input) {
  const { settings } = input;
  const log = input.log ?? (() => {
  });
  const budget = new Budget(settings.timeBudgetMs);
  const notes = [];
  const warnings = [];
  const headList = await listBenchPackages(input.headDir, input.patterns);
  if (headList.packages.length === 0)
    throw new UserError(
      `no package matching '${input.patterns.join(" ")}' has benchmarks (func BenchmarkX(b *testing.B) in a _test.go file)`
    );
  warnings.push(...headList.warnings.map((w) => `head: ${w}`));
  const baseList = await listBenchPackages(input.baseDir, input.patterns).catch((err) => {
    warnings.push(`base: ${err instanceof Error ? err.message : String(err)}`);
    return { packages: [], warnings: [] };
  });
  warnings.push(...baseList.warnings.map((w) => `base: ${w}`));
  const baseByPath = new Map(baseList.packages.map((p) => [p.importPath, p]));
  const buildStart = budget.elapsed();
  const targets = [];
  for (const side of ["head", "base"])
    mkdirSync3(join4(input.workDir, side), { recursive: true });
  for (const pkg of headList.packages) {
    const head = { binary: join4(input.workDir, "head", binaryName(pkg.importPath)), dir: pkg.dir };
    log(`building ${pkg.importPath} (head)`);
    const hb = await buildTestBinary(
      input.headDir,
      pkg.importPath,
      head.binary,
      budget.remaining()
    );
    if (hb.timedOut)
      throw new UserError(
        `the time budget ran out while building ${pkg.importPath}: raise time-budget`
      );
    if (hb.code !== 0)
      throw new UserError(`go test -c ${pkg.importPath} failed on the head: ${tail(hb.stderr, 8)}`);
    const target = { importPath: pkg.importPath, head };
    const basePkg = baseByPath.get(pkg.importPath);
    if (basePkg) {
      const base = {
        binary: join4(input.workDir, "base", binaryName(pkg.importPath)),
        dir: basePkg.dir
      };
      log(`building ${pkg.importPath} (base)`);
      const bb = await buildTestBinary(
        input.baseDir,
        pkg.importPath,
        base.binary,
        budget.remaining()
      );
      if (bb.timedOut)
        throw new UserError(
          `the time budget ran out while building ${pkg.importPath} (base): raise time-budget`
        );
      if (bb.code === 0) target.base = base;
      else
        warnings.push(
          `base of ${pkg.importPath} does not build, so it is not compared: ${tail(bb.stderr, 3)}`
        );
    } else {
      warnings.push(
        `${pkg.importPath} has no benchmarks on the base: its results are shown as new`
      );
    }
    targets.push(target);
  }
  notes.push(
    `built ${targets.length} test binar${targets.length === 1 ? "y" : "ies"} a side with go test -c in ${formatDuration(budget.elapsed() - buildStart)}`
  );
  const args = benchArgs(settings);
  const out = { base: [], head: [] };
  const runs = { base: 0, head: 0 };
  let rounds = 0;
  let cut;
  const runOne = async (binary, dir) => {
    const inv = invocation(binary, args, settings, input.taskset);
    return runProcess(inv.file, inv.args, {
      cwd: dir,
      env: { ...process.env, ...inv.env },
      timeoutMs: budget.remaining()
    });
  };
  roundLoop: for (let round = 1; round <= settings.count; round++) {
    if (!budget.roomForRound()) {
      cut = `the time budget of ${formatDuration(settings.timeBudgetMs)} cut rounds ${round}\u2013${settings.count} (a round took up to ${formatDuration(budget.estimateRound())}, ${formatDuration(Math.max(0, budget.remaining()))} were left)`;
      break;
    }
    const roundStart = budget.elapsed();
    log(`round ${round}/${settings.count}`);
    for (const t of targets) {
      const pending = [];
      for (const side of ["base", "head"]) {
        const bin = side === "base" ? t.base : t.head;
        if (!bin) continue;
        const r = await runOne(bin.binary, bin.dir);
        if (r.timedOut) {
          cut = `the time budget of ${formatDuration(settings.timeBudgetMs)} ran out in round ${round} (${side} of ${t.importPath}): that round's unpaired results and rounds ${round + 1}\u2013${settings.count} were cut`;
          break roundLoop;
        }
        if (r.code !== 0) {
          const why = tail(r.stdout + r.stderr, 10);
          if (side === "head")
            throw new UserError(
              `the benchmarks of ${t.importPath} failed on the head (exit ${r.code}): ${why}`
            );
          warnings.push(
            `the benchmarks of ${t.importPath} failed on the base (exit ${r.code}), so it is not compared: ${tail(why, 3)}`
          );
          delete t.base;
          continue;
        }
        pending.push([side, r.stdout]);
      }
      for (const [side, text] of pending) {
        out[side].push(text);
        runs[side]++;
      }
    }
    rounds = round;
    budget.recordRound(budget.elapsed() - roundStart);
  }
  const pin = settings.cpuList ? input.taskset ? `, pinned to CPUs ${settings.cpuList} with taskset` : "" : "";
  const procs = settings.gomaxprocs !== void 0 ? `, GOMAXPROCS=${settings.gomaxprocs}` : "";
  notes.push(
    `ran ${rounds} round${rounds === 1 ? "" : "s"} of base and head interleaved (-test.bench=${settings.pattern} -test.benchtime=${settings.benchtime} -test.benchmem${procs}${pin})`
  );
  if (cut) notes.push(cut);
  notes.push(`total time ${formatDuration(budget.elapsed())}`);
  if (rounds === 0)
    throw new UserError(
      `no benchmark round finished within the time budget of ${formatDuration(settings.timeBudgetMs ?? 0)}: raise time-budget or lower benchtime`
    );
  const binaries = /* @__PURE__ */ new Map();
  for (const t of targets)
    binaries.set(t.importPath, { head: t.head, ...t.base ? { base: t.base } : {} });
  return {
    base: { text: out.base.join(""), runs: runs.base },
    head: { text: out.head.join(""), runs: runs.head },
    rounds,
    notes,
    warnings,
    binaries,
    remainingMs: () => budget.remaining(),
    ...cut ? { cut } : {}
  };
}

// src/bench/measure.ts
function which(program) {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    const p = join5(dir, program);
    if (dir && existsSync3(p)) return p;
  }
  return void 0;
}
function runnerTemp() {
  const base = process.env.RUNNER_TEMP || tmpdir();
  mkdirSync4(base, { recursive: true });
  return mkdtempSync(join5(base, "bench-gate-"));
}
function sideFile(path, input) {
  if (!existsSync3(path)) throw new UserError(`${input} ${path} does not exist`);
  return { path };
}
function keepSide(side, to) {
  if ("path" in side) copyFileSync2(side.path, to);
  else writeFileSync2(to, side.text);
}
function* textChunks(path) {
  const fd = openSync(path, "r");
  try {
    const buffer = Buffer.allocUnsafe(1 << 14);
    const decoder = new StringDecoder("utf8");
    for (; ; ) {
      const n = readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) break;
      yield decoder.write(buffer.subarray(0, n));
    }
    const rest = decoder.end();
    if (rest) yield rest;
  } finally {
    closeSync(fd);
  }
}
async function measure(cfg, io) {
  if (cfg.mode === "files") {
    return {
      base: sideFile(cfg.baseFile, "base-file"),
      head: sideFile(cfg.headFile, "head-file"),
      subject: "Compared two result files",
      notes: [`base: ${cfg.baseFile}`, `head: ${cfg.headFile}`],
      warnings: []
    };
  }
  const headDir = realpathSync(cfg.workingDirectory);
  const root = await repoRoot(headDir);
  const baseRef = cfg.baseRef || (process.env.GITHUB_BASE_REF ? process.env.GITHUB_BASE_REF : "");
  if (!baseRef)
    throw new UserError(
      "Input 'base-ref': not a pull request, so set base-ref to the branch or commit to compare with"
    );
  const commits = await findMergeBase(root, baseRef);
  const work = runnerTemp();
  const worktree = join5(work, "base-src");
  let taskset;
  const warnings = [];
  if (cfg.settings.cpuList) {
    taskset = which("taskset");
    if (!taskset) warnings.push("cpu-list is set but taskset is not installed: running unpinned");
  }
  io.info(
    `base: merge base ${commits.mergeBase.slice(0, 12)} of ${baseRef}; head: ${commits.head.slice(0, 12)}`
  );
  await addWorktree(root, worktree, commits.mergeBase);
  const cleanup = () => removeWorktree(root, worktree);
  try {
    const baseDir = join5(worktree, pathInRepo(root, headDir));
    const roots = { base: worktree, head: root };
    const log = (m) => io.info(m);
    const commitsNote = `base is ${commits.mergeBase.slice(0, 12)} (merge base with ${baseRef}), head is ${commits.head.slice(0, 12)}`;
    if (cfg.mode === "go") {
      const r2 = await runGoBenchmarks({
        settings: cfg.settings,
        patterns: cfg.packages,
        headDir,
        baseDir,
        workDir: join5(work, "bin"),
        ...taskset ? { taskset } : {},
        log
      });
      return {
        base: { text: r2.base.text },
        head: { text: r2.head.text },
        subject: `Go benchmarks, ${r2.rounds} interleaved run${r2.rounds === 1 ? "" : "s"} a side`,
        notes: [commitsNote, ...r2.notes],
        warnings: [...warnings, ...r2.warnings],
        ...r2.cut ? { cut: r2.cut } : {},
        session: {
          binaries: r2.binaries,
          remainingMs: r2.remainingMs,
          roots,
          ...taskset ? { taskset } : {}
        },
        cleanup
      };
    }
    const r = await runHttpLatency({
      count: cfg.settings.count,
      ...cfg.settings.timeBudgetMs !== void 0 ? { timeBudgetMs: cfg.settings.timeBudgetMs } : {},
      ...cfg.settings.gomaxprocs !== void 0 ? { gomaxprocs: cfg.settings.gomaxprocs } : {},
      ...cfg.settings.cpuList && taskset ? { cpuList: cfg.settings.cpuList, taskset } : {},
      http: cfg.http,
      headDir,
      baseDir,
      workDir: join5(work, "bin"),
      log
    });
    return {
      base: { text: r.base.text },
      head: { text: r.head.text },
      subject: `HTTP latency of ${cfg.http.pkg} ${cfg.http.path}, ${r.rounds} interleaved round${r.rounds === 1 ? "" : "s"} a side`,
      notes: [commitsNote, ...r.notes],
      warnings: [...warnings, ...r.warnings],
      ...r.cut ? { cut: r.cut } : {},
      session: {
        binaries: /* @__PURE__ */ new Map([["", { base: r.servers.base, head: r.servers.head }]]),
        remainingMs: r.remainingMs,
        roots,
        ...taskset ? { taskset } : {}
      },
      cleanup
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}

// src/bench/profile/http.ts
import { existsSync as existsSync4, mkdirSync as mkdirSync5 } from "node:fs";
import { join as join6 } from "node:path";
function profiledServerArgs(args, flag, file) {
  return [...args, `${flag}=${file}`];
}
async function profileHttp(input) {
  const started = performance.now();
  const out = { sections: [], notes: [], warnings: [], skipped: [], ms: 0 };
  const job = input.jobs[0];
  if (!job) return out;
  const log = input.log ?? (() => {
  });
  const flag = input.http.profileFlag;
  const estimateMs = 2 * (input.http.warmupMs + input.http.durationMs + 2e3);
  const left = input.remainingMs();
  if (left < estimateMs) {
    const why = `the time budget had ${formatDuration(Math.max(0, left))} left and the profiled round needed about ${formatDuration(estimateMs)}`;
    out.skipped.push({ job, why });
    out.notes.push(`profiling skipped: ${why}`);
    return out;
  }
  const dir = join6(input.dataDir, "profiles", job.id);
  mkdirSync5(dir, { recursive: true });
  const prof = {
    base: join6(dir, "base.cpu.prof"),
    head: join6(dir, "head.cpu.prof")
  };
  const kept = { base: "", head: "" };
  const requests = { base: 0, head: 0 };
  for (const side of ["base", "head"]) {
    const bin = input.servers[side];
    if (!bin) {
      out.skipped.push({ job, why: `the ${side} server is missing` });
      return out;
    }
    const inv = invocation(
      bin.binary,
      profiledServerArgs(input.http.args, flag, prof[side]),
      input.settings,
      input.taskset
    );
    log(`profiling the ${side} server under load`);
    const server = await startServer({
      binary: inv.file,
      args: inv.args,
      cwd: bin.dir,
      path: input.http.path,
      readyTimeoutMs: input.http.readyTimeoutMs,
      env: { ...process.env, ...inv.env },
      label: `${side} (profiled)`
    });
    try {
      const r = await warmThenLoad(server.url, input.http);
      requests[side] = r.ok + r.failed + Math.floor(input.http.warmupMs / 1e3 * input.http.rate);
    } finally {
      await server.stop();
    }
    if (!existsSync4(prof[side])) {
      const why = `the ${side} server wrote no profile to the file named by ${flag}: it must stop the CPU profile when it gets SIGTERM`;
      out.skipped.push({ job, why });
      out.warnings.push(`profile of ${job.name}: ${why}`);
      return out;
    }
    kept[side] = keepBinary(input.dataDir, side, bin.binary);
  }
  const sources = await sourceRoots(input.roots);
  for (const measured of job.analyses) {
    const analysis = { ...measured, metric: "sec/req", perRequest: true };
    const r = await analyzePair({
      job,
      analysis,
      profiles: prof,
      binaries: kept,
      dataDir: input.dataDir,
      roots: sources,
      // CPU seconds per request: the profile's nanoseconds over the requests sent.
      perOp: (side, total) => requests[side] > 0 ? total * 1e-9 / requests[side] : 0,
      limit: 10
    });
    if ("warning" in r) out.warnings.push(r.warning);
    else out.sections.push(r);
  }
  out.ms = performance.now() - started;
  out.notes.push(
    `profiled round after the measured ones: each server once more with ${flag}, ${formatDuration(input.http.warmupMs)} of warm-up and ${formatDuration(input.http.durationMs)} at ${input.http.rate} req/s, in ${formatDuration(out.ms)}; figures are CPU time per request`
  );
  return out;
}

// src/bench/profile/round.ts
async function profileRound(cfg, measured, gate, dataDir, io) {
  const session = measured.session;
  if (!session || cfg.profile === "never") return {};
  const plan = planProfiles(gate, cfg.profile, cfg.settings);
  measured.notes.push(...plan.notes);
  if (plan.jobs.length === 0) return {};
  const common = {
    settings: cfg.settings,
    ...session.taskset ? { taskset: session.taskset } : {},
    remainingMs: session.remainingMs,
    dataDir,
    roots: session.roots,
    log: (m) => io.info(m)
  };
  if (cfg.mode === "http") {
    if (!cfg.http.profileFlag)
      return {
        notProfiled: "Not profiled: the server is not built to write a CPU profile. To see where the time went, give the service a flag that names a file, start `pprof.StartCPUProfile` on it and stop it when the service gets SIGTERM, then name the flag in `http-profile-flag` (e.g. `-cpuprofile`)."
      };
    const outcome2 = await profileHttp({
      ...common,
      jobs: plan.jobs.filter((j) => j.kind === "cpu"),
      servers: session.binaries.get(""),
      http: cfg.http
    });
    return { outcome: outcome2 };
  }
  const outcome = await runProfiles({ ...common, jobs: plan.jobs, binaries: session.binaries });
  return { outcome };
}

// src/bench/pipeline.ts
function keepYoungGenerationSmall() {
  setFlagsFromString("--semi-space-growth-factor=1");
}
var BENCH_GATE_OUTPUTS = {
  result: "result",
  regressions: "regressions",
  baseOutput: "base-output",
  headOutput: "head-output",
  reportFile: "report-file",
  profileDiff: "profile-diff",
  artifactId: "artifact-id"
};
var githubComments = async (token) => {
  const repo = repoFromEnv();
  return repo ? octokitComments(token, repo) : void 0;
};
function writePieces(path, pieces) {
  const fd = openSync2(path, "w");
  try {
    const buffer = Buffer.allocUnsafe(1 << 16);
    let used = 0;
    const flush = () => {
      for (let at = 0; at < used; ) at += writeSync(fd, buffer, at, used - at);
      used = 0;
    };
    for (const piece of pieces) {
      if (used + piece.length * 3 > buffer.length) {
        flush();
        if (piece.length * 3 > buffer.length) {
          const bytes = Buffer.from(piece, "utf8");
          for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at);
          continue;
        }
      }
      used += buffer.write(piece, used);
    }
    flush();
  } finally {
    closeSync2(fd);
  }
}
function filesUnder(dir) {
  const out = [];
  for (const e of readdirSync2(dir, { withFileTypes: true })) {
    const p = join7(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p));
    else if (e.isFile()) out.push(p);
  }
  return out.sort();
}
function runUrl() {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: run2 } = process.env;
  return server && repo && run2 ? `${server}/${repo}/actions/runs/${run2}` : void 0;
}
async function runBenchGate(cfg, io = coreIO, comments = githubComments, store = githubArtifactStore()) {
  const measured = await measure(cfg, io);
  let evaluated;
  let profiled;
  const outDir = runnerTemp();
  try {
    if (measured.cut) io.warning(`time-budget: ${measured.cut}`);
    const baseOut = join7(outDir, "base.txt");
    const headOut = join7(outDir, "head.txt");
    keepSide(measured.base, baseOut);
    keepSide(measured.head, headOut);
    measured.base = { path: baseOut };
    measured.head = { path: headOut };
    io.output(BENCH_GATE_OUTPUTS.baseOutput, baseOut);
    io.output(BENCH_GATE_OUTPUTS.headOutput, headOut);
    const baseName = cfg.mode === "files" ? cfg.baseFile : "base";
    const headName = cfg.mode === "files" ? cfg.headFile : "head";
    evaluated = evaluateOutputs(
      { file: baseName, chunks: textChunks(baseOut) },
      { file: headName, chunks: textChunks(headOut) },
      cfg.policy
    );
    if (evaluated.results === 0)
      throw new UserError(
        `no benchmark results in ${cfg.mode === "files" ? "base-file or head-file" : "the output of either side"}: check the bench pattern and the files`
      );
    profiled = await profileRound(cfg, measured, evaluated.gate, outDir, io);
  } finally {
    await measured.cleanup?.();
  }
  const { gate, formatWarnings } = evaluated;
  for (const w of formatWarnings.slice(0, 10))
    io.warning(`${w.file}:${w.line}: malformed benchmark line skipped: ${w.message}`);
  for (const m of gate.malformed.slice(0, 10)) io.warning(describeMalformed(m));
  gate.warnings.unshift(...measured.warnings);
  const profiles = profiled.outcome;
  if (profiles) {
    measured.notes.push(...profiles.notes);
    gate.warnings.push(...profiles.warnings);
    for (const w of profiles.warnings) io.warning(w);
  }
  if (gate.rows.length === 0)
    gate.warnings.unshift("no benchmark was measured on both sides, so nothing was compared");
  let chart = 0;
  for (const r of gate.rows) {
    const series = seriesOf(r);
    if (!series) continue;
    mkdirSync6(join7(outDir, "charts"), { recursive: true });
    const file = `${String(++chart).padStart(3, "0")}-${r.name}-${r.unit}`.replace(/[^A-Za-z0-9._-]+/g, "_").slice(0, 80);
    writeFileSync3(
      join7(outDir, "charts", `${file}.svg`),
      svgChart(series, `${r.pkg ? `${r.pkg} ` : ""}Benchmark${r.name}`)
    );
  }
  const blocks = detailBlocks({
    gate,
    sections: profiles?.sections ?? [],
    skipped: profiles?.skipped ?? [],
    ...profiled.notProfiled ? { notProfiled: profiled.notProfiled } : {},
    profilesOff: cfg.profile === "never",
    artifactName: cfg.artifactName
  });
  const profileDiff = join7(outDir, "profile-diff.md");
  writeFileSync3(
    profileDiff,
    blocks.length === 0 ? "# bench-gate: where the time went\n\nNo benchmark changed beyond its threshold, so nothing was profiled.\n" : `# bench-gate: where the time went

${blocks.map((b) => b.lines.join("\n")).join("\n")}`
  );
  io.output(BENCH_GATE_OUTPUTS.profileDiff, profileDiff);
  const reportFile = join7(outDir, "report.md");
  const reportCtx = {
    subject: measured.subject,
    failOn: cfg.failOn,
    notes: measured.notes,
    formatWarnings,
    fullReport: `the file named by the \`report-file\` output of this step (${reportFile})`,
    overview: true,
    blocks,
    data: [`**Raw data:** the artifact ${literal(cfg.artifactName)} keeps ${keptData(cfg)}.`]
  };
  writePieces(reportFile, fullReport(gate, reportCtx));
  io.output(BENCH_GATE_OUTPUTS.reportFile, reportFile);
  const outcome = { gate, markdown: "", ...profiles ? { profiles } : {} };
  reportCtx.data = await keepData(cfg, outDir, store, io, outcome);
  const markdown = renderReport(gate, reportCtx);
  outcome.markdown = markdown;
  await io.summary(markdown);
  io.info(markdown);
  io.output(BENCH_GATE_OUTPUTS.result, gate.result);
  io.output(BENCH_GATE_OUTPUTS.regressions, JSON.stringify(gate.regressions));
  if (cfg.comment && cfg.token) {
    const pr = pullRequestNumber();
    if (pr === void 0) io.info("not a pull request event: no comment posted");
    else {
      try {
        const api = await comments(cfg.token);
        if (api) {
          const marker = commentMarker(cfg.commentKey);
          outcome.comment = await upsertComment(
            api,
            pr,
            marker,
            commentBody(marker, renderReport(gate, reportCtx, COMMENT_LIMIT), runUrl())
          );
          io.info(`pull request #${pr}: comment ${outcome.comment.id} ${outcome.comment.action}`);
        }
      } catch (err) {
        io.warning(
          `could not comment on pull request #${pr}: ${err instanceof Error ? err.message : String(err)} (the job summary has the report)`
        );
      }
    }
  }
  if (gate.result === "regression") {
    for (const r of gate.regressions) io.warning(`regression: ${describeRegression(r)}`);
    if (cfg.failOn === "regression") {
      const first = gate.regressions.slice(0, 3).map(describeRegression).join("; ");
      const more = gate.regressions.length > 3 ? ` and ${gate.regressions.length - 3} more` : "";
      throw new UserError(
        `${headline(gate, cfg.failOn)}: ${first}${more}. See the job summary; if this is intended, raise the thresholds or set fail-on: none`
      );
    }
  }
  return outcome;
}
function keptData(cfg) {
  return cfg.mode === "files" ? "both sides' benchmark output, the full report and each chart as SVG" : "both sides' benchmark output, the full report, the profiles with both test binaries that read them, and each chart as SVG";
}
async function keepData(cfg, dir, store, io, outcome) {
  const what2 = keptData(cfg);
  const name = literal(cfg.artifactName);
  if (!process.env.ACTIONS_RUNTIME_TOKEN) {
    io.info(`no artifact service (ACTIONS_RUNTIME_TOKEN is not set): the data stays in ${dir}`);
    return [
      `**Raw data:** ${what2}: in ${literal(dir)} on the runner (no artifact service to upload to).`
    ];
  }
  try {
    const r = await store.upload({
      name: cfg.artifactName,
      files: filesUnder(dir),
      rootDirectory: dir,
      ...cfg.retentionDays !== void 0 ? { retentionDays: cfg.retentionDays } : {}
    });
    outcome.artifact = { name: r.name, ...r.id !== void 0 ? { id: r.id } : {} };
    if (r.id !== void 0) io.output(BENCH_GATE_OUTPUTS.artifactId, String(r.id));
    io.info(`uploaded artifact ${r.name}${r.size !== void 0 ? ` (${r.size} bytes)` : ""}`);
    const run2 = runUrl();
    const link = run2 && r.id !== void 0 ? `[${name}](${run2}/artifacts/${r.id})` : name;
    const download = process.env.GITHUB_RUN_ID ? `gh run download ${process.env.GITHUB_RUN_ID} -n ${cfg.artifactName} -D bench-gate-data` : void 0;
    return [
      `**Raw data:** the artifact ${link} keeps ${what2}.${download ? ` Download it with ${literal(download)}, then run the \`go tool pprof -http=:\` command under a profile in that folder.` : ""}`
    ];
  } catch (err) {
    io.warning(
      `uploading the artifact ${cfg.artifactName} failed: ${err instanceof Error ? err.message : String(err)} (the data stays in ${dir})`
    );
    return [`**Raw data:** ${what2}: in ${literal(dir)} on the runner (the upload failed).`];
  }
}

// src/runner/run.ts
async function runAction(name, body, io = coreIO) {
  try {
    await body(io);
  } catch (err) {
    process.exitCode = 1;
    if (err instanceof UserError) {
      io.error(err.message, {
        title: name,
        ...err.file ? { file: err.file } : {},
        ...err.line ? { line: err.line } : {}
      });
    } else {
      if (err instanceof Error && err.stack) io.debug(err.stack);
      io.error(
        `${name}: unexpected error (a bug in winship, please report it): ${errorMessage(err)}`,
        {
          title: name
        }
      );
    }
  }
}

// src/actions/bench-gate/main.ts
async function run() {
  keepYoungGenerationSmall();
  await runAction("bench-gate", async (io) => {
    await runBenchGate(readConfig(), io);
  });
}

// src/actions/bench-gate/index.ts
await run();
