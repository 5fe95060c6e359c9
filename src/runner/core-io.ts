/**
 * RunnerIO backed by @actions/core: what the actions pass to the core. Everything goes through
 * @actions/core, so @github/local-action and other stand-ins for the runner see every output.
 */
import * as core from '@actions/core';
import { quotedLines, type AnnotationProps, type RunnerIO } from './io.js';

function annotation(props: AnnotationProps = {}): core.AnnotationProperties {
  const p: core.AnnotationProperties = {};
  if (props.title) p.title = props.title;
  if (props.file) p.file = props.file;
  if (props.line) p.startLine = props.line;
  if (props.column) p.startColumn = props.column;
  return p;
}

export const coreIO: RunnerIO = {
  info: (message) => core.info(message),
  debug: (message) => core.debug(message),
  warning: (message, props) => core.warning(message, annotation(props)),
  error: (message, props) => core.error(message, annotation(props)),
  logGroup: (title, text) => {
    core.startGroup(title);
    quotedLines(text, (line) => core.info(line));
    core.endGroup();
  },
  group: (title, body) => core.group(title, body),
  mask: (secret) => core.setSecret(secret),
  output: (name, value) => core.setOutput(name, value),
  exportVariable: (name, value) => core.exportVariable(name, value),
  addPath: (dir) => core.addPath(dir),
  // @actions/core has no function for it; the runner reads the command from the log.
  addMatcher: (file) => core.info(`::add-matcher::${file}`),
  saveState: (name, value) => core.saveState(name, value),
  getState: (name) => core.getState(name),
  summary: async (markdown) => {
    if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(markdown).write();
  },
};
