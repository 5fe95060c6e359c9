import { createRequire as __winshipCreateRequire } from 'node:module';
import { fileURLToPath as __winshipFileURLToPath } from 'node:url';
import { dirname as __winshipDirname } from 'node:path';
var require = __winshipCreateRequire(import.meta.url);
var __filename = __winshipFileURLToPath(import.meta.url);
var __dirname = __winshipDirname(__filename);
import {
  InputError,
  UserError,
  errorMessage
} from "./chunk-CQUVSVTJ.js";
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
} from "./chunk-YOZEVNOJ.js";

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
  output: (name, value) => setOutput(name, value),
  exportVariable: (name, value) => exportVariable(name, value),
  addPath: (dir) => addPath(dir),
  // @actions/core has no function for it; the runner reads the command from the log.
  addMatcher: (file) => info(`::add-matcher::${file}`),
  saveState: (name, value) => saveState(name, value),
  getState: (name) => getState(name),
  summary: async (markdown) => {
    if (process.env.GITHUB_STEP_SUMMARY) await summary.addRaw(markdown).write();
  }
};

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
    const value = this.source(name);
    if (value === "") throw new InputError(name, "is required and was empty");
    return value;
  }
  /** A secret: masked in the log from the moment it is read. */
  secret(name) {
    const value = this.source(name);
    if (value !== "") {
      this.mask(value);
      for (const line of value.split(/\r?\n/)) if (line.trim().length > 3) this.mask(line.trim());
    }
    return value;
  }
  boolean(name, fallback = false) {
    const value = this.source(name);
    if (value === "") return fallback;
    if (/^(true|yes|on|1)$/i.test(value)) return true;
    if (/^(false|no|off|0)$/i.test(value)) return false;
    throw new InputError(name, `expected true or false, got '${value}'`);
  }
  integer(name, opts = {}) {
    const value = this.source(name);
    if (value === "") {
      if (opts.fallback !== void 0) return opts.fallback;
      throw new InputError(name, "is required and was empty");
    }
    if (!/^-?\d+$/.test(value))
      throw new InputError(name, `expected a whole number, got '${value}'`);
    const n = Number(value);
    if (opts.min !== void 0 && n < opts.min)
      throw new InputError(name, `must be at least ${opts.min}, got ${n}`);
    if (opts.max !== void 0 && n > opts.max)
      throw new InputError(name, `must be at most ${opts.max}, got ${n}`);
    return n;
  }
  number(name, opts = {}) {
    const value = this.source(name);
    if (value === "") {
      if (opts.fallback !== void 0) return opts.fallback;
      throw new InputError(name, "is required and was empty");
    }
    const n = Number(value);
    if (!Number.isFinite(n)) throw new InputError(name, `expected a number, got '${value}'`);
    if (opts.min !== void 0 && n < opts.min)
      throw new InputError(name, `must be at least ${opts.min}, got ${n}`);
    if (opts.max !== void 0 && n > opts.max)
      throw new InputError(name, `must be at most ${opts.max}, got ${n}`);
    return n;
  }
  oneOf(name, allowed, fallback) {
    const value = this.source(name);
    if (value === "" && fallback !== void 0) return fallback;
    if (allowed.includes(value)) return value;
    throw new InputError(name, `expected one of ${allowed.join(", ")}, got '${value}'`);
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
function splitList(value) {
  return value.split(/\r?\n/).map((line) => line.replace(/(^|\s)#.*$/, "")).flatMap((line) => line.split(",")).map((item) => item.trim()).filter((item) => item !== "");
}

// src/signing/config.ts
var SIGNING_INPUTS = {
  certificate: "windows-signing-certificate",
  password: "windows-signing-password",
  timestampUrl: "windows-signing-timestamp-url",
  description: "windows-signing-description",
  url: "windows-signing-url"
};
var SIGNING_STATE = { keyDir: "signing-key-dir" };
function httpUrl(input, text) {
  try {
    const u = new URL(text);
    if (u.protocol === "http:" || u.protocol === "https:") return text;
  } catch {
  }
  throw new InputError(input, `'${text}' is not an http(s) URL`);
}
function readSigningConfig(inputs) {
  const certificate = inputs.secret(SIGNING_INPUTS.certificate);
  const password = inputs.secret(SIGNING_INPUTS.password);
  const timestampUrl = inputs.string(SIGNING_INPUTS.timestampUrl);
  const description = inputs.string(SIGNING_INPUTS.description);
  const url = inputs.string(SIGNING_INPUTS.url);
  if (certificate === "") {
    const stray = [
      password && SIGNING_INPUTS.password,
      timestampUrl && SIGNING_INPUTS.timestampUrl,
      description && SIGNING_INPUTS.description,
      url && SIGNING_INPUTS.url
    ].filter(Boolean);
    if (stray.length > 0)
      throw new InputError(
        SIGNING_INPUTS.certificate,
        `is empty while ${stray.join(", ")} ${stray.length === 1 ? "is" : "are"} set: pass the PFX from a secret (is the secret available to this workflow, e.g. not a pull request from a fork?)`
      );
    return void 0;
  }
  if (/[\0\r\n]/.test(description))
    throw new InputError(SIGNING_INPUTS.description, "must be one line");
  return {
    certificate,
    password,
    ...timestampUrl ? { timestampUrl: httpUrl(SIGNING_INPUTS.timestampUrl, timestampUrl) } : {},
    ...description ? { description } : {},
    ...url ? { url: httpUrl(SIGNING_INPUTS.url, url) } : {}
  };
}

// src/cache/client.ts
import { existsSync } from "node:fs";
import { isAbsolute } from "node:path";
import { pathToFileURL } from "node:url";
async function loadCacheClient(env = process.env) {
  const custom = env.WINSHIP_CACHE_CLIENT;
  if (custom) {
    if (!isAbsolute(custom) || !existsSync(custom))
      throw new UserError(
        `WINSHIP_CACHE_CLIENT: '${custom}' is not an absolute path to an existing ES module`
      );
    const mod = await import(pathToFileURL(custom).href);
    if (typeof mod.restore !== "function" || typeof mod.save !== "function")
      throw new UserError(`WINSHIP_CACHE_CLIENT: ${custom} must export functions restore and save`);
    return { client: { restore: mod.restore, save: mod.save }, name: custom };
  }
  const cache = await import("./cache-P2JRO5VI.js");
  if (!cache.isFeatureAvailable())
    return {
      client: void 0,
      reason: "the GitHub Actions cache service is not available on this runner"
    };
  return {
    name: "@actions/cache",
    client: {
      restore: (paths, primaryKey, restoreKeys) => cache.restoreCache(paths, primaryKey, restoreKeys),
      save: async (paths, key) => {
        await cache.saveCache(paths, key);
      }
    }
  };
}

export {
  coreIO,
  runAction,
  runnerInputs,
  Inputs,
  SIGNING_INPUTS,
  SIGNING_STATE,
  readSigningConfig,
  loadCacheClient
};
