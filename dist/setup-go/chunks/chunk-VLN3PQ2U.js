import { createRequire as __winshipCreateRequire } from 'node:module';
import { fileURLToPath as __winshipFileURLToPath } from 'node:url';
import { dirname as __winshipDirname } from 'node:path';
var require = __winshipCreateRequire(import.meta.url);
var __filename = __winshipFileURLToPath(import.meta.url);
var __dirname = __winshipDirname(__filename);

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

// src/runner/commands.ts
import { appendFileSync } from "node:fs";
import { EOL } from "node:os";
import { delimiter as pathListSeparator } from "node:path";
function escapeData(s) {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}
function escapeProperty(s) {
  return escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
function issueCommand(name, props, message) {
  const list = Object.entries(props).filter(([, v]) => v !== void 0 && v !== "").map(([k, v]) => `${k}=${escapeProperty(String(v))}`);
  process.stdout.write(
    `::${name}${list.length ? ` ${list.join(",")}` : ""}::${escapeData(message)}${EOL}`
  );
}
function fileCommand(kind, text) {
  const file = process.env[`GITHUB_${kind}`];
  if (!file) return false;
  appendFileSync(file, `${text}${EOL}`, "utf8");
  return true;
}
function fileCommandDelimiter() {
  const hex = (n) => Array.from({ length: n }, () => Math.floor(Math.random() * 16).toString(16)).join("");
  return `ghadelimiter_${hex(8)}-${hex(4)}-4${hex(3)}-${hex(4)}-${hex(12)}`;
}
function keyValue(key, value) {
  const delim = fileCommandDelimiter();
  if (key.includes(delim) || value.includes(delim))
    throw new Error(`unexpected input: '${key}' or its value contains the delimiter ${delim}`);
  return `${key}<<${delim}${EOL}${value}${EOL}${delim}`;
}
function info(message) {
  process.stdout.write(`${message}${EOL}`);
}
function debug(message) {
  issueCommand("debug", {}, message);
}
function annotation(level, message, p = {}) {
  issueCommand(
    level,
    {
      title: p.title,
      file: p.file,
      line: p.startLine,
      endLine: p.endLine,
      col: p.startColumn,
      endColumn: p.endColumn
    },
    message
  );
}
var error = (message, props) => annotation("error", message, props);
var warning = (message, props) => annotation("warning", message, props);
function startGroup(name) {
  issueCommand("group", {}, name);
}
function endGroup() {
  issueCommand("endgroup", {}, "");
}
function setSecret(secret) {
  issueCommand("add-mask", {}, secret);
}
function addMatcher(file) {
  issueCommand("add-matcher", {}, file);
}
function setOutput(name, value) {
  if (!fileCommand("OUTPUT", keyValue(name, value))) {
    process.stdout.write(EOL);
    issueCommand("set-output", { name }, value);
  }
}
function exportVariable(name, value) {
  process.env[name] = value;
  if (!fileCommand("ENV", keyValue(name, value))) issueCommand("set-env", { name }, value);
}
function addPath(dir) {
  if (!fileCommand("PATH", dir)) issueCommand("add-path", {}, dir);
  process.env.PATH = `${dir}${pathListSeparator}${process.env.PATH ?? ""}`;
}
function saveState(name, value) {
  if (!fileCommand("STATE", keyValue(name, value))) issueCommand("save-state", { name }, value);
}
function getState(name) {
  return process.env[`STATE_${name}`] ?? "";
}
function getInput(name) {
  return (process.env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] ?? "").trim();
}

export {
  UserError,
  InputError,
  errorMessage,
  info,
  debug,
  error,
  warning,
  startGroup,
  endGroup,
  setSecret,
  addMatcher,
  setOutput,
  exportVariable,
  addPath,
  saveState,
  getState,
  getInput
};
