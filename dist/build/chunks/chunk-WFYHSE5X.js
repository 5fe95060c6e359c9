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
  getState,
  group,
  info,
  saveState,
  setOutput,
  setSecret,
  startGroup,
  summary,
  warning
} from "./chunk-V3ZIWQK6.js";

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

export {
  UserError,
  InputError,
  errorMessage,
  coreIO,
  SIGNING_INPUTS,
  SIGNING_STATE,
  readSigningConfig,
  runAction
};
