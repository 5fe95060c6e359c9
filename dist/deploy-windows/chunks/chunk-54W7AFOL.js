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
import {
  UserError,
  errorMessage
} from "./chunk-CQUVSVTJ.js";

// src/deploy/outputs.ts
var DEPLOY_OUTPUTS = {
  deployed: "deployed",
  failed: "failed",
  skipped: "skipped",
  reverted: "reverted",
  haltedAtWave: "halted-at-wave",
  /** `mode: plan`: the rings as a job matrix, and as an object by ring name. */
  matrix: "matrix",
  rings: "rings"
};
var DEPLOY_STATE = {
  /** The private folder under RUNNER_TEMP that holds the downloaded build; the post step removes it. */
  workDir: "work-dir"
};

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

export {
  quotedLines,
  coreIO,
  DEPLOY_OUTPUTS,
  DEPLOY_STATE,
  runAction
};
