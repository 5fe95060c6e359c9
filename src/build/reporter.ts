/**
 * Where a build reports to: the runner's log, annotations, outputs and job summary in the action,
 * a recorder in tests. Keeping it an interface lets the pipeline run in-process under test.
 */
import * as core from '@actions/core';
import { randomBytes } from 'node:crypto';

export interface AnnotationProps {
  file?: string;
  line?: number;
  column?: number;
  title?: string;
}

export interface Reporter {
  info(line: string): void;
  warning(message: string): void;
  error(message: string, props?: AnnotationProps): void;
  /** A collapsed log group, written in one piece so parallel targets do not interleave. */
  group(title: string, body: string): void;
  output(name: string, value: string): void;
  summary(markdown: string): Promise<void>;
}

export const coreReporter: Reporter = {
  info: (line) => core.info(line),
  warning: (message) => core.warning(message),
  error: (message, props = {}) => {
    const p: core.AnnotationProperties = {};
    if (props.title) p.title = props.title;
    if (props.file) p.file = props.file;
    if (props.line) p.startLine = props.line;
    if (props.column) p.startColumn = props.column;
    core.error(message, p);
  },
  group: (title, body) => {
    core.startGroup(title);
    if (body !== '') {
      // Compiler output quotes the user's files: a line there must not act as a workflow command.
      const token = randomBytes(16).toString('hex');
      core.info(`::stop-commands::${token}`);
      core.info(body.replace(/\n$/, ''));
      core.info(`::${token}::`);
    }
    core.endGroup();
  },
  output: (name, value) => core.setOutput(name, value),
  summary: async (markdown) => {
    await core.summary.addRaw(markdown).write();
  },
};
